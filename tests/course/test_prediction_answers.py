"""Every "predict" cell's answer (mkdocs_hooks/cell_format.py: the `#| predict` section) against
the value the cell really computes, natively: the page's cells run in order (as
test_pages_native.py runs them), and right after each predict cell its `value` is evaluated in
the page's namespace and compared, by nlplab.checking.check_prediction (what the page runs after
예측하고 실행), with the answer, which must match, and with every other choice, which must not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cells_runner import PAGES, cells_of, page_id, plan, run_step

from nlplab.checking import CheckFailed, PredictionUnreadable, check_prediction

LESSON_FOLDERS = ("unit1", "unit2", "unit3", "unit4", "embeddings")
PREDICT_PAGES = [page for page in PAGES if any(cell.prediction for cell in cells_of(page))]


def test_the_course_asks_at_least_fifteen_predictions_across_its_units():
    found = {page_id(page): [cell.key for cell in cells_of(page) if cell.prediction] for page in PREDICT_PAGES}
    assert sum(len(keys) for keys in found.values()) >= 15, found
    for folder in LESSON_FOLDERS:
        assert any(name.startswith(folder + "/") for name in found), f"no prediction in docs/{folder}"
    assert all(name.split("/")[0] in LESSON_FOLDERS for name in found), "predictions belong on lesson pages"


@pytest.mark.parametrize("page", PREDICT_PAGES, ids=page_id)
def test_every_answer_is_what_the_cell_computes_and_every_other_choice_is_not(page: Path):
    namespace: dict = {"__name__": "__main__"}
    checked = []
    for step in plan(cells_of(page)):
        if step.role in ("endless", "starter"):
            continue
        run = run_step(step, namespace)
        if step.cell.raises:
            continue
        assert run.raised is None and run.passed, f"{page_id(page)} {step.label}: {run.message}"
        prediction = step.cell.prediction
        if prediction is None:
            continue
        where = f"{page_id(page)} {step.cell.key}"
        actual = eval(prediction.value, namespace)   # noqa: S307 - the course's own expression
        try:
            check_prediction(prediction.value, actual, prediction.answer, atol=prediction.tolerance)
        except CheckFailed as failed:
            pytest.fail(f"{where}: the answer {prediction.answer} is not what the cell computes:\n{failed}")
        for choice in prediction.choices:
            if choice == prediction.answer:
                continue
            with pytest.raises(CheckFailed) as wrong:
                check_prediction(prediction.value, actual, choice, atol=prediction.tolerance)
            assert not isinstance(wrong.value, PredictionUnreadable), f"{where}: choice {choice} is unreadable"
        checked.append(step.cell.key)
    assert checked == [cell.key for cell in cells_of(page) if cell.prediction]
