"""The Python side of the in-page runtime (runs inside Pyodide, in the worker).

The worker (web/src/worker.ts) imports this module once after boot and calls `run_cell` for
every job. Output leaves through `_nl_bridge`, a JavaScript module the worker registers:

    stream(name, text)             stdout/stderr, batched here (at most every FLUSH_S in a burst)
    figure(num, png, width, height) a matplotlib figure rendered to PNG
    result(text)                   repr of the cell's trailing expression
    sleep(seconds)                 a sleep that wakes at once when Stop is pressed (when isolated)

Design points a maintainer needs:
- One namespace per page (key: the page path), so cells build on each other.
- Each cell is compiled under its own filename ("<셀 3>") and its source is put in linecache,
  so tracebacks show the learner's lines with the editor's numbers; frames from any other file
  (this module, the standard library, nlplab) are hidden.
- Output is capped per job (MAX_CHARS / MAX_LINES) *here*, so a print flood costs only a counter.
- Korean in plots: when `matplotlib` is first imported, the course's Korean font (a subset of
  NanumGothic that the worker writes to $NLPLAB_MPL_FONT when it loads matplotlib) is
  registered and made the default family, with DejaVu Sans as the fallback for symbols.
"""

from __future__ import annotations

import ast
import builtins
import io
import json
import linecache
import os
import sys
import time
import traceback

import _nl_bridge as bridge

MAX_CHARS = 200_000
MAX_LINES = 5_000
FLUSH_S = 0.05
FLUSHES_PER_WINDOW = 4      # sparse prints go out at once; a burst is batched
MAX_REPR = 20_000
CELL_PREFIX = "<셀"
# Python's recursion limit in the worker. CPython 3.12 needs no C stack for Python-to-Python
# calls, but a recursion through C (map, a class's __init__, __getattr__, __eq__, lru_cache, ...)
# needs some at every level, and the browser gives a worker's WebAssembly only about 1 MB: past
# it Pyodide dies with "RangeError: Maximum call stack size exceeded". Measured in Chromium
# (tests/browser/test_runtime_faults.py): such recursions overflowed at limits 450-500 and
# survived 350; 1000 (the default) killed the worker.
RECURSION_LIMIT = 300
# A traceback whose frames, after CPython's own folding of repeated lines, still make more
# entries than this keeps the first and last TRACEBACK_KEEP frames.
MAX_TRACEBACK_ENTRIES = 30
TRACEBACK_KEEP = 10
# The worker's Python has at most 2 GiB of memory in all (scripts/build_assets.py caps Pyodide's
# 4 GiB: above 2 GiB its JavaScript glue misreads pointers), and NumPy refuses one array of 2 GiB
# or more before allocating ("array is too big").

NAMESPACES: dict[str, dict] = {}
_real_sleep = time.sleep


def namespace(key: str) -> dict:
    ns = NAMESPACES.get(key)
    if ns is None:
        ns = {"__name__": "__main__", "__builtins__": builtins, "__doc__": None}
        NAMESPACES[key] = ns
    return ns


def reset(key: str) -> None:
    NAMESPACES.pop(key, None)


# --------------------------------------------------------------------------- output


class Capture:
    """Collects a job's stdout/stderr, sends it in batches, and drops what exceeds the caps."""

    def __init__(self) -> None:
        self.begin()

    def begin(self) -> None:
        self.pending: list[list[str]] = []     # [[name, text], ...], neighbours of one name merged
        self.chars = 0
        self.lines = 0
        self.capped = False
        self.dropped_chars = 0
        self.dropped_newlines = 0
        self.dropped_open = False      # the dropped text ends inside a line
        self.window_start = 0.0
        self.window_flushes = 0

    def write(self, name: str, text: str) -> None:
        if not text:
            return
        if self.capped:
            # A flood costs only this from here on (print() calls write twice per line).
            self.dropped_chars += len(text)
            self.dropped_newlines += text.count("\n")
            self.dropped_open = text[-1] != "\n"
            return
        keep = text
        room = MAX_CHARS - self.chars
        if self.lines >= MAX_LINES:
            room = 0                   # every kept line is complete: more text would start one more
        if len(keep) > room:
            keep = keep[:room]
        newlines = keep.count("\n")
        if self.lines + newlines > MAX_LINES:
            cut = -1
            for _ in range(MAX_LINES - self.lines):
                cut = keep.index("\n", cut + 1)
            keep = keep[: cut + 1]
            newlines = keep.count("\n")
        if len(keep) < len(text):
            self.capped = True
            rest = text[len(keep):]
            self.dropped_chars += len(rest)
            self.dropped_newlines += rest.count("\n")
            self.dropped_open = not rest.endswith("\n")
        self.chars += len(keep)
        self.lines += newlines
        if self.pending and self.pending[-1][0] == name:
            self.pending[-1][1] += keep
        else:
            self.pending.append([name, keep])
        now = time.monotonic()
        if now - self.window_start >= FLUSH_S:
            self.window_start, self.window_flushes = now, 0
        if self.window_flushes < FLUSHES_PER_WINDOW:
            self.window_flushes += 1
            self.flush()

    @property
    def dropped_lines(self) -> int:
        return self.dropped_newlines + self.dropped_open

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        for name, text in pending:
            bridge.stream(name, text)


