"""The variables panel (web/src/variables/, py/nl_variables.py) in Chromium, under the site's CSP.

- After a run, 변수 보기 lists the page's arrays and numbers with shape, dtype and min/mean/max;
  choosing one shows its values in a real table and, for a 2-D numeric array, a heatmap on a
  canvas with a colour scale; a 3-D array one slice at a time. It updates after each run.
- The worker is asked for summaries only while the panel is open (counted at Worker.postMessage).
- From the keyboard alone: open, move between the variables, choose one, pick a slice, Esc closes
  and the focus returns to the button that opened it; the panel and its controls have Korean names.
- At 375 px it is a sheet as wide as the screen; axe-core finds nothing serious or critical.
- Offline after one visit (the service worker's cache): the panel and its heatmap still work.
- A lesson that points to it (attention's weights) shows what its prose says.
"""

from __future__ import annotations

import pytest

from a11y_support import axe_violations, blocking, describe
from browser_support import BOOT_MS, RUN_MS
from offline_support import wait_offline_ready
from playground_support import COUNT_POSTS, PLAYGROUND, cell, page_bar, posts, run, set_code, wait_ready

ARRAYS = """W = np.arange(12, dtype=np.float64).reshape(3, 4) / 2
h = np.arange(24).reshape(2, 3, 4)
lr = 0.5
v = np.array([1.0, np.nan, 3.0])
words = ["가", "나"]
"""

PANEL = "#nl-vars"
PHONE = {"width": 375, "height": 740}


def inspects(page) -> int:
    return posts(page, "inspect")


def open_page(browser, base_url, path=PLAYGROUND, **context_options):
    context = browser.new_context(**context_options)
    context.add_init_script(COUNT_POSTS)      # the panel's questions are "inspect" messages
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(base_url + path)
    wait_ready(page)
    return context, page


def opener(page, cell_id="first"):
    return cell(page, cell_id).get_by_role("button", name="변수 보기")


def rows(page) -> dict[str, list[str]]:
    """The list's rows by name: [shape, dtype, min, mean, max]."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#nl-vars .nl-vars__table tbody tr')]
        .map(tr => [tr.querySelector('th').innerText.trim(), [...tr.querySelectorAll('td')].map(td => td.innerText.trim())]))""")


def wait_row(page, name, column, text):
    """Wait until the list shows `text` in `column` (0 = shape) of the row of `name`."""
    page.wait_for_function(
        """([name, column, text]) => [...document.querySelectorAll('#nl-vars .nl-vars__table tbody tr')]
            .some(tr => tr.querySelector('th').innerText.trim() === name
                        && tr.querySelectorAll('td')[column]?.innerText.trim() === text)""",
        arg=[name, column, text], timeout=RUN_MS)


def value_rows(page) -> list[list[str]]:
    return page.evaluate("""() => [...document.querySelectorAll('#nl-vars .nl-vars__values tr')]
        .map(tr => [...tr.children].map(c => c.innerText.trim()))""")


def show_the_matrix(page) -> None:
    """Run ARRAYS in the first cell, open the panel from it and choose W (its heatmap drawn)."""
    set_code(page, "first", ARRAYS)
    assert run(page, "first") == "done"
    opener(page).click()
    wait_row(page, "W", 0, "(3, 4)")
    page.locator(f"{PANEL} [data-variable='W']").click()
    page.locator(f"{PANEL} .nl-vars__heatmap canvas").wait_for(timeout=RUN_MS)


def wait_caption(page, text) -> None:
    """Wait until the value table's caption is `text` (the answer to a choice or a run arrived)."""
    page.wait_for_function("text => document.querySelector('#nl-vars .nl-vars__values caption')?.textContent === text",
                           arg=text, timeout=RUN_MS)


def caption(page) -> str:
    return page.locator(f"{PANEL} .nl-vars__values caption").inner_text()


def focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {id: el.id, name: (el.getAttribute('aria-label') || el.textContent || '').replace(/^✕/, '').trim(),
                variable: el.dataset.variable ?? null, axis: el.dataset.axis ?? null,
                scroller: el.classList.contains('nl-vars__scroll'),
                cell: el.closest('.nl-cell')?.dataset.cellId ?? null, visible: el.matches(':focus-visible')};
    }""")


def quiet_page_axe(page) -> list[dict]:
    """axe-core's serious and critical findings, once the Python status has faded out (its fade is
    not this panel's business: test_accessibility.py covers it)."""
    page.wait_for_function("""() => {
        const s = document.querySelector('#nl-runtime-status');
        return !s || (s.classList.contains('nl-runtime-status--faded') && s.dataset.preloading !== 'true');
    }""", timeout=RUN_MS)
    return blocking(axe_violations(page))


def canvas_painted(page) -> dict:
    """The heatmap canvas's size and how many distinct colours its cells hold."""
    return page.evaluate("""() => {
        const canvas = document.querySelector('#nl-vars .nl-vars__heatmap canvas');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        const colours = new Set();
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] === 255) colours.add(`${data[i]},${data[i+1]},${data[i+2]}`);
        const box = canvas.getBoundingClientRect();
        return {width: box.width, height: box.height, colours: colours.size,
                label: canvas.getAttribute('aria-label'), role: canvas.getAttribute('role')};
    }""")


@pytest.fixture(scope="module")
def pg(browser, site_url):
    """The playground with a cell that makes arrays, run once; the panel closed."""
    context, page = open_page(browser, site_url, viewport={"width": 1280, "height": 900})
    set_code(page, "first", ARRAYS)
    assert run(page, "first") == "done"
    yield page
    context.close()


def test_the_worker_is_not_asked_while_the_panel_is_closed(pg):
    page = pg
    assert page.locator(PANEL).count() == 0, "the panel is made the first time it is opened"
    assert inspects(page) == 0
    opener(page).click()
    wait_row(page, "W", 0, "(3, 4)")
    asked = inspects(page)
    assert asked >= 1
    page.get_by_role("button", name="변수 창 닫기").click()
    assert page.locator(PANEL).is_hidden()
    # Runs while it is closed ask nothing.
    assert run(page, "first") == "done"
    assert run(page, "first") == "done"
    assert inspects(page) == asked
    assert page.errors == []


def test_the_list_shows_shape_dtype_and_statistics_and_updates_after_each_run(pg):
    page = pg
    opener(page).click()
    wait_row(page, "W", 0, "(3, 4)")
    listed = rows(page)
    assert listed["W"] == ["(3, 4)", "float64", "0", "2.75", "5.5"]
    assert listed["h"][:2] == ["(2, 3, 4)", "int32"], "NumPy's default integer in the browser (wasm32)"
    assert listed["h"][2:] == ["0", "11.5", "23"]
    assert listed["lr"] == ["()", "float", "0.5", "0.5", "0.5"]
    assert listed["v"] == ["(3,)", "float64", "1", "2 (NaN 1개 제외)", "3"]
    assert "words" not in listed and "np" not in listed, "only arrays and numbers, no modules"
    assert page.locator(f"{PANEL} .nl-vars__table caption").inner_text() == "이 페이지의 배열과 수"
    assert page.locator(f"{PANEL} .nl-vars__table th[scope='col']").count() == 6

    # Another cell changes W while the panel is open: the list follows.
    set_code(page, "second", "W = W * 2\nextra = np.ones((2, 2))")
    assert run(page, "second") == "done"
    wait_row(page, "W", 4, "11")
    assert rows(page)["extra"][0] == "(2, 2)"
    assert page.errors == []


