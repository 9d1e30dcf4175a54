"""The course map page (/progress/, 학습 현황; web/src/course-map.ts): every unit's pages with links and
what the learner did on each, counted from what this browser keeps against the build's manifest
(mkdocs_hooks/course_map.py); and the learning record file (web/src/progress-file.ts): export, then
import into another browser; a corrupt, foreign, newer or malformed file is refused in Korean and
changes nothing; importing over kept work asks first, in a dialog that can be cancelled. By keyboard,
at 375 px, with axe-core finding nothing serious, and offline after one visit."""

from __future__ import annotations

import json

import pytest

from a11y_support import axe_violations, blocking, describe
from browser_support import RUN_MS, navigate
from offline_support import new_context, wait_offline_ready
from playground_support import cell, code, focused, set_code, tab_to, wait_ready, wait_state
from record_support import (IMPORT, MAP, RIGHT, SOLVED, choose_file, export_record, kept, key, map_entry, message,
                            open_map, seed)

GRU = "/unit4/gru/"
LSTM = "/unit4/lstm/"
PHONE = {"width": 375, "height": 740}


def solve_with_the_solution(page, exercise: str) -> None:
    """채점 the starter (it fails), then put the solution in the editor and 채점 again: it passes."""
    ex = cell(page, exercise)
    ex.get_by_role("button", name="채점", exact=True).click()
    assert wait_state(page, exercise) in ("done", "error")
    ex.get_by_role("button", name="풀이 보기", exact=True).click()
    ex.get_by_role("button", name="풀이를 편집기에 넣기", exact=True).click()
    ex.get_by_role("button", name="채점", exact=True).click()
    page.wait_for_function("id => document.querySelector(`[data-cell-id='${id}'] .nl-exercise__badge`)"
                           "?.textContent.includes('통과')", arg=exercise, timeout=RUN_MS)


def predict(page, cell_id: str, fill: str | None = None, choice: str | None = None) -> None:
    root = cell(page, cell_id)
    if fill is not None:
        root.get_by_role("textbox", name="내 예측").fill(fill)
    else:
        root.get_by_role("radio", name=choice, exact=True).check()
    root.get_by_role("button", name="예측하고 실행", exact=True).click()
    page.wait_for_function("id => ['right', 'wrong'].includes(document.querySelector("
                           "`[data-cell-id='${id}'] .nl-predict__verdict`)?.dataset.result)", arg=cell_id, timeout=RUN_MS)


def test_the_map_lists_what_the_learner_did_on_two_pages_and_the_record_moves_to_another_browser(browser, site_url):
    """Real cells: on /unit4/gru/ an exercise solved, a right prediction and an edit; on /unit4/lstm/ a
    wrong prediction. The map counts them against the build's totals; its file, imported into a
    fresh browser, gives that browser the same map, the edit in its cell and the exercise solved."""
    context = new_context(browser)
    page = context.new_page()
    try:
        page.goto(site_url + GRU)
        wait_ready(page)
        solve_with_the_solution(page, "u4-gru-step-forward")
        predict(page, "parameter-count", fill="11808")
        set_code(page, "one-step", "print('내가 고친 코드')")
        page.evaluate("nlplabRuntime.page.cells.forEach(c => c.flushSave())")
        navigate(page, site_url + LSTM)
        predict(page, "gate-ranges", choice="(-1, 1)")          # wrong: the gate is a sigmoid, (0, 1)
        navigate(page, site_url + MAP)
        page.locator(".nl-course-map[data-map-ready]").wait_for()

        gru = map_entry(page, "unit4/gru/")
        assert gru.locator("a").inner_text() == "GRU: 게이트를 줄인 LSTM"
        assert gru.locator("a").get_attribute("href").endswith("/unit4/gru/")
        assert "연습 문제 1개 중 1개 해결" in gru.inner_text()
        assert "예측 1개 중 1개 완료 (1개 맞힘)" in gru.inner_text()
        assert "고친 셀 2개" in gru.inner_text()        # one-step, and the exercise holding its solution
        assert gru.get_attribute("data-map-done") == "true"
        lstm = map_entry(page, "unit4/lstm/")
        assert "연습 문제 2개 중 0개 해결" in lstm.inner_text()
        assert "예측 2개 중 1개 완료 (0개 맞힘)" in lstm.inner_text()
        assert lstm.get_attribute("data-map-done") == "false"
        assert "예측 1개 중 0개 완료" in map_entry(page, "unit1/dummy-variables/").inner_text()
        assert map_entry(page, "unit1/").inner_text().endswith("연습 문제와 예측 없음")
        summary = page.locator(".nl-map__summary").inner_text()
        assert "중 1개를 풀었고" in summary and "중 2개를 해서 1개를 맞혔습니다" in summary
        assert page.get_by_role("heading", name="Unit 4 · LSTM").count() == 1

        before = kept(page)
        record = export_record(page)
        assert record["format"] == "nlplab-learning-record" and record["version"] == 1
        exported = {key(i["kind"], i["page"], i["id"]): i["value"] for i in record["items"]}
        assert exported == before
        assert {i["kind"] for i in record["items"]} == {"edit", "exercise", "prediction"}
        assert "항목을 nlplab-learning-record-" in message(page)
    finally:
        context.close()

    other = new_context(browser)
    page = other.new_page()
    try:
        open_map(page, site_url)
        assert page.locator(".nl-course-map").get_attribute("data-map-empty") == "true"
        assert "아직 이 브라우저에 남은 학습 기록이 없습니다" in page.locator(".nl-map__summary").inner_text()
        choose_file(page, json.dumps(record))
        page.wait_for_function("document.querySelector('.nl-map__message').textContent.includes('가져왔습니다')")
        assert message(page) == f"학습 기록을 가져왔습니다: {len(record['items'])}개 추가."
        assert kept(page) == before
        assert "연습 문제 1개 중 1개 해결" in map_entry(page, "unit4/gru/").inner_text()
        assert "예측 2개 중 1개 완료 (0개 맞힘)" in map_entry(page, "unit4/lstm/").inner_text()
        map_entry(page, "unit4/gru/").locator("a").click()
        page.wait_for_url(site_url + GRU)
        page.wait_for_function("nlplabRuntime.page?.cells.length > 0")
        assert code(page, "one-step") == "print('내가 고친 코드')"
        assert "통과" in cell(page, "u4-gru-step-forward").locator(".nl-exercise__badge").inner_text()
    finally:
        other.close()



