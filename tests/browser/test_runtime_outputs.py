"""What a cell shows, in Chromium: outputs in the order they happened, Korean in plots.

Driven through the playground (docs/playground.md): its cells are rewritten as a learner would.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from playground_support import BOOT_MS, cell, open_playground, output, run, set_code, wait_ready


@pytest.fixture(scope="module")
def pg(browser, site_url):
    context = browser.new_context()
    page = open_playground(context, site_url)
    wait_ready(page)
    yield SimpleNamespace(page=page)
    context.close()


def children(page, cell_id) -> list[dict]:
    """The output area's children in order: kind ("stdout", "figure", ...) and text."""
    return page.evaluate("""id => [...document.querySelector(`[data-cell-id='${id}'] .nl-output`).children]
        .map(el => ({kind: el.tagName === 'FIGURE' ? 'figure' : el.className.replace(/.*nl-output__/, ''),
                     text: el.textContent}))""", cell_id)


ORDER_CODE = """\
import matplotlib.pyplot as plt
for i in range(12):
    print(f"줄 {i}")
plt.plot([1, 3, 2])
plt.show()
print("그림 다음 줄")
plt.figure()
plt.plot([2, 1])
print("마지막 줄")
"""


def test_printed_lines_and_figures_appear_in_the_order_they_happened(pg):
    """Twelve quick prints are batched in the worker; the batch must go out before the figure
    (plt.show() in the middle, and the figure sent when the cell ends)."""
    page = pg.page
    set_code(page, "text-only", ORDER_CODE)
    assert run(page, "text-only", timeout=BOOT_MS) == "done"
    parts = children(page, "text-only")
    kinds = [p["kind"] for p in parts]
    assert kinds == ["stdout", "figure", "stdout", "figure"], parts
    first, _, middle, _ = parts
    assert first["text"] == "".join(f"줄 {i}\n" for i in range(12)), first["text"]
    assert middle["text"] == "그림 다음 줄\n마지막 줄\n", middle["text"]
    cell(page, "text-only").get_by_role("button", name="되돌리기").click()


FONT_CODE = """\
import warnings
warnings.simplefilter("always")
import numpy as np
import matplotlib.pyplot as plt
from matplotlib import font_manager

words = ["나는", "학교에", "간다", "똠방각하"]
fig, ax = plt.subplots(figsize=(4, 3))
ax.imshow(np.arange(16).reshape(4, 4))
ax.set_xticks(range(4), words)
ax.set_yticks(range(4), words)
ax.set_title("어휘 히트맵: 단어 쌍의 빈도 -1")
fig.canvas.draw()
used = font_manager.findfont(font_manager.FontProperties(family=plt.rcParams["font.family"]))
print("font:", font_manager.FontProperties(fname=used).get_name(), used)
print("family:", plt.rcParams["font.family"], "minus:", plt.rcParams["axes.unicode_minus"])
fallbacks = font_manager.fontManager._find_fonts_by_props(
    font_manager.FontProperties(family=plt.rcParams["font.family"]))
print("fallbacks:", [font_manager.FontProperties(fname=f).get_name() for f in fallbacks])
"""


def test_korean_plot_labels_use_the_course_font_without_glyph_warnings(pg):
    page = pg.page
    set_code(page, "plot", FONT_CODE)
    assert run(page, "plot", timeout=BOOT_MS) == "done"
    out = output(page, "plot")
    assert "Glyph" not in out and "missing" not in out, out
    assert "font: NLPLab Gothic /opt/nlplab/fonts/NLPLabGothic.ttf" in out, out
    assert "family: ['NLPLab Gothic', 'DejaVu Sans'] minus: False" in out, out
    assert "fallbacks: ['NLPLab Gothic', 'DejaVu Sans']" in out, out
    assert cell(page, "plot").locator(".nl-output img").count() == 1
    cell(page, "plot").get_by_role("button", name="되돌리기").click()


def test_without_the_font_hangul_would_be_missing(pg):
    """The check above can fail: DejaVu Sans alone reports the missing Hangul glyphs."""
    page = pg.page
    code = ("import warnings\nwarnings.simplefilter('always')\nimport matplotlib.pyplot as plt\n"
            "with plt.rc_context({'font.family': ['DejaVu Sans']}):\n"
            "    fig, ax = plt.subplots()\n    ax.set_title('한국어')\n    fig.canvas.draw()\n")
    set_code(page, "plot", code)
    assert run(page, "plot", timeout=BOOT_MS) == "done"
    assert "Glyph" in output(page, "plot") and "missing" in output(page, "plot")
    cell(page, "plot").get_by_role("button", name="되돌리기").click()


def test_the_font_and_its_licence_are_served_beside_each_other(pg, site_url):
    page = pg.page
    info = page.evaluate("""async base => {
        const font = await fetch(base + '/assets/build/fonts/NLPLabGothic.ttf');
        const licence = await fetch(base + '/assets/build/fonts/OFL.txt');
        return {font: font.status, size: (await font.arrayBuffer()).byteLength,
                licence: licence.status, text: await licence.text()};
    }""", site_url)
    assert info["font"] == 200 and 200_000 < info["size"] < 2_000_000, json.dumps(info)[:200]
    assert info["licence"] == 200 and "SIL OPEN FONT LICENSE" in info["text"]
    assert "Reserved Font Name" in info["text"] and "NLPLab Gothic" in info["text"]
