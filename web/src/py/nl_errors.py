"""Errors as the learner sees them: tracebacks with the learner's own frames, and notes in Korean.

Each cell is compiled under its own file name (nl_running), and a traceback shows only the frames
of the learner's cells: the runtime, the standard library, nlplab, the page's setup code and an
exercise's check are hidden. The names are a contract with the page, which chooses them
(web/src/protocol.ts: cellFilename): `<셀 N>` for the cell numbered N, `<준비 코드 N>` for the
page's N-th setup cell; nl_running names the check `<채점>`. The learner's frames are those whose
file name starts with CELL_PREFIX; tests/build/test_runtime_contracts.py keeps both sides in step.
"""

from __future__ import annotations

import ast
import linecache
import sys
import traceback

from nl_explain import eval_plain, explain

# The learner's cells, as the page names them (web/src/protocol.ts: cellFilename).
CELL_PREFIX = "<셀"
# Python's recursion limit in the worker (nl_runtime.install sets it). CPython 3.12 needs no C
# stack for Python-to-Python calls, but a recursion through C (map, a class's __init__,
# __getattr__, __eq__, lru_cache, ...) needs some at every level, and the browser gives a worker's
# WebAssembly only about 1 MB: past it Pyodide dies with "RangeError: Maximum call stack size
# exceeded". Measured in Chromium (tests/browser/test_runtime_faults.py): such recursions
# overflowed at limits 450-500 and survived 350; 1000 (the default) killed the worker.
RECURSION_LIMIT = 300
# A traceback whose frames, after CPython's own folding of repeated lines, still make more
# entries than this keeps the first and last TRACEBACK_KEEP frames.
MAX_TRACEBACK_ENTRIES = 30
TRACEBACK_KEEP = 10
# The worker's Python has at most 2 GiB of memory in all (scripts/assets/pyodide.py caps Pyodide's
# 4 GiB: above 2 GiB its JavaScript glue misreads pointers), and NumPy refuses one array of 2 GiB
# or more before allocating ("array is too big").


class FoldedStack(traceback.StackSummary):
    """A stack that, when long even after CPython's folding, shows its first and last frames.

    CPython folds runs of one repeated line ("[Previous line repeated 296 more times]"); a
    recursion through two functions (f calls g calls f) alternates and is not folded.
    """

    def format(self):
        entries = traceback.StackSummary.format(self)
        if len(entries) <= MAX_TRACEBACK_ENTRIES:
            return entries
        head = traceback.StackSummary.from_list(self[:TRACEBACK_KEEP]).format()
        tail = traceback.StackSummary.from_list(self[-TRACEBACK_KEEP:]).format()
        skipped = len(self) - 2 * TRACEBACK_KEEP
        return head + [f"  [... 중간의 호출 {skipped:,}단계 생략 ...]\n"] + tail


def _filter_frames(te: traceback.TracebackException) -> None:
    """Keep only frames from the page's cells, in this exception and the ones chained to it."""
    seen = set()
    todo = [te]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        frames = [f for f in current.stack if f.filename.startswith(CELL_PREFIX)]
        current.stack = FoldedStack(frames)   # (from_list would make a plain StackSummary)
        todo.extend(e for e in (current.__cause__, current.__context__) if e is not None)
        todo.extend(getattr(current, "exceptions", None) or [])


def describe_error(exc: BaseException, filename: str, above: list | None = None) -> dict:
    """The error as the page shows it; `above`: the cells above on the page, for nl_explain."""
    te = traceback.TracebackException.from_exception(exc)
    line = None
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        line = exc.lineno
    else:
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == filename:
                line = tb.tb_lineno
            tb = tb.tb_next
    innermost = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.startswith(CELL_PREFIX):
            innermost = tb
        tb = tb.tb_next
    hint = _memory_hint(exc, innermost) if isinstance(exc, (MemoryError, ValueError)) else None
    if isinstance(exc, MemoryError):
        # numpy's _ArrayMemoryError is a MemoryError: say the name a learner can look up.
        te.exc_type = MemoryError
    if isinstance(exc, RecursionError):
        hint = (f"함수가 자기 자신을 끝없이 부르고 있습니다(이 페이지의 Python은 호출 깊이 "
                f"{sys.getrecursionlimit():,}까지 허용합니다). 재귀를 멈추는 조건이 있는지, "
                f"그 조건에 실제로 도달하는지 확인하세요.")
    _filter_frames(te)
    text = "".join(te.format())
    if isinstance(exc, SyntaxError) or not any(
            f.filename.startswith(CELL_PREFIX) for f in te.stack):
        # No learner frame to show: the "Traceback" header would only confuse.
        text = text.replace("Traceback (most recent call last):\n", "")
    name = "MemoryError" if isinstance(exc, MemoryError) else type(exc).__name__
    error = {"name": name, "message": str(exc), "traceback": text, "line": line}
    if hint:
        error["hint"] = hint
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        error["module"] = exc.name.split(".")[0]
    explanation = explain(exc, innermost, above)   # never raises (nl_explain)
    if explanation:
        error["explanation"] = explanation
    return error


