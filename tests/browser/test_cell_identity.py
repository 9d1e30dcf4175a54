"""A learner's saved work stays on its cell when the course changes (Chromium).

Builds before explicit cell ids numbered the cells without one by position (`cell-3`), and kept a
learner's edit under `nlplab:v1:edit:<page>:cell-3`: one cell inserted above, and every later
edit opened in the wrong cell. Now every cell has an explicit id (mkdocs_hooks/cell_ids.py), and
mkdocs_hooks/legacy_cell_ids.json tells the page which positional id each cell had, so the
runtime moves such an edit to the cell's id (web/src/storage.ts: edits.migrateLegacy).

The test keeps a learner's storage as those builds wrote it (edits under positional keys, one
edit typed in today's build, exercise progress), then rebuilds the site from a copy of docs/
with a new cell inserted right under the page's setup cell, serves it at the same address and
reloads: every edit and the solved exercise are on the same cells as before, nothing is lost.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from browser_support import ROOT
from playground_support import cell, code, set_code
from static_server import serve_in_thread

PAGE_SOURCE = "unit1/naive-bayes.md"
PAGE = "/unit1/naive-bayes/"
NS = "unit1/naive-bayes/"                    # the runtime's key for the page (config.ts: pagePath)
EXERCISE = "u1-naive-posterior"
INSERTED = '```pycell id="inserted-above"\nprint("새로 끼워 넣은 셀")\n```\n'
LEGACY = json.loads((ROOT / "mkdocs_hooks" / "legacy_cell_ids.json").read_text(encoding="utf-8"))[PAGE_SOURCE]


def build_with_a_cell_inserted(tmp: Path) -> Path:
    """The site built from a copy of docs/ whose page has a new cell right under its setup cell."""
    docs = tmp / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("build"))
    (docs / "assets" / "build").symlink_to(ROOT / "docs" / "assets" / "build", target_is_directory=True)
    page = docs / PAGE_SOURCE
    text = page.read_text(encoding="utf-8")
    setup = re.search(r"```pycell setup[^\n]*\n.*?\n```\n", text, re.S)
    page.write_text(text[:setup.end()] + "\n" + INSERTED + text[setup.end():], encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: docs", f"docs_dir: {docs}")
    config = config.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    # Paths in mkdocs.yml are relative to it: the hooks and the folders it watches.
    config = re.sub(r"^(\s*- )(mkdocs_hooks/|mkdocs_hooks$|pysrc$|web/src$)", lambda m: f"{m.group(1)}{ROOT}/{m.group(2)}",
                    config, flags=re.M)
    (tmp / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = tmp / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=tmp, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.fixture(scope="module")
def host(built_site, tmp_path_factory):
    """One address whose files can be replaced by a rebuild, as on a real static host."""
    tmp = tmp_path_factory.mktemp("rebuild")
    current = tmp / "current"
    current.symlink_to(built_site, target_is_directory=True)
    server, url = serve_in_thread(current)

    def deploy(site: Path) -> None:
        swap = tmp / "swap"
        swap.symlink_to(site, target_is_directory=True)
        os.replace(swap, current)

    yield SimpleNamespace(url=url, deploy=deploy, rebuild=lambda: build_with_a_cell_inserted(tmp))
    server.shutdown()


def cell_snapshot(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('.nl-cell')].map(el => ({
        id: el.dataset.cellId, legacy: el.dataset.cellLegacyId || null, digest: el.dataset.cellDigest,
        edited: el.hasAttribute('data-cell-edited'), stale: el.hasAttribute('data-cell-stale'),
        kind: el.dataset.cellKind}))""")


def saved_keys(page) -> dict[str, dict]:
    return page.evaluate("""() => Object.fromEntries(Object.keys(localStorage)
        .filter(k => k.startsWith('nlplab:')).map(k => [k, JSON.parse(localStorage.getItem(k))]))""")


