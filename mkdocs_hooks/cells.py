"""Runnable cells in Markdown: the `pycell` fence.

This module is the one definition of the cell format. MkDocs loads it as a hook (mkdocs.yml
`hooks:`) to render the fences; the tests import it to find and run the same cells natively.

The format
----------
A cell is a fenced block whose language is `pycell`, followed by optional flags:

    ```pycell
    x = np.arange(3)
    print(x)
    ```

    flags (any order):
      setup             hidden set-up code; runs before the page's first run (shown folded)
      readonly          runnable, not editable
      training          a declared training demo: may run up to 20 s, shows live progress
      endless           runs until stopped, by design (the Stop demo); tests stop it
      raises="ZeroDivisionError"
                        raises that exception, by design (the error demo); tests check it does
      id="name"         the cell's id, required on every cell but exercises (whose id is their
                        name): unique on its page, never to be changed once published, since the
                        learner's saved edits are kept under it (see "Cell identity" below)
      include="nlplab.rnn:rnn_step_forward"
                        start the cell with that function's (or class's) real source from
                        pysrc/nlplab, so the learner edits the library's own code
      exercise="name"   an exercise; its body has sections:

    ```pycell exercise="one-hot"
    def one_hot(indices, num_classes):
        ...                                   # starter code: what the learner sees
    #| check
    check_array("one_hot([0, 2], 3)", one_hot([0, 2], 3), expected)
    #| hint
    첫 번째 힌트 (Markdown).
    #| hint
    두 번째 힌트.
    #| solution
    def one_hot(indices, num_classes):
        ...
    ```

Any ordinary cell may end with an `#| output` section: the text it prints. The page shows it
(also without JavaScript), and the tests compare it with what the cell really prints, natively
and in the browser: numbers within a relative 1e-6, a line of just `...` matching any lines.

The check runs in the page's namespace after the learner's code; it passes when it finishes
and fails with the message of the AssertionError it raises (nlplab.checking builds those
messages: shape, dtype, and the first index that differs, with both values).

Without JavaScript a cell is ordinary highlighted code (hints and solution in folded blocks).
With it, the runtime (web/src) turns the root element into an editor with Run/Stop buttons.

The HTML
--------
    <div class="nl-cell nl-cell--{code|setup|exercise}" data-cell-index data-cell-kind
         data-cell-id [data-cell-legacy-id] data-cell-digest data-cell-state="idle" [data-cell-readonly] [data-cell-training]
         [data-cell-endless] [data-cell-raises="ZeroDivisionError"]>
      <template class="nl-cell-data" data-search-exclude>{"code": …, "check": …, "solution": …, "hints": [html, …]}</template>
      …the highlighted code (and, for exercises, folded hints and solution)…
    </div>

The runtime keeps `data-cell-state` (idle | queued | running | done | error) current.

Cell identity: every cell has an explicit id (`id=` or, for an exercise, `exercise=`), and the
build refuses a page with a cell without one or with two cells of one id. The learner's edits
are saved under `nlplab:v1:edit:<page>:<id>` and exercise progress under the exercise's name, so
inserting, removing or moving cells never moves a learner's work onto another cell. Builds up to
the commit that introduced this rule numbered the cells without an id by position (`cell-0`,
`cell-1`, ...); `legacy_cell_ids.json` records, page by page, which id each of those positions
now has, the page carries it as `data-cell-legacy-id`, and the runtime moves an edit saved under
the old key to the new one (web/src/storage.ts). Ids of that positional form are refused, so an
old key can never name a different cell. The table only shrinks: when a cell it names is deleted,
delete its entry too (the build says so).

Sliders: a top-level line `name = 0.9  # slider: 0.1, 2.0, 0.1` (min, max, optional step) gets
a range input above the editor; moving it rewrites the literal and re-runs the cell. It stays
plain Python, so the cell runs natively too.

Figures: `plt.show()` sends every open figure at once (showing the same figure number again
replaces its image, for live plots); at the end of the cell open figures are sent and closed.
"""

from __future__ import annotations

import ast
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parent.parent
PYSRC = ROOT / "pysrc"

FENCE_NAME = "pycell"
FLAGS = {"setup", "readonly", "training", "endless"}
VALUED = {"id", "include", "exercise", "raises"}
SECTION_RE = re.compile(r"^#\|\s*(check|hint|solution|output)\s*$")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
POSITIONAL_ID_RE = re.compile(r"^cell-\d+$")
LEGACY_IDS = Path(__file__).resolve().with_name("legacy_cell_ids.json")


class CellFormatError(ValueError):
    """A malformed cell: the message says which cell and what to write instead."""


