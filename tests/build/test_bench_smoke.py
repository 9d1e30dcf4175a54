"""The browser LSTM benchmark runs end to end (tiny shapes, one repeat): not a timing test.

bench/lstm_browser.py drives the playground's cell in Chromium against the built site and runs
the same code in CPython; here it must produce a time and a ratio for every option and dtype,
with float32 kept end to end and both sides computing the same numbers. No time is asserted.
"""

from __future__ import annotations

import math
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"


def test_lstm_browser_bench_runs_with_tiny_shapes():
    if not (SITE / "playground" / "index.html").exists():
        pytest.fail("site/ is not built: run `make test` (it builds the site first)")
    pytest.importorskip("playwright")
    sys.path.insert(0, str(ROOT / "bench"))
    import lstm_browser

    # In a thread of its own: the benchmark drives Playwright's sync API, which refuses to run where
    # an event loop already runs (pytest-playwright's, when the browser tests share the session).
    with ThreadPoolExecutor(1) as thread:
        report = thread.submit(
            lstm_browser.measure, SITE, rounds=1, repeats=1, shape=(2, 3, 4, 5), options=["nlplab", "per_gate"],
            dtypes=["float64", "float32"], matmuls=False, native_default=False, log=lambda message: None).result()
    options = report["summary"]["options"]
    assert sorted(options) == ["nlplab/float32", "nlplab/float64", "per_gate/float32", "per_gate/float64"]
    for key, o in options.items():
        assert o["browser_ms"] > 0 and o["native_ms"] > 0 and math.isfinite(o["ratio"]), (key, o)
        assert o["dtype_note"] is None, (key, o["dtype_note"])          # float32 stays float32
        limit = 1e-12 if key.endswith("float64") else 1e-4
        assert o["max_rel_error_vs_float64"] < limit, (key, o["rel_errors_vs_float64"])
    assert report["browser_python"].startswith("3.12") and report["native_python"] != report["browser_python"]
    assert report["page_errors"] == []
    assert [r["verdict"].split()[0] for r in report["rows"]] == [
        "met" if o["ratio"] <= 15 else "missed" for o in options.values()]
