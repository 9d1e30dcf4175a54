"""A cell's printed output against its recorded `#| output` section (cell_format.py).

The same comparison serves the native run (tests/course/test_pages_native.py), the browser run
(tests/browser/course_support.py) and the Pyodide-under-Node script (scripts/pyodide_cells.py):
whitespace runs count as one space, numbers match within a relative tolerance (BLAS and platforms
differ in the last bits), and a line of just `...` matches any lines, none included.
"""

from __future__ import annotations

import re

INF = float("inf")
NUMBER_RE = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|[-+]?\b(?:nan|inf)\b")


def _line_tokens(line: str) -> list[str | float]:
    tokens: list[str | float] = []
    position = 0
    for m in NUMBER_RE.finditer(line):
        text = " ".join(line[position:m.start()].split())
        if text:
            tokens.append(text)
        tokens.append(float(m.group()))
        position = m.end()
    rest = " ".join(line[position:].split())
    if rest:
        tokens.append(rest)
    return tokens


def _lines_match(expected: str, actual: str, rtol: float, atol: float) -> bool:
    a, b = _line_tokens(expected), _line_tokens(actual)
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if isinstance(x, float) and isinstance(y, float):
            if x != x or y != y:           # NaN matches NaN only
                if (x != x) != (y != y):
                    return False
                continue
            if x in (INF, -INF) or y in (INF, -INF):
                if x != y:                 # an infinity matches itself only
                    return False
                continue
            if abs(x - y) > atol + rtol * max(abs(x), abs(y)):
                return False
        elif x != y:
            return False
    return True


def outputs_match(expected: str, actual: str, rtol: float = 1e-6, atol: float = 1e-9) -> tuple[bool, str]:
    """Compare a cell's recorded `#| output` with what it printed.

    Whitespace runs count as one space, numbers match within `rtol`/`atol` (BLAS and
    platforms differ in the last bits), and a line of just `...` matches any lines.
    Returns (matched, a message naming the first line that differs).
    """
    want = [line.rstrip() for line in expected.strip("\n").splitlines()]
    got = [line.rstrip() for line in actual.strip("\n").splitlines()]

    def match(i: int, j: int) -> int:
        """-1 on success, else the index in `want` of the first line that failed."""
        if i == len(want):
            return -1 if j == len(got) else i
        if want[i].strip() == "...":
            worst = i + 1
            for k in range(j, len(got) + 1):
                failed = match(i + 1, k)
                if failed == -1:
                    return -1
                worst = max(worst, failed)
            return worst
        if j < len(got) and _lines_match(want[i], got[j], rtol, atol):
            return match(i + 1, j + 1)
        return i

    failed = match(0, 0)
    if failed == -1:
        return True, ""
    line = want[failed] if failed < len(want) else "(end of output)"
    return False, (f"output differs at expected line {failed + 1}: {line!r}\n"
                   f"--- expected ---\n{expected}\n--- printed ---\n{actual}")
