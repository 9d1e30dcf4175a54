"""Every page's cells, run natively in CPython in the order a learner runs them (no browser).

Setup cells first, then every other cell in page order, in one namespace per page
(mkdocs_hooks/cell_runs.py). What a cell prints must match its `#| output` section (a cell that
prints has one). An exercise's starter code must FAIL its check and its solution must PASS it;
the solution's definitions stay in the namespace, as they would for a learner who solved it.
The browser suite (tests/browser/test_course_pages.py) runs the same cells in Pyodide.

No cell prints a negative zero, and no `#| output` shows one: NumPy prints -0.0 as "-0."
(natively and in Pyodide alike), which reads as a bug, while the comparison of numbers treats
-0 and 0 as equal and would not notice a page that promises "0." where the cell shows "-0.".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cells_runner import PAGES, cells_of, page_id, plan, run_step

from mkdocs_hooks.cell_outputs import NUMBER_RE, outputs_match

# Native CPython is many times faster than Pyodide, so these bounds are generous guards
# against a cell that would be far too slow in the browser (the browser suite times them).
# They bound the CPU time this process spent on the cell (the course runs with one BLAS thread),
# not the wall time, which on a busy machine says more about the machine.
NATIVE_LIMIT_S = 2.0
NATIVE_TRAINING_LIMIT_S = 20.0


def negative_zeros(text: str) -> list[str]:
    """The numbers in `text` that are a negative zero: "-0.", "-0.0000", "-0e+00"."""
    return [m.group() for m in NUMBER_RE.finditer(text)
            if m.group().startswith("-") and float(m.group()) == 0.0]


def test_negative_zeros_are_found():
    assert negative_zeros(" [[-0.      0.    ]\n [-0.3799  0.7163]]") == ["-0."]
    assert negative_zeros("-0.0000 -0e+00 0. -0.5 1e-0 x-1") == ["-0.0000", "-0e+00"]
    assert negative_zeros("[[ 0.   0. ]\n [-0.7  0.7]]") == []


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_page_cells_run_natively(page: Path):
    namespace: dict = {"__name__": "__main__"}
    spent: dict[int, float] = {}          # CPU seconds per cell (an exercise runs twice)
    for step in plan(cells_of(page)):
        cell = step.cell
        label = f"{page_id(page)} {step.label} ({cell.kind}{' ' + cell.exercise if cell.exercise else ''})"
        if step.role == "endless":
            continue  # runs until stopped, by design; the browser suite stops it
        run = run_step(step, namespace)
        if cell.raises:
            assert run.raised is not None, f"{label} should raise {cell.raises}, and raised nothing"
            assert type(run.raised).__name__ == cell.raises, (
                f"{label} should raise {cell.raises}, raised {type(run.raised).__name__}")
            continue
        if step.role == "starter":
            assert not run.passed, f"{label}: the starter code passes its own check"
            assert run.message, f"{label}: the starter code fails without a message for the learner"
        elif step.role == "solution":
            assert run.passed, f"{label}: the solution fails its check: {run.message}"
        else:
            if run.raised is not None:
                raise AssertionError(f"{label} raised {run.message}") from run.raised
            if cell.output is not None:
                assert not negative_zeros(cell.output), (
                    f"{label}: its #| output shows a negative zero {negative_zeros(cell.output)}")
                matched, message = outputs_match(cell.output, run.stdout)
                assert matched, f"{label}: {message}"
            elif run.stdout.strip() and not cell.setup:
                pytest.fail(f"{label} prints output but has no `#| output` section to check it "
                            f"against; it printed:\n{run.stdout}")
            assert not negative_zeros(run.stdout), (
                f"{label} prints a negative zero {negative_zeros(run.stdout)} (NumPy shows "
                f"-0.0 as '-0.'); add 0.0 to the value to make it 0.0. It printed:\n{run.stdout}")
        spent[step.index] = spent.get(step.index, 0.0) + run.cpu_seconds
        limit = NATIVE_TRAINING_LIMIT_S if cell.training else NATIVE_LIMIT_S
        assert spent[step.index] < limit, f"{label} took {spent[step.index]:.1f} s of CPU time natively (limit {limit} s)"