# --------------------------------------------------------------------------- memory

_SIZE_FUNCS = {"zeros", "ones", "empty", "full", "eye", "identity"}
_DIMS_FUNCS = {"rand", "randn"}
def _requested_bytes(call: ast.Call, frame) -> int | None:
    """How many bytes a NumPy constructor call asks for, if its arguments are plain values."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    if "size" in keywords:
        shape = eval_plain(keywords["size"], frame)
    elif name in _DIMS_FUNCS and call.args:
        shape = tuple(eval_plain(a, frame) for a in call.args)
    elif name in _SIZE_FUNCS and (call.args or "shape" in keywords or "N" in keywords):
        shape = eval_plain(call.args[0] if call.args else keywords.get("shape", keywords.get("N")), frame)
        if name in ("eye", "identity"):
            shape = (shape, shape)
    else:
        return None
    count = 1
    for n in (shape if isinstance(shape, (tuple, list)) else (shape,)):
        count *= int(n)
    itemsize = 8                                     # float64, NumPy's default
    dtype = keywords.get("dtype") or (call.args[1] if name in ("zeros", "ones", "empty") and len(call.args) > 1 else None)
    if dtype is not None:
        import numpy

        itemsize = numpy.dtype(eval_plain(dtype, frame)).itemsize
    return count * itemsize


def _gb(nbytes: int) -> str:
    gb = nbytes / 1e9
    return f"{gb:,.0f}" if gb >= 100 else f"{gb:.1f}"


def _memory_hint(exc: BaseException, tb) -> str | None:
    """A Korean note for arrays too big for the browser's Python (2 GiB in all, one array included)."""
    limits = "브라우저 안의 이 Python(WebAssembly)은 배열 하나든 모두 합쳐서든 메모리를 2 GB 남짓까지만 쓸 수 있습니다."
    if isinstance(exc, MemoryError):
        return ("메모리가 부족합니다. " + limits + " 필요 없는 큰 변수를 del로 지우거나 크기를 줄여 보세요. "
                "그래도 안 되면 'Python 다시 시작'을 누르세요.")
    if not str(exc).startswith("array is too big"):
        return None
    nbytes = None
    if tb is not None:
        frame = tb.tb_frame
        lines = linecache.getlines(frame.f_code.co_filename)
        positions = list(frame.f_code.co_positions())
        start, end, col, end_col = positions[tb.tb_lasti // 2] if tb.tb_lasti >= 0 else (None,) * 4
        candidates = []
        if start and end and col is not None and end_col is not None and end <= len(lines):
            text = "".join(lines[start - 1:end])
            offset_end = sum(len(l.encode()) for l in lines[start - 1:end - 1]) + end_col
            candidates.append(text.encode()[col:offset_end].decode(errors="ignore"))
        if start and start <= len(lines):
            candidates.append(lines[start - 1].strip())
        for source in candidates:
            try:
                tree = ast.parse(source.strip())
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    try:
                        nbytes = _requested_bytes(node, frame)
                    except Exception:   # noqa: BLE001 - no estimate, the plain note stays
                        nbytes = None
                    if nbytes:
                        break
            if nbytes:
                break
    if nbytes:
        return f"이 배열을 만들려면 약 {_gb(nbytes)} GB가 필요합니다. " + limits + " 크기를 줄여 보세요."
    return "배열이 너무 커서 만들 수 없습니다. " + limits + " 크기를 줄여 보세요."
