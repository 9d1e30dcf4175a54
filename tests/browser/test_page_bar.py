"""The page bar (web/src/page-bar.ts) and the calmer cell toolbar, in Chromium.

- A page with cells has one toolbar "페이지 도구" (모두 실행, Python 다시 시작); no cell repeats
  them, nor 위 셀 모두 실행 (Alt+Shift+Enter in the editor, and the NameError explanation's button);
  a page without runnable cells has no bar.
- By mouse: 모두 실행 runs the cells in order and stops at the error; Python 다시 시작 forgets the
  page's variables and says so in the bar. (By keyboard: test_keyboard.py.)
- At 375 px: nothing scrolls sideways, the bar covers neither the title nor a focused control,
  and it stays at the top of the window while the page scrolls; axe-core finds nothing serious in
  either palette.
"""

from __future__ import annotations

import re

import pytest

from a11y_support import axe_violations, blocking, describe, goto
from browser_support import Tab
from playground_support import (
    PLAYGROUND, cell, output, page_bar, playground_tab, restart, run, run_all, state, wait_ready, wait_state,
)

CELL_BUTTONS = {"실행", "정지", "되돌리기", "변수 보기", "링크로 공유"}
PAGE_WIDE = {"모두 실행", "Python 다시 시작", "위 셀 모두 실행"}
PHONE = {"width": 375, "height": 700}


def toolbar_buttons(page) -> list[list[str]]:
    """Each toolbar's label, then the accessible names of its buttons."""
    return page.evaluate("""() => [...document.querySelectorAll('[role=toolbar]')].map(bar =>
        [bar.getAttribute('aria-label'), ...[...bar.querySelectorAll('button')].map(b =>
            [...b.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim())])""")


@pytest.fixture(scope="module")
def tab(browser, site_url):
    yield from Tab.for_fixture(browser, site_url, viewport={"width": 1280, "height": 900})


@pytest.mark.parametrize("path", [PLAYGROUND, "/unit3/rnn/"])
def test_one_page_bar_and_cells_without_page_wide_buttons(tab, path):
    goto(tab.page, tab.base, path, tab.first)
    tab.first = False
    page = tab.page
    bars = toolbar_buttons(page)
    assert bars[0] == ["페이지 도구", "모두 실행", "Python 다시 시작"], bars[0]
    cells = [bar for bar in bars[1:] if re.fullmatch(r"셀 \d+ 도구", bar[0])]
    assert len(cells) == page.locator(".nl-cell:not([data-cell-kind=setup])").count() > 5, bars
    for bar in cells:
        assert not PAGE_WIDE & set(bar[1:]) and set(bar[1:]) <= CELL_BUTTONS, bar
        assert {"실행", "정지", "변수 보기", "링크로 공유"} <= set(bar[1:]), bar
    counts = page.evaluate("""() => ['.nl-btn--run-all', '.nl-btn--restart', '.nl-btn--run-above']
        .map(s => document.querySelectorAll(s).length)""")
    assert counts == [1, 1, 0], counts
    # Right under the title.
    assert page.evaluate("document.querySelector('.nl-page-bar').previousElementSibling.tagName") == "H1"


def test_a_page_without_cells_has_no_bar(tab):
    goto(tab.page, tab.base, "/reference/", tab.first)
    tab.first = False
    assert tab.page.locator(".nl-page-bar").count() == 0
    assert tab.page.get_by_role("toolbar").count() == 0
    # Back to a page with cells (instant navigation): one bar again, not two.
    goto(tab.page, tab.base, PLAYGROUND, False)
    tab.page.locator(".nl-page-bar").first.wait_for()     # runtime.js sets the new page up after the swap
    assert tab.page.locator(".nl-page-bar").count() == 1
    assert tab.errors == []


def test_the_bar_runs_all_and_restarts_by_mouse(browser, site_url):
    with playground_tab(browser, site_url) as page:
        wait_ready(page)
        run_all(page)
        assert wait_state(page, "error", ("error",)) == "error"
        assert [state(page, c) for c in ("first", "second", "versions", "nlplab")] == ["done"] * 4
        assert "y = [0 2 4 6 8]" in output(page, "second")
        # After the error the rest of 모두 실행 is cancelled, the endless loop too.
        assert [state(page, c) for c in ("temperature", "forever", "shared")] == ["idle"] * 3

        restart(page)
        assert page_bar(page).locator(".nl-page-bar__status").inner_text() == "변수가 모두 지워졌습니다"
        assert state(page, "second") == "idle", "a result shown before the restart no longer holds"
        assert run(page, "second") == "error"
        assert "NameError: name 'x' is not defined" in output(page, "second")
        # The explanation still offers 위 셀 모두 실행 (a button inside the output).
        cell(page, "second").locator(".nl-explain").get_by_role("button", name="위 셀 모두 실행").click()
        assert wait_state(page, "first", ("done",)) == "done"
        # Running again clears the bar's word: it no longer describes the page.
        assert page_bar(page).locator(".nl-page-bar__status").inner_text() == ""
        assert page.errors == []


# What is at the top of the window: the bar's box, the header's bottom, the focused element's box.
BOXES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  const focused = document.activeElement && document.activeElement !== document.body ? box(document.activeElement) : null;
  return {bar: box(document.querySelector('.nl-page-bar')), header: box(document.querySelector('.md-header')),
          title: box(document.querySelector('article h1')), focused,
          scrollWidth: document.scrollingElement.scrollWidth, scrollY: scrollY};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_at_375_px_the_bar_stays_in_reach_and_hides_nothing(browser, site_url, scheme):
    with playground_tab(browser, site_url, viewport=PHONE, color_scheme=scheme) as page:
        wait_ready(page)
        at_load = page.evaluate(BOXES)
        assert at_load["scrollWidth"] <= 375, at_load
        assert at_load["bar"]["right"] <= 375 and at_load["bar"]["bottom"] - at_load["bar"]["top"] < 60, at_load
        assert at_load["title"]["bottom"] <= at_load["bar"]["top"], "the bar covers the title"
        # Far down the page the bar is still at the top, right under the header.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
        page.wait_for_function("scrollY > 1000")
        down = page.evaluate(BOXES)
        assert abs(down["bar"]["top"] - down["header"]["bottom"]) <= 1, down
        # A control the keyboard reaches is scrolled into view below the bar, not under it.
        run_button = cell(page, "first").get_by_role("button", name="실행", exact=True)
        run_button.focus()
        focused = page.evaluate(BOXES)
        assert focused["focused"]["top"] >= focused["bar"]["bottom"], focused
        page.keyboard.press("Shift+Tab")        # the editor of the same cell, above the button
        back = page.evaluate(BOXES)
        assert back["focused"]["top"] >= back["bar"]["bottom"] - 1, back
        # The bar itself, by keyboard, while scrolled down: visible and whole.
        page_bar(page).get_by_role("button", name="모두 실행").focus()
        bar = page.evaluate(BOXES)
        assert bar["focused"]["top"] >= bar["header"]["bottom"] and bar["focused"]["right"] <= 375, bar
        found = blocking(axe_violations(page))
        assert not found, describe(f"{scheme} 375 px playground", found)
        assert page.errors == []