CAPTURE = Capture()


class OutputStream(io.TextIOBase):
    def __init__(self, name: str) -> None:
        self._name = name

    @property
    def name(self) -> str:
        return f"<{self._name}>"

    @property
    def encoding(self) -> str:
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        CAPTURE.write(self._name, text)
        return len(text)

    def flush(self) -> None:
        CAPTURE.flush()


def interruptible_sleep(seconds: float) -> None:
    """time.sleep that sends pending output first and wakes at once when Stop is pressed."""
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    CAPTURE.flush()
    end = time.monotonic() + seconds
    while True:
        remaining = end - time.monotonic()
        if remaining <= 0:
            return
        # A short slice, then back in Python, where a pending KeyboardInterrupt is raised.
        bridge.sleep(min(remaining, 0.1))


def no_input(prompt: str = "") -> str:
    raise RuntimeError("input()은 이 페이지에서 쓸 수 없습니다. 값을 코드에 직접 적어 주세요.")


# --------------------------------------------------------------------------- figures

_posted_figures: dict[int, bytes] = {}


def show_figures(close: bool = False) -> None:
    """Send every open matplotlib figure that changed since it was last sent."""
    if "matplotlib.pyplot" not in sys.modules:
        return
    from matplotlib import pyplot as plt
    from matplotlib._pylab_helpers import Gcf
    from pyodide.ffi import to_js

    for manager in Gcf.get_all_fig_managers():
        figure = manager.canvas.figure
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        png = buffer.getvalue()
        if _posted_figures.get(manager.num) == png:
            continue
        _posted_figures[manager.num] = png
        width, height = (figure.get_size_inches() * figure.dpi).round().astype(int).tolist()
        # Text printed before the figure (and warnings from drawing it) goes out first, so the
        # page shows outputs in the order they happened.
        CAPTURE.flush()
        bridge.figure(manager.num, to_js(png), width, height)
    if close:
        plt.close("all")
        _posted_figures.clear()


# --------------------------------------------------------------------------- errors


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


def describe_error(exc: BaseException, filename: str) -> dict:
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
    return error


# --------------------------------------------------------------------------- memory errors

_SIZE_FUNCS = {"zeros", "ones", "empty", "full", "eye", "identity"}
_DIMS_FUNCS = {"rand", "randn"}
_SAFE_NODES = (ast.Expression, ast.Constant, ast.Name, ast.Load, ast.Tuple, ast.List,
               ast.BinOp, ast.UnaryOp, ast.operator, ast.unaryop, ast.Attribute, ast.Subscript,
               ast.Slice)


def _safe_eval(node: ast.AST, frame):
    """Evaluate a shape such as `(10**6, n)` or `x.shape` in the learner's frame; no calls."""
    tree = ast.Expression(node)
    if not all(isinstance(n, _SAFE_NODES) for n in ast.walk(tree)):
        raise ValueError("not a plain expression")
    code = compile(ast.fix_missing_locations(tree), "<shape>", "eval")
    names = {"__builtins__": {"int": int, "float": float, "bool": bool, "complex": complex}}
    return eval(code, {**frame.f_globals, **names}, dict(frame.f_locals))


