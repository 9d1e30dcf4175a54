"""Benchmark: nlplab's LSTM forward+backward in the browser against the same code in CPython.

    .venv/bin/python bench/lstm_browser.py [--rounds 3] [--repeats 5] [--shape 32,50,64,128]
                                           [--site DIR] [--json bench/results/lstm_browser.json]

Browser: headless Chromium against the built site (scripts/static_server.py), the course's own
runtime and worker: the playground page is opened, its first editable cell ("first") is edited
as a learner would (click, select all, type) and run with 실행; the code is bench/lstm_kernels.py
followed by a call of its `measure`, so it prints its timings (one JSON line) into the cell's
output. Before that the same cell imports scipy.linalg.blas once, which is timed by the
runtime (data-cell-ms: fetching and unpacking the scipy package and its OpenBLAS, then the
import; a fresh browser profile, served from this machine).

CPython: the same file run by this Python (`python bench/lstm_kernels.py CONFIG`), with numpy's
BLAS limited to one thread (OPENBLAS_NUM_THREADS=1; the browser's worker has one thread, and on
a busy 2-core machine one thread is also the steadier reference) and, for information, with
numpy's default thread pool. Rounds alternate browser, CPython 1 thread, CPython default, so the
machine's background load falls on all alike; ratios are browser / CPython (1 thread) medians.

Options (see bench/lstm_kernels.py): nlplab as is, plain (nlplab's algorithm, operands as they
come: nlplab in Pyodide before it laid them out), layout (nlplab's algorithm with the right
operand of every matmul in Fortran order), per_step (x_t Wx in the loop), per_gate (no gate
fusion), scipy (nlplab's algorithm with scipy's BLAS gemm), and the course's other sequence layers, gru
(nlplab.gru) and attention (nlplab.attention), each in float64 and float32.
Not a test: the target (browser <= 15x CPython) is reported, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
KERNELS = ROOT / "bench" / "lstm_kernels.py"
TARGET_RATIO = 15.0
OPTIONS = ["nlplab", "plain", "layout", "per_step", "per_gate", "scipy", "gru", "attention"]
DTYPES = ["float64", "float32"]
CELL_ID = "first"                       # the playground's first editable cell
RUN_TIMEOUT_MS = 900_000

sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from bench_support import start_server, write_json  # noqa: E402
from browser_support import BOOT_MS, launch_options  # noqa: E402


def cell_code(config: dict) -> str:
    """The cell's code: the kernels' source (its __main__ block dropped) and a call of measure."""
    source = KERNELS.read_text(encoding="utf-8").split('\nif __name__ == "__main__":')[0]
    return source + f"\nprint('BENCH-JSON ' + json.dumps(measure(json.loads({json.dumps(config)!r}))))\n"


def parse(stdout: str) -> dict:
    for line in stdout.splitlines():
        if line.startswith("BENCH-JSON "):
            return json.loads(line[len("BENCH-JSON "):])
    raise RuntimeError(f"no BENCH-JSON line in the output: {stdout[-2000:]!r}")


def native(config: dict, threads: int | None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "pysrc")}
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.pop(var, None)
        if threads is not None:
            env[var] = str(threads)
    done = subprocess.run([sys.executable, str(KERNELS), json.dumps(config)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"native run failed: {done.stderr[-2000:]}")
    return parse(done.stdout)


class PlaygroundCell:
    """The playground's editable cell in a fresh headless Chromium, driven as a learner would."""

    def __init__(self, playwright, base: str, cell_id: str = CELL_ID):
        self.browser = playwright.chromium.launch(**launch_options())
        self.page = self.browser.new_context().new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(base + "/playground/")
        self.page.wait_for_function("() => window.nlplabRuntime?.state === 'ready'", timeout=BOOT_MS)
        self.versions = self.page.evaluate("() => nlplabRuntime.versions")
        self.cell_id = cell_id
        self.cell = self.page.locator(f'.nl-cell[data-cell-id="{cell_id}"]')
        self.typed = True
        self.settle()

    def settle(self) -> None:
        """Let the page's background package load (matplotlib for its plot cell) finish first."""
        status = "#nl-runtime-status"
        try:
            self.page.wait_for_function(f"() => document.querySelector('{status}')?.dataset.preloading === 'true'",
                                        timeout=6_000)
        except Exception:  # noqa: BLE001 - no preload on this page: nothing to wait for
            return
        self.page.wait_for_function(f"() => document.querySelector('{status}')?.dataset.preloading === 'false'",
                                    timeout=BOOT_MS)

    def set_code(self, code: str) -> None:
        self.cell.locator(".cm-content").click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.insert_text(code)
        index = int(self.cell.get_attribute("data-cell-index"))
        typed = self.page.evaluate("i => nlplabRuntime.page.cells.find(c => c.index === i).code", index)
        if typed != code:
            # The editor changed what was typed (auto-indentation): put the text in directly.
            self.typed = False
            self.page.evaluate("([i, code]) => nlplabRuntime.page.cells.find(c => c.index === i).setCode(code)",
                               [index, code])

    def run(self, timeout_ms: int = RUN_TIMEOUT_MS) -> dict:
        before = self.page.evaluate("""id => {
            const el = document.querySelector(`.nl-cell[data-cell-id="${id}"]`);
            if (!window.__benchEnds) {
                window.__benchEnds = 0;
                new MutationObserver(() => {
                    if (['done', 'error'].includes(el.dataset.cellState)) window.__benchEnds += 1;
                }).observe(el, {attributes: true, attributeFilter: ['data-cell-state']});
            }
            return window.__benchEnds;
        }""", self.cell_id)
        self.cell.get_by_role("button", name="실행", exact=True).click()
        self.page.wait_for_function("n => window.__benchEnds > n", arg=before, timeout=timeout_ms, polling=100)
        return self.page.evaluate("""id => {
            const el = document.querySelector(`.nl-cell[data-cell-id="${id}"]`);
            const text = sel => [...el.querySelectorAll(sel)].map(e => e.textContent).join('');
            return {state: el.dataset.cellState, ms: Number(el.dataset.cellMs),
                    stdout: text('.nl-output .nl-output__stdout'), error: text('.nl-output .nl-output__error')};
        }""", self.cell_id)

    def run_done(self, what: str) -> dict:
        """run(), raising with the cell's error (naming `what`) unless the cell ended "done"."""
        out = self.run()
        if out["state"] != "done":
            raise RuntimeError(f"{what} failed in the browser: {out['error'][-2000:]}")
        return out

    def close(self) -> None:
        self.browser.close()


