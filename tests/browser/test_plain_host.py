"""The large files on a host that compresses nothing (web/src/brotli-copies.ts).

`make build` writes a brotli copy (`file.br`) beside each large file of the asset build. On a host
that sends the files as they are (the static server with plain=True: no Content-Encoding), the
Python worker and the service worker fetch those copies and decode them in the browser, checked
against the build's hashes; on a host that sends brotli itself, they use the host's. A copy that
is missing or wrong falls back to the file itself.
"""

from __future__ import annotations

import os
import shutil

import pytest
from offline_support import cache_names, new_context, wait_offline_ready
from playground_support import BOOT_MS, PLAYGROUND, output, playground_tab, run, set_code, wait_ready
from static_server import serve_in_thread

# The large files the first result needs (file names start so).
LARGE = ["pyodide.asm.wasm", "pyodide.asm.js", "python_stdlib.zip", "numpy-"]
NUMPY_CODE = "import numpy as np\nprint(np.arange(12).reshape(3, 4).sum(axis=0))"


@pytest.fixture(scope="module")
def plain_site_url(built_site):
    server, url = serve_in_thread(built_site, plain=True)
    yield url
    server.shutdown()


def record_methods(context) -> None:
    """Every request's method and URL, the Python worker's included, in context.requests."""
    context.requests = []
    context.on("request", lambda r: context.requests.append((r.method, r.url)))


def boot_and_run_numpy(page) -> None:
    wait_ready(page)
    set_code(page, "first", NUMPY_CODE)
    assert run(page, "first", timeout=BOOT_MS) == "done", output(page, "first")
    assert "[12 15 18 21]" in output(page, "first")


def gets(context, name: str) -> list[str]:
    """The file names of the GET requests whose file name starts with `name`."""
    return [url.rsplit("/", 1)[-1] for method, url in context.requests
            if method == "GET" and url.rsplit("/", 1)[-1].startswith(name)]


def test_on_a_plain_host_the_worker_decodes_the_brotli_copies(browser, plain_site_url, built_site):
    failed: list[str] = []

    def prepare(context):
        record_methods(context)
        context.on("requestfailed", lambda r: failed.append(f"{r.method} {r.url} {r.failure}"))

    with playground_tab(browser, plain_site_url, prepare=prepare, service_workers="block") as page:
        boot_and_run_numpy(page)
        assert not failed, failed          # the HEADs too: each is read to its end
        context = page.context
        for name in LARGE:
            fetched = gets(context, name)
            assert fetched and all(f.endswith(".br") for f in fetched), (name, fetched)
        assert ("HEAD", plain_site_url + "/assets/build/pyodide/pyodide.asm.wasm") in context.requests
        assert not page.errors, page.errors


def test_on_a_brotli_host_the_host_encodes_and_no_copy_is_fetched(browser, site_url):
    with playground_tab(browser, site_url, prepare=record_methods, service_workers="block") as page:
        boot_and_run_numpy(page)
        context = page.context
        for name in LARGE:
            fetched = gets(context, name)
            assert fetched and not any(f.endswith(".br") for f in fetched), (name, fetched)


def linked_copy(built_site, tmp_path):
    """A copy of the built site made of hard links (instant); unlink a file before changing it."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, copy_function=os.link)
    return site


def test_a_corrupt_copy_falls_back_to_the_file_itself(browser, built_site, tmp_path):
    """NumPy's copy decodes to other bytes: the worker says so and fetches the wheel itself."""
    site = linked_copy(built_site, tmp_path)
    [copy] = (site / "assets/build/pyodide").glob("numpy-*.whl.br")
    data = bytearray(copy.read_bytes())
    copy.unlink()                                                 # not the built site's file
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    server, url = serve_in_thread(site, plain=True)
    warnings: list[str] = []

    def prepare(context):
        record_methods(context)
        context.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)

    try:
        with playground_tab(browser, url, prepare=prepare, service_workers="block") as page:
            boot_and_run_numpy(page)
            fetched = gets(page.context, "numpy-")
            assert fetched == [copy.name, copy.name.removesuffix(".br")], fetched
            assert any(copy.name in w and "not used" in w for w in warnings), warnings
    finally:
        server.shutdown()


def test_on_a_plain_host_the_service_worker_keeps_the_decoded_files(browser, built_site, tmp_path):
    """A host that holds only the copies of the large files: the first boot and the service
    worker's install (every file of the build, checked against its hash) take the copies, and
    what the service worker keeps is the file itself: offline, a new Python boots from it."""
    site = linked_copy(built_site, tmp_path)
    pyodide = site / "assets/build/pyodide"
    for name in LARGE:
        [original] = [p for p in pyodide.glob(name + "*") if p.suffix not in (".br", ".gz")]
        original.unlink()
    server, url = serve_in_thread(site, plain=True)
    context = new_context(browser)
    page = context.new_page()
    try:
        page.goto(url + PLAYGROUND)
        wait_ready(page)
        wait_offline_ready(page)
        [cache] = cache_names(page)
        wasm = built_site / "assets/build/pyodide/pyodide.asm.wasm"
        kept = page.evaluate("""async ([cache, url]) => {
            const response = await (await caches.open(cache)).match(url);
            return response ? (await response.arrayBuffer()).byteLength : -1;
        }""", [cache, url + "/assets/build/pyodide/pyodide.asm.wasm"])
        assert kept == wasm.stat().st_size
        assert page.evaluate("""(cache) => caches.open(cache).then(c => c.keys())
            .then(keys => keys.filter(k => k.url.endsWith('.br')).length)""", cache) == 0
        context.set_offline(True)
        page.reload()
        boot_and_run_numpy(page)
    finally:
        context.close()
        server.shutdown()