KEPT = {("exercise", "unit4/gru/", "u4-gru-step-forward"): SOLVED,
        ("prediction", "unit4/gru/", "parameter-count"): RIGHT}


def record_of(items: list[dict], version: int = 1) -> str:
    return json.dumps({"format": "nlplab-learning-record", "version": version, "exportedAt": "2026-12-07T00:00:00Z",
                       "items": items})


WRONG_PREDICTION = {"kind": "prediction", "page": "unit4/gru/", "id": "parameter-count",
                    "value": {"prediction": "1", "correct": False, "message": "틀림", "savedAt": 1}}
NEW_EXERCISE = {"kind": "exercise", "page": "unit4/lstm/", "id": "u4-lstm-forward",
                "value": {"solved": True, "attempts": 1, "hintsShown": 0}}

BAD_FILES = {
    "corrupt": ('{"format": "nlplab-learning-record", "version": 1, "items": [', "JSON 형식이 아니어서 읽을 수 없습니다"),
    "foreign": ('{"name": "my-app", "version": "1.0.0", "dependencies": {}}', "이 강의의 학습 기록이 아닙니다"),
    "newer": (record_of([NEW_EXERCISE], version=2), "더 새로운 형식(버전 2)"),
    "bad item": (record_of([NEW_EXERCISE, {**NEW_EXERCISE, "value": {"solved": "yes", "attempts": 1, "hintsShown": 0}}]),
                 "2번째 항목이 올바르지 않습니다: 값의 solved 필드가"),
    "unknown kind": (record_of([{**NEW_EXERCISE, "kind": "password"}]), '종류(kind) "password"를 알 수 없습니다'),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_gets_a_korean_error_and_changes_nothing(browser, site_url, case):
    text, expected = BAD_FILES[case]
    context = new_context(browser)
    seed(context, KEPT)
    page = context.new_page()
    try:
        open_map(page, site_url)
        before = kept(page)
        map_text = page.locator(".nl-map__units").inner_text()
        choose_file(page, text)
        page.locator(".nl-map__message--error").wait_for()
        assert expected in message(page)
        assert message(page).endswith("아무것도 바꾸지 않았습니다.")
        assert page.locator(".nl-map__dialog[open]").count() == 0
        assert kept(page) == before
        assert page.locator(".nl-map__units").inner_text() == map_text
    finally:
        context.close()


def test_importing_over_kept_work_asks_first_and_can_be_cancelled_by_keyboard(browser, site_url):
    context = new_context(browser, viewport=PHONE)
    seed(context, KEPT)
    page = context.new_page()
    try:
        open_map(page, site_url)
        before = kept(page)
        text = record_of([WRONG_PREDICTION, NEW_EXERCISE, {"kind": "exercise", "page": "unit4/gru/",
                                                          "id": "u4-gru-step-forward", "value": SOLVED}])
        importer = page.get_by_role("button", name=IMPORT, exact=True)
        assert tab_to(page, importer, presses=80), "학습 기록 가져오기 is not reachable by Tab"
        choose_file(page, text, by_keyboard=True)
        dialog = page.get_by_role("dialog", name="지금 기록을 바꿀까요?")
        dialog.wait_for()
        assert "1개 항목을 새로 더하고, 이미 있는 1개 항목을 파일의 내용으로 바꿉니다 (1개는 이미 같습니다)" in dialog.inner_text()
        cancel = dialog.get_by_role("button", name="취소", exact=True)
        assert focused(cancel), "the safe choice holds the focus"
        page.keyboard.press("Enter")
        page.wait_for_function("!document.querySelector('.nl-map__dialog').open")
        assert message(page) == "가져오기를 취소했습니다. 아무것도 바꾸지 않았습니다."
        assert kept(page) == before
        assert focused(importer), "focus returns to 학습 기록 가져오기"

        choose_file(page, text, by_keyboard=True)
        dialog.wait_for()
        page.evaluate("document.querySelector('.nl-map__message').textContent = ''")
        page.keyboard.press("Escape")                     # Esc cancels too
        page.wait_for_function("document.querySelector('.nl-map__message').textContent.includes('취소했습니다')")
        assert not page.evaluate("document.querySelector('.nl-map__dialog').open")
        assert kept(page) == before

        choose_file(page, text, by_keyboard=True)
        dialog.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scroll at 375 px"
        box = dialog.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        found = blocking(axe_violations(page))
        assert not found, describe("the import dialog at 375 px", found)
        page.keyboard.press("Shift+Tab")
        assert focused(dialog.get_by_role("button", name="1개 바꾸고 가져오기"))
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('.nl-map__message').textContent.includes('가져왔습니다')")
        assert message(page) == "학습 기록을 가져왔습니다: 1개 추가, 1개 바꿈."
        after = kept(page)
        assert after[key("prediction", "unit4/gru/", "parameter-count")] == WRONG_PREDICTION["value"]
        assert after[key("exercise", "unit4/lstm/", "u4-lstm-forward")] == NEW_EXERCISE["value"]
        assert len(after) == len(before) + 1
        assert "예측 1개 중 1개 완료 (0개 맞힘)" in map_entry(page, "unit4/gru/").inner_text()
        assert "연습 문제 2개 중 1개 해결" in map_entry(page, "unit4/lstm/").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_map_at_375_px_by_keyboard_with_screen_reader_names_and_no_serious_axe_finding(browser, site_url, scheme):
    context = new_context(browser, viewport=PHONE, color_scheme=scheme)
    seed(context, KEPT)
    page = context.new_page()
    try:
        open_map(page, site_url)
        course_map = page.get_by_role("region", name="강의 지도")
        assert course_map.count() == 1
        assert course_map.get_by_role("region", name="학습 기록 파일").count() == 1
        assert course_map.get_by_role("heading", name="Unit 2 · 문서 임베딩과 분류").count() == 1
        link = course_map.get_by_role("link", name="GRU: 게이트를 줄인 LSTM", exact=True)
        assert link.count() == 1
        page.get_by_role("button", name="내 학습 기록 내보내기").focus()
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.closest('.nl-map__page') !== null"), "Tab order: pages, then the file"
        choose_file(page, "not json")                     # an error message on screen for axe too
        page.locator(".nl-map__message--error").wait_for()
        assert page.get_by_role("status").filter(has_text="JSON 형식이 아니어서").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scroll at 375 px"
        found = blocking(axe_violations(page))
        assert not found, describe(f"{scheme} /progress/", found)
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(site_url + GRU)
    finally:
        context.close()


def test_the_map_works_offline_after_one_visit(browser, site_url):
    context = new_context(browser)
    seed(context, KEPT)
    page = context.new_page()
    try:
        page.goto(site_url + "/playground/")          # one visit, to another page
        wait_ready(page)
        wait_offline_ready(page)
        context.set_offline(True)
        page.goto(site_url + MAP)
        page.locator(".nl-course-map[data-map-ready]").wait_for(timeout=RUN_MS)
        assert page.evaluate("navigator.onLine") is False
        assert "연습 문제 1개 중 1개 해결 · 예측 1개 중 1개 완료 (1개 맞힘)" in map_entry(page, "unit4/gru/").inner_text()
        record = export_record(page)                  # a Blob URL: no network involved
        assert len(record["items"]) == 2
    finally:
        context.close()


def test_without_storage_the_map_says_so_and_an_import_changes_nothing(browser, site_url):
    context = new_context(browser)
    context.add_init_script("""Object.defineProperty(window, 'localStorage', {
        get() { throw new DOMException('storage is disabled', 'SecurityError'); }});""")
    page = context.new_page()
    try:
        open_map(page, site_url)
        assert page.locator(".nl-map__summary").inner_text().startswith("이 브라우저는 저장 공간을 쓸 수 없어")
        choose_file(page, record_of([NEW_EXERCISE]))
        page.locator(".nl-map__message--error").wait_for()
        assert message(page) == "저장 공간이 부족하거나 꺼져 있어 가져오지 못했습니다. 아무것도 바꾸지 않았습니다."
    finally:
        context.close()
