"""정지 (Stop) in Chromium, on the playground's endless cell ("forever").

- Without cross-origin isolation there is no way to interrupt Python: Stop ends the worker, a
  new Python starts, and the cell says the variables are gone and offers to re-run the cells above.
- With isolation, Stop asks Python to raise KeyboardInterrupt and keeps asking: a busy machine or
  a long call into C may take a while, and the variables must survive that. Meanwhile the cell
  says it is stopping; after STOP_OFFER_FORCE_MS it offers 강제로 멈추기 (a restart, variables
  lost), and only after STOP_FORCE_AFTER_MS does it restart Python on its own.

How fast Stop is on a quiet machine (≤ 1 s) is measured by `make bench` (bench/stop.py), not
asserted here: these tests check what happens, whatever else the machine is doing.
"""

from __future__ import annotations

import time

from playground_support import BOOT_MS, boots, cell, click_run, output, playground_tab, run, set_code, wait_ready, wait_state

# web/src/config.ts
STOP_OFFER_FORCE_MS = 1000
STOP_FORCE_AFTER_MS = 10_000

# Code that catches KeyboardInterrupt and carries on: only a restart stops it.
STUBBORN = "while True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        pass\n"


def start_endless(page, body: str | None = None) -> None:
    if body is not None:
        set_code(page, "forever", body)
    click_run(page, "forever")
    wait_state(page, "forever", ("running",))
    page.wait_for_timeout(300)                 # inside its loop


def press_stop(page) -> float:
    cell(page, "forever").get_by_role("button", name="정지").click()
    return time.monotonic()


def status(page) -> str:
    return cell(page, "forever").locator(".nl-cell__status").inner_text()


def test_stop_without_isolation_ends_the_worker_and_offers_the_cells_above(browser, site_url):
    with playground_tab(browser, site_url) as page:
        assert page.evaluate("crossOriginIsolated") is False
        wait_ready(page)
        start_endless(page)
        started = press_stop(page)
        wait_state(page, "forever", ("error",), timeout=BOOT_MS)
        print(f"\nStop without isolation: {time.monotonic() - started:.2f} s")
        notice = cell(page, "forever").locator(".nl-output .nl-notice").inner_text()
        assert "Python을 다시 시작했습니다" in notice and "변수" in notice
        assert status(page) == "정지 버튼으로 실행을 멈췄습니다 (Python 다시 시작).", status(page)
        assert boots(page) == 2
        # The page stays usable: "위 셀 다시 실행" re-runs the cells above on the fresh Python.
        cell(page, "forever").get_by_role("button", name="위 셀 다시 실행").click()
        wait_state(page, "first", ("done",), timeout=BOOT_MS)
        assert "x = [0 1 2 3 4]" in output(page, "first")
        assert page.errors == []


def test_stop_with_isolation_interrupts_python_and_keeps_its_variables(browser, isolated_site_url):
    with playground_tab(browser, isolated_site_url) as page:
        assert page.evaluate("crossOriginIsolated") is True
        wait_ready(page)
        assert run(page, "first") == "done"
        for body in ("n = 0\nwhile True:\n    n += 1\n", "import time\ntime.sleep(30)\n",
                     # Cleanup that itself runs long after the first KeyboardInterrupt is asked again.
                     "try:\n    while True:\n        pass\nexcept KeyboardInterrupt:\n    while True:\n        pass\n"):
            start_endless(page, body)
            started = press_stop(page)
            wait_state(page, "forever", ("error",), timeout=STOP_FORCE_AFTER_MS + BOOT_MS)
            print(f"\nStop with isolation ({body.splitlines()[-1].strip()}): {time.monotonic() - started:.2f} s")
            assert "KeyboardInterrupt" in output(page, "forever"), body
            assert status(page) == "정지 버튼으로 실행을 멈췄습니다 (KeyboardInterrupt).", (body, status(page))
            assert boots(page) == 1, f"the interrupt took, no restart: {body}"
        assert run(page, "second") == "done", "x from before the Stop still exists"
        assert "y = [0 2 4 6 8]" in output(page, "second")
        assert page.errors == []


def test_python_that_will_not_stop_is_offered_a_forced_stop_and_is_restarted_after_a_while(
        browser, isolated_site_url):
    with playground_tab(browser, isolated_site_url) as page:
        wait_ready(page)
        assert run(page, "first") == "done"

        # The learner chooses: 강제로 멈추기, offered once the interrupt has not taken for a second.
        start_endless(page, STUBBORN)
        press_stop(page)
        page.wait_for_function("() => document.querySelector('[data-cell-id=forever] .nl-cell__status')"
                               ".textContent.includes('멈추는 중')", timeout=5_000)
        assert cell(page, "forever").get_attribute("data-cell-state") == "running"
        force = cell(page, "forever").get_by_role("button", name="강제로 멈추기")
        force.wait_for(timeout=STOP_FORCE_AFTER_MS)
        note = cell(page, "forever").locator(".nl-notice--warning").first.inner_text()
        assert note.startswith("Python이 아직 멈추지 않았습니다.") and "변수가 그대로 남습니다" in note, note
        assert boots(page) == 1, "nothing restarts while the learner may still wait"
        force.click()
        wait_state(page, "forever", ("error",), timeout=5_000)
        assert boots(page) == 2
        assert "Python을 다시 시작했습니다" in cell(page, "forever").locator(".nl-output .nl-notice").inner_text()
        assert status(page) == "정지 버튼으로 실행을 멈췄습니다 (Python 다시 시작).", status(page)
        assert cell(page, "forever").get_by_role("button", name="강제로 멈추기").count() == 0

        # The learner waits: after STOP_FORCE_AFTER_MS the page restarts Python by itself.
        wait_ready(page)
        start_endless(page, STUBBORN)
        started = press_stop(page)
        wait_state(page, "forever", ("error",), timeout=STOP_FORCE_AFTER_MS + BOOT_MS)
        waited = time.monotonic() - started
        assert waited >= STOP_FORCE_AFTER_MS / 1000 - 0.5, f"restarted after {waited:.1f} s"
        assert boots(page) == 3
        assert status(page) == "정지 버튼으로 실행을 멈췄습니다 (Python 다시 시작).", status(page)
        assert cell(page, "forever").get_by_role("button", name="위 셀 다시 실행").count() == 1
        assert page.errors == []
