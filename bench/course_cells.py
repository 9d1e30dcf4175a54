"""Benchmark: the run time of every cell on the site, in Chromium, as a learner runs them.

    .venv/bin/python bench/course_cells.py [--site DIR] [--pages unit3/rnn.md,...] [--json FILE]
    .venv/bin/python bench/course_cells.py --report bench/results/course_cells.json   # print a test's file

Every page with cells, in one headless Chromium tab under instant navigation (Python boots once),
each runnable cell clicked in page order with the same rules and helpers as
tests/browser/test_course_pages.py (ordinary cells 실행; exercises: 채점 on the starter, then the
solution put in the editor and 채점 again — its time is the solution's; endless cells started and
stopped, not timed). The time per cell is the runtime's own (the worker's `ms`, data-cell-ms).
Setup cells are listed as "준비 N"; the others as the page numbers them ("셀 N" = "cell N").

Budgets (issue 4): 2 s per ordinary cell, 20 s per `training` demo. For a cell over its budget
the report says why, from two more measurements:
- again: the cell run twice more once the page is done (same namespace; the faster of the two,
  since an endless cell's Stop may have restarted Python meanwhile): what is left without one-off
  costs (first import of a package, a cold cache, the page's background package
  load competing for the worker);
- CPython: the same page's cells run natively in this Python (one BLAS thread), in the same
  order, timed per cell (plots drawn to PNG as the browser's backend does),
  so the browser / CPython ratio shows how much is Pyodide's slower arithmetic.
Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
DEFAULT = ROOT / "bench" / "results" / "course_cells.json"
CELL_BUDGET_MS, TRAINING_BUDGET_MS = 2_000, 20_000
SECTION = "every cell of the site in Chromium (the runtime's time per cell)"

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def course_helpers():
    """tests/browser/test_course_pages.py: the course's own rules for running a page's cells."""
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    import test_course_pages

    return test_course_pages


def numbering(cells) -> list[str]:
    labels, setups, visible = [], 0, 0
    for cell in cells:
        if cell.setup:
            setups += 1
            labels.append(f"준비 {setups}")
        else:
            visible += 1
            labels.append(f"cell {visible}")
    return labels


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
# to PNG at once, and so does the end of a cell, so the native time includes drawing the plots
# as the browser's does (plain Agg would draw nothing).
NATIVE_BACKEND = """
import io
from matplotlib.backend_bases import _Backend
from matplotlib.backends.backend_agg import _BackendAgg


def render_all():
    from matplotlib._pylab_helpers import Gcf
    for manager in Gcf.get_all_fig_managers():
        manager.canvas.figure.savefig(io.BytesIO(), format="png")


@_Backend.export
class _BackendBench(_BackendAgg):
    @classmethod
    def show(cls, *args, **kwargs):
        render_all()
