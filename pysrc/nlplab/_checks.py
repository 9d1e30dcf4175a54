"""The input checks of every nlplab module, in one place (private: learners call the public API).

Every check takes `where`, the public function or method the learner called ("rnn_forward",
"MultinomialNB.fit"), and starts its message with it: in the page the runtime hides nlplab's own
frames, so the message is all the learner sees of the mistake.

Dtypes, two rules with two names:
- `promoted_float_dtype(*arrays)`: the layers' rule, float32 stays float32 only when every
  array is float32 (or smaller), as NumPy's own promotion does;
- `float32_or_float64(dtype)`: scikit-learn's rule for text features and similarities, float32
  stays float32 and every other dtype computes in float64.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


# --------------------------------------------------------------------------------------------
# Shapes and values
# --------------------------------------------------------------------------------------------

def check_shape(where: str, name: str, array: np.ndarray, symbols: Sequence[str],
                expected: Sequence[int | None]) -> None:
    """Raise ValueError unless array.shape matches `expected` (None: any size on that axis).

    The message names both shapes, e.g. "rnn_forward: expected Wh of shape (H=4, H=4), got (4, 5)".
    """
    shape = np.shape(array)
    if len(shape) == len(expected) and all(e is None or e == s for s, e in zip(shape, expected)):
        return
    parts = [s if e is None else f"{s}={e}" for s, e in zip(symbols, expected)]
    wanted = "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
    raise ValueError(f"{where}: expected {name} of shape {wanted}, got {tuple(shape)}")


def check_finite(where: str, name: str, array: np.ndarray) -> None:
    """Raise ValueError if a floating array holds NaN or ±inf (naming the first bad index)."""
    finite = np.isfinite(array)
    if not finite.all():
        first = tuple(int(k) for k in np.argwhere(~finite)[0])
        raise ValueError(f"{where}: {name} contains NaN or inf (first at index {first}, value "
                         f"{array[first]}); nlplab refuses it rather than spread NaN to every output")


def check_no_nan_or_infinity(where: str, name: str, values: np.ndarray, nan_advice: str = "") -> None:
    """Raise ValueError if `values` holds NaN ("contains NaN") or ±inf ("contains infinity")."""
    if values.dtype.kind != "f":
        return
    if np.isnan(values).any():
        raise ValueError(f"{where}: {name} contains NaN{nan_advice}")
    if np.isinf(values).any():
        raise ValueError(f"{where}: {name} contains infinity")


# --------------------------------------------------------------------------------------------
# Dtypes
# --------------------------------------------------------------------------------------------

def as_float_array(x) -> np.ndarray:
    """x as an array; integer or boolean input becomes float64, floating input keeps its dtype."""
    x = np.asarray(x)
    return x if x.dtype.kind == "f" else x.astype(np.float64)


def promoted_float_dtype(*arrays: np.ndarray) -> np.dtype:
    """The floating dtype a computation on these arrays produces (all float32: float32)."""
    return np.result_type(*arrays, np.float32)


def float32_or_float64(dtype) -> np.dtype:
    """float32 stays float32; every other dtype computes in float64 (scikit-learn's rule)."""
    return np.dtype(np.float32) if np.dtype(dtype) == np.float32 else np.dtype(np.float64)


def is_scipy_sparse(X) -> bool:
    """True for scipy.sparse matrices and arrays, found without importing scipy."""
    return type(X).__module__.startswith("scipy.sparse")


# --------------------------------------------------------------------------------------------
# Token ids
# --------------------------------------------------------------------------------------------

def check_ids(where: str, name: str, ids, V: int, V_name: str = "V") -> np.ndarray:
    """ids as an integer array with every value in [0, V); V_name is how the message calls V."""
    ids = np.asarray(ids)
    if ids.dtype.kind not in "iu":
        raise ValueError(f"{where}: {name} must be integers, got dtype {ids.dtype}")
    if ids.size and (ids.min() < 0 or ids.max() >= V):
        bad = ids.min() if ids.min() < 0 else ids.max()
        raise ValueError(f"{where}: {name} must lie in [0, {V_name}={V}), got {bad}")
    return ids


# --------------------------------------------------------------------------------------------
# Recurrent layers
# --------------------------------------------------------------------------------------------

def recurrent_inputs(where: str, x, h, Wx, Wh, b, *, gates: int, h_name: str) -> tuple[np.ndarray, ...]:
    """The inputs of an RNN (gates=1) or LSTM (gates=4) step or sequence, checked, in one dtype.

    h_name "h_prev" means one step, x of shape (N, D); "h0" a sequence, x of shape (N, T, D).
    """
    arrays = [as_float_array(a) for a in (x, h, Wx, Wh, b)]
    dtype = promoted_float_dtype(*arrays)
    x, h, Wx, Wh, b = (a.astype(dtype, copy=False) for a in arrays)
    k = "" if gates == 1 else str(gates)
    x_symbols = ("N", "D") if h_name == "h_prev" else ("N", "T", "D")
    check_shape(where, "x", x, x_symbols, (None,) * len(x_symbols))
    check_shape(where, "Wh", Wh, ("H", f"{k}H"), (None, None))
    N, D = x.shape[0], x.shape[-1]
    H = Wh.shape[0]
    check_shape(where, "Wh", Wh, ("H", f"{k}H"), (H, gates * H))
    check_shape(where, "Wx", Wx, ("D", f"{k}H"), (D, gates * H))
    check_shape(where, "b", b, (f"{k}H",), (gates * H,))
    check_shape(where, h_name, h, ("N", "H"), (N, H))
    for name, array in (("x", x), (h_name, h), ("Wx", Wx), ("Wh", Wh), ("b", b)):
        check_finite(where, name, array)
    return x, h, Wx, Wh, b
