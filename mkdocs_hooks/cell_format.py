"""Runnable cells in Markdown: the `pycell` fence, its one definition.

The site renders the fences (cells.py, the MkDocs hook, with cell_html.py); the tests, the
benchmark and the scripts find the same cells with `page_cells`, through the same parser as the
site: pymdownx.superfences with the site's Markdown extensions (mkdocs.yml), so a cell inside an
admonition, a folded block or a tab is found exactly when the site renders it, in the order the
site numbers them (`data-cell-index`).

The format
----------
A cell is a fenced block whose language is `pycell`, followed by optional flags:

    ```pycell id="arange"
    x = np.arange(3)
    print(x)
    ```

    flags (any order):
      setup             hidden set-up code; runs before the page's first run (shown folded)
      readonly          runnable, not editable
      training          a declared training demo: shows live progress; its target is 10 s in
                        Chromium (bench/course_cells.py), against 2 s for an ordinary cell
      endless           runs until stopped, by design (the Stop demo); tests stop it
      raises="ZeroDivisionError"
                        raises that exception, by design (the error demo); tests check it does
      id="name"         the cell's id, required on every cell but exercises (whose id is their
                        name): unique on its page, never to be changed once published, since the
                        learner's saved edits are kept under it (cell_ids.py)
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

Predict, then run: an ordinary cell with the flag `predict` has a `#| predict` section, whose
lines are `key: value` (a line without a key continues the line above it):

    ```pycell id="reshape-shape" predict
    y = np.arange(12).reshape(2, -1)
    #| predict
    question: `y`의 모양은 무엇일까요?        (Markdown, required)
    value: y.shape                         (a Python expression, required: what the cell computes,
                                            evaluated in the page's namespace after the cell runs)
    answer: (2, 6)                         (a Python literal, required: the right prediction)
    choice: (6, 2)                         (Python literals: none, to type the prediction, or two
    choice: (2, 6)                          or more, the answer among them, each once)
    why: 12개를 2행으로 나누면 …           (Markdown: why the answer is right; required with choices)
    tolerance: 0.01                        (optional: how far a typed number may be from the value)
    ```

The page asks the prediction before the cell's first run, runs the cell and compares the
prediction with `value` by nlplab.checking.check_prediction (shapes, dtypes, numbers within a
tolerance). The course tests (tests/course/test_prediction_answers.py) check every `answer` against the
value the cell really computes, and every other choice against it too: it must be wrong.

Any ordinary cell may end with an `#| output` section: the text it prints. The page shows it
(also without JavaScript), and the tests compare it with what the cell really prints, natively
and in the browser (cell_outputs.py: numbers within a relative 1e-6, a line of just `...`
matching any lines).

The check runs in the page's namespace after the learner's code; it passes when it finishes
and fails with the message of the AssertionError it raises (nlplab.checking builds those
messages: shape, dtype, and the first index that differs, with both values). How a page's cells
run, setup first and each exercise twice, is cell_runs.py.

Sliders: a top-level line `name = 0.9  # slider: 0.1, 2.0, 0.1` (min, max, optional step) gets
a range input above the editor; moving it rewrites the literal and re-runs the cell. Text fields:
a top-level line `review = "배우들 연기는 좋았는데"  # 입력: 내 리뷰` (a one-line string literal without
prefix; the label after `입력:` is optional, the name stands in for it) gets a labelled text field
above the editor; Enter or 넣고 실행 writes the text into the literal (escaped) and re-runs the
cell. Both stay plain Python, so the cell runs natively too (web/src/params.ts).

Figures: `plt.show()` sends every open figure at once (showing the same figure number again
replaces its image, for live plots); at the end of the cell open figures are sent and closed.
"""

from __future__ import annotations

import functools
import hashlib
import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FENCE_NAME = "pycell"
FLAGS = {"setup", "readonly", "training", "endless", "predict"}
VALUED = {"id", "exercise", "raises"}
SECTION_RE = re.compile(r"^#\|\s*(check|hint|solution|output|predict)\s*$")
PREDICT_KEYS = ("question", "value", "answer", "choice", "why", "tolerance")
PREDICT_KEY_RE = re.compile(r"^(" + "|".join(PREDICT_KEYS) + r"):\s?(.*)$")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
POSITIONAL_ID_RE = re.compile(r"^cell-\d+$")


class CellFormatError(ValueError):
    """A malformed cell: the message says which cell and what to write instead."""


@dataclass
class Prediction:
    """A `#| predict` section: what the learner predicts before the cell runs."""
    question: str                  # Markdown
    value: str                     # a Python expression, evaluated after the cell
    answer: str                    # a Python literal
    choices: list[str] = field(default_factory=list)   # Python literals; empty: the learner types
    why: str = ""                  # Markdown
    tolerance: float | None = None

    @property
    def typed(self) -> bool:
        return not self.choices


@dataclass
class Cell:
    code: str                      # what the editor shows first (starter code for an exercise)
    setup: bool = False
    readonly: bool = False
    training: bool = False
    endless: bool = False
    raises: str | None = None
    id: str | None = None
    exercise: str | None = None
    check: str = ""
    hints: list[str] = field(default_factory=list)   # Markdown
    solution: str = ""
    output: str | None = None      # the stdout the cell prints (checked natively and in the browser)
    predict: bool = False
    prediction: Prediction | None = None

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


# --------------------------------------------------------------------------- one fence


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
    if options.get("predict") and (options.get("setup") or options.get("exercise") or options.get("endless")
                                   or options.get("raises")):
        raise CellFormatError("`predict` is for ordinary cells that finish, not setup, exercise, endless "
                              "or raises cells")
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
    sections: dict[str, list[str]] = {"check": [], "hint": [], "solution": [], "output": [], "predict": []}
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


