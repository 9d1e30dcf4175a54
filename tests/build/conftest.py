"""Shared fixtures of the build tests."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Build:
    site: Path
    output: str  # what mkdocs printed (stdout and stderr)


@pytest.fixture(scope="session")
def fresh_build(tmp_path_factory) -> Build:
    """The site as `mkdocs build --strict` makes it from docs/ now (hooks included), built once
    for the session into a temporary folder: what the build writes, whatever site/ holds."""
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return Build(site, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def fresh_site(fresh_build) -> Path:
    return fresh_build.site
