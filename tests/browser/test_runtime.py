"""The in-page runtime (web/src) in Chromium, driven through the playground page (docs/playground.md).

Most tests share one page (one Python boot) and run its cells in order; tests whose subject is a
fresh state (Stop, reloads, storage, navigation, failed loads) open their own browser context.
"""

from __future__ import annotations

import json
import time
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from playground_support import (
    BOOT_MS, PLAYGROUND, RUN_MS, cell, click_run, code, open_playground, output, page_bar, playground_tab, restart, run,
    run_above, run_all, set_code, state, wait_ready, wait_state,
)


# --------------------------------------------------------------------------- one shared page


@pytest.fixture(scope="module")
def pg(browser, site_url):
    """The playground on a plain static host (no COOP/COEP), booted once for the tests below."""
    context = browser.new_context()
    page = open_playground(context, site_url)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    wait_ready(page)
    yield SimpleNamespace(page=page, dialogs=dialogs)
    context.close()


def test_a_cell_runs_after_the_setup_and_shows_its_output_and_value(pg):
    page = pg.page
    assert state(page, "setup") == "idle"
    assert run(page, "first") == "done"
    assert state(page, "setup") == "done", "the hidden setup cell (import numpy) runs first"
    out = output(page, "first")
    assert "x = [0 1 2 3 4]" in out
    # The trailing expression's value, like a REPL.
    assert cell(page, "first").locator(".nl-output__result").inner_text().endswith("(10)")
    # The editor lives inside the cell's root element.
    assert cell(page, "first").locator(".cm-editor .cm-content").count() == 1


def test_a_later_cell_sees_an_earlier_cells_variable_and_shift_enter_runs(pg):
    page = pg.page
    cell(page, "second").locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    assert wait_state(page, "second") == "done"
    assert "y = [0 2 4 6 8]" in output(page, "second")
    assert code(page, "second") == "y = x * 2\nprint(\"y =\", y)", "Shift+Enter ran, it did not type"


def test_restart_forgets_the_pages_variables_and_runs_the_setup_again(pg):
    page = pg.page
    restart(page)
    assert page_bar(page).locator(".nl-page-bar__status").inner_text() == "변수가 모두 지워졌습니다"
    assert run(page, "second") == "error"
    assert "NameError: name 'x' is not defined" in output(page, "second")
    assert state(page, "setup") == "done" and run(page, "first") == "done", "np exists again"


def test_restart_while_the_setup_waits_runs_the_setup_again(browser, site_url):
    """Restart pressed while the page's setup cell still waits in the queue (Python cannot finish
    loading: its wasm is held back) queues the setup again, so the next cell finds what it defines."""
    held = []

    def hold_the_download(route):      # the worker's HEAD (brotli-copies.ts) goes through
        if route.request.method == "GET":
            held.append(route)
        else:
            route.continue_()
    prepare = lambda context: context.route("**/pyodide.asm.wasm", hold_the_download)  # noqa: E731
    with playground_tab(browser, site_url, prepare=prepare) as page:
        click_run(page, "first")
        page.wait_for_function("document.querySelector(`[data-cell-id='setup']`).dataset.cellState === 'queued'")
        restart(page)
        page.wait_for_function("document.querySelector(`[data-cell-id='first']`).dataset.cellState === 'idle'")
        while not held:
            page.wait_for_timeout(100)
        held[0].continue_()
        wait_ready(page)
        assert run(page, "first") == "done", output(page, "first")
        assert "x = [0 1 2 3 4]" in output(page, "first")
        assert state(page, "setup") == "done"


def test_run_all_above_and_run_all_stop_at_the_first_error(pg):
    page = pg.page
    restart(page)
    run_above(page, "error")
    wait_state(page, "second", ("done",))
    assert state(page, "first") == "done" and state(page, "error") == "idle"
    run_all(page)
    wait_state(page, "error", ("error",))
    page.wait_for_timeout(300)
    # Like a notebook: after an error the rest of "Run all" is cancelled (the endless loop too).
    assert [state(page, c) for c in ("temperature", "stream", "forever")] == ["idle"] * 3


def test_a_readonly_cell_runs_but_cannot_be_edited(pg):
    page = pg.page
    before = code(page, "versions")
    cell(page, "versions").locator(".cm-content").click()
    page.keyboard.type("x = 1")
    assert code(page, "versions") == before
    assert cell(page, "versions").get_by_role("button", name="되돌리기").count() == 0
    assert run(page, "versions") == "done"
    assert output(page, "versions").startswith("Python 3.12.7 · NumPy 2.0.2 · nlplab ")