def test_a_matrix_shows_its_values_and_a_heatmap_with_a_colour_scale(pg):
    page = pg
    if page.locator(PANEL).is_hidden():
        opener(page).click()
    wait_row(page, "W", 0, "(3, 4)")
    page.locator(f"{PANEL} [data-variable='W']").click()
    page.locator(f"{PANEL} .nl-vars__values").wait_for(timeout=RUN_MS)
    assert page.locator(f"{PANEL} [data-variable='W']").get_attribute("aria-pressed") == "true"
    assert caption(page) == "W의 값, 모양 (3, 4)"
    values = value_rows(page)
    assert values[0] == ["행", "0", "1", "2", "3"]
    assert values[1][0] == "0" and values[3] == ["2", "8", "9", "10", "11"], values
    assert page.locator(f"{PANEL} .nl-vars__values th[scope='row']").count() == 3
    painted = canvas_painted(page)
    assert painted["role"] == "img" and painted["label"].startswith("W 히트맵: 행 3개, 열 4개, 값 0부터 11까지")
    assert painted["width"] > 100 and painted["height"] > 40
    assert painted["colours"] >= 12, "twelve values, twelve colours (plus the indices)"
    legend = page.locator(f"{PANEL} .nl-vars__legend")
    assert legend.inner_text().split() == ["0", "11"]
    assert legend.get_by_role("img").get_attribute("aria-label").startswith("색 눈금: 0")

    # A large matrix: its table is elided, its heatmap sampled, and the panel says so.
    set_code(page, "second", "W = np.arange(300 * 200, dtype=np.float32).reshape(300, 200)")
    assert run(page, "second") == "done"
    wait_caption(page, "W의 값, 모양 (300, 200)")
    notes = page.locator(f"{PANEL} .nl-vars__detail").inner_text()
    assert "행 300개 중 앞뒤 40개, 열 200개 중 앞뒤 16개만 표에 보입니다" in notes
    assert "3행, 2열마다 하나씩 그렸습니다" in notes
    assert "⋯" in value_rows(page)[0]
    assert len(value_rows(page)) == 1 + 40 + 1
    assert page.errors == []


def test_keyboard_only_open_move_choose_a_slice_and_escape(pg):
    page = pg
    if page.locator(PANEL).is_visible():
        page.get_by_role("button", name="변수 창 닫기").click()
    set_code(page, "second", "W = np.arange(12, dtype=np.float64).reshape(3, 4)")
    assert run(page, "second") == "done"
    cell(page, "first").get_by_role("button", name="실행", exact=True).focus()
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    assert focused(page)["name"] == "변수 보기"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "nl-vars", "the focus moves into the panel"
    assert opener(page).get_attribute("aria-expanded") == "true"
    assert opener(page).get_attribute("aria-controls") == "nl-vars"
    wait_row(page, "h", 0, "(2, 3, 4)")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "변수 창 닫기"
    page.keyboard.press("Tab")
    if focused(page)["scroller"]:
        page.keyboard.press("Tab")      # the list's box, in the tab order while it overflows (scrollable.ts)
    where = focused(page)
    assert where["variable"] == "W" and where["visible"], where
    page.keyboard.press("ArrowDown")
    assert focused(page)["variable"] == "extra"
    page.keyboard.press("ArrowDown")
    assert focused(page)["variable"] == "h"
    page.keyboard.press("Enter")
    wait_caption(page, "h[0]의 값, 모양 (2, 3, 4)")
    assert focused(page)["variable"] == "h", "the focus stays on the chosen name"
    assert value_rows(page)[1] == ["0", "0", "1", "2", "3"]
    # On to the slice field, then the next slice with the arrow key.
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page)["axis"] is not None:
            break
    assert focused(page)["axis"] == "0"
    assert page.get_by_label("축 0 위치 (0~1)").count() == 1
    page.keyboard.press("ArrowUp")
    wait_caption(page, "h[1]의 값, 모양 (2, 3, 4)")
    assert value_rows(page)[1] == ["0", "12", "13", "14", "15"]
    assert focused(page)["axis"] == "0", "the focus stays in the slice field"
    page.keyboard.press("Escape")
    assert page.locator(PANEL).is_hidden()
    where = focused(page)
    assert (where["cell"], where["name"]) == ("first", "변수 보기"), where
    assert opener(page).get_attribute("aria-expanded") == "false"
    assert page.errors == []


