"""Benchmark: the word2vec training of docs/embeddings/word2vec.md in the browser against CPython.

    .venv/bin/python bench/word2vec_browser.py [--rounds 2] [--site DIR] [--json bench/results/word2vec_browser.json]

The code is bench/word2vec_kernel.py (the page's SkipGram settings, one epoch on the Korean Wikipedia
morphemes the site serves). Browser: headless Chromium against the built site, the course's own
runtime and worker, the playground's first editable cell edited and run as lstm_browser.py does
(lstm_browser.playground_cell). CPython: the same file run by this Python with one BLAS thread (the worker has
one; NLPLAB_COURSE_DATA pointing at the site's data folder). Rounds alternate browser and CPython,
so the machine's background load falls on both alike.

Reported: corpus words per second (the tokens `fit` reads in its epoch, before subsampling, as
word2vec counts them) and the training's seconds in each, and their ratio. The target is the page's
budget for a training cell: <= 20 s in the browser. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
KERNEL = ROOT / "bench" / "word2vec_kernel.py"
TRAINING_BUDGET_S = 20.0

sys.path.insert(0, str(ROOT / "bench"))
from bench_support import write_json  # noqa: E402
from lstm_browser import parse, playground_cell  # noqa: E402


def cell_code(config: dict) -> str:
    """The cell's code: the kernel's source (its __main__ block dropped) and a call of measure."""
    source = KERNEL.read_text(encoding="utf-8").split('\nif __name__ == "__main__":')[0]
    return source + f"\nprint('BENCH-JSON ' + json.dumps(measure(json.loads({json.dumps(config)!r}))))\n"


def native(config: dict, data: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "pysrc"), "NLPLAB_COURSE_DATA": str(data)}
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    done = subprocess.run([sys.executable, str(KERNEL), json.dumps(config)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"native run failed: {done.stderr[-2000:]}")
    return parse(done.stdout)


def measure(site: Path, rounds: int = 2, log=print) -> dict:
    config = {"repeats": 1}
    browser_runs, native_runs = [], []
    started = time.time()
    with playground_cell(site) as cell:
        cell.set_code(cell_code(config))
        for r in range(rounds):
            out = cell.run_done("the word2vec cell")
            browser_runs.append(parse(out["stdout"]))
            native_runs.append(native(config, site / "assets" / "build" / "data"))
            b, n = browser_runs[-1]["runs"][0], native_runs[-1]["runs"][0]
            log(f"  round {r + 1}/{rounds}: browser {b['fit_s']:.2f} s ({b['words_per_s']:,.0f} words/s), "
                f"CPython {n['fit_s']:.2f} s ({n['words_per_s']:,.0f} words/s) ({time.time() - started:.0f} s)")
        errors = list(cell.errors)
    b = [r for run in browser_runs for r in run["runs"]]
    n = [r for run in native_runs for r in run["runs"]]
    summary = {
        "words": b[0]["words"], "pairs": b[0]["pairs"], "steps": b[0]["steps"],
        "browser_fit_s": statistics.median(r["fit_s"] for r in b),
        "native_fit_s": statistics.median(r["fit_s"] for r in n),
        "browser_words_per_s": statistics.median(r["words_per_s"] for r in b),
        "native_words_per_s": statistics.median(r["words_per_s"] for r in n),
        "browser_pairs_per_s": statistics.median(r["pairs_per_s"] for r in b),
        "native_pairs_per_s": statistics.median(r["pairs_per_s"] for r in n),
        "browser_load_s": statistics.median(run["load_s"] for run in browser_runs),
        "final_loss_browser": b[-1]["final_loss"], "final_loss_native": n[-1]["final_loss"],
    }
    summary["ratio"] = summary["browser_fit_s"] / summary["native_fit_s"]
    return {"bench": "word2vec_browser", "config": config, "site": str(site), "rounds": rounds,
            "browser_python": browser_runs[0]["python"], "native_python": native_runs[0]["python"],
            "page_errors": errors, "load_average_1min": round(os.getloadavg()[0], 2),
            "seconds": round(time.time() - started, 1), "summary": summary,
            "raw": {"browser": browser_runs, "native_1_thread": native_runs}}


def rows(report: dict) -> list[dict]:
    s = report["summary"]
    section = (f"word2vec training (SkipGram, 1 epoch: {s['words']:,} corpus words, {s['pairs']:,} pairs, "
               f"{s['steps']} steps)")
    load = f"load average {report['load_average_1min']} on {os.cpu_count()} cores"
    met = s["browser_fit_s"] <= TRAINING_BUDGET_S
    return [
        {"section": section, "measure": "browser: training time", "value": f"{s['browser_fit_s']:.2f} s",
         "target": f"≤ {TRAINING_BUDGET_S:.0f} s", "verdict": "met" if met else
         f"missed by {s['browser_fit_s'] - TRAINING_BUDGET_S:.2f} s",
         "why": "" if met else f"{load}; the page's cell also loads the corpus ({s['browser_load_s']:.2f} s here)",
         "note": f"the corpus loaded in {s['browser_load_s']:.2f} s before it"},
        {"section": section, "measure": "browser: words per second", "value": f"{s['browser_words_per_s']:,.0f}",
         "target": "", "verdict": "info", "why": "", "note": f"{s['browser_pairs_per_s']:,.0f} pairs/s"},
        {"section": section, "measure": "CPython (1 BLAS thread): words per second",
         "value": f"{s['native_words_per_s']:,.0f}", "target": "", "verdict": "info", "why": "",
         "note": f"{s['native_pairs_per_s']:,.0f} pairs/s, {s['native_fit_s']:.2f} s"},
        {"section": section, "measure": "browser / CPython (training time)", "value": f"{s['ratio']:.1f}x",
         "target": "", "verdict": "info", "why": "",
         "note": f"final loss {s['final_loss_browser']:.3f} in the browser, {s['final_loss_native']:.3f} in CPython"},
    ]


def table(report: dict) -> str:
    return "\n".join(f"{r['measure']:<44} {r['value']:>12}  {r['target']:>7}  {r['verdict']}  {r['note']}"
                     for r in rows(report))


def main() -> None:
    from page_load import SITE

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--site", type=Path, default=SITE)
    parser.add_argument("--json", type=Path, default=RESULTS / "word2vec_browser.json")
    args = parser.parse_args()
    report = measure(args.site, rounds=args.rounds)
    print(table(report))
    write_json(args.json, report)


if __name__ == "__main__":
    main()