@contextmanager
def playground_cell(site: Path, cell_id: str = CELL_ID):
    """A PlaygroundCell (cell `cell_id`) on the playground page of `site`, served (not isolated) for the
    block only."""
    from playwright.sync_api import sync_playwright

    server, base = start_server(site, isolate=False)
    try:
        with sync_playwright() as playwright:
            cell = PlaygroundCell(playwright, base, cell_id)
            try:
                yield cell
            finally:
                cell.close()
    finally:
        server.terminate()
        server.wait()


def median(values):
    return statistics.median(values) if values else None


def summarise(config: dict, browser: list[dict], native1: list[dict], native_default: list[dict],
              scipy_load: dict | None) -> dict:
    keys = list(browser[0]["times"])
    options = {}
    for key in keys:
        b = [t for r in browser for t in r["times"][key]]
        n1 = [t for r in native1 for t in r["times"][key]]
        nd = [t for r in native_default for t in r["times"][key]]
        per_round = [median(rb["times"][key]) / median(rn["times"][key]) for rb, rn in zip(browser, native1)]
        options[key] = {
            "browser_ms": median(b) * 1e3, "native_ms": median(n1) * 1e3,
            "native_default_threads_ms": median(nd) * 1e3 if nd else None,
            "ratio": median(b) / median(n1),
            "ratio_vs_default_threads": median(b) / median(nd) if nd else None,
            "ratio_per_round": [round(r, 2) for r in per_round],
            "max_rel_error_vs_float64": max(browser[0]["errors"][key].values()),
            "rel_errors_vs_float64": browser[0]["errors"][key],
            "dtype_note": browser[0]["skipped"].get(key),
        }
    matmuls = []
    for i, row in enumerate(browser[0].get("matmuls", [])):
        nrow = native1[0]["matmuls"][i]
        matmuls.append({**{k: row[k] for k in ("name", "m", "k", "n", "dtype")},
                        "browser_numpy_ms": row["numpy_s"] * 1e3, "browser_scipy_ms": row.get("scipy_s", 0) * 1e3 or None,
                        "native_numpy_ms": nrow["numpy_s"] * 1e3})
    breakdown = {}
    for dtype in browser[0].get("breakdown", {}):
        bb = [r["breakdown"][dtype] for r in browser]
        nb = [r["breakdown"][dtype] for r in native1]
        pick = lambda rows, k: median([r[k] for r in rows]) * 1e3  # noqa: E731
        breakdown[dtype] = {"browser_matmul_ms": pick(bb, "matmul_s"), "browser_other_ms": pick(bb, "other_s"),
                            "native_matmul_ms": pick(nb, "matmul_s"), "native_other_ms": pick(nb, "other_s")}
    return {"options": options, "matmuls": matmuls, "breakdown": breakdown, "scipy_load": scipy_load,
            "nlplab_lays_out_operands": browser[0].get("nlplab_lays_out_operands")}


