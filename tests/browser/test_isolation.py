"""Cross-origin isolation from the service worker, on a host that sends no COOP/COEP (and no CSP).

Once the service worker (web/src/sw.ts, web/src/isolation.ts) controls the tab, the pages and
worker scripts it answers carry Cross-Origin-Opener-Policy: same-origin and
Cross-Origin-Embedder-Policy: require-corp, online and offline: a full load is then
crossOriginIsolated, Stop interrupts Python and keeps its variables, and input() asks in the page.
The first visit is not reloaded when the worker takes over (README "Deploying", web/README.md
"Offline use" say why): isolation starts with the next full load. A host that sends its own
headers keeps them.

How fast Stop is (≤ 1 s on a quiet machine) is measured by bench/stop.py and printed here, not
asserted: these tests check what happens, whatever else the machine is doing.
"""

from __future__ import annotations

import time

import pytest
from offline_support import new_context, wait_offline_ready
from playground_support import (BOOT_MS, PLAYGROUND, ask, boots, cell, click_run, open_playground, output, run,
                                set_code, wait_ready, wait_state)
from static_server import serve_in_thread

# web/src/config.ts
STOP_FORCE_AFTER_MS = 10_000
LOOP = "n = 0\nwhile True:\n    n += 1\n"


@pytest.fixture(scope="module")
def plain_host(built_site):
    """A static host with no headers but the files' own: no COOP/COEP, no Content-Security-Policy."""
    server, url = serve_in_thread(built_site, csp=False)
    yield url
    server.shutdown()


def stop_keeps_the_variables(page) -> None:
    """x from `first`; a loop stopped with 정지 raises KeyboardInterrupt; x is still there."""
    assert run(page, "first", timeout=BOOT_MS) == "done", output(page, "first")
    set_code(page, "forever", LOOP)
    click_run(page, "forever")
    wait_state(page, "forever", ("running",))
    page.wait_for_function("() => document.querySelector('[data-cell-id=forever] .nl-cell__status')"
                           ".textContent.includes('실행 중')")
    started = time.monotonic()
    cell(page, "forever").get_by_role("button", name="정지").click()
    wait_state(page, "forever", ("error",), timeout=STOP_FORCE_AFTER_MS + BOOT_MS)
    print(f"\nStop under the service worker's isolation: {time.monotonic() - started:.2f} s")
    status = cell(page, "forever").locator(".nl-cell__status").inner_text()
    assert status == "정지 버튼으로 실행을 멈췄습니다 (KeyboardInterrupt).", status
    assert boots(page) == 1, "Python was interrupted, not restarted"
    assert run(page, "second") == "done" and "y = [0 2 4 6 8]" in output(page, "second"), output(page, "second")


def test_after_the_first_visit_a_plain_host_is_isolated_online_and_offline(browser, plain_host):
    context = new_context(browser)
    try:
        page = open_playground(context, plain_host)
        page.evaluate("window.__firstLoad = true")
        assert page.evaluate("crossOriginIsolated") is False
        wait_ready(page)
        assert page.evaluate("nlplabRuntime.isolated") is False
        wait_offline_ready(page)

        # The first visit keeps today's behaviour: the worker took control, nothing reloaded.
        assert page.evaluate("window.__firstLoad") is True, "the page was reloaded"
        assert page.evaluate("crossOriginIsolated") is False

        # The next full load is isolated: the service worker added the headers.
        response = page.reload()
        assert response.from_service_worker
        assert response.headers.get("cross-origin-opener-policy") == "same-origin", response.headers
        assert response.headers.get("cross-origin-embedder-policy") == "require-corp", response.headers
        assert page.evaluate("crossOriginIsolated") is True
        wait_ready(page)
        assert page.evaluate("nlplabRuntime.isolated") is True
        # Everything of the site still loads under require-corp: a figure (blob:), KaTeX's fonts.
        assert run(page, "plot") == "done", output(page, "plot")
        page.wait_for_function("() => { const img = document.querySelector('[data-cell-id=plot] .nl-output img');"
                               " return img && img.complete && img.naturalWidth > 0; }")
        assert cell(page, "plot").locator(".nl-output img").get_attribute("src").startswith("blob:")
        page.wait_for_function("() => document.fonts.ready.then(() => [...document.fonts].some("
                               "f => f.family.includes('KaTeX') && f.status === 'loaded'))")
        stop_keeps_the_variables(page)
        ask(page, "forever", "word = input('단어: ')\nprint(word * 2)\n")
        page.keyboard.type("말")
        page.keyboard.press("Enter")
        assert wait_state(page, "forever") == "done" and "말말" in output(page, "forever"), output(page, "forever")

        # Offline, a full load of another page: isolated as well, Stop still keeps the variables.
        context.set_offline(True)
        page.goto(plain_host + "/unit1/smoothing/")
        assert page.evaluate("crossOriginIsolated") is True
        page.goto(plain_host + PLAYGROUND)
        assert page.evaluate("crossOriginIsolated") is True
        wait_ready(page)
        stop_keeps_the_variables(page)
        assert page.errors == []
    finally:
        context.close()


def test_a_host_that_sends_its_own_headers_keeps_them(browser, built_site):
    own = {"Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "credentialless"}
    server, url = serve_in_thread(built_site, extra_headers=own)
    context = new_context(browser)
    try:
        page = open_playground(context, url)
        assert page.evaluate("crossOriginIsolated") is True
        wait_ready(page)
        wait_offline_ready(page)
        response = page.reload()
        assert response.from_service_worker
        assert response.headers.get("cross-origin-embedder-policy") == "credentialless", response.headers
        assert page.evaluate("crossOriginIsolated") is True
        wait_ready(page)
        assert run(page, "first") == "done", output(page, "first")
        assert page.errors == []
    finally:
        context.close()
        server.shutdown()
