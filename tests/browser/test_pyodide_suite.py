"""nlplab's own pytest suite (tests/native) runs inside Pyodide in Chromium, and passes there.

A small runner page (tests/browser/pyodide_suite/) is served beside the built site. It loads
Pyodide and numpy from the site's own /assets/build/pyodide/, unpacks the vendored pytest wheels
(.cache/pyodide-test-wheels) and nlplab's wheel from the site, copies tests/native/** into
Pyodide's file system and runs pytest.main on it. The same suite runs natively at the same time
(on the other core), and the two are compared test by test:

- inside Pyodide nothing fails, and every test that passes natively passes there too, except
  those skipped for the one reason helpers.py gives inside Pyodide (torch, scikit-learn, scipy or
  the registry datasets are absent);
- those skips happen only inside Pyodide: each skipped test passes natively.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from static_server import serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
# NLPLAB_SITE_DIR: test a site built elsewhere (e.g. while another build rewrites site/).
SITE = Path(os.environ.get("NLPLAB_SITE_DIR") or ROOT / "site")
NATIVE = ROOT / "tests" / "native"
SUITE = Path(__file__).resolve().parent / "pyodide_suite"
TEST_WHEELS = ROOT / ".cache" / "pyodide-test-wheels"
PREFIX = "/_pyodide_suite/"

# The only reasons helpers.py skips with inside Pyodide (see tests/native/helpers.py).
PYODIDE_SKIP = re.compile(
    r"^(?:(?:torch|sklearn|scipy)(?:\.[\w.]+)? is not available inside Pyodide"
    r"|the registry datasets are not copied into Pyodide"
    r"|a local HTTP server cannot listen inside Pyodide)$"
)
REQUIRED_TEST_WHEELS = ("pytest", "pluggy", "iniconfig")


def suite_files() -> list[str]:
    """Every file of tests/native, as paths relative to it (the folder grows: nothing is listed by hand)."""
    return sorted(
        str(path.relative_to(NATIVE)).replace(os.sep, "/")
        for path in NATIVE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and ".pytest_cache" not in path.parts
        and not path.name.endswith(".pyc")
    )


def nlplab_wheel(site: Path) -> Path:
    manifest = json.loads((site / "assets" / "build" / "manifest.json").read_text())
    wheel = site / "assets" / "build" / manifest["nlplab_wheel"]
    assert wheel.is_file(), f"{wheel} named by the manifest is missing: run `make build`"
    # The wheel must be built from today's pysrc, or the browser would test yesterday's code.
    with zipfile.ZipFile(wheel) as archive:
        packed = {name: archive.read(name) for name in archive.namelist() if name.startswith("nlplab/")}
    source = ROOT / "pysrc"
    on_disk = {
        str(path.relative_to(source)).replace(os.sep, "/"): path.read_bytes()
        for path in (source / "nlplab").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(".pyc")
    }
    stale = sorted(name for name in on_disk.keys() | packed.keys() if on_disk.get(name) != packed.get(name))
    assert not stale, f"the site's nlplab wheel differs from pysrc in {stale}: run `make build`"
    return wheel


def test_wheel_check_sees_a_changed_source(tmp_path):
    """The staleness check above is itself able to fail: a wheel of pysrc passes, one changed file fails."""
    fake_site = tmp_path / "site"
    wheels = fake_site / "assets" / "build" / "wheels"
    wheels.mkdir(parents=True)
    (fake_site / "assets" / "build" / "manifest.json").write_text(json.dumps({"nlplab_wheel": "wheels/nlplab-0-py3-none-any.whl"}))
    sources = [p for p in (ROOT / "pysrc" / "nlplab").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc")]

    def pack(changed: str | None) -> None:
        with zipfile.ZipFile(wheels / "nlplab-0-py3-none-any.whl", "w") as wheel:
            for path in sources:
                name = str(path.relative_to(ROOT / "pysrc")).replace(os.sep, "/")
                wheel.writestr(name, path.read_bytes() + (b"# changed\n" if name == changed else b""))

    pack(None)
    nlplab_wheel(fake_site)
    pack("nlplab/__init__.py")
    with pytest.raises(AssertionError, match=r"nlplab/__init__\.py"):
        nlplab_wheel(fake_site)


@pytest.fixture(scope="module")
def synthetic_suite(tmp_path_factory) -> Path:
    """A tiny suite with known outcomes, to show the runner can report failures."""
    folder = tmp_path_factory.mktemp("synthetic")
    for name, text in SYNTHETIC.items():
        (folder / name).write_text(text)
    (folder / "helpers.py").write_bytes((NATIVE / "helpers.py").read_bytes())
    return folder


@pytest.fixture(scope="module")
def suite_url(built_site, synthetic_suite):
    missing = [name for name in REQUIRED_TEST_WHEELS if not list(TEST_WHEELS.glob(f"{name}-*.whl"))]
    if missing:
        pytest.fail(f"{missing} missing from {TEST_WHEELS}: run `python scripts/build_assets.py test-wheels`")
    server, url = serve_in_thread(built_site, extra_mounts={
        PREFIX: SUITE,
        PREFIX + "synthetic/": synthetic_suite,
        PREFIX + "wheels/": TEST_WHEELS,
        PREFIX + "native/": NATIVE,
        PREFIX + "project/": ROOT,     # for pyproject.toml only: pytest's markers and rootdir
    })
    yield url
    server.shutdown()


def start_native_run(out: Path) -> subprocess.Popen:
    """The same files natively, with the same outcome recorder, in a child process."""
    env = {**os.environ, "NLPLAB_OUTCOMES": str(out), "PYTHONPATH": os.pathsep.join(
        [str(SUITE), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", "tests/native", "-q", "-p", "nlplab_outcomes",
         "-p", "no:cacheprovider"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def by_outcome(tests: dict, outcome: str) -> dict:
    return {nodeid: record for nodeid, record in tests.items() if record["outcome"] == outcome}


def compare(pyodide: dict, native: dict) -> list[str]:
    """What is wrong with a Pyodide run, given the native run of the same files (outcome dicts)."""
    problems = []
    native_passed = set(by_outcome(native, "passed"))
    for nodeid, record in sorted(pyodide.items()):
        if record["outcome"] in ("failed", "error", "xpassed"):
            where = "inside Pyodide only" if nodeid in native_passed else "inside Pyodide and natively"
            problems.append(f"{nodeid} {record['outcome']} {where}:\n{record.get('message', '')[-800:]}")
    skipped = by_outcome(pyodide, "skipped")
    for nodeid, record in sorted(skipped.items()):
        if not PYODIDE_SKIP.match(record["reason"]):
            problems.append(f"{nodeid} skipped inside Pyodide for another reason: {record['reason']!r} "
                            "(reference libraries come from helpers.import_reference, data from helpers.data_path)")
        elif nodeid not in native_passed:
            problems.append(f"{nodeid} skipped inside Pyodide but did not pass natively")
    for nodeid, record in sorted(by_outcome(native, "skipped").items()):
        problems.append(f"{nodeid} skipped natively ({record['reason']!r}): skips happen only inside Pyodide")
    passed = set(by_outcome(pyodide, "passed"))
    for nodeid in sorted(native_passed - set(skipped) - passed - set(pyodide)):
        problems.append(f"{nodeid} passed natively but never ran inside Pyodide")
    for nodeid in sorted(passed - native_passed):
        problems.append(f"{nodeid} passed inside Pyodide but not natively")
    return problems


def run_in_pyodide(page, url: str, files: list[dict], with_nlplab: bool = True) -> tuple[dict, list[str]]:
    """Open the runner page, run pytest on `files` inside Pyodide; the result and every URL requested."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{url}{PREFIX}index.html")
    config = {
        "indexURL": "../assets/build/pyodide/",
        "packages": ["numpy", "packaging"],
        "wheels": [f"wheels/{w.name}" for w in sorted(TEST_WHEELS.glob("*.whl"))]
                  + ([f"../assets/build/wheels/{nlplab_wheel(SITE).name}"] if with_nlplab else []),
        "files": [*files, {"url": "project/pyproject.toml", "path": "pyproject.toml"}],
        "plugins": [{"url": "nlplab_outcomes.py", "path": "nlplab_outcomes.py"}],
        "args": ["tests/native", "-q", "-p", "nlplab_outcomes", "-p", "no:cacheprovider"],
    }
    result = page.evaluate("config => runSuite(config)", config)
    print(result["output"])
    counts: dict[str, int] = {}
    for record in result["outcomes"].get("tests", {}).values():
        counts[record["outcome"]] = counts.get(record["outcome"], 0) + 1
    print(f"inside Pyodide: {counts} in {result['seconds']:.1f} s")
    return result, requests


