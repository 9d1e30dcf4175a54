"""Running the course's cells natively, as a learner runs them: shared by the course tests.

tests/course/test_pages_native.py runs every page whole; tests/course/test_exercises.py runs
each exercise's check against wrong and alternative answers. Both find the cells with
mkdocs_hooks.cells (the one definition of the format) and run them here, in one namespace
per page: setup cells first, then every other cell in page order.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from mkdocs_hooks.cells import Cell, outputs_match, page_cells  # noqa: E402,F401 - outputs_match for the tests

DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "assets" not in p.parts)


def page_id(path: Path) -> str:
    return str(path.relative_to(DOCS))


def ordered_cells(page: Path) -> list[Cell]:
    """The page's cells in the order a learner runs them: setup cells first, then the rest."""
    cells = page_cells(page.read_text(encoding="utf-8"))
    return [c for c in cells if c.setup] + [c for c in cells if not c.setup]


def course_exercises() -> dict[str, tuple[Path, Cell]]:
    """Every exercise of the course by its id, with its page."""
    found: dict[str, tuple[Path, Cell]] = {}
    for page in PAGES:
        for cell in ordered_cells(page):
            if cell.exercise:
                assert cell.exercise not in found, f"exercise id {cell.exercise!r} is used twice"
                found[cell.exercise] = (page, cell)
    return found


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


def namespace_before(page: Path, exercise: str) -> dict:
    """The page's namespace just before `exercise` runs, for a learner who ran every cell above it.

    Exercises above it contribute their solution (and their check, as 채점 runs it), as in
    test_pages_native.py; endless cells are skipped and a cell that raises by design raises.
    What the cells print is not kept (test_pages_native.py compares it).
    """
    namespace: dict = {"__name__": "__main__"}
    for cell in ordered_cells(page):
        if cell.exercise == exercise:
            return namespace
        if cell.endless:
            continue
        with contextlib.redirect_stdout(io.StringIO()):
            if cell.raises:
                with pytest.raises(Exception):
                    run_code(cell.code, namespace, f"<{page_id(page)}>")
            elif cell.exercise:
                passed, message = check_passes(cell, namespace, cell.solution)
                assert passed, f"{page_id(page)}: the solution of {cell.exercise} fails its check: {message}"
            else:
                run_code(cell.code, namespace, f"<{page_id(page)}>")
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
    raise LookupError(f"{page_id(page)} has no exercise {exercise!r}")
