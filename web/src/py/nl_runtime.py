"""The Python half of the in-page runtime: the module the worker (web/src/worker.ts) imports.

The worker writes every file of web/src/py into site-packages (py/files.ts), registers the
JavaScript module `_nl_bridge`, imports this module once after boot, calls `install`, and then
`run_cell` for every job and `health` after it. The rest lives by concern, as the worker's other
calls need it:

    nl_running.py   running code: a namespace per page, each cell compiled under its own name,
                    the trailing expression's value, an exercise's check (run_cell, run_check)
    nl_output.py    capturing output: stdout/stderr in capped batches, figures, an interruptible
                    time.sleep, input()
    nl_errors.py    errors: tracebacks with the learner's frames only, notes on memory and recursion
    nl_explain.py   under the traceback, what the error means in the learner's own arrays and shapes
    nl_imports.py   imports: the Korean font once matplotlib is imported, the second stdlib zip,
                    what a cell imports, warming freshly loaded packages
    nl_health.py    the check after every job that this Python still runs code
    nl_variables.py the variables panel: a page's arrays and numbers, one array's values (inspect_page)
    nl_korean_font.py  the course's Korean font for matplotlib (also used by the native runs)
    nl_mpl_backend.py  matplotlib's backend: plt.show() sends the figures at once

`_nl_bridge` (worker.ts: bridge) is what Python calls in JavaScript:

    stream(name, text)               stdout/stderr of the running job
    figure(num, png, width, height)  a matplotlib figure rendered to PNG
    result(text)                     the repr of the cell's trailing expression
    sleep(seconds)                   a sleep that wakes at once when Stop is pressed (when isolated)
    input(prompt)                    the learner's answer from a text field in the cell's output, or
                                     None when cancelled (Esc or Stop); only when isolated
    load_stdlib_more()               python_stdlib_more.zip, fetched now if need be; returns its path
"""

from __future__ import annotations

import builtins
import json
import sys
import time

import nl_output
from nl_errors import RECURSION_LIMIT
from nl_health import HEALTH_TEXT, health  # noqa: F401 - called by the worker
from nl_imports import imports_of, install_matplotlib_setup, install_stdlib_more, warm_imports  # noqa: F401
from nl_running import reset, run_cell  # noqa: F401 - called by the worker
from nl_variables import inspect_page  # noqa: F401 - called by the worker, only while the panel is open


def install(limits_json: str, isolated: bool = False) -> None:
    """Route output through the bridge under the page's limits (config.ts: OUTPUT_LIMITS), and make
    blocking calls behave in a worker. `isolated`: the page is cross-origin isolated, so input()
    can wait for the learner's answer (web/src/input-channel.ts)."""
    nl_output.CAPTURE.configure(json.loads(limits_json))
    sys.stdout = nl_output.OutputStream("stdout")
    sys.stderr = nl_output.OutputStream("stderr")
    time.sleep = nl_output.interruptible_sleep
    builtins.input = nl_output.ask_in_page if isolated else nl_output.no_input
    sys.setrecursionlimit(RECURSION_LIMIT)
    install_matplotlib_setup()
