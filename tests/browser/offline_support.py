"""Helpers of the tests that use the service worker (web/src/sw.ts): a fresh context (its own
service workers and caches), waiting until the worker controls the page, polling the page."""

from __future__ import annotations

import time

from browser_support import INSTALL_MS
from playwright.sync_api import Error as PlaywrightError


def new_context(browser, **kwargs):
    context = browser.new_context(**kwargs)
    context.set_default_timeout(60_000)
    return context


def wait_offline_ready(page, timeout=INSTALL_MS) -> str:
    """Wait until the service worker is installed and controls the page; its cache's name."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=timeout)
    return page.evaluate("caches.keys()")


def poll(page, function: str, timeout_ms: int = INSTALL_MS, arg=None):
    """Call the JS `function` (it may return a promise) until it is truthy; its value.

    Each call gives up after 5 s (a promise the browser keeps pending, e.g. caches.keys() while the
    new service worker deletes the old cache, must not hang the test: page.evaluate has no timeout).
    """
    bounded = f"arg => Promise.race([({function})(arg), new Promise(r => setTimeout(() => r(null), 5000))])"
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        try:
            value = page.evaluate(bounded, arg)
        except PlaywrightError as error:          # the page navigated meanwhile (a Refresh)
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
            value = None
        if value or time.monotonic() > deadline:
            assert value, f"timed out waiting for {function}"
            return value
        page.wait_for_timeout(100)


def cache_names(page) -> list[str]:
    """The service worker's caches (nlplab-<build id>), not the interpreter snapshot's
    (nlplab-python-snapshot, web/src/python-snapshot.ts), which a later moment of the visit adds."""
    return page.evaluate("caches.keys().then(keys => keys.filter(k => k.startsWith('nlplab-') "
                         "&& k !== 'nlplab-python-snapshot'))")
