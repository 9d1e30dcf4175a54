"""Playwright fixtures: Debian's Chromium, and the built site served as a static host would.

Every test runs under the site's Content-Security-Policy (mkdocs_hooks/csp.py; the static server
sends it as a header too, which is what a worker runs under) and fails if the browser reports a
violation: `csp_guard` below. Two Playwright helpers would otherwise trip the policy themselves;
browser_support.adapt_playwright_to_csp (called below) routes them through the DevTools protocol.

The helpers the tests share are modules of their own: browser_support.py (Chromium, timeouts,
pages, navigation), playground_support.py (the runtime on the playground), course_support.py
(every page's cells in page order), site_support.py (search, the stated policy), a11y_support.py.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from browser_support import ROOT, adapt_playwright_to_csp, launch_options

sys.path.insert(0, str(ROOT / "scripts"))
import static_server  # noqa: E402
from static_server import serve_in_thread  # noqa: E402

# NLPLAB_SITE_DIR: test a site built elsewhere (e.g. while another build rewrites site/).
SITE = Path(os.environ.get("NLPLAB_SITE_DIR") or ROOT / "site")
adapt_playwright_to_csp()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    options = launch_options()
    options.pop("headless")            # pytest-playwright's --headed decides
    return {**browser_type_launch_args, **options}


@pytest.fixture(scope="session")
def built_site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `make test` (it builds the site first)")
    return SITE


@pytest.fixture(scope="session")
def site_url(built_site):
    """The site without COOP/COEP headers: Stop must end the worker and start a new one."""
    server, url = serve_in_thread(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def isolated_site_url(built_site):
    """The site with COOP/COEP headers: Stop interrupts Python through a SharedArrayBuffer."""
    server, url = serve_in_thread(built_site, isolate=True)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def subpath_site_url(built_site, tmp_path_factory):
    """The site under /course/ (as on a static host's sub-path); the host's root serves nothing,
    so a URL that wrongly assumes the site root is "/" fails with 404."""
    empty = tmp_path_factory.mktemp("host-root")
    server, url = serve_in_thread(empty, extra_mounts={"/course/": built_site})
    yield url + "/course"
    server.shutdown()


# --------------------------------------------------------------------------- the CSP guard

CHECKED = [len(static_server.CSP_REPORTS)]     # reports already judged (failed or accepted)


def describe(reports: list[dict]) -> str:
    keys = ("document-uri", "effective-directive", "blocked-uri", "source-file", "line-number", "script-sample")
    return "\n".join(str({k: r.get(k) for k in keys if r.get(k) not in (None, "")}) for r in reports)


class CspGuard:
    """The violation reports the browser sent to any static server of this test run."""

    def new(self) -> list[dict]:
        return static_server.CSP_REPORTS[CHECKED[0]:]

    def take(self, count: int = 1, timeout: float = 10.0) -> list[dict]:
        """Wait for `count` new reports and accept them (for a test that violates on purpose)."""
        deadline = time.monotonic() + timeout
        while len(self.new()) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        taken = self.new()
        CHECKED[0] += len(taken)
        return taken


@pytest.fixture(autouse=True)
def csp_guard():
    """Fails the test if the browser reported a Content-Security-Policy violation meanwhile."""
    guard = CspGuard()
    yield guard
    reports = guard.new()
    CHECKED[0] += len(reports)
    if reports:
        pytest.fail(f"{len(reports)} Content-Security-Policy violation(s):\n{describe(reports)}", pytrace=False)


@pytest.fixture(scope="session", autouse=True)
def csp_guard_late():
    """Reports that arrive after the last test ended (the browser sends them asynchronously)."""
    yield
    time.sleep(0.5)
    late = CspGuard().new()
    if late:
        pytest.fail(f"Content-Security-Policy violation(s) after the tests:\n{describe(late)}", pytrace=False)
