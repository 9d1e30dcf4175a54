"""A Content-Security-Policy in every built page: only the site itself, plus what WebAssembly needs.

MkDocs loads this module as a hook (mkdocs.yml `hooks:`). After every other hook and plugin has
written a page (on_post_page, lowest priority), it puts

    <meta http-equiv="Content-Security-Policy" content="...">

right after the page's <meta charset>, before any script, so the policy holds on any static host.
scripts/static_server.py sends the same policy as a header (a dedicated or service worker takes
its policy from its own response's header, never from the page; and `frame-ancestors` cannot be
set by a <meta>). web/README.md ("Content-Security-Policy") says why each source is there.

- script-src: the site's own files, the SHA-256 of each inline <script> the page really holds
  (Material writes a few: its storage helpers, the palette, the tab from the URL's hash), and
  'wasm-unsafe-eval' (compiling WebAssembly: Pyodide and the wheels' extension modules). No
  'unsafe-eval': nothing we run needs `eval` or `new Function` (tests/browser/test_csp.py).
- style-src 'unsafe-inline': CodeMirror writes its themes into <style> elements it creates at
  run time (their text is built then, so it has no hash a static page could list, and a nonce
  in a static file is no secret). A style cannot run code; the risk it leaves (CSS reading a
  page's attributes) needs markup injected first, which script-src already stops from running.
- The Python worker's script (assets/build/runtime/worker.js) is the one response whose header
  policy adds `blob:` to script-src (WORKER_SCRIPT_SOURCES): on a host that sends no brotli it
  runs Pyodide's pyodide.asm.js from the brotli copy it decoded, through a blob: URL
  (web/src/brotli-copies.ts). A blob: URL can only be made by script already running in the
  site's origin; pages never get it.
- `mkdocs serve` injects an inline livereload script whose text changes with every response
  (a time stamp), so while serving script-src has 'unsafe-inline' instead of hashes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

try:
    from mkdocs.plugins import event_priority
except ImportError:  # imported by scripts/static_server.py outside MkDocs: only the policy is needed
    def event_priority(priority):
        return lambda f: f

# The policy without the page's script hashes (a worker's, and every non-HTML response's).
BASE = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
# What only the Python worker's script adds to script-src (see above).
WORKER_SCRIPT_SOURCES = ["blob:"]
# Only a header can say these (a <meta> policy ignores them, with a console warning).
HEADER_ONLY = {"frame-ancestors": ["'none'"]}

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
SRC_ATTR = re.compile(r"""\ssrc\s*=""", re.I)
TYPE_ATTR = re.compile(r"""\stype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
JS_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript",
            "application/ecmascript", "text/jscript", "text/livescript", "application/x-javascript"}
META = re.compile(r"""<meta\s+http-equiv\s*=\s*["']Content-Security-Policy["']\s+content\s*=\s*"([^"]*)"\s*/?>""", re.I)
CHARSET = re.compile(r"<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.I)
HEAD = re.compile(r"<head\b[^>]*>", re.I)

SERVING = False


def inline_scripts(page_html: str) -> list[str]:
    """The text of each inline <script> the browser would run (not src=, not JSON data blocks)."""
    scripts = []
    for match in SCRIPT.finditer(page_html):
        attrs, text = match.group(1), match.group(2)
        if SRC_ATTR.search(attrs):
            continue
        kind = TYPE_ATTR.search(attrs)
        if kind and next(g for g in kind.groups() if g is not None).strip().lower() not in JS_TYPES:
            continue
        scripts.append(text)
    return scripts


def script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy(hashes: list[str] | tuple[str, ...] = (), *, header: bool = False, serving: bool = False,
           python_worker: bool = False) -> str:
    """The policy as a header value; `hashes` join script-src ('unsafe-inline' when serving);
    `python_worker`: the Python worker script's own (WORKER_SCRIPT_SOURCES)."""
    directives = {name: list(sources) for name, sources in BASE.items()}
    directives["script-src"] += ["'unsafe-inline'"] if serving else list(dict.fromkeys(hashes))
    if python_worker:
        directives["script-src"] += WORKER_SCRIPT_SOURCES
    if header:
        directives.update(HEADER_ONLY)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def page_policy(page_html: str, *, serving: bool = False) -> str:
    return policy([script_hash(s) for s in inline_scripts(page_html)], serving=serving)


def meta_policy(page_html: str) -> str | None:
    """The policy a page's <meta> states, if it has one."""
    match = META.search(page_html)
    return html.unescape(match.group(1)) if match else None


def add_meta(page_html: str, *, serving: bool = False) -> str:
    content = html.escape(page_policy(page_html, serving=serving), quote=False).replace('"', "&quot;")
    tag = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    anchor = CHARSET.search(page_html) or HEAD.search(page_html)
    if anchor is None:
        return tag + page_html
    return page_html[: anchor.end()] + "\n    " + tag + page_html[anchor.end():]


# --------------------------------------------------------------------------- MkDocs events


def on_startup(command, dirty=False, **kwargs):
    global SERVING
    SERVING = command == "serve"


@event_priority(-100)
def on_post_page(output, page, config, **kwargs):
    return add_meta(output, serving=SERVING)


@event_priority(-100)
def on_post_template(output_content, template_name, config, **kwargs):
    """The theme's own pages (404.html); sitemap.xml and others are left alone."""
    if template_name.endswith(".html"):
        return add_meta(output_content, serving=SERVING)
    return output_content
