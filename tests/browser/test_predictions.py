"""Predict, then run (web/src/prediction.ts), in Chromium on two lesson pages: /unit4/lstm/ (choices:
`gate-ranges`, `slide-inputs`) and /unit4/gru/ (a typed value: `parameter-count`).

Before a "predict" cell's first run a form asks the prediction: a fieldset whose legend is the
question, radio buttons or a text input labelled 내 예측. 예측하고 실행 runs the cell and compares the
prediction with what the cell computes (nlplab.checking.check_prediction, in the worker); the
verdict lands in a live region, with the right answer and why. A prediction Python cannot read
is not recorded and the learner is asked to write it again. 건너뛰고 실행 and 실행 run the cell
without a prediction. Kept predictions survive a reload and are listed by predictionsOf(page).
All of it by keyboard alone, at 375 px, with axe-core finding nothing serious (light and dark),
and offline after one visit.
"""

from __future__ import annotations

import re

import pytest

from a11y_support import axe_violations, blocking, describe
from browser_support import RUN_MS
from playground_support import (cell, focused, inside_cell, output, playground_tab, reload_offline, tab_to,
                                wait_ready, wait_state)

LSTM = "/unit4/lstm/"
GRU = "/unit4/gru/"
PHONE = {"width": 375, "height": 740}
TITLE = "실행하기 전에 예측해 보세요"


def form(page, cell_id):
    return cell(page, cell_id).get_by_role("group", name=re.compile(TITLE))


def verdict(page, cell_id):
    return cell(page, cell_id).locator(".nl-predict__verdict")


def predict_and_wait(page, cell_id) -> str:
    cell(page, cell_id).get_by_role("button", name="예측하고 실행", exact=True).click()
    return wait_state(page, cell_id)


def wait_verdict(page, cell_id, results=("right", "wrong", "error")) -> str:
    page.wait_for_function(
        "([id, results]) => results.includes(document.querySelector(`[data-cell-id='${id}'] .nl-predict__verdict`)"
        "?.dataset.result)", arg=[cell_id, list(results)], timeout=RUN_MS)
    return verdict(page, cell_id).get_attribute("data-result")


def kept(page) -> dict[str, dict]:
    """The page's kept predictions by cell id, as a course map would list them."""
    found = page.evaluate("nlplabRuntime.predictionsOf(nlplabRuntime.page.ns)")
    return {p["cellId"]: p for p in found}


def test_choices_are_compared_with_what_the_cell_computes_and_survive_a_reload(browser, site_url):
    with playground_tab(browser, site_url, path=LSTM) as page:
        wait_ready(page)
        group = form(page, "gate-ranges")
        assert "`z`가" not in group.inner_text() and "sigmoid(z)" in group.inner_text(), "the legend is the question"
        assert group.get_by_role("radio").count() == 3
        # Nothing chosen yet: the learner is told what to do, and nothing runs
        cell(page, "gate-ranges").get_by_role("button", name="예측하고 실행", exact=True).click()
        assert verdict(page, "gate-ranges").inner_text() == "보기 중 하나를 고른 뒤 예측하고 실행을 누르세요."
        assert cell(page, "gate-ranges").get_attribute("data-cell-state") == "idle"
        # A right choice
        group.get_by_role("radio", name="(0, 1)", exact=True).check()
        assert predict_and_wait(page, "gate-ranges") == "done"
        assert wait_verdict(page, "gate-ranges") == "right"
        said = verdict(page, "gate-ranges")
        assert said.get_attribute("role") == "status" and said.get_attribute("aria-live") == "polite"
        assert said.locator("strong").inner_text() == "맞았습니다! 예측 (0, 1)이(가) 셀이 계산한 값과 같습니다."
        assert "시그모이드는 0과 1 사이의 값만 냅니다" in said.inner_text()
        assert "σ(z)   : [0.0025 0.1192 0.5    0.8808 0.9975]" in output(page, "gate-ranges"), "the cell ran"
        assert not group.is_visible()
        # A wrong choice: the verdict names the cell's value, the right answer and why
        wrong = form(page, "slide-inputs")
        wrong.get_by_role("radio", name="(2, 2)", exact=True).check()
        assert predict_and_wait(page, "slide-inputs") == "done"
        assert wait_verdict(page, "slide-inputs") == "wrong"
        text = verdict(page, "slide-inputs").inner_text()
        assert text.startswith("예측 (2, 2)은(는) 셀이 계산한 값과 다릅니다.")
        assert "셀이 계산한 `a.shape`: (2, 8)\n예측: (2, 2)" in text
        assert "정답: (2, 8)" in text and "(N, 4H) = (2, 8)" in text
        assert "a의 모양: (2, 8)" in output(page, "slide-inputs")
        found = blocking(axe_violations(page, ".nl-predict"))
        assert not found, describe("predictions after their verdicts", found)
        saved = kept(page)
        assert {k: (v["prediction"], v["correct"]) for k, v in saved.items()} == {
            "gate-ranges": ("(0, 1)", True), "slide-inputs": ("(2, 2)", False)}

        page.reload()
        wait_ready(page)
        assert verdict(page, "gate-ranges").locator("strong").inner_text().startswith("맞았습니다! 예측 (0, 1)")
        assert "정답: (2, 8)" in verdict(page, "slide-inputs").inner_text()
        assert not form(page, "gate-ranges").is_visible()
        again = cell(page, "slide-inputs").get_by_role("button", name="다시 예측하기", exact=True)
        again.click()
        assert form(page, "slide-inputs").is_visible()
        assert verdict(page, "slide-inputs").inner_text() == ""
        assert set(kept(page)) == {"gate-ranges", "slide-inputs"}, "reopening the form forgets nothing"
        assert page.errors == []