def test_edits_and_progress_stay_on_their_cells_when_a_cell_is_inserted_above(browser, host):
    # No service worker: it would keep serving the first build's pages from its cache.
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    try:
        page.goto(host.url + PAGE)
        page.wait_for_selector(f'[data-cell-id="{EXERCISE}"].nl-cell--live')
        before = {c["id"]: c for c in cell_snapshot(page)}
        by_legacy = {old: new for old, new in LEGACY.items()}
        assert all(before[new]["legacy"] == old for old, new in by_legacy.items()), "the page names old ids"

        # What the learner has: three edits saved by an older build (positional keys), one edit
        # typed now, and the exercise solved.
        old_edits = {old: by_legacy[old] for old in ("cell-1", "cell-6", "cell-12")}
        expected = {}
        for old, new in old_edits.items():
            mine = code(page, new) + f"\n# {new}: 내가 고친 줄"
            expected[new] = mine
            page.evaluate("([key, value]) => localStorage.setItem(key, JSON.stringify(value))",
                          [f"nlplab:v1:edit:{NS}:{old}", {"digest": before[new]["digest"], "code": mine, "savedAt": 1}])
        typed = code(page, "bayes-rule") + "\nprint('오늘 고친 셀')"
        set_code(page, "bayes-rule", typed)
        expected["bayes-rule"] = typed
        answer = code(page, EXERCISE) + "\n# 연습 문제를 푸는 중"
        set_code(page, EXERCISE, answer)
        expected[EXERCISE] = answer
        page.evaluate("([key, value]) => localStorage.setItem(key, JSON.stringify(value))",
                      [f"nlplab:v1:exercise:{NS}:{EXERCISE}", {"solved": True, "attempts": 2, "hintsShown": 1}])
        page.wait_for_timeout(600)                   # the typed edits are saved after 400 ms
        stored_before = saved_keys(page)
        assert len(stored_before) == 6, stored_before

        # The course adds a cell near the top of the page and is deployed again; the learner reloads.
        host.deploy(host.rebuild())
        page.reload()
        page.wait_for_selector(f'[data-cell-id="{EXERCISE}"].nl-cell--live')
        after = {c["id"]: c for c in cell_snapshot(page)}
        assert "inserted-above" in after and not after["inserted-above"]["edited"]
        assert code(page, "inserted-above") == 'print("새로 끼워 넣은 셀")'
        for cell_id, mine in expected.items():
            assert code(page, cell_id) == mine, cell_id
            assert after[cell_id]["edited"] and not after[cell_id]["stale"], cell_id
        unedited = [c for c in after.values() if c["edited"] and c["id"] not in expected]
        assert unedited == [], "no other cell shows an edit"
        assert page.locator(".nl-cell[data-cell-stale]").count() == 0
        assert cell(page, EXERCISE).get_attribute("data-exercise-solved") == "true"

        # Nothing lost: the same six entries, the old keys moved to the cells' ids.
        stored_after = saved_keys(page)
        assert len(stored_after) == 6, stored_after
        assert not [k for k in stored_after if re.search(r":cell-\d+$", k)]
        for old, new in old_edits.items():
            assert stored_after[f"nlplab:v1:edit:{NS}:{new}"]["code"] == expected[new]
        assert stored_after[f"nlplab:v1:exercise:{NS}:{EXERCISE}"]["solved"] is True
    finally:
        context.close()


def test_an_edit_under_both_keys_keeps_the_newer_scheme_and_loses_neither(browser, host):
    """If the cell's id already holds an edit, the old key's edit is left where it is."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    try:
        page.goto(host.url + PAGE)
        page.wait_for_selector('[data-cell-id="price-table"].nl-cell--live')
        digest = cell(page, "price-table").get_attribute("data-cell-digest")
        for key, text in ((f"nlplab:v1:edit:{NS}:cell-1", "# old"), (f"nlplab:v1:edit:{NS}:price-table", "# new")):
            page.evaluate("([key, value]) => localStorage.setItem(key, JSON.stringify(value))",
                          [key, {"digest": digest, "code": text, "savedAt": 1}])
        page.reload()
        page.wait_for_selector('[data-cell-id="price-table"].nl-cell--live')
        assert code(page, "price-table") == "# new"
        stored = saved_keys(page)
        assert stored[f"nlplab:v1:edit:{NS}:cell-1"]["code"] == "# old"
    finally:
        context.close()