def explain(bd: dict, what: str) -> str:
    """A measured breakdown in words: matmuls vs the rest, browser vs CPython."""
    mm_ratio = bd["browser_matmul_ms"] / bd["native_matmul_ms"]
    other_ratio = bd["browser_other_ms"] / bd["native_other_ms"]
    share = bd["browser_matmul_ms"] / (bd["browser_matmul_ms"] + bd["browser_other_ms"])
    return (f"{what}: in the browser {share:.0%} of the time is matmuls ({bd['browser_matmul_ms']:.0f} ms, "
            f"{mm_ratio:.0f}x CPython's {bd['native_matmul_ms']:.1f} ms), the element-wise rest "
            f"{bd['browser_other_ms']:.0f} ms ({other_ratio:.1f}x CPython's {bd['native_other_ms']:.1f} ms)")


COURSE_NOTE = {"nlplab": "what the course runs", "plain": "nlplab before 2fef91e",
               "gru": "nlplab.gru, the same shapes with 3H", "attention": "nlplab.attention over T positions"}


def verdicts(summary: dict, shape: list[int]) -> list[dict]:
    """Rows for the benchmark table: one per option and dtype, with a measured reason on a miss."""
    rows = []
    opts = summary["options"]
    for key, o in opts.items():
        option, dtype = key.split("/")
        ratio = o["ratio"]
        met = ratio <= TARGET_RATIO
        why = ""
        if not met:
            why = f"{ratio / TARGET_RATIO:.1f}x the target"
            base = opts.get(f"nlplab/{dtype}")
            if option != "nlplab" and base:
                why += (f"; browser {o['browser_ms']:.0f} ms vs nlplab's {base['browser_ms']:.0f} ms, "
                        f"CPython {o['native_ms']:.1f} ms vs nlplab's {base['native_ms']:.1f} ms")
            f64 = opts.get(f"{option}/float64")
            if dtype == "float32" and f64:
                why += (f"; float32 vs float64: browser {o['browser_ms']:.0f} vs {f64['browser_ms']:.0f} ms "
                        f"({f64['browser_ms'] / o['browser_ms']:.2f}x faster), CPython {o['native_ms']:.1f} vs "
                        f"{f64['native_ms']:.1f} ms ({f64['native_ms'] / o['native_ms']:.2f}x faster)")
            if option in ("nlplab", "layout", "plain"):
                # nlplab in Pyodide lays out its operands as "layout" does (when the site's wheel has it)
                in_browser = "layout" if option == "layout" or (
                    option == "nlplab" and summary.get("nlplab_lays_out_operands")) else "plain"
                natively = "layout" if option == "layout" else "plain"
                b = summary["breakdown"].get(f"{in_browser}/{dtype}")
                n = summary["breakdown"].get(f"{natively}/{dtype}")
                if b and n:
                    bd = {"browser_matmul_ms": b["browser_matmul_ms"], "browser_other_ms": b["browser_other_ms"],
                          "native_matmul_ms": n["native_matmul_ms"], "native_other_ms": n["native_other_ms"]}
                    why += "; " + explain(bd, "Pyodide's numpy has no BLAS")
        N, T, D, H = shape
        notes = [COURSE_NOTE[option]] if option in COURSE_NOTE else []
        if dtype != "float64":
            notes.append(f"max rel err vs float64 {o['max_rel_error_vs_float64']:.0e}")
        if o.get("dtype_note"):
            notes.append(o["dtype_note"])
        rows.append({
            "section": f"LSTM fwd+bwd in the browser vs CPython (N={N} T={T} D={D} H={H})",
            "measure": f"{option} {dtype}: browser / CPython",
            "value": f"{ratio:.1f}x ({o['browser_ms']:.0f} / {o['native_ms']:.1f} ms)",
            "target": f"≤ {TARGET_RATIO:.0f}x",
            "verdict": "met" if met else f"missed by {ratio - TARGET_RATIO:.1f}x",
            "why": why, "note": "; ".join(notes),
        })
    return rows


