"""Capturing a job's output: stdout/stderr, figures, and the calls that wait (time.sleep, input).

Output leaves through the worker's bridge (nl_runtime lists it). It is capped per job *here*,
under the limits the page sets (web/src/config.ts: OUTPUT_LIMITS, passed to nl_runtime.install),
so a print flood costs only a counter: what exceeds them is counted, not sent.
"""

from __future__ import annotations

import io
import sys
import time

import _nl_bridge as bridge

FLUSHES_PER_WINDOW = 4      # sparse prints go out at once; a burst is batched


class Capture:
    """Collects a job's stdout/stderr, sends it in batches, and drops what exceeds the caps."""

    def __init__(self) -> None:
        self.max_chars = self.max_lines = self.max_repr_chars = 0
        self.flush_s = 0.0
        self.begin()

    def configure(self, limits: dict) -> None:
        """config.ts: OUTPUT_LIMITS."""
        self.max_chars = int(limits["maxChars"])
        self.max_lines = int(limits["maxLines"])
        self.flush_s = limits["flushMs"] / 1000
        self.max_repr_chars = int(limits["maxReprChars"])

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
        room = self.max_chars - self.chars
        if self.lines >= self.max_lines:
            room = 0                   # every kept line is complete: more text would start one more
        if len(keep) > room:
            keep = keep[:room]
        newlines = keep.count("\n")
        if self.lines + newlines > self.max_lines:
            cut = -1
            for _ in range(self.max_lines - self.lines):
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
        if now - self.window_start >= self.flush_s:
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

    def result(self, text: str) -> None:
        """The cell's trailing expression's repr, cut to the limit, after the text printed before it."""
        if len(text) > self.max_repr_chars:
            text = text[:self.max_repr_chars] + f" … ({len(text) - self.max_repr_chars:,}자 생략)"
        self.flush()
        bridge.result(text)


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


def ask_in_page(prompt: object = "") -> str:
    """input() on an isolated page: the prompt and a text field in the cell's output; Python waits
    until the learner answers (Enter). Esc or Stop raise KeyboardInterrupt, as Ctrl+C would."""
    CAPTURE.flush()           # what was printed before the question shows above it
    answer = bridge.input(str(prompt))
    if answer is None:
        raise KeyboardInterrupt
    return answer


NO_INPUT = ("input()은 이 페이지에서 아직 쓸 수 없습니다. 입력 칸을 띄우려면 브라우저가 페이지를 격리해야 "
            "(cross-origin isolation) 하는데, 이 사이트는 처음 방문한 뒤 설치되는 서비스 워커가 그 일을 합니다. "
            "페이지를 새로 고친 뒤 셀을 다시 실행해 보세요. 그래도 이 오류가 나면(사생활 보호 창, 저장 공간을 끈 "
            "브라우저처럼 서비스 워커를 쓸 수 없는 경우) input() 대신 값을 코드에 직접 적어 주세요.")


def no_input(prompt: object = "") -> str:
    """input() where the page is not isolated: there is no way to wait for an answer."""
    raise RuntimeError(NO_INPUT)


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
