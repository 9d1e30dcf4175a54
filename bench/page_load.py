"""Benchmark: how fast the first cell's result arrives, and how many bytes it costs.

    .venv/bin/python bench/page_load.py [--runs 3] [--host brotli|plain|both] [--isolate]
                                        [--json bench/results/page_load.json]

Against the built site (site/, precompressed by `make build`) served by scripts/static_server.py
in its own process, in headless Chromium with a fresh profile for every run, on two kinds of host:

- brotli: the project's static server, which sends the precompressed copy (`file.br`) of a file
          with Content-Encoding when the browser accepts it;
- plain:  the same server with `--plain`: every file as it is, no Content-Encoding, as most static
          hosts serve the large files (a bucket, `python -m http.server`, GitHub Pages for types it
          does not compress).

On each:

- cold:   navigation to the first page with a code cell, its Run clicked as soon as it exists,
          until that cell's result (data-cell-state "done"): the page's own clock (performance.now(),
          which starts at navigation);
- warm:   from that page, a click on the link to the next page with a code cell (Material's
          instant navigation: no reload, the Python worker survives), until that page's first cell
          is done;
- repeat: a new tab in the same profile (caches filled, and the interpreter's snapshot kept: it is
          made once the service worker has activated, web/src/runner/python-snapshot.ts), the
          first page again, until its first cell is done; and, for comparison, the same in another
          new tab with the snapshot dropped first (the two in alternating order from run to run);
- bytes:  what went over the wire before the cold result: the encoded (compressed) body plus
          headers of every response, Pyodide's worker's included.

Targets (on this machine): see TARGETS; on the plain host the bytes have their own target and the
cold time is compared with the brotli host's (PLAIN_COLD_RATIO).
Not a test: figures are reported, targets are compared, nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "bench"))
from bench_support import snapshot, start_server, write_json  # noqa: E402
from browser_support import BOOT_MS, launch_options  # noqa: E402

TARGETS = {"cold_s": 1.8, "warm_s": 0.3, "repeat_s": 1.2, "cold_mb": 6.0}
PLAIN_TARGETS = {**TARGETS, "cold_mb": 7.0}
# On the plain host the cold result may take at most this much longer than on the brotli host.
PLAIN_COLD_RATIO = 1.10
HOSTS = ("brotli", "plain")
CODE_CELL = '[data-cell-kind="code"]'
RUN_BUTTON = f"{CODE_CELL} .nl-btn--run"

# Records, with the page's clock, every time a cell's data-cell-state becomes done or error.
OBSERVER = """
(() => {
  window.__nlDone = [];
  const record = (el) => {
    const state = el.getAttribute("data-cell-state");
    if (state === "done" || state === "error")
      window.__nlDone.push({t: performance.now(), id: el.getAttribute("data-cell-id"),
                            page: location.pathname, state});
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) if (m.type === "attributes") record(m.target);
  }).observe(document, {attributes: true, attributeFilter: ["data-cell-state"], subtree: true});
})();
"""


def pages_with_code_cells(site: Path) -> list[str]:
    """URL paths of the pages that have a code cell, in the order of the site's navigation."""
    index = (site / "index.html").read_text(encoding="utf-8")
    order = []
    for href in re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"#]*)"|href="([^"#]*)"[^>]*class="md-nav__link',
                           index):
        path = urlsplit(urljoin("http://x/", href[0] or href[1])).path
        if path not in order:
            order.append(path)
    for file in sorted(site.rglob("index.html")):
        path = "/" + file.parent.relative_to(site).as_posix().strip(".") + "/"
        path = path.replace("//", "/")
        if path not in order:
            order.append(path)
    result = []
    for path in order:
        file = site / path.lstrip("/") / "index.html"
        if file.is_file() and 'data-cell-kind="code"' in file.read_text(encoding="utf-8"):
            result.append(path)
    return result


