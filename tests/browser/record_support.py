"""Helpers of the tests of the learner's kept work (web/src/storage.ts) on the course map page
(web/src/course-map.ts) and in its learning record file (web/src/progress-file.ts)."""

from __future__ import annotations

import json

from browser_support import RUN_MS

MAP = "/progress/"
EXPORT = "내 학습 기록 내보내기"
IMPORT = "학습 기록 가져오기"

# Kept items as storage.ts writes them: (kind, page, id) -> value.
SOLVED = {"solved": True, "attempts": 2, "hintsShown": 1}
RIGHT = {"prediction": "11808", "correct": True, "message": "", "savedAt": 1_700_000_000_000}


def key(kind: str, page: str, item_id: str) -> str:
    """The localStorage key storage.ts keeps an item under (`keptKey`)."""
    return f"nlplab:v1:{kind}:{page}:{item_id}"


def seed(context, items: dict[tuple[str, str, str], dict]) -> None:
    """Keep `items` in every page the context opens, before the page's scripts run (once per context:
    a reload keeps what the page changed since)."""
    stored = {key(*k): json.dumps(v) for k, v in items.items()}
    context.add_init_script(f"""if (!sessionStorage.getItem('nl-seeded')) {{
        sessionStorage.setItem('nl-seeded', '1');
        for (const [k, v] of Object.entries({json.dumps(stored)})) localStorage.setItem(k, v);
    }}""")


def kept(page) -> dict[str, object]:
    """Everything the course keeps in this browser, by key."""
    return page.evaluate("""() => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('nlplab:v1:'))
        .map(k => [k, JSON.parse(localStorage.getItem(k))]))""")


def open_map(page, base: str) -> None:
    # Playwright takes over the page's file choosers once a listener exists; it does so asynchronously,
    # so a key press right after expect_file_chooser() could meet the browser's own chooser. One
    # listener for the page's whole life keeps them taken over from the start.
    page.on("filechooser", lambda chooser: None)
    page.goto(base + MAP)
    page.locator(".nl-course-map[data-map-ready]").wait_for(timeout=RUN_MS)


def map_entry(page, url: str):
    """The map's line of the page at `url` (relative to the site root, e.g. "unit4/gru/")."""
    return page.locator(f'.nl-map__page[data-map-page="{url}"]')


def message(page) -> str:
    return page.locator(".nl-map__message").inner_text()


def choose_file(page, text: str, name: str = "record.json", by_keyboard: bool = False) -> None:
    """Press 학습 기록 가져오기 (a click, or Enter once the button has the focus) and give the file chooser `text`."""
    target = page.get_by_role("button", name=IMPORT, exact=True)
    with page.expect_file_chooser() as chooser:
        if by_keyboard:
            page.keyboard.press("Enter")
        else:
            target.click()
    chooser.value.set_files({"name": name, "mimeType": "application/json", "buffer": text.encode("utf-8")})


def export_record(page) -> dict:
    """Press 내 학습 기록 내보내기; the downloaded file, parsed (its name is checked too)."""
    with page.expect_download() as download:
        page.get_by_role("button", name=EXPORT, exact=True).click()
    assert download.value.suggested_filename.startswith("nlplab-learning-record-")
    assert download.value.suggested_filename.endswith(".json")
    with open(download.value.path(), encoding="utf-8") as file:
        return json.load(file)
