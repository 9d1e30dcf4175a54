"""Every cell of a course page in Chromium, in page order, as a learner runs them: the rules shared
by the test (test_course_pages.py) and the benchmark (bench/course_cells.py).

The steps are mkdocs_hooks/cell_runs.py's plan (the one the native tests follow); here each is
done with the page's own controls, in one tab that reaches page after page by Material's instant
navigation (Python boots once):

- setup: nothing to click: the setup cells run by themselves before the first cell, and their
  outcome is read at the end;
- an ordinary cell: 실행; it must end `done`, and what it printed on stdout (the
  `.nl-output__stdout` text, not figures, REPL values, notices or stderr) must match its
  `#| output` (cell_outputs.py), or be empty without one; a `raises="X"` cell must end `error`
  with X in its traceback;
- endless: 실행, then 정지 (within STOP_LIMIT_S, a generous guard): it must end `error`;
- an exercise's starter: 채점 must fail (feedback shown, not solved);
- its solution, put in the editor with 풀이 보기 → 풀이를 편집기에 넣기: 채점 must pass.

The limits guard against a hang on a loaded 2-core machine; the speed targets (2 s per cell, 10 s
per training demo) are the benchmark's. Times per cell: the worker's own (`data-cell-ms`) and the
wall time from the click. Cells are named as the page numbers them: "unit3/rnn.md cell 4" is the
page's "셀 4" (setup cells are "준비 N").
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from browser_support import BOOT_MS, DOCS, ROOT, RUN_MS, docs_pages, navigate, page_url

sys.path.insert(0, str(ROOT))
from mkdocs_hooks.cell_format import page_cells  # noqa: E402
from mkdocs_hooks.cell_outputs import outputs_match  # noqa: E402
from mkdocs_hooks.cell_runs import Step, plan  # noqa: E402

RUN_LIMIT_S = 60.0         # hang guards, not speed targets (a loaded 2-core machine is slow)
TRAINING_LIMIT_S = 180.0
SETUP_ALLOWANCE_S = 60.0   # the first cell of a page waits for the page's setup cells too
# A guard against a Stop that does not work, not a speed target: under load a click takes longer
# to be handled. How fast Stop is on a quiet machine (≤ 1 s) is measured by bench/stop.py.
STOP_LIMIT_S = 5.0
NETWORK_SCHEMES = ("http", "https", "ws", "wss", "ftp")

PAGES = [p for p in docs_pages() if page_cells(p.read_text(encoding="utf-8"))]


def page_id(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


# --------------------------------------------------------------------------- the tab


class Requests:
    """Every request of the context: other hosts are blocked and recorded, and so are failures."""

    def __init__(self, context, origin: str):
        self.origin = origin
        self.foreign: list[str] = []
        self.failed: list[str] = []
        context.route("**/*", self._route)
        context.on("request", lambda r: self._foreign(r.url) and self.foreign.append(r.url))
        context.on("requestfailed", lambda r: self._local(r.url) and self.failed.append(f"{r.url} ({r.failure})"))
        context.on("response", lambda r: r.status >= 400 and self._local(r.url)
                   and self.failed.append(f"{r.url} (HTTP {r.status})"))

    def _foreign(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in NETWORK_SCHEMES and f"{parts.scheme}://{parts.netloc}" != self.origin

    def _local(self, url: str) -> bool:
        return urlsplit(url).scheme in NETWORK_SCHEMES and not self._foreign(url)

    def _route(self, route):
        if self._foreign(route.request.url):
            route.abort("blockedbyclient")
        else:
            route.fallback()       # to any other route of the context, else the network

    def take(self) -> tuple[list[str], list[str]]:
        foreign, failed = self.foreign, [f for f in self.failed if "favicon" not in f]
        self.foreign, self.failed = [], []
        return foreign, failed


class CourseTab:
    """One tab for every page: its requests, script errors, console errors and dialogs."""

    def __init__(self, context, base: str):
        self.context = context
        self.base = base
        self.requests = Requests(context, base)
        self.page = context.new_page()
        self.errors: list[str] = []
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.fresh = True          # the next page is loaded, not reached by instant navigation
        self.results: dict = {}
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.console.append(m.text))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))


def open_page(course: CourseTab, path: Path, count: int) -> str:
    """Go to the page (instant navigation when possible); returns "instant" or "load"."""
    page, url = course.page, course.base + page_url(path)
    how = "load"
    if course.fresh:
        page.goto(url)
    else:
        page.evaluate("window.__courseTab = true")
        navigate(page, url)
        if page.evaluate("window.__courseTab === true"):
            how = "instant"
    page.wait_for_function(
        """n => document.querySelectorAll('.nl-cell.nl-cell--live').length === n
               && window.nlplabRuntime?.page?.cells.length === n
               && window.nlplabRuntime.page.cells.every(c => c.root.isConnected)""",
        arg=count, timeout=RUN_MS)
    page.wait_for_function("window.nlplabRuntime.state === 'ready'", timeout=BOOT_MS)
    course.fresh = False
    return how


# --------------------------------------------------------------------------- one cell


def root(page, index: int):
    return page.locator(f'.nl-cell[data-cell-index="{index}"]')


def reveal(page, index: int) -> None:
    """Open the folded block or select the tab a cell sits in, as the learner would."""
    page.evaluate("""i => {
        for (let n = document.querySelector(`.nl-cell[data-cell-index="${i}"]`); n; n = n.parentElement) {
            if (n.tagName === 'DETAILS' && !n.open) n.querySelector(':scope > summary')?.click();
            if (n.classList.contains('tabbed-block')) {
                const position = [...n.parentElement.children].indexOf(n);
                n.closest('.tabbed-set')?.querySelectorAll(':scope > .tabbed-labels > label')[position]?.click();
            }
        }
    }""", index)


def finished(page, index: int, timeout_s: float) -> str:
    """Wait until the cell is done or failed; returns the state ("timeout" if it never ends)."""
    try:
        page.wait_for_function(
            """i => ['done', 'error'].includes(
                   document.querySelector(`.nl-cell[data-cell-index="${i}"]`).dataset.cellState)""",
            arg=index, timeout=timeout_s * 1000)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError
        return "timeout"
    return root(page, index).get_attribute("data-cell-state")


def outcome(page, index: int) -> dict:
    """What the cell shows now: its state, the worker's time, its stdout, stderr and error."""
    return page.evaluate("""i => {
        const el = document.querySelector(`.nl-cell[data-cell-index="${i}"]`);
        const text = sel => [...el.querySelectorAll(sel)].map(e => e.textContent).join('');
        const feedback = el.querySelector('.nl-exercise__feedback');
        return {
            state: el.dataset.cellState,
            ms: el.dataset.cellMs === undefined ? null : Number(el.dataset.cellMs),
            stdout: text('.nl-output .nl-output__stdout'),
            stderr: text('.nl-output .nl-output__stderr'),
            error: text('.nl-output .nl-output__error'),
            notices: text('.nl-output .nl-notice'),
            figures: el.querySelectorAll('.nl-output img').length,
            result: feedback ? feedback.dataset.result ?? null : null,
            feedback: feedback ? feedback.textContent : null,
            message: feedback?.querySelector('.nl-exercise__message')?.textContent ?? '',
            solved: el.dataset.exerciseSolved ?? null,
        };
    }""", index)


