"""Helpers of the site-wide browser tests: Material's search box, and the page's policy as stated."""

from __future__ import annotations

from urllib.parse import urlsplit

POLICY_META = 'meta[http-equiv="Content-Security-Policy"]'


def directives(policy: str) -> dict[str, list[str]]:
    """A Content-Security-Policy as {directive: [sources]}."""
    return {words[0]: words[1:] for words in (part.split() for part in policy.split(";")) if words}


def search(page, query: str) -> list[str]:
    """Type `query` into Material's search box; the result links (page paths, without ?h= or #)."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.keyboard.press("/")           # Material's shortcut that opens search
    meta = page.locator(".md-search-result__meta")
    box.fill("")
    box.press("End")                       # Material reads the query on keyup
    page.wait_for_function("el => el.textContent.includes('검색어를 입력하세요')",
                           arg=meta.element_handle(), timeout=60_000)
    box.fill(query)
    box.press("End")
    # Every answer, with or without results, says "…일치하는 문서…"; the placeholder does not.
    # Until the index is built Material keeps the placeholder, so this also waits for the index.
    page.wait_for_function("el => el.textContent.includes('일치하는 문서')",
                           arg=meta.element_handle(), timeout=60_000)
    hrefs = page.eval_on_selector_all(".md-search-result__list a", "links => links.map(a => a.href)")
    return sorted({urlsplit(href).path for href in hrefs})
