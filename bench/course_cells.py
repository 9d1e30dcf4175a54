"""Benchmark: the run time of every cell on the site, in Chromium, as a learner runs them.

    .venv/bin/python bench/course_cells.py [--site DIR] [--pages unit3/rnn.md,...] [--json FILE]
    .venv/bin/python bench/course_cells.py --report bench/results/course_cells.json   # print a test's file

Every page with cells, in one headless Chromium tab under instant navigation (Python boots once),
each runnable cell clicked in page order by the rules the browser test follows
(tests/browser/course_support.py: ordinary cells 실행; exercises: 채점 on the starter, then the
solution put in the editor and 채점 again — its time is the solution's; endless cells started and
stopped, not timed). The time per cell is the runtime's own (the worker's `ms`, data-cell-ms).
Setup cells are listed as "준비 N"; the others as the page numbers them ("셀 N" = "cell N").

Budgets: 2 s per ordinary cell, 10 s per `training` demo (issue 16); every training demo gets a
row of its own with its CPython time beside it. For a cell over its budget
the report says why, from two more measurements:
- again: the cell run twice more once the page is done (same namespace; the faster of the two,
  since an endless cell's Stop may have restarted Python meanwhile): what is left without one-off
  costs (first import of a package, a cold cache, the page's background package
  load competing for the worker);
- CPython: the same page's cells run natively in this Python (one BLAS thread), by the same plan
  (mkdocs_hooks/cell_runs.py; an exercise's solution is timed), timed per cell (plots drawn to
  PNG as the browser's backend does, in the course's Korean font), so the browser / CPython ratio
  shows how much is Pyodide's slower arithmetic.
Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
DEFAULT = ROOT / "bench" / "results" / "course_cells.json"
CELL_BUDGET_MS, TRAINING_BUDGET_MS = 2_000, 10_000
SECTION = "every cell of the site in Chromium (the runtime's time per cell)"

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from bench_support import start_server, write_json  # noqa: E402
from mkdocs_hooks.cell_format import page_cells  # noqa: E402
from mkdocs_hooks.cell_runs import plan, run_step  # noqa: E402


def budget_ms(record: dict) -> int:
    return TRAINING_BUDGET_MS if record.get("training") else CELL_BUDGET_MS


# ------------------------------------------------------------------------- CPython, per cell

def native_times(pages: list[Path]) -> tuple[dict, dict]:
    """({"page cell N": ms}, {"page cell N": error}) for every cell run natively in this Python
    (a fresh process): the times of the cells that ran, the errors of those that failed."""
    # One BLAS thread, as the browser's worker has (and as `make test` runs the course natively).
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT / "pysrc"), "OPENBLAS_NUM_THREADS": "1",
           "NLPLAB_COURSE_DATA": str(ROOT / "docs" / "assets" / "build" / "data")}
    done = subprocess.run([sys.executable, __file__, "--native", *[str(p) for p in pages]],
                          capture_output=True, text=True, env=env, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"native run failed: {done.stderr[-1500:]}")
    result = json.loads(done.stdout.splitlines()[-1])
    # A cell that fails natively has no comparable time (its error is in the JSON report).
    return {k: v for k, v in result["times"].items() if k not in result["failed"]}, result["failed"]


# As the browser's backend (web/src/py/nl_mpl_backend.py): plt.show() renders every open figure
# to PNG at once, and so does the end of a cell (run_step(draw=True)), so the native time includes
# drawing the plots as the browser's does (plain Agg would draw nothing).
NATIVE_BACKEND = """
import io
from matplotlib.backend_bases import _Backend
from matplotlib.backends.backend_agg import _BackendAgg


@_Backend.export
class _BackendBench(_BackendAgg):
    @classmethod
    def show(cls, *args, **kwargs):
        from matplotlib._pylab_helpers import Gcf
        for manager in Gcf.get_all_fig_managers():
            manager.canvas.figure.savefig(io.BytesIO(), format="png")
