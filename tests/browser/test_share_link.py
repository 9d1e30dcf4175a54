"""링크로 공유 (web/src/share-link.ts, share-copy.ts, share-open.ts) in Chromium.

- A cell's edited code (Korean, both quotes, backslashes, a tab, an emoji) goes into a link to the
  playground, and opening the link puts exactly that code into the playground's "shared" cell,
  says where it came from, and runs nothing until the learner presses 실행. The code is only in
  the fragment: no request carries it.
- The clipboard refused: the link is shown selected in a read-only field, focused.
- A malformed fragment and an over-long link (made or opened) get their Korean messages and change
  nothing; a saved edit of the shared cell is not replaced without asking (keyboard only).
- At 375 px the notice and the link's field stay inside the cell (nothing scrolls sideways), a
  link opens there too, and axe-core finds nothing serious (light and dark).
- Offline after one visit, a link still opens (and the page bar works). Every test runs under the site's CSP (conftest).
"""

from __future__ import annotations

import base64
import random
import zlib

import pytest

from a11y_support import axe_violations, blocking, describe
from browser_support import RUN_MS
from offline_support import new_context, wait_offline_ready
from playground_support import (
    COUNT_POSTS, PLAYGROUND, cell, code, output, page_bar, playground_tab, posts, restart, run, set_code, wait_ready,
)

CLIPBOARD = ["clipboard-read", "clipboard-write"]
SHARED = "shared"
ORIGINAL = 'message = "링크로 받은 코드가 여기에 들어갑니다"\nprint(f"{message} ({len(message)}자)")'
# What a learner might write: Korean, both quotes, backslashes (in and out of strings), a tab, an emoji.
TRICKY = ('s = "한국어 \\"큰따옴표\\" \'작은따옴표\' 역슬래시\\\\ 끝"\n'
          "path = r'C:\\new\\table'\n"
          "def f(x):\n\treturn x * 2  # 탭 들여쓰기 🙂\n"
          "print(s, path, f(21), len(s))")
TRICKY_OUT = "한국어 \"큰따옴표\" '작은따옴표' 역슬래시\\ 끝 C:\\new\\table 42 26"

# The clipboard refuses, as a browser does without the permission or outside a secure context.
REFUSE_CLIPBOARD = """
navigator.clipboard.writeText = () => Promise.reject(new DOMException('refused', 'NotAllowedError'));
"""


def fragment(text: str) -> str:
    """#code=… as share-link.ts writes it (raw DEFLATE, base64url without padding)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(text.encode()) + packer.flush()
    return "#code=" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def unpack(link: str) -> str:
    """The code a link carries, read back in Python (zlib's raw DEFLATE, like DecompressionStream)."""
    data = link.split("#code=", 1)[1]
    return zlib.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)), -15).decode()


def share(page, cell_id) -> None:
    cell(page, cell_id).get_by_role("button", name="링크로 공유").click()
    cell(page, cell_id).locator(".nl-notice--share").wait_for()


def notice(page, cell_id=SHARED) -> str:
    return cell(page, cell_id).locator(".nl-cell__notices").inner_text()


def open_link(context, url: str):
    """A full load of a shared link in a new tab, once the playground has answered it."""
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url)
    cell(page, SHARED).locator(".nl-notice--shared, .nl-notice--success").first.wait_for()
    return page


def runs_posted(page) -> int:
    return posts(page, "run")


def test_edited_code_round_trips_through_the_link_and_runs_only_on_run(browser, site_url):
    with playground_tab(browser, site_url, record="request", permissions=CLIPBOARD,
                        prepare=lambda c: c.add_init_script(COUNT_POSTS)) as page:
        wait_ready(page)
        set_code(page, "second", TRICKY)
        assert code(page, "second") == TRICKY
        share(page, "second")
        assert "링크를 복사했습니다" in notice(page, "second") and "서버로도 보내지지 않습니다" in notice(page, "second")
        link = page.evaluate("navigator.clipboard.readText()")
        assert link.startswith(site_url + PLAYGROUND + "#code="), link
        assert len(link) < 8000 and "한국어" not in link and " " not in link
        assert unpack(link) == TRICKY, "raw DEFLATE, base64url"

        # Open it (a new tab of the same browser): the code is in the shared cell, nothing ran.
        other = page.context.new_page()
        other.on("pageerror", lambda e: page.errors.append(str(e)))
        other.goto(link)
        wait_ready(other)
        cell(other, SHARED).locator(".nl-notice--success").wait_for()
        assert code(other, SHARED) == TRICKY
        said = notice(other, SHARED)
        assert "링크로 받은 코드를 이 셀에 넣었습니다" in said and "아직 실행하지 않았으니" in said, said
        assert cell(other, SHARED).get_attribute("data-cell-state") == "idle"
        # The fragment leaves the address bar once used (Material may then put a heading's there).
        assert not other.evaluate("location.hash").startswith("#code="), other.url
        assert runs_posted(other) == 0, "opening a link ran code"
        # The learner presses 실행: now it runs, and prints what the sender's code prints.
        assert run(other, SHARED) == "done"
        assert output(other, SHARED).strip() == TRICKY_OUT
        assert runs_posted(other) >= 1
        # No request carried the code (a fragment never reaches a server).
        assert not [u for u in page.requests if "code=" in u or "%ED%95%9C" in u], page.requests
        assert page.errors == []