def test_nlplab_and_the_course_data_are_there_without_a_network(pg):
    assert run(pg.page, "nlplab") == "done"
    out = output(pg.page, "nlplab")
    assert out.startswith("대한민국 헌법: 18,884자\n대한민국헌법")


def test_an_error_shows_the_learners_frames_with_the_editors_line_numbers(pg):
    page = pg.page
    assert run(page, "error") == "error"
    tb = cell(page, "error").locator(".nl-output__error").inner_text()
    assert 'File "<셀 5>", line 4, in <module>' in tb
    assert 'File "<셀 5>", line 2, in divide' in tb
    assert tb.rstrip().endswith("ZeroDivisionError: division by zero")
    assert "nl_runtime" not in tb and "/lib/python" not in tb and "<exec>" not in tb
    marked = cell(page, "error").locator(".cm-line.nl-error-line")
    assert marked.count() == 1 and marked.inner_text() == "    return a / b"


def test_a_syntax_error_points_at_its_line(pg):
    page = pg.page
    set_code(page, "error", "a = 1\nb = (a +\nprint(b)\n")
    assert run(page, "error") == "error"
    tb = cell(page, "error").locator(".nl-output__error").inner_text()
    assert "SyntaxError" in tb and "Traceback" not in tb
    assert 'File "<셀 5>", line 2' in tb
    assert cell(page, "error").locator(".cm-line.nl-error-line").inner_text() == "b = (a +"
    cell(page, "error").get_by_role("button", name="되돌리기").click()
    assert code(page, "error").startswith("def divide(a, b):")
    assert cell(page, "error").locator(".cm-line.nl-error-line").count() == 0


def test_printed_html_stays_text(pg):
    page = pg.page
    assert run(page, "text-only") == "done"
    out = output(page, "text-only")
    assert "<img src=x onerror=alert(1)>" in out
    assert "<b>굵게?</b>" in out
    assert cell(page, "text-only").locator(".nl-output img, .nl-output b").count() == 0
    page.wait_for_timeout(300)
    assert pg.dialogs == []


def test_stdout_streams_while_the_cell_runs(pg):
    page = pg.page
    click_run(page, "stream")
    started = time.monotonic()
    page.wait_for_function(
        "document.querySelector(`[data-cell-id='stream'] .nl-output`)?.textContent.includes('1단계')",
        timeout=RUN_MS)
    first_line = time.monotonic()
    assert state(page, "stream") == "running", "the first line must appear before the cell ends"
    assert wait_state(page, "stream") == "done"
    ended = time.monotonic()
    # The loop prints, then sleeps 0.4 s, five times: the first line shows long before the end.
    assert ended - first_line > 1.0, (first_line - started, ended - started)
    assert output(page, "stream").count("단계 진행 중") == 5


def test_a_progress_line_ending_in_carriage_return_overwrites_itself(pg):
    page = pg.page
    set_code(page, "text-only", 'for i in range(1, 4):\n    print(f"\\r진행 {i}/3", end="")\nprint()\nprint("끝")\n')
    assert run(page, "text-only") == "done"
    assert output(page, "text-only").strip() == "진행 3/3\n끝"
    cell(page, "text-only").get_by_role("button", name="되돌리기").click()


def test_long_output_is_capped_with_a_notice(pg):
    page = pg.page
    set_code(page, "text-only", "for i in range(300_000):\n    print(i)\n")
    assert run(page, "text-only") == "done"
    notice = cell(page, "text-only").locator(".nl-output .nl-notice").inner_text()
    assert "생략" in notice
    shown = cell(page, "text-only").locator(".nl-output__stdout").inner_text()
    assert shown.startswith("0\n1\n2\n") and len(shown) < 300_000
    cell(page, "text-only").get_by_role("button", name="되돌리기").click()


