"""Every page of the course in Chromium: each runnable cell run in page order, as a learner would.

The pages come from docs/**/*.md (those with cells, found by mkdocs_hooks.cells.page_cells, the
same definition the site and tests/course/test_pages_native.py use); one test per page. The rules
mirror the native run:

- an ordinary cell is clicked (실행) and must end `done`; what it printed on stdout (the
  `.nl-output__stdout` text, not figures, REPL values, notices or stderr) must match its
  `#| output` (outputs_match), and a cell without `#| output` must print nothing;
- a `raises="X"` cell must end `error` with X in its traceback;
- an `endless` cell is started, stopped with 정지 (within STOP_LIMIT_S, a generous guard), and the
  next cell still runs;
- an exercise: 채점 on the starter code fails (feedback shown, not solved), then the solution put
  in the editor with 풀이 보기 → 풀이를 편집기에 넣기 passes 채점;
- per page: no `pageerror`, no request to another host, no failed request to the site.

Setup cells run by themselves before the first cell. Cells inside a folded `??? info` block or an
unselected tab are revealed first (the learner opens the block). All pages run in one browser
context, reached by Material's instant navigation (Python boots once for the module); after a
failed page the next one is loaded afresh.

Times: the runtime's own time per job (`data-cell-ms`, measured in the worker) and the wall time
from click to result are written to bench/results/course_cells.json (git-ignored) with the
median / p95 / max and the ten slowest; the benchmark reports them. The test only guards
against a hang (RUN_LIMIT_S / TRAINING_LIMIT_S, generous for a loaded 2-core machine); the
speed targets (2 s per cell, 20 s per training demo) live in the benchmark.

Cells are named as the page numbers them: "unit3/rnn.md cell 4" is the page's "셀 4" (setup
cells, "준비 N", are not counted).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from mkdocs_hooks.cells import Cell, outputs_match, page_cells  # noqa: E402

DOCS = ROOT / "docs"
RESULTS = ROOT / "bench" / "results" / "course_cells.json"

BOOT_MS = 180_000          # a cold Python boot on a busy machine
RUN_LIMIT_S = 60.0         # hang guards, not speed targets (a loaded 2-core machine is slow)
TRAINING_LIMIT_S = 180.0
SETUP_ALLOWANCE_S = 60.0   # the first cell of a page waits for the page's setup cells too
# A guard against a Stop that does not work, not a speed target: under load a click takes longer
# to be handled. How fast Stop is on a quiet machine (≤ 1 s) is measured by bench/stop.py.
STOP_LIMIT_S = 5.0
NETWORK_SCHEMES = ("http", "https", "ws", "wss", "ftp")


def page_id(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


def page_url(path: Path) -> str:
    """docs/unit3/rnn.md → /unit3/rnn/, docs/index.md → /, docs/unit3/index.md → /unit3/."""
    rel = page_id(path)
    if rel == "index.md":
        return "/"
    if rel.endswith("/index.md"):
        return "/" + rel[: -len("index.md")]
    return "/" + rel[: -len(".md")] + "/"


PAGES = [p for p in sorted(DOCS.rglob("*.md"))
         if "assets" not in p.parts and page_cells(p.read_text(encoding="utf-8"))]


# --------------------------------------------------------------------------- the browser side

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


@pytest.fixture(scope="module")
def course(browser, site_url):
    """One context and one tab for every page, so instant navigation keeps Python booted
    (the test server answers sitemap.xml at its own address, which Material's instant
    navigation needs; without it every page is a fresh load and the test still runs)."""
    context = browser.new_context()
    requests = Requests(context, site_url)
    page = context.new_page()
    state = SimpleNamespace(page=page, base=site_url, requests=requests, errors=[], console=[],
                            dialogs=[], fresh=True, results={})
    page.on("pageerror", lambda e: state.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and state.console.append(m.text))
    page.on("dialog", lambda d: (state.dialogs.append(d.message), d.dismiss()))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    yield state
    context.close()


def open_page(course, path: Path, count: int) -> str:
    """Go to the page (instant navigation when possible); returns "instant" or "load"."""
    page, url = course.page, course.base + page_url(path)
    how = "load"
    if course.fresh:
        page.goto(url)
    else:
        # The old page's controller: the URL changes before the content does, so wait for a new one.
        page.evaluate("window.__courseTab = true; window.__coursePreviousPage = window.nlplabRuntime?.page")
        # A click on a link, as from the navigation: Material's instant navigation takes it.
        page.evaluate("""url => {
            const a = document.createElement('a');
            a.href = url;
            document.body.append(a);
            a.click();
        }""", url)
        page.wait_for_url(url)
        if page.evaluate("window.__courseTab === true"):
            how = "instant"
    page.wait_for_function(
        """n => document.querySelectorAll('.nl-cell.nl-cell--live').length === n
               && window.nlplabRuntime?.page?.cells.length === n
               && window.nlplabRuntime.page !== window.__coursePreviousPage
               && window.nlplabRuntime.page.cells.every(c => c.root.isConnected)""",
        arg=count, timeout=60_000)
    page.wait_for_function("window.nlplabRuntime.state === 'ready'", timeout=BOOT_MS)
    course.fresh = False
    return how


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


# --------------------------------------------------------------------------- one cell


def run_code_cell(page, index: int, cell: Cell, label: str, limit_s: float, record: dict) -> list[str]:
    result, wall = click_and_wait(page, index, "실행", limit_s)
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


def run_endless_cell(page, index: int, label: str, record: dict) -> list[str]:
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


def run_exercise(page, index: int, cell: Cell, label: str, limit_s: float, record: dict) -> list[str]:
    name = f"{label} ({cell.exercise})"
    # 1. The starter code, as the learner first finds it, must fail the check with feedback.
    starter, wall = click_and_wait(page, index, "채점", limit_s)
    record.update(starter_ms=starter["ms"], starter_wall_ms=round(wall * 1000),
                  starter_result=starter["result"])
    if starter["state"] == "timeout":
        return [f"{name}: 채점 of the starter code did not finish within {limit_s:.0f} s"]
    problems = []
    if starter["result"] not in ("fail", "error") or starter["solved"] != "false":
        problems.append(f"{name}: the starter code passes its check ({describe(starter)})")
    elif starter["result"] == "fail" and not starter["message"].strip():
        problems.append(f"{name}: the starter code fails without a message for the learner")
    elif starter["result"] == "error" and not starter["error"].strip():
        problems.append(f"{name}: the starter code fails without a traceback: {describe(starter)}")
    # 2. The solution, put in the editor with the page's own control, must pass.
    ex = root(page, index)
    ex.get_by_role("button", name="풀이 보기", exact=True).click()
    ex.get_by_role("button", name="풀이를 편집기에 넣기", exact=True).click()
    in_editor = page.evaluate(
        "i => nlplabRuntime.page.cells.find(c => c.index === i).code", index)
    if in_editor != cell.solution:
        problems.append(f"{name}: 풀이를 편집기에 넣기 did not put the solution in the editor")
    solved, wall = click_and_wait(page, index, "채점", limit_s)
    record.update(ms=solved["ms"], wall_ms=round(wall * 1000), state=solved["state"],
                  result=solved["result"])
    if solved["state"] == "timeout":
        return problems + [f"{name}: 채점 of the solution did not finish within {limit_s:.0f} s"]
    if solved["result"] != "pass" or solved["solved"] != "true":
        problems.append(f"{name}: the solution fails its check: {describe(solved)}")
    if solved["stderr"].strip():
        record["stderr"] = solved["stderr"].strip()[:2000]
    return problems


# --------------------------------------------------------------------------- results file


def summary(results: dict) -> dict:
    runs = [(c["ms"], f"{page} {c['label']}", c.get("training", False))
            for page, r in results.items() for c in r["cells"] if c.get("ms") is not None]

    def stats(values):
        if not values:
            return None
        values = sorted(values)
        p95 = values[min(len(values) - 1, max(0, round(0.95 * len(values)) - 1))]
        return {"count": len(values), "median_ms": statistics.median(values), "p95_ms": p95,
                "max_ms": values[-1]}

    return {
        "all": stats([ms for ms, _, _ in runs]),
        "cells": stats([ms for ms, _, training in runs if not training]),
        "training": stats([ms for ms, _, training in runs if training]),
        "slowest": [{"cell": name, "ms": ms, "training": training}
                    for ms, name, training in sorted(runs, reverse=True)[:10]],
    }


def write_results(results: dict) -> None:
    report = {
        "what": "course cells run in Chromium by tests/browser/test_course_pages.py; ms is the "
                "worker's time per job (data-cell-ms), wall_ms click to result",
        "written": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "load_average": os.getloadavg(),
        "summary": summary(results),
        "pages": results,
    }
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=1))


# --------------------------------------------------------------------------- the test


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_every_cell_of_the_page_runs_in_chromium(course, path: Path):
    cells = page_cells(path.read_text(encoding="utf-8"))
    page, name = course.page, page_id(path)
    course.errors.clear()
    course.console.clear()
    course.requests.take()
    started = time.monotonic()
    boots_before = page.evaluate("window.nlplabRuntime?.boots ?? 0") if not course.fresh else 0
    try:
        navigation = open_page(course, path, len(cells))
        kinds = page.evaluate("[...document.querySelectorAll('.nl-cell')].map(e => e.dataset.cellKind)")
        assert kinds == [c.kind for c in cells], (
            f"{name}: the page's cells are not the Markdown's (is site/ stale? `make build`): "
            f"{kinds} != {[c.kind for c in cells]}")

        problems: list[str] = []
        records: list[dict] = []
        first = True
        visible = setups = 0
        numbers = []
        for cell in cells:
            if cell.setup:
                setups += 1
                numbers.append(f"준비 {setups}")
            else:
                visible += 1
                numbers.append(f"cell {visible}")
        for index, cell in enumerate(cells):
            if cell.setup:
                continue
            label = f"{name} {numbers[index]}"
            limit = TRAINING_LIMIT_S if cell.training else RUN_LIMIT_S
            if first:
                limit += SETUP_ALLOWANCE_S
            record = {"label": numbers[index], "kind": cell.kind, "training": cell.training}
            if cell.exercise:
                record["exercise"] = cell.exercise
            if cell.endless:
                record["endless"] = True
                found = run_endless_cell(page, index, label, record)
            elif cell.exercise:
                found = run_exercise(page, index, cell, label, limit, record)
            else:
                found = run_code_cell(page, index, cell, label, limit, record)
            first = False
            records.append(record)
            problems += found
            if record.get("state") == "timeout":
                break          # the worker is still busy: later cells would only queue behind it
        # Setup cells ran by themselves before the first cell.
        setup_records, setup_problems = [], []
        for index, cell in enumerate(cells):
            if cell.setup:
                result = outcome(page, index)
                setup_records.append({"label": numbers[index], "kind": "setup", "training": False,
                                      "ms": result["ms"], "state": result["state"]})
                if result["state"] != "done":
                    setup_problems.append(f"{name} {numbers[index]} (setup) ended in {describe(result)}")
        records, problems = setup_records + records, setup_problems + problems

        foreign, failed = course.requests.take()
        boots = page.evaluate("nlplabRuntime.boots")
        course.results[name] = {
            "url": page_url(path), "navigation": navigation, "boots": boots,
            "seconds": round(time.monotonic() - started, 1), "cells": records,
            "page_errors": list(course.errors), "console_errors": list(course.console),
        }
        write_results(course.results)
        problems += [f"{name}: page error: {e}" for e in course.errors]
        problems += [f"{name}: request to another host: {u}" for u in foreign]
        problems += [f"{name}: failed request to the site: {u}" for u in failed]
        if course.dialogs:
            problems.append(f"{name}: the page opened dialogs: {course.dialogs}")
        assert not problems, "\n\n".join(problems)
        endless = any(c.endless for c in cells)
        if navigation == "instant" and not endless:
            assert boots == boots_before, f"{name}: Python booted again on an instant navigation"
    except BaseException:
        course.fresh = True        # the next page starts from a clean load
        raise


# --------------------------------------------------------------------------- the checks can fail


def test_the_checks_catch_a_wrong_output_a_missing_error_and_a_passing_starter(browser, site_url):
    """The rules above fail where they should: the playground's cells, edited to misbehave."""
    path = DOCS / "playground.md"
    cells = page_cells(path.read_text(encoding="utf-8"))
    index = {(c.id or c.exercise): i for i, c in enumerate(cells)}
    context = browser.new_context()
    requests = Requests(context, site_url)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def edit(cell_id: str, text: str) -> None:
        root(page, index[cell_id]).locator(".cm-content").click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(text)

    def check(cell_id: str, run, text: str | None) -> list[str]:
        if text is not None:
            edit(cell_id, text)
        cell = cells[index[cell_id]]
        return run(page, index[cell_id], cell, f"playground.md {cell_id}", RUN_LIMIT_S + SETUP_ALLOWANCE_S, {})

    try:
        page.goto(site_url + page_url(path))
        page.wait_for_function("window.nlplabRuntime?.state === 'ready'", timeout=BOOT_MS)
        assert check("first", run_code_cell, None) == []
        wrong = check("second", run_code_cell, 'y = x * 2\nprint("y =", y + 1)')
        assert len(wrong) == 1 and "output differs at expected line 1" in wrong[0], wrong
        assert check("second", run_code_cell, "y = x * 2\nprint('y =', y)\nprint('more')") != []
        assert "should fail with ZeroDivisionError" in check("error", run_code_cell, "z = 1")[0]
        assert "has no `#| output`" in check("plot", run_code_cell, "print('unexpected')")[0]
        fails = check("text-only", run_code_cell, "1 / 0")
        assert "ended in state error" in fails[0] and "ZeroDivisionError" in fails[0], fails
        solution = cells[index["softmax"]].solution
        assert "the starter code passes its check" in check("softmax", run_exercise, solution)[0]
        page.evaluate("setTimeout(() => { throw new Error('boom') })")
        page.wait_for_timeout(300)
        # A request to another host: a navigation (the site's CSP refuses a fetch() before it is sent).
        page.evaluate("location.href = 'http://cdn.invalid/x.js'")
        page.wait_for_timeout(300)
    finally:
        context.close()
    foreign, _ = requests.take()
    assert foreign == ["http://cdn.invalid/x.js"], foreign
    assert any("boom" in e for e in errors), errors
