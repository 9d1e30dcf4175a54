"""A cell's HTML: what the page holds without JavaScript, and what the runtime (web/src) reads.

    <div class="nl-cell nl-cell--{code|setup|exercise}" data-cell-index data-cell-kind
         data-cell-id [data-cell-legacy-id] data-cell-digest data-cell-state="idle"
         [data-cell-readonly] [data-cell-training] [data-cell-endless] [data-cell-predict]>
      <template class="nl-cell-data" data-search-exclude>{"code": …, "check": …, "solution": …, "hints": [html, …],
        "predict": {"question": html, "value", "answer", "choices": […], "why": html, "tolerance"}}</template>
      …the highlighted code (and, for exercises, folded hints and solution; for a cell with
       `#| output`, the output it prints)…
    </div>

Without JavaScript a cell is ordinary highlighted code (hints and solution in folded blocks).
With it, the runtime (web/src/cell.ts) turns the root element into an editor with Run/Stop
buttons and keeps `data-cell-state` (idle | queued | running | done | error) current.

CELL_MARK is a contract with overrides/main.html, which loads boot.js (the early start of Python)
on a page exactly when its content holds it; tests/build/test_site_static.py checks the pairing.
"""

from __future__ import annotations

import html
import json

from mkdocs_hooks.cell_format import Cell, CellFormatError

CELL_MARK = 'class="nl-cell '
_hint_md = None


def render_markdown(text: str) -> str:
    global _hint_md
    if _hint_md is None:
        import markdown

        _hint_md = markdown.Markdown(extensions=[
            "pymdownx.arithmatex", "pymdownx.inlinehilite", "pymdownx.superfences", "pymdownx.highlight",
        ], extension_configs={"pymdownx.arithmatex": {"generic": True}})
    _hint_md.reset()
    return _hint_md.convert(text)


def render_inline(text: str) -> str:
    """Markdown of one paragraph without its <p> (a prediction's question is a <legend>'s text)."""
    rendered = render_markdown(text).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered


def json_data(data: dict, class_name: str = "nl-cell-data") -> str:
    """The cell's data (or any build-time data the runtime reads) as JSON in an inert <template>.

    Not a <script type="application/json">: Material's instant navigation re-creates every
    <script> in the page content as a classic script (copying only its text), so JSON blocks
    would run as JavaScript (a SyntaxError per cell) and lose their class. A <template>'s
    content is never rendered, run or re-created. "<", ">" and "&" are escaped as JSON
    \\u escapes, so the HTML parser hands back exactly the JSON text.

    `data-search-exclude` keeps the payload out of Material's search index (its parser skips
    such elements): the code is indexed once, from the highlighted listing beside it.
    """
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<template class="{class_name}" data-search-exclude>{text}</template>'


def highlight(md, code: str) -> str:
    fences = md.preprocessors["fenced_code_block"]
    return fences.highlight(src=code, language="python", options={}, md=md,
                            classes=[], id_value="", attrs={})


def render_cell(cell: Cell, md, index: int, legacy_id: str | None = None) -> str:
    """The cell numbered `index` on its page (the order of page_cells), with the positional id older
    builds gave it (cell_ids.py), if any."""
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
    if legacy_id is not None:
        attrs["data-cell-legacy-id"] = legacy_id
    if cell.readonly:
        attrs["data-cell-readonly"] = ""
    if cell.training:
        attrs["data-cell-training"] = ""
    if cell.endless:
        attrs["data-cell-endless"] = ""
    if cell.prediction is not None:
        attrs["data-cell-predict"] = ""
    data: dict = {"code": cell.code}
    if cell.exercise:
        data.update(check=cell.check, solution=cell.solution,
                    hints=[render_markdown(h) for h in cell.hints])
    if cell.prediction is not None:
        p = cell.prediction
        data["predict"] = {"question": render_inline(p.question), "value": p.value, "answer": p.answer,
                           "choices": p.choices, "why": render_markdown(p.why) if p.why else "",
                           "tolerance": p.tolerance}
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
