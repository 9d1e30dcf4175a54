"""Every page's cells, run natively in CPython in the order a learner runs them (no browser).

Setup cells first, then every other cell in page order, in one namespace per page. What a
cell prints must match its `#| output` section (a cell that prints has one). An
exercise's starter code must FAIL its check and its solution must PASS it; the solution's
definitions stay in the namespace, as they would for a learner who solved it.
The browser suite (tests/browser/test_course_pages.py) runs the same cells in Pyodide.

No cell prints a negative zero, and no `#| output` shows one: NumPy prints -0.0 as "-0."
(natively and in Pyodide alike), which reads as a bug, while the comparison of numbers treats
-0 and 0 as equal and would not notice a page that promises "0." where the cell shows "-0.".
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from pathlib import Path

import pytest
from cells_runner import PAGES, check_passes, ordered_cells, outputs_match, page_id, run_code

from mkdocs_hooks.cells import NUMBER_RE

# Native CPython is many times faster than Pyodide, so these bounds are generous guards
# against a cell that would be far too slow in the browser (the browser suite times them).
# They bound the CPU time this process spent on the cell (time.process_time; the course runs with
# one BLAS thread), not the wall time, which on a busy machine says more about the machine.
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
    for number, cell in enumerate(ordered_cells(page), 1):
        label = f"{page_id(page)} cell {number} ({cell.kind}{' ' + cell.exercise if cell.exercise else ''})"
        started = time.process_time()
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
                assert not negative_zeros(cell.output), (
                    f"{label}: its #| output shows a negative zero {negative_zeros(cell.output)}")
                matched, message = outputs_match(cell.output, printed.getvalue())
                assert matched, f"{label}: {message}"
            elif printed.getvalue().strip() and not cell.setup:
                pytest.fail(f"{label} prints output but has no `#| output` section to check it "
                            f"against; it printed:\n{printed.getvalue()}")
            assert not negative_zeros(printed.getvalue()), (
                f"{label} prints a negative zero {negative_zeros(printed.getvalue())} (NumPy shows "
                f"-0.0 as '-0.'); add 0.0 to the value to make it 0.0. It printed:\n{printed.getvalue()}")
        elapsed = time.process_time() - started
        limit = NATIVE_TRAINING_LIMIT_S if cell.training else NATIVE_LIMIT_S
        assert elapsed < limit, f"{label} took {elapsed:.1f} s of CPU time natively (limit {limit} s)"
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
