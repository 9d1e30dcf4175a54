"""The search index holds each cell's code once (its highlighted listing), never the cell's
JSON payload (<template class="nl-cell-data">: code, check, solution, hint HTML).

The site is built afresh into a temporary folder (conftest's `fresh_site`), so this checks today's
hook and docs/.
"""

from __future__ import annotations

import html
import json
import re

TEMPLATE = re.compile(r'<template class="nl-cell-data"[^>]*>(.*?)</template>', re.S)
TAG = re.compile(r"<[^>]+>")


def page_text(docs: list[dict], page: str) -> str:
    """The indexed text of one page (all its sections), tags removed, entities decoded."""
    parts = [d["title"] + "\n" + d["text"] for d in docs if d["location"].split("#")[0] == page]
    return html.unescape(TAG.sub("", "\n".join(parts)))


def visible_text(page_html: str) -> str:
    """The page's text without the cells' payloads, tags removed, entities decoded."""
    return html.unescape(TAG.sub("", TEMPLATE.sub("", page_html)))


def test_cell_payloads_stay_out_of_the_index_and_code_is_indexed_once(fresh_site):
    docs = json.loads((fresh_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    everything = "\n".join(d["text"] for d in docs)
    # The payload's JSON keys (escaped or not) never reach the index.
    for marker in ('"code":', "&quot;code&quot;:", '"hints": [', "\\u003c"):
        assert marker not in everything, f"cell payload text {marker!r} is in the search index"

    checked = 0
    for page_file in sorted(fresh_site.rglob("index.html")):
        rel = page_file.relative_to(fresh_site).as_posix()
        if rel.startswith("assets/"):
            continue
        source = page_file.read_text(encoding="utf-8")
        payloads = [json.loads(html.unescape(m)) for m in TEMPLATE.findall(source)]
        if not payloads:
            continue
        page = rel[: -len("index.html")]
        indexed, shown = page_text(docs, page), visible_text(source)
        for payload in payloads:
            lines = [line.strip() for line in payload["code"].splitlines() if len(line.strip()) >= 16]
            if not lines:
                continue
            line = max(lines, key=len)
            # Searchable (from the listing), and no more often than the page shows it.
            assert line in indexed, f"{page}: code line {line!r} is not in the search index"
            assert indexed.count(line) <= shown.count(line), (
                f"{page}: {line!r} is indexed {indexed.count(line)} times but shown {shown.count(line)}")
            checked += 1
    assert checked >= 10, f"only {checked} cells checked: did the build render any pycell?"


def test_the_check_sees_a_payload_in_the_index():
    """The comparison above can fail: an index that holds the payload too counts the line twice."""
    code = "weights = np.linspace(0.0, 1.0, 11)"
    payload = json.dumps({"code": code})
    page_html = f'<template class="nl-cell-data">{payload}</template><pre><code>{code}</code></pre>'
    docs = [{"location": "p/", "title": "T", "text": f"{payload}<pre><code>{code}</code></pre>"}]
    assert page_text(docs, "p/").count(code) == 2 > visible_text(page_html).count(code) == 1
