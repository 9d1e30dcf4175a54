"""Helpers of the runtime's tests on the playground page (docs/playground.md): a cell by its id,
running it as a learner does, reading what it shows."""

from __future__ import annotations

from contextlib import contextmanager

from browser_support import BOOT_MS, RUN_MS

PLAYGROUND = "/playground/"


def cell(page, cell_id):
    return page.locator(f'[data-cell-id="{cell_id}"]')


def state(page, cell_id) -> str:
    return cell(page, cell_id).get_attribute("data-cell-state")


def wait_state(page, cell_id, states=("done", "error"), timeout=RUN_MS):
    page.wait_for_function(
        "([id, states]) => states.includes(document.querySelector(`[data-cell-id='${id}']`)?.dataset.cellState)",
        arg=[cell_id, list(states)], timeout=timeout)
    return state(page, cell_id)


def click_run(page, cell_id):
    cell(page, cell_id).get_by_role("button", name="실행", exact=True).click()


def run(page, cell_id, timeout=RUN_MS) -> str:
    """Click the cell's 실행 and wait until it is done or failed; returns the final state."""
    click_run(page, cell_id)
    return wait_state(page, cell_id, timeout=timeout)


def page_bar(page):
    """The page's own toolbar (web/src/page-bar.ts): 모두 실행 and Python 다시 시작, once per page."""
    return page.get_by_role("toolbar", name="페이지 도구")


def run_all(page) -> None:
    page_bar(page).get_by_role("button", name="모두 실행", exact=True).click()


def restart(page) -> None:
    """Python 다시 시작 in the page bar (the page's variables are gone, its setup runs again)."""
    page_bar(page).get_by_role("button", name="Python 다시 시작").click()


def run_above(page, cell_id) -> None:
    """위 셀 모두 실행 from the cell's editor (Alt+Shift+Enter)."""
    cell(page, cell_id).locator(".cm-content").click()
    page.keyboard.press("Alt+Shift+Enter")


def output(page, cell_id) -> str:
    return cell(page, cell_id).locator(".nl-output").inner_text()


def code(page, cell_id) -> str:
    return page.evaluate("id => nlplabRuntime.page.cells.find(c => c.id === id).code", cell_id)


def set_code(page, cell_id, text: str) -> None:
    """Replace the editor's text as a learner would (select all, then type/paste)."""
    cell(page, cell_id).locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)


def input_field(page, cell_id):
    """The text field input() shows in the cell's output while Python waits (web/src/input-prompt.ts)."""
    return cell(page, cell_id).locator(".nl-output input.nl-input__field")


def ask(page, cell_id, code: str):
    """Run `code` in the cell and wait for its first input() question; the field."""
    set_code(page, cell_id, code)
    click_run(page, cell_id)
    input_field(page, cell_id).wait_for(timeout=BOOT_MS)
    return input_field(page, cell_id)


# An init script: counts the messages the page posts to a worker, by their type (window.__posts).
COUNT_POSTS = """
window.__posts = {};
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, ...rest) {
  if (message && message.type) window.__posts[message.type] = (window.__posts[message.type] || 0) + 1;
  return post.call(this, message, ...rest);
};
"""


def posts(page, kind: str) -> int:
    """How many messages of type `kind` ("run", "inspect", …) the page has posted to a worker
    (in a context given COUNT_POSTS as an init script)."""
    return page.evaluate("kind => window.__posts[kind] || 0", kind)


def wait_ready(page, timeout=BOOT_MS):
    page.wait_for_function("window.nlplabRuntime?.state === 'ready'", timeout=timeout)


def open_playground(context, base_url, path: str = PLAYGROUND):
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(base_url + path)
    return page


def boots(page) -> int:
    """How many times Python was booted in this tab."""
    return page.evaluate("nlplabRuntime.boots")


@contextmanager
def playground_tab(browser, base_url, record: str | None = None, prepare=None, path: str = PLAYGROUND,
                   **context_options):
    """The playground (or the page at `path`) in a fresh browser context, closed afterwards. The
    page's script errors are in `page.errors`; with `record` ("request", "requestfinished"), the URLs
    of those events are in `page.requests`; `prepare(context)` runs before the page opens (routes,
    init scripts)."""
    context = browser.new_context(**context_options)
    if prepare:
        prepare(context)
    requests: list[str] = []
    if record:
        context.on(record, lambda r: requests.append(r.url))
    page = open_playground(context, base_url, path)
    page.requests = requests
    try:
        yield page
    finally:
        context.close()


def focused(target) -> bool:
    """Whether the element of locator `target` holds the keyboard focus."""
    return target.evaluate("el => el === document.activeElement")


def tab_to(page, target, presses: int = 20) -> bool:
    """Press Tab until `target` holds the focus (at most `presses` times); whether it got there."""
    for _ in range(presses):
        if focused(target):
            return True
        page.keyboard.press("Tab")
    return focused(target)


def inside_cell(page, cell_id: str, selector: str) -> bool:
    """Whether the element `selector` inside the cell lies within the cell's left and right edges."""
    return page.evaluate("""([id, selector]) => {
        const cell = document.querySelector(`[data-cell-id="${id}"]`).getBoundingClientRect();
        const box = document.querySelector(`[data-cell-id="${id}"] ${selector}`).getBoundingClientRect();
        return box.left >= cell.left - 1 && box.right <= cell.right + 1;
    }""", [cell_id, selector])


def reload_offline(page) -> None:
    """Once the service worker controls the page, cut the network and reload: the page must come
    back from what one visit kept, and Python boot again."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=BOOT_MS)
    page.context.set_offline(True)
    page.reload()
    wait_ready(page)
    assert page.evaluate("navigator.onLine") is False