def test_a_matplotlib_figure_appears_as_a_png(pg):
    page = pg.page
    # The figure's bytes, kept as the runtime makes its blob: URL (the site's CSP has
    # connect-src 'self', so the page may not fetch() a blob: URL back).
    page.evaluate("""() => {
        const make = URL.createObjectURL, blobs = window.__nlBlobs = new Map();
        URL.createObjectURL = blob => { const url = make(blob); blobs.set(url, blob); return url; };
    }""")
    assert run(page, "plot", timeout=BOOT_MS) == "done"
    img = cell(page, "plot").locator(".nl-output img")
    assert img.count() == 1
    info = page.evaluate("""async img => {
        await img.decode();
        const bytes = new Uint8Array(await window.__nlBlobs.get(img.src).arrayBuffer());
        return {w: img.naturalWidth, h: img.naturalHeight, size: bytes.length,
                sig: Array.from(bytes.slice(0, 8))};
    }""", img.element_handle())
    assert info["sig"] == [137, 80, 78, 71, 13, 10, 26, 10], "a PNG"
    assert info["w"] >= 400 and info["h"] >= 300 and info["size"] > 10_000, info


def test_plt_show_draws_at_once_and_the_same_figure_replaces_its_image(pg):
    page = pg.page
    click_run(page, "live-plot")
    img = cell(page, "live-plot").locator(".nl-output img")
    img.wait_for(timeout=RUN_MS)
    assert state(page, "live-plot") == "running", "plt.show() must draw before the cell ends"
    page.evaluate("""img => {
        window.__srcChanges = 0;
        new MutationObserver(() => window.__srcChanges++).observe(img, {attributeFilter: ['src']});
    }""", img.element_handle())
    assert wait_state(page, "live-plot") == "done"
    assert img.count() == 1, "figure 1 shown four times is one image, replaced in place"
    assert page.evaluate("window.__srcChanges") >= 2
    assert "step 20: loss" in output(page, "live-plot")


def test_a_slider_rewrites_its_literal_and_reruns_the_cell(pg):
    page = pg.page
    assert run(page, "temperature") == "done"
    assert "T = 1.0 →" in output(page, "temperature")
    slider = cell(page, "temperature").locator('input[type="range"][data-slider-name="temperature"]')
    assert cell(page, "temperature").locator("label", has_text="temperature").count() == 1
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "document.querySelector(`[data-cell-id='temperature'] .nl-output`)?.textContent.includes('T = 1.5 →')",
        timeout=RUN_MS)
    wait_state(page, "temperature")
    assert code(page, "temperature").startswith("temperature = 1.5  # slider: 0.1, 3.0, 0.1\n")
    cell(page, "temperature").get_by_role("button", name="되돌리기").click()
    assert slider.input_value() == "1"


def test_an_exercise_gives_feedback_hints_one_at_a_time_and_passes_with_the_solution(pg):
    page = pg.page
    ex = cell(page, "softmax")
    solution_button = ex.get_by_role("button", name="풀이 보기")
    assert solution_button.is_disabled(), "the solution is offered only after an attempt"

    ex.get_by_role("button", name="채점").click()
    wait_state(page, "softmax")
    feedback = ex.locator(".nl-exercise__feedback")
    feedback.locator("pre").wait_for()
    assert feedback.get_attribute("data-result") == "fail"
    assert "확률의 합이 1이어야 하는데 6.0000입니다" in feedback.inner_text()
    assert ex.locator(".nl-output__error").count() == 0, "a failed check is feedback, not a traceback"

    hints = ex.locator(".nl-exercise__hint")
    hint_button = ex.get_by_role("button", name="힌트 보기")
    assert hints.count() == 0
    hint_button.click()
    assert hints.count() == 1 and "np.exp(z)" in hints.nth(0).inner_text()
    hint_button.click()
    assert hints.count() == 2 and hints.nth(1).locator(".katex").count() >= 1
    assert hint_button.is_disabled()

    assert solution_button.is_enabled()
    solution_button.click()
    ex.get_by_role("button", name="풀이를 편집기에 넣기").click()
    assert "np.exp(z - z.max())" in code(page, "softmax")
    ex.get_by_role("button", name="채점").click()
    wait_state(page, "softmax")
    page.wait_for_function(
        "document.querySelector(`[data-cell-id='softmax'] .nl-exercise__feedback`).dataset.result === 'pass'")
    assert "통과" in feedback.inner_text()
    saved = page.evaluate("JSON.parse(localStorage.getItem('nlplab:v1:exercise:playground/:softmax'))")
    assert saved["solved"] is True and saved["attempts"] == 2 and saved["hintsShown"] == 2


def test_tab_indents_and_escape_then_tab_leaves_the_editor(pg):
    page = pg.page
    content = cell(page, "second").locator(".cm-content")
    content.click()
    page.keyboard.press("End")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('cm-content')")
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert not page.evaluate("!!document.activeElement.closest('.cm-editor')"), "focus left the editor"
    cell(page, "second").get_by_role("button", name="되돌리기").click()


