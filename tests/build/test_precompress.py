"""scripts/precompress.py writes .br/.gz where they pay, and the static server sends them."""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path

import brotli
import pytest
from http_support import fetch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import precompress  # noqa: E402
from static_server import serve_in_thread  # noqa: E402

# NLPLAB_SITE_DIR: test a site built elsewhere (e.g. while another build rewrites site/).
SITE = Path(os.environ.get("NLPLAB_SITE_DIR") or ROOT / "site")


@pytest.fixture
def tiny_site(tmp_path, monkeypatch):
    monkeypatch.setattr(precompress, "CACHE", tmp_path / "cache")
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>x</title>" + "<p>임베딩은 단어를 벡터로 바꿉니다.</p>\n" * 200)
    (site / "assets" / "app.js").write_text("export function f(x) { return x * 2; }\n" * 100)
    (site / "assets" / "noise.whl").write_bytes(os.urandom(50_000))      # like an already-deflated wheel
    (site / "assets" / "small.css").write_text("body { margin: 0 }\n")  # below MIN_SIZE
    (site / "assets" / "logo.png").write_bytes(b"\x89PNG" + b"\0" * 5000)  # compressible, but a PNG
    return site


def test_compressible_files_get_br_and_gz_that_decode_to_the_original(tiny_site):
    precompress.precompress(tiny_site, workers=1)
    for name in ["index.html", "assets/app.js"]:
        original = (tiny_site / name).read_bytes()
        br = (tiny_site / f"{name}.br").read_bytes()
        gz = (tiny_site / f"{name}.gz").read_bytes()
        assert brotli.decompress(br) == original
        assert gzip.decompress(gz) == original
        assert len(br) < len(gz) < len(original) * precompress.KEEP_RATIO
    for name in ["assets/noise.whl", "assets/small.css", "assets/logo.png"]:
        assert not (tiny_site / f"{name}.br").exists() and not (tiny_site / f"{name}.gz").exists(), name


def test_a_second_run_uses_the_cache_and_removes_stale_copies(tiny_site, monkeypatch):
    precompress.precompress(tiny_site, workers=1)
    calls = []
    monkeypatch.setattr(precompress, "encode", lambda data: calls.append(len(data)) or {})
    (tiny_site / "index.html.br").unlink()
    for path in precompress.candidates(tiny_site):      # in this process, to see the calls
        precompress.cached_encode(path)
    assert calls == []                                   # everything came from the cache
    assert (tiny_site / "index.html.br").exists()
    # New content that no longer compresses: the old .br/.gz must go, or they would be served.
    (tiny_site / "assets" / "app.js").write_bytes(os.urandom(5000))
    monkeypatch.undo()
    monkeypatch.setattr(precompress, "CACHE", tiny_site.parent / "cache")
    precompress.precompress(tiny_site, workers=1)
    assert not (tiny_site / "assets" / "app.js.br").exists()
    assert not (tiny_site / "assets" / "app.js.gz").exists()


def test_the_server_sends_the_precompressed_copy_to_who_accepts_it(tiny_site):
    precompress.precompress(tiny_site, workers=1)
    server, url = serve_in_thread(tiny_site)
    try:
        for accept, encoding, suffix in [("gzip, deflate, br", "br", ".br"), ("gzip", "gzip", ".gz"),
                                         ("identity", None, "")]:
            status, headers, body = fetch(url, "/assets/app.js", headers={"Accept-Encoding": accept})
            assert status == 200
            assert headers.get("content-encoding") == encoding
            assert headers.get("content-type", "").startswith("text/javascript")
            assert body == (tiny_site / f"assets/app.js{suffix}").read_bytes()
            if encoding:
                # a revalidation of the unchanged file: 304, no body
                for condition, validator in (("If-None-Match", "etag"), ("If-Modified-Since", "last-modified")):
                    status, _, again = fetch(url, "/assets/app.js",
                                             headers={"Accept-Encoding": accept, condition: headers[validator]})
                    assert (status, again) == (304, b"")
    finally:
        server.shutdown()


def test_the_built_site_is_precompressed_and_no_copy_is_stale():
    """make build runs precompress after mkdocs: the wasm goes out as brotli, and every .br/.gz
    in site/ decodes to the file beside it as it is now."""
    wasm = SITE / "assets" / "build" / "pyodide" / "pyodide.asm.wasm"
    if not wasm.exists():
        pytest.fail("site/ is not built: run `make build`")
    assert (wasm.parent / (wasm.name + ".br")).stat().st_size < 0.3 * wasm.stat().st_size
    checked = 0
    for copy in sorted([*SITE.rglob("*.br"), *SITE.rglob("*.gz")]):
        original = copy.with_suffix("")
        if not original.is_file():
            continue                     # an asset in its own right (e.g. data/spam.json.gz)
        decode = brotli.decompress if copy.suffix == ".br" else gzip.decompress
        assert decode(copy.read_bytes()) == original.read_bytes(), f"{copy} is stale"
        checked += 1
    assert checked >= 10