def test_native_suite_passes_inside_pyodide(page, suite_url, tmp_path):
    native_run = start_native_run(tmp_path / "native.json")
    try:
        files = [{"url": f"native/{name}", "path": f"tests/native/{name}"} for name in suite_files()]
        result, requests = run_in_pyodide(page, suite_url, files)
    finally:
        native_output, _ = native_run.communicate(timeout=1800)

    # Only the local server was asked for anything (Pyodide, numpy, the wheels, the tests).
    foreign = [url for url in requests if not url.startswith(suite_url + "/")]
    assert not foreign, f"requests to other hosts: {foreign}"

    assert (tmp_path / "native.json").exists(), f"the native run recorded nothing:\n{native_output[-3000:]}"
    native = json.loads((tmp_path / "native.json").read_text())["tests"]
    pyodide = result["outcomes"]["tests"]
    problems = compare(pyodide, native)
    assert not problems, "\n".join(problems)
    assert result["exitCode"] == 0, result["output"][-3000:]
    assert native_run.returncode == 0, f"the native suite fails:\n{native_output[-3000:]}"

    # The same tests pass: all the native ones but those that need torch/sklearn/scipy/datasets.
    native_passed = set(by_outcome(native, "passed"))
    passed = set(by_outcome(pyodide, "passed"))
    skipped = set(by_outcome(pyodide, "skipped"))
    assert len(passed) == len(native_passed) - len(skipped)
    # Substantial: most of the suite's cases are parametrised cross-checks against scikit-learn
    # and torch (skipped there), but well over a hundred tests of nlplab itself run in Pyodide.
    assert len(passed) >= 100, f"only {len(passed)} of {len(native_passed)} native tests ran inside Pyodide"


