"""Running a cell: one namespace per page, each cell compiled under its own name, its value shown.

- One namespace per page (the key is the page's path), so a page's cells build on each other and
  pages do not see each other's variables.
- Each cell is compiled under the file name the page gives it ("<셀 3>", nl_errors) with its
  source in linecache, so tracebacks show the learner's lines with the editor's numbers.
- A trailing expression's value is shown like a REPL (not after `;`, not None, not matplotlib's
  return values, which the figure shows better).
- An exercise's check runs after the learner's code, in the same namespace: it passes when it
  finishes and fails with the message of the AssertionError it raises (mkdocs_hooks/cell_runs.py
  runs the course's cells natively by the same rule).
"""

from __future__ import annotations

import ast
import builtins
import json
import linecache

from nl_errors import describe_error
from nl_output import CAPTURE, show_figures

CHECK_FILENAME = "<채점>"
NAMESPACES: dict[str, dict] = {}


def namespace(key: str) -> dict:
    ns = NAMESPACES.get(key)
    if ns is None:
        ns = {"__name__": "__main__", "__builtins__": builtins, "__doc__": None}
        NAMESPACES[key] = ns
    return ns


def reset(key: str) -> None:
    NAMESPACES.pop(key, None)


def run_cell(key: str, code: str, filename: str, check: str | None = None,
             show_result: bool = True, above: str | None = None) -> str:
    """Run one cell (and an exercise's check) in the page's namespace; returns JSON.

    `above`: JSON of the cells above this one on the page ([{"number", "code"}]), which the
    error's explanation reads (a name one of them defines, nl_explain).
    """
    ns = namespace(key)
    CAPTURE.begin()
    outcome: dict = {"ok": True}
    try:
        try:
            _execute(code, filename, ns, show_result)
        except BaseException as exc:   # noqa: BLE001 - everything the learner's code raises
            outcome = {"ok": False, "error": describe_error(exc, filename, json.loads(above or "[]"))}
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
    try:
        _execute(check, CHECK_FILENAME, ns, show_result=False)
    except AssertionError as exc:
        message = str(exc).strip() or "채점 조건을 만족하지 못했습니다."
        return {"passed": False, "message": message}
    except BaseException as exc:   # noqa: BLE001
        if isinstance(exc, KeyboardInterrupt):
            raise
        return {"passed": False, "message": f"채점 코드를 실행하다 오류가 났습니다: "
                                            f"{type(exc).__name__}: {exc}"}
    return {"passed": True, "message": ""}


def _execute(code: str, filename: str, ns: dict, show_result: bool) -> None:
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
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
            CAPTURE.result(repr(value))


def _is_plot_noise(value) -> bool:
    """matplotlib's return values (Text, [Line2D], ...): the figure below says it better."""
    items = value if isinstance(value, (list, tuple)) and value else [value]
    return all(type(item).__module__.startswith("matplotlib.") for item in items)