def click_and_wait(page, index: int, button: str, limit_s: float) -> tuple[dict, float]:
    reveal(page, index)
    started = time.monotonic()
    root(page, index).get_by_role("button", name=button, exact=True).click()
    state = finished(page, index, limit_s)
    wall = time.monotonic() - started
    result = outcome(page, index)
    if state == "timeout":
        result["state"] = "timeout"
    return result, wall


def describe(result: dict) -> str:
    parts = [f"state {result['state']}"]
    for key in ("error", "notices", "stderr"):
        if result.get(key):
            parts.append(f"{key}:\n{result[key].strip()[-3000:]}")
    if result.get("feedback"):
        parts.append(f"feedback: {result['feedback'].strip()[-2000:]}")
    return "\n".join(parts)


def run_code_cell(page, step: Step, label: str, limit_s: float, record: dict) -> list[str]:
    cell = step.cell
    result, wall = click_and_wait(page, step.index, "실행", limit_s)
    record.update(ms=result["ms"], wall_ms=round(wall * 1000), state=result["state"],
                  figures=result["figures"])
    if result["stderr"].strip():
        record["stderr"] = result["stderr"].strip()[:2000]
    if result["state"] == "timeout":
        return [f"{label} did not finish within {limit_s:.0f} s (a hang?)"]
    if cell.raises:
        if result["state"] != "error" or cell.raises not in result["error"]:
            return [f"{label} should fail with {cell.raises}; {describe(result)}"]
        return []
    if result["state"] != "done":
        return [f"{label} ended in {describe(result)}"]
    if cell.output is not None:
        matched, message = outputs_match(cell.output, result["stdout"])
        if not matched:
            return [f"{label}: {message}"]
    elif result["stdout"].strip():
        return [f"{label} prints but has no `#| output` section; it printed:\n{result['stdout']}"]
    return []


def run_endless_cell(page, step: Step, label: str, limit_s: float, record: dict) -> list[str]:
    index = step.index
    reveal(page, index)
    root(page, index).get_by_role("button", name="실행", exact=True).click()
    page.wait_for_function(
        "i => document.querySelector(`.nl-cell[data-cell-index=\"${i}\"]`).dataset.cellState === 'running'",
        arg=index, timeout=RUN_LIMIT_S * 1000)
    page.wait_for_timeout(500)         # well inside its loop
    started = time.monotonic()
    root(page, index).get_by_role("button", name="정지", exact=True).click()
    state = finished(page, index, 10)
    stopped = time.monotonic() - started
    record.update(state=state, stop_ms=round(stopped * 1000))
    if state != "error":
        return [f"{label} (endless) did not stop after 정지: state {state}"]
    if stopped > STOP_LIMIT_S:
        return [f"{label} (endless) took {stopped:.2f} s to stop (limit {STOP_LIMIT_S} s)"]
    return []


