"""Cells from the keyboard alone, and what a screen reader is told (docs/playground.md in Chromium).

- A walk through the playground's cells with Tab, Shift+Tab, Enter, Space, Escape and the
  arrow keys: every button is reached in order, activated, shows a visible focus ring, and the
  focus never falls back to the page (after a run, after 정지, after a revealed hint).
- An exercise done from the keyboard: 채점, both hints, 풀이 보기, 풀이를 편집기에 넣기, 채점 again.
- Korean accessible names for every control (as Playwright's accessibility snapshot names them).
- Live regions: a run is announced once, when it ends; ticking seconds and queue states are not;
  모두 실행 announces its end (or its error), not every cell; booting says "loading" and "ready".
"""

from __future__ import annotations

import re

import pytest

from playground_support import BOOT_MS, PLAYGROUND, RUN_MS, cell, code, state, wait_state

# What has the focus: the cell, whether it is an editor, the control's role and accessible name
# as far as the test needs it (aria-label, else the text without aria-hidden parts), and its
# focus ring (the editor draws it on .cm-editor).
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const editor = el.closest('.cm-editor');
  const ring = editor || el;
  const style = getComputedStyle(ring);
  const text = n => n.nodeType === 3 ? n.textContent
      : n.nodeType === 1 && n.getAttribute('aria-hidden') !== 'true' ? [...n.childNodes].map(text).join('') : '';
  return {
    cell: el.closest('.nl-cell')?.dataset.cellId ?? null,
    editor: !!editor,
    tag: el.tagName.toLowerCase(),
    type: el.type ?? null,
    name: editor ? 'editor' : (el.getAttribute('aria-label') || text(el)).trim(),
    visible: editor ? editor.classList.contains('cm-focused') : el.matches(':focus-visible'),
    outline: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
    disabled: !!el.disabled,
    permalink: el.classList.contains('headerlink'),
  };
}"""


def focus(page) -> dict | None:
    return page.evaluate(FOCUS)


def settle_focus(page, quiet_ms: int = 500) -> None:
    """Until the focused element has stayed the same for `quiet_ms` (the page's focus timers ran)."""
    page.wait_for_function("""(quiet) => {
        const now = performance.now();
        if (window.__nlFocusSeen !== document.activeElement) {
            window.__nlFocusSeen = document.activeElement;
            window.__nlFocusSince = now;
        }
        return now - window.__nlFocusSince >= quiet;
    }""", arg=quiet_ms, polling=50, timeout=10_000)


def press(page, key: str) -> dict | None:
    page.keyboard.press(key)
    return focus(page)


# Counts the runs of each cell (entries into "running"), to wait for a re-run of a finished cell.
COUNT_RUNS = """
window.__runs = {};
new MutationObserver((records) => {
  for (const r of records) {
    if (r.target.dataset?.cellState === 'running' && r.oldValue !== 'running') {
      const id = r.target.dataset.cellId;
      window.__runs[id] = (window.__runs[id] || 0) + 1;
    }
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-cell-state'], attributeOldValue: true});
"""


def runs(page, cell_id) -> int:
    return page.evaluate("id => window.__runs[id] || 0", cell_id)


def wait_runs(page, cell_id, count: int) -> str:
    """Wait until the cell has started `count` runs and finished the last one."""
    page.wait_for_function(
        "([id, n]) => (window.__runs[id] || 0) >= n"
        " && ['done', 'error'].includes(document.querySelector(`[data-cell-id='${id}']`).dataset.cellState)",
        arg=[cell_id, count], timeout=RUN_MS)
    return state(page, cell_id)


def assert_ring(where: dict | None) -> None:
    """The control has the focus, shows it (:focus-visible or CodeMirror's focused editor), and
    the ring is at least 2 px."""
    assert where is not None, "the focus fell back to the page"
    assert where["visible"] and where["outline"] >= 2, f"no visible focus ring: {where}"


def tab_into(page, cell_id: str, key: str = "Tab") -> dict:
    """Tab (or Shift+Tab) to the next cell, past the headings' permalinks (¶) between cells."""
    for _ in range(4):
        where = press(page, key)
        if where and where["cell"] == cell_id:
            return where
        assert where and where["permalink"], f"expected cell {cell_id} or a heading's permalink: {where}"
    raise AssertionError(f"{key} did not reach cell {cell_id}")


def tab_through(page, cell_id: str, limit: int = 20) -> list[str]:
    """Press Tab from where the focus is until it leaves the cell; the names of the stops inside it."""
    stops = []
    for _ in range(limit):
        where = press(page, "Tab")
        if not where or where["cell"] != cell_id:
            return stops
        assert_ring(where)
        stops.append(where["name"])
    raise AssertionError(f"Tab never left cell {cell_id}: {stops}")


@pytest.fixture
def playground(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(COUNT_RUNS)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(site_url + PLAYGROUND)
    page.wait_for_function("window.nlplabRuntime?.state === 'ready'", timeout=BOOT_MS)
    page.wait_for_function("""() => [...document.querySelectorAll('.nl-cell:not([data-cell-kind="setup"])')]
                               .every(c => c.hasAttribute('data-cell-editor'))""", timeout=BOOT_MS)
    # Material's search index, which the page asks for once Python is up (web/src/search-index.ts),
    # has arrived: the keys below do not race the page's own loading.
    page.wait_for_function("""() => performance.getEntriesByType('resource')
                               .some(e => e.name.endsWith('/search/search_index.json') && e.responseEnd > 0)""",
                           timeout=BOOT_MS)
    yield page
    context.close()


# --------------------------------------------------------------------------- a walk through cells


def test_a_keyboard_walk_through_the_cells(playground):
    page = playground

    # From the top of the page, Tab alone reaches the first cell's editor.
    for presses in range(1, 150):
        where = press(page, "Tab")
        if where and where["cell"] == "first" and where["editor"]:
            break
    else:
        raise AssertionError("Tab never reached the first cell's editor")
    assert_ring(where)

    # Ctrl+Enter runs the cell from the editor; the focus stays there.
    page.keyboard.press("Control+Enter")
    assert wait_state(page, "first") == "done"
    assert "x = [0 1 2 3 4]" in cell(page, "first").locator(".nl-output").inner_text()
    assert focus(page)["editor"] and focus(page)["cell"] == "first", "a run took the focus away"

    # Escape, then Tab leaves the editor to 실행; Shift+Tab comes back into the editor.
    page.keyboard.press("Escape")
    where = press(page, "Tab")
    assert (where["cell"], where["name"]) == ("first", "실행"), where
    assert_ring(where)
    where = press(page, "Shift+Tab")
    assert where["cell"] == "first" and where["editor"], where
    # Escape, then Shift+Tab leaves it backwards (the heading's permalink, then the set-up
    # code's folded summary); Tab comes back.
    page.keyboard.press("Escape")
    where = tab_into(page, "setup", "Shift+Tab")
    assert where["tag"] == "summary", where
    assert_ring(where)
    where = tab_into(page, "first")
    assert where["editor"], where

    # In the editor Tab indents (CodeMirror lets Tab move the focus for 2 s after Escape);
    # after Escape, Tab reaches, in order, every enabled button of the cell (정지 only while it
    # runs); the page-wide actions are not repeated in a cell (they are in the page bar).
    page.wait_for_timeout(2100)
    where = press(page, "Tab")
    assert where["cell"] == "first" and where["editor"] and code(page, "first").startswith("    "), where
    page.keyboard.press("Control+z")
    page.keyboard.press("Escape")
    stops = tab_through(page, "first")
    assert stops == ["실행", "되돌리기", "변수 보기", "링크로 공유"], stops
    assert focus(page)["cell"] == "second" and focus(page)["editor"]
    page.keyboard.press("Escape")
    stops = tab_through(page, "second")
    assert stops == ["실행", "되돌리기", "변수 보기", "링크로 공유"], stops

    # Back to the second cell's buttons with Shift+Tab; the arrow keys move along its toolbar.
    where = press(page, "Shift+Tab")
    assert (where["cell"], where["name"]) == ("second", "링크로 공유"), where
    assert press(page, "Home")["name"] == "실행"
    assert press(page, "ArrowRight")["name"] == "되돌리기"
    assert press(page, "ArrowLeft")["name"] == "실행"
    assert press(page, "ArrowLeft")["name"] == "링크로 공유", "the arrows wrap around"
    assert press(page, "End")["name"] == "링크로 공유"

    # Alt+Shift+Enter in the editor (위 셀 모두 실행) runs the first cell; the focus stays in the
    # editor. Then Space on 실행 runs this one; the focus stays on it.
    where = press(page, "Shift+Tab")
    while not where["editor"]:
        where = press(page, "Shift+Tab")
    assert where["cell"] == "second", where
    before = runs(page, "first")
    page.keyboard.press("Alt+Shift+Enter")
    assert wait_runs(page, "first", before + 1) == "done"
    assert runs(page, "second") == 0, "위 셀 모두 실행 ran the cell itself"
    where = focus(page)
    assert where["cell"] == "second" and where["editor"], "the focus moved during the run"
    assert_ring(where)
    assert code(page, "second") == 'y = x * 2\nprint("y =", y)', "Alt+Shift+Enter ran, it did not type"
    page.keyboard.press("Escape")
    where = press(page, "Tab")
    assert where["name"] == "실행", where
    page.keyboard.press(" ")
    assert wait_runs(page, "second", 1) == "done"
    assert "y = [0 2 4 6 8]" in cell(page, "second").locator(".nl-output").inner_text()
    assert focus(page) == where, "the focus moved during the run"

    # Shift+Enter runs from the editor too.
    where = press(page, "Shift+Tab")
    assert where["editor"] and where["cell"] == "second"
    page.keyboard.press("Shift+Enter")
    assert wait_runs(page, "second", 2) == "done"
    assert code(page, "second") == 'y = x * 2\nprint("y =", y)', "Shift+Enter ran, it did not type"

    # Edit, then 되돌리기 with Enter restores the original; the focus stays on it.
    page.keyboard.press("Control+End")
    page.keyboard.type("  # 고침")
    assert code(page, "second").endswith("# 고침")
    page.keyboard.press("Escape")
    for _ in range(2):
        page.keyboard.press("Tab")
    assert focus(page)["name"] == "되돌리기"
    page.keyboard.press("Enter")
    assert code(page, "second") == 'y = x * 2\nprint("y =", y)'
    assert focus(page)["name"] == "되돌리기"
    assert press(page, "Tab")["name"] == "변수 보기"
    assert press(page, "Tab")["name"] == "링크로 공유"
    assert page.errors == []


def test_the_page_bar_from_the_keyboard(playground):
    """The skip link lands on the title; the page bar comes next. Its arrow keys, Enter and Space:
    모두 실행 runs the cells, Python 다시 시작 says the variables are gone; the focus stays."""
    page = playground
    where = press(page, "Tab")                # nothing focused yet: the first stop of the page
    assert where["tag"] == "a" and where["name"] == "콘텐츠로 이동", where     # Material's skip link
    page.keyboard.press("Enter")
    # skip-link.ts focuses the title on a timer, once Material has handled the click, and on a
    # busy machine the focus has been seen to move once more after it (to the body, cause not
    # found): the keys wait until it stays put. Only the title and its ¶ come before the bar.
    settle_focus(page)
    for _ in range(4):
        where = press(page, "Tab")
        if where and where["name"] == "모두 실행":
            break
        assert where is None or where["tag"] == "h1" or where["permalink"], f"before the page bar: {where}"
    assert where["cell"] is None and where["name"] == "모두 실행", where
    assert_ring(where)
    assert page.evaluate("document.activeElement.closest('[role=toolbar]').getAttribute('aria-label')") == "페이지 도구"
    assert press(page, "ArrowRight")["name"] == "Python 다시 시작"
    assert press(page, "ArrowRight")["name"] == "모두 실행", "the arrows wrap around"
    assert press(page, "End")["name"] == "Python 다시 시작"
    where = press(page, "Home")
    # 모두 실행 with Enter: every cell down to the error cell runs (the rest of the group is cancelled).
    page.keyboard.press("Enter")
    assert wait_runs(page, "error", 1) == "error"
    assert state(page, "first") == "done" and state(page, "nlplab") == "done"
    assert focus(page) == where, "the focus moved during 모두 실행"
    # Python 다시 시작 with Space: the bar says the variables are gone; the focus stays.
    where = press(page, "ArrowRight")
    page.keyboard.press(" ")
    page.locator(".nl-page-bar__status").get_by_text("변수가 모두 지워졌습니다").wait_for()
    assert state(page, "first") == "idle", "a result shown before the restart no longer holds"
    assert focus(page) == where
    assert page.errors == []


def test_stop_from_the_keyboard_leaves_the_focus_on_run(playground):
    page = playground
    cell(page, "forever").get_by_role("button", name="실행", exact=True).focus()
    page.keyboard.press("Enter")
    wait_state(page, "forever", ("running",))
    where = press(page, "Tab")
    assert (where["cell"], where["name"], where["disabled"]) == ("forever", "정지", False), where
    assert_ring(where)
    page.wait_for_timeout(300)
    page.keyboard.press(" ")
    assert wait_state(page, "forever", ("error",), timeout=10_000) == "error"
    # 정지 is disabled once the run has ended: the focus went to 실행, not to the page.
    where = focus(page)
    assert where and (where["cell"], where["name"]) == ("forever", "실행"), where
    # The notice offers the cells above again; its button is reached with Tab after the toolbar.
    page.keyboard.press("End")
    where = press(page, "Tab")
    assert where["name"] == "위 셀 다시 실행", where
    assert_ring(where)


def test_a_slider_from_the_keyboard(playground):
    page = playground
    cell(page, "error").get_by_role("button", name="링크로 공유").focus()
    where = tab_into(page, "temperature")
    assert (where["cell"], where["tag"], where["type"]) == ("temperature", "input", "range"), where
    assert_ring(where)
    assert cell(page, "temperature").get_by_role("slider", name="temperature").count() == 1
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "document.querySelector(`[data-cell-id='temperature'] .nl-output`)?.textContent.includes('T = 1.1 →')",
        timeout=RUN_MS)
    assert code(page, "temperature").startswith("temperature = 1.1  # slider")
    where = focus(page)
    assert where["cell"] == "temperature" and where["type"] == "range", "the re-run took the focus"
    assert press(page, "Tab")["editor"]


def test_a_text_field_from_the_keyboard(playground):
    page = playground
    page.locator("h2", has_text="내 문장 넣기").locator(".headerlink").focus()   # the heading just above the cell
    where = tab_into(page, "sentence")
    assert (where["cell"], where["tag"], where["type"]) == ("sentence", "input", "text"), where
    assert_ring(where)
    page.keyboard.press("Control+A")
    page.keyboard.type("키보드로 쓴 문장")
    page.keyboard.press("Enter")
    assert wait_runs(page, "sentence", 1) == "done"
    assert "['키보드로', '쓴', '문장']" in cell(page, "sentence").locator(".nl-output").inner_text()
    assert code(page, "sentence").startswith('sentence = "키보드로 쓴 문장"  # 입력: 문장\n')
    where = focus(page)
    assert where["cell"] == "sentence" and where["type"] == "text", "the re-run took the focus"
    assert press(page, "Tab")["name"] == "넣고 실행"
    assert press(page, "Tab")["editor"]


# --------------------------------------------------------------------------- an exercise


def test_an_exercise_from_the_keyboard(playground):
    page = playground
    ex = cell(page, "softmax")
    cell(page, "forever").get_by_role("button", name="링크로 공유").focus()
    where = tab_into(page, "softmax")
    assert where["editor"], where
    page.keyboard.press("Escape")
    stops = tab_through(page, "softmax")
    # 풀이 보기 is disabled until a first 채점.
    assert stops == ["실행", "되돌리기", "변수 보기", "링크로 공유", "채점", "힌트 보기"], stops

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focus(page)["name"] == "채점"
    page.keyboard.press("Enter")
    ex.locator(".nl-exercise__feedback pre").wait_for(timeout=RUN_MS)
    assert ex.locator(".nl-exercise__feedback").get_attribute("data-result") == "fail"
    assert focus(page)["name"] == "채점"

    # 힌트 보기: the focus moves to the hint (a screen reader reads it), with a visible ring.
    assert press(page, "Tab")["name"] == "힌트 보기"
    page.keyboard.press("Enter")
    where = focus(page)
    assert where["tag"] == "li" and "np.exp(z)" in where["name"], where
    assert_ring(where)
    # Back to the buttons: 풀이 보기 is enabled now; the second hint disables 힌트 보기.
    assert press(page, "Shift+Tab")["name"] == "풀이 보기"
    assert press(page, "Shift+Tab")["name"] == "힌트 보기"
    page.keyboard.press(" ")
    assert ex.locator(".nl-exercise__hint").count() == 2 and focus(page)["tag"] == "li"
    assert ex.get_by_role("button", name="힌트 보기").is_disabled()

    assert press(page, "Shift+Tab")["name"] == "풀이 보기"
    page.keyboard.press("Enter")
    where = press(page, "Tab")
    assert where["name"] == "풀이를 편집기에 넣기", where
    page.keyboard.press("Enter")
    where = focus(page)
    assert where["cell"] == "softmax" and where["editor"], where
    assert "np.exp(z - z.max())" in code(page, "softmax")

    page.keyboard.press("Escape")
    stops = tab_through(page, "softmax")
    assert stops[:5] == ["실행", "되돌리기", "변수 보기", "링크로 공유", "채점"], stops
    assert "풀이 보기" in stops
    for _ in range(len(stops) - stops.index("채점")):
        page.keyboard.press("Shift+Tab")
    assert focus(page)["name"] == "채점"
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.querySelector(`[data-cell-id='softmax'] .nl-exercise__feedback`).dataset.result === 'pass'",
        timeout=RUN_MS)
    assert "통과" in ex.locator(".nl-exercise__feedback").inner_text()
    assert focus(page)["name"] == "채점"
    assert page.errors == []