def make_cell(body: str, options: dict[str, str | bool]) -> Cell:
    code, sections = split_sections(body.strip("\n"))
    cell = Cell(code=code, **{k: v for k, v in options.items()})
    if len(sections["output"]) > 1:
        raise CellFormatError("a pycell has at most one `#| output` section")
    if sections["output"]:
        if cell.exercise or cell.setup:
            raise CellFormatError("`#| output` belongs to ordinary cells, not to exercises or setup cells")
        cell.output = sections["output"][0]
    if sections["predict"] or cell.predict:
        if not cell.predict or len(sections["predict"]) != 1:
            raise CellFormatError("a cell with the flag `predict` has exactly one `#| predict` section, "
                                  "and a `#| predict` section needs the flag `predict` on its fence")
        cell.prediction = parse_prediction(sections["predict"][0], cell.key)
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
    return cell


def _literal(text: str, what: str, where: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError) as error:
        raise CellFormatError(f"{where}: {what} {text!r} is not a Python literal ({error}); "
                              f"write e.g. (2, 6), 0.5 or '고양이'") from None


def parse_prediction(body: str, key: str | None) -> Prediction:
    """A `#| predict` section's `key: value` lines (see the module's docstring)."""
    where = f"the `#| predict` section of cell {key!r}"
    entries: list[list[str]] = []
    for line in body.splitlines():
        m = PREDICT_KEY_RE.match(line)
        if m:
            entries.append([m.group(1), m.group(2).strip()])
        elif not line.strip():
            continue
        elif entries:
            entries[-1][1] += "\n" + line.strip()
        else:
            raise CellFormatError(f"{where}: a line must start with one of {', '.join(k + ':' for k in PREDICT_KEYS)} "
                                  f"(found {line.strip()!r})")
    values: dict[str, list[str]] = {k: [v for name, v in entries if name == k] for k in PREDICT_KEYS}
    for single in ("question", "value", "answer", "why", "tolerance"):
        if len(values[single]) > 1:
            raise CellFormatError(f"{where}: `{single}:` is given {len(values[single])} times; give it once")
    for required in ("question", "value", "answer"):
        if not values[required] or not values[required][0]:
            raise CellFormatError(f"{where}: `{required}:` is missing")
    value = values["value"][0]
    try:
        ast.parse(value, mode="eval")
    except SyntaxError as error:
        raise CellFormatError(f"{where}: value {value!r} is not a Python expression ({error.msg})") from None
    answer = values["answer"][0]
    right = _literal(answer, "answer", where)
    choices = values["choice"]
    if len(choices) == 1:
        raise CellFormatError(f"{where}: one `choice:` is no choice; give two or more, or none to let the learner type")
    literals = [_literal(c, "choice", where) for c in choices]
    for k, x in enumerate(literals):
        if any(repr(x) == repr(y) for y in literals[:k]):
            raise CellFormatError(f"{where}: choice {choices[k]!r} is given twice")
    if choices and sum(repr(x) == repr(right) for x in literals) != 1:
        raise CellFormatError(f"{where}: the answer {answer!r} must be one of the choices ({', '.join(choices)})")
    if choices and not values["why"]:
        raise CellFormatError(f"{where}: `why:` is missing: say in a sentence why the answer is right")
    tolerance = None
    if values["tolerance"]:
        try:
            tolerance = float(values["tolerance"][0])
        except ValueError:
            tolerance = -1.0
        if not tolerance >= 0:
            raise CellFormatError(f"{where}: tolerance {values['tolerance'][0]!r} must be a number >= 0")
    return Prediction(question=values["question"][0], value=value, answer=answer, choices=choices,
                      why=values["why"][0] if values["why"] else "", tolerance=tolerance)


def superfence(render) -> dict:
    """The `pycell` entry of pymdownx.superfences' custom_fences: each fence becomes a Cell, and
    `render(cell, md)` says what the page gets for it. A malformed cell stops the build (superfences
    reports which page)."""
    from pymdownx.superfences import SuperFencesException

    def validator(language, inputs, options, attrs, md):
        try:
            options.update(parse_options(inputs))
        except CellFormatError as error:
            raise SuperFencesException(str(error)) from error
        return True

    def formatter(src, language, class_name, options, md, **kwargs):
        try:
            cell = make_cell(src, options)
        except CellFormatError as error:
            raise SuperFencesException(str(error)) from error
        return render(cell, md)

    return {"name": FENCE_NAME, "class": FENCE_NAME, "format": formatter, "validator": validator}


# --------------------------------------------------------------------------- a page's cells


@functools.lru_cache(maxsize=1)
def _site_markdown() -> tuple[list, dict]:
    """mkdocs.yml's Markdown extensions and their settings, as MkDocs reads them."""
    import yaml
    from mkdocs.utils.yaml import get_yaml_loader

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    names, settings = [], {}
    for item in config.get("markdown_extensions", []):
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        settings[name] = dict(options or {})
    return names, settings


def page_cells(markdown_text: str) -> list[Cell]:
    """Every pycell of a page, in the order the site renders them (data-cell-index)."""
    import markdown

    found: list[Cell] = []

    def collect(cell: Cell, md) -> str:
        found.append(cell)
        return ""

    names, settings = _site_markdown()
    markdown.Markdown(extensions=names, extension_configs=with_pycell(settings, collect)).convert(markdown_text)
    return found


def with_pycell(settings: dict, render) -> dict:
    """Markdown extension settings with the `pycell` fence among superfences' custom fences."""
    superfences = dict(settings.get("pymdownx.superfences") or {})
    superfences["custom_fences"] = [f for f in superfences.get("custom_fences", []) if f.get("name") != FENCE_NAME]
    superfences["custom_fences"].append(superfence(render))
    return {**settings, "pymdownx.superfences": superfences}