"""


def _native_main(pages: list[Path]) -> None:
    import tempfile

    from mkdocs_hooks.cells import page_cells

    times, failed = {}, {}
    scratch = tempfile.mkdtemp(prefix="nlplab-bench-cells-")
    (Path(scratch) / "nlbench_mpl_backend.py").write_text(NATIVE_BACKEND, encoding="utf-8")
    sys.path.insert(0, scratch)
    os.environ["MPLBACKEND"] = "module://nlbench_mpl_backend"
    os.chdir(scratch)
    font = ROOT / "docs" / "assets" / "build" / "fonts" / "NLPLabGothic.ttf"
    try:    # the course's Korean font, as the worker registers it (tests/course/conftest.py likewise)
        import matplotlib
        from matplotlib import font_manager
        if font.is_file():
            font_manager.fontManager.addfont(str(font))
            for params in (matplotlib.rcParams, matplotlib.rcParamsDefault, matplotlib.rcParamsOrig):
                params.update({"font.family": ["NLPLab Gothic", "DejaVu Sans"], "axes.unicode_minus": False})
    except ImportError:
        pass
    for path in pages:
        cells = page_cells(path.read_text(encoding="utf-8"))
        labels = numbering(cells)
        name = path.relative_to(DOCS).as_posix()
        ns: dict = {"__name__": "__main__"}
        order = [i for i, c in enumerate(cells) if c.setup] + [i for i, c in enumerate(cells) if not c.setup]
        for i in order:
            cell = cells[i]
            if cell.endless:
                continue
            code = (cell.solution + "\n" + cell.check) if cell.exercise else cell.code
            started = time.perf_counter()
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(compile(code, f"<{name} {labels[i]}>", "exec"), ns)
            except Exception as error:  # noqa: BLE001 - raises= cells fail by design; the time still counts
                if not cell.raises:
                    failed[f"{name} {labels[i]}"] = f"{type(error).__name__}: {str(error)[:200]}"
            if "matplotlib.pyplot" in sys.modules:       # the end of a cell: draw, then close
                import nlbench_mpl_backend
                nlbench_mpl_backend.render_all()
                sys.modules["matplotlib.pyplot"].close("all")
            times[f"{name} {labels[i]}"] = round((time.perf_counter() - started) * 1000, 1)
    print(json.dumps({"times": times, "failed": failed}))


# ------------------------------------------------------------------------- the browser

def csp_safe(page):
    """Playwright evaluates a bare-expression predicate of wait_for_function with `eval` in the
    page, which the site's Content-Security-Policy forbids; as a function it goes through the
    DevTools protocol instead (tests/browser/conftest.py adapts its pages the same way)."""
    wait = page.wait_for_function

    def wait_for_function(expression, *args, **kwargs):
        text = expression.strip()
        if "=>" not in text and not text.startswith(("function", "async")):
            expression = f"() => ({text})"
        return wait(expression, *args, **kwargs)

    page.wait_for_function = wait_for_function
    return page


def browser_times(site: Path, pages: list[Path], log=print) -> dict:
    from playwright.sync_api import sync_playwright
    from page_load import CHROMIUM, CHROMIUM_ARGS, start_server

    from mkdocs_hooks.cells import page_cells

    tcp = course_helpers()
    results = {}
    server, base = start_server(site, isolate=False)
    try:
        with sync_playwright() as playwright:
            launch = {"headless": True, "args": CHROMIUM_ARGS}
            if CHROMIUM.exists():
                launch["executable_path"] = str(CHROMIUM)
            browser = playwright.chromium.launch(**launch)
            context = browser.new_context()
            requests = tcp.Requests(context, base)
            page = csp_safe(context.new_page())
            course = SimpleNamespace(page=page, base=base, requests=requests, errors=[], console=[],
                                     dialogs=[], fresh=True, results={})
            page.on("pageerror", lambda e: course.errors.append(str(e)))
            page.on("dialog", lambda d: d.dismiss())
            for path in pages:
                name = path.relative_to(DOCS).as_posix()
                cells = page_cells(path.read_text(encoding="utf-8"))
                labels = numbering(cells)
                records, problems, started = [], [], time.monotonic()
                try:
                    navigation = tcp.open_page(course, path, len(cells))
                    for index, cell in enumerate(cells):
                        if cell.setup:
                            continue
                        label = f"{name} {labels[index]}"
                        record = {"label": labels[index], "index": index, "kind": cell.kind,
                                  "training": cell.training}
                        limit = (tcp.TRAINING_LIMIT_S if cell.training else tcp.RUN_LIMIT_S) + \
                            (tcp.SETUP_ALLOWANCE_S if not records else 0)
                        if cell.endless:
                            record["endless"] = True
                            problems += tcp.run_endless_cell(page, index, label, record)
                        elif cell.exercise:
                            record["exercise"] = cell.exercise
                            problems += tcp.run_exercise(page, index, cell, label, limit, record)
                        else:
                            problems += tcp.run_code_cell(page, index, cell, label, limit, record)
                        records.append(record)
                        if record.get("state") == "timeout":
                            break
                    for index, cell in enumerate(cells):
                        if cell.setup:
                            records.insert(sum(c.setup for c in cells[:index]),
                                           {"label": labels[index], "index": index, "kind": "setup",
                                            "training": False, "ms": tcp.outcome(page, index)["ms"]})
                    # Over budget: once more, now that the page is done (what is left without one-off costs).
                    for record in records:
                        if (record.get("ms") or 0) > budget_ms(record) and record["kind"] != "setup" \
                                and not record.get("exercise") and not record.get("endless"):
                            # Twice: an endless cell's Stop may have restarted Python since (without
                            # cross-origin isolation), and the first run then pays the imports again.
                            times = []
                            for _ in range(2):
                                again, _ = tcp.click_and_wait(page, record["index"], "실행",
                                                              tcp.TRAINING_LIMIT_S + tcp.RUN_LIMIT_S)
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

def stats(values: list[float]) -> dict | None:
    if not values:
        return None
    values = sorted(values)
    p95 = values[min(len(values) - 1, max(0, round(0.95 * len(values)) - 1))]
    return {"count": len(values), "median_ms": statistics.median(values), "p95_ms": p95, "max_ms": values[-1]}


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
        "over_budget": sorted(over, key=lambda r: -r["ms"]),
        "problems": {page: r["problems"] for page, r in results.items() if r.get("problems")},
    }


def measure(site: Path, pages: list[Path] | None = None, log=print) -> dict:
    tcp = course_helpers()
    pages = pages or list(tcp.PAGES)
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
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
