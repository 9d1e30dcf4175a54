"""Material's search index waits for Python on a page with cells (web/src/search-index.ts).

boot.js holds Material's request for search/search_index.json back until Python is ready (or has
failed), or until the learner goes to the search box, so the first result does not share the
network with it; search then works as before. A page without cells loads it as Material does.
Material asks for sitemap.xml (instant navigation) in the same step as for the index, so a
sitemap request with no index request beside it means the index is being held.
"""

from __future__ import annotations

from playground_support import BOOT_MS, playground_tab, wait_ready
from site_support import search

INDEX = "/search/search_index.json"


def sent(page, name: str) -> int:
    return sum(1 for url in page.requests if url.split("?")[0].endswith(name))


def hold_python(held: list):
    """Python cannot finish loading until the test continues the held wasm download (the
    worker's HEAD, web/src/brotli-copies.ts, goes through)."""
    def prepare(context):
        context.route("**/pyodide.asm.wasm",
                      lambda route: held.append(route) if route.request.method == "GET" else route.continue_())
    return prepare


def wait_for_material(page) -> None:
    """Until Material's bundle has made its start-up requests (sitemap.xml and, unheld, the index)."""
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('sitemap.xml'))",
                           timeout=BOOT_MS)
    page.wait_for_timeout(300)


def test_on_a_page_with_cells_the_index_waits_until_python_is_ready(browser, site_url):
    held: list = []
    with playground_tab(browser, site_url, record="request", prepare=hold_python(held),
                        service_workers="block") as page:
        wait_for_material(page)
        assert page.evaluate("nlplabRuntime.state") == "loading"
        assert sent(page, INDEX) == 0, "the index was asked for while Python loads"
        while not held:
            page.wait_for_timeout(50)
        for route in held:
            route.continue_()
        wait_ready(page)
        page.wait_for_function(f"() => performance.getEntriesByType('resource').some(e => e.name.endsWith('{INDEX}'))",
                               timeout=30_000)
        assert search(page, "임베딩"), "search found nothing"
        assert sent(page, INDEX) == 1


def test_going_to_search_while_python_loads_lets_the_index_load_at_once(browser, site_url):
    held: list = []
    with playground_tab(browser, site_url, record="request", prepare=hold_python(held),
                        service_workers="block") as page:
        wait_for_material(page)
        assert sent(page, INDEX) == 0
        assert search(page, "임베딩"), "search found nothing"
        assert page.evaluate("nlplabRuntime.state") == "loading"
        assert sent(page, INDEX) == 1
        for route in held:
            route.continue_()
        wait_ready(page)


def test_a_page_without_cells_loads_the_index_as_material_does(browser, site_url):
    with playground_tab(browser, site_url, record="request", path="/reference/", service_workers="block") as page:
        wait_for_material(page)
        assert page.locator(".nl-cell").count() == 0
        assert page.locator('script[src$="boot.js"]').count() == 0
        assert sent(page, INDEX) == 1
