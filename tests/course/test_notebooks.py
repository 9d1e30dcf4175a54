"""Every lesson page's notebook download (mkdocs_hooks/notebooks.py), validated with nbformat and
run top to bottom with nbclient in a real Jupyter kernel, as a learner who downloads it runs it.

What each page cell prints in the notebook must match its `#| output` section, as on the page;
an exercise's check, run after the starter code, must report that it does not pass yet, and
every other cell must run without an error. The .py download must compile, and one page's runs
as a script.
"""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
from cells_runner import DOCS, PAGES, cells_of, page_id

from mkdocs_hooks.cell_outputs import outputs_match
from mkdocs_hooks.notebooks import is_lesson, notebook_cells, notebook_json, python_file, wheel_name

SITE_URL = "http://127.0.0.1:8000/"
LESSONS = [p for p in PAGES if is_lesson(page_id(p)) and cells_of(p)]
WHEELS = DOCS / "assets" / "build" / "wheels"


def made(page):
    if not WHEELS.is_dir():
        pytest.skip("the nlplab wheel (docs/assets/build/wheels) is not built")
    cells = notebook_cells(page.read_text(encoding="utf-8"), page_id(page), SITE_URL, wheel_name())
    return cells, notebook_json(cells, page_id(page)), python_file(cells, page_id(page))


def printed(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


def test_there_is_a_notebook_for_every_lesson_page():
    assert len(LESSONS) >= 25, [page_id(p) for p in LESSONS]


@pytest.mark.slow
@pytest.mark.parametrize("page", LESSONS, ids=page_id)
def test_notebook_runs_top_to_bottom(page, tmp_path):
    from nbclient import NotebookClient

    cells, text, _ = made(page)
    notebook = nbformat.reads(text, as_version=4)
    nbformat.validate(notebook)
    page_cells = {c.key: c for c in cells_of(page)}
    code_roles = [c.metadata["nlplab"]["role"] for c in notebook.cells if c.cell_type == "code"]
    assert code_roles[:2] == ["install", "setup"], code_roles

    NotebookClient(notebook, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()

    compared = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{page_id(page)}: {cell.source[:200]!r} raised {errors[0]['ename']}: {errors[0]['evalue']}"
        meta = cell.metadata["nlplab"]
        if meta["role"] == "check":
            assert printed(cell).startswith("아직 아닙니다:"), (
                f"{page_id(page)} {meta['cell']}: the check after the starter code should not pass; it printed "
                f"{printed(cell)!r}")
        elif meta["role"] == "code" and page_cells[meta["cell"]].output is not None:
            matched, message = outputs_match(page_cells[meta["cell"]].output, printed(cell))
            assert matched, f"{page_id(page)} {meta['cell']}: {message}"
            compared += 1
    assert compared == sum(1 for c in page_cells.values() if c.output is not None and not c.exercise)


@pytest.mark.parametrize("page", LESSONS, ids=page_id)
def test_python_download_compiles(page):
    cells, _, script = made(page)
    compile(script, f"{page_id(page)}.py", "exec")
    assert script.count("\n# %%\n") == sum(c.kind == "code" for c in cells)


def test_a_python_download_runs_as_a_script(tmp_path):
    page = DOCS / "unit1" / "naive-bayes.md"
    _, _, script = made(page)
    path = tmp_path / "unit1-naive-bayes.py"
    path.write_text(script, encoding="utf-8")
    result = subprocess.run([sys.executable, str(path)], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "아직 아닙니다:" in result.stdout
    first_output = next(c.output for c in cells_of(page) if c.output)
    assert first_output.splitlines()[0].strip() in result.stdout