class Wire:
    """Every finished response of a browser context, with the moment it finished."""

    def __init__(self, context):
        self.finished: list[tuple[float, object]] = []
        context.on("requestfinished", lambda request: self.finished.append((time.perf_counter(), request)))

    def bytes_before(self, moment: float, since: float = 0.0) -> tuple[int, list[tuple[int, str]]]:
        total, items = 0, []
        for when, request in self.finished:
            if since <= when <= moment:
                sizes = request.sizes()
                size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                total += size
                items.append((size, request.url))
        return total, sorted(items, reverse=True)


def first_result(page, after_ms: float, path: str) -> dict:
    """Wait for the first done/error of a code cell on `path` recorded after `after_ms`."""
    handle = page.wait_for_function(
        """([after, path]) => (window.__nlDone || []).find(r => r.t >= after && r.page === path) || null""",
        arg=[after_ms, path], timeout=BOOT_MS, polling=10)
    return handle.json_value()


def run_first_cell(page) -> None:
    page.locator(RUN_BUTTON).first.click(timeout=BOOT_MS)


SNAPSHOT_CACHE = "nlplab-python-snapshot"          # web/src/python-snapshot.ts
SNAPSHOT_ASIDE = "bench-python-snapshot-aside"     # not "nlplab-": the service worker would delete it
# Every entry of one cache into another, and the first deleted: the snapshot put aside for the
# repeat visit without it, and back (a tab without it would make a new one only seconds later).
MOVE_SNAPSHOT = """async ([from, to]) => {
    const source = await caches.open(from), target = await caches.open(to);
    for (const key of await source.keys()) await target.put(key, await source.match(key));
    await caches.delete(from);
}"""


def wait_for_snapshot(page) -> bool:
    """Wait until the interpreter's snapshot is kept (web/src/runner/python-snapshot.ts makes it a
    few seconds after the service worker activates, in a worker of its own); False after 60 s."""
    return page.evaluate("""async (name) => {
        const t0 = performance.now();
        while (performance.now() - t0 < 60000) {
            if (await caches.has(name) && (await (await caches.open(name)).keys()).length) return true;
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
        return false;
    }""", SNAPSHOT_CACHE)


