"""Korean search: Material's built-in search (lunr, in a worker) finds Korean words in Chromium.

Korean attaches particles to words ("임베딩은", "임베딩을"). Material turns every query word into
a prefix query ("임베딩*"), so the stem finds them, provided the index keeps Hangul tokens whole:
lunr's English trimmer would strip them to nothing. mkdocs.yml's `search` settings take care of
that; these tests check the result in the browser, on a tiny site built with those settings and
on the real built site.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from site_support import search
from static_server import serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
HANGUL_WORD = re.compile(r"[가-힣]+")
PARTICLES = ("으로", "에서", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도")


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name tags (pymdownx options): read them as plain strings."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def project_search_config() -> dict:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "search" in plugin:
            return dict(plugin["search"] or {})
        if plugin == "search":
            return {}
    pytest.fail("mkdocs.yml has no search plugin")


# --------------------------------------------------------------------------- a page with particles only


@pytest.fixture(scope="module")
def particle_sites(tmp_path_factory):
    """The same one-page site built with the project's search settings and with lunr's trimmer."""
    sites = {}
    docs = tmp_path_factory.mktemp("docs")
    (docs / "index.md").write_text("# 시작\n\n안녕하세요.\n", encoding="utf-8")
    (docs / "embedding.md").write_text(
        "# 표현\n\n단어 임베딩은 단어를 벡터로 바꿉니다. 문서 임베딩을 만들면 분류할 수 있습니다.\n\n"
        "LSTM의 게이트는 4H 열을 씁니다.\n", encoding="utf-8")
    for name, search_config in {
        "project": project_search_config(),
        "trimmer": {**project_search_config(), "pipeline": ["trimmer", "stopWordFilter"]},
    }.items():
        folder = tmp_path_factory.mktemp(name)
        config = {
            "site_name": "search test", "docs_dir": str(docs), "site_dir": str(folder / "site"),
            "theme": {"name": "material", "language": "ko", "font": False},
            "plugins": [{"search": search_config}],
        }
        (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml")],
                                capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        assert result.returncode == 0, result.stderr
        sites[name] = serve_in_thread(folder / "site")
    yield {name: url for name, (server, url) in sites.items()}
    for server, _ in sites.values():
        server.shutdown()


def test_the_stem_finds_a_page_where_it_appears_only_with_particles(page, particle_sites):
    page.goto(particle_sites["project"] + "/")
    for query in ["임베딩", "임베딩은", "벡터", "lstm", "4H"]:
        assert search(page, query) == ["/embedding/"], query
    assert search(page, "없는낱말") == []


def test_with_lunrs_trimmer_the_same_search_finds_nothing(page, particle_sites):
    """The failure the settings prevent (and proof that the test above can fail)."""
    page.goto(particle_sites["trimmer"] + "/")
    assert search(page, "lstm") == ["/embedding/"]      # English still works...
    assert search(page, "임베딩") == []                  # ...Korean is gone


# --------------------------------------------------------------------------- the real site


def stems_with_particles_only(index: dict, limit: int = 3) -> dict[str, set[str]]:
    """Hangul stems (2+ syllables) that occur in the site only with a particle attached, and
    the pages that hold them: the hardest case for a search that matches whole words."""
    tokens_by_page: dict[str, set[str]] = {}
    for doc in index["docs"]:
        text = re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])
        page_path = "/" + doc["location"].split("#")[0]
        tokens_by_page.setdefault(page_path, set()).update(HANGUL_WORD.findall(text))
    every = set().union(*tokens_by_page.values()) if tokens_by_page else set()
    stems: dict[str, set[str]] = {}
    for token in sorted(every):
        for particle in PARTICLES:
            stem = token[: -len(particle)]
            if token.endswith(particle) and len(stem) >= 2 and stem not in every:
                stems.setdefault(stem, set())
    for stem in stems:
        stems[stem] = {p for p, tokens in tokens_by_page.items() if any(t.startswith(stem) for t in tokens)}
    # few pages each, so that all of them are on the first screen of results
    chosen = sorted((s for s in stems if len(stems[s]) <= 5), key=lambda s: (-len(stems[s]), s))[:limit]
    return {stem: stems[stem] for stem in chosen}


def test_the_built_site_finds_korean_stems(page, built_site, site_url):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "trimmer" not in index["config"]["pipeline"]
    cases = stems_with_particles_only(index)
    assert cases, "the built site has no Korean words with particles to search for"
    page.goto(site_url + "/")
    for stem, pages in cases.items():
        found = set(search(page, stem))
        assert pages <= found, f"{stem!r}: expected {sorted(pages)}, found {sorted(found)}"
    # The lecture's own example: every result for "임베딩" holds the word (with or without particle).
    embedding_pages = {"/" + d["location"].split("#")[0] for d in index["docs"] if "임베딩" in d["title"] + d["text"]}
    if embedding_pages:
        found = set(search(page, "임베딩"))
        assert found and found <= embedding_pages, f"found {sorted(found)}, pages with 임베딩: {sorted(embedding_pages)}"
