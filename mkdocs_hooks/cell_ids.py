"""Cell identity: every cell has an explicit id, unique on its page, that never changes.

The learner's edits are saved under `nlplab:v1:edit:<page>:<id>` and exercise progress under the
exercise's name (web/src/storage.ts), so inserting, removing or moving cells never moves a
learner's work onto another cell. The build refuses a page with a cell without an id (`id=` or,
for an exercise, `exercise=`) or with two cells of one id.

Builds up to the commit that introduced this rule numbered the cells without an id by position
(`cell-0`, `cell-1`, ...); legacy_cell_ids.json records, page by page, which id each of those
positions now has, the page carries it as `data-cell-legacy-id` (cell_html.py), and the runtime
moves an edit saved under the old key to the new one. Ids of that positional form are refused
(cell_format.parse_options), so an old key can never name a different cell. The table only
shrinks: when a cell it names is deleted, delete its entry too (the build says so).
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs_hooks.cell_format import Cell, CellFormatError

LEGACY_IDS = Path(__file__).resolve().with_name("legacy_cell_ids.json")


def legacy_ids(page: str) -> dict[str, str]:
    """{positional id of older builds: the cell's id now} for one page ("unit1/smoothing.md")."""
    global _legacy
    if _legacy is None:
        _legacy = json.loads(LEGACY_IDS.read_text(encoding="utf-8"))
    return _legacy.get(page, {})


_legacy: dict[str, dict[str, str]] | None = None


def check_cell_ids(cells: list[Cell], page: str) -> None:
    """Every cell of a page has an id of its own, and every legacy id still names one of them."""
    seen: set[str] = set()
    for cell in cells:
        if cell.key is None:
            first = next((line for line in cell.code.splitlines() if line.strip()), "")
            raise CellFormatError(
                f"{page}: the pycell starting {first!r} has no id. Add id=\"...\" to its fence: a "
                f"short name for what it does, unique on the page (the learner's saved edits are "
                f"kept under it, so never change it once published)")
        if cell.key in seen:
            raise CellFormatError(f"{page}: two cells have the id {cell.key!r}; every cell's id must be "
                                  f"unique on its page (an exercise's id is its name)")
        seen.add(cell.key)
    for old, new in legacy_ids(page).items():
        if new not in seen:
            raise CellFormatError(
                f"{page}: {LEGACY_IDS.name} says the cell once numbered {old} is now {new!r}, but the "
                f"page has no cell {new!r}. If that cell was deleted, delete its entry; if it was "
                f"renamed, give it back its id (learners' saved edits are kept under it)")
