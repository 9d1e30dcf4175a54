"""The contracts between the runtime's languages, each spelled out on both sides, kept in step.

- The file names cells are compiled under: the page chooses them (web/src/protocol.ts:
  cellFilename), the traceback filter shows only the learner's (web/src/py/nl_errors.py:
  CELL_PREFIX), and the native runs name cells alike (mkdocs_hooks/cell_runs.py).
- The health check's text (protocol.ts and web/src/py/nl_health.py: HEALTH_TEXT).
- The output limits: the page's names for them (protocol.ts: OutputLimits), the Python that
  enforces them (web/src/py/nl_output.py: Capture.configure).
- How nlplab.checking.check_prediction's messages begin (UNREADABLE, COMPARED), which the page's
  prediction form reads (web/src/strings.ts: T.predictUnreadable, T.predictCompared).
- A page has cells when its content holds mkdocs_hooks/cell_html.py's CELL_MARK; that is how
  overrides/main.html decides to start Python from <head> (boot.js).
"""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web" / "src"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(WEB / "py"))
from mkdocs_hooks.cell_html import CELL_MARK  # noqa: E402
from mkdocs_hooks.cell_runs import CHECK_FILENAME, names  # noqa: E402

PROTOCOL = (WEB / "protocol.ts").read_text(encoding="utf-8")


@pytest.fixture
def runtime_modules(monkeypatch):
    """The runtime's Python modules, importable natively (with a stand-in for the worker's bridge)."""
    monkeypatch.setitem(sys.modules, "_nl_bridge", types.ModuleType("_nl_bridge"))
    import nl_errors
    import nl_health
    import nl_output
    import nl_running

    return types.SimpleNamespace(errors=nl_errors, health=nl_health, output=nl_output, running=nl_running)


def ts_cell_filename(kind: str, number: int) -> str:
    """protocol.ts's cellFilename, read from its source."""
    body = re.search(r"export function cellFilename\(.*?\{\s*return (.*?);\s*\}", PROTOCOL, re.S).group(1)
    setup, cell = re.fullmatch(r'kind === "setup" \? `(.*?)` : `(.*?)`', body.strip()).groups()
    return (setup if kind == "setup" else cell).replace("${number}", str(number))


def test_cells_are_named_alike_on_the_page_and_natively_and_only_theirs_are_shown(runtime_modules):
    cells = [types.SimpleNamespace(setup=s) for s in (True, False, False, True, False)]
    assert [filename for _, filename in names(cells)] == [
        ts_cell_filename("setup", 1), ts_cell_filename("cell", 1), ts_cell_filename("cell", 2),
        ts_cell_filename("setup", 2), ts_cell_filename("cell", 3)]
    prefix = runtime_modules.errors.CELL_PREFIX
    assert ts_cell_filename("cell", 12).startswith(prefix)
    assert not ts_cell_filename("setup", 1).startswith(prefix), "setup code stays hidden"
    assert runtime_modules.running.CHECK_FILENAME == CHECK_FILENAME and not CHECK_FILENAME.startswith(prefix)


def test_the_health_text_is_the_same_on_both_sides(runtime_modules):
    ts = re.search(r'export const HEALTH_TEXT = "(.*?)";', PROTOCOL).group(1)
    assert ts == runtime_modules.health.HEALTH_TEXT
    widths = {1 if ord(c) < 0x100 else 2 if ord(c) < 0x10000 else 4 for c in ts}
    assert widths == {1, 2, 4}, "characters of every width CPython stores"
    assert runtime_modules.health.health(ts) == ""


def test_the_output_limits_have_one_set_of_names(runtime_modules):
    interface = re.search(r"export interface OutputLimits \{(.*?)\}", PROTOCOL, re.S).group(1)
    fields = set(re.findall(r"^\s*(\w+): number;", interface, re.M))
    config = (WEB / "config.ts").read_text(encoding="utf-8")
    values = dict(re.findall(r"^\s*(\w+): ([\d_]+),", config.split("OUTPUT_LIMITS")[1], re.M))
    assert set(values) == fields
    capture = runtime_modules.output.Capture()
    capture.configure({key: int(value.replace("_", "")) for key, value in values.items()})
    assert (capture.max_chars, capture.max_lines, capture.max_repr_chars) == (
        int(values["maxChars"].replace("_", "")), int(values["maxLines"].replace("_", "")),
        int(values["maxReprChars"].replace("_", "")))


def test_main_html_starts_python_exactly_on_pages_with_cells(fresh_site):
    template = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    assert f"'{CELL_MARK}' in page.content" in template
    with_cells = without = 0
    for page in fresh_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        has_cells = CELL_MARK in html
        assert ("runtime/boot.js" in html) == has_cells, page
        with_cells += has_cells
        without += not has_cells
    assert with_cells >= 10 and without >= 1


def test_the_prediction_form_reads_the_messages_check_prediction_writes():
    from nlplab import checking

    strings = (WEB / "strings.ts").read_text(encoding="utf-8")
    for name, value in (("predictUnreadable", checking.UNREADABLE), ("predictCompared", checking.COMPARED)):
        assert re.search(rf'^\s*{name}: "(.*?)",$', strings, re.M).group(1) == value, name
    with pytest.raises(checking.CheckFailed) as wrong:
        checking.check_prediction("y.shape", (2, 6), "(6, 2)")
    assert str(wrong.value).startswith(checking.COMPARED)
    with pytest.raises(checking.CheckFailed) as unreadable:
        checking.check_prediction("y.shape", (2, 6), "여섯")
    assert str(unreadable.value).startswith(checking.UNREADABLE)