def test_screen_reader_names_and_no_serious_axe_findings(pg):
    page = pg
    opener(page, "second").click()
    page.locator(f"{PANEL} .nl-vars__values").wait_for(timeout=RUN_MS)
    dialog = page.get_by_role("dialog", name="변수")
    assert dialog.is_visible()
    snapshot = dialog.aria_snapshot()
    for expected in ('heading "변수"', 'button "변수 창 닫기"', 'table "이 페이지의 배열과 수"',
                     'button "W"', 'heading "h의 값"', 'spinbutton "축 0 위치 (0~1)"',
                     'img "h[1] 히트맵'):
        assert expected in snapshot, (expected, snapshot)
    found = quiet_page_axe(page)
    assert not found, describe("variables panel", found)
    page.keyboard.press("Escape")
    assert focused(page)["cell"] == "second"


def test_after_python_restarts_the_list_is_empty_and_fills_again(pg):
    page = pg
    opener(page).click()
    wait_row(page, "W", 0, "(3, 4)")
    # Python 다시 시작 from the keyboard (the page bar's; the panel may cover part of the page).
    page_bar(page).get_by_role("button", name="Python 다시 시작").focus()
    page.keyboard.press("Enter")
    status = page.locator(f"{PANEL} .nl-vars__status")
    status.get_by_text("아직 배열이나 수가 없습니다", exact=False).wait_for(timeout=RUN_MS)
    assert page.locator(f"{PANEL} .nl-vars__table").count() == 0
    assert "더는 없습니다" in page.locator(f"{PANEL} .nl-vars__detail").inner_text(), "the chosen h is gone"
    assert run(page, "first") == "done"
    wait_row(page, "h", 0, "(2, 3, 4)")
    assert status.inner_text() == "변수 4개", "W, h, lr and v again (extra came from the other cell)"
    page.get_by_role("button", name="변수 창 닫기").click()
    assert page.errors == []


def test_at_375_px_the_panel_is_a_full_width_sheet(browser, site_url):
    context, page = open_page(browser, site_url, viewport=PHONE)
    try:
        show_the_matrix(page)
        box = page.locator(PANEL).bounding_box()
        assert box["x"] == 0 and box["width"] == 375, box
        assert abs(box["y"] + box["height"] - PHONE["height"]) <= 1, "it sits at the bottom of the screen"
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        painted = canvas_painted(page)
        assert 100 < painted["width"] <= 375 and painted["colours"] >= 12
        small = page.evaluate("""() => [...document.querySelectorAll('#nl-vars button, #nl-vars input')]
            .map(b => b.getBoundingClientRect()).filter(r => r.width && (r.width < 24 || r.height < 24)).length""")
        assert small == 0, "controls of 24 px or more"
        found = quiet_page_axe(page)
        assert not found, describe("375 px variables panel", found)
        page.keyboard.press("Escape")
        assert page.locator(PANEL).is_hidden()
        assert page.errors == []
    finally:
        context.close()


def test_the_attention_lesson_shows_the_padded_weight_as_zero(browser, site_url):
    context, page = open_page(browser, site_url, path="/unit3/attention/")
    try:
        assert run(page, "attention-demo", timeout=BOOT_MS) == "done"
        opener(page, "attention-demo").click()
        wait_row(page, "weights", 0, "(2, 1, 3)")
        page.locator(f"{PANEL} [data-variable='weights']").click()
        page.get_by_label("축 0 위치 (0~1)").fill("1")
        wait_caption(page, "weights[1]의 값, 모양 (2, 1, 3)")
        assert value_rows(page)[1] == ["0", "0.1192", "0.8808", "0"]
        assert page.errors == []
    finally:
        context.close()


def test_offline_after_one_visit_the_panel_works(browser, site_url):
    context, page = open_page(browser, site_url)
    try:
        wait_offline_ready(page)
        context.set_offline(True)
        page.reload()                   # a full load: page, runtime and Python from the cache
        wait_ready(page)
        assert page.evaluate("navigator.onLine") is False
        show_the_matrix(page)
        assert canvas_painted(page)["colours"] >= 12
        assert value_rows(page)[3] == ["2", "4", "4.5", "5", "5.5"]
        assert page.errors == []
    finally:
        context.close()