def test_skip_and_run_work_without_a_prediction(browser, site_url):
    with playground_tab(browser, site_url, path=LSTM) as page:
        wait_ready(page)
        cell(page, "gate-ranges").get_by_role("button", name="건너뛰고 실행", exact=True).click()
        assert wait_state(page, "gate-ranges") == "done"
        assert "σ(z)" in output(page, "gate-ranges")
        assert verdict(page, "gate-ranges").inner_text() == "예측을 건너뛰고 실행했습니다."
        reopen = cell(page, "gate-ranges").get_by_role("button", name="예측해 보기", exact=True)
        assert focused(reopen), "the focus stays in the cell"
        # The toolbar's 실행 runs a predict cell as any other, and puts its form away
        cell(page, "slide-inputs").get_by_role("button", name="실행", exact=True).click()
        assert wait_state(page, "slide-inputs") == "done"
        assert "a의 모양: (2, 8)" in output(page, "slide-inputs")
        assert not form(page, "slide-inputs").is_visible()
        assert kept(page) == {}, "a skipped prediction is not a prediction"
        page.reload()
        wait_ready(page)
        assert form(page, "gate-ranges").is_visible() and form(page, "slide-inputs").is_visible()
        assert page.errors == []


def test_a_typed_prediction_by_keyboard_alone(browser, site_url):
    with playground_tab(browser, site_url, path=GRU) as page:
        wait_ready(page)
        box = cell(page, "parameter-count").get_by_role("textbox", name="내 예측", exact=True)
        assert box.get_attribute("aria-describedby")
        assert "Python 값으로 쓰세요" in page.locator("#" + box.get_attribute("aria-describedby")).inner_text()
        cell(page, "parameter-count").get_by_role("button", name="실행", exact=True).focus()
        assert tab_to(page, box), "Tab never reached the prediction's input"
        # Empty: asked to type first; nothing runs
        page.keyboard.press("Enter")
        assert verdict(page, "parameter-count").inner_text().startswith("예측을 입력한 뒤 예측하고 실행을 누르세요.")
        assert box.get_attribute("aria-invalid") == "true"
        assert cell(page, "parameter-count").get_attribute("data-cell-state") == "idle"
        # Not a Python value: the cell runs, the prediction is not recorded, the learner is asked again
        page.keyboard.type("만 개쯤")
        page.keyboard.press("Enter")
        assert wait_verdict(page, "parameter-count") == "error"
        assert verdict(page, "parameter-count").inner_text().startswith("예측을 Python 값으로 읽지 못했습니다: '만 개쯤'.")
        assert box.is_visible() and focused(box)
        assert kept(page) == {}
        # A right one, typed and sent with Enter; the verdict takes the focus
        page.keyboard.press("Control+A")
        page.keyboard.type("11808")
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector(`[data-cell-id='parameter-count'] .nl-predict__verdict`)"
                               "?.dataset.result === 'right'", timeout=RUN_MS)
        said = verdict(page, "parameter-count")
        assert said.locator("strong").inner_text() == "맞았습니다! 예측 11808이(가) 셀이 계산한 값과 같습니다."
        assert "4,608 + 6,912 + 288 = 11,808" in said.inner_text()
        assert focused(said)
        assert "GRU 11,808개" in output(page, "parameter-count")
        # 다시 예측하기 by keyboard: a wrong number this time
        page.keyboard.press("Tab")
        again = cell(page, "parameter-count").get_by_role("button", name="다시 예측하기", exact=True)
        assert focused(again)
        page.keyboard.press("Enter")
        assert focused(box)
        page.keyboard.press("Control+A")
        page.keyboard.type("15552")
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector(`[data-cell-id='parameter-count'] .nl-predict__verdict`)"
                               "?.dataset.result === 'wrong'", timeout=RUN_MS)
        text = verdict(page, "parameter-count").inner_text()
        assert "셀이 계산한 `gru_weights`: 11808\n예측: 15552" in text
        assert kept(page)["parameter-count"]["prediction"] == "15552"
        assert page.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_form_fits_375_px_and_axe_finds_nothing_serious(browser, site_url, scheme):
    with playground_tab(browser, site_url, path=LSTM, viewport=PHONE, color_scheme=scheme) as page:
        wait_ready(page)
        found = blocking(axe_violations(page, ".nl-predict"))
        assert not found, describe(f"{scheme} prediction forms at 375 px", found)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
        for cell_id in ("gate-ranges", "slide-inputs"):
            assert inside_cell(page, cell_id, ".nl-predict"), f"the prediction form of {cell_id} sticks out of its cell"
        for target in form(page, "slide-inputs").locator("label, input").all():
            size = target.bounding_box()
            assert size["width"] >= 24 and size["height"] >= 24, "a choice and its radio button are 24 px targets"
        form(page, "slide-inputs").get_by_role("radio", name="(2, 8)", exact=True).check()
        assert predict_and_wait(page, "slide-inputs") == "done"
        assert wait_verdict(page, "slide-inputs") == "right"
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
        found = blocking(axe_violations(page, ".nl-predict"))
        assert not found, describe(f"{scheme} verdict at 375 px", found)
        assert page.errors == []


def test_predictions_work_offline_after_one_visit(browser, site_url):
    with playground_tab(browser, site_url, path=GRU) as page:
        wait_ready(page)
        reload_offline(page)
        cell(page, "parameter-count").get_by_role("textbox", name="내 예측").fill("11808")
        assert predict_and_wait(page, "parameter-count") == "done"
        assert wait_verdict(page, "parameter-count") == "right"
        assert page.errors == []
