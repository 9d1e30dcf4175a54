"""Helpers for nlplab's suite: gradient checks, reference libraries for cross-checks, fetched datasets.

Import them as `from helpers import numerical, TOL, import_reference, data_path`. This folder also runs inside
Pyodide (tests/browser/test_pyodide_suite.py), where torch, scikit-learn, scipy, the registry
datasets and sockets are absent: tests that need them are skipped there, and only there.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from pathlib import Path

import pytest

IN_PYODIDE = sys.platform == "emscripten"
REQUIRE_CROSSCHECKS = os.environ.get("NLPLAB_REQUIRE_CROSSCHECKS") == "1"
#: the bar of every float64 gradient check: rel_error(analytic, numerical(...)) < TOL
TOL = 1e-7
DATA_DIR = Path(os.environ.get("NLPLAB_DATA", Path(__file__).resolve().parents[2] / ".cache" / "data"))


def import_reference(name: str):
    """Import a reference library (torch, sklearn, scipy) for a cross-check.

    Inside Pyodide these are absent and the test is skipped, and only there: natively a
    missing library is a skip for a quick local run but a failure when CI asks for the
    cross-checks (NLPLAB_REQUIRE_CROSSCHECKS=1, set by .ci/run).
    """
    try:
        return importlib.import_module(name)
    except ImportError as error:
        if IN_PYODIDE:
            pytest.skip(f"{name} is not available inside Pyodide")
        if REQUIRE_CROSSCHECKS:
            pytest.fail(f"{name} is required for the cross-checks (NLPLAB_REQUIRE_CROSSCHECKS=1): {error}")
        pytest.skip(f"{name} is not installed")


def data_path(*parts: str) -> Path:
    """A dataset fetched by `scripts/build_assets.py data` (make test runs it first)."""
    path = DATA_DIR.joinpath(*parts)
    if not path.exists():
        if IN_PYODIDE:
            pytest.skip("the registry datasets are not copied into Pyodide")
        pytest.fail(f"{path} is missing: run `make test` (or `python scripts/build_assets.py data`) first")
    return path


@contextlib.contextmanager
def serving(folder: Path):
    """A local HTTP server for `folder` (its base URL), shut down afterwards; natively only:
    Pyodide has no sockets to listen on."""
    if IN_PYODIDE:
        pytest.skip("a local HTTP server cannot listen inside Pyodide")
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def numerical(f, x, df=None):
    """The gradient checks' numerical gradient: five-point centred differences (error near 1e-13).

    The two-point formula at h = 1e-5 leaves rounding errors near 1e-11, too coarse for a relative
    1e-7 on small entries (a whole model's mean loss has gradient entries near 1e-6).
    """
    from nlplab.gradcheck import numerical_gradient   # here: the runner's own tests load helpers without nlplab

    return numerical_gradient(f, x, df, h=1e-3, order=4)
