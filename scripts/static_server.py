"""A static file server for the built site, as a static host would serve it.

    python scripts/static_server.py [ROOT] [--port 8000] [--isolate] [--no-csp] [--plain]

- `--isolate` adds the COOP/COEP headers that make the page cross-origin isolated, so the runtime
  can interrupt Python through a SharedArrayBuffer (and input() can wait for an answer). Without
  it, as on a plain static host, a page is isolated only once the site's service worker controls
  it (web/src/isolation.ts adds the headers); before that Stop ends the worker: all are tested.
- A request whose client accepts brotli or gzip gets `file.br` / `file.gz` when the build wrote one
  (with an ETag, so that a revalidation of an unchanged file is a 304 without a body).
  `--plain` / `plain=True` never does: every file goes out as it is, with no Content-Encoding, as
  from a host that compresses nothing (GitHub Pages for some types, a bucket, `python -m
  http.server`); `file.br` asked for by name is always sent as it is.
- `sitemap.xml` is served with its URLs moved to the origin (and sub-path) it is requested
  from, as if the site had been built with `site_url` set to this server's address. Material's
  instant navigation handles only links listed in the sitemap, matching protocol, host AND
  port, so the tests and benchmarks on random ports navigate like a correctly configured
  deployment (`NLPLAB_SITE_URL`, see README) without rebuilding the site.
- Every response carries a Content-Security-Policy header (`--no-csp` / `csp=False` leaves it
  out): an HTML page's is the policy its own <meta> states (mkdocs_hooks/csp.py writes it; for
  a page without one, the same policy computed from its inline scripts) plus `frame-ancestors
  'none'`, which only a header can say; every other response's is that policy without
  inline-script hashes (the Python worker's adds `blob:` to script-src: mkdocs_hooks/csp.py).
  A worker script's header is the policy its worker runs under
  (a dedicated or service worker does not inherit the page's), so this is what lets Pyodide
  compile WebAssembly in the worker and nothing else. The header also asks the browser to report
  each violation to `REPORT_PATH` on this server (a page's or a worker's alike): the server keeps
  the reports in `CSP_REPORTS` (tests/browser/conftest.py fails a test that caused one) and, run
  from the command line, prints them.
- `extra_mounts` (tests only) serves further folders under a URL prefix.

The tests and the benchmarks start it in a thread with `serve_in_thread`.
"""

from __future__ import annotations

import argparse
import email.utils
import html
import importlib.util
import io
import json
import mimetypes
import os
import posixpath
import re
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


def _load_policy_module():
    """mkdocs_hooks/csp.py: the policy's one definition (the pages' <meta> comes from it too)."""
    path = Path(__file__).resolve().parent.parent / "mkdocs_hooks" / "csp.py"
    spec = importlib.util.spec_from_file_location("nlplab_csp", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


csp_hook = _load_policy_module()

mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("text/javascript", ".js")

ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
LOC = re.compile(r"<loc>\s*([^<]*?)\s*</loc>")


def rebase_sitemap(xml: str, origin: str, root: str) -> str:
    """The sitemap with every <loc> moved from the built site_url to `origin` + `root`.

    The built site root is the longest common folder of the listed pages (the home page's URL
    when it is listed, as MkDocs always does); `root` is where this server serves the site
    ("/" or a mount such as "/course/").
    """
    paths = [urlsplit(html.unescape(loc)).path for loc in LOC.findall(xml)]
    if not paths:
        return xml
    built = posixpath.commonprefix(paths)
    built = built[: built.rfind("/") + 1] or "/"

    def move(match: re.Match) -> str:
        parts = urlsplit(html.unescape(match.group(1)))
        rest = parts.path[len(built):] if parts.path.startswith(built) else parts.path.lstrip("/")
        return f"<loc>{html.escape(origin + root + rest)}</loc>"

    return LOC.sub(move, xml)


class StaticHandler(SimpleHTTPRequestHandler):
    isolate = False
    csp = True
    plain = False
    print_reports = False
    extra_mounts: dict[str, Path] = {}
    extra_headers: dict[str, str] = {}

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def end_headers(self):
        if self.isolate:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        if self.csp and "Content-Security-Policy" not in self.extra_headers:
            value = getattr(self, "_csp", None) or SITE_POLICY
            self.send_header("Content-Security-Policy", f"{value}; report-uri {REPORT_PATH}")
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_POST(self):
        """Only the browser's CSP violation reports are accepted (kept in CSP_REPORTS)."""
        if self.path.split("?", 1)[0] != REPORT_PATH:
            self.send_error(405)
            return
        body = self.rfile.read(min(int(self.headers.get("Content-Length") or 0), 1 << 20))
        try:
            report = json.loads(body.decode("utf-8")).get("csp-report", {})
        except (ValueError, AttributeError):
            report = {"unparsed": body[:2000].decode("utf-8", "replace")}
        with _REPORTS_LOCK:
            CSP_REPORTS.append(report)
        if self.print_reports:
            print(f"CSP violation: {json.dumps(report, ensure_ascii=False)}", file=sys.stderr)
        self.send_response(204)
        self.end_headers()

    def translate_path(self, path):
        clean = path.split("?", 1)[0].split("#", 1)[0]
        # the longest prefix wins, so "/x/wheels/" can sit inside "/x/"
        for prefix, folder in sorted(self.extra_mounts.items(), key=lambda item: -len(item[0])):
            if clean.startswith(prefix):
                rest = clean[len(prefix):].lstrip("/")
                return str(Path(folder, *[p for p in rest.split("/") if p not in ("", "..")]))
        return super().translate_path(path)

    def send_head(self):
        path = self.translate_path(self.path)
        if self.csp:
            page = os.path.join(path, "index.html") if os.path.isdir(path) else path
            self._csp = (page_header_policy(page) if page.endswith((".html", ".htm"))
                         else PYTHON_WORKER_POLICY if path.endswith(PYTHON_WORKER) else None)
        if os.path.basename(path) == "sitemap.xml" and os.path.isfile(path):
            return self._send_sitemap(path)
        if os.path.isfile(path) and not self.plain:
            accepted = self.headers.get("Accept-Encoding", "")
            for encoding, suffix in ENCODINGS:
                if encoding in accepted and os.path.isfile(path + suffix):
                    return self._send_encoded(path, path + suffix, encoding)
        return super().send_head()

    def _send_sitemap(self, path):
        """sitemap.xml rebased on this server's origin (never a stale precompressed copy)."""
        url_path = unquote(self.path.split("?", 1)[0].split("#", 1)[0])
        root = url_path[: url_path.rfind("/") + 1]
        origin = f"http://{self.headers.get('Host') or '%s:%s' % self.server.server_address[:2]}"
        with open(path, encoding="utf-8") as f:
            body = rebase_sitemap(f.read(), origin, root).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def _unchanged(self, etag: str, mtime: float) -> bool:
        """The client's cached copy is current (If-None-Match first, else If-Modified-Since)."""
        if "If-None-Match" in self.headers:
            return etag in [t.strip() for t in self.headers["If-None-Match"].split(",")]
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                return False
        return False

    def _send_encoded(self, path, encoded_path, encoding):
        stat = os.stat(encoded_path)
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}-{encoding}"'
        last_modified = self.date_time_string(int(stat.st_mtime))
        # Revalidation (Cache-Control: no-cache asks for it): unchanged -> 304 without a body.
        if self._unchanged(etag, stat.st_mtime):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return None
        f = open(encoded_path, "rb")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("Last-Modified", last_modified)
        self.send_header("ETag", etag)
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return f


