"""A pytest plugin that records every test's outcome, and each skip's reason, as JSON.

The in-Pyodide suite (tests/browser/test_pyodide_suite.py) loads it both natively and inside
Pyodide (`-p nlplab_outcomes`, with this folder on sys.path), so the two runs can be compared
test by test. It writes to the path in the environment variable NLPLAB_OUTCOMES:

    {"exitstatus": 0, "tests": {"tests/native/test_x.py::test_y": {"outcome": "passed"}, ...}}

outcome is one of passed, failed, error (setup/teardown/collection), skipped (with "reason"),
xfailed, xpassed.
"""

from __future__ import annotations

import json
import os

_tests: dict[str, dict] = {}


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return text.removeprefix("Skipped: ")


def pytest_runtest_logreport(report):
    record = _tests.setdefault(report.nodeid, {"outcome": "passed"})
    if record["outcome"] in ("failed", "error"):
        return
    if hasattr(report, "wasxfail"):
        record["outcome"] = "xfailed" if report.skipped else "xpassed"
    elif report.skipped:
        record.update(outcome="skipped", reason=_skip_reason(report))
    elif report.failed:
        record["outcome"] = "failed" if report.when == "call" else "error"
        record["message"] = str(report.longrepr)[-2000:]


def pytest_collectreport(report):
    if report.failed:
        _tests[report.nodeid or "<collection>"] = {"outcome": "error", "message": str(report.longrepr)[-2000:]}


def pytest_sessionfinish(session, exitstatus):
    path = os.environ.get("NLPLAB_OUTCOMES")
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump({"exitstatus": int(exitstatus), "tests": _tests}, f, indent=1, sort_keys=True)
