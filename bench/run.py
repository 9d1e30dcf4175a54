"""All benchmarks in one run: `make bench`.

    .venv/bin/python bench/run.py [--runs 3]

- bench/page_load.py: cold / warm / repeat time to the first cell's result, bytes on the wire;
- bench/lstm_vs_torch.py (when present): nlplab's LSTM forward+backward against torch.nn.LSTM.

Prints one table and writes bench/results/run.json (git-ignored). Not a test: targets are
compared and reported, nothing is asserted; a benchmark that fails is reported as such.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "bench"))


def run_page_load(runs: int) -> tuple[dict, list[tuple[str, str, str, str]]]:
    import page_load

    report = page_load.measure(runs)
    s = report["summary"]
    rows = []
    for name, key, unit, target_key in [
        ("cold: navigation → first result", "cold_s", "s", "cold_s"),
        ("warm: instant navigation → result", "warm_s", "s", "warm_s"),
        ("repeat visit → result", "repeat_s", "s", "repeat_s"),
        ("bytes on the wire before first result", "cold_mb", "MB", "cold_mb"),
    ]:
        value, target = s.get(key), page_load.TARGETS[target_key]
        rows.append((name, "—" if value is None else f"{value:.2f} {unit}", f"≤ {target} {unit}",
                     "—" if value is None else ("met" if value <= target else f"missed ({value / target:.1f}x)")))
    return report, rows


def run_lstm() -> tuple[dict | None, list[tuple[str, str, str, str]]]:
    script = ROOT / "bench" / "lstm_vs_torch.py"
    if not script.exists():
        return None, [("nlplab LSTM vs torch", "not run", "≤ 1.5x", "bench/lstm_vs_torch.py absent")]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lstm.jsonl"
        done = subprocess.run([sys.executable, str(script), "--json", str(out)], cwd=ROOT,
                              capture_output=True, text=True, timeout=1800)
        print(done.stdout, end="")
        if done.returncode != 0 or not out.exists():
            return None, [("nlplab LSTM vs torch", "failed", "≤ 1.5x", done.stderr.strip()[-200:])]
        record = json.loads(out.read_text().splitlines()[-1])
    rows = []
    for r in record["results"]:
        rows.append((f"LSTM fwd+bwd N={r['N']} T={r['T']} D={r['D']} H={r['H']} {r['dtype']}: nlplab / torch",
                     f"{r['ratio']:.2f}x ({r['nlplab_ms']:.1f} / {r['torch_ms']:.1f} ms)", "≤ 1.5x",
                     "met" if r["ratio"] <= 1.5 else f"missed by {r['ratio'] - 1.5:.2f}x"))
    return record, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh browser profiles for page_load")
    args = parser.parse_args()
    started = time.time()
    results, rows = {}, []
    try:
        results["page_load"], page_rows = run_page_load(args.runs)
        print(results["page_load"]["table"], "\n")
        rows += page_rows
    except Exception as error:  # report, keep going
        rows.append(("page load", "failed", "", f"{type(error).__name__}: {str(error)[:160]}"))
    results["lstm_vs_torch"], lstm_rows = run_lstm()
    rows += lstm_rows

    width = max(len(r[0]) for r in rows)
    print(f"\nbenchmarks (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"{time.time() - started:.0f} s)")
    print(f"{'measure':{width}}  {'value':>26}  {'target':>9}  verdict")
    for name, value, target, verdict in rows:
        print(f"{name:{width}}  {value:>26}  {target:>9}  {verdict}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "run.json"
    path.write_text(json.dumps({"rows": rows, **results}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