# --------------------------------------------------------------------------- names and announcements

HANGUL = re.compile(r"[가-힣]")


def test_every_control_has_a_korean_accessible_name(playground):
    page = playground
    ex = cell(page, "softmax")
    ex.get_by_role("button", name="채점").click()
    ex.locator(".nl-exercise__feedback pre").wait_for(timeout=RUN_MS)
    ex.get_by_role("button", name="풀이 보기").click()
    names = []
    for root in page.locator(".nl-cell").all():
        snapshot = root.aria_snapshot()
        names += re.findall(r'- (button|slider|textbox|toolbar|group|region)(?: "([^"]*)")?', snapshot)
    buttons = [name for role, name in names if role == "button"]
    assert buttons and all(HANGUL.search(name) for name in buttons), sorted(set(buttons))
    assert {"실행", "정지", "되돌리기", "변수 보기", "링크로 공유", "채점",
            "힌트 보기", "풀이 보기", "풀이를 편집기에 넣기"} <= set(buttons), sorted(set(buttons))
    assert not {"위 셀 모두 실행", "모두 실행", "Python 다시 시작"} & set(buttons), "page-wide actions in a cell"
    bar = page.get_by_role("toolbar", name="페이지 도구").aria_snapshot()
    assert re.findall(r'- button "([^"]*)"', bar) == ["모두 실행", "Python 다시 시작"], bar
    assert "▶ 실행" not in buttons and "■ 정지" not in buttons, "icons are not part of the names"
    textboxes = [name for role, name in names if role == "textbox"]
    editors = [n for n in textboxes if re.fullmatch(r"셀 \d+ 코드 편집기 \(Esc 다음 Tab으로 빠져나가기\)", n)]
    assert editors and [n for n in textboxes if n not in editors] == ["문장"], textboxes   # the text field's <label>
    assert "넣고 실행" in buttons
    toolbars = [name for role, name in names if role == "toolbar"]
    assert toolbars and all(re.fullmatch(r"셀 \d+ 도구", n) for n in toolbars), toolbars
    groups = [name for role, name in names if role == "group"]
    assert "셀 1" in groups and "셀 2" in groups, groups
    sliders = [name for role, name in names if role == "slider"]
    assert sliders == ["temperature"], sliders
    # One status region per cell.
    counts = page.evaluate("""() => [...document.querySelectorAll('.nl-cell')]
        .map(c => c.querySelectorAll('.nl-cell__status [role=status]').length)""")
    assert set(counts) == {1}, counts


