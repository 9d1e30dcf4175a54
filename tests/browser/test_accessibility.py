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

import pytest

from a11y_support import axe_violations, blocking, describe, site_pages, use_the_page, visit
from browser_support import BOOT_MS, RUN_MS, Tab
from playground_support import cell as cell_of
from playground_support import restart
from playground_support import run as run_cell

PAGES = site_pages()
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.fixture(scope="module", params=sorted(SCHEMES))
def tab(request, browser, site_url):
    """One tab per palette for all pages (instant navigation keeps Python booted)."""
    yield from Tab.for_fixture(browser, site_url, {"scheme": request.param}, color_scheme=request.param,
                               viewport={"width": 1280, "height": 900})


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violation_as_loaded_and_after_use(tab, path):
    page = visit(tab, path)
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
    figure, a value, Stop's notice, Restart's word in the page bar, a stale saved edit, the storage notice and
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
            cell = lambda cid: cell_of(page, cid)  # noqa: E731
            run = lambda cid: run_cell(page, cid)  # noqa: E731

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
            restart(page)
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


# The contrast of a control's text against what is behind it, and of its focus ring against the
# page, composited through translucent colours (axe-core checks neither hover nor focus states).
CONTRAST = """([selector, part]) => {
  const el = document.querySelector(selector);
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const over = (top, under) => ({r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
                                b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const background = (node) => {
    const layers = [];
    for (let n = node; n; n = n.parentElement) layers.push(parse(getComputedStyle(n).backgroundColor));
    return layers.reverse().reduce((under, top) => over(top, under), {r: 255, g: 255, b: 255, a: 1});
  };
  const lum = ({r, g, b}) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (x, y) => { const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p); return (a + 0.05) / (b + 0.05); };
  const style = getComputedStyle(el);
  if (part === 'text') {
    const bg = background(el);
    return ratio(over(parse(style.color), bg), bg);
  }
  const page = background(el.parentElement);
  return style.outlineStyle === 'none' ? 0 : ratio(over(parse(style.outlineColor), page), page);
}"""


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_buttons_keep_their_contrast_on_hover_and_show_a_focus_ring(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_url + "/playground/")
        page.wait_for_function("window.nlplabRuntime?.state === 'ready'", timeout=BOOT_MS)
        page.evaluate("document.querySelectorAll('.nl-runtime-status').forEach(s => s.remove())")
        low = []
        for scope, label in [('[data-cell-id="second"]', "실행"), (".nl-page-bar", "모두 실행"),
                             (".nl-page-bar", "Python 다시 시작"), ('[data-cell-id="second"]', "되돌리기"),
                             ('[data-cell-id="second"]', "링크로 공유"),
                             ('[data-cell-id="softmax"]', "채점"), ('[data-cell-id="softmax"]', "힌트 보기")]:
            button = page.locator(scope).get_by_role("button", name=label, exact=True)
            button.evaluate("b => b.dataset.probe = '1'")
            selector = "[data-probe='1']"
            page.mouse.move(0, 0)
            plain = page.evaluate(CONTRAST, [selector, "text"])
            button.hover()
            hovered = page.evaluate(CONTRAST, [selector, "text"])
            page.mouse.move(0, 0)
            page.keyboard.press("Shift")        # the last input was a key: focus is :focus-visible
            button.focus()
            assert button.evaluate("b => b.matches(':focus-visible')")
            ring = page.evaluate(CONTRAST, [selector, "ring"])
            button.evaluate("b => delete b.dataset.probe")
            if plain < 4.5 or hovered < 4.5 or ring < 3:
                low.append(f"{label}: text {plain:.2f}, hovered {hovered:.2f}, focus ring {ring:.2f}")
        assert not low, f"{scheme}: " + "; ".join(low)
    finally:
        context.close()
