"""Benchmark: what Pyodide's boot spends, and what its private memory snapshot would save.

    .venv/bin/python bench/python_boot.py [--rounds 5] [--site DIR] [--json bench/results/python_boot.json]

Issue 16 asks for a repeat visit ≤ 1.2 s; the course's worker spends most of it in loadPyodide
(bench/page_load.py prints its stages). This measures Pyodide's boot alone, outside the course's
worker so that nothing else runs beside it (bench/python_boot_page/worker.js), the way the course
boots without and with its kept snapshot (web/src/python-snapshot.ts):

- course: loadPyodide with numpy, as web/src/worker.ts boots when it has no snapshot;
- make: loadPyodide with `_makeSnapshot` and no package (numpy's compiled extensions cannot be in
  a snapshot on Pyodide 0.27), `makeMemorySnapshot()`, then numpy;
- restore: loadPyodide from that snapshot, numpy loading beside it as in the course, `random`
  reseeded;
- the wasm compile: the time of the interpreter's `instantiateStreaming` and of numpy's 19 side
  modules, in the first boot of a fresh profile and in the later ones (Chromium's code cache).

Each round boots the three in fresh workers of one page, over the built site's Pyodide files
(scripts/static_server.py, brotli). Round 0 (empty HTTP cache, no compiled code kept) is reported
apart; the others give the medians. Every boot ends with the same checks (numpy's numbers, the
interpreter's version, asyncio, a `js` import, `random`), so a restore that changes a result shows.
Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PAGE = ROOT / "bench" / "python_boot_page"
MODES = ["course", "make", "restore"]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests" / "browser"), str(ROOT / "scripts")]


def measure(site: Path | None = None, rounds: int = 5, log=print) -> dict:
    from bench_support import start_server
    from browser_support import launch_options
    from page_load import SITE
    from playwright.sync_api import sync_playwright

    site = Path(site or SITE)
    pyodide = site / "assets" / "build" / "pyodide"
    if not (pyodide / "pyodide.js").exists():
        raise SystemExit(f"{pyodide} has no Pyodide: run `make build`")
    boots: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="nlplab-python-boot-") as tmp:
        root = Path(tmp)
        for file in PAGE.iterdir():
            shutil.copy(file, root / file.name)
        (root / "pyodide").symlink_to(pyodide.resolve())
        server, url = start_server(root, isolate=False, csp=False)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(**launch_options())
                page = browser.new_context().new_page()
                page.goto(url + "/index.html")
                for n in range(rounds + 1):
                    round_boots = page.evaluate("""async () => {
                        const course = await bootOnce("course");
                        const made = await bootOnce("make");
                        const restored = await bootOnce("restore", made.snapshot);
                        return [course.report, made.report, restored.report];
                    }""")
                    for boot in round_boots:
                        boot["round"] = n
                        log(f"round {n} {boot['mode']:8} " + json.dumps(boot["stages"]) + " " + json.dumps(boot["wasm"]))
                    boots += round_boots
                browser.close()
        finally:
            server.terminate()
    return {"bench": "python_boot", "rounds": rounds, "boots": boots, "summary": summarize(boots)}


def summarize(boots: list[dict]) -> dict:
    later = [b for b in boots if b["round"] > 0]
    median = lambda values: statistics.median(values) if values else None  # noqa: E731
    per_mode = {}
    for mode in MODES:
        mine = [b for b in later if b["mode"] == mode]
        first = next((b for b in boots if b["round"] == 0 and b["mode"] == mode), None)
        per_mode[mode] = {
            "ready_ms": median([b["stages"]["ready"] for b in mine]),
            "loadPyodide_ms": median([b["stages"]["loadPyodide"] for b in mine]),
            "wasm_main_ms": median([b["wasm"]["mainMs"] for b in mine]),
            "wasm_side_ms": median([b["wasm"]["sideMs"] for b in mine]),
            "first_ready_ms": first and first["stages"]["ready"],
            "first_wasm_main_ms": first and first["wasm"]["mainMs"],
            "first_wasm_side_ms": first and first["wasm"]["sideMs"],
        }
    made = [b for b in later if b["mode"] == "make"]
    per_mode["make"]["snapshot_ms"] = median([b["stages"]["snapshotMs"] for b in made])
    per_mode["make"]["snapshot_mb"] = median([b["snapshotBytes"] / 1e6 for b in made])
    reference = boots[0]["checks"] if boots else {}
    same = all(b["checks"]["numpy"] == reference.get("numpy") and b["checks"]["version"] == reference.get("version")
               and b["checks"]["asyncio"] == "ok" and b["checks"]["js"] == 0 for b in boots)
    restored_randoms = [b["checks"]["random"] for b in boots if b["mode"] == "restore"]
    course, restore = per_mode["course"]["ready_ms"], per_mode["restore"]["ready_ms"]
    return {
        "modes": per_mode,
        "restore_saves_ms": course - restore if course is not None and restore is not None else None,
        "results_unchanged": same,
        "random_imported_at_start": any(b["checks"]["randomImportedAtStart"] for b in boots),
        "restored_random_distinct": len(set(restored_randoms)) == len(restored_randoms),
    }


def table(report: dict) -> str:
    s, m = report["summary"], report["summary"]["modes"]
    lines = [f"{'boot (median of ' + str(report['rounds']) + ' rounds)':44} {'ready':>8} {'loadPyodide':>12} "
             f"{'wasm':>7} {'numpy .so':>10}   first in profile: ready / wasm / .so"]
    names = {"course": "course: loadPyodide with numpy",
             "make": "make: snapshot before numpy, then numpy",
             "restore": "restore: from the snapshot, numpy beside"}
    for mode in MODES:
        r = m[mode]
        lines.append(f"{names[mode]:44} {r['ready_ms']:>6} ms {r['loadPyodide_ms']:>9} ms {r['wasm_main_ms']:>4} ms "
                     f"{r['wasm_side_ms']:>7} ms   {r['first_ready_ms']} / {r['first_wasm_main_ms']} / "
                     f"{r['first_wasm_side_ms']} ms")
    lines.append(f"snapshot: {m['make']['snapshot_mb']:.1f} MB, made in {m['make']['snapshot_ms']} ms; "
                 f"restore saves {s['restore_saves_ms']} ms of the course's boot; results unchanged: "
                 f"{s['results_unchanged']}; `random` imported before the snapshot: {s['random_imported_at_start']}; "
                 f"reseeded restores differ: {s['restored_random_distinct']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--site", type=Path)
    parser.add_argument("--json", type=Path, default=RESULTS / "python_boot.json")
    args = parser.parse_args()
    report = measure(args.site, args.rounds)
    print(table(report))
    from bench_support import write_json

    write_json(args.json, report)


if __name__ == "__main__":
    main()
