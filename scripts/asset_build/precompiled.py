"""Part of stage `pyodide`: the modules a first result needs, precompiled (compiled_copies), and
the standard library served in two zips (finish_compiled)."""

from __future__ import annotations

import ast
import hashlib
import json
import subprocess
import tempfile
import zipfile
from pathlib import Path

from asset_build.common import ROOT, VENDOR, AssetError, check_sha256, log, node_pyodide_dir, sha256_of, shown

PYC_SCRIPT = ROOT / "scripts" / "pyodide_pyc.mjs"
# The runtime's Python (web/src/py): what it imports decides what is precompiled.
RUNTIME_PY = ROOT / "web" / "src" / "py"
# Bump when the precompiling changes, so the cached copies are made again.
PYC_RECIPE = "2"


def pysrc_imports() -> list[str]:
    """The modules nlplab's source imports (what decides which modules get precompiled)."""
    names = set()
    for path in sorted((ROOT / "pysrc").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return sorted(names)


STDLIB_MORE = "python_stdlib_more.zip"


def finish_compiled(name: str, compiled: Path, folder: Path) -> dict[str, Path]:
    """The files served for one compiled zip, written into `folder`.

    - numpy: without the files only a compiler uses (type stubs, C headers and sources,
      static libraries; vendor.json "pyodide_serve_without"), 0.2 MB as brotli;
    - the stdlib: split in two. python_stdlib.zip keeps the precompiled start-up modules and
      every non-Python file; python_stdlib_more.zip holds the other modules' sources, which
      the worker fetches once Python is idle, or at once when one of them is imported
      (web/src/py/nl_imports.py: StdlibMore). 0.9 MB as brotli off the path to a first result.
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
        PYC_RECIPE, sha256_of(PYC_SCRIPT), [sha256_of(p) for p in sorted(RUNTIME_PY.glob("*.py"))], pysrc_imports(),
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
                result = subprocess.run(["node", str(PYC_SCRIPT), str(node_pyodide_dir()), str(job)],
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