"""


def _native_main(pages: list[Path]) -> None:
    import tempfile

    times, failed = {}, {}
    scratch = tempfile.mkdtemp(prefix="nlplab-bench-cells-")
    (Path(scratch) / "nlbench_mpl_backend.py").write_text(NATIVE_BACKEND, encoding="utf-8")
    sys.path.insert(0, scratch)
    os.environ["MPLBACKEND"] = "module://nlbench_mpl_backend"
    os.chdir(scratch)
    sys.path.insert(0, str(ROOT / "web" / "src" / "py"))
    from nl_korean_font import FILE, use_korean_font

    try:    # the course's Korean font, as the worker registers it
        use_korean_font(ROOT / "docs" / "assets" / "build" / "fonts" / FILE)
    except ImportError:
        pass
    for path in pages:
        name = path.relative_to(DOCS).as_posix()
        ns: dict = {"__name__": "__main__"}
        for step in plan(page_cells(path.read_text(encoding="utf-8"))):
            if step.role in ("endless", "starter"):
                continue
            run = run_step(step, ns, draw=True)
            # raises= cells fail by design; their time still counts
            if run.raised is not None and not step.cell.raises or run.failed is not None:
                failed[f"{name} {step.label}"] = run.message[:200]
            times[f"{name} {step.label}"] = round(run.seconds * 1000, 1)
    print(json.dumps({"times": times, "failed": failed}))


# ------------------------------------------------------------------------- the browser

def browser_times(site: Path, pages: list[Path], log=print) -> dict:
    from browser_support import adapt_playwright_to_csp, launch_options
    from course_support import RUN_LIMIT_S, TRAINING_LIMIT_S, CourseTab, click_and_wait, open_page, run_cells
    from playwright.sync_api import sync_playwright

    adapt_playwright_to_csp()
    results = {}
    server, base = start_server(site, isolate=False)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**launch_options())
            course = CourseTab(browser.new_context(), base)
            page = course.page
            for path in pages:
                name = path.relative_to(DOCS).as_posix()
                cells = page_cells(path.read_text(encoding="utf-8"))
                records, problems, started = [], [], time.monotonic()
                try:
                    open_page(course, path, len(cells))
                    records, problems = run_cells(page, path, cells)
                    # Over budget: once more, now that the page is done (what is left without one-off costs).
                    for record in records:
                        if (record.get("ms") or 0) > budget_ms(record) and record["kind"] != "setup" \
                                and not record.get("exercise") and not record.get("endless"):
                            # Twice: an endless cell's Stop may have restarted Python since (without
                            # cross-origin isolation), and the first run then pays the imports again.
                            times = []
                            for _ in range(2):
                                again, _ = click_and_wait(page, record["index"], "실행", TRAINING_LIMIT_S + RUN_LIMIT_S)
                                times.append(again["ms"])
                            record["again_ms"] = min(t for t in times if t is not None) \
                                if any(t is not None for t in times) else None
                            record["again_runs_ms"] = times
                except Exception as error:  # noqa: BLE001 - report the page, go on with the next
                    problems.append(f"{type(error).__name__}: {str(error)[:300]}")
                    course.fresh = True
                results[name] = {"seconds": round(time.monotonic() - started, 1), "cells": records,
                                 "problems": problems[:5]}
                slow = max((r.get("ms") or 0 for r in records), default=0)
                log(f"  {name}: {len(records)} cells, slowest {slow / 1000:.2f} s"
                    + (f", {len(problems)} problem(s): {problems[0][:120]}" if problems else ""))
            browser.close()
    finally:
        server.terminate()
        server.wait()
    return results


# ------------------------------------------------------------------------- the report

def reason(record: dict, native_ms: float | None) -> str:
    """Why a cell is over its budget, from what was measured."""
    ms, budget = record["ms"], budget_ms(record)
    parts = [f"{ms / 1000:.2f} s vs ≤ {budget / 1000:.0f} s, {ms / budget:.1f}x its budget"]
    again = record.get("again_ms")
    if again is not None:
        if again <= budget:
            parts.append(f"run again it takes {again / 1000:.2f} s: {(ms - again) / 1000:.2f} s of the first run "
                         f"was one-off (first imports, the page's background package load)")
        else:
            parts.append(f"run again still {again / 1000:.2f} s: its own compute")
    if native_ms:
        best = min(ms, again or ms)
        parts.append(f"CPython runs it in {native_ms / 1000:.2f} s (its first run there, imports included), "
                     f"Pyodide's best here is {best / native_ms:.1f}x that")
    return "; ".join(parts)


def summarise(results: dict, native: dict) -> dict:
    from course_support import stats

    runs = [(c["ms"], f"{page} {c['label']}", c) for page, r in results.items() for c in r["cells"]
            if c.get("ms") is not None]
    over = []
    for ms, name, c in runs:
        if ms > budget_ms(c):
            over.append({"cell": name, "ms": ms, "training": c.get("training", False),
                         "again_ms": c.get("again_ms"), "native_ms": native.get(name),
                         "budget_ms": budget_ms(c), "why": reason(c, native.get(name))})
    return {
        "all": stats([ms for ms, _, _ in runs]),
        "cells": stats([ms for ms, _, c in runs if not c.get("training")]),
        "training": stats([ms for ms, _, c in runs if c.get("training")]),
        "slowest": [{"cell": name, "ms": ms, "training": c.get("training", False), "native_ms": native.get(name)}
                    for ms, name, c in sorted(runs, key=lambda r: -r[0])[:10]],
        # in page order
        "training_demos": [{"cell": name, "ms": ms, "again_ms": c.get("again_ms"), "native_ms": native.get(name)}
                           for ms, name, c in runs if c.get("training")],
        "over_budget": sorted(over, key=lambda r: -r["ms"]),
        "problems": {page: r["problems"] for page, r in results.items() if r.get("problems")},
    }


def measure(site: Path, pages: list[Path] | None = None, log=print) -> dict:
    from course_support import PAGES

    pages = pages or list(PAGES)
    started = time.time()
    results = browser_times(site, pages, log)
    native, native_failed = native_times(pages)
    summary = summarise(results, native)
    return {"bench": "course_cells", "site": str(site), "written": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "load_average": os.getloadavg(), "seconds": round(time.time() - started, 1),
            "budgets_ms": {"cell": CELL_BUDGET_MS, "training": TRAINING_BUDGET_MS},
            "summary": summary, "native_ms": native, "native_failed": native_failed, "pages": results}


def rows(report: dict) -> list[dict]:
    s = report["summary"]
    out = []
    for key, title, budget in (("cells", "ordinary cells", CELL_BUDGET_MS),
                               ("training", "training demos", TRAINING_BUDGET_MS)):
        st = s.get(key)
        if not st:
            continue
        over = [o for o in s["over_budget"] if o["training"] == (key == "training")]
        verdict = "met" if not over else (f"missed: {len(over)} of {st['count']} over, worst by "
                                          f"{(over[0]['ms'] - budget) / 1000:.2f} s")
        slowest = {row["cell"] for row in s["slowest"]}
        listed_below = [o for o in over if o["cell"] not in slowest]
        out.append({"section": SECTION, "measure": f"{title} (n={st['count']}): median / p95 / max",
                    "value": f"{st['median_ms'] / 1000:.2f} / {st['p95_ms'] / 1000:.2f} / {st['max_ms'] / 1000:.2f} s",
                    "target": f"≤ {budget / 1000:.0f} s each", "verdict": verdict,
                    "why": ("see the slowest-ten lines"
                            + "".join(f" | {o['cell']}: {o['why']}" for o in listed_below)) if over else ""})
    why = {o["cell"]: o["why"] for o in s["over_budget"]}
    for item in s.get("training_demos", []):
        nat = item.get("native_ms")
        out.append({"section": SECTION + ": training demos", "measure": item["cell"],
                    "value": f"{item['ms'] / 1000:.2f} s", "target": f"≤ {TRAINING_BUDGET_MS / 1000:.0f} s",
                    "verdict": ("met" if item["ms"] <= TRAINING_BUDGET_MS
                                else f"missed by {(item['ms'] - TRAINING_BUDGET_MS) / 1000:.2f} s"),
                    "why": why.get(item["cell"], ""),        # names the CPython time when over budget
                    "note": "" if item["cell"] in why else (f"CPython {nat / 1000:.2f} s" if nat is not None
                                                             else "CPython —")})
    for n, item in enumerate(s["slowest"], 1):
        budget = TRAINING_BUDGET_MS if item["training"] else CELL_BUDGET_MS
        nat = item.get("native_ms")
        out.append({"section": SECTION, "measure": f"slowest {n:>2}: {item['cell']}{' (training)' if item['training'] else ''}",
                    "value": f"{item['ms'] / 1000:.2f} s", "target": f"≤ {budget / 1000:.0f} s",
                    "verdict": "met" if item["ms"] <= budget else f"missed by {(item['ms'] - budget) / 1000:.2f} s",
                    "why": why.get(item["cell"], ""),
                    "note": f"CPython {nat / 1000:.2f} s" if nat is not None and item["cell"] not in why else ""})
    if s.get("problems"):
        out.append({"section": SECTION, "measure": "pages with problems", "value": str(len(s["problems"])),
                    "target": "0", "verdict": "see JSON", "why": "; ".join(
                        f"{p}: {v[0][:120]}" for p, v in s["problems"].items())})
    return out


def table(report: dict) -> str:
    s = report["summary"]
    lines = [f"course cells in Chromium ({report['seconds']:.0f} s; load average "
             f"{', '.join(f'{x:.1f}' for x in report['load_average'])})"]
    for name in ("cells", "training", "all"):
        st = s.get(name)
        if st:
            lines.append(f"  {name:<9} n={st['count']:<4} median {st['median_ms'] / 1000:6.2f} s   "
                         f"p95 {st['p95_ms'] / 1000:6.2f} s   max {st['max_ms'] / 1000:6.2f} s")
    lines.append("  slowest ten (browser / CPython):")
    for row in s["slowest"]:
        nat = row.get("native_ms")
        lines.append(f"    {row['ms'] / 1000:6.2f} s / {(f'{nat / 1000:5.2f} s' if nat is not None else '   —   ')}  "
                     f"{row['cell']}{'  (training)' if row['training'] else ''}")
    lines.append(f"  training demos (browser / CPython; ≤ {TRAINING_BUDGET_MS / 1000:.0f} s each):")
    for row in s.get("training_demos", []):
        nat = row.get("native_ms")
        lines.append(f"    {row['ms'] / 1000:6.2f} s / {(f'{nat / 1000:5.2f} s' if nat is not None else '   —   ')}  {row['cell']}")
    lines.append(f"  over budget: {len(s['over_budget']) or 'none'}")
    for o in s["over_budget"]:
        lines.append(f"    {o['cell']}: {o['why']}")
    return "\n".join(lines)


def print_test_report(path: Path) -> None:
    """The summary of the file tests/browser/test_course_pages.py writes (its own format)."""
    report = json.loads(path.read_text(encoding="utf-8"))
    s = report["summary"]
    print(f"{path}, written {report['written']}")
    for name in ("cells", "training", "all"):
        st = s.get(name)
        if st:
            print(f"  {name:<9} n={st['count']:<4} median {st['median_ms'] / 1000:6.2f} s   "
                  f"p95 {st['p95_ms'] / 1000:6.2f} s   max {st['max_ms'] / 1000:6.2f} s")
    for row in s["slowest"]:
        print(f"    {row['ms'] / 1000:6.2f} s  {row['cell']}{'  (training)' if row['training'] else ''}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--native":
        _native_main([Path(p) for p in sys.argv[2:]])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--pages", default="", help="comma-separated docs-relative pages (default: all with cells)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "course_cells_bench.json")
    parser.add_argument("--report", type=Path, help="only print the summary of a test-written course_cells.json")
    args = parser.parse_args()
    if args.report:
        print_test_report(args.report)
        return
    pages = [DOCS / p for p in args.pages.split(",") if p] or None
    report = measure(args.site, pages)
    print(table(report))
    write_json(args.json, report)


if __name__ == "__main__":
    main()
