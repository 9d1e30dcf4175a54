"""Each lesson page as a Jupyter notebook and as a plain .py file, made at build time.

The MkDocs hook writes `<page>.ipynb` and `<page>.py` beside each lesson page (every page of the
units and of the embeddings section that has cells) and puts two download links under its title
("노트북으로 받기", ".py로 받기"). The site's service worker keeps them for offline use, as it
keeps everything a page links to.

What a notebook holds, in order:
- a Markdown cell with the page's title and address;
- a cell that installs nlplab from the wheel the site serves (only where it is not installed yet)
  and points nlplab at the site's data folder (only where NLPLAB_COURSE_DATA is not set yet);
- the page's setup cells, then its prose as Markdown cells (math kept as `$…$`, admonitions as
  quotes, links to other pages made absolute) and its other cells in page order;
- for an exercise: the starter code, a cell that runs the page's check and prints whether it
  passed (so running everything never stops at an unsolved exercise), the hints, and the
  solution in a folded cell (the cells below rely on what it defines, as on the page).

The .py file is the same cells in the percent format (`# %%`) that editors such as VS Code run
cell by cell, the prose as comments. tests/course/test_notebooks.py validates every notebook with
nbformat and runs it top to bottom with nbclient, comparing what the cells print with the page.
"""

from __future__ import annotations

import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from mkdocs_hooks.cell_format import Cell, page_cells  # noqa: E402

LESSON_SECTIONS = ("unit1", "unit2", "unit3", "unit4", "embeddings")
WHEEL_INDEX = ROOT / "docs" / "assets" / "build" / "wheels"

FENCE_START = re.compile(r"^(\s*)```pycell\b")
FENCE = re.compile(r"^(\s*)(```+|~~~+)")
CONTAINER = re.compile(r'^(\s*)(!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"(.*)")?\s*$')
TAB = re.compile(r'^(\s*)===\+?\s+"(.*)"\s*$')
HEADING_ID = re.compile(r"^(#{1,6} .*?)\s*\{#([\w-]+)\}\s*$")
MD_LINK = re.compile(r"\]\((?!https?:|#|mailto:)([^)\s]+?)(#[^)\s]*)?\)")
KEYS = re.compile(r"\+\+([\w+-]+)\+\+")

ADMONITION_TITLES = {
    "note": "참고", "abstract": "요약", "info": "정보", "tip": "팁", "success": "성공", "question": "질문",
    "warning": "주의", "failure": "실패", "danger": "위험", "bug": "버그", "example": "예", "quote": "인용",
}


@dataclass
class Prose:
    text: str


def is_lesson(src_path: str) -> bool:
    """A page of the units or of the embeddings section (not an index page) that has cells."""
    parts = Path(src_path).parts
    return len(parts) == 2 and parts[0] in LESSON_SECTIONS and parts[1] != "index.md"


# --------------------------------------------------------------------------- the page's Markdown


@dataclass
class _Container:
    indent: int      # the indentation of its body
    quote: bool      # an admonition (shown as a quote); a tab is only a bold title


def _page_url(src_path: str) -> str:
    """docs/unit2/spam.md → "unit2/spam/" (use_directory_urls)."""
    stem = posixpath.splitext(src_path)[0]
    return "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem + "/")


def _absolute_link(target: str, src_path: str, site_url: str) -> str:
    """A link of the page's Markdown (relative to its .md file) as an address on the site."""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(src_path), target))
    if path.endswith(".md"):
        path = _page_url(path)
    return site_url + path.lstrip("./")