def one_run(playwright, base: str, first: str, second: str | None, index: int = 0) -> dict:
    with tempfile.TemporaryDirectory(prefix="nlplab-bench-profile-") as profile:
        context = playwright.chromium.launch_persistent_context(profile, **launch_options())
        try:
            context.add_init_script(OBSERVER)
            wire = Wire(context)
            page = context.pages[0] if context.pages else context.new_page()

            # cold
            page.goto(base + first, wait_until="commit")
            run_first_cell(page)
            cold = first_result(page, 0, first)
            cold_moment = time.perf_counter()
            cold_bytes, cold_items = wire.bytes_before(cold_moment)
            run = {"cold_s": cold["t"] / 1000, "cold_state": cold["state"], "cold_bytes": cold_bytes,
                   "cold_largest": [{"bytes": b, "url": u.removeprefix(base)} for b, u in cold_items[:10]],
                   "cold_requests": len(cold_items)}
            # Where the cold time went: when the runtime started the worker (page clock) and
            # the worker's boot stages (ms since then), as the runtime reports them.
            run["cold_boot"] = page.evaluate("""() => ({
                started_ms: Math.round(nlplabRuntime.bootStartedAt), boot_ms: nlplabRuntime.bootMs,
                stages_ms: nlplabRuntime.bootStages,
                dom_content_loaded_ms: Math.round(performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? 0)})""")

            # warm: instant navigation to the next page with code cells
            if second:
                page.wait_for_load_state("networkidle")
                page.evaluate("() => { window.__nlSamePage = true; }")
                started = time.perf_counter()
                t0 = page.evaluate("""(path) => {
                    const link = [...document.querySelectorAll('a[href]')]
                        .find(a => new URL(a.href).pathname === path);
                    if (!link) return null;
                    const t0 = performance.now();
                    link.click();
                    return t0;
                }""", second)
                if t0 is None:
                    run["warm_note"] = f"no link to {second} on {first}"
                else:
                    page.wait_for_function("(path) => location.pathname === path", arg=second)
                    run_first_cell(page)
                    warm = first_result(page, t0, second)
                    run["warm_s"] = (warm["t"] - t0) / 1000
                    run["warm_state"] = warm["state"]
                    run["warm_instant"] = bool(page.evaluate("() => window.__nlSamePage === true"))
                    run["warm_bytes"] = wire.bytes_before(time.perf_counter(), since=started)[0]

            # repeat visit: a new tab, caches filled. The service worker registers a few seconds
            # after the boot and then downloads the whole build (tens of MB) and checks it: a
            # repeat visit comes once that is done, not while it competes for the cores.
            run["repeat_service_worker"] = page.evaluate("""async () => {
                if (!('serviceWorker' in navigator)) return 'unsupported';
                const t0 = performance.now();
                while (performance.now() - t0 < 180000) {
                    const reg = await navigator.serviceWorker.getRegistration();
                    if (reg && reg.active && !reg.installing && !reg.waiting) return 'active';
                    if (!reg && performance.now() - t0 > 30000) return 'none registered';
                    await new Promise((resolve) => setTimeout(resolve, 200));
                }
                return 'not active after 180 s';
            }""")
            page.wait_for_load_state("networkidle")
            # Two repeat visits, each in a new tab: one from the interpreter's snapshot (the
            # learner's), one without it (dropped first), in alternating order from run to run
            # (a later tab finds more of the browser's caches warm).
            run["repeat_snapshot_kept"] = wait_for_snapshot(page)
            for mode in (("snapshot", "no_snapshot") if index % 2 == 0 else ("no_snapshot", "snapshot")):
                if mode == "no_snapshot":
                    page.evaluate(MOVE_SNAPSHOT, [SNAPSHOT_CACHE, SNAPSHOT_ASIDE])
                tab = context.new_page()
                started = time.perf_counter()
                tab.goto(base + first, wait_until="commit")
                run_first_cell(tab)
                repeat = first_result(tab, 0, first)
                key = "repeat" if mode == "snapshot" else "repeat_no_snapshot"
                run[f"{key}_s"] = repeat["t"] / 1000
                run[f"{key}_state"] = repeat["state"]
                run[f"{key}_boot"] = tab.evaluate("""() => ({
                    started_ms: Math.round(nlplabRuntime.bootStartedAt), boot_ms: nlplabRuntime.bootMs,
                    stages_ms: nlplabRuntime.bootStages, snapshot: nlplabRuntime.bootSnapshot})""")
                run[f"{key}_bytes"] = wire.bytes_before(time.perf_counter(), since=started)[0]
                tab.close()
                if mode == "no_snapshot":
                    page.evaluate(MOVE_SNAPSHOT, [SNAPSHOT_ASIDE, SNAPSHOT_CACHE])
            return run
        finally:
            context.close()


def summarise(runs: list[dict]) -> dict:
    def median(key):
        values = [r[key] for r in runs if key in r]
        return statistics.median(values) if values else None
    summary = {key: median(key) for key in ("cold_s", "warm_s", "repeat_s", "repeat_no_snapshot_s", "cold_bytes",
                                            "warm_bytes", "repeat_bytes")}
    summary["cold_mb"] = summary["cold_bytes"] / 1e6 if summary["cold_bytes"] is not None else None
    return summary


