"""Text fields (web/src/text-field.ts): a string literal marked `# 입력: <label>` becomes a labelled
field above the editor that rewrites the literal and re-runs the cell, on any host (no isolation).

- The playground's `sentence` cell: a real <label> (the textbox's name), Enter applies but not the
  Enter that ends an IME composition, 넣고 실행 applies, Esc puts the code's value back, quotes and
  backslashes stay valid Python that prints exactly what was typed, the focus stays in the field,
  the field follows the editor and 되돌리기, and the applied text survives a reload.
- Every course page with a text field: the cell's default output is the recorded one, and a
  sentence typed into the field changes the output to what that sentence gives (and a sentence the
  model cannot read gets the cell's clear Korean error).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from browser_support import BOOT_MS, DOCS, page_url
from course_support import SETUP_ALLOWANCE_S, TRAINING_LIMIT_S, page_cells
from playground_support import cell, code, open_playground, output, run, wait_ready, wait_state

from mkdocs_hooks.cell_outputs import outputs_match


def field(page, cell_id):
    return cell(page, cell_id).locator("input[type=text][data-text-name]")


def stdout(page, cell_id) -> str:
    return "".join(cell(page, cell_id).locator(".nl-output .nl-output__stdout").all_text_contents())


def wait_output(page, cell_id, text: str, timeout=BOOT_MS) -> None:
    """Until the cell's output shows `text` and the cell has finished."""
    page.wait_for_function(
        "([id, text]) => document.querySelector(`[data-cell-id='${id}'] .nl-output`)?.textContent.includes(text)",
        arg=[cell_id, text], timeout=timeout)
    wait_state(page, cell_id, timeout=timeout)


def printed(sentence: str) -> str:
    """What the playground's `sentence` cell prints for `sentence` (its code, in CPython)."""
    words = sentence.split()
    return f"{len(sentence)}자, 단어 {len(words)}개: {words}\n"


# --------------------------------------------------------------------------- the playground


@pytest.fixture(scope="module")
def pg(browser, site_url):
    context = browser.new_context()
    page = open_playground(context, site_url)
    wait_ready(page)
    yield page
    context.close()


def test_the_field_is_labelled_and_enter_rewrites_the_literal_and_reruns(pg):
    page = pg
    box = cell(page, "sentence").get_by_role("textbox", name="문장", exact=True)
    assert box.count() == 1, "the <label> names the field"
    assert box.input_value() == "나는 오늘 밥을 먹었다"
    assert run(page, "sentence") == "done"
    assert stdout(page, "sentence") == printed("나는 오늘 밥을 먹었다")

    tricky = 'He said "hi" \\ it\'s C:\\new'
    box.fill(tricky)
    box.press("Enter")
    wait_output(page, "sentence", printed(tricky).strip())
    assert stdout(page, "sentence") == printed(tricky), "Python got exactly the typed text"
    assert code(page, "sentence").startswith(
        'sentence = "He said \\"hi\\" \\\\ it\'s C:\\\\new"  # 입력: 문장\n'), code(page, "sentence")
    assert page.evaluate("document.activeElement?.dataset.textName") == "sentence", "the re-run kept the focus"
    assert page.errors == []


def test_an_enter_that_ends_an_ime_composition_does_not_apply(pg):
    page = pg
    box = field(page, "sentence")
    before = code(page, "sentence")
    box.fill("한국어 입력")
    # Applying rewrites the code within the keydown's handler, so the code tells at once.
    # A Korean syllable being composed through the browser's IME: the Enter that ends it arrives
    # as a keydown marked isComposing.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "ㅎ", "selectionStart": 1, "selectionEnd": 1})
    cdp.send("Input.imeSetComposition", {"text": "한", "selectionStart": 1, "selectionEnd": 1})
    box.press("Enter")
    assert code(page, "sentence") == before, "the Enter that ends a composition only commits the syllable"
    cdp.send("Input.insertText", {"text": "한"})
    assert box.input_value() == "한국어 입력한"
    # Some browsers mark that keydown only by keyCode 229.
    box.dispatch_event("keydown", {"key": "Enter", "code": "Enter", "keyCode": 229})
    assert code(page, "sentence") == before
    # Once the syllable is committed, Enter applies.
    box.press("Enter")
    wait_output(page, "sentence", printed("한국어 입력한").strip())
    assert stdout(page, "sentence") == printed("한국어 입력한")


def test_escape_puts_back_the_codes_value_and_the_button_applies(pg):
    page = pg
    box = field(page, "sentence")
    box.fill("아직 넣지 않은 글")
    box.press("Escape")
    assert box.input_value() == "한국어 입력한", "Esc: the value in the code"
    box.fill("버튼으로 넣은 글")
    cell(page, "sentence").get_by_role("button", name="넣고 실행").click()
    wait_output(page, "sentence", printed("버튼으로 넣은 글").strip())
    assert stdout(page, "sentence") == printed("버튼으로 넣은 글")


