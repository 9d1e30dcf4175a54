"""The course's cells natively, in what the browser worker provides.

Every test here gets Agg plots, the site's data folder and a scratch working directory
(`course_environment`), and the session the same Korean font as in the browser, when it is built:
web/src/py/nl_korean_font.py, which the worker applies right after `import matplotlib`, applied
here once per session, so native runs draw Korean labels instead of boxes and "Glyph ... missing"
warnings. Without the built font only the minus sign changes; without matplotlib, nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "web" / "src" / "py"))
from nl_korean_font import FILE, restore, use_korean_font  # noqa: E402

FONT = ROOT / "docs" / "assets" / "build" / "fonts" / FILE


@pytest.fixture(scope="session", autouse=True)
def korean_plot_font():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        yield None
        return
    replaced = use_korean_font(FONT)
    yield FONT
    restore(replaced)


@pytest.fixture(autouse=True)
def course_environment(monkeypatch, tmp_path):
    """What the browser worker provides: Agg plots, the site's data folder, a scratch cwd."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("NLPLAB_COURSE_DATA", str(ROOT / "docs" / "assets" / "build" / "data"))
    monkeypatch.chdir(tmp_path)
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
