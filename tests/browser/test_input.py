"""input() in a cell (web/src/input-prompt.ts, input-channel.ts, py/nl_output.py: ask_in_page).

On a cross-origin isolated page input(prompt) shows the prompt and a labelled text field at the
end of the cell's output, takes the focus there, and Python waits on shared memory until Enter
sends the answer (echoed after the prompt, as a terminal shows it); Esc or 정지 cancel with
KeyboardInterrupt. Without isolation input() raises a Korean error that says how to get it.
These tests use a host that sends COOP/COEP itself; test_isolation.py shows the same input()
on a plain host once the service worker isolates the page.
"""

from __future__ import annotations

from playground_support import (ask, boots, cell, input_field, output, playground_tab, run, set_code,
                                wait_ready, wait_state)

CELL = "forever"
ASK = 'name = input("이름: ")\nprint(f"안녕하세요, {name}님")\n'


def field(page):
    return input_field(page, CELL)


def lines(page) -> list[str]:
    """The cell's output, line by line (an echoed prompt keeps its trailing space: dropped here)."""
    return [line.rstrip() for line in output(page, CELL).splitlines()]


def focused_field_id(page) -> str:
    return page.evaluate("document.activeElement?.classList.contains('nl-input__field') ? document.activeElement.id : ''")


def test_input_asks_in_the_cell_echoes_the_answer_and_python_goes_on(browser, isolated_site_url):
    with playground_tab(browser, isolated_site_url) as page:
        assert page.evaluate("crossOriginIsolated") is True
        wait_ready(page)
        box = ask(page, CELL, ASK)
        # Labelled by its prompt, described by the keys, and holding the focus.
        assert box.get_attribute("id") == focused_field_id(page)
        label = cell(page, CELL).get_by_label("이름:")
        assert label.count() == 1 and label.get_attribute("id") == box.get_attribute("id")
        assert "Enter" in page.locator("#" + box.get_attribute("aria-describedby")).inner_text()
        assert cell(page, CELL).locator(".nl-cell__status").inner_text() == "입력을 기다리는 중…"
        # Python waits in the worker; the job is still running.
        assert cell(page, CELL).get_attribute("data-cell-state") == "running"
        page.keyboard.type("한국어 학습자")
        page.keyboard.press("Enter")
        assert wait_state(page, CELL) == "done", output(page, CELL)
        assert lines(page) == ["이름: 한국어 학습자", "안녕하세요, 한국어 학습자님"]
        assert field(page).count() == 0
        # The answer is a variable like any other.
        set_code(page, CELL, "print(len(name), repr(name))")
        assert run(page, CELL) == "done"
        assert output(page, CELL).strip() == "7 '한국어 학습자'"
        assert boots(page) == 1 and page.errors == []


def test_several_questions_in_one_run_and_an_enter_inside_an_ime_composition_does_not_send(browser, isolated_site_url):
    loop = ("words = []\nwhile True:\n    word = input(f'단어 {len(words) + 1}: ')\n    if not word:\n        break\n"
            "    words.append(word)\nprint(' / '.join(words))\n")
    with playground_tab(browser, isolated_site_url) as page:
        wait_ready(page)
        cdp = page.context.new_cdp_session(page)
        first = ask(page, CELL, loop)
        first_id = first.get_attribute("id")
        assert cell(page, CELL).get_by_label("단어 1:").count() == 1
        # A Hangul syllable still being composed (an IME's marked text): Enter picks it, not the answer.
        cdp.send("Input.imeSetComposition", {"text": "강", "selectionStart": 1, "selectionEnd": 1})
        page.keyboard.press("Enter")
        assert field(page).count() == 1 and field(page).get_attribute("id") == first_id, "sent mid-composition"
        cdp.send("Input.insertText", {"text": "강아지"})         # the IME commits
        assert field(page).input_value() == "강아지"
        page.keyboard.press("Enter")
        # The next question gets a new field, and the focus with it.
        page.wait_for_function("id => { const f = document.querySelector('[data-cell-id=forever] .nl-input__field');"
                               " return f && f.id !== id && document.activeElement === f; }", arg=first_id)
        assert cell(page, CELL).get_by_label("단어 2:").count() == 1
        page.keyboard.type("고양이")
        page.keyboard.press("Enter")
        cell(page, CELL).get_by_label("단어 3:").wait_for()
        page.keyboard.press("Enter")                              # empty: the loop ends
        assert wait_state(page, CELL) == "done", output(page, CELL)
        assert lines(page) == ["단어 1: 강아지", "단어 2: 고양이", "단어 3:", "강아지 / 고양이"]
        assert page.errors == []


def test_esc_and_stop_cancel_with_keyboard_interrupt_and_the_variables_stay(browser, isolated_site_url):
    with playground_tab(browser, isolated_site_url) as page:
        wait_ready(page)
        assert run(page, "first") == "done"
        status = cell(page, CELL).locator(".nl-cell__status")

        # Esc: KeyboardInterrupt, said as a cancelled question; code may catch it like Ctrl+C.
        ask(page, CELL, "answer = input('계속할까요? ')\nprint('받음', answer)\n")
        page.keyboard.press("Escape")
        assert wait_state(page, CELL) == "error"
        assert status.inner_text() == "입력을 취소해 실행을 멈췄습니다 (KeyboardInterrupt).", status.inner_text()
        assert lines(page)[0] == "계속할까요?"
        assert "받음" not in output(page, CELL) and field(page).count() == 0
        ask(page, CELL, "try:\n    input('아무거나: ')\nexcept KeyboardInterrupt:\n    print('취소를 잡았습니다')\n")
        page.keyboard.press("Escape")
        assert wait_state(page, CELL) == "done"
        assert lines(page) == ["아무거나:", "취소를 잡았습니다"]

        # 정지 while Python waits: the same KeyboardInterrupt, no restart, x is still there.
        ask(page, CELL, "input('기다리는 중: ')\n")
        cell(page, CELL).get_by_role("button", name="정지").click()
        assert wait_state(page, CELL) == "error"
        assert status.inner_text() == "정지 버튼으로 실행을 멈췄습니다 (KeyboardInterrupt).", status.inner_text()
        assert field(page).count() == 0
        assert boots(page) == 1, "input() was interrupted, Python not restarted"
        assert run(page, "second") == "done" and "y = [0 2 4 6 8]" in output(page, "second")
        assert page.errors == []


def test_without_isolation_input_says_how_to_get_it(browser, site_url):
    with playground_tab(browser, site_url) as page:
        assert page.evaluate("crossOriginIsolated") is False
        wait_ready(page)
        set_code(page, CELL, "name = input('이름: ')\n")
        assert run(page, CELL) == "error"
        text = output(page, CELL)
        assert "RuntimeError: input()은 이 페이지에서 아직 쓸 수 없습니다" in text, text
        assert "페이지를 새로 고친 뒤 셀을 다시 실행해 보세요" in text and "값을 코드에 직접 적어 주세요" in text, text
        assert 'File "<셀' in text and "nl_output" not in text, "only the learner's frame is shown"
        assert field(page).count() == 0 and boots(page) == 1