def scipy_verdict(summary: dict) -> str:
    """Does loading scipy pay for itself in a training demo? From the measured figures."""
    load = summary.get("scipy_load")
    opts = summary["options"]
    lines = []
    for dtype in DTYPES:
        base, blas = opts.get(f"nlplab/{dtype}"), opts.get(f"scipy/{dtype}")
        if not (base and blas and load):
            continue
        saved = 1 - blas["browser_ms"] / base["browser_ms"]
        if saved <= 0:
            lines.append(f"{dtype}: scipy's BLAS is {-saved:.0%} slower than numpy's matmul here: never pays")
        else:
            lines.append(f"{dtype}: saves {saved:.0%} of each fwd+bwd; loading scipy ({load['cell_ms'] / 1000:.1f} s) "
                         f"pays back after {load['cell_ms'] / 1000 / saved:.1f} s of such training")
    return "; ".join(lines)


def measure(site: Path | None = None, rounds: int = 3, repeats: int = 5, shape=(32, 50, 64, 128),
            options=OPTIONS, dtypes=DTYPES, matmuls: bool = True, native_default: bool = True,
            log=print) -> dict:
    from page_load import SITE

    site = Path(site or SITE)
    config = {"shape": list(shape), "options": list(options), "dtypes": list(dtypes), "repeats": repeats,
              "warmup": 1, "matmuls": matmuls, "breakdown": True}
    browser_runs, native1_runs, native_default_runs = [], [], []
    started = time.time()
    with playground_cell(site) as cell:
        scipy_load = None
        if "scipy" in options:
            cell.set_code("import time\n_t = time.perf_counter()\nfrom scipy.linalg import blas\n"
                          "print('BENCH-JSON {\"import_s\": %.4f}' % (time.perf_counter() - _t))\n")
            out = cell.run_done("loading scipy")
            scipy_load = {"cell_ms": out["ms"], "import_ms": parse(out["stdout"])["import_s"] * 1e3}
            log(f"  browser: scipy load {out['ms'] / 1000:.2f} s (package fetch + unpack + import)")
        cell.set_code(cell_code(config))
        for r in range(rounds):
            out = cell.run_done("the benchmark cell")
            browser_runs.append(parse(out["stdout"]))
            native1_runs.append(native(config, threads=1))
            if native_default:
                native_default_runs.append(native(config, threads=None))
            b = browser_runs[-1]["times"]
            n = native1_runs[-1]["times"]
            first = next(iter(b))
            log(f"  round {r + 1}/{rounds}: {first} browser {median(b[first]) * 1e3:.0f} ms, "
                f"CPython {median(n[first]) * 1e3:.1f} ms ({time.time() - started:.0f} s)")
        errors = list(cell.errors)
        typed = cell.typed
        versions = cell.versions
    summary = summarise(config, browser_runs, native1_runs, native_default_runs, scipy_load)
    summary["scipy_pays"] = scipy_verdict(summary)
    return {"bench": "lstm_browser", "config": config, "site": str(site), "rounds": rounds,
            "browser_versions": versions, "browser_python": browser_runs[0]["python"],
            "native_python": native1_runs[0]["python"], "native_numpy": native1_runs[0]["numpy"],
            "typed_into_editor": typed, "page_errors": errors,
            "load_average_1min": round(os.getloadavg()[0], 2), "seconds": round(time.time() - started, 1),
            "summary": summary, "rows": verdicts(summary, list(shape)),
            "raw": {"browser": browser_runs, "native_1_thread": native1_runs,
                    "native_default_threads": native_default_runs}}


