"""Stage `wheel`: nlplab as the wheel the browser installs at start-up (docs/assets/build/wheels/)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from asset_build.common import CACHE, OUT, ROOT, AssetError, log

def source_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "pysrc").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(".pyc"):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    for name in ("pyproject.toml", "README.md"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def build_wheel() -> Path:
    """nlplab as a wheel, rebuilt only when pysrc, pyproject.toml or README.md changed."""
    out = OUT / "wheels"
    stamp = CACHE / "nlplab-wheel.sha256"
    digest = source_digest()
    wheels = sorted(out.glob("nlplab-*.whl")) if out.exists() else []
    if len(wheels) == 1 and stamp.exists() and stamp.read_text() == digest:
        return wheels[0]
    log("building the nlplab wheel")
    with tempfile.TemporaryDirectory() as tmp:
        # Build from a clean copy, so setuptools leaves no build/ or egg-info in the checkout
        # (other builds may be running there) and no stray file can slip into the wheel.
        source = Path(tmp) / "src"
        shutil.copytree(ROOT / "pysrc", source / "pysrc",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        for name in ("pyproject.toml", "README.md", *[p.name for p in ROOT.glob("LICEN[CS]E*")]):
            shutil.copyfile(ROOT / name, source / name)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
             "--quiet", "--wheel-dir", str(Path(tmp) / "dist"), str(source)],
            capture_output=True, text=True, cwd=tmp,
        )
        if result.returncode != 0:
            raise AssetError(f"building the nlplab wheel failed:\n{result.stderr.strip()}")
        built = sorted((Path(tmp) / "dist").glob("nlplab-*.whl"))
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        shutil.copyfile(built[0], out / built[0].name)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)
    return out / built[0].name
