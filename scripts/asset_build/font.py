"""Stage `font`: the Korean font for matplotlib in the browser, a renamed subset of NanumGothic
with its licence (docs/assets/build/fonts/). Its family and file name are the runtime's
(web/src/py/nl_korean_font.py), which registers it."""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
import zipfile
from pathlib import Path

from asset_build.common import CACHE, OUT, ROOT, copy_if_changed, log, pypi_file, sha256_of, shown

sys.path.insert(0, str(ROOT / "web" / "src" / "py"))
from nl_korean_font import FAMILY as FONT_FAMILY  # noqa: E402
from nl_korean_font import FILE as FONT_FILE  # noqa: E402

FONT_LICENCE = ROOT / "scripts" / "licenses" / "NanumGothic-OFL.txt"
# Bump when the subsetting below changes, so the cached font is made again.
FONT_RECIPE = "2"


def font_characters() -> list[int]:
    """What the course's plots may need: ASCII, Latin-1, Greek, punctuation and arrows, Hangul
    jamo, all 11,172 Hangul syllables, and every character the course pages use. Characters
    the font lacks are skipped by the subsetter; matplotlib falls back to DejaVu Sans for them.

    All syllables, not only KS X 1001's 2,350 (measured: 0.31 MB instead of 0.20 MB as brotli,
    0.43 instead of 0.26 MB as gzip; 1.39 MB raw, from 4.7 MB): a learner's own label ("똠",
    "쌰", names) must not turn into loose jamo, and the font is fetched only by pages that
    import matplotlib (about 10 MB on the wire), so the extra 0.1 MB is about 1 % of that."""
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x391, 0x3C9), (0x1100, 0x11FF), (0x2010, 0x206F),
              (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF), (0x25A0, 0x25FF),
              (0x3000, 0x303F), (0x3130, 0x318F), (0xFF01, 0xFF5E)]
    chars = {c for lo, hi in ranges for c in range(lo, hi + 1)}
    chars |= set(range(0xAC00, 0xD7A4))
    for page in sorted((ROOT / "docs").rglob("*.md")):
        chars |= {ord(c) for c in page.read_text(encoding="utf-8") if ord(c) >= 0x80}
    return sorted(chars)


def add_minus_sign(font) -> None:
    """NanumGothic has no U+2212 MINUS SIGN, which matplotlib's mathtext draws in every negative
    tick label of a log axis ("10^-3") whatever `axes.unicode_minus` says: map it to the
    hyphen-minus glyph, so the labels read "10⁻³" instead of a missing-glyph box."""
    for table in font["cmap"].tables:
        if table.isUnicode() and 0x2D in table.cmap:
            table.cmap.setdefault(0x2212, table.cmap[0x2D])


def subset_font(source: Path, target: Path, characters: list[int]) -> None:
    """Subset NanumGothic to `characters`, without hinting (matplotlib's Agg autohints), and
    rename it: the OFL reserves the name NanumGothic for the original (condition 3)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, recalcTimestamp=False)
    options = subset.Options()
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 16, 17]
    options.name_languages = [0x409, 0]          # English (Windows, Macintosh)
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]   # VTT hinting sources
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters)
    subsetter.subset(font)
    add_minus_sign(font)
    name = font["name"]
    postscript = FONT_FAMILY.replace(" ", "") + "-Regular"
    for record in list(name.names):
        text = {1: FONT_FAMILY, 3: f"{postscript};subset of NanumGothic 3.021", 4: f"{FONT_FAMILY} Regular",
                6: postscript, 16: FONT_FAMILY,
                13: "SIL Open Font License 1.1 (OFL.txt beside this file). A subset of NanumGothic "
                    "3.021, renamed as the licence requires."}.get(record.nameID)
        if text is not None:
            name.setName(text, record.nameID, record.platformID, record.platEncID, record.langID)
    if not name.getName(13, 3, 1, 0x409):
        name.setName(name.getName(13, 1, 0, 0).toUnicode(), 13, 3, 1, 0x409)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    font.save(tmp)
    tmp.replace(target)


def build_font() -> None:
    """NanumGothic from the pinned koreanize-matplotlib wheel, subset for the course, with its
    licence beside it. The worker hands it to matplotlib when a page imports matplotlib."""
    wheel = pypi_file("koreanize-matplotlib==0.1.1")
    characters = font_characters()
    recipe = hashlib.sha256(json.dumps([FONT_RECIPE, sha256_of(wheel), characters]).encode()).hexdigest()
    cached = CACHE / "fonts" / FONT_FILE
    stamp = cached.with_name(FONT_FILE + ".recipe")
    if not (cached.exists() and stamp.exists() and stamp.read_text() == recipe):
        log(f"subsetting NanumGothic to {len(characters):,} characters")
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "NanumGothic.ttf"
            with zipfile.ZipFile(wheel) as archive:
                source.write_bytes(archive.read("koreanize_matplotlib/fonts/NanumGothic.ttf"))
            subset_font(source, cached, characters)
        stamp.write_text(recipe)
    copy_if_changed(cached, OUT / "fonts" / FONT_FILE)
    copy_if_changed(FONT_LICENCE, OUT / "fonts" / "OFL.txt")
    log(f"font: {FONT_FAMILY} ({FONT_FILE}, {cached.stat().st_size / 1e3:,.0f} kB, subset of NanumGothic) "
        f"in {shown(OUT / 'fonts')}")
