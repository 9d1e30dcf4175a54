"""The `pycell` fence's parser (mkdocs_hooks/cell_format.py) and the comparison of a cell's printed
output with its `#| output` section (mkdocs_hooks/cell_outputs.py), on small pages written here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from mkdocs_hooks.cell_format import CellFormatError, page_cells  # noqa: E402
from mkdocs_hooks.cell_outputs import outputs_match  # noqa: E402
from mkdocs_hooks.cell_runs import plan  # noqa: E402

EXERCISE = '''```pycell exercise="double"
def double(x):
    ...
#| check
assert double(2) == 4, "double(2) should be 4"
#| hint
Multiply by **two**.
#| hint
`return 2 * x`
#| solution
def double(x):
    return 2 * x
```
'''


def test_flags_and_sections_become_a_cell():
    text = ('```pycell setup id="imports"\nimport numpy as np\n```\n\n'
            '```pycell readonly training id="train"\nprint(1)\n#| output\n1\n```\n\n' + EXERCISE)
    setup, train, exercise = page_cells(text)
    assert (setup.kind, setup.setup, setup.code) == ("setup", True, "import numpy as np")
    assert (train.readonly, train.training, train.output, train.key) == (True, True, "1", "train")
    assert exercise.kind == "exercise" and exercise.key == "double"
    assert exercise.code == "def double(x):\n    ..."
    assert exercise.check == 'assert double(2) == 4, "double(2) should be 4"'
    assert exercise.hints == ["Multiply by **two**.", "`return 2 * x`"]
    assert exercise.solution == "def double(x):\n    return 2 * x"


def test_cells_are_found_where_the_site_renders_them_in_its_order():
    """Inside an admonition, a folded block and a content tab; not inside another code block."""
    text = ('!!! note "A"\n\n    ```pycell id="in-admonition"\n    a = 1\n    ```\n\n'
            '??? info "B"\n\n    ```pycell id="in-details"\n    b = 2\n    ```\n\n'
            '=== "C"\n\n    ```pycell id="in-tab"\n    c = 3\n    ```\n\n'
            '````markdown\n```pycell id="only-an-example"\nd = 4\n```\n````\n\n'
            '```pycell id="last"\ne = 5\n```\n')
    cells = page_cells(text)
    assert [c.key for c in cells] == ["in-admonition", "in-details", "in-tab", "last"]
    assert [c.code for c in cells] == ["a = 1", "b = 2", "c = 3", "e = 5"], "the indentation is the block's"


@pytest.mark.parametrize(("fence", "says"), [
    ('```pycell id="x" colour="red"\nx = 1\n```', "unknown pycell option 'colour'"),
    ('```pycell setup="yes" id="x"\nx = 1\n```', "takes no value"),
    ('```pycell id="x y"\nx = 1\n```', "use letters, digits"),
    ('```pycell setup exercise="x"\nx = 1\n#| check\n#| solution\n```', "both `setup` and an exercise"),
    ('```pycell exercise="x"\nx = 1\n#| check\nassert x\n```', "exactly one `#| check` and one `#| solution`"),
    ('```pycell id="x"\nx = 1\n#| hint\nno\n```', "belong to exercises"),
    ('```pycell raises="Oops" id="x"\nx = 1\n```', "name a built-in exception"),
    ('```pycell include="nlplab.rnn:rnn_forward" id="x"\n```', "unknown pycell option 'include'"),

    ('```pycell id="p" predict\ny = 1\n#| predict\nquestion: q?\nvalue: y\n```', "`answer:` is missing"),
    ('```pycell id="p" predict\ny = 1\n#| predict\nvalue: y\nanswer: 1\n```', "`question:` is missing"),
    ('```pycell id="p" predict\ny = 1\n#| predict\nquestion: q?\nanswer: 1\n```', "`value:` is missing"),
    ('```pycell id="p" predict\ny = 1\n#| predict\nquestion: q?\nvalue: y +\nanswer: 1\n```', "value 'y +' is not a Python expression"),
    ('```pycell id="p" predict\ny = 1\n#| predict\nquestion: q?\nvalue: y\nanswer: 두 개\n```', "answer '두 개' is not a Python literal"),
    ('```pycell id="p" predict\ny = 1\n#| predict\nquestion: q?\nvalue: y\nanswer: 1\nchoice: 1\n```', "one `choice:` is no choice"),
    ('```pycell id="p" predict\ny = 1\n#| predict\nquestion: q?\nvalue: y\nanswer: 3\nchoice: 1\nchoice: 2\nwhy: w\n```', "the answer '3' must be one of the choices"),
    ('```pycell id="p" predict\ny = 1\n#| predict\nquestion: q?\nvalue: y\nanswer: 1\nchoice: 1\nchoice: 1\nwhy: w\n```', "choice '1' is given twice"),
    ('```pycell id="p" predict\ny = 1\n#| predict\nquestion: q?\nvalue: y\nanswer: 1\nchoice: 1\nchoice: 2\n```', "`why:` is missing"),
    ('```pycell id="p" predict\ny = 1\n#| predict\nquestion: q?\nvalue: y\nanswer: 1\ntolerance: -1\n```', "tolerance '-1' must be a number >= 0"),
    ('```pycell id="p" predict\ny = 1\n#| predict\nquestion: q?\nquestion: again?\nvalue: y\nanswer: 1\n```', "`question:` is given 2 times"),
    ('```pycell id="p" predict\ny = 1\n#| predict\ny is 1\n```', "a line must start with one of question:"),
    ('```pycell id="p" predict\ny = 1\n```', "exactly one `#| predict` section"),
    ('```pycell id="p"\ny = 1\n#| predict\nquestion: q?\nvalue: y\nanswer: 1\n```', "needs the flag `predict`"),
    ('```pycell setup predict id="p"\ny = 1\n```', "`predict` is for ordinary cells"),
])
def test_a_malformed_fence_is_refused_with_what_to_write(fence, says):
    with pytest.raises(Exception) as caught:
        page_cells(fence + "\n")
    assert says in str(caught.value)
    assert isinstance(caught.value.__cause__, CellFormatError)


def test_a_predict_section_becomes_the_cells_prediction():
    text = ('```pycell id="shape" predict\ny = np.arange(12).reshape(2, -1)\n#| predict\n'
            'question: `y`의 모양은\n  무엇일까요?\nvalue: y.shape\nanswer: (2, 6)\n'
            'choice: (6, 2)\nchoice: (2, 6)\nwhy: 12 / 2 = 6\n#| output\n(2, 6)\n```\n'
            '```pycell id="typed" predict\nz = 0.5\n#| predict\nquestion: z?\nvalue: z\nanswer: 0.5\n'
            'tolerance: 0.01\n```\n')
    shape, typed = page_cells(text)
    assert shape.code == "y = np.arange(12).reshape(2, -1)" and shape.output == "(2, 6)"
    p = shape.prediction
    assert (p.question, p.value, p.answer, p.choices, p.why, p.tolerance, p.typed) == (
        "`y`의 모양은\n무엇일까요?", "y.shape", "(2, 6)", ["(6, 2)", "(2, 6)"], "12 / 2 = 6", None, False)
    assert (typed.prediction.typed, typed.prediction.tolerance, typed.prediction.why) == (True, 0.01, "")


def test_the_plan_runs_setup_first_and_each_exercise_twice():
    text = ('```pycell id="first"\nx = 1\n```\n' + EXERCISE +
            '```pycell setup id="imports"\nimport math\n```\n```pycell endless id="loop"\nwhile True: pass\n```\n')
    steps = plan(page_cells(text))
    assert [(s.label, s.role, s.scratch) for s in steps] == [
        ("준비 1", "setup", False), ("cell 1", "code", False), ("cell 2", "starter", True),
        ("cell 2", "solution", False), ("cell 3", "endless", False)]
    assert [s.filename for s in steps] == ["<준비 코드 1>", "<셀 1>", "<셀 2>", "<셀 2>", "<셀 3>"]
    assert [s.index for s in steps] == [2, 0, 1, 1, 3], "the cell's position on the page"


# --------------------------------------------------------------------------- outputs


@pytest.mark.parametrize(("expected", "printed"), [
    ("x = [0 1 2]", "x = [0 1 2]\n"),
    ("a   b\tc", "a b c"),                                 # white space runs are one space
    ("loss 0.1234567", "loss 0.12345678"),                 # within a relative 1e-6
    ("[[ 1.  -0.5]]", "[[1. -0.5]]"),
    ("nan inf -inf", "nan inf -inf"),
    ("start\n...\nend", "start\nend"),                     # `...` matches no line,
    ("start\n...\nend", "start\n1\n2\n3\nend"),            # or any lines
    ("...\nlast", "a\nb\nlast"),
    ("first\n...", "first\nanything\nat all"),
    ("a\n...\nb\n...\nc", "a\nx\nb\ny\nz\nc"),
])
def test_outputs_that_match(expected, printed):
    assert outputs_match(expected, printed) == (True, "")


@pytest.mark.parametrize(("expected", "printed", "line"), [
    ("x = 1\ny = 2", "x = 1\ny = 3", "2: 'y = 2'"),
    ("loss 0.1234", "loss 0.1235", "1: 'loss 0.1234'"),     # beyond the tolerance
    ("a b", "a b c", "1: 'a b'"),
    ("a\nb", "a", "2: 'b'"),
    ("a", "a\nb", "2: '(end of output)'"),                # more printed than recorded
    ("start\n...\nend", "start\nmiddle", "3: 'end'"),      # the wildcard cannot invent `end`
    ("nan", "1.0", "1: 'nan'"),                            # NaN is no number
    ("1.0", "nan", "1: '1.0'"),
    ("inf", "1e308", "1: 'inf'"),                          # an infinity is no large number
    ("-inf", "inf", "1: '-inf'"),
])
def test_outputs_that_differ_name_the_first_expected_line(expected, printed, line):
    matched, message = outputs_match(expected, printed)
    assert not matched
    assert f"output differs at expected line {line}" in message
    assert message.endswith(f"--- expected ---\n{expected}\n--- printed ---\n{printed}")
