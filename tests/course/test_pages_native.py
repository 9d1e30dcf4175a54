"""Every page's cells, run natively in CPython in the order a learner runs them (no browser).

Setup cells first, then every other cell in page order, in one namespace per page. What a
cell prints must match its `#| output` section (a cell that prints has one). An
exercise's starter code must FAIL its check and its solution must PASS it; the solution's
definitions stay in the namespace, as they would for a learner who solved it.
No cell prints a negative zero, and no `#| output` shows one: NumPy prints -0.0 as "-0."
(natively and in Pyodide alike), which reads as a bug, while the comparison of numbers treats
-0 and 0 as equal and would not notice a page that promises "0." where the cell shows "-0.".
The browser suite (tests/browser/test_course_pages.py) runs the same cells in Pyodide.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from mkdocs_hooks.cells import NUMBER_RE, Cell, outputs_match, page_cells  # noqa: E402

DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "assets" not in p.parts)
# Native CPython is many times faster than Pyodide, so these bounds are generous guards
# against a cell that would be far too slow in the browser (the browser suite times them).
NATIVE_LIMIT_S = 2.0
NATIVE_TRAINING_LIMIT_S = 20.0


def page_id(path: Path) -> str:
    return str(path.relative_to(DOCS))


def negative_zeros(text: str) -> list[str]:
    """The numbers in `text` that are a negative zero: "-0.", "-0.0000", "-0e+00"."""
    return [m.group() for m in NUMBER_RE.finditer(text)
            if m.group().startswith("-") and float(m.group()) == 0.0]


def test_negative_zeros_are_found():
    assert negative_zeros(" [[-0.      0.    ]\n [-0.3799  0.7163]]") == ["-0."]
    assert negative_zeros("-0.0000 -0e+00 0. -0.5 1e-0 x-1") == ["-0.0000", "-0e+00"]
    assert negative_zeros("[[ 0.   0. ]\n [-0.7  0.7]]") == []


def run_code(code: str, namespace: dict, filename: str) -> None:
    exec(compile(code, filename, "exec"), namespace)


def check_passes(cell: Cell, namespace: dict, code: str) -> tuple[bool, str]:
    """Run `code` then the cell's check, as the runtime's 채점 button does."""
    try:
        run_code(code, namespace, f"<{cell.exercise}>")
        run_code(cell.check, namespace, f"<{cell.exercise} check>")
    except AssertionError as error:
        return False, str(error)
    except Exception as error:  # noqa: BLE001 - a learner's code may raise anything
        return False, f"{type(error).__name__}: {error}"
    return True, ""


@pytest.fixture(autouse=True)
def course_environment(monkeypatch, tmp_path):
    """What the browser worker provides: Agg plots, the site's data folder, a scratch cwd."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("NLPLAB_COURSE_DATA", str(ROOT / "docs" / "assets" / "build" / "data"))
    monkeypatch.chdir(tmp_path)
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_page_cells_run_natively(page: Path):
    cells = page_cells(page.read_text(encoding="utf-8"))
    namespace: dict = {"__name__": "__main__"}
    ordered = [c for c in cells if c.setup] + [c for c in cells if not c.setup]
    for number, cell in enumerate(ordered, 1):
        label = f"{page_id(page)} cell {number} ({cell.kind}{' ' + cell.exercise if cell.exercise else ''})"
        started = time.perf_counter()
        if cell.endless:
            continue  # runs until stopped, by design; the browser suite stops it
        if cell.raises:
            with pytest.raises(Exception) as raised:
                run_code(cell.code, namespace, f"<{label}>")
            assert type(raised.value).__name__ == cell.raises, (
                f"{label} should raise {cell.raises}, raised {type(raised.value).__name__}")
            continue
        if cell.exercise:
            passed, message = check_passes(cell, dict(namespace), cell.code)
            assert not passed, f"{label}: the starter code passes its own check"
            assert message, f"{label}: the starter code fails without a message for the learner"
            passed, message = check_passes(cell, namespace, cell.solution)
            assert passed, f"{label}: the solution fails its check: {message}"
        else:
            printed = io.StringIO()
            try:
                with contextlib.redirect_stdout(printed):
                    run_code(cell.code, namespace, f"<{label}>")
            except Exception as error:
                raise AssertionError(f"{label} raised {type(error).__name__}: {error}") from error
            if cell.output is not None:
                matched, message = outputs_match(cell.output, printed.getvalue())
                assert matched, f"{label}: {message}"
                assert not negative_zeros(cell.output), (
                    f"{label}: its #| output shows a negative zero {negative_zeros(cell.output)}")
            elif printed.getvalue().strip() and not cell.setup:
                pytest.fail(f"{label} prints output but has no `#| output` section to check it "
                            f"against; it printed:\n{printed.getvalue()}")
            assert not negative_zeros(printed.getvalue()), (
                f"{label} prints a negative zero {negative_zeros(printed.getvalue())} (NumPy shows "
                f"-0.0 as '-0.'); add 0.0 to the value to make it 0.0. It printed:\n{printed.getvalue()}")
        elapsed = time.perf_counter() - started
        limit = NATIVE_TRAINING_LIMIT_S if cell.training else NATIVE_LIMIT_S
        assert elapsed < limit, f"{label} took {elapsed:.1f} s natively (limit {limit} s)"
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
