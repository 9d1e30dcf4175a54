"""axe-core on every page of the built site, in the light and the dark palette.

Each page is checked twice: as loaded (Python booted, every editor mounted), then after the
learner has used it: its folded blocks opened, its first runnable cell run (output, or the
traceback of a cell that raises), and its first exercise checked (feedback), every hint revealed
and the solution shown. A serious or critical violation fails the page's test; the message lists
each rule with the elements it names. axe-core comes from node_modules (a devDependency),
injected with add_script_tag; its target-size rule (24 px pointer targets), off by default, is on.

The pages are reached the way a learner goes from page to page (Material's instant navigation),
so Python boots once per palette. The palette follows the browser's colour scheme
(mkdocs.yml: `media: "(prefers-color-scheme: …)"`), which each context emulates.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from a11y_support import BOOT_MS, axe_violations, blocking, describe, goto, site_pages, use_the_page

PAGES = site_pages()
SCHEMES = {"light": "default", "dark": "slate"}
RUN_MS = 60_000


@pytest.fixture(scope="module", params=sorted(SCHEMES))
def tab(request, browser, site_url):
    """One tab per palette for all pages (instant navigation keeps Python booted)."""
    scheme = request.param
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    state = SimpleNamespace(page=page, base=site_url, scheme=scheme, first=True, errors=[])
    page.on("pageerror", lambda e: state.errors.append(str(e)))
    yield state
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violation_as_loaded_and_after_use(tab, path):
    page = tab.page
    goto(page, tab.base, path, tab.first)
    tab.first = False
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[tab.scheme]
    found = blocking(axe_violations(page))
    report = describe(f"{tab.scheme} {path} as loaded", found)
    did = use_the_page(page)
    found_after = blocking(axe_violations(page))
    report += "\n" + describe(f"{tab.scheme} {path} after: {'; '.join(did) or 'folded blocks opened'}", found_after)
    assert not found and not found_after, report
    assert tab.errors == [], tab.errors


def test_every_built_page_is_checked(built_site):
    built = set()
    for file in built_site.rglob("*.html"):
        rel = file.relative_to(built_site).as_posix()
        if not rel.startswith("assets/"):
            built.add("/" + rel[: -len("index.html")] if rel.endswith("index.html") else "/" + rel)
    assert built == set(PAGES), (sorted(built - set(PAGES)), sorted(set(PAGES) - built))


def test_the_playground_after_everything_a_learner_can_see(browser, site_url):
    """The runtime's rarer states in both palettes: a traceback with its marked line, stderr, a
    figure, a value, Stop's notice, Restart's notice, a stale saved edit, the storage notice and
    a check that fails with its message."""
    stale = '{"digest": "000000000000", "code": "print(1)", "savedAt": 1}'
    for scheme in sorted(SCHEMES):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
        context.add_init_script(f"""
            localStorage.setItem('nlplab:v1:edit:playground/:second', {stale!r});
            const setItem = Storage.prototype.setItem;
            Storage.prototype.setItem = function (key, value) {{
                if (key.includes(':edit:playground/:first')) throw new DOMException('full', 'QuotaExceededError');
                return setItem.call(this, key, value);
            }};""")
        page = context.new_page()
        try:
            page.goto(site_url + "/playground/")
            page.wait_for_function("window.nlplabRuntime?.state === 'ready'", timeout=BOOT_MS)
            cell = lambda cid: page.locator(f'[data-cell-id="{cid}"]')  # noqa: E731

            def run(cid):
                cell(cid).get_by_role("button", name="실행", exact=True).click()
                page.wait_for_function(
                    "id => ['done', 'error'].includes(document.querySelector(`[data-cell-id='${id}']`).dataset.cellState)",
                    arg=cid, timeout=RUN_MS)

            cell("first").locator(".cm-content").click()
            page.keyboard.press("End")
            page.keyboard.type("\nimport sys; print('경고', file=sys.stderr)")
            cell("first").locator(".nl-notice--storage").wait_for()
            for cid in ("first", "error", "plot", "versions"):
                run(cid)
            assert cell("error").locator(".nl-error-line").count() == 1
            assert cell("first").locator(".nl-output__stderr").count() == 1
            cell("forever").get_by_role("button", name="실행", exact=True).click()
            page.wait_for_function("document.querySelector(`[data-cell-id='forever']`).dataset.cellState === 'running'")
            page.wait_for_timeout(300)
            cell("forever").get_by_role("button", name="정지").click()
            page.wait_for_function("document.querySelector(`[data-cell-id='forever']`).dataset.cellState === 'error'")
            cell("text-only").get_by_role("button", name="Python 다시 시작").click()
            ex = cell("softmax")
            ex.get_by_role("button", name="채점").click()
            ex.locator(".nl-exercise__feedback pre").wait_for(timeout=RUN_MS)
            ex.get_by_role("button", name="힌트 보기").click()
            assert cell("second").get_attribute("data-cell-stale") == ""
            # The Python status line, shown again (it fades once Python is ready).
            page.evaluate("document.querySelector('#nl-runtime-status').classList.remove('nl-runtime-status--faded')")
            found = blocking(axe_violations(page))
            assert not found, describe(f"{scheme} /playground/ after use", found)
        finally:
            context.close()
