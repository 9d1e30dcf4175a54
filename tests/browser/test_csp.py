"""The Content-Security-Policy in Chromium: the course works under it, and it bites.

Every browser test runs under the policy (conftest.py's `csp_guard` fails a test whose page or
worker caused a violation report); these tests show what it allows and what it stops.
mkdocs_hooks/csp.py defines the policy, web/README.md says why each source is there.
"""

from __future__ import annotations

import re

from playground_support import BOOT_MS, RUN_MS, cell, output, run, set_code, wait_ready
from site_support import POLICY_META, directives, search


def test_a_page_with_cells_runs_numpy_a_figure_and_scipy_under_the_policy(browser, site_url, csp_guard):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(site_url + "/playground/")
    header = directives(response.headers["content-security-policy"])
    meta = directives(page.locator(POLICY_META).get_attribute("content"))
    assert header["script-src"] == meta["script-src"] and "'unsafe-eval'" not in meta["script-src"]
    assert header["frame-ancestors"] == ["'none'"]
    wait_ready(page)

    assert run(page, "first") == "done"                                   # NumPy
    assert "x = [0 1 2 3 4]" in output(page, "first")
    assert run(page, "plot", timeout=BOOT_MS) == "done"                   # matplotlib
    img = cell(page, "plot").locator(".nl-output img")
    assert img.get_attribute("src").startswith("blob:")
    assert img.evaluate("img => img.decode().then(() => img.naturalWidth)") >= 400

    # SciPy loads (its wheels' WebAssembly is compiled under 'wasm-unsafe-eval'); eval in the
    # worker is refused, and the refusal is reported from the worker's own policy.
    set_code(page, "second", "import js, scipy.special\n"
                             "print('expit', scipy.special.expit(0.0))\n"
                             "try:\n    js.eval('1 + 1')\nexcept Exception as e:\n"
                             "    print('refused:', type(e).__name__, 'EvalError' in str(e))\n")
    assert run(page, "second", timeout=BOOT_MS) == "done"
    assert "expit 0.5" in output(page, "second")
    assert "refused: JsException True" in output(page, "second")
    reports = csp_guard.take(1)
    assert [(r["document-uri"].rsplit("/", 1)[-1], r["blocked-uri"]) for r in reports] == [("worker.js", "eval")]
    assert not errors, errors
    context.close()


def test_search_works_under_the_policy(page, site_url):
    """Material's search runs lunr in its own worker (worker-src 'self', connect-src for the index)."""
    page.goto(site_url + "/")
    assert search(page, "LSTM")[:1], "no result"
    assert "/unit4/lstm/" in search(page, "LSTM")


def test_an_instant_navigation_runs_the_next_pages_scripts_under_both_pages_policies(page, site_url):
    """Material swaps the content and the <head> elements that differ, so the next page's <meta>
    joins the first page's, which stays in force (a policy cannot be taken back), and it
    re-inserts the content's inline scripts: they run, Python stays, nothing is refused."""
    page.goto(site_url + "/unit1/naive-bayes/")
    first_policy = page.locator(POLICY_META).get_attribute("content")
    page.evaluate("window.__sameDocument = true")
    # Material follows a click instantly once it has read the sitemap; by the time Python is
    # ready it has (under load an early click could be dropped while it waits).
    wait_ready(page)
    page.wait_for_load_state("networkidle")
    page.locator('a.md-nav__link[href$="playground/"]').first.click()
    # (Material's navigation.tracking may add a heading's #anchor at once.)
    page.wait_for_url(re.compile(r".*/playground/(#.*)?$"), timeout=RUN_MS)
    page.locator('[data-cell-id="first"]').wait_for()
    assert page.evaluate("window.__sameDocument") is True, "an instant navigation, not a page load"
    policies = page.locator(POLICY_META).evaluate_all("metas => metas.map(m => m.content)")
    assert policies and first_policy not in policies, "Material replaced the <meta>"
    wait_ready(page)
    assert run(page, "first") == "done"


def test_the_policy_bites_inline_scripts_eval_and_other_hosts_are_refused_and_reported(browser, site_url, csp_guard):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "/")
    outcome = page.evaluate("""async () => {
        const script = document.createElement("script");
        script.textContent = "window.__injected = true";
        document.body.append(script);
        // Outside the DevTools call that runs this function (which may evaluate code itself).
        const evaluated = await new Promise(resolve => setTimeout(() => {
            try { resolve(String(eval("1 + 1"))); } catch (e) { resolve(e.name); }
        }));
        const fetched = await fetch("http://example.invalid/x").then(() => "fetched", e => e.name);
        return {injected: window.__injected === true, evaluated, fetched};
    }""")
    assert outcome == {"injected": False, "evaluated": "EvalError", "fetched": "TypeError"}
    # The guard sees them: without take() this test would fail in its teardown.
    reports = csp_guard.take(3)
    assert sorted(r["effective-directive"] for r in reports) == ["connect-src", "script-src", "script-src-elem"]
    assert all(r["document-uri"] == site_url + "/" for r in reports)
    assert not csp_guard.new()
    context.close()
