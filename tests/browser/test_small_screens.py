"""The layout on a 375 px wide phone screen, and wide display math at any width (Chromium).

- No page scrolls sideways: document.scrollingElement.scrollWidth <= 375 on every page, as
  loaded and after use (cells run, hints and solutions shown); editors, outputs, tables and
  math scroll inside their own boxes. axe-core (target-size on) finds nothing serious at 375 px.
- The cells' toolbars wrap inside the cell; buttons, sliders and summaries are at least 24 px.
- Wide and long outputs keep their lines and scroll inside the output, and the keyboard can
  scroll them.
- Display math wider than its column scrolls inside its block, all of it reachable (the last
  symbol is not cut off at the edge), and such a block is in the tab order; blocks that fit are not.
"""

from __future__ import annotations

import pytest

from a11y_support import axe_violations, blocking, describe, site_pages, use_the_page, visit
from browser_support import BOOT_MS, RUN_MS, Tab

PAGES = site_pages()
PHONE = {"width": 375, "height": 740}

# Elements that stick out of the page's right edge (not inside a box that scrolls or clips).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== 'visible' || s.position === 'fixed') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1 && !clipped(el) && getComputedStyle(el).position !== 'fixed')
      out.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 40)} right=${Math.round(box.right)}`);
  }
  return {scrollWidth: document.scrollingElement.scrollWidth, out: out.slice(0, 10)};
}"""

# Controls of the cells smaller than 24 x 24 px (WCAG 2.5.8), and toolbars wider than their cell.
SMALL_TARGETS = """() => {
  const small = [];
  for (const el of document.querySelectorAll('.nl-cell .nl-btn, .nl-cell input, .nl-cell summary, #nl-runtime-status button')) {
    const box = el.getBoundingClientRect();
    if (!box.width && !box.height) continue;            // hidden
    if (box.width < 24 || box.height < 24) small.push(`${el.textContent.trim() || el.type} ${Math.round(box.width)}x${Math.round(box.height)}`);
  }
  const bars = [...document.querySelectorAll('.nl-cell__bar, .nl-exercise__bar')].filter(bar => {
    const cell = bar.closest('.nl-cell').getBoundingClientRect();
    return bar.scrollWidth > bar.clientWidth + 1
        || [...bar.children].some(b => { const r = b.getBoundingClientRect(); return r.width && (r.right > cell.right + 1 || r.left < cell.left - 1); });
  }).map(bar => bar.closest('.nl-cell').dataset.cellId);
  return {small, bars};
}"""


@pytest.fixture(scope="module")
def phone(browser, site_url):
    # A 375 px window, not a touch emulation: Material puts its scrolling code blocks in the tab
    # order only where the pointer can hover (matchMedia('(hover)')), by design.
    yield from Tab.for_fixture(browser, site_url, viewport=PHONE)


@pytest.mark.parametrize("path", PAGES)
def test_nothing_scrolls_the_page_sideways_at_375_px(phone, path):
    page = visit(phone, path)
    assert page.evaluate("innerWidth") == 375
    problems = []
    loaded = page.evaluate(OVERFLOW)
    if loaded["scrollWidth"] > 375 or loaded["out"]:
        problems.append(f"as loaded: {loaded}")
    targets = page.evaluate(SMALL_TARGETS)
    if targets["small"] or targets["bars"]:
        problems.append(f"small targets or toolbars wider than their cell: {targets}")
    found = blocking(axe_violations(page))
    check_math(page, f"375 px {path}")
    did = use_the_page(page)
    used = page.evaluate(OVERFLOW)
    if used["scrollWidth"] > 375 or used["out"]:
        problems.append(f"after {did}: {used}")
    found += blocking(axe_violations(page))
    assert not problems and not found, "\n".join(problems) + "\n" + describe(f"375 px {path}", found)
    assert phone.errors == [], phone.errors


def test_wide_and_long_output_scrolls_inside_the_output(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(site_url + "/playground/")
        page.wait_for_function("window.nlplabRuntime?.state === 'ready'", timeout=BOOT_MS)
        root = page.locator('[data-cell-id="text-only"]')
        root.locator(".cm-content").click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text("import numpy as np\nprint(np.arange(60).reshape(3, 20) * 1000.5)\n"
                                  "print('가' * 120)\nfor i in range(300):\n    print(i)\n")
        root.get_by_role("button", name="실행", exact=True).click()
        page.wait_for_function("document.querySelector(`[data-cell-id='text-only']`).dataset.cellState === 'done'",
                               timeout=RUN_MS)
        page.wait_for_timeout(300)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
        pre = root.locator(".nl-output__stdout")
        box = pre.evaluate("""el => ({sw: el.scrollWidth, cw: el.clientWidth, sh: el.scrollHeight, ch: el.clientHeight,
                                      tab: el.getAttribute('tabindex'), wrap: getComputedStyle(el).whiteSpace,
                                      lines: el.textContent.split('\\n').length})""")
        assert box["wrap"] == "pre", "lines are kept, not wrapped"
        assert box["sw"] > box["cw"] and box["sh"] > box["ch"], box
        assert box["tab"] == "0", "a scrolling output is in the tab order"
        assert pre.inner_text().split("\n")[0] == "[[    0.   1000.5  2001.   3001.5  4002.   5002.5  6003.   7003.5  8004."
        assert box["lines"] > 300
        pre.focus()
        assert pre.evaluate("el => el === document.activeElement")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("PageDown")
        # (Keyboard scrolling may be animated: wait for it.)
        pre.evaluate("""el => new Promise((resolve, reject) => {
            const started = performance.now();
            const check = () => el.scrollLeft > 0 && el.scrollTop > 0 ? resolve()
                : performance.now() - started > 5000 ? reject(new Error(`not scrolled: ${el.scrollLeft}, ${el.scrollTop}`))
                : requestAnimationFrame(check);
            check();
        })""")
        assert pre.evaluate("el => el.matches(':focus-visible') && parseFloat(getComputedStyle(el).outlineWidth) >= 2")
    finally:
        context.close()


# Each display-math block: whether it scrolls, its tab index, how far its visible symbols reach
# (in the block's scroll coordinates) and whether anything is clipped vertically.
MATH_BLOCKS = """() => [...document.querySelectorAll('.md-content div.arithmatex')].map((block, i) => {
  const box = block.getBoundingClientRect();
  let left = Infinity, right = -Infinity;
  for (const el of block.querySelectorAll('.katex-html *')) {
    if (el.children.length || !el.textContent.trim()) continue;        // symbols: text leaves
    const r = el.getBoundingClientRect();
    if (!r.width) continue;
    left = Math.min(left, r.left - box.left + block.scrollLeft);
    right = Math.max(right, r.right - box.left + block.scrollLeft);
  }
  return {i, scrollWidth: block.scrollWidth, clientWidth: block.clientWidth, clipped: block.scrollHeight > block.clientHeight + 1,
          tabindex: block.getAttribute('tabindex'), left: Math.round(left), right: Math.round(right),
          gap: Math.round(block.scrollWidth - right)};
})"""


def check_math(page, where: str) -> list[dict]:
    blocks = page.evaluate(MATH_BLOCKS)
    bad = []
    for b in blocks:
        scrolls = b["scrollWidth"] > b["clientWidth"] + 1
        if b["clipped"] or b["left"] < 0 or b["right"] > b["scrollWidth"]:
            bad.append(("cut off", b))
        elif scrolls and (b["tabindex"] != "0" or b["gap"] < 8):
            bad.append(("scrolls, but is not focusable or ends flush against the edge", b))
        elif not scrolls and b["tabindex"] is not None:
            bad.append(("fits, yet is a tab stop", b))
    assert not bad, f"{where}: " + "\n".join(map(str, bad))
    return blocks


def test_wide_display_math_scrolls_inside_its_block(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_url + "/unit1/naive-bayes/")
        page.wait_for_function("document.querySelectorAll('.arithmatex .katex').length > 5")
        page.evaluate("document.fonts.ready.then(() => true)")
        page.wait_for_timeout(300)
        blocks = check_math(page, "1280 px")
        wide = [b for b in blocks if b["scrollWidth"] > b["clientWidth"] + 1]
        assert wide, "naive-bayes has a formula wider than the column at 1280 px"
        # From the keyboard: Tab reaches the block, the arrow keys scroll it to its last symbol.
        block = page.locator(".md-content div.arithmatex").nth(wide[0]["i"])
        block.focus()
        assert block.evaluate("el => el === document.activeElement")
        for _ in range(20):
            page.keyboard.press("ArrowRight")
        # (Keyboard scrolling may be animated: wait for it to reach the end.)
        page.wait_for_function("el => el.scrollLeft >= el.scrollWidth - el.clientWidth - 1",
                               arg=block.element_handle(), timeout=5000)
        # Wider screen: the same block fits and leaves the tab order.
        page.set_viewport_size({"width": 1900, "height": 900})
        page.wait_for_timeout(400)
        check_math(page, "1900 px")
        # Phone: many blocks scroll; all of them stay whole and reachable.
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(400)
        narrow = check_math(page, "375 px")
        assert sum(b["scrollWidth"] > b["clientWidth"] + 1 for b in narrow) > len(wide)
    finally:
        context.close()