# Records every text a live region receives: [region, text]. A region is named by its cell id,
# or "python" for the page's Python status, "exercise" for an exercise's feedback.
RECORD_ANNOUNCEMENTS = """
window.__said = [];
const regionOf = (node) => {
  const el = node.nodeType === 1 ? node : node.parentElement;
  return el?.closest('[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"]');
};
const label = (region) => region.closest('#nl-runtime-status') ? 'python'
  : region.classList.contains('nl-exercise__feedback') ? 'exercise'
  : (region.closest('.nl-cell')?.dataset.cellId ?? '?');
new MutationObserver((records) => {
  const seen = new Set();
  for (const r of records) {
    const region = regionOf(r.target);
    if (!region || seen.has(region)) continue;
    seen.add(region);
    const text = region.textContent.trim();
    if (text) window.__said.push([label(region), text]);
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def said(page) -> list[tuple[str, str]]:
    return [tuple(x) for x in page.evaluate("window.__said.splice(0)")]


def test_status_changes_are_announced_once_and_ticks_are_not(browser, site_url):
    context = browser.new_context()
    context.add_init_script(RECORD_ANNOUNCEMENTS)
    page = context.new_page()
    try:
        page.goto(site_url + PLAYGROUND)
        page.wait_for_function("window.nlplabRuntime?.state === 'ready'", timeout=BOOT_MS)
        page.wait_for_timeout(300)
        # Booting: "loading" once (and "this is slow" once, on a machine slower than 30 s), then
        # "ready"; not each of the boot's steps.
        python = [text for region, text in said(page) if region == "python"]
        slow = [text for text in python if "생각보다 오래" in text]
        assert 1 <= len(python) - len(slow) <= 2 and len(slow) <= 1, python
        assert python[-1].startswith("Python 준비됨"), python

        # A run of two seconds (five lines, 0.4 s apart): the seconds tick on screen, quietly.
        page.evaluate("""() => { window.__shown = [];
            const status = document.querySelector("[data-cell-id='stream'] .nl-cell__status");
            new MutationObserver(() => window.__shown.push(status.textContent))
                .observe(status, {subtree: true, childList: true, characterData: true}); }""")
        cell(page, "stream").get_by_role("button", name="실행", exact=True).click()
        wait_state(page, "stream")
        shown = page.evaluate("window.__shown")
        assert any(re.fullmatch(r"실행 중… [12]초", s) for s in shown), shown
        announced = [(r, t) for r, t in said(page) if r != "python"]
        assert [r for r, _ in announced] == ["stream"], announced
        assert re.fullmatch(r"실행 완료 \(\d+(?: ms|\.\d초)\)", announced[0][1]), announced

        # 모두 실행 stops at the error cell: only the error is read out, not four "실행 완료".
        page.get_by_role("toolbar", name="페이지 도구").get_by_role("button", name="모두 실행", exact=True).click()
        wait_state(page, "error", ("error",))
        page.wait_for_timeout(300)
        assert state(page, "nlplab") == "done"
        announced = [(r, t) for r, t in said(page) if r != "python"]
        assert announced == [("error", "오류가 났습니다")], announced

        # 채점: the feedback is read out (the cell's own status is not, to say it once).
        cell(page, "softmax").get_by_role("button", name="채점").click()
        cell(page, "softmax").locator(".nl-exercise__feedback pre").wait_for(timeout=RUN_MS)
        page.wait_for_timeout(200)
        announced = [(r, t) for r, t in said(page) if r != "python"]
        assert [r for r, _ in announced] == ["exercise", "exercise"], announced
        assert announced[0][1] == "채점하는 중…" and announced[1][1].startswith("아직 맞지 않습니다:"), announced
    finally:
        context.close()
