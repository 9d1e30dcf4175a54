"""Course cell times in Chromium, as recorded by tests/browser/test_course_pages.py.

    .venv/bin/python -m pytest tests/browser/test_course_pages.py   # writes the JSON
    .venv/bin/python bench/course_cells.py [bench/results/course_cells.json]

Prints the median / p95 / max of the runtime's own time per cell (the worker's `ms`), the ten
slowest cells, and every cell over the course's budget (2 s per cell, 20 s per `training`
demo). Not a test: nothing is asserted, the exit status is 0 either way. Times are from one
session with instant navigation, so packages (matplotlib) loaded by an earlier page are warm;
a page's setup cells are listed as "준비 N".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "bench" / "results" / "course_cells.json"
CELL_BUDGET_MS, TRAINING_BUDGET_MS = 2_000, 20_000


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        sys.exit(f"{path} does not exist: run tests/browser/test_course_pages.py first")
    report = json.loads(path.read_text(encoding="utf-8"))
    s = report["summary"]
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}, written {report['written']}, "
          f"load average {', '.join(f'{x:.1f}' for x in report['load_average'])}")
    for name in ("cells", "training", "all"):
        st = s.get(name)
        if st:
            print(f"  {name:<9} n={st['count']:<4} median {st['median_ms'] / 1000:6.2f} s   "
                  f"p95 {st['p95_ms'] / 1000:6.2f} s   max {st['max_ms'] / 1000:6.2f} s")
    print("  slowest:")
    for row in s["slowest"]:
        print(f"    {row['ms'] / 1000:6.2f} s  {row['cell']}{'  (training)' if row['training'] else ''}")
    over = []
    for page, r in report["pages"].items():
        for c in r["cells"]:
            budget = TRAINING_BUDGET_MS if c.get("training") else CELL_BUDGET_MS
            if c.get("ms") is not None and c["ms"] > budget:
                over.append(f"    {c['ms'] / 1000:6.2f} s > {budget / 1000:.0f} s  {page} {c['label']}")
    print(f"  over budget: {len(over) or 'none'}")
    print("\n".join(over))


if __name__ == "__main__":
    main()
