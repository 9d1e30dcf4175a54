"""Errors a learner understands, in Chromium on the playground (docs/playground.md): under the
traceback, a Korean explanation that names the learner's own arrays and shapes.

Each case of tests/runtime/explain_cases.py (the same list the native test runs) is typed into the
playground's "text-only" cell and run: its explanation must read exactly as written there, with
NumPy's index integer np.intp being int32 here (WebAssembly), so `np.bincount` on int64 fails in
the page and the explanation says why. A NameError for a name a cell above defines offers
"위 셀 모두 실행", reached and pressed by keyboard; the explanation is text inside the cell's output
region (a screen reader reads it with the traceback), axe-core finds nothing serious in it (light
and dark palettes), at 375 px it scrolls inside itself, never the page, and it works offline
after one visit (the explainer is part of worker.js, which the service worker keeps).
"""

from __future__ import annotations

import sys

import pytest

from a11y_support import axe_violations, blocking, describe
from browser_support import ROOT
from playground_support import (cell, inside_cell, output, playground_tab, reload_offline, run, set_code,
                                tab_to, wait_ready, wait_state)

sys.path.insert(0, str(ROOT / "tests" / "runtime"))
from explain_cases import CASES, NAME_PARTS  # noqa: E402

CELL = "text-only"                   # the playground's cell 10
INTP = "int32"                       # np.intp in Pyodide (wasm32)
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def playground(browser, site_url):
    with playground_tab(browser, site_url) as page:
        wait_ready(page)
        yield page


def explanation(page, cell_id) -> list[str]:
    return cell(page, cell_id).locator(".nl-explain .nl-explain__part").all_inner_texts()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_mistake_gets_its_explanation_under_the_traceback(playground, case):
    page = playground
    set_code(page, CELL, case.code)
    assert run(page, CELL) == "error"
    out = cell(page, CELL).locator(".nl-output")
    assert out.locator(".nl-output__error").inner_text().rstrip().splitlines()[-1].startswith(
        ("numpy", case.error))
    assert explanation(page, CELL) == case.expected(INTP)
    # Under the traceback, titled, and its code blocks (aligned shapes) kept as written
    box = out.locator(".nl-explain")
    assert box.locator(".nl-explain__title").inner_text() == "오류 풀이"
    assert page.evaluate("""() => {
        const out = document.querySelector('[data-cell-id="text-only"] .nl-output');
        const error = out.querySelector('.nl-output__error'), box = out.querySelector('.nl-explain');
        return !!(error.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    pre = box.locator("pre.nl-explain__part").all_inner_texts()
    assert pre == [p for p in case.expected(INTP) if "\n" in p or ".shape =" in p]
    assert box.get_by_role("button").count() == 0        # only a missing name offers an action
    assert page.errors == []


def test_a_name_from_a_cell_not_yet_run_offers_running_the_cells_above_by_keyboard(browser, site_url):
    with playground_tab(browser, site_url) as page:
        wait_ready(page)
        assert run(page, "second") == "error"            # cell 2 uses x, which cell 1 defines
        assert explanation(page, "second") == list(NAME_PARTS)
        # Inside the output region a screen reader reads: the traceback, then the explanation
        region = page.get_by_role("region", name="셀 2 실행 결과")
        assert "NameError: name 'x' is not defined" in region.inner_text()
        assert NAME_PARTS[0] in region.inner_text()
        action = region.get_by_role("button", name="위 셀 모두 실행", exact=True)
        assert action.count() == 1
        found = blocking(axe_violations(page, '[data-cell-id="second"]'))
        assert not found, describe("the explanation", found)
        # From the cell's 실행 button, Tab reaches the action; Enter runs the cells above
        cell(page, "second").get_by_role("button", name="실행", exact=True).focus()
        assert tab_to(page, action), "Tab never reached 위 셀 모두 실행"
        page.keyboard.press("Enter")
        assert wait_state(page, "first") == "done"
        assert "x = [0 1 2 3 4]" in output(page, "first")
        assert run(page, "second") == "done"
        assert "y = [0 2 4 6 8]" in output(page, "second")
        assert cell(page, "second").locator(".nl-explain").count() == 0
        assert page.errors == []


def test_explanations_scroll_inside_the_output_at_375_px(browser, site_url):
    with playground_tab(browser, site_url, viewport=PHONE) as page:
        wait_ready(page)
        assert run(page, "second") == "error"
        wide = next(c for c in CASES if c.id == "broadcast-row-means")
        set_code(page, CELL, wide.code)
        assert run(page, CELL) == "error"
        assert explanation(page, CELL) == wide.expected(INTP)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
        for cell_id in ("second", CELL):
            assert inside_cell(page, cell_id, ".nl-explain"), f"the explanation of {cell_id} sticks out of its cell"
        action = cell(page, "second").locator(".nl-explain").get_by_role("button", name="위 셀 모두 실행")
        size = action.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24
        found = blocking(axe_violations(page, ".nl-explain"))
        assert not found, describe("375 px explanations", found)
        assert page.errors == []


def test_the_explanation_reads_well_in_the_dark_palette(browser, site_url):
    with playground_tab(browser, site_url, color_scheme="dark") as page:
        wait_ready(page)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert run(page, "second") == "error"
        assert explanation(page, "second") == list(NAME_PARTS)
        found = blocking(axe_violations(page, '[data-cell-id="second"]'))
        assert not found, describe("dark palette", found)
        assert page.errors == []


def test_explanations_work_offline_after_one_visit(browser, site_url):
    with playground_tab(browser, site_url) as page:
        wait_ready(page)
        reload_offline(page)
        set_code(page, CELL, CASES[0].code)
        assert run(page, CELL) == "error"
        assert explanation(page, CELL) == CASES[0].expected(INTP)
        assert run(page, "second") == "error"
        cell(page, "second").locator(".nl-explain").get_by_role("button", name="위 셀 모두 실행").click()
        assert wait_state(page, "first") == "done"
        assert page.errors == []
