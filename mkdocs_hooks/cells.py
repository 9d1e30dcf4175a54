"""The MkDocs hook of runnable cells (mkdocs.yml `hooks:`): renders every `pycell` fence.

The fence itself is defined in cell_format.py (its format, and `page_cells`, which finds a page's
cells as this hook renders them), its identity rules in cell_ids.py, its HTML in cell_html.py.
Here: the fence joins pymdownx.superfences' custom fences, and each page is checked for ids and
numbered from 0 as it is rendered.
"""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs loads a hook by its path, so the package it belongs to may not be importable yet.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from mkdocs_hooks.cell_format import CellFormatError, page_cells, with_pycell  # noqa: E402
from mkdocs_hooks.cell_html import render_cell  # noqa: E402
from mkdocs_hooks.cell_ids import check_cell_ids, legacy_ids  # noqa: E402


class _Page:
    """The page being rendered: its next cell's index, and its cells' positional ids of older builds."""
    index = 0
    legacy: dict[str, str] = {}     # the cell's id -> the positional id older builds gave it


def _render(cell, md) -> str:
    index, _Page.index = _Page.index, _Page.index + 1
    return render_cell(cell, md, index, _Page.legacy.get(cell.key or ""))


def on_config(config):
    config["mdx_configs"] = with_pycell(config["mdx_configs"], _render)
    return config


def on_page_markdown(markdown_text, page, config, files):
    from mkdocs.exceptions import PluginError

    _Page.index = 0
    try:
        check_cell_ids(page_cells(markdown_text), page.file.src_uri)
    except CellFormatError as error:
        raise PluginError(str(error)) from error
    _Page.legacy = {new: old for old, new in legacy_ids(page.file.src_uri).items()}
    return markdown_text
