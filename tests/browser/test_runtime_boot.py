"""How Python starts, in Chromium: early, once, and without the rarely used half of the stdlib.

- overrides/main.html puts web/src/boot.ts in the <head> of pages with cells: it starts the
  worker before the body is parsed and runtime.js adopts it (one worker, one boot).
- The stdlib is served in two zips (scripts/build_assets.py: finish_compiled): the start-up
  modules precompiled, the others in python_stdlib_more.zip, fetched once Python is idle or
  at once when one of its modules is imported (nl_runtime.StdlibMore).
"""

from __future__ import annotations

import time

from playground_support import BOOT_MS, cell, output, playground_tab, run, set_code, wait_ready

# When runtime.js defines window.nlplabRuntime, and which workers the page starts.
RECORD = """
(() => {
  let value;
  Object.defineProperty(window, 'nlplabRuntime', {configurable: true,
    get() { return value; },
    set(v) { value = v; window.__runtimeDefinedAt = performance.now(); }});
  const Original = window.Worker;
  window.__workers = [];
  window.Worker = function (url, options) {
    window.__workers.push(String(url));
    return new Original(url, options);
  };
  window.Worker.prototype = Original.prototype;
})();
"""

STDLIB_MORE = "python_stdlib_more.zip"


def test_the_worker_starts_from_the_head_and_runtime_js_adopts_it(browser, site_url):
    context = browser.new_context()
    context.add_init_script(RECORD)
    page = context.new_page()
    try:
        page.goto(site_url + "/playground/")
        wait_ready(page)
        assert page.locator('head script[src$="assets/build/runtime/boot.js"]').count() == 1
        python_workers = [u for u in page.evaluate("window.__workers") if u.endswith("/runtime/worker.js")]
        assert len(python_workers) == 1, page.evaluate("window.__workers")
        started, runtime_at = page.evaluate("[nlplabRuntime.bootStartedAt, window.__runtimeDefinedAt]")
        assert started < runtime_at, "the boot began before runtime.js ran"
        assert page.evaluate("nlplabRuntime.boots") == 1
        assert run(page, "first", timeout=BOOT_MS) == "done"
    finally:
        context.close()


def test_a_page_without_cells_does_not_start_python(browser, site_url, built_site):
    without = next(p for p in sorted(built_site.rglob("index.html"))
                   if 'class="nl-cell' not in p.read_text(encoding="utf-8")
                   and not p.relative_to(built_site).as_posix().startswith("assets/"))
    path = "/" + without.relative_to(built_site).as_posix()[: -len("index.html")]
    context = browser.new_context()
    context.add_init_script(RECORD)
    page = context.new_page()
    try:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        assert page.locator('script[src$="boot.js"]').count() == 0, path
        assert not [u for u in page.evaluate("window.__workers") if u.endswith("/runtime/worker.js")], path
    finally:
        context.close()


IMPORTS_MORE = """\
import statistics, tomllib
from email.mime.text import MIMEText
from xml.dom.minidom import parseString
print(statistics.median([3, 1, 2]), tomllib.loads('a = 1')['a'])
print(MIMEText('안녕').get_content_type(), parseString('<a><b/></a>').documentElement.tagName)
"""


def test_rarely_used_stdlib_modules_load_on_first_import(browser, site_url):
    """Before the background fetch (a cell run at once), importing modules of the second zip,
    split packages included (email.mime next to email.message), fetches it then and there."""
    with playground_tab(browser, site_url, record="request") as page:
        requests = page.requests
        wait_ready(page)
        assert not [u for u in requests if u.endswith(STDLIB_MORE)], "not needed for start-up"
        set_code(page, "first", IMPORTS_MORE)
        assert run(page, "first", timeout=BOOT_MS) == "done", output(page, "first")
        assert output(page, "first").split() == ["2", "1", "text/plain", "a"]
        # Fetched for the import. On a busy machine typing the cell can take longer than the 1.5 s
        # after which the page starts the background fetch; then that fetch is still on its way
        # when the import needs the zip, and the import fetches it once more (synchronously).
        assert 1 <= len([u for u in requests if u.endswith(STDLIB_MORE)]) <= 2
        cell(page, "first").get_by_role("button", name="되돌리기").click()


def test_the_second_stdlib_zip_arrives_in_the_background(browser, site_url):
    with playground_tab(browser, site_url, record="requestfinished") as page:
        requests = page.requests
        wait_ready(page)
        deadline = time.monotonic() + 60
        while not [u for u in requests if u.endswith(STDLIB_MORE)] and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        assert [u for u in requests if u.endswith(STDLIB_MORE)], "fetched once Python was idle"
