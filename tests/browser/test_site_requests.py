"""In Chromium, no page of the built site asks any host but the site's own for anything.

Every page of site/ is opened (fresh load), its search is used once, and where it has runnable
cells its runtime boots and its first cell runs. Every request of the browser context (pages and
their workers) is recorded; a request to another host is blocked and reported, and so is a
request to the site that fails (a missing asset).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from browser_support import BOOT_MS

NETWORK_SCHEMES = ("http", "https", "ws", "wss", "ftp")


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the site as a URL path ("/", "/rnn/", "/404.html")."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        if rel.startswith("assets/"):
            continue
        paths.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return paths


class RequestLog:
    """All requests of a browser context; those to other hosts are blocked."""

    def __init__(self, context, origin: str):
        self.origin = origin
        self.foreign: list[str] = []
        self.failed: list[str] = []
        self.local = 0
        context.route("**/*", self._route)
        context.on("request", self._request)
        context.on("requestfailed", lambda r: self._failed(r, r.failure))
        context.on("response", lambda r: r.status >= 400 and self._failed(r.request, f"HTTP {r.status}"))
        self.page_path = ""

    def _is_foreign(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in NETWORK_SCHEMES and f"{parts.scheme}://{parts.netloc}" != self.origin

    def _route(self, route):
        if self._is_foreign(route.request.url):
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def _request(self, request):
        if self._is_foreign(request.url):
            self.foreign.append(f"{self.page_path}: {request.resource_type} {request.url}")
        elif urlsplit(request.url).scheme in NETWORK_SCHEMES:
            self.local += 1

    def _failed(self, request, why):
        # ERR_ABORTED is the browser cancelling a request it no longer needs (a page left while its
        # favicon or a background download was still on its way), not the site failing to serve it:
        # a missing file is an HTTP 404 above, a dead server ERR_CONNECTION_*.
        if why == "net::ERR_ABORTED":
            return
        if not self._is_foreign(request.url) and urlsplit(request.url).scheme in NETWORK_SCHEMES:
            self.failed.append(f"{self.page_path}: {request.url} ({why})")


def visit(page, log: RequestLog, base: str, path: str) -> str:
    """Open one page, use its search, boot its runtime and run its first cell; what happened."""
    log.page_path = path
    page.goto(base + path, wait_until="load")
    # Material's search (a worker that fetches the index and lunr's scripts).
    search = page.locator("input.md-search__input")
    if search.count():
        page.keyboard.press("/")
        search.fill("임베딩")
        search.press("End")
        page.wait_for_selector(".md-search-result__meta:not(:empty)", state="attached")
        page.keyboard.press("Escape")
    runnable = '[data-cell-kind="code"], [data-cell-kind="exercise"]'
    cells = page.locator(runnable).count()
    if not cells:
        page.wait_for_load_state("networkidle")
        return "no cells" if not page.locator("[data-cell-kind]").count() else "setup cells only"
    # The first runnable cell a reader can see (one inside a closed <details> or tab is hidden).
    run = page.locator(f":is({runnable}) .nl-btn--run:visible").first
    try:
        run.wait_for(state="visible", timeout=BOOT_MS)
    except Exception as error:
        raise AssertionError(f"{path}: no visible Run button on {cells} runnable cells "
                             f"(did the runtime mount?): {error}") from None
    cell = run.locator("xpath=ancestor::*[@data-cell-state][1]")
    run.click()
    page.wait_for_function(
        "el => el.dataset.cellState === 'done' || el.dataset.cellState === 'error'",
        arg=cell.element_handle(), timeout=BOOT_MS)
    state = cell.get_attribute("data-cell-state")
    page.wait_for_load_state("networkidle")
    return f"{cells} cells, first ran: {state}"


def test_every_page_asks_only_the_site(browser, built_site, site_url):
    pages = site_pages(built_site)
    assert "/" in pages and len(pages) >= 2
    context = browser.new_context()
    log = RequestLog(context, site_url)
    page = context.new_page()
    report = {}
    try:
        for path in pages:
            report[path] = visit(page, log, site_url, path)
    finally:
        context.close()
    print("\n".join(f"{path}: {what}" for path, what in report.items()))
    print(f"{log.local} requests to the site")
    assert not log.foreign, "requests to other hosts:\n" + "\n".join(log.foreign)
    assert not [f for f in log.failed if not f.startswith("/404.html")], \
        "failed requests to the site:\n" + "\n".join(log.failed)
    assert any(what.endswith(("done", "error")) for what in report.values()), \
        "no page of the site has runnable cells"


def test_the_log_sees_and_blocks_a_foreign_request(browser, built_site, site_url):
    """The recorder above is able to fail: a page that fetches from another host is caught,
    including a fetch from a worker (where the runtime's Pyodide lives). The site's CSP would
    refuse all three before they are sent (tests/browser/test_csp.py), so it is bypassed here."""
    context = browser.new_context(bypass_csp=True)
    log = RequestLog(context, site_url)
    page = context.new_page()
    try:
        page.goto(site_url + "/")
        page.evaluate("""async () => {
            await fetch('http://cdn.invalid/x.js').catch(() => {});
            const src = "fetch('http://worker-cdn.invalid/y.wasm').catch(() => {}).finally(() => postMessage(1))";
            const worker = new Worker(URL.createObjectURL(new Blob([src], {type: 'text/javascript'})));
            await new Promise(resolve => worker.onmessage = resolve);
            await fetch('missing-file.js').catch(() => {});
        }""")
    finally:
        context.close()
    assert any("cdn.invalid/x.js" in f for f in log.foreign), log.foreign
    assert any("worker-cdn.invalid/y.wasm" in f for f in log.foreign), log.foreign
    assert any("missing-file.js" in f for f in log.failed), log.failed
