"""Playwright fixtures: Debian's Chromium, and the built site served as a static host would."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from static_server import serve_in_thread  # noqa: E402

# NLPLAB_SITE_DIR: test a site built elsewhere (e.g. while another build rewrites site/).
SITE = Path(os.environ.get("NLPLAB_SITE_DIR") or ROOT / "site")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if CHROMIUM.exists():
        args["executable_path"] = str(CHROMIUM)
    return args


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