@dataclass
class Cell:
    code: str                      # what the editor shows first (starter code for an exercise)
    setup: bool = False
    readonly: bool = False
    training: bool = False
    endless: bool = False
    raises: str | None = None
    id: str | None = None
    include: str | None = None
    exercise: str | None = None
    check: str = ""
    hints: list[str] = field(default_factory=list)   # Markdown
    solution: str = ""
    output: str | None = None      # the stdout the cell prints (checked natively and in the browser)

    @property
    def key(self) -> str | None:
        """The id the page and the learner's saved work know the cell by."""
        return self.id or self.exercise

    @property
    def kind(self) -> str:
        return "setup" if self.setup else "exercise" if self.exercise else "code"

    @property
    def digest(self) -> str:
        """Changes whenever the cell's original changes, so stale saved edits are not applied."""
        payload = json.dumps([self.code, self.check, self.solution, self.output], ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()[:12]


# --------------------------------------------------------------------------- parsing


def parse_options(inputs: dict[str, str]) -> dict[str, str | bool]:
    """Check a fence's flags; superfences gives bare flags as {name: name}."""
    options: dict[str, str | bool] = {}
    for key, value in inputs.items():
        if key in FLAGS:
            if value != key:
                raise CellFormatError(f"pycell flag {key!r} takes no value (write just `{key}`)")
            options[key] = True
        elif key in VALUED:
            if value == key or not value:
                raise CellFormatError(f'pycell option {key!r} needs a value, e.g. {key}="name"')
            if key in ("id", "exercise") and not ID_RE.match(value):
                raise CellFormatError(f"pycell {key}={value!r}: use letters, digits, '-' and '_' only")
            if key in ("id", "exercise") and POSITIONAL_ID_RE.match(value):
                raise CellFormatError(
                    f"pycell {key}={value!r}: ids of the form cell-N are the positional ids of older "
                    f"builds (learners' edits saved under them are migrated, see legacy_cell_ids.json); "
                    f"choose a name that says what the cell does")
            options[key] = value
        else:
            known = ", ".join(sorted(FLAGS | VALUED))
            raise CellFormatError(f"unknown pycell option {key!r}; known options: {known}")
    if options.get("setup") and options.get("exercise"):
        raise CellFormatError("a pycell cannot be both `setup` and an exercise")
    if (options.get("endless") or options.get("raises")) and (options.get("setup") or options.get("exercise")):
        raise CellFormatError("`endless` and `raises` are for ordinary demo cells, not setup cells or exercises")
    if "raises" in options and not re.fullmatch(r"[A-Z][A-Za-z]*(Error|Exception|Interrupt)", str(options["raises"])):
        raise CellFormatError(f'raises="{options["raises"]}": name a built-in exception such as "ZeroDivisionError"')
    return options


def split_sections(body: str) -> tuple[str, dict[str, list[str]]]:
    """Split a body at `#| check`, `#| hint`, `#| solution`, `#| output` lines."""
    head: list[str] = []
    sections: dict[str, list[str]] = {"check": [], "hint": [], "solution": [], "output": []}
    current: list[str] | None = None
    current_name = None
    for line in body.splitlines():
        m = SECTION_RE.match(line.strip())
        if m:
            if current is not None:
                sections[current_name].append("\n".join(current).strip("\n"))
            current_name, current = m.group(1), []
        elif current is None:
            head.append(line)
        else:
            current.append(line)
    if current is not None:
        sections[current_name].append("\n".join(current).strip("\n"))
    return "\n".join(head).strip("\n"), sections


def include_source(target: str) -> str:
    """The source of a top-level function or class in pysrc, e.g. "nlplab.rnn:rnn_step_forward"."""
    module, _, name = target.partition(":")
    if not module or not name:
        raise CellFormatError(f'include="{target}": write include="package.module:function"')
    path = PYSRC.joinpath(*module.split(".")).with_suffix(".py")
    if not path.exists():
        path = PYSRC.joinpath(*module.split("."), "__init__.py")
    if not path.exists():
        raise CellFormatError(f'include="{target}": no module {module} under pysrc/')
    source = path.read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            lines = source.splitlines()
            start = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
            return "\n".join(lines[start:node.end_lineno])
    raise CellFormatError(f'include="{target}": {module} has no top-level function or class {name!r}')


def make_cell(body: str, options: dict[str, str | bool]) -> Cell:
    code, sections = split_sections(body.strip("\n"))
    cell = Cell(code=code, **{k: v for k, v in options.items()})
    if len(sections["output"]) > 1:
        raise CellFormatError("a pycell has at most one `#| output` section")
    if sections["output"]:
        if cell.exercise or cell.setup:
            raise CellFormatError("`#| output` belongs to ordinary cells, not to exercises or setup cells")
        cell.output = sections["output"][0]
    if cell.exercise:
        if len(sections["check"]) != 1 or len(sections["solution"]) != 1:
            raise CellFormatError(
                f"exercise {cell.exercise!r} needs exactly one `#| check` and one `#| solution` "
                f"section (found {len(sections['check'])} and {len(sections['solution'])})"
            )
        cell.check, cell.solution = sections["check"][0], sections["solution"][0]
        cell.hints = sections["hint"]
    elif sections["check"] or sections["hint"] or sections["solution"]:
        raise CellFormatError("`#| check`, `#| hint` and `#| solution` belong to exercises; "
                              "add exercise=\"name\" to the fence")
    if cell.include:
        included = include_source(cell.include)
        cell.code = included + ("\n\n" + cell.code if cell.code else "")
    return cell


FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*pycell\b(?P<header>[^\n]*)$")
OPTION_RE = re.compile(r"""(?P<key>[A-Za-z][A-Za-z0-9_]*)(?:=(?P<quot>["'])(?P<value>.*?)(?P=quot))?""")


def page_cells(markdown_text: str) -> list[Cell]:
    """Every pycell of a page, in order, as the hook renders them (used by the native tests)."""
    cells: list[Cell] = []
    lines = markdown_text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE_RE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence = m.group("indent"), m.group("fence")
        inputs = {o.group("key"): o.group("value") if o.group("value") is not None else o.group("key")
                  for o in OPTION_RE.finditer(m.group("header"))}
        body: list[str] = []
        i += 1
        while i < len(lines) and lines[i].strip() != fence:
            line = lines[i]
            body.append(line[len(indent):] if line.startswith(indent) else line.lstrip())
            i += 1
        i += 1
        cells.append(make_cell("\n".join(body), parse_options(inputs)))
    return cells


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


# --------------------------------------------------------------------------- outputs

NUMBER_RE = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|[-+]?\b(?:nan|inf)\b")


def _line_tokens(line: str) -> list[str | float]:
    tokens: list[str | float] = []
    position = 0
    for m in NUMBER_RE.finditer(line):
        text = " ".join(line[position:m.start()].split())
        if text:
            tokens.append(text)
        tokens.append(float(m.group()))
        position = m.end()
    rest = " ".join(line[position:].split())
    if rest:
        tokens.append(rest)
    return tokens


def _lines_match(expected: str, actual: str, rtol: float, atol: float) -> bool:
    a, b = _line_tokens(expected), _line_tokens(actual)
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if isinstance(x, float) and isinstance(y, float):
            if x != x and y != y:          # both NaN
                continue
            if abs(x - y) > atol + rtol * max(abs(x), abs(y)):
                return False
        elif x != y:
            return False
    return True


def outputs_match(expected: str, actual: str, rtol: float = 1e-6, atol: float = 1e-9) -> tuple[bool, str]:
    """Compare a cell's recorded `#| output` with what it printed.

    Whitespace runs count as one space, numbers match within `rtol`/`atol` (BLAS and
    platforms differ in the last bits), and a line of just `...` matches any lines.
    Returns (matched, a message naming the first line that differs).
    """
    want = [line.rstrip() for line in expected.strip("\n").splitlines()]
    got = [line.rstrip() for line in actual.strip("\n").splitlines()]

    def match(i: int, j: int) -> int:
        """-1 on success, else the index in `want` of the first line that failed."""
        if i == len(want):
            return -1 if j == len(got) else i
        if want[i].strip() == "...":
            worst = i + 1
            for k in range(j, len(got) + 1):
                failed = match(i + 1, k)
                if failed == -1:
                    return -1
                worst = max(worst, failed)
            return worst
        if j < len(got) and _lines_match(want[i], got[j], rtol, atol):
            return match(i + 1, j + 1)
        return i

    failed = match(0, 0)
    if failed == -1:
        return True, ""
    line = want[failed] if failed < len(want) else "(end of output)"
    return False, (f"output differs at expected line {failed + 1}: {line!r}\n"
                   f"--- expected ---\n{expected}\n--- printed ---\n{actual}")


# --------------------------------------------------------------------------- rendering

_hint_md = None


def render_markdown(text: str) -> str:
    global _hint_md
    if _hint_md is None:
        _hint_md = markdown.Markdown(extensions=[
            "pymdownx.arithmatex", "pymdownx.inlinehilite", "pymdownx.superfences", "pymdownx.highlight",
        ], extension_configs={"pymdownx.arithmatex": {"generic": True}})
    _hint_md.reset()
    return _hint_md.convert(text)


def json_data(data: dict) -> str:
    """The cell's data as JSON in an inert <template>.

    Not a <script type="application/json">: Material's instant navigation re-creates every
    <script> in the page content as a classic script (copying only its text), so JSON blocks
    would run as JavaScript (a SyntaxError per cell) and lose their class. A <template>'s
    content is never rendered, run or re-created. "<", ">" and "&" are escaped as JSON
    \\u escapes, so the HTML parser hands back exactly the JSON text.

    `data-search-exclude` keeps the payload out of Material's search index (its parser skips
    such elements): the code is indexed once, from the highlighted listing beside it.
    """
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<template class="nl-cell-data" data-search-exclude>{text}</template>'


def highlight(md, code: str) -> str:
    fences = md.preprocessors["fenced_code_block"]
    return fences.highlight(src=code, language="python", options={}, md=md,
                            classes=[], id_value="", attrs={})


class PageCounter:
    """The page being rendered (the hook resets it per page): its cells' positions and legacy ids."""
    index = 0
    legacy: dict[str, str] = {}     # the cell's id -> the positional id older builds gave it


def render_cell(cell: Cell, md) -> str:
    index = PageCounter.index
    PageCounter.index += 1
    if cell.key is None:
        raise CellFormatError("a pycell needs an id: add id=\"...\" to its fence (unique on the page)")
    attrs = {
        "class": f"nl-cell nl-cell--{cell.kind}",
        "data-cell-index": str(index),
        "data-cell-kind": cell.kind,
        "data-cell-id": cell.key,
        "data-cell-digest": cell.digest,
        "data-cell-state": "idle",
    }
    if cell.key in PageCounter.legacy:
        attrs["data-cell-legacy-id"] = PageCounter.legacy[cell.key]
    if cell.readonly:
        attrs["data-cell-readonly"] = ""
    if cell.training:
        attrs["data-cell-training"] = ""
    if cell.endless:
        attrs["data-cell-endless"] = ""
    if cell.raises:
        attrs["data-cell-raises"] = cell.raises
    data = {"code": cell.code}
    if cell.output is not None:
        data["output"] = cell.output
    if cell.exercise:
        data.update(check=cell.check, solution=cell.solution,
                    hints=[render_markdown(h) for h in cell.hints])
    head = "<div " + " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items()) + ">"
    parts = [head, json_data(data)]
    if cell.setup:
        parts.append('<details class="nl-setup-static"><summary>준비 코드</summary>')
        parts.append(highlight(md, cell.code))
        parts.append("</details>")
    else:
        parts.append(highlight(md, cell.code))
    if cell.output is not None:
        parts.append('<pre class="nl-expected-output" aria-label="저장된 출력"><code>'
                     + html.escape(cell.output) + "</code></pre>")
    if cell.exercise:
        for n, hint_html in enumerate(data["hints"], 1):
            parts.append(f'<details class="nl-static-hint"><summary>힌트 {n}</summary>{hint_html}</details>')
        parts.append('<details class="nl-static-solution"><summary>풀이</summary>')
        parts.append(highlight(md, cell.solution))
        parts.append("</details>")
    parts.append("</div>")
    return "".join(parts)


def _validator(language, inputs, options, attrs, md):
    from pymdownx.superfences import SuperFencesException
    try:
        options.update(parse_options(inputs))
    except CellFormatError as error:
        raise SuperFencesException(str(error)) from error
    return True


def _formatter(src, language, class_name, options, md, **kwargs):
    from pymdownx.superfences import SuperFencesException
    try:
        cell = make_cell(src, options)
    except CellFormatError as error:
        raise SuperFencesException(str(error)) from error
    return render_cell(cell, md)


# --------------------------------------------------------------------------- MkDocs hook


def on_config(config):
    mdx = config["mdx_configs"].setdefault("pymdownx.superfences", {})
    fences = [f for f in mdx.get("custom_fences", []) if f.get("name") != FENCE_NAME]
    fences.append({"name": FENCE_NAME, "class": FENCE_NAME, "format": _formatter, "validator": _validator})
    mdx["custom_fences"] = fences
    return config


def on_page_markdown(markdown_text, page, config, files):
    from mkdocs.exceptions import PluginError

    PageCounter.index = 0
    try:
        check_cell_ids(page_cells(markdown_text), page.file.src_uri)
    except CellFormatError as error:
        raise PluginError(str(error)) from error
    PageCounter.legacy = {new: old for old, new in legacy_ids(page.file.src_uri).items()}
    return markdown_text
