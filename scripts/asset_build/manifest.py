"""The last stage of every build: docs/assets/build/manifest.json.

What the worker needs to find (nlplab's wheel, the second stdlib zip and its modules, which
package files are served) and the hash of every file the asset build lays out, computed here
once: web/build.mjs reads them for the service worker's list instead of hashing again, and adds
its own outputs (runtime/).
"""

from __future__ import annotations

import json
import zipfile

from asset_build.common import OUT, VENDOR, sha256_of, write_if_changed
from asset_build.precompiled import STDLIB_MORE

# Written by web/build.mjs, after this: not part of the manifest.
RUNTIME_DIR = "runtime"


def write_manifest() -> None:
    """What the browser runtime needs to find, and every laid-out file's hash (the first 16 hex
    digits of its SHA-256; precompressed copies and the runtime bundle are not listed)."""
    manifest = {"pyodide_version": VENDOR["pyodide_version"], "files": {}}
    wheels = sorted((OUT / "wheels").glob("nlplab-*.whl"))
    if wheels:
        manifest["nlplab_wheel"] = f"wheels/{wheels[0].name}"
    more = OUT / "pyodide" / STDLIB_MORE
    if more.is_file():
        # The worker's import hook needs the names before the zip is there (nl_imports.StdlibMore).
        with zipfile.ZipFile(more) as archive:
            modules = sorted(name[:-3].removesuffix("/__init__").replace("/", ".")
                             for name in archive.namelist() if name.endswith(".py"))
        manifest["stdlib_more"] = {"url": f"pyodide/{STDLIB_MORE}", "modules": modules}
    for path in sorted(OUT.rglob("*")):
        name = path.relative_to(OUT).as_posix()
        precompressed_copy = path.suffix in (".br", ".gz") and path.with_suffix("").is_file()
        if (path.is_file() and name != "manifest.json" and not precompressed_copy
                and not name.startswith(RUNTIME_DIR + "/")):
            manifest["files"][name] = sha256_of(path)[:16]
    write_if_changed(OUT / "manifest.json", (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
