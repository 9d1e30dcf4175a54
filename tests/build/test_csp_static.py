"""The Content-Security-Policy, read from files and headers (mkdocs_hooks/csp.py, scripts/static_server.py).

Every page of a fresh build states the policy in a <meta> before any script; its script-src
lists exactly the hashes of the page's own inline scripts, never 'unsafe-eval' or
'unsafe-inline'; no directive names another host. The static server sends the same policy as a
header (a worker's comes from there), plus what only a header can say. tests/browser/test_csp.py
shows the policy in force in Chromium.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest
from http_support import fetch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import static_server  # noqa: E402
from static_server import serve_in_thread  # noqa: E402

spec = importlib.util.spec_from_file_location("csp_under_test", ROOT / "mkdocs_hooks" / "csp.py")
csp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(csp)

CONTAINER = re.compile(r'data-md-component="container"(.*?)<footer', re.S)
ALLOWED_SOURCES = {"'self'", "'none'", "'wasm-unsafe-eval'", "'unsafe-inline'", "data:", "blob:"}


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            assert words[0] not in parsed, f"{words[0]} stated twice in {policy!r}"
            parsed[words[0]] = words[1:]
    return parsed


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --------------------------------------------------------------------------- the built pages


def test_every_page_states_the_policy_before_any_script(fresh_site):
    found = pages(fresh_site)
    assert len(found) >= 20 and fresh_site / "404.html" in found
    for page in found:
        text = page.read_text(encoding="utf-8")
        metas = re.findall(r'<meta http-equiv="Content-Security-Policy"', text)
        assert len(metas) == 1, f"{page}: {len(metas)} CSP <meta> tags"
        first_script = text.find("<script")
        assert 0 < text.find(metas[0]) < (first_script if first_script >= 0 else len(text)), page
        assert text.find(metas[0]) < text.find("</head>"), page


def test_script_src_lists_exactly_the_pages_inline_scripts_and_no_eval(fresh_site):
    for page in pages(fresh_site):
        text = page.read_text(encoding="utf-8")
        policy = directives(csp.meta_policy(text))
        scripts = policy["script-src"]
        assert scripts[:2] == ["'self'", "'wasm-unsafe-eval'"], (page, scripts)
        assert "'unsafe-eval'" not in sum(policy.values(), []), page
        assert "'unsafe-inline'" not in scripts and "'strict-dynamic'" not in scripts, page
        inline = csp.inline_scripts(text)
        assert len(inline) >= 3, f"{page}: Material's inline scripts not found"
        assert sorted(scripts[2:]) == sorted({csp.script_hash(s) for s in inline}), page


def test_no_directive_names_another_host(fresh_site):
    for page in pages(fresh_site):
        policy = directives(csp.meta_policy(page.read_text(encoding="utf-8")))
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
        assert policy["connect-src"] == ["'self'"] and policy["worker-src"] == ["'self'"]
        for name, sources in policy.items():
            for source in sources:
                assert source in ALLOWED_SOURCES or re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", source), \
                    f"{page}: {name} {source}"
        # A <meta> policy cannot say these (the browser ignores them with a warning).
        assert not {"frame-ancestors", "report-uri", "report-to", "sandbox"} & policy.keys()


def test_every_pages_policy_allows_the_inline_scripts_material_reruns_on_instant_navigation(fresh_site):
    """Instant navigation adds the next page's <meta> to the first page's (which stays in force:
    a policy cannot be taken back) and re-inserts the inline scripts of the next page's content
    area: each must be allowed by every page's policy."""
    rerun, policies = set(), {}
    for page in pages(fresh_site):
        text = page.read_text(encoding="utf-8")
        policies[page] = set(directives(csp.meta_policy(text))["script-src"])
        container = CONTAINER.search(text)
        assert container, page
        rerun |= {csp.script_hash(s) for s in csp.inline_scripts(container.group(1))}
    assert rerun, "Material's content-area script (the tab from the URL's hash) not found"
    for page, allowed in policies.items():
        assert rerun <= allowed, f"{page} does not allow {rerun - allowed}"


# --------------------------------------------------------------------------- the hook itself


