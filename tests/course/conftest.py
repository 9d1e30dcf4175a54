"""The course's cells natively, in what the browser worker provides.

Every test here gets Agg plots, the site's data folder and a scratch working directory
(`course_environment`), and the session the same Korean font as in the browser, when it is built.

The browser's worker registers docs/assets/build/fonts/NLPLabGothic.ttf (scripts/build_assets.py)
right after `import matplotlib` (web/src/py/nl_runtime.py: configure_matplotlib); here it is
registered once per session, so native runs draw Korean labels instead of boxes and
"Glyph ... missing" warnings. Without the built font, or without matplotlib, nothing changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "docs" / "assets" / "build" / "fonts" / "NLPLabGothic.ttf"
FAMILY = "NLPLab Gothic"


@pytest.fixture(scope="session", autouse=True)
def korean_plot_font():
    if not FONT.is_file():
        yield None
        return
    try:
        import matplotlib
        from matplotlib import font_manager
    except ImportError:
        yield None
        return
    font_manager.fontManager.addfont(str(FONT))
    settings = {"font.family": [FAMILY, "DejaVu Sans"], "axes.unicode_minus": False}
    saved = [(params, {key: params[key] for key in settings})
             for params in (matplotlib.rcParams, matplotlib.rcParamsDefault, matplotlib.rcParamsOrig)]
    for params, _ in saved:
        params.update(settings)
    yield FONT
    for params, before in saved:
        params.update(before)


@pytest.fixture(autouse=True)
def course_environment(monkeypatch, tmp_path):
    """What the browser worker provides: Agg plots, the site's data folder, a scratch cwd."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("NLPLAB_COURSE_DATA", str(ROOT / "docs" / "assets" / "build" / "data"))
    monkeypatch.chdir(tmp_path)
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
