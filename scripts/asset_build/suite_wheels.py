"""Stage `test-wheels`: pytest and its pure-Python dependencies, for nlplab's suite inside Pyodide
(tests/browser/test_pyodide_suite.py)."""

from __future__ import annotations

from asset_build.common import CACHE, VENDOR, copy_if_changed, log, pypi_file, shown

def build_test_wheels() -> None:
    """pytest and its pure-Python dependencies, for running nlplab's suite inside Pyodide."""
    out = CACHE / "pyodide-test-wheels"
    out.mkdir(parents=True, exist_ok=True)
    for requirement in VENDOR["pyodide_test_wheels"]:
        wheel = pypi_file(requirement)
        copy_if_changed(wheel, out / wheel.name)
    log(f"pytest wheels for Pyodide ready in {shown(out)}")
