"""Helpers of the accessibility tests: axe-core from node_modules, the site's pages, instant navigation.

axe-core is the npm devDependency (package.json, exact version), injected with Playwright's
add_script_tag(path=...): never fetched from anywhere else.
"""

from __future__ import annotations

from browser_support import BOOT_MS, ROOT, docs_pages, navigate, page_url

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

# Every rule axe-core runs by default, plus target-size (WCAG 2.2: pointer targets of at least
# 24 px or enough room around them), which axe-core ships switched off.
AXE_RUN = """async (context) => {
  const result = await axe.run(context || document, {
    resultTypes: ['violations'],
    rules: {'target-size': {enabled: true}},
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                              summary: n.failureSummary.replace(/\\s+/g, ' ').slice(0, 300)})),
  }));
}"""


def site_pages() -> list[str]:
    """URL paths of every page of the site: one per docs/**/*.md ("/", "/unit1/", "/unit1/naive-bayes/"),
    in the order of the files, then MkDocs' own "/404.html"."""
    return [page_url(path) for path in docs_pages()] + ["/404.html"]


def settle(page) -> None:
    """Wait until no finite animation or transition runs (Material fades the header's title in and
    out; axe-core would measure the contrast of a half-faded text). Spinners loop forever: ignored."""
    page.wait_for_function("""() => document.getAnimations().every(
        a => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)""",
        timeout=10_000)


# The page bar (web/src/page-bar.ts) is sticky: scrolled down, it lies over whatever passes under
# it, and axe-core's target-size rule then counts a button half under it as too small. A learner
# scrolls a little (and the keyboard's focus is never put under it: scroll-padding-top, tested in
# test_page_bar.py), so axe-core measures the bar where it stands in the flow; both stay in layout.
UNSTICK_BAR = "on => document.querySelectorAll('.nl-page-bar').forEach(b => { b.style.position = on ? 'static' : ''; })"


# While axe-core runs, a change that comes meanwhile (the Python status appearing when the page's
# packages start loading) takes effect at once instead of fading in: axe-core measures the page at
# rest, not the contrast of a text 0.1 s into its 0.6 s fade.
NO_TRANSITIONS = """on => {
  document.getElementById('nl-test-no-transitions')?.remove();
  if (!on) return;
  const style = document.createElement('style');
  style.id = 'nl-test-no-transitions';
  style.textContent = '*, *::before, *::after { transition: none !important; }';
  document.head.append(style);
}"""


def axe_violations(page, context: str | None = None) -> list[dict]:
    """axe-core's violations on the page as it is now (injected once per document)."""
    settle(page)
    if not page.evaluate("typeof window.axe === 'object'"):
        if not AXE.exists():
            raise AssertionError(f"{AXE} is missing: run `npm ci` (axe-core is a devDependency)")
        page.add_script_tag(path=str(AXE))
    page.evaluate(UNSTICK_BAR, True)
    page.evaluate(NO_TRANSITIONS, True)
    try:
        return page.evaluate(AXE_RUN, context)
    finally:
        page.evaluate(NO_TRANSITIONS, False)
        page.evaluate(UNSTICK_BAR, False)


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(where: str, violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{where}: {v['impact']} {v['id']} ({v['help']}), {len(v['nodes'])} element(s)")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}  {node['html']}\n      {node['summary']}")
    return "\n".join(lines)


def wait_cells_ready(page, timeout=BOOT_MS) -> None:
    """Python booted and every runnable cell's editor mounted (editors off screen mount when idle)."""
    page.wait_for_function(
        """() => {
            const roots = [...document.querySelectorAll('.nl-cell')];
            if (!roots.length) return true;
            return window.nlplabRuntime?.state === 'ready'
                && roots.every(r => r.classList.contains('nl-cell--live'))
                && roots.filter(r => r.dataset.cellKind !== 'setup').every(r => r.hasAttribute('data-cell-editor'));
        }""", timeout=timeout)


def goto(page, base: str, path: str, first: bool) -> None:
    """Open a page: a load for the first one, then Material's instant navigation (Python stays
    booted), as a learner following the links. Waits until the page's cells are live."""
    url = base + path
    if first or path.endswith(".html"):
        page.goto(url)
    else:
        navigate(page, url)
    wait_cells_ready(page)


def visit(tab, path: str):
    """Open `path` in a browser_support.Tab (its first page is loaded, the others reached by
    instant navigation); returns the tab's page."""
    goto(tab.page, tab.base, path, tab.first)
    tab.first = False
    return tab.page


def use_the_page(page) -> list[str]:
    """Open the folded blocks, run the first runnable cell, check the first exercise, reveal its
    hints and its solution. Returns what was done (for the failure message)."""
    done = []
    page.evaluate("""() => document.querySelectorAll('.md-content details:not([open])')
                          .forEach(d => d.open = true)""")
    first = page.evaluate("""() => {
        const cell = [...document.querySelectorAll('.nl-cell[data-cell-kind="code"]')]
            .find(c => !c.hasAttribute('data-cell-endless') && !c.hasAttribute('data-cell-training'));
        return cell ? cell.dataset.cellIndex : null;
    }""")
    if first is not None:
        cell = page.locator(f'.nl-cell[data-cell-index="{first}"]')
        cell.get_by_role("button", name="실행", exact=True).click()
        page.wait_for_function(
            "i => ['done', 'error'].includes(document.querySelector(`.nl-cell[data-cell-index='${i}']`).dataset.cellState)",
            arg=first, timeout=BOOT_MS)
        done.append(f"ran cell {first} ({cell.get_attribute('data-cell-state')})")
    exercise = page.locator('.nl-cell[data-cell-kind="exercise"]').first
    if exercise.count():
        exercise.get_by_role("button", name="채점").click()
        exercise.locator(".nl-exercise__feedback[data-result='fail'], .nl-exercise__feedback[data-result='error'],"
                         " .nl-exercise__feedback[data-result='pass']").wait_for(timeout=BOOT_MS)
        hint = exercise.get_by_role("button", name="힌트 보기")
        while hint.is_visible() and hint.is_enabled():
            hint.click()
        exercise.get_by_role("button", name="풀이 보기").click()
        exercise.locator(".nl-exercise__solution pre").wait_for()
        done.append(f"checked an exercise, revealed {exercise.locator('.nl-exercise__hint').count()} hints and the solution")
    return done