REPORT_PATH = "/__nlplab/csp-report"
CSP_REPORTS: list[dict] = []          # every violation report any server in this process received
_REPORTS_LOCK = threading.Lock()
SITE_POLICY = csp_hook.policy(header=True)
# The Python worker's script runs under a policy of its own (mkdocs_hooks/csp.py: WORKER_SCRIPT_SOURCES).
PYTHON_WORKER = os.path.join("assets", "build", "runtime", "worker.js")
PYTHON_WORKER_POLICY = csp_hook.policy(header=True, python_worker=True)
_PAGE_POLICIES: dict[str, tuple[int, str]] = {}


def page_header_policy(path: str) -> str | None:
    """The policy an HTML file's <meta> states (or, without one, the hook's policy for its inline
    scripts), plus what only a header can say; None when there is no such file."""
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        return None
    cached = _PAGE_POLICIES.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    stated = csp_hook.meta_policy(text) or csp_hook.page_policy(text)
    value = "; ".join([stated, *(f"{name} {' '.join(sources)}" for name, sources in csp_hook.HEADER_ONLY.items())])
    _PAGE_POLICIES[path] = (mtime, value)
    return value


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that closes a connection mid-download (a page left, a test ended) is normal.
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


def make_server(root: Path, port: int = 0, isolate: bool = False, csp: bool = True, plain: bool = False,
                extra_mounts: dict[str, Path] | None = None,
                extra_headers: dict[str, str] | None = None,
                print_reports: bool = False) -> ThreadingHTTPServer:
    handler = type("Handler", (StaticHandler,), {
        "isolate": isolate,
        "csp": csp,
        "plain": plain,
        "print_reports": print_reports,
        "extra_mounts": dict(extra_mounts or {}),
        "extra_headers": dict(extra_headers or {}),
    })
    return QuietServer(("127.0.0.1", port), partial(handler, directory=str(root)))


def serve_in_thread(root: Path, **kwargs) -> tuple[ThreadingHTTPServer, str]:
    """Start a server on a free port; returns it and its base URL (no trailing slash)."""
    server = make_server(root, **kwargs)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", default="site")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--isolate", action="store_true", help="send COOP/COEP headers")
    parser.add_argument("--no-csp", action="store_true", help="send no Content-Security-Policy header")
    parser.add_argument("--plain", action="store_true", help="never send a precompressed copy (no Content-Encoding)")
    args = parser.parse_args()
    server = make_server(Path(args.root), args.port, args.isolate, csp=not args.no_csp, plain=args.plain,
                         print_reports=True)
    print(f"serving {args.root} at http://127.0.0.1:{args.port}/ "
          f"(isolated: {args.isolate}, CSP: {not args.no_csp}, plain: {args.plain})")
    server.serve_forever()


if __name__ == "__main__":
    main()
