"""scripts/precompress.py writes .br/.gz where they pay, and the static server sends them."""

from __future__ import annotations

import gzip
import json
import os
import re
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


def test_a_plain_server_sends_every_file_as_it_is_and_a_copy_by_its_own_name(tiny_site):
    """static_server's plain=True is a host that compresses nothing: no Content-Encoding, even to
    a browser that accepts brotli; `file.br` asked for by name comes as it is (the runtime's
    brotli-copies.ts decodes it)."""
    precompress.precompress(tiny_site, workers=1)
    server, url = serve_in_thread(tiny_site, plain=True)
    try:
        for path in ("/assets/app.js", "/assets/app.js.br"):
            status, headers, body = fetch(url, path, headers={"Accept-Encoding": "gzip, deflate, br"})
            assert status == 200 and "content-encoding" not in headers, (path, headers)
            assert body == (tiny_site / path.lstrip("/")).read_bytes()
    finally:
        server.shutdown()


def test_assets_mode_encodes_only_the_files_the_asset_manifest_lists(tmp_path, monkeypatch):
    monkeypatch.setattr(precompress, "CACHE", tmp_path / "cache")
    folder = tmp_path / "build"
    (folder / "pyodide").mkdir(parents=True)
    (folder / "pyodide" / "listed.js").write_text("export const x = 1;\n" * 500)
    (folder / "runtime").mkdir()
    (folder / "runtime" / "bundle.js").write_text("export const y = 2;\n" * 500)   # web/build.mjs's
    (folder / "manifest.json").write_text('{"files": {"pyodide/listed.js": "0"}}')
    # in this process, so that the encoder sees the CACHE above
    monkeypatch.setattr(precompress, "precompress",
                        lambda site, workers=None, files=None: [precompress.cached_encode(p) for p in files])
    precompress.main(["--assets", str(folder)])
    assert brotli.decompress((folder / "pyodide/listed.js.br").read_bytes()) == (folder / "pyodide/listed.js").read_bytes()
    assert not (folder / "runtime/bundle.js.br").exists()


def test_both_workers_know_every_brotli_copy_of_the_asset_build():
    """web/build.mjs lists the asset build's files that have a .br beside them (BROTLI_COPIES) in
    worker.js and sw.js; the large files of the first result are among them."""
    build = SITE / "assets" / "build"
    if not (build / "manifest.json").exists():
        pytest.fail("site/ is not built: run `make build`")
    files = json.loads((build / "manifest.json").read_text(encoding="utf-8"))["files"]
    expected = sorted(path for path in files if (build / (path + ".br")).is_file())
    assert {"pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip"} <= set(expected)
    assert any(path.startswith("pyodide/numpy-") for path in expected)
    for script in (build / "runtime" / "worker.js", SITE / "sw.js"):
        text = script.read_text(encoding="utf-8")
        lists = [json.loads(m) for m in re.findall(r'\[(?:"[^"\]]+",?)+\]', text)]
        assert expected in lists, f"{script.name} does not list the brotli copies {expected}"
