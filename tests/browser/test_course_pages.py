"""Every page of the course in Chromium: each runnable cell run in page order, as a learner would.

The pages come from docs/**/*.md (those with cells, found by mkdocs_hooks/cell_format.py's
page_cells, the same definition the site and tests/course/test_pages_native.py use); one test
per page. The rules are course_support.py's (the steps of mkdocs_hooks/cell_runs.py, done with the
page's controls); per page also: the page's cells are the Markdown's, no `pageerror`, no request
to another host, no failed request to the site, no dialog, and an instant navigation boots no
second Python.

All pages run in one browser context, reached by Material's instant navigation (Python boots
once for the module); after a failed page the next one is loaded afresh.

Times: the runtime's own time per job (`data-cell-ms`, measured in the worker) and the wall time
from click to result are written to bench/results/course_cells.json (git-ignored) with the
median / p95 / max and the ten slowest; the benchmark reports them (bench/course_cells.py
--report). The test only guards against a hang.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from browser_support import BOOT_MS, DOCS, ROOT, page_url
from course_support import (
    PAGES, RUN_LIMIT_S, SETUP_ALLOWANCE_S, CourseTab, Requests, open_page, page_cells, page_id, plan, root,
    run_cells, run_code_cell, run_starter, stats,
)
from playground_support import set_code

RESULTS = ROOT / "bench" / "results" / "course_cells.json"


@pytest.fixture(scope="module")
def course(browser, site_url):
    """One context and one tab for every page, so instant navigation keeps Python booted
    (the test server answers sitemap.xml at its own address, which Material's instant
    navigation needs; without it every page is a fresh load and the test still runs)."""
    context = browser.new_context()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    yield CourseTab(context, site_url)
    context.close()


# --------------------------------------------------------------------------- results file


def summary(results: dict) -> dict:
    runs = [(c["ms"], f"{page} {c['label']}", c.get("training", False))
            for page, r in results.items() for c in r["cells"] if c.get("ms") is not None]
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

        records, problems = run_cells(page, path, cells)
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
    steps = {(s.cell.key, s.role): s for s in plan(page_cells(path.read_text(encoding="utf-8")))}
    context = browser.new_context()
    requests = Requests(context, site_url)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def check(cell_id: str, run, text: str | None, role: str = "code") -> list[str]:
        if text is not None:
            set_code(page, cell_id, text)
        return run(page, steps[cell_id, role], f"playground.md {cell_id}", RUN_LIMIT_S + SETUP_ALLOWANCE_S, {})

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
        solution = steps["softmax", "solution"].code
        assert "the starter code passes its check" in check("softmax", run_starter, solution, "starter")[0]
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
