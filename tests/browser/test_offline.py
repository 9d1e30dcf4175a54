"""Offline use: after one visit the whole course works with the network cut.

The service worker (web/src/sw.ts, served at the site root as sw.js) precaches the build's
files (runtime, Pyodide, wheels, stdlib, data, fonts) checked against their hashes, and every
page of the sitemap with the assets its HTML names. Its cache is named by the build id, so a
new build replaces it; a page is served by one build only. Each test uses a fresh context
(its own service workers and caches).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time

import pytest
from offline_support import cache_names, new_context, poll, wait_offline_ready
from static_server import serve_in_thread
from playground_support import BOOT_MS, PLAYGROUND, cell, output, run, wait_ready
from site_support import search

SPAM_PAGE = "/unit2/spam/"
NEVER_VISITED = "unit3/rnn/"          # a figure (matplotlib) from its first code cell


def test_after_one_visit_the_course_works_offline(browser, isolated_site_url):
    """Cross-origin isolated (COOP/COEP): the cached responses keep those headers."""
    site = isolated_site_url
    context = new_context(browser)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(site + PLAYGROUND)
        wait_ready(page)
        wait_offline_ready(page)
        assert len(cache_names(page)) == 1
        context.set_offline(True)
        assert page.evaluate("navigator.onLine") is False

        # Material's instant navigation (a link click, no full load) to a page never visited:
        # the same Python worker, now served by the service worker; matplotlib from the cache.
        page.locator(f'.md-nav a[href$="{NEVER_VISITED}"]').first.click()
        page.wait_for_url("**/" + NEVER_VISITED)
        page.wait_for_selector('[data-cell-id="unrolled"].nl-cell--live')
        assert page.evaluate("nlplabRuntime.boots") == 1, "instant navigation kept the worker"
        assert run(page, "unrolled", timeout=BOOT_MS) == "done", output(page, "unrolled")
        assert cell(page, "unrolled").locator(".nl-output img").count() == 1

        # A full load of another page: HTML, Material, the runtime and a new Python, all cached,
        # still cross-origin isolated; its cell loads the course's spam data.
        page.goto(site + SPAM_PAGE)
        assert page.evaluate("navigator.serviceWorker.controller !== null")
        assert page.evaluate("crossOriginIsolated") is True
        wait_ready(page)
        assert page.evaluate("nlplabRuntime.isolated") is True
        assert run(page, "load-spam", timeout=BOOT_MS) == "done", output(page, "load-spam")
        assert "메일" in output(page, "load-spam") and "스팸" in output(page, "load-spam")
        assert page.locator(".katex").count() > 0, "KaTeX rendered offline"

        # Search (Material's worker and the index, from the cache).
        assert search(page, "임베딩"), "search found nothing offline"
        assert not errors, errors
    finally:
        context.close()


def test_offline_under_a_sub_path(browser, subpath_site_url):
    """Not isolated, under /course/: a page never visited, full load, its data file (a
    synchronous request from the worker), and a page not in the cache."""
    site = subpath_site_url
    context = new_context(browser)
    page = context.new_page()
    try:
        page.goto(site + PLAYGROUND)
        wait_ready(page)
        wait_offline_ready(page)
        scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
        assert scope == site + "/", scope
        context.set_offline(True)
        page.goto(site + "/unit1/smoothing/")            # precached from the sitemap
        assert page.evaluate("document.querySelector('link[rel=stylesheet]').sheet !== null")
        wait_ready(page)
        assert run(page, "constitution-words", timeout=BOOT_MS) == "done", output(page, "constitution-words")
        page.goto(site + "/no-such-page/")               # not in the cache: a clear Korean notice
        assert "오프라인" in page.locator("h1").inner_text()
    finally:
        context.close()


def sha16(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def test_a_new_build_replaces_the_old_cache_and_a_page_never_mixes_builds(browser, built_site, tmp_path):
    """The server gets a new worker.js and the sw.js of that build (another build id): the open
    page keeps the old build's files, a reload gets the new build whole, the old cache goes."""
    sw_path, worker_path = tmp_path / "sw.js", tmp_path / "worker.js"
    shutil.copyfile(built_site / "sw.js", sw_path)
    shutil.copyfile(built_site / "assets/build/runtime/worker.js", worker_path)
    server, url = serve_in_thread(built_site, extra_mounts={
        "/sw.js": sw_path, "/assets/build/runtime/worker.js": worker_path})
    context = new_context(browser)
    page = context.new_page()
    worker_text = "fetch('/assets/build/runtime/worker.js', {cache: 'no-store'}).then(r => r.text())"
    try:
        page.goto(url + PLAYGROUND)
        wait_ready(page)
        wait_offline_ready(page)
        [old_cache] = cache_names(page)
        old_id = old_cache.removeprefix("nlplab-")

        # The next build: worker.js changed, so sw.js lists another hash and another build id.
        old_worker = worker_path.read_bytes()
        new_worker = old_worker + b"\n// the next build\n"
        new_id = hashlib.sha256(new_worker).hexdigest()[:12]
        sw = sw_path.read_text(encoding="utf-8")
        assert sw.count(old_id) == 1 and sw.count(sha16(old_worker)) == 1
        later = time.time() + 5          # the server answers If-Modified-Since by mtime (seconds)
        worker_path.write_bytes(new_worker)
        sw_path.write_text(sw.replace(old_id, new_id).replace(sha16(old_worker), sha16(new_worker)),
                           encoding="utf-8")
        for path in (worker_path, sw_path):
            os.utime(path, (later, later))

        # The new version installs beside the old one and waits; the open page keeps the old build.
        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        poll(page, "() => navigator.serviceWorker.getRegistration().then(r => r.waiting !== null)")
        assert sorted(cache_names(page)) == sorted([old_cache, "nlplab-" + new_id])
        assert page.evaluate(worker_text) == old_worker.decode("utf-8")
        page.evaluate("nlplabRuntime.runtime.retry()")       # a new Python worker: still the old build
        wait_ready(page)
        assert run(page, "first") == "done"

        # A reload of the only open page: the new build takes over, whole; the old cache is gone.
        page.reload()
        poll(page, "name => caches.keys().then(keys => !keys.includes(name))", arg=old_cache)
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        assert cache_names(page) == ["nlplab-" + new_id]
        assert page.evaluate(worker_text) == new_worker.decode("utf-8")
        wait_ready(page)
        assert run(page, "first") == "done", output(page, "first")
    finally:
        context.close()
        server.shutdown()