SYNTHETIC = {
    "test_fine.py": "import numpy as np\n\ndef test_sum():\n    assert np.arange(4).sum() == 6\n",
    "test_only_here.py": (
        "import sys\n\ndef test_native_only():\n    assert sys.platform != 'emscripten', 'differs in Pyodide'\n"),
    "test_skips.py": (
        "import pytest\nfrom helpers import import_reference\n\n"
        "def test_good_skip():\n    torch = import_reference('torch')\n    assert torch\n\n"
        "def test_bad_skip():\n    pytest.importorskip('no_such_module_anywhere')\n"),
}


def test_runner_reports_what_breaks_only_inside_pyodide(page, suite_url, synthetic_suite):
    """The runner and the comparison catch a Pyodide-only failure and a skip for a foreign reason."""
    files = [{"url": f"synthetic/{name}", "path": f"tests/native/{name}"} for name in [*SYNTHETIC, "helpers.py"]]
    result, _ = run_in_pyodide(page, suite_url, files, with_nlplab=False)
    pyodide = result["outcomes"]["tests"]
    assert result["exitCode"] == 1
    assert pyodide["tests/native/test_fine.py::test_sum"]["outcome"] == "passed"
    assert pyodide["tests/native/test_only_here.py::test_native_only"]["outcome"] == "failed"
    assert "differs in Pyodide" in pyodide["tests/native/test_only_here.py::test_native_only"]["message"]
    assert pyodide["tests/native/test_skips.py::test_good_skip"] == {
        "outcome": "skipped", "reason": "torch is not available inside Pyodide"}
    native = {nodeid: {"outcome": "passed"} for nodeid in pyodide}
    problems = compare(pyodide, native)
    assert len(problems) == 2, problems
    assert problems[0].startswith("tests/native/test_only_here.py::test_native_only failed inside Pyodide only")
    assert problems[1].startswith("tests/native/test_skips.py::test_bad_skip skipped inside Pyodide for another reason")
    # and natively: a skip there, or a test Pyodide never ran, is reported too
    native["tests/native/test_fine.py::test_sum"] = {"outcome": "skipped", "reason": "x"}
    native["tests/native/test_gone.py::test_x"] = {"outcome": "passed"}
    assert len(compare(pyodide, native)) == 5
