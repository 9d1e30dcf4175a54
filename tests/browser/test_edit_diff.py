"""A saved edit whose original changed since (another digest; web/src/cell.ts, web/src/edit-diff.ts): the
cell keeps the new code, and its notice shows the learner's edit against it, line by line, with a
visible + or − and a label a screen reader reads, until the learner chooses 내 코드 유지 or 새 코드 받기.
Nothing is applied or dropped before that choice, not even by a reload. By keyboard, at 375 px, with
axe-core finding nothing serious, and offline after one visit (edit-diff.ts is part of the runtime
bundle the service worker keeps)."""

from __future__ import annotations

import json

import pytest

from a11y_support import axe_violations, blocking, describe
from offline_support import wait_offline_ready
from playground_support import cell, code, focused, inside_cell, playground_tab, set_code, wait_ready

EDIT_KEY = "nlplab:v1:edit:playground/:second"
# The playground's `second` is "y = x * 2\nprint(\"y =\", y)"; this edit changed its first line and added one.
MINE = "y = x * 3\nprint(\"y =\", y)\nprint(y.sum())"
PHONE = {"width": 375, "height": 740}


def stale_edit(context) -> None:
    """An edit saved (as storage.ts keeps it) against an older original: its digest is not the cell's."""
    value = json.dumps({"digest": "000000000000", "code": MINE, "savedAt": 1})
    context.add_init_script(f"""if (!sessionStorage.getItem('nl-stale')) {{
        sessionStorage.setItem('nl-stale', '1');
        localStorage.setItem({json.dumps(EDIT_KEY)}, {json.dumps(value)});
    }}""")


def diff_lines(page) -> list[tuple[str, str]]:
    """Each line of the diff as (side, what a screen reader reads)."""
    return page.evaluate("""() => [...document.querySelectorAll("[data-cell-id='second'] .nl-diff__line")]
        .map(row => [row.dataset.diffSide, [...row.children].filter(c => c.getAttribute('aria-hidden') !== 'true')
                                                             .map(c => c.textContent).join('')])""")


def test_the_diff_shows_both_sides_and_keep_mine_adopts_the_edit_for_the_new_original(browser, site_url):
    with playground_tab(browser, site_url, prepare=stale_edit) as page:
        root = cell(page, "second")
        root.locator(".nl-diff").wait_for()
        original = code(page, "second")
        assert original.startswith("y = x * 2")
        assert [tuple(line) for line in diff_lines(page)] == [
            ("new", "새 코드에만 있는 줄: y = x * 2"),
            ("mine", "내 코드에만 있는 줄: y = x * 3"),
            ("both", '같은 줄: print("y =", y)'),
            ("mine", "내 코드에만 있는 줄: print(y.sum())"),
        ]
        signs = root.locator(".nl-diff__sign").all_inner_texts()
        assert [s.strip() for s in signs] == ["−", "+", "", "+"]
        assert "+ 내 코드에만 있는 줄" in root.locator(".nl-diff__legend").inner_text()

        page.reload()                                     # undecided: still offered, nothing applied
        root.locator(".nl-diff").wait_for()
        assert code(page, "second") == original
        assert json.loads(page.evaluate(f"localStorage.getItem('{EDIT_KEY}')"))["code"] == MINE

        root.get_by_role("button", name="내 코드 유지", exact=True).click()
        assert code(page, "second") == MINE
        assert root.locator(".nl-diff").count() == 0 and root.get_attribute("data-cell-stale") is None
        assert focused(root.get_by_role("button", name="실행", exact=True)), "focus falls to 실행, not the page"
        saved = json.loads(page.evaluate(f"localStorage.getItem('{EDIT_KEY}')"))
        assert saved["code"] == MINE and saved["digest"] == root.get_attribute("data-cell-digest")
        page.reload()
        root.locator(".cm-content").wait_for()
        assert code(page, "second") == MINE and root.locator(".nl-diff").count() == 0


