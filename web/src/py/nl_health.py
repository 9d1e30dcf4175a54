"""The check after every job that this Python still runs code (worker.ts: healthy).

A job that ran out of memory, or a learner's ctypes, can leave the interpreter unable to run
anything, and a cell must never meet such a Python: the worker calls `health(HEALTH_TEXT)` after
every job and replaces a Python that fails it. HEALTH_TEXT holds characters of each width CPython
stores (1, 2 and 4 bytes); the worker passes its own copy in and reads this one back, so both
directions of Pyodide's string conversion are checked. The two copies are one contract
(web/src/protocol.ts: HEALTH_TEXT; tests/build/test_runtime_contracts.py compares them).
"""

from __future__ import annotations

import json
import traceback

HEALTH_TEXT = "<셀 0> ✓ 𝄞 é"
_checks = (compile, exec, traceback.format_exception, json.dumps)     # a learner may rebind the originals


def health(text: str) -> str:
    """"" when the interpreter still runs code, else what failed (Korean is not needed: logged)."""
    compile_, exec_, format_exception, dumps = _checks
    try:
        if text != HEALTH_TEXT:
            return f"a string from JavaScript arrived as {text!r}"
        scope: dict = {}
        exec_(compile_("def double(n):\n    return 2 * n\nvalue = double(21)", text, "exec"), scope)
        if scope.get("value") != 42:
            return f"compiled code computed {scope.get('value')!r}"
        lines: list[str] = []
        try:
            scope["double"](None)
        except TypeError as exc:
            lines = format_exception(exc)
        if not lines[-1].startswith("TypeError") or text not in "".join(lines):
            return f"a traceback came out as {lines!r}"
        if dumps({"text": text}, ensure_ascii=False) != '{"text": "' + HEALTH_TEXT + '"}':
            return "json.dumps failed"
        return ""
    except BaseException as exc:   # noqa: BLE001 - whatever fails is the answer
        return f"{type(exc).__name__}: {exc}"
