"""localStorage full or switched off (Chromium, docs/playground.md).

Two faults, each from an init script that runs before any of the page's own scripts:
- full: Storage.prototype.setItem throws a QuotaExceededError DOMException (reading works);
- disabled: merely reading `window.localStorage` throws a SecurityError DOMException (as when a
  browser blocks site data).

In both, editing and running work as usual, and the learner is told once per page, in Korean,
that edits will not be kept: in the cell where saving first failed, in a polite live region.
Later failures (other cells, a slider, an exercise's progress) add no second notice. The page
has no script errors; Material's palette toggle still works (overrides/partials/javascripts/base.html).
"""

from __future__ import annotations

import pytest

from playground_support import BOOT_MS, RUN_MS, cell, code, run
from playground_support import set_code as edit

FAULTS = {
    "full": """Storage.prototype.setItem = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };""",
    "disabled": """Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); }});""",
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_without_storage_cells_work_and_the_learner_is_told_once(browser, site_url, fault):
    context = browser.new_context()
    context.add_init_script(FAULTS[fault])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(site_url + "/playground/")
        page.wait_for_function("window.nlplabRuntime?.state === 'ready'", timeout=BOOT_MS)
        assert page.evaluate("""() => { try { localStorage.setItem('x', '1'); return 'stored'; }
                                        catch (e) { return e.name; } }""") in ("QuotaExceededError", "SecurityError")

        # Editing works; saving fails; the learner is told, in the cell being edited.
        edit(page, "first", "x = np.arange(5)\nprint('edited', x.sum())")
        notice = page.locator(".nl-notice--storage")
        notice.wait_for()
        assert notice.count() == 1 and cell(page, "first").locator(".nl-notice--storage").count() == 1
        text = notice.inner_text()
        assert "고친 코드와 연습 기록을 저장할 수 없습니다" in text, text
        assert "편집과 실행은 그대로 할 수 있지만" in text and text.rstrip().endswith("남지 않습니다."), text
        assert notice.evaluate("n => n.closest('[aria-live=polite]') !== null"), "the notice is read out"
        assert page.evaluate("document.documentElement.dataset.nlStorage") == "unavailable"

        # Running works, with the edited code.
        assert run(page, "first") == "done"
        assert "edited 10" in cell(page, "first").locator(".nl-output").inner_text()

        # More failures: another cell, a slider, an exercise's progress. Still one notice.
        edit(page, "second", "y = x + 1\nprint('y', y)")
        assert run(page, "second") == "done"
        assert "y [1 2 3 4 5]" in cell(page, "second").locator(".nl-output").inner_text()
        slider = cell(page, "temperature").locator('input[type="range"]')
        slider.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "document.querySelector(`[data-cell-id='temperature'] .nl-output`)?.textContent.includes('T = 1.1 →')",
            timeout=RUN_MS)
        ex = cell(page, "softmax")
        ex.get_by_role("button", name="채점").click()
        ex.locator(".nl-exercise__feedback pre").wait_for(timeout=RUN_MS)
        ex.get_by_role("button", name="힌트 보기").click()
        assert "시도 1번" in ex.locator(".nl-exercise__badge").inner_text(), "progress is kept for this visit"
        page.wait_for_timeout(700)          # past the save delay of the last edits
        assert page.locator(".nl-notice--storage").count() == 1, "told once per page"
        assert code(page, "second") == "y = x + 1\nprint('y', y)"

        # Material's palette toggle is there and works.
        toggle = page.locator("form[data-md-component=palette] label:visible")
        assert toggle.count() == 1
        toggle.click()
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert errors == [], errors

        # Nothing was kept: after a reload the original code is back, and nothing failed.
        page.reload()
        page.locator('[data-cell-id="first"] .cm-content').wait_for()
        assert code(page, "first").startswith("x = np.arange(5)\nprint(\"x =\", x)")
        assert page.locator(".nl-notice--storage").count() == 0, "no notice before the learner edits"
        assert errors == [], errors
    finally:
        context.close()
