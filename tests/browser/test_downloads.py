"""A lesson page's downloads (mkdocs_hooks/notebooks.py): "노트북으로 받기" and ".py로 받기" under the
title, reachable by keyboard, named for screen readers, on a 375 px screen, under the site's CSP
(conftest's guard), and offline after one visit. tests/course/test_notebooks.py runs what they hold.
"""

from __future__ import annotations

import nbformat
from offline_support import new_context, wait_offline_ready

LESSON = "/unit2/spam/"
OTHER_LESSON = "/unit4/lstm/"


def notebook_link(page):
    return page.get_by_role("link", name="노트북으로 받기")


def python_link(page):
    return page.get_by_role("link", name=".py로 받기")


def read_notebook(download) -> nbformat.NotebookNode:
    notebook = nbformat.reads(open(download.path(), encoding="utf-8").read(), as_version=4)
    nbformat.validate(notebook)
    return notebook


def test_the_notebook_downloads_by_keyboard(browser, site_url):
    context = new_context(browser)
    page = context.new_page()
    try:
        page.goto(site_url + LESSON)
        link = notebook_link(page)
        assert link.get_attribute("download") is not None
        page.locator("h1").first.evaluate("h => { h.tabIndex = -1; h.focus(); }")
        reached = []
        for _ in range(5):                          # the title's permalink (¶) and the page bar come first
            page.keyboard.press("Tab")
            reached.append(page.evaluate("document.activeElement.textContent"))
            if reached[-1] == "노트북으로 받기":
                break
        assert reached == ["¶", "모두 실행", "Python 다시 시작", "노트북으로 받기"], f"Tab from the title reached {reached}"
        with page.expect_download() as info:
            page.keyboard.press("Enter")
        download = info.value
        assert download.suggested_filename == "unit2-spam.ipynb"
        notebook = read_notebook(download)
        assert LESSON in notebook.cells[0].source  # the address of the page it came from
        roles = [c.metadata["nlplab"]["role"] for c in notebook.cells if c.cell_type == "code"]
        assert roles[:2] == ["install", "setup"] and "starter" in roles and "solution" in roles

        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == ".py로 받기"
        with page.expect_download() as info:
            page.keyboard.press("Enter")
        script = open(info.value.path(), encoding="utf-8").read()
        compile(script, "unit2-spam.py", "exec")
        assert "# %%\n" in script and "load_spam_compact" in script
    finally:
        context.close()


def test_the_downloads_fit_a_small_screen(browser, site_url):
    context = new_context(browser, viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        page.goto(site_url + LESSON)
        for link in (notebook_link(page), python_link(page)):
            box = link.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
            assert box["height"] >= 24, f"a touch target of {box['height']:.0f} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


def test_the_downloads_work_offline_after_one_visit(browser, site_url):
    context = new_context(browser)
    page = context.new_page()
    try:
        page.goto(site_url + LESSON)
        wait_offline_ready(page)
        context.set_offline(True)
        page.goto(site_url + OTHER_LESSON)          # never visited: a full load from the cache
        with page.expect_download() as info:
            notebook_link(page).click()
        notebook = read_notebook(info.value)
        assert any("lstm_step_forward" in c.source for c in notebook.cells)
    finally:
        context.close()
