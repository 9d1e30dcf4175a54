"""Benchmark: how long 정지 (Stop) takes, from the click to the cell's end, on the page's own clock.

    .venv/bin/python bench/stop.py [--repeats 5] [--site DIR]

On the playground's endless cell ("forever"), in headless Chromium against the built site served
by scripts/static_server.py:

- isolated (the host sends COOP/COEP): Stop interrupts Python (KeyboardInterrupt) and the
  variables stay: a busy Python loop, time.sleep, and a loop of NumPy matrix products (each a
  call into C that must finish before Python sees the interrupt);
- not isolated: Stop ends the worker; the cell ends at once, and a new Python is ready a while
  later (also reported).

The click is made by the page itself (the time is taken right before it) and the end is taken by a
MutationObserver on the cell's data-cell-state, so Playwright's own latency is not counted.
Target: ≤ 1 s on a quiet machine. The tests (tests/browser/test_runtime_stop.py) check what Stop
does whatever the machine is doing; this measures how fast. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from bench_support import start_server  # noqa: E402
from browser_support import BOOT_MS, launch_options  # noqa: E402

TARGET_S = 1.0
LOOPS = {
    "a Python loop": "n = 0\nwhile True:\n    n += 1\n",
    "time.sleep(30)": "import time\ntime.sleep(30)\n",
    "NumPy products (200x200)": "a = np.ones((200, 200))\nwhile True:\n    b = a @ a\n",
}

STOP_AND_TIME = """async () => {
    const el = document.querySelector('[data-cell-id="forever"]');
    const ended = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
            if (['done', 'error'].includes(el.dataset.cellState)) {
                observer.disconnect();
                resolve(performance.now());
            }
        });
        observer.observe(el, {attributes: true, attributeFilter: ['data-cell-state']});
    });
    const started = performance.now();
    el.querySelector('.nl-btn--stop').click();
    const end = await ended;
    const ready = new Promise((resolve) => {
        const poll = () => nlplabRuntime.state === 'ready' ? resolve(performance.now()) : setTimeout(poll, 10);
        poll();
    });
    return {stop_s: (end - started) / 1000, ready_s: ((await ready) - started) / 1000,
            text: el.querySelector('.nl-output')?.textContent || ''};
}"""


def measure(site: Path, repeats: int = 5, log=print) -> dict:
    from playwright.sync_api import sync_playwright

    results: dict = {"repeats": repeats, "load_average_1min": round(os.getloadavg()[0], 2), "cases": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        for isolate in (True, False):
            server, base = start_server(site, isolate=isolate)
            try:
                page = browser.new_context().new_page()
                page.goto(base + "/playground/")
                page.wait_for_function("() => window.nlplabRuntime?.state === 'ready'", timeout=BOOT_MS)
                cell = page.locator('[data-cell-id="forever"]')
                cases = LOOPS if isolate else {"a Python loop": LOOPS["a Python loop"]}
                for name, code in cases.items():
                    times = []
                    for _ in range(repeats):
                        page.wait_for_function("() => nlplabRuntime.state === 'ready'", timeout=BOOT_MS)
                        page.evaluate("code => nlplabRuntime.page.cells.find(c => c.id === 'forever').setCode(code)", code)
                        cell.get_by_role("button", name="실행", exact=True).click()
                        page.wait_for_function("() => document.querySelector('[data-cell-id=\"forever\"]')"
                                               ".dataset.cellState === 'running'", timeout=BOOT_MS)
                        page.wait_for_timeout(500)
                        times.append(page.evaluate(STOP_AND_TIME))
                    key = f"{'isolated' if isolate else 'not isolated'}: {name}"
                    interrupted = all("KeyboardInterrupt" in t["text"] for t in times)
                    results["cases"][key] = {
                        "stop_s": [round(t["stop_s"], 3) for t in times],
                        "ready_again_s": [round(t["ready_s"], 3) for t in times],
                        "kept_variables": interrupted,
                    }
                    took = ", ".join(f"{t['stop_s']:.3f}" for t in times)
                    log(f"  {key}: Stop took {took} s"
                        f" ({'KeyboardInterrupt, variables kept' if interrupted else 'Python restarted'})")
                page.context.close()
            finally:
                server.terminate()
        browser.close()
    return results


def rows(report: dict) -> list[dict]:
    out = []
    for key, case in report["cases"].items():
        worst, middle = max(case["stop_s"]), statistics.median(case["stop_s"])
        met = worst <= TARGET_S
        note = ("KeyboardInterrupt, variables kept" if case["kept_variables"]
                else f"worker replaced; Python ready again after {statistics.median(case['ready_again_s']):.2f} s")
        out.append({"section": "Stop (click → the cell has stopped)", "measure": key,
                    "value": f"median {middle:.3f} s, max {worst:.3f} s", "target": f"≤ {TARGET_S:.0f} s",
                    "verdict": "met" if met else f"missed by {worst - TARGET_S:.2f} s",
                    "why": "" if met else f"runs {case['stop_s']} s at load average {report['load_average_1min']}",
                    "note": note})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    args = parser.parse_args()
    report = measure(args.site, args.repeats)
    for r in rows(report):
        print(f"{r['measure']:45} {r['value']:>32}  {r['target']}  {r['verdict']}  ({r['note']})")


if __name__ == "__main__":
    main()