def test_a_refused_clipboard_shows_the_link_selected(browser, site_url):
    with playground_tab(browser, site_url, prepare=lambda c: c.add_init_script(REFUSE_CLIPBOARD)) as page:
        wait_ready(page)
        # Keyboard only: from 실행, along the toolbar to 링크로 공유, Enter.
        cell(page, "first").get_by_role("button", name="실행", exact=True).focus()
        page.keyboard.press("End")
        page.keyboard.press("Enter")
        field = cell(page, "first").get_by_role("textbox", name="공유 링크")
        field.wait_for()
        assert "클립보드에 복사하지 못했습니다" in notice(page, "first") and "Ctrl+C" in notice(page, "first")
        assert field.evaluate("f => f === document.activeElement && f.readOnly")
        selected = field.evaluate("f => [f.selectionStart, f.selectionEnd, f.value.length]")
        assert selected[0] == 0 and selected[1] == selected[2] > 0, selected
        link = field.input_value()
        assert link.startswith(site_url + PLAYGROUND + "#code=") and unpack(link) == code(page, "first")
        # Sharing again replaces the notice, it does not pile up.
        cell(page, "first").get_by_role("button", name="링크로 공유").click()
        page.wait_for_function("document.querySelectorAll(`[data-cell-id='first'] .nl-notice--share`).length === 1")
        assert page.errors == []


def test_a_malformed_or_over_long_link_changes_nothing(browser, site_url):
    with playground_tab(browser, site_url, path=PLAYGROUND + "#code=%%%not-base64") as page:
        cell(page, SHARED).locator(".nl-notice--shared").wait_for()
        said = notice(page)
        assert "링크에 담긴 코드를 읽지 못했습니다" in said and "연습장은 그대로 두었습니다" in said, said
        assert code(page, SHARED) == ORIGINAL
        # Valid base64url, but not DEFLATE; cut short; DEFLATE of bytes that are not UTF-8.
        not_utf8 = base64.urlsafe_b64encode(zlib.compress(b"\xff\xfe", 9)[2:-4]).decode().rstrip("=")
        for bad in ("#code=AAAAAAAA", fragment(TRICKY)[:-8], "#code=" + not_utf8):
            other = open_link(page.context, site_url + PLAYGROUND + bad)
            assert "읽지 못했습니다" in notice(other), (bad, notice(other))
            assert code(other, SHARED) == ORIGINAL
            assert other.errors == []
            other.close()

        # A link longer than 8,000 characters is not opened: pasted into this very tab (only the
        # fragment changes, so the page loads the link anew).
        with page.expect_navigation():
            page.evaluate("h => { location.hash = h; }", fragment("x") + "A" * 8100)
        cell(page, SHARED).locator(".nl-notice--shared").wait_for()
        said = notice(page)
        assert said.startswith("링크가 너무 깁니다(8,") and "8,000자가 넘는 링크는" in said, said
        assert code(page, SHARED) == ORIGINAL
        wait_ready(page)

        # Nor is one made: code that packs into more than 8,000 characters.
        noise = random.Random(14)
        long_code = "data = '" + "".join(noise.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(12_000)) + "'"
        set_code(page, "second", long_code)
        share(page, "second")
        said = notice(page, "second")
        assert said.startswith("코드가 너무 길어 링크로 공유할 수 없습니다. 링크가 ") and "8,000자까지입니다" in said, said
        assert cell(page, "second").locator(".nl-share__field").count() == 0, "no link to copy"
        assert page.errors == []


