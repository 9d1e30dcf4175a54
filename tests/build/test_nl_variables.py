"""The variables panel's Python half (web/src/py/nl_variables.py), natively: which names it lists,
what it says of each, and the caps on what it sends to the page."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "web" / "src" / "py"))


@pytest.fixture
def nv(monkeypatch):
    """nl_variables (its import of nl_running needs a stand-in for the worker's bridge)."""
    monkeypatch.setitem(sys.modules, "_nl_bridge", types.ModuleType("_nl_bridge"))
    import nl_variables

    return nl_variables


@pytest.fixture
def page(nv):
    """A page's namespace as the runtime keeps it (nl_running.NAMESPACES), removed afterwards."""
    key = "unit3/test-variables/"
    ns = nv.NAMESPACES.setdefault(key, {"__name__": "__main__", "__builtins__": __builtins__, "__doc__": None})
    yield key, ns
    nv.NAMESPACES.pop(key, None)


def inspect(nv, key, name=None, index=None):
    return json.loads(nv.inspect_page(key, name, json.dumps(index) if index is not None else None))


def test_lists_arrays_and_numbers_only_sorted_by_name(nv, page):
    key, ns = page

    def helper():
        return 1

    ns.update(np=np, helper=helper, Klass=type("Klass", (), {}), _hidden=np.ones(2), _=np.ones(3),
              words=["a", "b"], text="안녕", h=np.zeros((2, 4, 3), np.float32), lr=0.1, n=3,
              flag=True, s=np.float64(2.5), b=np.arange(4))
    reply = inspect(nv, key)
    assert [v["name"] for v in reply["variables"]] == ["b", "flag", "h", "lr", "n", "s"]
    assert reply["total"] == 6
    by = {v["name"]: v for v in reply["variables"]}
    assert by["h"] == {"name": "h", "kind": "array", "shape": [2, 4, 3], "dtype": "float32", "size": 24,
                       "min": "0", "mean": "0", "max": "0"}
    assert by["b"]["dtype"] == np.arange(4).dtype.name and (by["b"]["min"], by["b"]["mean"], by["b"]["max"]) == (
        "0", "1.5", "3")
    assert by["lr"] == {"name": "lr", "kind": "scalar", "shape": [], "dtype": "float", "size": 1,
                        "min": "0.1", "mean": "0.1", "max": "0.1"}
    assert by["flag"]["dtype"] == "bool" and by["flag"]["mean"] == "1"
    assert by["s"]["dtype"] == "float64" and by["s"]["kind"] == "scalar"


def test_statistics_ignore_nan_and_say_how_many(nv, page):
    key, ns = page
    ns["x"] = np.array([1.0, np.nan, 3.0, np.nan])
    ns["gone"] = np.full((2, 2), np.nan)
    ns["wide"] = np.array([-np.inf, 0.0, 1.0])
    by = {v["name"]: v for v in inspect(nv, key)["variables"]}
    assert (by["x"]["min"], by["x"]["mean"], by["x"]["max"], by["x"]["nan"]) == ("1", "2", "3", 2)
    assert by["gone"]["nan"] == 4 and "min" not in by["gone"] and "mean" not in by["gone"]
    assert (by["wide"]["min"], by["wide"]["max"]) == ("-inf", "1")


def test_non_numeric_and_empty_arrays_have_no_statistics(nv, page):
    key, ns = page
    ns.update(words=np.array(["나", "너"]), empty=np.zeros((0, 3)), z=np.array([1 + 2j]))
    by = {v["name"]: v for v in inspect(nv, key)["variables"]}
    assert by["words"]["dtype"] == "<U1" and "min" not in by["words"]
    assert by["empty"]["shape"] == [0, 3] and "min" not in by["empty"]
    assert "min" not in by["z"]


def test_caps_the_list_and_skips_statistics_of_huge_arrays(nv, page, monkeypatch):
    key, ns = page
    ns.update({f"v{i:03d}": i for i in range(nv.MAX_VARIABLES + 7)})
    reply = inspect(nv, key)
    assert len(reply["variables"]) == nv.MAX_VARIABLES and reply["total"] == nv.MAX_VARIABLES + 7
    monkeypatch.setattr(nv, "STATS_MAX_SIZE", 10)
    ns.clear()
    ns["big"] = np.ones(11)
    assert inspect(nv, key)["variables"][0] == {"name": "big", "kind": "array", "shape": [11],
                                                "dtype": "float64", "size": 11, "statsSkipped": True}


def test_a_small_matrix_is_shown_whole_with_its_heatmap(nv, page):
    key, ns = page
    ns["W"] = np.array([[0.0, 0.5, 1.0], [2.0, np.nan, -1.0]])
    view = inspect(nv, key, "W")["view"]
    assert view["rows"] == [0, 1] and view["cols"] == [0, 1, 2]
    assert view["cells"] == [["0", "0.5", "1"], ["2", "nan", "-1"]]
    assert view["heatmap"] == {"rowStep": 1, "colStep": 1, "min": -1.0, "max": 2.0,
                               "values": [[0.0, 0.5, 1.0], [2.0, None, -1.0]]}


def test_a_large_matrix_is_elided_and_its_heatmap_sampled(nv, page):
    key, ns = page
    ns["big"] = np.arange(500 * 300, dtype=np.float64).reshape(500, 300)
    view = inspect(nv, key, "big")["view"]
    half_rows, half_cols = nv.TABLE_ROWS // 2, nv.TABLE_COLS // 2
    assert view["rows"] == list(range(half_rows)) + list(range(500 - half_rows, 500))
    assert view["cols"] == list(range(half_cols)) + list(range(300 - half_cols, 300))
    assert view["cells"][-1][-1] == f"{500 * 300 - 1:.4g}"
    heat = view["heatmap"]
    assert (heat["rowStep"], heat["colStep"]) == (5, 3)
    assert len(heat["values"]) == 100 and len(heat["values"][0]) == 100
    assert heat["values"][1][1] == 5 * 300 + 3 and (heat["min"], heat["max"]) == (0.0, 500 * 300 - 1)
    assert len(json.dumps(view)) < 200_000, "what is sent stays small"


def test_a_3d_array_is_shown_one_slice_at_a_time(nv, page):
    key, ns = page
    ns["h"] = np.arange(2 * 3 * 4).reshape(2, 3, 4)
    first = inspect(nv, key, "h")["view"]
    assert first["index"] == [0] and first["cells"][0] == ["0", "1", "2", "3"]
    second = inspect(nv, key, "h", [1])["view"]
    assert second["index"] == [1] and second["cells"][0] == ["12", "13", "14", "15"]
    assert inspect(nv, key, "h", [9])["view"]["index"] == [1], "an index past the end is clamped"
    assert "heatmap" in second


def test_a_vector_is_one_column_and_a_scalar_one_value(nv, page):
    key, ns = page
    ns.update(v=np.array([3, 1, 2]), lr=0.25, labels=np.array([True, False]))
    view = inspect(nv, key, "v")["view"]
    assert view["rows"] == [0, 1, 2] and view["cols"] == [] and view["cells"] == [["3"], ["1"], ["2"]]
    assert "heatmap" not in view
    assert inspect(nv, key, "lr")["view"]["cells"] == [["0.25"]]
    assert inspect(nv, key, "labels")["view"]["cells"] == [["True"], ["False"]]


def test_a_name_that_is_gone_or_not_listed_says_so(nv, page):
    key, ns = page
    ns.update(np=np, _private=np.ones(2))
    for name in ("nothing", "np", "_private"):
        assert inspect(nv, key, name)["view"] == {"name": name, "missing": True}
    assert inspect(nv, "no/such/page/") == {"variables": [], "total": 0}
