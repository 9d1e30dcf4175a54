"""The runtime's error explanations (web/src/py/nl_explain.py), natively, through nl_running.run_cell
as the worker calls it: each case of explain_cases.py gets its Korean text, a name a cell above
defines offers 위 셀 모두 실행, and a failure of the explainer never hides the traceback.
"""

from __future__ import annotations

import json
import re
import sys
import types
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "web" / "src" / "py"))
sys.modules.setdefault("_nl_bridge", types.ModuleType("_nl_bridge"))   # the worker's bridge, unused here
import nl_explain  # noqa: E402
import nl_running  # noqa: E402
from explain_cases import CASES, NAME_ABOVE, NAME_CODE, NAME_PARTS  # noqa: E402

CELL = "<셀 10>"
INTP = np.dtype(np.intp).name
HANGUL = re.compile("[가-힣]")


@pytest.fixture(autouse=True)
def no_figures(monkeypatch):
    """Natively there is no page to send figures to: run_cell's show_figures (which acts once any
    test of the session has imported matplotlib.pyplot) would reach for pyodide.ffi."""
    monkeypatch.setattr(nl_running, "show_figures", lambda close=False: None)


def run(code: str, above=None, ns: str | None = None) -> dict:
    """Run a cell after the playground's setup cell (import numpy as np), in a fresh namespace.
    (Natively print() writes to the real stdout and no trailing value is shown: no bridge to send it.)"""
    key = ns or f"test-{id(code)}"
    nl_running.reset(key)
    assert json.loads(nl_running.run_cell(key, "import numpy as np\n", "<준비 코드 1>"))["ok"]
    return json.loads(nl_running.run_cell(key, code, CELL, None, False, json.dumps(above or [])))


@pytest.mark.parametrize("case", [c for c in CASES if not c.browser_only], ids=lambda c: c.id)
def test_each_mistake_gets_its_explanation(case):
    outcome = run(case.code)
    error = outcome["error"]
    assert error["name"] == case.error
    explanation = error["explanation"]
    assert [p["text"] for p in explanation["parts"]] == case.expected(INTP)
    assert explanation["runAbove"] is False
    # Code blocks (shapes, aligned) hold no Korean; every paragraph does.
    assert all(p["code"] == (not HANGUL.search(p["text"])) for p in explanation["parts"])
    # The traceback is still there, above the explanation, ending with NumPy's own message.
    assert error["traceback"].rstrip().splitlines()[-1].endswith(f"Error: {error['message'].rstrip()}")


def test_int64_bincount_works_on_a_64_bit_computer_as_the_explanation_says():
    case = next(c for c in CASES if c.id == "bincount-int64")
    if INTP != "int64":
        pytest.skip("np.intp is not int64 here")
    assert run(case.code)["ok"]


def test_a_name_defined_in_a_cell_above_offers_running_the_cells_above():
    error = run(NAME_CODE, above=NAME_ABOVE)["error"]
    assert error["name"] == "NameError"
    assert [p["text"] for p in error["explanation"]["parts"]] == list(NAME_PARTS)
    assert error["explanation"]["runAbove"] is True


def test_a_name_no_cell_above_defines_gets_no_explanation_but_np_gets_its_import():
    assert "explanation" not in run(NAME_CODE, above=[{"number": "1", "code": "z = 1"}])["error"]
    key = "no-numpy"
    nl_running.reset(key)
    error = json.loads(nl_running.run_cell(key, "x = np.zeros(3)\n", CELL))["error"]
    assert [p["text"] for p in error["explanation"]["parts"]] == [
        "np는 불러오기 전에는 쓸 수 없습니다. 셀 맨 위에 import numpy as np를 쓰고 다시 실행하세요."]


def test_bound_names_reads_every_kind_of_top_level_binding():
    source = """\
import numpy as np, os.path
from nlplab.rnn import rnn_forward as fwd
h, (c, *rest) = 1, (2, 3)
W: int = 3
for t in range(3):
    total = t
with open("f") as handle:
    pass
def step(x):
    inner = x
class Model:
    pass
if (n := 5):
    pass
squares = [k * k for k in range(3)]
"""
    assert nl_explain.bound_names(source) == {
        "np", "os", "fwd", "h", "c", "rest", "W", "t", "total", "handle", "step", "Model", "n", "squares"}
    assert nl_explain.bound_names("def broken(:") == set()


def test_operands_are_read_without_calling_anything_again(capsys):
    # The failing product's left operand is a call that prints: the explanation must not call it.
    outcome = run('def make():\n    print("made")\n    return np.ones((2, 3))\nmake() @ np.ones((4, 2))\n')
    assert capsys.readouterr().out == "made\n"
    parts = [p["text"] for p in outcome["error"]["explanation"]["parts"]]
    assert parts == ["make() @ np.ones((4, 2)): 행렬 곱에서 안쪽 축의 길이가 맞지 않습니다.",
                     "A @ B를 계산하려면 A의 마지막 축과 B의 끝에서 두 번째 축의 길이가 같아야 합니다. 그런데 "
                     "make()의 마지막 축은 길이가 3이고, np.ones((4, 2))의 끝에서 두 번째 축은 길이가 4입니다."]


def test_a_failing_explainer_leaves_the_traceback_as_it_is(monkeypatch, capfd):
    def broken(failure):
        raise RuntimeError("explainer bug")

    monkeypatch.setattr(nl_explain, "RULES", (broken,))
    case = CASES[0]
    error = run(case.code)["error"]
    assert "explanation" not in error
    assert error["name"] == "ValueError" and 'File "<셀 10>", line 3' in error["traceback"]
    assert "nl_explain: RuntimeError: explainer bug" in capfd.readouterr().err   # the console, for us


def test_without_the_learners_frame_the_message_alone_explains():
    # NumPy's message names the sizes; no frame, no operand names.
    try:
        np.ones((2, 3)) @ np.ones((4, 5))
    except ValueError as exc:
        found = nl_explain.explain(exc, None)
    assert [p["text"] for p in found["parts"]] == [
        "행렬 곱(@, np.matmul)에서 안쪽 축의 길이가 맞지 않습니다. 왼쪽 배열의 마지막 축은 길이가 3, 오른쪽 배열의 "
        "끝에서 두 번째 축은 길이가 4입니다. 두 길이가 같아야 곱할 수 있으니, 두 배열의 .shape를 print로 찍어 "
        "확인해 보세요."]
    assert nl_explain.explain(ZeroDivisionError("division by zero"), None) is None


@pytest.mark.parametrize("word, pair, expected", [
    ("W", "은/는", "W는"), ("n", "은/는", "n은"), ("x_train", "을/를", "x_train을"), ("12", "으로/로", "12로"),
    ("(5, 3)", "으로/로", "(5, 3)으로"), ("(5, -1)", "으로/로", "(5, -1)로"), ("10", "이/가", "10이"),
    ("행렬", "으로/로", "행렬로"), ("배열", "이/가", "배열이"), ("셀", "과/와", "셀과"), ("H", "은/는", "H는"),
    ("np.stack", "은/는", "np.stack은"), ("vector", "은/는", "vector는"), ("model", "으로/로", "model로"),
    ("r", "이/가", "r이"), ("embedding", "을/를", "embedding을"), ("x.T", "을/를", "x.T를"),
])
def test_particles_follow_how_the_word_is_read(word, pair, expected):
    assert nl_explain.josa(word, pair) == expected