def test_a_saved_edit_of_the_shared_cell_is_not_replaced_without_asking(browser, site_url):
    with playground_tab(browser, site_url) as first:
        wait_ready(first)
        mine = 'print("내가 고친 코드")'
        set_code(first, SHARED, mine)
        first.evaluate("nlplabRuntime.page.cells.find(c => c.id === 'shared').flushSave()")
        theirs = 'print("링크로 온 코드")'
        page = open_link(first.context, site_url + PLAYGROUND + fragment(theirs))
        question = cell(page, SHARED).locator(".nl-notice--shared")
        assert "전에 고쳐 둔 코드가 저장되어 있습니다" in question.inner_text()
        assert code(page, SHARED) == mine
        # Keyboard only: the question's first button has the focus; Tab to "keep mine", Enter.
        assert page.evaluate("document.activeElement.textContent") == "링크의 코드 넣기"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "내 코드 그대로 두기"
        page.keyboard.press("Enter")
        assert "전에 고쳐 둔 코드를 그대로 두었습니다" in notice(page)
        assert code(page, SHARED) == mine
        page.reload()
        wait_ready(page)
        assert code(page, SHARED) == mine, "the fragment was used up: a reload asks nothing"
        assert cell(page, SHARED).locator(".nl-notice--shared").count() == 0
        page.close()

        # The same link again, and this time the learner takes it (Enter on the focused button).
        page = open_link(first.context, site_url + PLAYGROUND + fragment(theirs))
        page.keyboard.press("Enter")
        assert code(page, SHARED) == theirs
        assert "링크로 받은 코드를 이 셀에 넣었습니다" in notice(page)
        assert page.evaluate("document.activeElement.closest('[data-cell-id]')?.dataset.cellId") == SHARED
        page.keyboard.press("Shift+Enter")           # the focus is in its editor: run from there
        cell(page, SHARED).locator(".nl-output").get_by_text("링크로 온 코드").wait_for(timeout=RUN_MS)
        page.reload()
        wait_ready(page)
        assert code(page, SHARED) == theirs, "the taken code is the cell's saved edit now"
        assert page.errors == [] and first.errors == []


def test_a_link_opens_offline_after_one_visit(browser, site_url):
    context = new_context(browser, permissions=CLIPBOARD)
    try:
        page = context.new_page()
        page.goto(site_url + PLAYGROUND)
        wait_ready(page)
        wait_offline_ready(page)
        context.set_offline(True)
        page = context.new_page()         # a full load of the link, from what one visit kept
        page.goto(site_url + PLAYGROUND + fragment('print("오프라인에서도 열립니다")'))
        wait_ready(page)
        assert page.evaluate("navigator.onLine") is False
        cell(page, SHARED).locator(".nl-notice--success").wait_for()
        assert code(page, SHARED) == 'print("오프라인에서도 열립니다")'
        assert run(page, SHARED) == "done"
        assert output(page, SHARED).strip() == "오프라인에서도 열립니다"
        # The page bar works offline too (Python 다시 시작 needs nothing from the network).
        restart(page)
        assert page_bar(page).locator(".nl-page-bar__status").inner_text() == "변수가 모두 지워졌습니다"
        # Sharing works offline too: nothing but the page makes the link.
        share(page, SHARED)
        assert unpack(page.evaluate("navigator.clipboard.readText()")) == 'print("오프라인에서도 열립니다")'
    finally:
        context.close()


PHONE = {"width": 375, "height": 740}
FITS = """id => {
  const root = document.querySelector(`[data-cell-id='${id}']`), box = root.getBoundingClientRect();
  const parts = [...root.querySelectorAll('.nl-notice--share, .nl-notice--share input')].map(el => el.getBoundingClientRect());
  return {page: document.scrollingElement.scrollWidth, cell: [box.left, box.right],
          parts: parts.map(r => [r.left, r.right]), inside: parts.every(r => r.left >= box.left - 1 && r.right <= box.right + 1)};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_at_375_px_the_link_field_fits_its_cell_and_a_link_opens(browser, site_url, scheme):
    with playground_tab(browser, site_url, viewport=PHONE, color_scheme=scheme,
                        prepare=lambda c: c.add_init_script(REFUSE_CLIPBOARD)) as page:
        wait_ready(page)
        cell(page, "first").get_by_role("button", name="실행", exact=True).focus()
        page.keyboard.press("End")                      # along the toolbar to 링크로 공유
        page.keyboard.press("Enter")
        field = cell(page, "first").get_by_role("textbox", name="공유 링크")
        field.wait_for()
        fits = page.evaluate(FITS, "first")
        assert fits["page"] <= 375 and fits["inside"] and len(fits["parts"]) == 2, fits
        assert field.evaluate("f => f === document.activeElement")
        found = blocking(axe_violations(page))
        assert not found, describe(f"{scheme} 375 px share notice", found)

        # The link, opened on the phone: the shared cell says so and nothing scrolls sideways.
        other = open_link(page.context, field.input_value())
        assert code(other, SHARED) == code(page, "first")
        assert other.evaluate("document.scrollingElement.scrollWidth") <= 375
        found = blocking(axe_violations(other))
        assert not found, describe(f"{scheme} 375 px shared link", found)
        assert page.errors == [] and other.errors == []
