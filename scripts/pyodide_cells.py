"""Run course pages' cells in Pyodide (under Node, no browser) and report time and correctness.

    .venv/bin/python scripts/pyodide_cells.py docs/unit3/rnn.md [more pages...] [--json out.json]

For authors: the quickest way to see how long each cell takes in the learner's Python and
whether it prints its `#| output`. Pyodide under Node runs on the same V8 engine as Chromium.
Needs `python scripts/build_assets.py` to have run (Pyodide files and course data).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from mkdocs_hooks.cells import outputs_match, page_cells  # noqa: E402

VENDOR = ROOT / ".cache" / "vendor"
NODE_DIR = ROOT / ".cache" / "pyodide-node"
BROWSER_LIMIT_S, TRAINING_LIMIT_S = 2.0, 20.0


def node_pyodide_dir() -> Path:
    """Pyodide's files hard-linked into a folder that Node reads as CommonJS (the project's
    package.json says "type": "module", which would make Node misread pyodide.asm.js)."""
    versions = sorted(VENDOR.glob("pyodide-*"))
    if not versions:
        sys.exit("Pyodide is not vendored yet: run `python scripts/build_assets.py pyodide`")
    source = versions[-1]
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    (NODE_DIR / "package.json").write_text('{"type": "commonjs"}\n')
    for file in source.iterdir():
        if not file.is_file():
            continue
        target = NODE_DIR / file.name
        if not target.exists() or target.stat().st_ino != file.stat().st_ino:
            target.unlink(missing_ok=True)
            os.link(file, target)
    return NODE_DIR


def collect(pages: list[Path]) -> list[dict]:
    collected = []
    for page in pages:
        cells = []
        for number, cell in enumerate(page_cells(page.read_text(encoding="utf-8")), 1):
            cells.append({
                "label": f"cell {number}" + (f" ({cell.exercise})" if cell.exercise else ""),
                "kind": cell.kind, "setup": cell.setup, "training": cell.training,
                "exercise": cell.exercise, "code": cell.code, "check": cell.check,
                "solution": cell.solution, "output": cell.output,
            })
        collected.append({"page": str(page.relative_to(ROOT / "docs")), "cells": cells})
    return collected


def run(pages: list[Path]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(collect(pages), f)
    try:
        completed = subprocess.run(
            ["node", str(ROOT / "scripts" / "pyodide_cells.mjs"), str(node_pyodide_dir()), f.name],
            capture_output=True, text=True,
        )
    finally:
        os.unlink(f.name)
    if completed.returncode != 0:
        sys.exit(f"the Pyodide runner failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout)


def verdict(result: dict) -> str:
    if result["role"] == "starter":
        return "ok" if not result["ok"] else "STARTER PASSES"
    if not result["ok"]:
        return "ERROR " + result["error"].splitlines()[-1][:100]
    if result["expected"] is not None:
        matched, _ = outputs_match(result["expected"], result["stdout"])
        if not matched:
            return "OUTPUT DIFFERS"
    limit = TRAINING_LIMIT_S if result["training"] else BROWSER_LIMIT_S
    return "ok" if result["seconds"] <= limit else f"SLOW (> {limit:.0f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("--json", type=Path, help="write the raw results here")
    args = parser.parse_args()
    report = run([p.resolve() for p in args.pages])
    print(f"Pyodide boot: {report['bootMs'] / 1000:.1f} s")
    failures = 0
    for r in report["results"]:
        status = verdict(r)
        failures += status != "ok"
        print(f"{r['seconds']:7.2f} s  {status:<16} {r['page']} {r['cell']} [{r['role']}]")
        if status == "OUTPUT DIFFERS":
            print("    " + outputs_match(r["expected"], r["stdout"])[1].replace("\n", "\n    "))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
