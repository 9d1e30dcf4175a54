"""The built site, read as files: a strict build is clean, every internal link resolves, and
nothing on any page makes the browser load from another host.

The site is built afresh (`mkdocs build --strict`) into a temporary folder, so these tests check
today's docs/ and mkdocs.yml, not an old site/.
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest


# Attributes whose URL a browser follows or loads, per element.
LOADED = {
    "script": ["src"], "img": ["src", "srcset"], "source": ["src", "srcset"], "iframe": ["src"],
    "video": ["src", "poster"], "audio": ["src"], "track": ["src"], "embed": ["src"],
    "object": ["data"], "input": ["src"], "image": ["href", "xlink:href"], "use": ["href", "xlink:href"],
}
LINKED = {"a": ["href"], "area": ["href"], "link": ["href"], "form": ["action"]}
# <link rel=...> values whose href the browser fetches by itself.
LOADED_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "manifest", "preload",
                    "modulepreload", "prefetch", "prerender", "preconnect", "dns-prefetch", "mask-icon"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
# In JavaScript: URLs in positions where code loads them (not comments or docs links in strings).
JS_LOAD = re.compile(
    r"""(?:\bimport\s*\(|\bimportScripts\s*\(|\bfetch\s*\(|\bnew\s+(?:Shared)?Worker\s*\(|"""
    r"""\bimport\s+[^;'"]*?\bfrom\s*|\bimport\s*|\.src\s*=\s*|\bloadPyodide\s*\(\s*\{[^}]*indexURL\s*:\s*|"""
    r"""\burl\()\s*['"`]((?:https?:)?//[^'"`\s]+)""")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


class Refs(HTMLParser):
    """Every URL an HTML document refers to: (kind, url), kind "load" or "link"; and its ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []   # (kind, tag.attr, url)
        self.ids: set[str] = set()
        self.base: str | None = None
        self._style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        if tag == "base" and attrs.get("href"):
            self.base = attrs["href"]
        rels = set((attrs.get("rel") or "").lower().split())
        for attr in LOADED.get(tag, []):
            for url in self._urls(attr, attrs.get(attr)):
                self.refs.append(("load", f"{tag}.{attr}", url))
        for attr in LINKED.get(tag, []):
            for url in self._urls(attr, attrs.get(attr)):
                kind = "load" if tag == "link" and rels & LOADED_LINK_RELS else "link"
                self.refs.append((kind, f"{tag}.{attr}", url))
        if attrs.get("style"):
            for url in css_urls(attrs["style"]):
                self.refs.append(("load", f"{tag}.style", url))
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            match = re.search(r"url=(.+)$", attrs.get("content") or "", re.I)
            if match:
                self.refs.append(("load", "meta.refresh", match.group(1).strip("'\" ")))
        self._style = tag == "style"

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if self._style:
            for url in css_urls(data):
                self.refs.append(("load", "style", url))

    @staticmethod
    def _urls(attr, value):
        if not value:
            return []
        if attr == "srcset":
            return [part.strip().split()[0] for part in value.split(",") if part.strip()]
        return [value.strip()]


def css_urls(text: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(text)]


FONT_SRC = re.compile(r"(?<![\w-])src\s*:\s*([^;}]+)")


def css_url_groups(text: str) -> list[list[str]]:
    """The URLs of a style sheet: each @font-face `src:` list as one group of fallbacks, others alone."""
    groups = []
    in_src: set[int] = set()
    for match in FONT_SRC.finditer(text):
        group = css_urls(match.group(1))
        if group:
            groups.append(group)
            in_src.update(range(match.start(1), match.end(1)))
    for match in CSS_URL.finditer(text):
        if match.start() not in in_src:
            groups.append([match.group(2) or match.group(4)])
    return groups


def parse(path: Path) -> Refs:
    refs = Refs()
    refs.feed(path.read_text(encoding="utf-8", errors="replace"))
    return refs


def is_external(url: str) -> bool:
    return bool(EXTERNAL.match(url))


def is_third_party(url: str) -> bool:
    """A URL that reaches another host: http(s) or protocol-relative (data:, blob: are local)."""
    return bool(re.match(r"^(?:https?:)?//", url.strip(), re.I))


def resolve(site: Path, page: Path, url: str) -> tuple[Path, str]:
    """The file in site/ that a relative or root-relative URL on `page` names, and its fragment."""
    parts = urlsplit(url)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        return page, fragment
    base = "/" + page.parent.relative_to(site).as_posix() + "/"
    file = site / posixpath.normpath(posixpath.join(base, path)).lstrip("/")
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, fragment


# --------------------------------------------------------------------------- the build


def test_strict_build_is_clean(fresh_build):
    fresh_site, output = fresh_build.site, fresh_build.output
    warnings = [line for line in output.splitlines() if re.match(r"^\s*(WARNING|ERROR)\b", line)]
    assert not warnings, "\n".join(warnings)
    assert (fresh_site / "index.html").is_file()
    assert (fresh_site / "search" / "search_index.json").is_file()


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def broken_links(site: Path) -> list[str]:
    """Every internal href/src (and CSS url()) of site/**/*.html and *.css that names no file or no anchor."""
    ids_cache: dict[Path, set[str]] = {}
    broken = []
    for page in html_pages(site):
        refs = parse(page)
        ids_cache[page] = refs.ids
        for kind, where, url in refs.refs:
            if is_external(url) or url.startswith("#") and not url[1:]:
                continue
            target, fragment = resolve(site, page, url)
            name = f"{page.relative_to(site)}: {where}={url!r}"
            if not target.is_file():
                broken.append(f"{name} -> no file {target.relative_to(site) if target.is_relative_to(site) else target}")
                continue
            if fragment and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = parse(target).ids
                if fragment not in ids_cache[target] and not fragment.startswith(":~:"):
                    broken.append(f"{name} -> no id {fragment!r} in {target.relative_to(site)}")
    for sheet in sorted(site.rglob("*.css")):
        for group in css_url_groups(sheet.read_text(encoding="utf-8", errors="replace")):
            internal = [url for url in group if not is_external(url)]
            if not internal:
                continue
            # A @font-face src list is a list of fallbacks: the browser takes the first format it
            # supports (woff2, in every browser we serve), so the first must resolve.
            url = internal[0]
            if not (sheet.parent / unquote(urlsplit(url).path)).resolve().is_file():
                broken.append(f"{sheet.relative_to(site)}: url({url}) -> no file")
    return broken


def test_every_internal_link_resolves(fresh_site):
    pages = html_pages(fresh_site)
    assert len(pages) >= 2
    broken = broken_links(fresh_site)
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken[:50])


def third_party_loads(site: Path) -> list[str]:
    """Every URL on another host that a page, a style sheet or a script would make the browser load."""
    found = []
    for page in html_pages(site):
        refs = parse(page)
        for kind, where, url in refs.refs:
            if kind == "load" and is_third_party(url):
                found.append(f"{page.relative_to(site)}: {where}={url}")
        if refs.base and is_third_party(refs.base):
            found.append(f"{page.relative_to(site)}: base href={refs.base}")
    for sheet in sorted(site.rglob("*.css")):
        for url in css_urls(sheet.read_text(encoding="utf-8", errors="replace")):
            if is_third_party(url):
                found.append(f"{sheet.relative_to(site)}: url({url})")
    for script in sorted([*site.rglob("*.js"), *site.rglob("*.mjs")]):
        for match in JS_LOAD.finditer(script.read_text(encoding="utf-8", errors="replace")):
            found.append(f"{script.relative_to(site)}: {match.group(0)[:120]}")
    return found


def test_no_page_loads_anything_from_another_host(fresh_site):
    found = third_party_loads(fresh_site)
    assert not found, "third-party URLs the browser would load:\n" + "\n".join(found[:50])


TOC_ENTRY = re.compile(r'<a href="#[^"]*" class="md-nav__link">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', re.S)


def raw_math_in_tables_of_contents(site: Path) -> list[str]:
    """A heading with $...$ shows its TeX source in the table of contents (Material copies the
    heading's text, not what KaTeX renders): every entry that holds \\( \\[ or $."""
    found = []
    for page in html_pages(site):
        for entry in TOC_ENTRY.findall(page.read_text(encoding="utf-8")):
            if re.search(r"\\\(|\\\[|\$", entry):
                found.append(f"{page.relative_to(site)}: {entry}")
    return found


def test_every_table_of_contents_entry_reads_as_text(fresh_site):
    found = raw_math_in_tables_of_contents(fresh_site)
    assert not found, "headings whose math shows as TeX in the table of contents (write α, not $\\alpha$):\n" + \
        "\n".join(found)


# --------------------------------------------------------------------------- the checks can fail


def test_the_checks_catch_a_broken_link_and_a_cdn(tmp_path):
    site = tmp_path / "site"
    (site / "lesson").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "ok.css").write_text(
        "body{background:url(../img/missing.png)}"
        "@font-face{font-family:A;src:url(a.woff2) format('woff2'),url(a.woff) format('woff')}"
        "@font-face{font-family:B;src:url(b.woff2) format('woff2'),url(ok.css) format('woff')}")
    (site / "assets" / "a.woff2").write_bytes(b"font")
    (site / "assets" / "cdn.js").write_text('importScripts("https://cdn.example.org/x.js"); // https://docs.example.org ok')
    (site / "index.html").write_text(
        '<a href="lesson/">ok</a> <a href="lesson/#there">ok</a> <a href="lesson/#nowhere">bad anchor</a>'
        '<a href="gone/">bad page</a> <img src="assets/none.png"> <a href="https://example.org/">navigation, fine</a>'
        '<link rel="stylesheet" href="assets/ok.css">'
        '<link rel="stylesheet" href="https://fonts.example.com/css">'
        '<script src="//cdn.example.net/lib.js"></script>'
        '<div style="background: url(\'https://img.example.com/a.png\')"></div>')
    (site / "lesson" / "index.html").write_text('<h2 id="there">x</h2><a href="../">home</a><a href="#there">x</a>')
    broken = broken_links(site)
    assert sorted(b.split(" -> ")[0] for b in broken) == sorted([
        "index.html: a.href='lesson/#nowhere'", "index.html: a.href='gone/'",
        "index.html: img.src='assets/none.png'", "assets/ok.css: url(../img/missing.png)",
        "assets/ok.css: url(b.woff2)"])
    found = third_party_loads(site)
    assert len(found) == 4, found
    assert any("fonts.example.com" in f for f in found) and any("cdn.example.org" in f for f in found)
    assert not any("example.org/\"" in f or "docs.example.org" in f for f in found)


def test_the_table_of_contents_check_catches_tex(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    entry = '<li><a href="#{0}" class="md-nav__link">\n    <span class="md-ellipsis">\n      {1}\n    </span>\n  </a></li>'
    (site / "index.html").write_text(entry.format("a", "스무딩 \\(\\alpha\\)는") + entry.format("b", "스무딩 α는")
                                     + entry.format("c", "비용 $5"), encoding="utf-8")
    assert raw_math_in_tables_of_contents(site) == ["index.html: 스무딩 \\(\\alpha\\)는", "index.html: 비용 $5"]
