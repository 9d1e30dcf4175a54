"""Cell identity: every cell has an explicit id, unique on its page, and the positional ids of
older builds (`cell-N`) map to today's ids through mkdocs_hooks/legacy_cell_ids.json.

The learner's saved edits and exercise progress are keyed by these ids (web/src/storage.ts), so
a cell inserted above another must never change which work a cell shows; the browser side of
this is tests/browser/test_cell_identity.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from mkdocs_hooks import cell_ids as hook  # noqa: E402
from mkdocs_hooks.cell_format import CellFormatError, page_cells, parse_options  # noqa: E402
from mkdocs_hooks.cell_ids import check_cell_ids  # noqa: E402

DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "assets" not in p.parts)


def cells_of(text: str):
    return page_cells(text)


def test_a_cell_without_an_id_is_refused_with_its_page_and_first_line():
    text = '```pycell id="one"\nx = 1\n```\n\n```pycell\n\n# a comment\ny = x + 1\n```\n'
    with pytest.raises(CellFormatError) as caught:
        check_cell_ids(cells_of(text), "unit9/page.md")
    message = str(caught.value)
    assert "unit9/page.md" in message and "'# a comment'" in message and 'id="..."' in message


def test_two_cells_with_one_id_are_refused_exercise_names_included():
    text = ('```pycell id="same"\nx = 1\n```\n'
            '```pycell exercise="same"\ndef f():\n    ...\n#| check\nassert f()\n#| solution\ndef f():\n    return 1\n```\n')
    with pytest.raises(CellFormatError, match=r"unit9/page.md: two cells have the id 'same'"):
        check_cell_ids(cells_of(text), "unit9/page.md")


@pytest.mark.parametrize("key", ["id", "exercise"])
def test_positional_ids_of_older_builds_are_refused(key):
    with pytest.raises(CellFormatError, match="positional ids of older builds"):
        parse_options({key: "cell-3"})
    assert parse_options({key: "cell-state"})[key] == "cell-state", "only cell-<number> is reserved"


def test_a_legacy_entry_must_still_name_a_cell_of_its_page(monkeypatch):
    monkeypatch.setattr(hook, "_legacy", {"unit9/page.md": {"cell-0": "setup", "cell-1": "gone"}})
    text = '```pycell setup id="setup"\nimport numpy as np\n```\n```pycell id="kept"\nx = 1\n```\n'
    with pytest.raises(CellFormatError) as caught:
        check_cell_ids(cells_of(text), "unit9/page.md")
    assert "cell-1" in str(caught.value) and "'gone'" in str(caught.value) and "delete its entry" in str(caught.value)
    monkeypatch.setattr(hook, "_legacy", {"unit9/page.md": {"cell-0": "setup", "cell-1": "kept"}})
    check_cell_ids(cells_of(text), "unit9/page.md")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_course_page_passes_the_id_rules(page):
    check_cell_ids(page_cells(page.read_text(encoding="utf-8")), page.relative_to(DOCS).as_posix())


def test_the_legacy_table_covers_pages_that_exist_and_reserves_no_new_id():
    table = json.loads(hook.LEGACY_IDS.read_text(encoding="utf-8"))
    assert sum(len(entries) for entries in table.values()) == 182, "the table only shrinks"
    for page, entries in table.items():
        assert (DOCS / page).is_file(), page
        assert all(re.fullmatch(r"cell-\d+", old) for old in entries), page
        assert len(set(entries.values())) == len(entries), f"{page}: two old numbers map to one cell"


def test_the_build_refuses_a_page_with_a_cell_without_an_id(tmp_path):
    """The whole hook path: `mkdocs build` fails, naming the page and the cell."""
    docs = tmp_path / "docs"
    (docs / "unit9").mkdir(parents=True)
    (docs / "index.md").write_text("# 홈\n", encoding="utf-8")
    (docs / "unit9" / "page.md").write_text(
        '# 쪽\n\n```pycell id="ok"\nx = 1\n```\n\n```pycell\nprint("no id")\n```\n', encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\ndocs_dir: docs\nhooks:\n  - {ROOT / 'mkdocs_hooks' / 'cells.py'}\n"
        "markdown_extensions:\n  - pymdownx.superfences\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    assert result.returncode != 0
    assert "unit9/page.md: the pycell starting 'print(\"no id\")' has no id" in result.stderr, result.stderr[-2000:]
