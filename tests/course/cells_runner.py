"""The course's cells run natively, as a learner runs them: helpers of the course tests.

tests/course/test_pages_native.py runs every page whole; tests/course/test_exercises.py runs
each exercise's check against wrong and alternative answers. Both find the cells with
mkdocs_hooks.cell_format (the one definition of the format) and run them by the one rule of
mkdocs_hooks.cell_runs: setup cells first, then every other cell in page order, in one namespace
per page.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from mkdocs_hooks.cell_format import Cell, page_cells  # noqa: E402
from mkdocs_hooks.cell_runs import plan, run_code, run_step  # noqa: E402

DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "assets" not in p.parts)


def page_id(path: Path) -> str:
    return str(path.relative_to(DOCS))


def cells_of(page: Path) -> list[Cell]:
    return page_cells(page.read_text(encoding="utf-8"))


def course_exercises() -> dict[str, tuple[Path, Cell]]:
    """Every exercise of the course by its id, with its page."""
    found: dict[str, tuple[Path, Cell]] = {}
    for page in PAGES:
        for cell in cells_of(page):
            if cell.exercise:
                assert cell.exercise not in found, f"exercise id {cell.exercise!r} is used twice"
                found[cell.exercise] = (page, cell)
    return found


def check_passes(cell: Cell, namespace: dict, code: str) -> tuple[bool, str]:
    """Run `code` then the cell's check, as the runtime's 채점 button does."""
    run = run_code(code, cell.check, namespace)
    return run.passed, run.message


def namespace_before(page: Path, exercise: str) -> dict:
    """The page's namespace just before `exercise` runs, for a learner who ran every cell above it.

    Exercises above it contribute their solution (and their check, as 채점 runs it), as in
    test_pages_native.py; endless cells are skipped and a cell that raises by design raises.
    What the cells print is not kept (test_pages_native.py compares it).
    """
    namespace: dict = {"__name__": "__main__"}
    for step in plan(cells_of(page)):
        if step.cell.exercise == exercise:
            return namespace
        if step.role in ("endless", "starter"):
            continue
        run = run_step(step, namespace)
        if step.cell.raises:
            assert run.raised is not None, f"{page_id(page)} {step.label} should raise {step.cell.raises}"
        elif step.role == "solution":
            assert run.passed, f"{page_id(page)}: the solution of {step.cell.exercise} fails its check: {run.message}"
        else:
            assert run.raised is None, f"{page_id(page)} {step.label} raised {run.message}"
    raise LookupError(f"{page_id(page)} has no exercise {exercise!r}")