def test_the_field_follows_the_editor_and_reset_and_survives_a_reload(pg):
    page = pg
    editor = cell(page, "sentence").locator(".cm-content")
    text = code(page, "sentence")
    at = text.index("버튼으로")
    page.evaluate("""([id, from, to, insert]) => nlplabRuntime.page.cells.find(c => c.id === id)
                       .editor.replaceRange(from, to, insert)""", ["sentence", at, at + len("버튼으로"), "편집기로"])
    assert field(page, "sentence").input_value() == "편집기로 넣은 글"
    # A literal the field cannot show (here an f-string) takes the field away.
    editor.click()
    page.keyboard.press("Control+Home")
    for _ in range(len("sentence = ")):
        page.keyboard.press("ArrowRight")
    page.keyboard.type("f")
    assert code(page, "sentence").startswith('sentence = f"편집기로')
    assert field(page, "sentence").count() == 0
    page.keyboard.press("Control+z")
    assert field(page, "sentence").input_value() == "편집기로 넣은 글"
    # The applied text is the cell's saved edit: it is there after a reload.
    page.evaluate("nlplabRuntime.page.cells.forEach(c => c.flushSave())")
    page.reload()
    wait_ready(page)
    assert field(page, "sentence").input_value() == "편집기로 넣은 글"
    cell(page, "sentence").get_by_role("button", name="되돌리기").click()
    assert field(page, "sentence").input_value() == "나는 오늘 밥을 먹었다"
    assert page.errors == []


# --------------------------------------------------------------------------- the course's pages


@dataclass(frozen=True)
class Case:
    page: str
    cell: str
    needs: tuple[str, ...]            # the cells above whose variables the cell uses, in order
    sentence: str
    shows: tuple[str, ...]            # what the output then shows (never in the default output)
    bad: tuple[str, str] | None = None    # a text the cell refuses, and its Korean error


CASES = [
    Case("unit2/sentiment.md", "my-review", ("load-reviews", "unseen-rate", "reversal-reviews"),
         "정말 재밌었어요 인생영화 최고", ("P(긍정) = 1.00 → 긍정", "긍정 쪽으로 끄는 조각: '최고'")),
    Case("unit2/spam.md", "my-mail", ("load-spam", "split", "vectorize", "fit-nb"),
         "Congratulations! Click here for a FREE mortgage refinance, lowest rates",
         ("P(스팸) = 1.0000 → 스팸", "스팸 쪽 단어: mortgage, refinance")),
    Case("unit2/tdm.md", "new-document", ("tokenize", "raw-vocabulary", "lemmatize", "tdm"),
         "밥을 먹었다 오늘은", ("['밥', '먹다', '오늘']", "문서3 → [1, 0, 1, 1] / 문서2와 같은가: False")),
    Case("unit2/tfidf.md", "my-query", ("common-words",),
         "배우들 연기가 정말 최고", ("질의: 배우들 연기가 정말 최고", "0.509  배우들 연기가 미쳤음 특히 악역 연기 최고")),
    Case("unit3/char-rnn.md", "sampling", ("corpus", "unigram-baseline", "train-lm"),
         "대통령은", ("--- 온도 0.2\n대통령은", "--- 온도 1.5\n대통령은"),
         bad=("파이썬", "헌법에 나오지 않는 글자는 모델이 모릅니다: '썬'")),
    Case("unit3/architectures.md", "my-number", ("train", "read-korean", "seq2seq", "seq2seq-train"),
         "삼백육십오", ("삼백육십오 → 365",),
         bad=("칠백4", "'일이삼사오육칠팔구십백' 열한 글자만 읽습니다")),
]


def test_every_page_with_a_text_field_has_a_case():
    with_fields = sorted(
        f"{path.relative_to(DOCS).as_posix()}#{c.key}"
        for path in DOCS.rglob("*.md") if path.name != "playground.md"
        for c in page_cells(path.read_text(encoding="utf-8")) if "  # 입력" in c.code)
    assert with_fields == sorted(f"{case.page}#{case.cell}" for case in CASES)


@pytest.fixture(scope="module")
def course_tab(browser):
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.page}#{case.cell}")
def test_a_sentence_typed_into_the_field_changes_the_output(course_tab, site_url, case: Case):
    page = course_tab
    page.errors.clear()
    recorded = {c.key: c for c in page_cells((DOCS / case.page).read_text(encoding="utf-8"))}[case.cell].output
    page.goto(site_url + page_url(DOCS / case.page))
    wait_ready(page)
    for cell_id in (*case.needs, case.cell):        # queued in order: the page runs them one by one
        cell(page, cell_id).get_by_role("button", name="실행", exact=True).click()
    limit_ms = (TRAINING_LIMIT_S + SETUP_ALLOWANCE_S) * 1000
    wait_state(page, case.cell, timeout=limit_ms)
    for cell_id in case.needs:
        assert cell(page, cell_id).get_attribute("data-cell-state") == "done", f"{cell_id}: {output(page, cell_id)}"
    assert cell(page, case.cell).get_attribute("data-cell-state") == "done", output(page, case.cell)

    default = stdout(page, case.cell)
    matched, message = outputs_match(recorded, default)
    assert matched, f"the default text no longer gives the recorded output: {message}"
    assert not any(text in default for text in case.shows)

    box = field(page, case.cell)
    assert box.count() == 1 and page.locator(f"label[for='{box.get_attribute('id')}']").count() == 1
    box.fill(case.sentence)
    box.press("Enter")
    wait_output(page, case.cell, case.shows[0], timeout=limit_ms)
    changed = stdout(page, case.cell)
    for text in case.shows:
        assert text in changed, changed
    if case.bad:
        text, error = case.bad
        box.fill(text)
        box.press("Enter")
        page.wait_for_function(
            "([id, text]) => document.querySelector(`[data-cell-id='${id}'] .nl-output__error`)?.textContent.includes(text)",
            arg=[case.cell, error], timeout=limit_ms)
        assert wait_state(page, case.cell) == "error"
    assert page.errors == []
