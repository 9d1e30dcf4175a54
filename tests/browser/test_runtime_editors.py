"""The editors of a long page in Chromium: every line number sits beside its line.

CodeMirror measures line heights only for editors inside the visible viewport; an editor
mounted off screen kept its estimated 14 px lines (the text lines are 20 px), so its numbers
were squeezed at the top until it was scrolled into view (docs/unit1/naive-bayes/, cells 2
and 3, in full-page screenshots at 1280 px). Editors are checked where they are, without
scrolling: those mounted near the viewport at once and those mounted later when idle.
"""

from __future__ import annotations

import re

import pytest

from browser_support import BOOT_MS

# Records each editor's mount: its cell, and whether Python was ready then (the page mounts
# editors near the viewport at once, the others when idle after Python is ready).
RECORD_MOUNTS = """
window.__mounts = [];
new MutationObserver((records) => {
  for (const r of records) {
    if (r.attributeName === 'data-cell-editor' && r.target.hasAttribute('data-cell-editor'))
      window.__mounts.push({id: r.target.dataset.cellId, ready: window.nlplabRuntime?.state === 'ready'});
  }
}).observe(document, {attributes: true, attributeFilter: ['data-cell-editor'], subtree: true});
"""

# For every editor: the largest distance (px) between a line's top and its number's top, and
# between their heights; and the editor's position relative to the viewport.
MISALIGNMENT = """() => [...document.querySelectorAll('.nl-cell .cm-editor')].map((editor) => {
  const lines = [...editor.querySelectorAll('.cm-content > .cm-line')];
  const numbers = [...editor.querySelectorAll('.cm-lineNumbers .cm-gutterElement')]
      .filter((el) => el.style.visibility !== 'hidden');          // CodeMirror's width spacer
  let top = 0, height = 0;
  lines.forEach((line, i) => {
    const a = line.getBoundingClientRect(), b = numbers[i]?.getBoundingClientRect();
    if (!b) { top = Infinity; return; }
    top = Math.max(top, Math.abs(a.top - b.top));
    height = Math.max(height, Math.abs(a.height - b.height));
  });
  const box = editor.getBoundingClientRect();
  return {id: editor.closest('.nl-cell').dataset.cellId, lines: lines.length, numbers: numbers.length,
          top, height, onScreen: box.bottom > 0 && box.top < innerHeight};
})"""


def longest_page(site) -> str:
    """The URL path of the built page with the most runnable cells."""
    counts = {}
    for file in site.rglob("index.html"):
        rel = file.relative_to(site).as_posix()
        if not rel.startswith("assets/"):
            counts["/" + rel[: -len("index.html")]] = len(
                re.findall(r'data-cell-kind="(?:code|exercise)"', file.read_text(encoding="utf-8")))
    return max(sorted(counts), key=counts.get)


def settle(page):
    """Two animation frames: CodeMirror measures in one and the gutter follows in the next."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_timeout(200)


def misaligned(page) -> tuple[list[dict], list[dict]]:
    editors = page.evaluate(MISALIGNMENT)
    bad = [e for e in editors if e["top"] > 1 or e["height"] > 1 or e["numbers"] < e["lines"]]
    return editors, bad


@pytest.fixture
def long_page(browser, built_site, site_url):
    path = longest_page(built_site)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(RECORD_MOUNTS)
    page = context.new_page()
    page.goto(site_url + path)
    # Every runnable cell's editor exists (the last ones are mounted when idle, after boot).
    page.wait_for_function("""() => [...document.querySelectorAll(
        '[data-cell-kind="code"], [data-cell-kind="exercise"]')].every(c => c.hasAttribute('data-cell-editor'))""",
        timeout=BOOT_MS)
    settle(page)
    yield page, path
    context.close()


def test_every_line_number_sits_beside_its_line_on_and_off_screen(long_page):
    page, path = long_page
    mounts = page.evaluate("window.__mounts")
    assert any(not m["ready"] for m in mounts) and any(m["ready"] for m in mounts), (
        f"{path}: expected editors mounted at once and editors mounted when idle: {mounts}")
    editors, bad = misaligned(page)
    assert len(editors) >= 8 and any(not e["onScreen"] for e in editors), (path, editors)
    assert page.evaluate("scrollY") == 0, "the check must not scroll the page"
    assert not bad, f"{path}: line numbers off their lines (px):\n" + "\n".join(map(str, bad))


def test_line_numbers_follow_a_resize_that_changes_the_font_size(long_page):
    """Material's breakpoints change the root font size (1600 px and up: 125 %)."""
    page, path = long_page
    before = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.cm-line')).lineHeight)")
    page.set_viewport_size({"width": 1700, "height": 900})
    page.wait_for_timeout(400)
    settle(page)
    after = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.cm-line')).lineHeight)")
    assert after > before, (before, after)
    _, bad = misaligned(page)
    assert not bad, f"{path}: after the resize, line numbers off their lines (px):\n" + "\n".join(map(str, bad))
