"""`make serve` (mkdocs serve --livereload): instant navigation, so Python survives page changes.

mkdocs serve sets site_url to its own address, so its sitemap lists the pages where the browser
finds them; this checks it end to end on a free port, as a course author works.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from playground_support import BOOT_MS, RUN_MS, cell, output, run, wait_ready
from browser_support import free_port
from site_support import POLICY_META, directives

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def serve_url():
    if not (ROOT / "docs" / "assets" / "build" / "runtime" / "runtime.js").is_file():
        pytest.fail("docs/assets/build is not built: run `make build` first")
    port = free_port()
    log = open(os.devnull, "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"mkdocs serve did not start (exit status {server.poll()})")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_mkdocs_serve_navigates_instantly_and_keeps_python(browser, serve_url):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(serve_url + "/playground/")
        wait_ready(page, timeout=BOOT_MS)
        assert run(page, "first") == "done"
        page.evaluate("window.__samePage = true")
        page.locator(".md-nav__link", has_text="시작하기").first.click()
        page.wait_for_url(serve_url + "/")
        page.locator(".md-nav__link", has_text="연습장").first.click()
        page.wait_for_url(serve_url + "/playground/")
        cell(page, "second").locator(".cm-content").wait_for()
        assert page.evaluate("window.__samePage") is True, "navigation was a reload"
        assert run(page, "second") == "done"
        assert "y = [0 2 4 6 8]" in output(page, "second"), "the page's namespace survived"
        assert page.evaluate("nlplabRuntime.boots") == 1
        assert errors == []
    finally:
        context.close()


def test_mkdocs_serve_keeps_the_policy_and_livereload_runs_under_it(browser, serve_url):
    """mkdocs serve injects an inline livereload script that changes with every response: while
    serving, script-src allows inline scripts instead of listing hashes (mkdocs_hooks/csp.py)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        refused = []
        page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))
        with page.expect_request(re.compile(r"/livereload/\d+/\d+"), timeout=RUN_MS):
            page.goto(serve_url + "/")
        policy = directives(page.locator(POLICY_META).get_attribute("content"))
        assert "'unsafe-inline'" in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert not any(s.startswith("'sha256-") for s in policy["script-src"])
        assert page.evaluate("typeof livereload") == "function"
        assert not refused, refused
    finally:
        context.close()
