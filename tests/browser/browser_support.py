"""Driving the built site in Chromium: shared by the browser tests (conftest.py) and the benchmarks.

- Chromium: Debian's /usr/bin/chromium with the flags this machine needs (Playwright's own
  browser where it is absent).
- Timeouts: one generous set for a busy 2-core machine. They guard against hangs; how fast things
  are is the benchmarks' business (bench/).
- Playwright under the site's Content-Security-Policy: `adapt_playwright_to_csp` (below).
- Pages: a docs/ file's URL path, and Material's instant navigation to it.
"""

from __future__ import annotations

import socket
from pathlib import Path

from playwright.sync_api import Frame, Page

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]

BOOT_MS = 180_000          # a cold Python boot (with the page's first cell) on a busy machine
RUN_MS = 60_000            # one cell's run, packages included
INSTALL_MS = 120_000       # the service worker's install after a first visit (the whole build)


def free_port() -> int:
    """A TCP port nothing listens on now, for a server of the tests' own."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch_options() -> dict:
    """Playwright's chromium.launch() keywords for this machine."""
    options = {"headless": True, "args": CHROMIUM_ARGS}
    if CHROMIUM.exists():
        options["executable_path"] = str(CHROMIUM)
    return options


# --------------------------------------------------------------------------- Playwright under a CSP


def adapt_playwright_to_csp() -> None:
    """Make Playwright's own helpers work on pages that forbid `eval` and inline scripts.

    Every page of the site states a Content-Security-Policy (mkdocs_hooks/csp.py) without
    'unsafe-eval' or 'unsafe-inline' scripts, and two Playwright helpers would trip it themselves:
    `wait_for_function` evaluates a string predicate with `eval` in the page on every poll, and
    `add_script_tag(content=... | path=...)` inserts an inline <script>. Both are replaced, for
    every Page and Frame of the process, by versions that go through the DevTools protocol (which
    a page's policy does not govern), while the page's own code stays under the policy:

    - wait_for_function(expression, ...): the expression, or a function, is wrapped in one
      function, so the string is evaluated once (inside Playwright's DevTools call) and then only
      called; arguments, `polling` and `timeout` pass through;
    - add_script_tag(path=... | content=...): the source runs as a classic script through
      `evaluate` (returns None, not the element); `url=` and modules are left to Playwright.

    Called once by tests/browser/conftest.py and by the benchmarks that drive Chromium; calling
    it again changes nothing.
    """
    for cls in (Page, Frame):
        if getattr(cls, "_nl_csp_safe", False):
            continue
        _adapt(cls)
        cls._nl_csp_safe = True


def _adapt(cls) -> None:
    wait_for_function, add_script_tag = cls.wait_for_function, cls.add_script_tag

    def csp_safe_wait_for_function(self, expression, **kwargs):
        wrapped = ("(__nlArg) => { const __nlValue = (" + expression + "\n);"
                   " return typeof __nlValue === 'function' ? __nlValue(__nlArg) : __nlValue; }")
        return wait_for_function(self, wrapped, **kwargs)

    def csp_safe_add_script_tag(self, **kwargs):
        if kwargs.get("url") is not None or kwargs.get("type") == "module":
            return add_script_tag(self, **kwargs)
        source = kwargs.get("content")
        if source is None:
            source = Path(kwargs["path"]).read_text(encoding="utf-8")
        self.evaluate(source + "\n;void 0")
        return None

    cls.wait_for_function = csp_safe_wait_for_function
    cls.add_script_tag = csp_safe_add_script_tag


# --------------------------------------------------------------------------- pages


def page_url(path: Path | str) -> str:
    """A docs/ page's URL path: unit3/rnn.md → /unit3/rnn/, index.md → /, unit3/index.md → /unit3/."""
    rel = Path(path).relative_to(DOCS).as_posix() if Path(path).is_absolute() else str(path)
    if rel == "index.md":
        return "/"
    if rel.endswith("/index.md"):
        return "/" + rel[: -len("index.md")]
    return "/" + rel[: -len(".md")] + "/"


def docs_pages() -> list[Path]:
    """Every page of docs/ (not the built assets), in file order."""
    return [p for p in sorted(DOCS.rglob("*.md")) if "assets" not in p.relative_to(DOCS).parts]


def navigate(page, url: str) -> None:
    """Follow a link to `url` as a learner clicks one, so that Material's instant navigation takes
    it (Python stays booted), and wait until the new page's cells are live (its runtime controller
    replaced the old one's, and every cell of it is in the document)."""
    page.evaluate("window.__nlPreviousPage = window.nlplabRuntime?.page ?? null")
    page.evaluate("""url => {
        const a = document.createElement('a');
        a.href = url;
        document.body.append(a);
        a.click();
        a.remove();
    }""", url)
    page.wait_for_url(url)
    page.wait_for_function(
        """() => !document.querySelector('.nl-cell')
              || (window.nlplabRuntime?.page && window.nlplabRuntime.page !== window.__nlPreviousPage
                  && window.nlplabRuntime.page.cells.every(c => c.root.isConnected))""",
        timeout=RUN_MS)


class Tab:
    """One tab for a walk through many pages: the first page is loaded, the others reached by
    instant navigation; the page's script errors are collected."""

    def __init__(self, context, base: str, **more):
        self.context = context
        self.page = context.new_page()
        self.base = base
        self.first = True
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.__dict__.update(more)

    def close(self) -> None:
        self.context.close()

    @classmethod
    def for_fixture(cls, browser, base: str, more: dict | None = None, **context_options):
        """A Tab in a new context, for a fixture to `yield from`; the context closes afterwards."""
        tab = cls(browser.new_context(**context_options), base, **(more or {}))
        try:
            yield tab
        finally:
            tab.close()
