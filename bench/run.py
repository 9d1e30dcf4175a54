"""Every benchmark in one run: `make bench`.

    .venv/bin/python bench/run.py [--runs 3] [--rounds 3] [--site DIR] [--only page_load,lstm_browser,...]

1. page load (bench/page_load.py): cold / warm / repeat time to the first cell's result, bytes,
   on the project's static server (brotli) and on a plain host that compresses nothing; the
   repeat visit also without the interpreter's snapshot;
   python_boot (bench/python_boot.py): Pyodide's boot alone, as the course boots it, with its
   memory snapshot made and restored, and the wasm compile in a fresh profile and after;
2. lstm_browser (bench/lstm_browser.py): nlplab's LSTM forward+backward in the course's worker in
   Chromium against the same code in CPython, for each speed option (float64, float32, gate
   fusion, scipy's BLAS), and the GRU and attention layers likewise;
3. word2vec_browser (bench/word2vec_browser.py): the word2vec training of the embeddings unit (one epoch
   of SkipGram on the Korean Wikipedia morphemes) in the course's worker in Chromium against CPython,
   in corpus words per second;
4. course_cells (bench/course_cells.py): every cell of the site run in Chromium: median, p95,
   max, the slowest ten, and why a cell is over its budget;
5. lstm_vs_torch (bench/lstm_vs_torch.py): nlplab's LSTM, GRU and attention against torch natively;
6. stop (bench/stop.py): how long 정지 takes, isolated (KeyboardInterrupt) and not (a new worker);
7. flood (bench/flood.py): the page's answers to clicks while a cell prints 10^6 lines.

The site is copied once (a snapshot, precompressed as `make build` leaves it), so a rebuild of
site/ meanwhile cannot disturb the run; --site (or NLPLAB_BENCH_SITE) measures another build.
Prints one table (measure, value, target, verdict; below it, for every miss, why, from what was
measured) and writes bench/results/run.json (git-ignored). Not a test: nothing is asserted, and a
benchmark that fails is reported as failed while the others go on.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SECTIONS = ["page_load", "python_boot", "lstm_browser", "word2vec_browser", "course_cells", "lstm_vs_torch", "stop", "flood"]
sys.path.insert(0, str(ROOT / "bench"))
from bench_support import snapshot, write_json  # noqa: E402


def row(section, measure, value, target, verdict, why="", note=""):
    return {"section": section, "measure": measure, "value": value, "target": target, "verdict": verdict,
            "why": why, "note": note}


# ------------------------------------------------------------------------- 1. page load

def boot_text(boot: dict | None) -> str:
    if not boot:
        return ""
    stages = ", ".join(f"{k} {v / 1000:.2f}" for k, v in (boot.get("stages_ms") or {}).items())
    snapshot = f"; interpreter snapshot: {boot['snapshot']}" if boot.get("snapshot") else ""
    return (f"the worker started {boot.get('started_ms', 0) / 1000:.2f} s after navigation and was ready "
            f"{(boot.get('boot_ms') or 0) / 1000:.2f} s later (stages done at, s: {stages}){snapshot}")


def page_load_rows(report: dict) -> list[dict]:
    s, runs, targets = report["summary"], report["runs"], report["targets"]
    section = f"page load, {report.get('host', 'brotli')} host"
    load = s.get("load_average_1min")
    busy = f"; load average {load} on {os.cpu_count()} cores while measuring" if load is not None else ""
    largest = ", ".join(f"{i['url'].rsplit('/', 1)[-1]} {i['bytes'] / 1e6:.2f} MB" for i in runs[0].get("cold_largest", [])[:4])
    per_run = lambda key: ", ".join(f"{r[key]:.2f}" for r in runs if key in r)  # noqa: E731
    out = []
    for name, key, unit, why in [
        ("cold: navigation → first result", "cold_s", "s",
         f"runs {per_run('cold_s')} s; first run: {boot_text(runs[0].get('cold_boot'))}{busy}"),
        ("warm: instant navigation → result", "warm_s", "s",
         f"runs {per_run('warm_s')} s (the click on the link, Material's page swap, the cell's run; "
         f"{sum(1 for r in runs if r.get('warm_instant'))} of {len(runs)} were instant navigations){busy}"),
        ("repeat visit (new tab) → result", "repeat_s", "s",
         f"runs {per_run('repeat_s')} s; a new tab boots its own worker from cached files: "
         f"{boot_text(runs[0].get('repeat_boot'))}{busy}"),
        ("bytes on the wire before first result", "cold_mb", "MB", f"largest: {largest}"),
    ]:
        value, target = s.get(key), targets[key]
        if value is None:
            out.append(row(section, name, "—", f"≤ {target} {unit}", "not measured"))
            continue
        met = value <= target
        out.append(row(section, name, f"{value:.2f} {unit}", f"≤ {target} {unit}",
                       "met" if met else f"missed by {value - target:.2f} {unit} ({value / target:.1f}x)",
                       "" if met else why))
    without = s.get("repeat_no_snapshot_s")
    if without is not None and s.get("repeat_s") is not None:
        pairs = ", ".join(f"{r['repeat_s']:.2f}/{r['repeat_no_snapshot_s']:.2f}" for r in runs
                          if "repeat_s" in r and "repeat_no_snapshot_s" in r)
        out.insert(3, row(section, "  repeat visit without the interpreter's snapshot", f"{without:.2f} s",
                          "—", "info", "", f"with/without per run, s: {pairs} (alternating order){busy}"))
    return out


def plain_against_brotli_row(reports: dict) -> dict:
    """The plain host's cold result against the brotli host's (PLAIN_COLD_RATIO)."""
    import page_load

    plain, brotli = reports["plain"]["summary"]["cold_s"], reports["brotli"]["summary"]["cold_s"]
    limit = page_load.PLAIN_COLD_RATIO
    if plain is None or brotli is None:
        return row("page load, plain host", "cold: plain host / brotli host", "—", f"≤ {limit:.2f}x", "not measured")
    ratio = plain / brotli
    per_run = lambda host: ", ".join(f"{r['cold_s']:.2f}" for r in reports[host]["runs"])  # noqa: E731
    return row("page load, plain host", "cold: plain host / brotli host", f"{ratio:.2f}x", f"≤ {limit:.2f}x",
               "met" if ratio <= limit else f"missed by {ratio - limit:.2f}x",
               f"cold runs, s: plain {per_run('plain')}; brotli {per_run('brotli')} (the medians' ratio)")


def run_page_load(site: Path, runs: int) -> tuple[dict, list[dict]]:
    import page_load

    reports, rows = {}, []
    for host in page_load.HOSTS:
        reports[host] = page_load.measure(runs, site=site, copy=False, host=host)
        print(reports[host]["table"], "\n")
        rows += page_load_rows(reports[host])
    rows.append(plain_against_brotli_row(reports))
    return reports, rows


# ------------------------------------------------------------------------- 1b. Python's boot alone

def run_python_boot(site: Path) -> tuple[dict, list[dict]]:
    import python_boot

    report = python_boot.measure(site, log=lambda m: print(m, flush=True))
    print(python_boot.table(report), "\n")
    s, m = report["summary"], report["summary"]["modes"]
    section = "Python boot (bench/python_boot.py)"
    rows = [row(section, "boot as the course does (loadPyodide with numpy)", f"{m['course']['ready_ms'] / 1000:.2f} s",
                "—", "info", "", f"first in a fresh profile {m['course']['first_ready_ms'] / 1000:.2f} s"),
            row(section, "boot from the interpreter's snapshot, numpy beside", f"{m['restore']['ready_ms'] / 1000:.2f} s",
                "—", "info", "",
                f"saves {s['restore_saves_ms']} ms; snapshot {m['make']['snapshot_mb']:.1f} MB made in "
                f"{m['make']['snapshot_ms']} ms; results unchanged: {s['results_unchanged']}; reseeded random "
                f"differs: {s['restored_random_distinct']}"),
            row(section, "interpreter wasm compile (instantiateStreaming)", f"{m['course']['wasm_main_ms']} ms",
                "—", "info", "", f"first in a fresh profile {m['course']['first_wasm_main_ms']} ms; "
                f"numpy's 19 side modules {m['course']['wasm_side_ms']} ms")]
    return report, rows


# ------------------------------------------------------------------------- 2. LSTM in the browser

def run_lstm_browser(site: Path, rounds: int, repeats: int, shape: tuple[int, ...]) -> tuple[dict, list[dict]]:
    import lstm_browser

    report = lstm_browser.measure(site, rounds=rounds, repeats=repeats, shape=shape,
                                  log=lambda m: print(m, flush=True))
    print(lstm_browser.table(report), "\n")
    rows = report["rows"]
    s = report["summary"]
    if s.get("scipy_load"):
        rows.append(row(rows[0]["section"] if rows else "LSTM", "scipy: loading it in the browser",
                        f"{s['scipy_load']['cell_ms'] / 1000:.2f} s", "pays back", "info", "", s["scipy_pays"]))
    return report, rows


# ------------------------------------------------------------------------- 3. word2vec in the browser

def run_word2vec_browser(site: Path) -> tuple[dict, list[dict]]:
    import word2vec_browser

    report = word2vec_browser.measure(site, log=lambda m: print(m, flush=True))
    print(word2vec_browser.table(report), "\n")
    return report, word2vec_browser.rows(report)


# ------------------------------------------------------------------------- 4. every cell

def run_course_cells(site: Path) -> tuple[dict, list[dict]]:
    import course_cells

    report = course_cells.measure(site, log=lambda m: print(m, flush=True))
    print(course_cells.table(report), "\n")
    rows = course_cells.rows(report)
    return report, rows


# ------------------------------------------------------------------------- 5. nlplab vs torch

def run_lstm_vs_torch() -> tuple[dict | None, list[dict]]:
    script = ROOT / "bench" / "lstm_vs_torch.py"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lstm.jsonl"
        done = subprocess.run([sys.executable, str(script), "--json", str(out)], cwd=ROOT,
                              capture_output=True, text=True, timeout=1800)
        print(done.stdout)
        if done.returncode != 0 or not out.exists():
            return None, [row("nlplab vs torch", "nlplab LSTM vs torch", "failed", "≤ 1.5x", "failed",
                              done.stderr.strip()[-300:])]
        record = json.loads(out.read_text().splitlines()[-1])
    rows = []
    for r in record["results"]:
        met = r["ratio"] <= 1.5
        why = "" if met else (f"CPU-time ratio {r['cpu_ratio']:.2f}x ({r['nlplab_cpu_ms']:.1f} / {r['torch_cpu_ms']:.1f} ms) "
                              f"at load average {r['load_average']}")
        reference = {"lstm": "torch.nn.LSTM", "gru": "torch.nn.GRU", "attention": "torch attention"}[r.get("cell", "lstm")]
        rows.append(row(f"nlplab vs {reference} natively (N={r['N']} T={r['T']} D={r['D']} H={r['H']})",
                        f"{r['dtype']}: nlplab / torch",
                        f"{r['ratio']:.2f}x ({r['nlplab_ms']:.1f} / {r['torch_ms']:.1f} ms)", "≤ 1.5x",
                        "met" if met else f"missed by {r['ratio'] - 1.5:.2f}x", why,
                        f"{record['threads']} threads each"))
    return record, rows


# ------------------------------------------------------------------------- 6. Stop

def run_stop(site: Path) -> tuple[dict, list[dict]]:
    import stop

    report = stop.measure(site, log=lambda m: print(m, flush=True))
    return report, stop.rows(report)


def run_flood(site: Path) -> tuple[dict, list[dict]]:
    import flood

    report = flood.measure(site, log=lambda m: print(m, flush=True))
    return report, flood.rows(report)


# ------------------------------------------------------------------------- the table

def render(rows: list[dict], header: str) -> str:
    """The table: one line per measure; long notes and every miss's reason below it, numbered."""
    w_measure = min(max(len(r["measure"]) for r in rows), 58)
    w_value = max(len(r["value"]) for r in rows)
    w_target = max(len(r["target"]) for r in rows)
    width = w_measure + w_value + w_target + 6 + 24
    lines = [header, f"{'measure':{w_measure}}  {'value':>{w_value}}  {'target':>{w_target}}  verdict"]
    section = None
    footnotes = []
    for r in rows:
        if r["section"] != section:
            section = r["section"]
            lines.append(f"── {section} " + "─" * max(3, width - len(section) - 4))
        verdict = r["verdict"]
        texts = []
        if r.get("why") and verdict not in ("met", "info"):
            texts.append(r["why"])
        note = r.get("note") or ""
        if note and len(note) <= 40 and not texts:
            verdict += f"  ({note})"
        elif note:
            texts.append(note)
        if texts:
            footnotes.append((r, "; ".join(texts)))
            verdict += f" [{len(footnotes)}]"
        lines.append(f"{r['measure'][:w_measure]:{w_measure}}  {r['value']:>{w_value}}  {r['target']:>{w_target}}  {verdict}")
    if footnotes:
        lines.append("notes and why (from the measurements):")
        for n, (r, text) in enumerate(footnotes, 1):
            lines.append(textwrap.fill(f"[{n}] {r['measure'].strip()}: {text}", width=max(100, width),
                                       subsequent_indent="     "))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh browser profiles for page load")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved browser/CPython rounds for the LSTM")
    parser.add_argument("--repeats", type=int, default=3, help="timed LSTM runs per option in each round")
    parser.add_argument("--shape", default="32,50,64,128", help="the LSTM's N,T,D,H")
    parser.add_argument("--site", type=Path, default=Path(os.environ.get("NLPLAB_BENCH_SITE") or ROOT / "site"))
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated, of {SECTIONS}")
    parser.add_argument("--json", type=Path, default=RESULTS / "run.json")
    args = parser.parse_args()
    only = [s for s in args.only.split(",") if s]
    started = time.time()
    results: dict = {}
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="nlplab-bench-") as tmp:
        site = snapshot(args.site, Path(tmp))
        steps = {
            "page_load": lambda: run_page_load(site, args.runs),
            "python_boot": lambda: run_python_boot(site),
            "lstm_browser": lambda: run_lstm_browser(site, args.rounds, args.repeats,
                                                     tuple(int(v) for v in args.shape.split(","))),
            "word2vec_browser": lambda: run_word2vec_browser(site),
            "course_cells": lambda: run_course_cells(site),
            "lstm_vs_torch": run_lstm_vs_torch,
            "stop": lambda: run_stop(site),
            "flood": lambda: run_flood(site),
        }
        for name in SECTIONS:
            if name not in only:
                continue
            print(f"== {name} ({time.time() - started:.0f} s)", flush=True)
            try:
                results[name], section_rows = steps[name]()
                rows += section_rows
            except Exception as error:  # noqa: BLE001 - report, keep going
                results[name] = {"failed": traceback.format_exc()}
                rows.append(row(name, name, "failed", "", "failed", f"{type(error).__name__}: {str(error)[:300]}"))
                print(traceback.format_exc(), file=sys.stderr)

    header = (f"benchmarks ({time.strftime('%Y-%m-%d %H:%M')}; {time.time() - started:.0f} s; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; site {args.site})")
    text = render(rows, header)
    print("\n" + text)
    write_json(args.json, {"header": header, "rows": rows, "table": text, **results})


if __name__ == "__main__":
    main()