def _requested_bytes(call: ast.Call, frame) -> int | None:
    """How many bytes a NumPy constructor call asks for, if its arguments are plain values."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    if "size" in keywords:
        shape = _safe_eval(keywords["size"], frame)
    elif name in _DIMS_FUNCS and call.args:
        shape = tuple(_safe_eval(a, frame) for a in call.args)
    elif name in _SIZE_FUNCS and (call.args or "shape" in keywords or "N" in keywords):
        shape = _safe_eval(call.args[0] if call.args else keywords.get("shape", keywords.get("N")), frame)
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

        itemsize = numpy.dtype(_safe_eval(dtype, frame)).itemsize
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



# --------------------------------------------------------------------------- health

# After every job the worker checks that this Python still works before it takes the next one
# (worker.ts: healthy): a job that ran out of memory, or a learner's ctypes, can leave the
# interpreter unable to run anything, and a cell must never meet such a Python. HEALTH_TEXT holds
# characters of each width CPython stores (1, 2 and 4 bytes); worker.ts sends the same text in
# and must get it back unchanged (both directions of Pyodide's string conversion).
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


# --------------------------------------------------------------------------- Korean in plots

MPL_FONT_FAMILY = "NLPLab Gothic"


def configure_matplotlib() -> None:
    """Korean text in plots: register the course's font and make it the default family.

    Runs right after `matplotlib` itself is imported (before pyplot or any figure exists), so
    a learner's own rcParams settings come after it and win. The defaults are changed too, so
    `plt.rcdefaults()` or `plt.style.use("default")` keep Korean readable.
    """
    import matplotlib

    settings = {"axes.unicode_minus": False}     # the font has no U+2212 minus sign
    path = os.environ.get("NLPLAB_MPL_FONT", "")
    if path and os.path.isfile(path):
        from matplotlib import font_manager

        font_manager.fontManager.addfont(path)
        settings["font.family"] = [MPL_FONT_FAMILY, "DejaVu Sans"]
    for params in (matplotlib.rcParams, matplotlib.rcParamsDefault, matplotlib.rcParamsOrig):
        params.update(settings)


class MatplotlibSetup:
    """A meta path finder that calls configure_matplotlib() once `matplotlib` has been executed.

    It only wraps the real loader's exec_module; when matplotlib is not installed yet (its
    package loads on demand), it stays in place for the next attempt.
    """

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "matplotlib":
            return None
        import importlib.util

        sys.meta_path.remove(self)
        spec = None
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            if spec is None or spec.loader is None:
                sys.meta_path.insert(0, self)      # not installed yet: look again next time
        if spec is None or spec.loader is None:
            return None
        exec_module = spec.loader.exec_module

        def exec_and_configure(module):
            exec_module(module)
            try:
                configure_matplotlib()
            except Exception as exc:   # noqa: BLE001 - plots still work, with boxes for Hangul
                print(f"(한글 글꼴을 설정하지 못했습니다: {exc})", file=sys.stderr)

        spec.loader.exec_module = exec_and_configure
        return spec

# --------------------------------------------------------------------------- the rest of the stdlib


class StdlibMore:
    """Imports the standard library's rarely used modules from python_stdlib_more.zip.

    The stdlib zip Pyodide loads at start-up holds only what a page imports before its first
    result (precompiled); the other modules' sources are in a second zip (scripts/
    build_assets.py: finish_compiled), which the worker fetches once Python is idle. An
    import of one of them before that fetches it at once (bridge.load_stdlib_more, a
    synchronous request in the worker). Packages may be split between the two zips
    (email.message is in the first, email.mime in the second), so this finder serves every
    module of the second zip by name, after the path finder has not found it.
    """

    def __init__(self, modules: set[str]) -> None:
        self.modules = modules
        self.archive: str | None = None

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.modules:
            return None
        import zipimport

        if self.archive is None:
            self.archive = bridge.load_stdlib_more()
        parent = fullname.rpartition(".")[0].replace(".", "/")
        return zipimport.zipimporter(f"{self.archive}/{parent}" if parent else self.archive).find_spec(fullname)


def install_stdlib_more(modules_json: str) -> None:
    """Put StdlibMore right after the path finder (before Pyodide's package hints)."""
    import importlib.machinery

    finder = StdlibMore(set(json.loads(modules_json)))
    finders = sys.meta_path
    position = finders.index(importlib.machinery.PathFinder) + 1 if importlib.machinery.PathFinder in finders else len(finders)
    finders.insert(position, finder)


# --------------------------------------------------------------------------- running


def _register_source(filename: str, code: str) -> None:
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)


