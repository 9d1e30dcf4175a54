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
        assert "연습 문제 1/1개 풂" in gru.inner_text()
        assert "예측 1/1개 함 (1개 맞힘)" in gru.inner_text()
        assert "고친 셀 2개" in gru.inner_text()        # one-step, and the exercise holding its solution
        assert gru.get_attribute("data-map-done") == "true"
        lstm = map_entry(page, "unit4/lstm/")
        assert "연습 문제 0/2개 풂" in lstm.inner_text()
        assert "예측 1/2개 함 (0개 맞힘)" in lstm.inner_text()
        assert lstm.get_attribute("data-map-done") == "false"
        assert "예측 0/1개 함" in map_entry(page, "unit1/dummy-variables/").inner_text()
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
        assert "연습 문제 1/1개 풂" in map_entry(page, "unit4/gru/").inner_text()
        assert "예측 1/2개 함 (0개 맞힘)" in map_entry(page, "unit4/lstm/").inner_text()
        map_entry(page, "unit4/gru/").locator("a").click()
        page.wait_for_url(site_url + GRU)
        page.wait_for_function("nlplabRuntime.page?.cells.length > 0")
        assert code(page, "one-step") == "print('내가 고친 코드')"
        assert "통과" in cell(page, "u4-gru-step-forward").locator(".nl-exercise__badge").inner_text()
    finally:
        other.close()

