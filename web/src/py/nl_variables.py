"""The variables panel's Python half: what a page's namespace holds, summarised for the page.

The worker calls `inspect_page` only while the learner has the panel open (web/src/variables/), after
each run: nothing here runs otherwise. What it sends is capped so the page never receives more than
it can draw at once:

- the list: every NumPy array and number (Python's or NumPy's scalars) the page's cells made, at
  most MAX_VARIABLES, sorted by name; private names (`_x`, the runtime's `__builtins__`), modules,
  functions, classes and other objects are left out. Each has its shape, dtype and, for numeric
  data, min/mean/max that ignore NaN (an all-NaN array has none; arrays over STATS_MAX_SIZE
  elements are not summarised, so the worker never spends long on a list);
- one array's values: for 3-D and higher, one 2-D slice at a time (`index` picks the leading
  axes); a table of at most TABLE_ROWS x TABLE_COLS values (the first and last halves of a longer
  axis, like NumPy's own printing), and for numeric data a heatmap grid of at most
  HEATMAP_SIDE x HEATMAP_SIDE values (every k-th row and column of a larger array).

Values travel as text (the table) and as finite floats or None (the heatmap), in JSON the page
parses: NaN and infinity never reach JSON.
"""

from __future__ import annotations

import json
import math
import types
import warnings

from nl_running import NAMESPACES

MAX_VARIABLES = 100
STATS_MAX_SIZE = 10_000_000
TABLE_ROWS = 40
TABLE_COLS = 16
HEATMAP_SIDE = 120
SIGNIFICANT = 4


def inspect_page(key: str, name: str | None = None, index_json: str | None = None) -> str:
    """The page's variables, and the values of `name` (its slice `index` when 3-D or more), as JSON."""
    ns = NAMESPACES.get(key, {})
    names = listed_names(ns)
    reply: dict = {"variables": [summary(name, ns[name]) for name in names[:MAX_VARIABLES]],
                   "total": len(names)}
    if name is not None:
        index = json.loads(index_json) if index_json else []
        value = ns.get(name) if _listed(name, ns.get(name)) else None
        reply["view"] = view(name, value, index) if value is not None else {"name": name, "missing": True}
    return json.dumps(reply, ensure_ascii=False, allow_nan=False)


# ------------------------------------------------------------------ the list

def listed_names(ns: dict) -> list[str]:
    """The names of the arrays and numbers in `ns`, sorted (all of them; only the first
    MAX_VARIABLES are summarised)."""
    return sorted(name for name, value in ns.items() if _listed(name, value))


def _listed(name: str, value) -> bool:
    if name.startswith("_") or isinstance(value, (types.ModuleType, type, types.FunctionType)):
        return False
    return _is_array(value) or _is_number(value)


def _numpy():
    import numpy
    return numpy


def _is_array(value) -> bool:
    # numpy is always loaded in the worker; natively, a namespace without it holds no arrays.
    np = _numpy()
    return isinstance(value, np.ndarray)


def _is_number(value) -> bool:
    np = _numpy()
    return isinstance(value, (bool, int, float, complex)) or (
        isinstance(value, np.generic) and (value.dtype.kind in "biufc"))


def summary(name: str, value) -> dict:
    np = _numpy()
    array = np.asarray(value)
    item: dict = {
        "name": name,
        "kind": "array" if isinstance(value, np.ndarray) else "scalar",
        "shape": list(array.shape),
        "dtype": type(value).__name__ if isinstance(value, (bool, int, float, complex)) else str(array.dtype),
        "size": int(array.size),
    }
    item.update(stats(array))
    return item


def _numeric(array) -> bool:
    return array.dtype.kind in "biuf"


def stats(array) -> dict:
    """min/mean/max as text, ignoring NaN; {"nan": count} when there are NaNs. Empty for
    non-numeric data, empty arrays and arrays too large to summarise quickly."""
    np = _numpy()
    if not _numeric(array) or array.size == 0:
        return {}
    if array.size > STATS_MAX_SIZE:
        return {"statsSkipped": True}
    data = array.astype(np.int8) if array.dtype.kind == "b" else array
    out: dict = {}
    if data.dtype.kind == "f":
        nan = int(np.count_nonzero(np.isnan(data)))
        if nan:
            out["nan"] = nan
        if nan == data.size:
            return out
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        low, mean, high = np.nanmin(data), np.nanmean(data, dtype=np.float64), np.nanmax(data)
    out.update(min=number_text(low), mean=number_text(mean), max=number_text(high))
    return out


def number_text(value) -> str:
    """A value as the table shows it: integers whole, floats to SIGNIFICANT digits."""
    np = _numpy()
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return f"{value:.{SIGNIFICANT}g}"
    if isinstance(value, (complex, np.complexfloating)):
        return f"{complex(value):.{SIGNIFICANT}g}"
    text = repr(value.item() if isinstance(value, np.generic) else value)
    return text if len(text) <= 40 else text[:39] + "…"


# ------------------------------------------------------------------ one array's values

def _shown(length: int, cap: int) -> list[int]:
    """The positions shown along an axis of `length`: all, or the first and last halves of `cap`."""
    if length <= cap:
        return list(range(length))
    head = cap // 2
    return list(range(head)) + list(range(length - (cap - head), length))


def view(name: str, value, index: list) -> dict:
    """The values of one variable: a 2-D grid (a 1-D array is one column; 3-D and more, the slice at
    the leading `index`), elided beyond TABLE_ROWS x TABLE_COLS, and a heatmap of numeric 2-D data."""
    np = _numpy()
    array = np.asarray(value)
    out: dict = {"name": name, "shape": list(array.shape), "dtype": str(array.dtype), "index": []}
    if array.ndim == 0:
        out.update(rows=[], cols=[], cells=[[number_text(array[()])]])
        return out
    if array.ndim >= 3:
        lead = list(index)[: array.ndim - 2]
        lead += [0] * (array.ndim - 2 - len(lead))
        lead = [min(max(int(i), 0), n - 1) if n else 0 for i, n in zip(lead, array.shape)]
        out["index"] = lead
        array = array[tuple(lead)] if all(array.shape[:-2]) else np.empty((0, 0), array.dtype)
    grid = array.reshape(-1, 1) if array.ndim == 1 else array
    rows = _shown(grid.shape[0], TABLE_ROWS if array.ndim == 2 else 2 * TABLE_ROWS)
    cols = _shown(grid.shape[1], TABLE_COLS)
    out["rows"] = rows
    out["cols"] = cols if array.ndim == 2 else []     # a 1-D array's one column has no index
    out["cells"] = [[number_text(grid[r, c]) for c in cols] for r in rows]
    if array.ndim == 2 and _numeric(array) and array.size:
        out["heatmap"] = heatmap(array)
    return out


def heatmap(array) -> dict | None:
    """Every k-th row and column (at most HEATMAP_SIDE of each) as floats, None for NaN/inf, with
    the finite range of the whole slice; None when nothing in it is finite."""
    np = _numpy()
    data = array.astype(np.float64)
    finite = np.isfinite(data)
    if not finite.any():
        return None
    row_step = max(1, math.ceil(data.shape[0] / HEATMAP_SIDE))
    col_step = max(1, math.ceil(data.shape[1] / HEATMAP_SIDE))
    sample = data[::row_step, ::col_step]
    values = [[float(f"{v:.4g}") if math.isfinite(v) else None for v in row] for row in sample.tolist()]
    return {
        "rowStep": row_step, "colStep": col_step,
        "min": float(data[finite].min()), "max": float(data[finite].max()),
        "values": values,
    }