def page_blocks(markdown_text: str, src_path: str, site_url: str) -> list[Prose | Cell]:
    """The page as prose (Markdown for Jupyter) and cells, in page order."""
    cells = iter(page_cells(markdown_text))
    blocks: list[Prose | Cell] = []
    lines: list[str] = []
    stack: list[_Container] = []
    source = markdown_text.splitlines()
    i = 0

    def emit(text: str) -> None:
        quotes = sum(c.quote for c in stack)
        lines.append(("> " * quotes + text).rstrip() if quotes else text)

    def flush() -> None:
        text = "\n".join(lines).strip("\n")
        while text.endswith(">"):
            text = text[:-1].rstrip("\n ")
        if text.strip(" >\n"):
            blocks.append(Prose(text))
        lines.clear()

    while i < len(source):
        line = source[i]
        indent = len(line) - len(line.lstrip())
        while stack and line.strip() and indent < stack[-1].indent:
            if stack.pop().quote:                         # the quote ends: a blank line after it
                while lines and lines[-1].strip() in (">", ""):
                    lines.pop()
                lines.append("")
        body = "" if not line.strip() else line[stack[-1].indent:] if stack else line
        if FENCE_START.match(line):
            fence_indent = FENCE_START.match(line).group(1)
            i += 1
            while i < len(source) and source[i].rstrip() != fence_indent + "```":
                i += 1
            flush()
            blocks.append(next(cells))
            i += 1
            continue
        fence = FENCE.match(line)
        if fence:                                        # another fence: copied as it is
            marker, start = fence.group(2), fence.group(1)
            emit(body)
            i += 1
            while i < len(source):
                emit(source[i][len(start):] if source[i].startswith(start) else source[i].lstrip())
                if source[i].strip().startswith(marker) and source[i].strip() == marker:
                    break
                i += 1
            i += 1
            continue
        container = CONTAINER.match(body)
        if container:
            kind, title = container.group(3), container.group(4)
            title = ADMONITION_TITLES.get(kind, kind) if title is None else title
            if lines and lines[-1].strip():
                emit("")
            stack.append(_Container(indent + 4, quote=True))
            emit(f"**{_inline(title, src_path, site_url)}**")
            emit("")
            i += 1
            continue
        tab = TAB.match(body)
        if tab:
            emit(f"**{_inline(tab.group(2), src_path, site_url)}**")
            emit("")
            stack.append(_Container(indent + 4, quote=False))
            i += 1
            continue
        heading = HEADING_ID.match(body)
        if heading:
            emit(f'<a id="{heading.group(2)}"></a>')
            body = heading.group(1)
        emit(_inline(body, src_path, site_url) if body.strip() else "")
        i += 1
    flush()
    if next(cells, None) is not None:
        raise ValueError(f"{src_path}: a cell the site renders was not found in the page's lines")
    return blocks


def _inline(text: str, src_path: str, site_url: str) -> str:
    text = MD_LINK.sub(lambda m: f"]({_absolute_link(m.group(1), src_path, site_url)}{m.group(2) or ''})", text)
    return KEYS.sub(lambda m: "+".join(k.capitalize() for k in m.group(1).split("+")), text)


# --------------------------------------------------------------------------- the notebook


def wheel_name() -> str:
    """The file name of the nlplab wheel the asset build made (docs/assets/build/wheels/)."""
    wheels = sorted(WHEEL_INDEX.glob("nlplab-*.whl"))
    if len(wheels) != 1:
        raise FileNotFoundError(f"expected one nlplab wheel in {WHEEL_INDEX} (run `make build`), found {len(wheels)}")
    return wheels[0].name


def install_code(site_url: str, wheel: str) -> str:
    return f'''# Jupyter나 Colab에서 처음 열었다면: nlplab을 강의 사이트에서 설치하고, 강의 데이터를 사이트에서 읽게 합니다.
import importlib.util
import os
import subprocess
import sys

SITE = "{site_url}"
if importlib.util.find_spec("nlplab") is None:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", SITE + "assets/build/wheels/{wheel}"])
os.environ.setdefault("NLPLAB_COURSE_DATA", SITE + "assets/build/data")'''


def check_code(check: str) -> str:
    """The exercise's check, reporting instead of stopping a run of every cell."""
    body = "\n".join("    " + line if line.strip() else "" for line in check.strip("\n").splitlines())
    return f'''# 채점: 위 셀의 답을 확인합니다.
try:
{body}
except AssertionError as failure:
    print("아직 아닙니다:", failure)
else:
    print("통과했습니다.")'''


@dataclass
class NotebookCell:
    kind: str                 # "markdown" or "code"
    source: str
    cell_id: str | None = None  # the page cell it comes from (its key), for the tests
    role: str = ""            # "install", "setup", "code", "starter", "check", "solution"
    hidden: bool = False      # folded in Jupyter (the solution)


