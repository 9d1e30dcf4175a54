"""Korean text in matplotlib: the course's font, registered and made the default family.

The font is a subset of NanumGothic renamed "NLPLab Gothic" (scripts/assets/font.py makes it as
docs/assets/build/fonts/NLPLabGothic.ttf); DejaVu Sans stays the fallback for symbols. The worker
applies it right after `import matplotlib` (nl_imports); the native runs of the course's cells
(tests/course/conftest.py, bench/course_cells.py) apply the same, so their plots look alike.
"""

from __future__ import annotations

import os

FAMILY = "NLPLab Gothic"
FILE = "NLPLabGothic.ttf"


def use_korean_font(path: str | os.PathLike | None) -> list[tuple[dict, dict]]:
    """Make the font at `path` matplotlib's default family (without a file there, only the minus
    sign changes). The defaults change too, so `plt.rcdefaults()` or `plt.style.use("default")`
    keep Korean readable. Returns what it replaced, for `restore`."""
    import matplotlib

    settings: dict = {"axes.unicode_minus": False}     # the font has no U+2212 minus sign
    if path and os.path.isfile(path):
        from matplotlib import font_manager

        font_manager.fontManager.addfont(str(path))
        settings["font.family"] = [FAMILY, "DejaVu Sans"]
    replaced = []
    for params in (matplotlib.rcParams, matplotlib.rcParamsDefault, matplotlib.rcParamsOrig):
        replaced.append((params, {key: params[key] for key in settings}))
        params.update(settings)
    return replaced


def restore(replaced: list[tuple[dict, dict]]) -> None:
    """Undo `use_korean_font` (the registered font file stays known to matplotlib)."""
    for params, before in replaced:
        params.update(before)