def table(summary: dict, runs: list[dict], pages: tuple[str, str | None], host: str = "brotli") -> str:
    def fmt(value, unit):
        if value is None:
            return "—"
        return f"{value:.2f} s" if unit == "s" else f"{value:.2f} MB"
    rows = [
        ("cold: navigation → first result", summary["cold_s"], "s", "cold_s"),
        ("warm: instant navigation → result", summary["warm_s"], "s", "warm_s"),
        ("repeat visit (new tab) → result", summary["repeat_s"], "s", "repeat_s"),
        ("  the same without the snapshot", summary["repeat_no_snapshot_s"], "s", "repeat_s"),
        ("on the wire before the cold result", summary["cold_mb"], "MB", "cold_mb"),
    ]
    targets = PLAIN_TARGETS if host == "plain" else TARGETS
    lines = [f"page load, {host} host ({len(runs)} runs, median; first page {pages[0]}, second {pages[1]}; "
             f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)",
             f"{'measure':40} {'value':>10} {'target':>10}  verdict"]
    for name, value, unit, key in rows:
        target = targets[key]
        verdict = "—" if value is None else ("met" if value <= target else f"missed by {value - target:.2f} {unit} ({value / target:.1f}x)")
        lines.append(f"{name:40} {fmt(value, unit):>10} {'≤ ' + fmt(target, unit):>10}  {verdict}")
    lines.append("largest transfers before the cold result (first run):")
    for item in runs[0].get("cold_largest", [])[:8]:
        lines.append(f"  {item['bytes'] / 1e6:7.2f} MB  {item['url']}")
    states = {r.get(k) for r in runs
              for k in ("cold_state", "warm_state", "repeat_state", "repeat_no_snapshot_state")} - {None, "done"}
    if any(r.get("repeat_boot", {}).get("snapshot") != "restored" for r in runs):
        lines.append("warning: a repeat visit did not start from the interpreter's snapshot")
    if any(r.get("repeat_no_snapshot_boot", {}).get("snapshot") != "absent" for r in runs):
        lines.append("warning: the repeat visit without the snapshot found one")
    if states:
        lines.append(f"warning: a measured cell ended in state {states}")
    if any(r.get("warm_instant") is False for r in runs):
        lines.append("warning: the warm navigation reloaded the page (no instant navigation)")
    return "\n".join(lines)


def measure(runs: int = 3, isolate: bool = False, site: Path = SITE, copy: bool = True,
            host: str = "brotli") -> dict:
    """`copy`: measure a snapshot of `site` (False: `site` already is one, precompressed);
    `host`: "brotli" or "plain" (HOSTS)."""
    from playwright.sync_api import sync_playwright

    pages = pages_with_code_cells(site)
    if not pages:
        raise SystemExit(f"page_load: no page of {site} has a code cell (run `make build`)")
    first, second = pages[0], (pages[1] if len(pages) > 1 else None)
    with tempfile.TemporaryDirectory(prefix="nlplab-bench-site-") as tmp:
        # A snapshot, so that a rebuild of site/ meanwhile cannot disturb the measurement; it is
        # precompressed as `make build` leaves it (cached: instant when the build already did it).
        served = snapshot(site, Path(tmp)) if copy else site
        # The server rebases sitemap.xml on its own address (as a deployment whose
        # NLPLAB_SITE_URL is right), so the warm step navigates instantly.
        server, base = start_server(served, isolate, plain=host == "plain")
        try:
            with sync_playwright() as playwright:
                results = [one_run(playwright, base, first, second, index) for index in range(runs)]
        finally:
            server.terminate()
            server.wait()
    summary = summarise(results)
    summary["load_average_1min"] = round(os.getloadavg()[0], 2)
    return {"bench": "page_load", "host": host, "isolated": isolate, "pages": [first, second],
            "targets": PLAIN_TARGETS if host == "plain" else TARGETS,
            "summary": summary, "runs": results, "table": table(summary, results, (first, second), host)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh profiles to measure (median reported)")
    parser.add_argument("--isolate", action="store_true", help="serve with COOP/COEP headers")
    parser.add_argument("--host", choices=[*HOSTS, "both"], default="both", help="which kind of static host")
    parser.add_argument("--json", type=Path, default=RESULTS / "page_load.json")
    parser.add_argument("--site", type=Path, default=SITE, help="the built site (default: site/)")
    args = parser.parse_args()
    hosts = HOSTS if args.host == "both" else (args.host,)
    reports = {host: measure(args.runs, args.isolate, args.site, host=host) for host in hosts}
    for report in reports.values():
        print(report["table"])
    write_json(args.json, reports)


if __name__ == "__main__":
    main()
