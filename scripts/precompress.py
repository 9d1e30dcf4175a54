"""Write `file.br` and `file.gz` beside the files of the built site that compress well.

    python scripts/precompress.py [SITE]              (default: site/; `make build` after mkdocs)
    python scripts/precompress.py --assets [FOLDER]   (default: docs/assets/build/; `make assets`)

`--assets` does the same for the asset build's files (those its manifest.json lists) before
web/build.mjs runs: the brotli copies found there are the ones the runtime decodes itself on a
host that sends no brotli (web/src/brotli-copies.ts), so web/build.mjs lists them for the workers.
MkDocs copies them into site/, where the second pass finds them already made (same cache).

A static host that serves precompressed files (scripts/static_server.py does; so do nginx's
`brotli_static`/`gzip_static`, Netlify, Caddy's `precompressed`) then sends the small copy to a
browser that accepts it. Both are written because browsers advertise brotli only on secure
origins (https, localhost): a classroom server on `http://192.168.…` gets gzip.

What pays, measured on this site as built (bytes, Pyodide 0.27.7):

    pyodide.asm.wasm   10,105,545 -> gzip -9 3,137,600 -> brotli 11 2,271,591
    pyodide.asm.js      1,255,688 -> gzip -9   235,576 -> brotli 11   196,187
    numpy wheel        11,315,410 -> gzip -9 2,934,430 -> brotli 11 1,948,761  (stored)
    python_stdlib.zip   3,569,108 -> gzip -9 1,417,902 -> brotli 11 1,050,773  (stored, start-up modules precompiled)
    scipy wheel        13,477,451 -> (deflated as shipped: the probe saves under 5 %, skipped)

The zips the first result needs are served with their members stored, not deflated
(scripts/asset_build/pyodide.py: stored_copies), precisely so that these encodings can compress
across files; a zip that stays deflated barely shrinks again, and is skipped.

So nothing is decided by file type: each file is probed with a fast zlib pass and compressed only
when that saves at least PROBE_SAVING; a .gz or .br is kept only when it is at most KEEP_RATIO of
the original (and a .br only when smaller than the .gz). Images and fonts that are compressed by
design are not even probed. Results are cached by content hash in .cache/precompress/ (or
$NLPLAB_CACHE_DIR/precompress), since `mkdocs build` writes site/ afresh each time and brotli's
best level takes about 25 s for the wasm file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sys
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

try:
    import brotli
except ImportError:  # the site extra installs it; without it only .gz files are written
    brotli = None

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("NLPLAB_CACHE_DIR") or ROOT / ".cache").resolve() / "precompress"

MIN_SIZE = 1024                 # smaller files: the headers cost more than the saving
PROBE_SAVING = 0.05             # a zlib-1 pass must save 5 % before the real encoders run
KEEP_RATIO = 0.90               # a .gz/.br must be at most 90 % of the original
NEVER = {".br", ".gz", ".zst", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".woff2",
         ".woff", ".mp4", ".webm", ".mp3", ".ogg", ".map"}
VERSION = f"gzip9-brotli11-{brotli.version if brotli else 'none'}"


def candidates(site: Path) -> list[Path]:
    return sorted(
        path for path in site.rglob("*")
        if path.is_file() and path.suffix.lower() not in NEVER and path.stat().st_size >= MIN_SIZE
    )


def encode(data: bytes) -> dict[str, bytes]:
    """The encodings of `data` worth keeping: {"gz": ..., "br": ...} (possibly empty)."""
    size = len(data)
    if len(zlib.compress(data, 1)) > size * (1 - PROBE_SAVING):
        return {}
    out: dict[str, bytes] = {}
    gz = gzip.compress(data, compresslevel=9, mtime=0)
    if len(gz) <= size * KEEP_RATIO:
        out["gz"] = gz
    if brotli is not None:
        br = brotli.compress(data, quality=11, lgwin=24)
        if len(br) <= size * KEEP_RATIO and len(br) < len(gz):
            out["br"] = br
    return out


def cached_encode(path: Path) -> tuple[Path, int, dict[str, int]]:
    data = path.read_bytes()
    key = hashlib.sha256(data + VERSION.encode()).hexdigest()
    folder = CACHE / key[:2]
    marker = folder / f"{key}.done"
    if marker.exists():
        encoded = {ext: (folder / f"{key}.{ext}").read_bytes()
                   for ext in ("gz", "br") if (folder / f"{key}.{ext}").exists()}
    else:
        encoded = encode(data)
        folder.mkdir(parents=True, exist_ok=True)
        for ext, blob in encoded.items():
            tmp = folder / f"{key}.{ext}.tmp{os.getpid()}"
            tmp.write_bytes(blob)
            tmp.replace(folder / f"{key}.{ext}")
        marker.write_text(path.name)
    for ext in ("gz", "br"):
        target = path.with_name(f"{path.name}.{ext}")
        if ext in encoded:
            target.write_bytes(encoded[ext])
        elif target.exists():
            target.unlink()            # a stale copy of older content would be served instead
    return path, len(data), {ext: len(blob) for ext, blob in encoded.items()}


def asset_files(folder: Path) -> list[Path]:
    """The files of the asset build that precompress would consider (manifest.json lists them)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = [folder / path for path in manifest["files"]]
    return [path for path in files
            if path.is_file() and path.suffix.lower() not in NEVER and path.stat().st_size >= MIN_SIZE]


def precompress(site: Path, workers: int | None = None, files: list[Path] | None = None
                ) -> list[tuple[Path, int, dict[str, int]]]:
    """Every candidate file of `site` (or only `files`), encoded, with their sizes."""
    files = candidates(site) if files is None else list(files)
    # largest first, so that the slow brotli runs overlap
    files.sort(key=lambda p: -p.stat().st_size)
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        return list(pool.map(cached_encode, files))


def main(argv: list[str]) -> None:
    assets = "--assets" in argv
    argv = [arg for arg in argv if arg != "--assets"]
    site = Path(argv[0] if argv else ROOT / ("docs/assets/build" if assets else "site"))
    if assets and not (site / "manifest.json").is_file():
        raise SystemExit(f"precompress: {site} holds no asset build (run scripts/build_assets.py first)")
    if not assets and not (site / "index.html").is_file():
        raise SystemExit(f"precompress: {site} holds no built site (run mkdocs build first)")
    if brotli is None:
        print("[precompress] brotli is not installed: writing .gz only (pip install brotli)", flush=True)
    started = time.perf_counter()
    results = precompress(site, files=asset_files(site) if assets else None)
    raw = sum(size for _, size, _ in results)
    kept = [(path, size, enc) for path, size, enc in results if enc]
    best = sum(min([size, *enc.values()]) for _, size, enc in results)
    print(f"[precompress] {len(results)} files probed, {len(kept)} precompressed "
          f"({sum('br' in e for *_, e in kept)} .br, {sum('gz' in e for *_, e in kept)} .gz): "
          f"{raw / 1e6:.1f} MB -> {best / 1e6:.1f} MB as served at best, "
          f"{time.perf_counter() - started:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
