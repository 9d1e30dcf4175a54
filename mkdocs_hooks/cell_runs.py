"""How a page's cells run, one rule for every runner of the course's cells.

A page runs in one namespace: its setup cells first, then every other cell in page order.

- an ordinary cell runs its code (a `raises` cell must raise that exception);
- an `endless` cell runs until it is stopped, so only a browser runs it (and stops it);
- an exercise runs twice: its starter code, then its check, in a copy of the namespace (it must
  fail, with a message for the learner); then its solution, then its check, in the namespace (it
  must pass, and its definitions stay, as for a learner who solved it).

`plan` turns a page's cells into those steps. The native tests (tests/course), the benchmark's
native run (bench/course_cells.py) and Pyodide under Node (scripts/pyodide_cells.py, which loads
this very file into Pyodide) run each step with `run_step`; the browser tests and the benchmark in
Chromium (tests/browser/course_support.py) click the page's own buttons for it. The site's
runtime runs one step the same way (web/src/py/nl_running.py): the code, then the check, in the
page's namespace.

Standard library only: it also runs inside Pyodide. A cell is anything with the attributes of
cell_format.Cell (setup, endless, exercise, code, check, solution).
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from dataclasses import dataclass, field

ROLES = ("setup", "code", "endless", "starter", "solution")
# The file names the page compiles cells under (web/src/protocol.ts: cellFilename), so that a
# traceback names a cell as the learner sees it; the check's as web/src/py/nl_running.py names it.
CHECK_FILENAME = "<채점>"


@dataclass(frozen=True)
class Step:
    index: int            # the cell's position on its page (page_cells; the page's data-cell-index)
    label: str            # as the page numbers it: "cell 3" is the page's "셀 3"; setup cells "준비 1"
    filename: str         # what the page compiles it under: "<셀 3>", "<준비 코드 1>"
    role: str             # one of ROLES
    code: str
    check: str | None = None      # an exercise's check, run after the code
    scratch: bool = False         # in a copy of the namespace (the starter, which must fail)
    cell: object = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict:
        return {"index": self.index, "label": self.label, "filename": self.filename, "role": self.role,
                "code": self.code, "check": self.check, "scratch": self.scratch}


def names(cells) -> list[tuple[str, str]]:
    """(label, file name) of each cell: setup cells and the others are numbered apart, from 1."""
    out, setups, visible = [], 0, 0
    for cell in cells:
        if cell.setup:
            setups += 1
            out.append((f"준비 {setups}", f"<준비 코드 {setups}>"))
        else:
            visible += 1
            out.append((f"cell {visible}", f"<셀 {visible}>"))
    return out


def plan(cells) -> list[Step]:
    """The steps of a page's cells, in the order they run."""
    labels = names(cells)
    order = [i for i, c in enumerate(cells) if c.setup] + [i for i, c in enumerate(cells) if not c.setup]
    steps = []
    for i in order:
        cell = cells[i]
        label, filename = labels[i]
        at = {"index": i, "label": label, "filename": filename, "cell": cell}
        if cell.setup:
            steps.append(Step(role="setup", code=cell.code, **at))
        elif cell.endless:
            steps.append(Step(role="endless", code=cell.code, **at))
        elif cell.exercise:
            steps.append(Step(role="starter", code=cell.code, check=cell.check, scratch=True, **at))
            steps.append(Step(role="solution", code=cell.solution, check=cell.check, **at))
        else:
            steps.append(Step(role="code", code=cell.code, **at))
    return steps


@dataclass
class Run:
    """What one step did."""
    step: Step
    stdout: str
    raised: Exception | None      # what the code raised
    failed: str | None            # the check's message when the check failed
    seconds: float                # wall time
    cpu_seconds: float            # this process's CPU time: what a busy machine does not inflate

    @property
    def passed(self) -> bool:
        """The code ran, and the check (if any) passed."""
        return self.raised is None and self.failed is None

    @property
    def message(self) -> str:
        """What the learner is told: the check's message, or the exception the code raised."""
        if self.raised is not None:
            if isinstance(self.raised, AssertionError):
                return str(self.raised)
            return f"{type(self.raised).__name__}: {self.raised}"
        return self.failed or ""


def run_step(step: Step, namespace: dict, draw: bool = False) -> Run:
    """Run a step's code, then its check, printing into Run.stdout; then, as at the end of a job in
    the page, close the open figures (`draw`: draw each to PNG first, as the page's runtime does)."""
    scope = dict(namespace) if step.scratch else namespace
    printed = io.StringIO()
    raised: Exception | None = None
    failed: str | None = None
    started, cpu_started = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(printed):
        try:
            exec(compile(step.code, step.filename, "exec"), scope)
        except Exception as error:  # noqa: BLE001 - a learner's code may raise anything
            raised = error
        if raised is None and step.check is not None:
            try:
                exec(compile(step.check, CHECK_FILENAME, "exec"), scope)
            except AssertionError as error:
                failed = str(error)
            except Exception as error:  # noqa: BLE001
                failed = f"{type(error).__name__}: {error}"
    end_of_cell(draw)
    return Run(step, printed.getvalue(), raised, failed, time.perf_counter() - started,
               time.process_time() - cpu_started)


def run_code(code: str, check: str | None, namespace: dict, filename: str = "<셀>") -> Run:
    """Any code (a learner's answer) as a step of its own, then the check, in `namespace`."""
    return run_step(Step(index=-1, label=filename, filename=filename, role="code", code=code, check=check), namespace)


def end_of_cell(draw: bool = False) -> None:
    """Close the figures a cell left open (after drawing each to PNG when `draw`)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return
    if draw:
        from matplotlib._pylab_helpers import Gcf

        for manager in Gcf.get_all_fig_managers():
            manager.canvas.figure.savefig(io.BytesIO(), format="png")
    pyplot.close("all")
