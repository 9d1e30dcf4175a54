"""What cells import: the Korean font once matplotlib is imported, the second stdlib zip, the
packages a cell's code names, and warming packages that were just loaded."""

from __future__ import annotations

import json
import os
import sys

import _nl_bridge as bridge
from nl_korean_font import use_korean_font

# --------------------------------------------------------------------------- Korean in plots


class MatplotlibSetup:
    """A meta path finder that gives matplotlib the course's Korean font once `matplotlib` has been
    executed: before pyplot or any figure exists, so a learner's own rcParams come after it and win.
    The worker writes the font to $NLPLAB_MPL_FONT when it loads matplotlib.

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
                use_korean_font(os.environ.get("NLPLAB_MPL_FONT", ""))
            except Exception as exc:   # noqa: BLE001 - plots still work, with boxes for Hangul
                print(f"(한글 글꼴을 설정하지 못했습니다: {exc})", file=sys.stderr)

        spec.loader.exec_module = exec_and_configure
        return spec


def install_matplotlib_setup() -> None:
    if "matplotlib" not in sys.modules:
        sys.meta_path.insert(0, MatplotlibSetup())
    # The first `import matplotlib` builds its font cache and says so on stderr: noise here.
    import logging

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


# --------------------------------------------------------------------------- the rest of the stdlib


class StdlibMore:
    """Imports the standard library's rarely used modules from python_stdlib_more.zip.

    The stdlib zip Pyodide loads at start-up holds only what a page imports before its first
    result (precompiled); the other modules' sources are in a second zip (scripts/assets/
    pyodide.py: finish_compiled), which the worker fetches once Python is idle. An import of one
    of them before that fetches it at once (bridge.load_stdlib_more, a synchronous request in the
    worker). Packages may be split between the two zips (email.message is in the first,
    email.mime in the second), so this finder serves every module of the second zip by name,
    after the path finder has not found it.
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


# --------------------------------------------------------------------------- packages


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
