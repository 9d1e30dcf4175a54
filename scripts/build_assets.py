"""Fetch, verify and lay out every third-party and generated asset the site and the tests need.

    python scripts/build_assets.py [pyodide] [wheel] [data] [font] [test-wheels]   (no argument: all)

Each step is a module of scripts/asset_build/ (STEPS below); every build ends with the manifest.
Downloads go to .cache/downloads once; every later run checks them and downloads nothing.
Every vendored file is checked on every run, against a hash pinned in scripts/vendor.json or
in Pyodide's official pyodide-lock.json; a mismatch stops the build and names the file.

Two environment variables move the folders (the tests build into temporary copies this way):
    NLPLAB_CACHE_DIR    instead of .cache/
    NLPLAB_ASSETS_OUT   instead of docs/assets/build/

Outputs (all git-ignored):
    docs/assets/build/pyodide/    Pyodide core + the package files the site loads
    docs/assets/build/wheels/     nlplab's wheel (the browser installs it at start-up)
    docs/assets/build/data/       datasets the pages fetch
    docs/assets/build/fonts/      a Korean font for matplotlib in the browser, with its licence
    docs/assets/build/manifest.json   what the worker looks up, and every file's hash (web/build.mjs
                                  reads them for the service worker)
    .cache/data/                  full datasets for the native tests
    .cache/pyodide-test-wheels/   pytest and its pure-Python dependencies, for the in-browser suite
"""

from __future__ import annotations

import sys

from asset_build.common import AssetError
from asset_build.data import build_data
from asset_build.font import build_font
from asset_build.manifest import write_manifest
from asset_build.pyodide import build_pyodide
from asset_build.suite_wheels import build_test_wheels
from asset_build.wheel import build_wheel

STEPS = {
    "pyodide": build_pyodide,
    "wheel": build_wheel,
    "data": build_data,
    "font": build_font,
    "test-wheels": build_test_wheels,
}


def main(argv: list[str]) -> None:
    steps = argv or list(STEPS)
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise AssetError(f"unknown step(s) {unknown}; choose from {list(STEPS)}")
    for step in steps:
        STEPS[step]()
    write_manifest()


if __name__ == "__main__":
    main(sys.argv[1:])