def run_starter(page, step: Step, label: str, limit_s: float, record: dict) -> list[str]:
    """The starter code, as the learner first finds it, must fail the check with feedback."""
    name = f"{label} ({step.cell.exercise})"
    starter, wall = click_and_wait(page, step.index, "채점", limit_s)
    record.update(starter_ms=starter["ms"], starter_wall_ms=round(wall * 1000),
                  starter_result=starter["result"], starter_state=starter["state"])
    if starter["state"] == "timeout":
        return [f"{name}: 채점 of the starter code did not finish within {limit_s:.0f} s"]
    if starter["result"] not in ("fail", "error") or starter["solved"] != "false":
        return [f"{name}: the starter code passes its check ({describe(starter)})"]
    if starter["result"] == "fail" and not starter["message"].strip():
        return [f"{name}: the starter code fails without a message for the learner"]
    if starter["result"] == "error" and not starter["error"].strip():
        return [f"{name}: the starter code fails without a traceback: {describe(starter)}"]
    return []


def run_solution(page, step: Step, label: str, limit_s: float, record: dict) -> list[str]:
    """The solution, put in the editor with the page's own control, must pass."""
    if record.get("starter_state") == "timeout":
        return []
    name = f"{label} ({step.cell.exercise})"
    problems = []
    ex = root(page, step.index)
    ex.get_by_role("button", name="풀이 보기", exact=True).click()
    ex.get_by_role("button", name="풀이를 편집기에 넣기", exact=True).click()
    in_editor = page.evaluate("i => nlplabRuntime.page.cells.find(c => c.index === i).code", step.index)
    if in_editor != step.code:
        problems.append(f"{name}: 풀이를 편집기에 넣기 did not put the solution in the editor")
    solved, wall = click_and_wait(page, step.index, "채점", limit_s)
    record.update(ms=solved["ms"], wall_ms=round(wall * 1000), state=solved["state"],
                  result=solved["result"])
    if solved["state"] == "timeout":
        return problems + [f"{name}: 채점 of the solution did not finish within {limit_s:.0f} s"]
    if solved["result"] != "pass" or solved["solved"] != "true":
        problems.append(f"{name}: the solution fails its check: {describe(solved)}")
    if solved["stderr"].strip():
        record["stderr"] = solved["stderr"].strip()[:2000]
    return problems


STEP_DOERS = {"code": run_code_cell, "endless": run_endless_cell, "starter": run_starter,
              "solution": run_solution}


def run_cells(page, path: Path, cells) -> tuple[list[dict], list[str]]:
    """Every cell of the open page, by the plan; the records (setup cells first, then the others in
    page order) and the problems found."""
    name = page_id(path)
    records: dict[int, dict] = {}
    problems: list[str] = []
    steps = [s for s in plan(cells) if s.role != "setup"]
    first = steps[0].index if steps else None
    for step in steps:
        cell = step.cell
        record = records.setdefault(step.index, {
            "label": step.label, "index": step.index, "kind": cell.kind, "training": cell.training,
            **({"exercise": cell.exercise} if cell.exercise else {}), **({"endless": True} if cell.endless else {})})
        limit = (TRAINING_LIMIT_S if cell.training else RUN_LIMIT_S) + (SETUP_ALLOWANCE_S if step.index == first else 0)
        problems += STEP_DOERS[step.role](page, step, f"{name} {step.label}", limit, record)
        if record.get("state") == "timeout":
            break          # the worker is still busy: later cells would only queue behind it
    # The setup cells ran by themselves before the first cell.
    setup_records, setup_problems = [], []
    for step in plan(cells):
        if step.role == "setup":
            result = outcome(page, step.index)
            setup_records.append({"label": step.label, "index": step.index, "kind": "setup", "training": False,
                                  "ms": result["ms"], "state": result["state"]})
            if result["state"] != "done":
                setup_problems.append(f"{name} {step.label} (setup) ended in {describe(result)}")
    return setup_records + list(records.values()), setup_problems + problems


# --------------------------------------------------------------------------- figures


def stats(values: list[float]) -> dict | None:
    """count, median, p95 and max of a list of milliseconds."""
    if not values:
        return None
    values = sorted(values)
    p95 = values[min(len(values) - 1, max(0, round(0.95 * len(values)) - 1))]
    return {"count": len(values), "median_ms": statistics.median(values), "p95_ms": p95, "max_ms": values[-1]}
