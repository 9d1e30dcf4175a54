"""The course map's manifest (docs/progress.md, 학습 현황): every page in the nav's order with the
ids the learner's work is kept under, taken from the pages' own fences, so no total is typed by hand.

The manifest travels inside the map page itself, in an inert <template class="nl-course-map-data">
(cell_html.json_data) in the page's `<div class="nl-course-map">`: the service worker precaches
every page the sitemap lists, so the map works offline after one visit with no file of its own.
web/src/course-map.ts reads it and counts what localStorage holds (web/src/storage.ts keys:
`<page url>` is the page's namespace, the id a cell's id or an exercise's name).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from mkdocs_hooks.cell_format import page_cells  # noqa: E402
from mkdocs_hooks.cell_html import json_data  # noqa: E402

MAP_PAGE = "progress.md"
PLACEHOLDER = '<div class="nl-course-map"></div>'
DATA_CLASS = "nl-course-map-data"
OTHER_PAGES = "그 밖의 페이지"


def page_entry(title: str, url: str, markdown_text: str) -> dict:
    """One page: its title, its URL below the site root (the runtime's namespace key) and its ids."""
    cells = page_cells(markdown_text)
    return {
        "title": title,
        "url": url,
        "cells": [c.key for c in cells if not c.setup and not c.readonly],
        "exercises": [c.exercise for c in cells if c.exercise],
        "predictions": [c.key for c in cells if c.prediction is not None],
    }


def manifest(nav_items, read_markdown) -> dict:
    """Units in nav order: each section of the nav is a unit; top-level pages with work to keep
    (not the map itself) are gathered at the end. `read_markdown(page)` gives a page's Markdown."""
    units, others = [], []
    for item in nav_items:
        if getattr(item, "is_section", False):
            pages = [page_entry(p.title, p.url, read_markdown(p)) for p in item.children if getattr(p, "is_page", False)]
            units.append({"title": item.title, "pages": pages})
        elif getattr(item, "is_page", False) and item.file.src_uri != MAP_PAGE:
            entry = page_entry(item.title, item.url, read_markdown(item))
            if entry["cells"]:
                others.append(entry)
    if others:
        units.append({"title": OTHER_PAGES, "pages": others})
    return {"units": units}


_manifest: dict = {}


def on_nav(nav, config, files):
    _manifest.clear()
    _manifest.update(manifest(nav.items, lambda page: Path(page.file.abs_src_path).read_text(encoding="utf-8")))
    return nav


def on_page_content(html, page, config, files):
    if page.file.src_uri != MAP_PAGE:
        return html
    from mkdocs.exceptions import PluginError

    if PLACEHOLDER not in html:
        raise PluginError(f"{MAP_PAGE}: the course map needs `{PLACEHOLDER}` where the map goes")
    filled = PLACEHOLDER.replace("></div>", ">" + json_data(_manifest, DATA_CLASS) + "</div>")
    return html.replace(PLACEHOLDER, filled, 1)