@pytest.mark.parametrize("asset", ["numpy-*.whl"])
def test_a_first_visit_that_cannot_load_an_asset_says_so_with_a_retry(browser, site_url, asset):
    context = new_context(browser)
    context.route("**/" + asset, lambda route: route.abort())
    page = context.new_page()
    try:
        started = time.monotonic()
        page.goto(site_url + PLAYGROUND)
        status = page.locator("#nl-runtime-status")
        page.wait_for_function(
            "document.querySelector('#nl-runtime-status')?.dataset.runtimeState === 'error'", timeout=120_000)
        print(f"\nthe failed first visit said so after {time.monotonic() - started:.1f} s")
        assert "불러오지 못했습니다" in status.inner_text()
        retry = status.get_by_role("button", name="다시 시도")
        assert retry.is_visible()
        context.unroute("**/" + asset)
        retry.click()
        wait_ready(page)
        assert run(page, "first") == "done", output(page, "first")
    finally:
        context.close()


def test_the_service_worker_is_versioned_by_the_build(built_site):
    """sw.js names its build and lists every file of assets/build/ with its hash."""
    text = (built_site / "sw.js").read_text(encoding="utf-8")
    listed = dict(re.findall(r'"(assets/build/[^"]+)":"([0-9a-f]{16})"', text))
    served = [p for p in (built_site / "assets/build").rglob("*")
              if p.is_file() and p.suffix not in (".map", ".br") and not
              (p.suffix == ".gz" and p.with_suffix("").exists())]
    assert {p.relative_to(built_site).as_posix() for p in served} == set(listed)
    for path in ("assets/build/runtime/runtime.js", "assets/build/runtime/worker.js",
                 "assets/build/pyodide/pyodide.asm.wasm", "assets/build/manifest.json"):
        assert listed[path] == sha16((built_site / path).read_bytes()), path
