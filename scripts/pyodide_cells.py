"""Run course pages' cells in Pyodide (under Node, no browser) and report time and correctness.

    .venv/bin/python scripts/pyodide_cells.py docs/unit3/rnn.md [more pages...] [--json out.json]

For authors: the quickest way to see how long each cell takes in the learner's Python and
whether it prints its `#| output`. Pyodide under Node runs on the same V8 engine as Chromium.
The steps are mkdocs_hooks/cell_runs.py's (setup first, an exercise's starter then its solution,
endless cells left out), run inside Pyodide by the same file (scripts/pyodide_cells.mjs).
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
sys.path.insert(0, str(ROOT / "scripts"))
from asset_build.common import node_pyodide_dir  # noqa: E402
from mkdocs_hooks.cell_format import page_cells  # noqa: E402
from mkdocs_hooks.cell_outputs import outputs_match  # noqa: E402
from mkdocs_hooks.cell_runs import plan  # noqa: E402

BROWSER_LIMIT_S, TRAINING_LIMIT_S = 2.0, 20.0


def run(pages: list[Path]) -> dict:
    """Every page's steps in Pyodide; each result carries its step's cell (for the verdict)."""
    planned = {str(page.relative_to(ROOT / "docs")): [s for s in plan(page_cells(page.read_text(encoding="utf-8")))
                                                       if s.role != "endless"] for page in pages}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump([{"page": page, "steps": [s.to_json() for s in steps]} for page, steps in planned.items()], f)
    try:
        completed = subprocess.run(
            ["node", str(ROOT / "scripts" / "pyodide_cells.mjs"), str(node_pyodide_dir()), f.name],
            capture_output=True, text=True,
        )
    finally:
        os.unlink(f.name)
    if completed.returncode != 0:
        sys.exit(f"the Pyodide runner failed:\n{completed.stderr[-4000:]}")
    report = json.loads(completed.stdout)
    steps = [step for page_steps in planned.values() for step in page_steps]
    if len(report["results"]) != len(steps):
        sys.exit(f"the Pyodide runner returned {len(report['results'])} results for {len(steps)} steps")
    for result, step in zip(report["results"], steps, strict=True):
        result.update(kind=step.cell.kind, training=step.cell.training, expected=step.cell.output)
    return report


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