def table(report: dict) -> str:
    s = report["summary"]
    lines = [f"LSTM forward+backward, browser (Pyodide {report['browser_python']}, numpy "
             f"{report['browser_versions'].get('numpy')}) vs CPython {report['native_python']} (numpy "
             f"{report['native_numpy']}, 1 BLAS thread); {report['rounds']} interleaved rounds, medians; "
             f"load average {report['load_average_1min']}",
             f"{'option':18} {'browser':>10} {'CPython':>9} {'ratio':>7} {'per round':>18} "
             f"{'CPython dflt thr':>16} {'max rel err':>11}"]
    for key, o in s["options"].items():
        nd = o["native_default_threads_ms"]
        lines.append(f"{key:18} {o['browser_ms']:8.0f}ms {o['native_ms']:7.1f}ms {o['ratio']:6.1f}x "
                     f"{'/'.join(f'{r:.1f}' for r in o['ratio_per_round']):>18} "
                     f"{(f'{nd:.1f}ms' if nd else '—'):>16} {o['max_rel_error_vs_float64']:11.1e}")
    for key, bd in s["breakdown"].items():
        kind, dtype = key.split("/")
        what = "as nlplab lays them out" if kind == "plain" else "in the order the loop reads fastest"
        lines.append(f"where the time goes ({dtype}, operands {what}): matmuls {bd['browser_matmul_ms']:.0f} ms "
                     f"in the browser vs {bd['native_matmul_ms']:.1f} ms CPython "
                     f"({bd['browser_matmul_ms'] / bd['native_matmul_ms']:.0f}x); the rest "
                     f"{bd['browser_other_ms']:.0f} vs {bd['native_other_ms']:.1f} ms "
                     f"({bd['browser_other_ms'] / bd['native_other_ms']:.1f}x)")
    if s["matmuls"]:
        lines.append("single products (ms per call): browser numpy / browser scipy gemm / CPython numpy")
        for m in s["matmuls"]:
            sc = m["browser_scipy_ms"]
            lines.append(f"  {m['name']:15} ({m['m']}x{m['k']})@({m['k']}x{m['n']}) {m['dtype']}: "
                         f"{m['browser_numpy_ms']:8.3f} / {(f'{sc:8.3f}' if sc else '—'):>8} / {m['native_numpy_ms']:7.3f}")
    if s.get("scipy_load"):
        lines.append(f"scipy in the browser: loading it took {s['scipy_load']['cell_ms'] / 1000:.2f} s "
                     f"(of which the Python import {s['scipy_load']['import_ms'] / 1000:.2f} s); {s['scipy_pays']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--shape", default="32,50,64,128", help="N,T,D,H")
    parser.add_argument("--options", default=",".join(OPTIONS))
    parser.add_argument("--dtypes", default=",".join(DTYPES))
    parser.add_argument("--no-matmuls", action="store_true")
    parser.add_argument("--site", type=Path, default=None, help="the built site (default: site/)")
    parser.add_argument("--json", type=Path, default=RESULTS / "lstm_browser.json")
    args = parser.parse_args()
    report = measure(args.site, args.rounds, args.repeats, tuple(int(v) for v in args.shape.split(",")),
                     args.options.split(","), args.dtypes.split(","), matmuls=not args.no_matmuls)
    print(table(report))
    write_json(args.json, report)


if __name__ == "__main__":
    main()