def notebook_cells(markdown_text: str, src_path: str, site_url: str, wheel: str) -> list[NotebookCell]:
    blocks = page_blocks(markdown_text, src_path, site_url)
    page_address = site_url + _page_url(src_path)
    out = [NotebookCell("markdown", f"이 노트북은 강의 사이트의 [{page_address}]({page_address}) 페이지에서 "
                                    "만들었습니다. 위에서부터 차례로 실행하세요."),
           NotebookCell("code", install_code(site_url, wheel), role="install")]
    out += [NotebookCell("code", b.code.strip("\n"), b.key, "setup") for b in blocks if isinstance(b, Cell) and b.setup]
    for block in blocks:
        if isinstance(block, Prose):
            out.append(NotebookCell("markdown", block.text))
        elif block.setup:
            continue
        elif block.endless:                            # runs until stopped: shown, not run
            out.append(NotebookCell("markdown", "멈출 때까지 도는 셀입니다(실행하면 커널을 멈춰 끝내세요):\n\n"
                                                f"```python\n{block.code.strip()}\n```"))
        elif block.exercise:
            out.append(NotebookCell("markdown", f"**연습 문제 `{block.exercise}`**: 아래 셀을 고친 뒤, 그다음 셀로 채점하세요."))
            out.append(NotebookCell("code", block.code.strip("\n"), block.key, "starter"))
            out.append(NotebookCell("code", check_code(block.check), block.key, "check"))
            for n, hint in enumerate(block.hints, 1):
                out.append(NotebookCell("markdown", f"<details><summary>힌트 {n}</summary>\n\n{hint.strip()}\n\n</details>"))
            out.append(NotebookCell("markdown", "**정답** (먼저 직접 풀어 보세요. 아래 셀들은 이 정답이 정의하는 것을 씁니다.)"))
            out.append(NotebookCell("code", block.solution.strip("\n"), block.key, "solution", hidden=True))
        else:
            out.append(NotebookCell("code", block.code.strip("\n"), block.key, "code"))
    return out


def notebook_json(cells: list[NotebookCell], title: str) -> str:
    import nbformat
    from nbformat import v4

    nb = v4.new_notebook()
    nb.metadata.update({
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "title": title,
    })
    for c in cells:
        if c.kind == "markdown":
            nb.cells.append(v4.new_markdown_cell(c.source))
            continue
        meta: dict = {"nlplab": {"cell": c.cell_id, "role": c.role}} if c.cell_id else {"nlplab": {"role": c.role}}
        if c.hidden:
            meta["jupyter"] = {"source_hidden": True}
            meta["collapsed"] = True
        nb.cells.append(v4.new_code_cell(c.source, metadata=meta))
    # Stable cell ids (nbformat 4.5): the same page makes the same file.
    for n, cell in enumerate(nb.cells):
        cell["id"] = f"c{n:03d}"
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def python_file(cells: list[NotebookCell], title: str) -> str:
    """The cells in the percent format: `# %%` code cells, `# %% [markdown]` prose as comments."""
    parts = [f"# {title}\n# 강의 페이지의 셀을 차례대로 담은 파일입니다. `# %%`마다 한 셀입니다."]
    for c in cells:
        if c.kind == "markdown":
            parts.append("# %% [markdown]\n" + "\n".join(("# " + line).rstrip() for line in c.source.splitlines()))
        else:
            parts.append("# %%\n" + c.source)
    return "\n\n".join(parts) + "\n"


# --------------------------------------------------------------------------- the MkDocs hook

_made: dict[Path, str] = {}       # file under site_dir → its text


def download_stem(src_path: str) -> str:
    """unit2/spam.md → "unit2-spam": the downloaded files' names say which page they are."""
    return posixpath.splitext(src_path)[0].replace("/", "-")


def on_pre_build(config):
    _made.clear()


def on_page_content(html, page, config, files):
    src = page.file.src_uri
    markdown_text = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    if not is_lesson(src) or "```pycell" not in markdown_text:
        return html
    cells = notebook_cells(markdown_text, src, config["site_url"] or "/", wheel_name())
    title, stem = page.title or src, download_stem(src)
    folder = Path(config["site_dir"]) / page.url
    _made[folder / f"{stem}.ipynb"] = notebook_json(cells, title)
    _made[folder / f"{stem}.py"] = python_file(cells, title)
    links = (f'<p class="nl-downloads">'
             f'<a href="{stem}.ipynb" download>노트북으로 받기</a>'
             f'<a href="{stem}.py" download>.py로 받기</a></p>')
    at = html.find("</h1>")
    return html[: at + 5] + links + html[at + 5:] if at >= 0 else links + html


def on_post_build(config):
    for path, text in _made.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