def test_math_is_rendered_by_the_vendored_katex(pg):
    assert pg.page.locator(".md-content .arithmatex .katex").count() >= 2


def test_the_shared_page_had_no_script_errors_and_booted_once(pg):
    assert pg.page.errors == []
    assert pg.page.evaluate("nlplabRuntime.boots") == 1, "no Restart or background load ended the worker"


# --------------------------------------------------------------------------- saved edits


def test_edits_survive_a_reload_and_reset_restores_the_original(browser, site_url):
    with playground_tab(browser, site_url) as page:
        original = code(page, "second")
        set_code(page, "second", "y = 123\nprint(y)")
        page.reload()
        assert code(page, "second") == "y = 123\nprint(y)"
        assert cell(page, "second").get_attribute("data-cell-edited") == ""
        cell(page, "second").get_by_role("button", name="되돌리기").click()
        assert code(page, "second") == original
        page.reload()
        assert code(page, "second") == original
        assert page.evaluate("localStorage.getItem('nlplab:v1:edit:playground/:second')") is None


def test_a_stale_edit_is_not_applied_silently(browser, site_url):
    """An edit saved against an older original (another digest) waits for the learner's choice."""
    context = browser.new_context()
    stale = {"digest": "000000000000", "code": "print('my old edit')", "savedAt": 1}
    context.add_init_script(
        f"localStorage.setItem('nlplab:v1:edit:playground/:second', {json.dumps(json.dumps(stale))})")
    page = context.new_page()
    try:
        page.goto(site_url + PLAYGROUND)
        root = cell(page, "second")
        root.locator(".cm-content").wait_for()
        assert code(page, "second").startswith("y = x * 2")
        assert root.get_attribute("data-cell-stale") == ""
        assert "원래 코드가 바뀌었습니다" in root.locator(".nl-cell__notices").inner_text()
        assert root.get_by_role("region", name="내가 고친 코드와 새 코드의 차이").count() == 1
        root.get_by_role("button", name="내 코드 유지").click()
        assert code(page, "second") == "print('my old edit')"
        assert root.locator(".nl-diff").count() == 0
        saved = json.loads(page.evaluate("localStorage.getItem('nlplab:v1:edit:playground/:second')"))
        assert saved["digest"] == root.get_attribute("data-cell-digest")
    finally:
        context.close()


STORAGE_FAULTS = {
    # Storage switched off (e.g. blocked cookies): touching localStorage throws.
    "disabled": """Object.defineProperty(window, 'localStorage', {
        get() { throw new DOMException('storage is disabled', 'SecurityError'); }});""",
    # Storage full: reading works, every write fails.
    "full": """Storage.prototype.setItem = function () {
        throw new DOMException('quota exceeded', 'QuotaExceededError'); };""",
}


@pytest.mark.parametrize("fault", sorted(STORAGE_FAULTS))
def test_without_storage_editing_and_running_still_work_and_the_learner_is_told(browser, site_url, fault):
    context = browser.new_context()
    context.add_init_script(STORAGE_FAULTS[fault])
    page = open_playground(context, site_url)
    try:
        set_code(page, "first", "x = np.arange(5)\nprint('edited', x.sum())")
        cell(page, "first").locator(".nl-notice--storage").wait_for()
        assert "저장할 수 없습니다" in cell(page, "first").locator(".nl-notice--storage").inner_text()
        assert run(page, "first", timeout=BOOT_MS) == "done"
        assert "edited 10" in output(page, "first")
        if fault == "full":
            # (With storage disabled, Material's own scripts throw too; not the runtime's to fix.)
            assert page.errors == []
    finally:
        context.close()


# --------------------------------------------------------------------------- pages and loading


def test_instant_navigation_keeps_python_and_the_page_namespace(browser, site_url):
    # The static server serves sitemap.xml at its own address, as a deployment built with the
    # right NLPLAB_SITE_URL would: Material then navigates instantly between the pages.
    with playground_tab(browser, site_url) as page:
        wait_ready(page)
        assert run(page, "first") == "done"
        page.evaluate("window.__samePage = true")
        page.locator(".md-nav__link", has_text="시작하기").first.click()
        page.wait_for_url(site_url + "/")
        page.locator(".md-nav__link", has_text="연습장").first.click()
        page.wait_for_url(site_url + PLAYGROUND)
        cell(page, "second").locator(".cm-content").wait_for()
        assert page.evaluate("window.__samePage") is True, "navigation was instant, not a reload"
        started = time.monotonic()
        assert run(page, "second") == "done"
        warm = time.monotonic() - started
        assert "y = [0 2 4 6 8]" in output(page, "second"), "the page's namespace survived"
        assert page.evaluate("nlplabRuntime.boots") == 1, "the second page did not boot Python again"
        print(f"\nrun after instant navigation: {warm:.2f} s (bench/page_load.py measures the warm path)")
        assert page.locator(".md-content .arithmatex .katex").count() >= 2, "math after navigation"
        assert page.errors == []


