"""scripts/static_server.py serves sitemap.xml at its own address, and the built sitemap lists
every page at the configured site_url (what Material's instant navigation needs)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from http_support import fetch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from static_server import rebase_sitemap, serve_in_thread  # noqa: E402

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://course.example.org/nlp/</loc></url>
    <url><loc>https://course.example.org/nlp/unit1/naive-bayes/</loc></url>
    <url><loc>https://course.example.org/nlp/%EC%97%B0%EC%8A%B5/</loc></url>
</urlset>
"""


@pytest.fixture
def served(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>x</p>")
    (site / "sitemap.xml").write_text(SITEMAP)
    # A stale precompressed copy (precompress.py writes them) must not be sent instead.
    (site / "sitemap.xml.gz").write_bytes(b"stale")
    (site / "sitemap.xml.br").write_bytes(b"stale")
    empty = tmp_path / "empty"
    empty.mkdir()
    servers = [serve_in_thread(site), serve_in_thread(empty, extra_mounts={"/course/": site})]
    yield [url for _, url in servers]
    for server, _ in servers:
        server.shutdown()


def locs(body: bytes) -> list[str]:
    return re.findall(r"<loc>(.*?)</loc>", body.decode())


def test_the_sitemap_is_served_at_the_servers_own_address(served):
    root_url, mounted_url = served
    status, headers, body = fetch(root_url, "/sitemap.xml", headers={"Accept-Encoding": "br, gzip"})
    assert status == 200 and "content-encoding" not in headers
    assert headers["content-type"].startswith("application/xml")
    assert locs(body) == [f"{root_url}/", f"{root_url}/unit1/naive-bayes/", f"{root_url}/%EC%97%B0%EC%8A%B5/"]
    status, _, body = fetch(mounted_url, "/course/sitemap.xml")
    assert status == 200
    assert locs(body) == [f"{mounted_url}/course/", f"{mounted_url}/course/unit1/naive-bayes/",
                          f"{mounted_url}/course/%EC%97%B0%EC%8A%B5/"]


def test_rebasing_leaves_an_empty_sitemap_and_keeps_only_paths():
    assert rebase_sitemap("<urlset></urlset>", "http://h:1", "/") == "<urlset></urlset>"
    moved = rebase_sitemap("<loc>http://a:8000/x/?q=1&amp;r=2</loc><loc>http://a:8000/</loc>", "http://h:1", "/")
    assert moved == "<loc>http://h:1/x/</loc><loc>http://h:1/</loc>"


def test_the_built_sitemap_lists_every_page_at_the_site_url():
    """`make build` without NLPLAB_SITE_URL: mkdocs.yml's default address, every page listed."""
    site = Path(os.environ.get("NLPLAB_SITE_DIR") or ROOT / "site")
    if not (site / "sitemap.xml").is_file():
        pytest.fail("site/ is not built: run `make build` first")
    listed = locs((site / "sitemap.xml").read_bytes())
    pages = sorted(f.parent.relative_to(site).as_posix() for f in site.rglob("index.html")
                   if not f.relative_to(site).as_posix().startswith("assets/"))
    assert len(listed) == len(pages) >= 10
    base = listed[0][: listed[0].index("/", len("https://")) + 1]
    assert all(url.startswith(base) for url in listed), listed
    assert sorted(urlsplit(url).path.strip("/") for url in listed) == sorted(p.strip(".") for p in pages)
