"""The course map's manifest (mkdocs_hooks/course_map.py), as the built progress page carries it: every
page of the nav in order, and every exercise and prediction the pages' fences hold, none typed by hand."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mkdocs_hooks.cell_format import page_cells
from mkdocs_hooks.course_map import DATA_CLASS, manifest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def built_manifest(site: Path) -> dict:
    html = (site / "progress" / "index.html").read_text(encoding="utf-8")
    found = re.search(rf'<div class="nl-course-map"><template class="{DATA_CLASS}"[^>]*>(.*?)</template>', html, re.S)
    assert found, "the progress page carries no manifest inside its .nl-course-map"
    return json.loads(found.group(1))


def url_of(md: Path) -> str:
    """docs/unit4/gru.md → "unit4/gru/", docs/unit4/index.md → "unit4/", docs/index.md → "" (the runtime's pagePath)."""
    rel = md.relative_to(DOCS).with_suffix("").as_posix()
    return "" if rel == "index" else rel.removesuffix("index") if rel.endswith("/index") else rel + "/"


@pytest.fixture(scope="module")
def pages(fresh_site) -> dict[str, dict]:
    found = built_manifest(fresh_site)
    listed = [page for unit in found["units"] for page in unit["pages"]]
    urls = [page["url"] for page in listed]
    assert len(urls) == len(set(urls)), "a page is listed twice"
    return {page["url"]: page for page in listed}


def test_every_exercise_and_prediction_of_every_page_is_in_the_manifest(pages):
    checked = 0
    for md in sorted(DOCS.rglob("*.md")):
        if "assets" in md.relative_to(DOCS).parts:
            continue
        cells = page_cells(md.read_text(encoding="utf-8"))
        exercises = [c.exercise for c in cells if c.exercise]
        predictions = [c.key for c in cells if c.prediction is not None]
        if not exercises and not predictions:
            continue
        url = url_of(md)
        assert url in pages, f"{md.relative_to(DOCS)} has exercises or predictions but is not on the map"
        assert pages[url]["exercises"] == exercises, url
        assert pages[url]["predictions"] == predictions, url
        assert set(exercises) <= set(pages[url]["cells"]), url
        checked += len(exercises) + len(predictions)
    assert checked >= 50, f"only {checked} exercises and predictions found: is docs/ complete?"


def test_the_units_follow_the_nav_and_link_to_pages_that_were_built(fresh_site, pages):
    units = built_manifest(fresh_site)["units"]
    titles = [unit["title"] for unit in units]
    assert titles[:5] == ["Unit 1 · 임베딩 깊이 살펴보기", "Unit 2 · 문서 임베딩과 분류", "Unit 3 · 순환신경망",
                          "Unit 4 · LSTM", "더 나아가기 · 학습하는 단어 임베딩"]
    assert [p["url"] for p in units[0]["pages"]] == ["unit1/", "unit1/dummy-variables/", "unit1/naive-bayes/",
                                                     "unit1/smoothing/"]
    assert units[0]["pages"][1]["title"] == "범주형 변수와 더미 변수"
    for url in pages:
        assert (fresh_site / url / "index.html").is_file(), url
    assert "progress/" not in pages, "the map lists itself"
    assert pages["playground/"]["exercises"] == ["softmax"]


class _Page:
    """What manifest() reads of a MkDocs page."""
    is_page, is_section = True, False

    def __init__(self, title: str, src: str, url: str):
        self.title, self.url = title, url
        self.file = type("File", (), {"src_uri": src})()


class _Section:
    is_page, is_section = False, True

    def __init__(self, title: str, children: list):
        self.title, self.children = title, children


def test_the_manifest_counts_setup_readonly_and_exercise_cells_as_the_runtime_keeps_them():
    text = {"a.md": '```pycell setup id="s"\nx = 1\n```\n\n```pycell id="shown" predict\ny = 2\n#| predict\n'
                    'question: y?\nvalue: y\nanswer: 2\n```\n\n```pycell id="ro" readonly\nprint(1)\n```\n\n'
                    '```pycell exercise="ex-1"\nz = 0\n#| check\nassert z == 1\n#| solution\nz = 1\n```\n',
            "b.md": "# 글만 있는 페이지\n",
            "progress.md": "# 학습 현황\n"}
    nav = [_Section("단원", [_Page("가", "a.md", "a/")]), _Page("나", "b.md", "b/"), _Page("지도", "progress.md", "progress/")]
    found = manifest(nav, lambda page: text[page.file.src_uri])
    assert found == {"units": [{"title": "단원", "pages": [
        {"title": "가", "url": "a/", "cells": ["shown", "ex-1"], "exercises": ["ex-1"], "predictions": ["shown"]}]}]}
