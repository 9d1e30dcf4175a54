"""Playwright fixtures: Debian's Chromium, and the built site served as a static host would."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from static_server import serve_in_thread  # noqa: E402

SITE = ROOT / "site"
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


def site_page_paths(site: Path) -> list[str]:
    """Every page of the built site as a URL path relative to the site root ("", "rnn/")."""
    paths = []
    for file in sorted(site.rglob("index.html")):
        rel = file.relative_to(site).as_posix()
        if not rel.startswith("assets/"):
            paths.append(rel[: -len("index.html")])
    return paths


@pytest.fixture(scope="session")
def sitemap_for(built_site):
    """Make Material's instant navigation work against a test server.

    Material intercepts a link only when its URL (protocol and host aside) is in sitemap.xml,
    which MkDocs writes from `site_url`: a deployment sets it, a test server on a random port
    cannot match it. `sitemap_for(context, base_url)` answers the context's sitemap.xml
    requests with the site's pages at `base_url`, as a deployment with a matching site_url would.
    """
    paths = site_page_paths(built_site)

    def install(context, base_url: str) -> None:
        base = base_url.rstrip("/") + "/"
        body = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths) + "</urlset>")
        context.route("**/sitemap.xml", lambda route: route.fulfill(body=body, content_type="application/xml"))

    return install