def _execute(code: str, filename: str, ns: dict, show_result: bool) -> None:
    _register_source(filename, code)
    tree = ast.parse(code, filename, "exec")
    last = None
    if (show_result and tree.body and isinstance(tree.body[-1], ast.Expr)
            and not code.rstrip().endswith(";")):
        last = ast.Expression(tree.body.pop().value)
    exec(compile(tree, filename, "exec"), ns)
    if last is not None:
        value = eval(compile(last, filename, "eval"), ns)
        if value is not None and not _is_plot_noise(value):
            ns["_"] = value
            text = repr(value)
            if len(text) > MAX_REPR:
                text = text[:MAX_REPR] + f" … ({len(text) - MAX_REPR:,}자 생략)"
            CAPTURE.flush()
            bridge.result(text)


def _is_plot_noise(value) -> bool:
    """matplotlib's return values (Text, [Line2D], ...): the figure below says it better."""
    items = value if isinstance(value, (list, tuple)) and value else [value]
    return all(type(item).__module__.startswith("matplotlib.") for item in items)


def run_cell(key: str, code: str, filename: str, check: str | None = None,
             show_result: bool = True) -> str:
    """Run one cell (and an exercise's check) in the page's namespace; returns JSON."""
    ns = namespace(key)
    CAPTURE.begin()
    outcome: dict = {"ok": True}
    try:
        try:
            _execute(code, filename, ns, show_result)
        except BaseException as exc:   # noqa: BLE001 - everything the learner's code raises
            outcome = {"ok": False, "error": describe_error(exc, filename)}
        if outcome["ok"] and check is not None:
            outcome["check"] = run_check(check, ns)
        try:
            show_figures(close=True)
        except BaseException as exc:   # noqa: BLE001 - a figure that cannot be drawn
            if outcome["ok"]:
                outcome = {"ok": False, "error": describe_error(exc, filename)}
    except BaseException as exc:       # noqa: BLE001 - e.g. Stop pressed during the bookkeeping
        outcome = {"ok": False, "error": describe_error(exc, filename)}
    finally:
        CAPTURE.flush()
    outcome["droppedLines"] = CAPTURE.dropped_lines
    outcome["droppedChars"] = CAPTURE.dropped_chars
    return json.dumps(outcome)


def run_check(check: str, ns: dict) -> dict:
    filename = "<채점>"
    try:
        _execute(check, filename, ns, show_result=False)
    except AssertionError as exc:
        message = str(exc).strip() or "채점 조건을 만족하지 못했습니다."
        return {"passed": False, "message": message}
    except BaseException as exc:   # noqa: BLE001
        if isinstance(exc, KeyboardInterrupt):
            raise
        return {"passed": False, "message": f"채점 코드를 실행하다 오류가 났습니다: "
                                            f"{type(exc).__name__}: {exc}"}
    return {"passed": True, "message": ""}


def imports_of(code: str) -> str:
    """Top-level names the code imports (JSON list); [] when it does not parse."""
    from pyodide.code import find_imports

    try:
        return json.dumps(find_imports(code))
    except SyntaxError:
        return "[]"


WARM_IMPORTS = {"matplotlib": "matplotlib.pyplot"}


def warm_imports(packages_json: str) -> None:
    """Import freshly loaded packages once, so a cell's first import is fast."""
    import importlib

    for package in json.loads(packages_json):
        try:
            importlib.import_module(WARM_IMPORTS.get(package, package))
        except Exception:   # noqa: BLE001 - the cell's own import will report it
            pass


def install() -> None:
    """Route output through the bridge and make blocking calls behave in a worker."""
    sys.stdout = OutputStream("stdout")
    sys.stderr = OutputStream("stderr")
    time.sleep = interruptible_sleep
    builtins.input = no_input
    sys.setrecursionlimit(RECURSION_LIMIT)
    if "matplotlib" not in sys.modules:
        sys.meta_path.insert(0, MatplotlibSetup())
    # The first `import matplotlib` builds its font cache and says so on stderr: noise here.
    import logging

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