def test_under_a_sub_path_every_request_goes_to_the_site(browser, subpath_site_url):
    context = browser.new_context()
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    failed = []
    context.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page = open_playground(context, subpath_site_url)
    try:
        wait_ready(page)
        assert run(page, "plot", timeout=BOOT_MS) == "done"
        assert cell(page, "plot").locator(".nl-output img").count() == 1
    finally:
        context.close()
    site = urlsplit(subpath_site_url)
    network = [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")]
    assert network and all(urlsplit(u).netloc == site.netloc for u in network), network
    assert all(urlsplit(u).path.startswith("/course/") for u in network), network
    assert not [u for u in failed if not u.endswith("favicon.ico")], failed
    assert any(u.endswith(".wasm") for u in network) and any("matplotlib" in u for u in network)


def test_a_failed_load_says_so_and_retry_recovers(browser, site_url):
    context = browser.new_context()
    context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page = open_playground(context, site_url)
    try:
        status = page.locator("#nl-runtime-status")
        page.wait_for_function(
            "document.querySelector('#nl-runtime-status')?.dataset.runtimeState === 'error'", timeout=BOOT_MS)
        assert "불러오지 못했습니다" in status.inner_text() and "pyodide.asm.wasm" in status.inner_text()
        assert status.get_by_role("button", name="다시 시도").is_visible()
        assert run(page, "first") == "error"
        assert "Python을 불러오지 못해" in output(page, "first")
        context.unroute("**/pyodide.asm.wasm")
        # The cell's own notice offers the retry too: it boots Python again and runs the cell.
        cell(page, "first").get_by_role("button", name="다시 시도").click()
        wait_state(page, "first", ("done",), timeout=BOOT_MS)
        assert "x = [0 1 2 3 4]" in output(page, "first")
        assert status.get_attribute("data-runtime-state") == "ready"
    finally:
        context.close()


# What receives a click at (x, y): the status itself, or what lies under it.
HIT = """([x, y]) => {
  const el = document.elementFromPoint(x, y);
  return el.closest('#nl-runtime-status button') ? 'status button'
       : el.closest('#nl-runtime-status') ? 'status' : el.closest('a') ? 'link' : el.tagName.toLowerCase();
}"""


def test_the_python_status_lets_clicks_through_to_the_links_under_it(browser, site_url):
    """The status sits at the bottom left, over the sidebar's last links (연습장) on a short window:
    its text takes no click, its 다시 시도 button does."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.route("**/pyodide.asm.wasm", lambda route: route.abort())     # the status stays, with 다시 시도
    page = context.new_page()
    try:
        page.goto(site_url + "/unit4/training/")
        page.wait_for_function(
            "document.querySelector('#nl-runtime-status')?.dataset.runtimeState === 'error'", timeout=BOOT_MS)
        status = page.locator("#nl-runtime-status")
        for part, expected in ((".nl-runtime-status__text", "status"), ("button", "status button")):
            box = status.locator(part).bounding_box()
            left, middle = box["x"] + 4, box["y"] + box["height"] / 2
            hit = page.evaluate(HIT, [left, middle])
            assert (hit != "status") if expected == "status" else (hit == expected), (part, hit)
        # The sidebar link under the status opens its page.
        link = page.locator(".md-sidebar--primary .md-nav__link", has_text="연습장").first
        link.scroll_into_view_if_needed()
        link_box, status_box = link.bounding_box(), status.bounding_box()
        x = max(link_box["x"], status_box["x"]) + 2
        y = link_box["y"] + link_box["height"] / 2
        covered = status_box["y"] <= y <= status_box["y"] + status_box["height"]
        assert covered, "at 720 px the status covers the sidebar's last link"
        assert page.evaluate(HIT, [x, y]) == "link"
        page.mouse.click(link_box["x"] + link_box["width"] / 2, y)
        page.wait_for_url("**/playground/")
    finally:
        context.close()