def test_the_hook_hashes_only_scripts_the_browser_runs():
    page = ('<html><head><meta charset="utf-8"><title>t</title>'
            "<script>alert('Hello, world.');</script>"
            '<script src="a.js"></script><script type="application/json">{"a": 1}</script>'
            '<script type="module">import "./b.js"</script></head><body></body></html>')
    assert csp.inline_scripts(page) == ["alert('Hello, world.');", 'import "./b.js"']
    # The example of the CSP specification (section "Hash usage for script elements").
    assert csp.script_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    out = csp.add_meta(page)
    assert out.index('<meta charset="utf-8">') < out.index("Content-Security-Policy") < out.index("<title>")
    assert "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='" in csp.meta_policy(out)


def test_while_serving_script_src_allows_inline_scripts_for_livereload():
    """mkdocs serve injects a livereload script whose text changes with every response."""
    policy = directives(csp.page_policy("<script>x()</script>", serving=True))
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"]


# --------------------------------------------------------------------------- the static server


@pytest.fixture
def tiny_site(tmp_path):
    site = tmp_path / "site"
    (site / "lesson").mkdir(parents=True)
    (site / "lesson" / "index.html").write_text(csp.add_meta('<head><meta charset="utf-8"><script>a()</script></head>'))
    (site / "plain.html").write_text("<script>b()</script>")
    (site / "worker.js").write_text("importScripts('x.js')")
    (site / "assets" / "build" / "runtime").mkdir(parents=True)
    (site / "assets" / "build" / "runtime" / "worker.js").write_text("importScripts('pyodide.js')")
    return site


def test_the_server_sends_the_policy_as_a_header(tiny_site):
    server, url = serve_in_thread(tiny_site)
    try:
        status, headers, body = fetch(url, "/lesson/", headers={"Accept-Encoding": "gzip"})
        assert status == 200
        page_policy = directives(headers["content-security-policy"])
        stated = directives(csp.meta_policy(body.decode()))
        assert {k: v for k, v in page_policy.items() if k not in ("frame-ancestors", "report-uri")} == stated
        assert page_policy["frame-ancestors"] == ["'none'"]
        assert page_policy["report-uri"] == [static_server.REPORT_PATH]
        # A page without a <meta> gets the same policy, computed from its inline scripts.
        _, headers, _ = fetch(url, "/plain.html")
        assert csp.script_hash("b()") in directives(headers["content-security-policy"])["script-src"]
        # A worker's script: no inline-script hashes; WebAssembly allowed, eval not.
        _, headers, _ = fetch(url, "/worker.js")
        worker = directives(headers["content-security-policy"])
        assert worker["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
        assert worker["default-src"] == ["'self'"] and worker["frame-ancestors"] == ["'none'"]
        # The Python worker's script alone may also run a blob: (pyodide.asm.js decoded from its
        # brotli copy: web/src/brotli-copies.ts); nothing else changes.
        _, headers, _ = fetch(url, "/assets/build/runtime/worker.js")
        python_worker = directives(headers["content-security-policy"])
        assert python_worker["script-src"] == ["'self'", "'wasm-unsafe-eval'", "blob:"]
        assert {k: v for k, v in python_worker.items() if k != "script-src"} == \
            {k: v for k, v in worker.items() if k != "script-src"}
        status, headers, _ = fetch(url, "/missing.js")
        assert status == 404 and "content-security-policy" in headers
    finally:
        server.shutdown()
    server, url = serve_in_thread(tiny_site, csp=False)
    try:
        _, headers, _ = fetch(url, "/lesson/")
        assert "content-security-policy" not in headers
    finally:
        server.shutdown()


def test_the_server_keeps_the_violation_reports_it_receives(tiny_site):
    server, url = serve_in_thread(tiny_site)
    before = len(static_server.CSP_REPORTS)
    try:
        report = {"csp-report": {"document-uri": url + "/lesson/", "effective-directive": "script-src-elem",
                                 "blocked-uri": "inline"}}
        status, _, _ = fetch(url, static_server.REPORT_PATH, "POST", json.dumps(report).encode(),
                               {"Content-Type": "application/csp-report"})
        assert status == 204
        assert static_server.CSP_REPORTS[before:] == [report["csp-report"]]
        status, _, _ = fetch(url, "/lesson/", "POST", b"x")
        assert status == 405 and len(static_server.CSP_REPORTS) == before + 1
    finally:
        del static_server.CSP_REPORTS[before:]
        server.shutdown()
