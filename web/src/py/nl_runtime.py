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
        self.dropped_lines = 0
        self.window_start = 0.0
        self.window_flushes = 0

    def write(self, name: str, text: str) -> None:
        if not text:
            return
        if self.capped:
            self.dropped_chars += len(text)
            self.dropped_lines += text.count("\n")
            return
        keep = text
        room = MAX_CHARS - self.chars
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
            self.dropped_lines += rest.count("\n") + (0 if rest.endswith("\n") else 1)
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
        current.stack = traceback.StackSummary.from_list(frames)
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
    _filter_frames(te)
    text = "".join(te.format())
    if isinstance(exc, SyntaxError) or not any(
            f.filename.startswith(CELL_PREFIX) for f in te.stack):
        # No learner frame to show: the "Traceback" header would only confuse.
        text = text.replace("Traceback (most recent call last):\n", "")
    error = {"name": type(exc).__name__, "message": str(exc), "traceback": text, "line": line}
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        error["module"] = exc.name.split(".")[0]
    return error



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
    if "matplotlib" not in sys.modules:
        sys.meta_path.insert(0, MatplotlibSetup())
    # The first `import matplotlib` builds its font cache and says so on stderr: noise here.
    import logging

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