def test_take_the_new_one_by_keyboard_drops_the_old_edit_and_keeps_what_was_typed_since(browser, site_url):
    with playground_tab(browser, site_url, prepare=stale_edit) as page:
        root = cell(page, "second")
        root.locator(".nl-diff").wait_for()
        original = code(page, "second")
        set_code(page, "second", original + "\n# typed while undecided")
        assert json.loads(page.evaluate(f"localStorage.getItem('{EDIT_KEY}')"))["code"] == MINE, \
            "typing while the choice is open does not overwrite the old edit"
        take = root.get_by_role("button", name="새 코드 받기", exact=True)
        take.focus()
        page.keyboard.press("Enter")
        root.locator(".nl-diff").wait_for(state="detached")
        saved = json.loads(page.evaluate(f"localStorage.getItem('{EDIT_KEY}')"))
        assert saved["code"] == original + "\n# typed while undecided", "the old edit goes, the new typing stays"
        assert saved["digest"] == root.get_attribute("data-cell-digest")
        assert root.get_attribute("data-cell-stale") is None
        assert focused(root.get_by_role("button", name="실행", exact=True))
        page.reload()
        root.locator(".cm-content").wait_for()
        assert code(page, "second") == original + "\n# typed while undecided"
        assert root.locator(".nl-diff").count() == 0


def test_take_the_new_one_without_typing_forgets_the_edit(browser, site_url):
    with playground_tab(browser, site_url, prepare=stale_edit) as page:
        root = cell(page, "second")
        root.locator(".nl-diff").wait_for()
        root.get_by_role("button", name="새 코드 받기", exact=True).click()
        root.locator(".nl-diff").wait_for(state="detached")
        assert page.evaluate(f"localStorage.getItem('{EDIT_KEY}')") is None
        assert code(page, "second").startswith("y = x * 2")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_diff_at_375_px_stays_in_its_cell_scrolls_by_keyboard_and_passes_axe(browser, site_url, scheme):
    long_line = "z = " + " + ".join(f"x[{i % 5}]" for i in range(40))

    def prepare(context):
        value = json.dumps({"digest": "000000000000", "code": MINE + "\n" + long_line, "savedAt": 1})
        context.add_init_script(f"localStorage.setItem({json.dumps(EDIT_KEY)}, {json.dumps(value)})")

    with playground_tab(browser, site_url, prepare=prepare, viewport=PHONE, color_scheme=scheme) as page:
        root = cell(page, "second")
        root.locator(".nl-diff").wait_for()
        root.scroll_into_view_if_needed()
        assert inside_cell(page, "second", ".nl-diff")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scroll at 375 px"
        scroller = root.get_by_role("region", name="내가 고친 코드와 새 코드의 차이")
        page.wait_for_function("document.querySelector(\"[data-cell-id='second'] .nl-diff__scroll\").tabIndex === 0")
        scroller.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("document.querySelector(\"[data-cell-id='second'] .nl-diff__scroll\").scrollLeft > 0")
        found = blocking(axe_violations(page))
        assert not found, describe(f"{scheme} a stale edit's diff at 375 px", found)


def test_offline_after_one_visit_the_diff_is_offered_and_keep_mine_works(browser, site_url):
    with playground_tab(browser, site_url) as page:
        wait_ready(page)
        wait_offline_ready(page)
        page.context.set_offline(True)
        value = json.dumps({"digest": "000000000000", "code": MINE, "savedAt": 1})
        page.evaluate(f"localStorage.setItem({json.dumps(EDIT_KEY)}, {json.dumps(value)})")
        page.reload()                   # a full load from what one visit kept
        assert page.evaluate("navigator.onLine") is False
        root = cell(page, "second")
        root.locator(".nl-diff").wait_for()
        assert [side for side, _ in diff_lines(page)] == ["new", "mine", "both", "mine"]
        root.get_by_role("button", name="내 코드 유지", exact=True).click()
        assert code(page, "second") == MINE and root.locator(".nl-diff").count() == 0
        assert page.errors == []
