"""The input checks of every nlplab module, in one place (private: learners call the public API).

Every check takes `where`, the public function or method the learner called ("rnn_forward",
"MultinomialNB.fit"), and starts its message with it: in the page the runtime hides nlplab's own
frames, so the message is all the learner sees of the mistake. The rule for the whole public API:
wrong input raises TypeError (a value of the wrong kind: None, a str where a list of strings is
meant, a number given as text, something not callable) or ValueError (the right kind, a wrong
value: a shape, a size <= 0, NaN), and the message says what was expected, what came, and where a
learner's habit explains the mistake, the likely fix. Messages meant for learners are in Korean,
as nlplab.checking's; the parts that name code stay as code.

One helper per kind of check: `positive_int`, `positive_number`, `strings` (a list of strings, not
a str), `cache_from` (a cache made by the right forward pass), `callable_or_none`,
`numeric_array`, `check_allocation` (refuses, before allocating, an array the browser cannot hold).

Dtypes, two rules with two names:
- `promoted_float_dtype(*arrays)`: the layers' rule, float32 stays float32 only when every
  array is float32 (or smaller), as NumPy's own promotion does;
- `float32_or_float64(dtype)`: scikit-learn's rule for text features and similarities, float32
  stays float32 and every other dtype computes in float64.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Sequence

import numpy as np

#: the largest array a call may allocate: the browser's whole Python has 2 GiB
MEMORY_LIMIT_BYTES = 1 << 30


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

def as_float_array(where: str, name: str, x) -> np.ndarray:
    """x as a numeric array (see numeric_array); integer or boolean input becomes float64,
    floating input keeps its dtype."""
    x = numeric_array(where, name, x)
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
    ids = numeric_array(where, name, ids)
    if ids.size == 0 and ids.dtype.kind == "f":
        ids = ids.astype(np.int64)           # np.asarray([]) is float64: still an empty list of ids
    if ids.dtype.kind not in "iu":
        hint = ""
        if ids.dtype.kind == "f" and np.all(np.isfinite(ids)) and np.all(ids == np.round(ids)):
            hint = f" ({name}는 정수 id여야 합니다: {name}.astype(int)로 바꾸세요)"
        raise ValueError(f"{where}: {name} must be integers, got dtype {ids.dtype}{hint}")
    if ids.size and (ids.min() < 0 or ids.max() >= V):
        bad = ids.min() if ids.min() < 0 else ids.max()
        raise ValueError(f"{where}: {name} must lie in [0, {V_name}={V}), got {bad}")
    return ids


# --------------------------------------------------------------------------------------------
# Recurrent layers
# --------------------------------------------------------------------------------------------

def recurrent_inputs(where: str, x, h, Wx, Wh, *biases, gates: int, h_name: str,
                     b_names: tuple[str, ...] = ("b",)) -> tuple[np.ndarray, ...]:
    """The inputs of an RNN (gates=1), GRU (gates=3) or LSTM (gates=4) step or sequence, checked,
    in one dtype.

    h_name "h_prev" means one step, x of shape (N, D); "h0" a sequence, x of shape (N, T, D).
    biases: one bias (G·H,) per name in b_names: the RNN's and the LSTM's ("b",), the GRU's
    ("bx", "bh"). Returns x, h, Wx, Wh and the biases, in the dtype they promote to.
    Besides the shapes, two habits from PyTorch are named: weights in its (G·H, H) / (G·H, D)
    layout (pass .T, or load them with from_torch_state) and a time-major (T, N, D) input.
    """
    if len(biases) != len(b_names):
        raise TypeError(f"{where}: expected {len(b_names)} bias array(s) ({', '.join(b_names)}), got {len(biases)}")
    names = ("x", h_name, "Wx", "Wh", *b_names)
    arrays = [as_float_array(where, name, a) for name, a in zip(names, (x, h, Wx, Wh, *biases))]
    dtype = promoted_float_dtype(*arrays)
    x, h, Wx, Wh, *biases = (a.astype(dtype, copy=False) for a in arrays)
    k = "" if gates == 1 else str(gates)
    x_symbols = ("N", "D") if h_name == "h_prev" else ("N", "T", "D")
    check_shape(where, "x", x, x_symbols, (None,) * len(x_symbols))
    check_shape(where, "Wh", Wh, ("H", f"{k}H"), (None, None))
    N, D = x.shape[0], x.shape[-1]
    H = Wh.shape[0]
    torch_layout = " (PyTorch의 weight_{0} 모양입니다: {1}.T를 넘기거나 from_torch_state로 옮기세요)"
    if gates > 1 and Wh.shape[0] == gates * Wh.shape[1]:
        raise ValueError(f"{where}: expected Wh of shape (H, {k}H), got {Wh.shape}"
                         + torch_layout.format("hh", "Wh"))
    check_shape(where, "Wh", Wh, ("H", f"{k}H"), (H, gates * H))
    if Wx.shape == (gates * H, D) and D != gates * H:
        raise ValueError(f"{where}: expected Wx of shape (D={D}, {k}H={gates * H}), got {Wx.shape}"
                         + torch_layout.format("ih", "Wx"))
    check_shape(where, "Wx", Wx, ("D", f"{k}H"), (D, gates * H))
    for name, b in zip(b_names, biases):
        check_shape(where, name, b, (f"{k}H",), (gates * H,))
    if h_name == "h0" and h.ndim == 2 and h.shape[0] != N and h.shape == (x.shape[1], H):
        raise ValueError(f"{where}: x has shape {x.shape} but h0 has {h.shape}: x looks time-major (T, N, D). "
                         f"nlplab은 배치 축이 먼저인 (N, T, D)를 받습니다: x.transpose(1, 0, 2)를 넘기세요 "
                         f"(PyTorch의 batch_first=False 순서를 바꾸기)")
    check_shape(where, h_name, h, ("N", "H"), (N, H))
    for name, array in zip(names, (x, h, Wx, Wh, *biases)):
        check_finite(where, name, array)
    return (x, h, Wx, Wh, *biases)


# --------------------------------------------------------------------------------------------
# What a value is, in a message
# --------------------------------------------------------------------------------------------

def describe(value) -> str:
    """A short picture of a value for a message: its type and, when small, the value itself."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"배열 shape {value.shape}, dtype {value.dtype}"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:29] + "…"
        return f"문자열 {shown!r}"
    if isinstance(value, bytes):
        return f"bytes {value[:20]!r}{'…' if len(value) > 20 else ''}"
    if isinstance(value, (dict, list, tuple, set)):
        return f"{type(value).__name__} (원소 {len(value)}개)"
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:39] + '…'}"


# --------------------------------------------------------------------------------------------
# Numbers given as arguments
# --------------------------------------------------------------------------------------------

def _is_bool(value) -> bool:
    return isinstance(value, (bool, np.bool_))


def positive_int(where: str, name: str, value, minimum: int = 1) -> int:
    """value as an int >= minimum (1: a size, a count; 0: a length that may be empty).

    A bool, None, a str ("32") or any non-number is a TypeError; a float (even 2.0), a number
    below `minimum` a ValueError.
    """
    if _is_bool(value) or not isinstance(value, Real):
        hint = f" (숫자로 쓰세요: {name}={value.strip()})" if isinstance(value, str) and value.strip().isdigit() else ""
        raise TypeError(f"{where}: {name}에는 {minimum} 이상의 정수(int)가 와야 합니다, 받은 값: {describe(value)}{hint}")
    if not isinstance(value, Integral):
        raise ValueError(f"{where}: {name} must be an int >= {minimum}, got {value!r} "
                         f"({name}에는 {minimum} 이상의 정수가 와야 합니다)")
    if value < minimum:
        raise ValueError(f"{where}: {name} must be >= {minimum} (an int), got {value} "
                         f"({name}에는 {minimum} 이상의 정수가 와야 합니다)")
    return int(value)


def positive_number(where: str, name: str, value, *, allow_zero: bool = False) -> float:
    """value as a finite float > 0 (>= 0 with allow_zero): a learning rate, a norm, a step.

    A bool, None, a str ("0.01") or any non-number is a TypeError; NaN, ±inf and a number out
    of range a ValueError.
    """
    if _is_bool(value) or not isinstance(value, Real):
        raise TypeError(f"{where}: {name}에는 숫자가 와야 합니다, 받은 값: {describe(value)}"
                        + (" (따옴표 없이 숫자로 쓰세요)" if isinstance(value, str) else ""))
    bound = ">= 0" if allow_zero else "> 0"
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{where}: {name} must be {bound} (a finite number), got {value} "
                         f"({name}에는 {bound}인 유한한 숫자가 와야 합니다)")
    return float(value)


# --------------------------------------------------------------------------------------------
# Strings
# --------------------------------------------------------------------------------------------

def strings(where: str, name: str, value, *, item: str = "문자열") -> list:
    """value as a list of str: a list (or any iterable) of strings, never a str itself.

    A single str would be iterated as its characters ("서울" -> "서", "울"), a silent wrong
    answer, so it is a TypeError that shows how to wrap it; so are bytes, None, and items that
    are not str.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{where}: {name}에는 {item}의 리스트가 와야 합니다, 받은 값: {describe(value)}. "
                        f"문자열 하나는 글자마다 나뉩니다: [{value!r}]처럼 리스트로 감싸세요")
    if value is None or not hasattr(value, "__iter__"):
        raise TypeError(f"{where}: {name}에는 {item}의 리스트가 와야 합니다, 받은 값: {describe(value)}")
    items = value.tolist() if isinstance(value, np.ndarray) else list(value)
    for k, element in enumerate(items):
        if not isinstance(element, str):
            raise TypeError(f"{where}: {name}[{k}]에는 문자열이 와야 합니다, 받은 값: {describe(element)}")
    return items


# --------------------------------------------------------------------------------------------
# Arrays
# --------------------------------------------------------------------------------------------

def numeric_array(where: str, name: str, value) -> np.ndarray:
    """value as a numeric ndarray (bool, int or float; lists are converted).

    None, a str, text arrays, a cache (a tuple or dict from a forward pass) and other objects are
    a TypeError; ragged nested lists a ValueError.
    """
    if value is None:
        raise TypeError(f"{where}: {name}에는 숫자 배열이 와야 합니다, 받은 값: None "
                        "(값을 return 하지 않는 함수의 결과인지 확인하세요)")
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{where}: {name}에는 숫자 배열이 와야 합니다, 받은 값: {describe(value)}")
    if isinstance(value, dict) or (isinstance(value, tuple) and any(isinstance(v, np.ndarray) for v in value)):
        raise TypeError(f"{where}: {name}에는 숫자 배열이 와야 합니다, 받은 값: {describe(value)} "
                        "(forward가 돌려준 cache 같습니다: 인자의 순서가 바뀌지 않았는지 확인하세요, arguments swapped?)")
    if is_scipy_sparse(value):
        raise TypeError(f"{where}: {name}에는 NumPy 배열이 와야 합니다, 받은 값: scipy.sparse 행렬 "
                        "(.toarray()로 바꾸거나 sparse=False로 만드세요)")
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(f"{where}: {name}의 행마다 길이가 다릅니다 (ragged): 배열로 만들 수 없습니다. "
                         "id 리스트라면 nlplab.encoding.pad_sequences로 길이를 맞추세요") from None
    if array.dtype.kind not in "biuf":
        kind = {"U": "문자열", "S": "bytes", "O": "파이썬 객체", "c": "복소수"}.get(array.dtype.kind, str(array.dtype))
        raise TypeError(f"{where}: {name}에는 숫자 배열이 와야 합니다, 받은 값: {kind} 배열 (dtype {array.dtype})"
                        + (' (따옴표 없이 숫자로 쓰세요: "1.5"가 아니라 1.5)' if array.dtype.kind == "U" else ""))
    return array


def check_allocation(where: str, shape: Sequence[int], dtype, instead: str) -> None:
    """Refuse, before allocating, an array larger than MEMORY_LIMIT_BYTES, saying how large."""
    size = math.prod(int(n) for n in shape) * np.dtype(dtype).itemsize
    if size > MEMORY_LIMIT_BYTES:
        raise ValueError(f"{where}: 결과 배열 {tuple(int(n) for n in shape)} ({np.dtype(dtype)})에 "
                         f"{size / 1e9:.1f} GB가 필요합니다 (needs {size / 1e9:.1f} GB). 브라우저의 Python은 "
                         f"모두 합쳐 2 GiB입니다. {instead}")


# --------------------------------------------------------------------------------------------
# Functions given as arguments
# --------------------------------------------------------------------------------------------

def callable_or_none(where: str, name: str, f) -> None:
    """f is None or callable; anything else (a result instead of the function) is a TypeError."""
    if f is not None and not callable(f):
        raise TypeError(f"{where}: {name}에는 함수(또는 None)가 와야 합니다, 받은 값: {describe(f)} "
                        f"(함수를 호출한 결과가 아니라 함수 자체를 넘기세요: {name}=f, {name}=f()가 아니라)")


# --------------------------------------------------------------------------------------------
# Caches of the forward passes
# --------------------------------------------------------------------------------------------

_STEP_CACHES = {2: "affine_forward", 5: "rnn_step_forward", 6: "gru_step_forward", 7: "lstm_step_forward"}


def _made_by(cache) -> str | None:
    """Which forward pass made a cache of this layout (None: no nlplab cache)."""
    if isinstance(cache, dict):
        if {"gates", "c", "h", "x", "Wx", "Wh"} <= cache.keys():
            return "lstm_forward"
        if {"gates", "hWh_n", "h", "x", "Wx", "Wh"} <= cache.keys():
            return "gru_forward"
        if {"query", "keys", "values", "weights"} <= cache.keys():
            return "attention_forward"
        if {"h", "x", "Wx", "Wh"} <= cache.keys():
            return "rnn_forward"
        return None
    if isinstance(cache, np.ndarray):
        return "relu_forward, tanh_forward 또는 sigmoid_forward"
    if isinstance(cache, (tuple, list)):
        if len(cache) == 3 and isinstance(cache[1], tuple):
            return "embedding_forward"
        if all(isinstance(a, np.ndarray) for a in cache):
            return _STEP_CACHES.get(len(cache))
    return None


def cache_from(where: str, cache, producer: str, upstream=None, upstream_name: str = "dout"):
    """Refuse a cache that `producer` (e.g. "lstm_forward") did not make, saying whose it is.

    upstream: the gradient given beside it; a cache there means the two arguments were swapped.
    """
    made_by = _made_by(cache)
    if made_by == _made_by_layout(producer):
        return cache
    if isinstance(upstream, (tuple, list, dict)) and _made_by(upstream) is not None:
        raise TypeError(f"{where}: 인자의 순서가 바뀐 것 같습니다 (arguments swapped?): "
                        f"{where}({upstream_name}, cache)처럼 cache를 두 번째에 넘기세요")
    if made_by is None:
        raise TypeError(f"{where}: cache에는 {producer}가 돌려준 cache가 와야 합니다, 받은 값: {describe(cache)}")
    raise TypeError(f"{where}: 이 cache는 {made_by}의 cache입니다 (this cache is from {made_by}): "
                    f"{where}에는 {producer}가 돌려준 cache를 넘기세요")



def saved_gates(where: str, cache, names: str, *, sequence_producer: str, step_producer: str,
                step_slot: int) -> dict[str, np.ndarray]:
    """The gate activations a recurrent forward saved, one view per gate name: (N, T, H) from a
    sequence cache (a dict, time-major inside), (N, H) from a step cache (slot step_slot)."""
    if isinstance(cache, dict):
        gates = cache_from(where, cache, sequence_producer)["gates"].transpose(1, 0, 2)   # (N, T, G·H)
    else:
        gates = cache_from(where, cache, step_producer)[step_slot]                       # (N, G·H)
    H = gates.shape[-1] // len(names)
    return {name: gates[..., k * H:(k + 1) * H] for k, name in enumerate(names)}

def _made_by_layout(producer: str) -> str | None:
    """The name _made_by gives to the caches of `producer` (the array caches share one)."""
    if producer in ("relu_forward", "tanh_forward", "sigmoid_forward"):
        return _made_by(np.zeros(0))
    return producer


def upstream_gradient(where: str, name: str, dout, symbols: Sequence[str], shape: Sequence[int],
                      finite: bool = True) -> np.ndarray:
    """A backward pass's upstream gradient: numeric, of the forward output's shape, and (finite=True,
    for the passes that mix many values into each gradient) without NaN or inf."""
    dout = numeric_array(where, name, dout)
    check_shape(where, name, dout, symbols, tuple(shape))
    if finite:
        check_finite(where, name, dout)
    return dout


# --------------------------------------------------------------------------------------------
# Parameters and gradients
# --------------------------------------------------------------------------------------------

def updatable_array(where: str, name: str, value) -> np.ndarray:
    """A parameter (or a gradient clipped in place): a writeable floating ndarray.

    Anything else cannot change in place, so an update would be lost without a word: a NumPy
    or Python number, a list, an integer array, a read-only view.
    """
    if not isinstance(value, np.ndarray):
        raise TypeError(f"{where}: {name}에는 제자리에서 바꿀 수 있는 NumPy 배열이 와야 합니다, 받은 값: "
                        f"{describe(value)} (숫자 하나라면 np.array([값])처럼 배열로 만드세요: "
                        "숫자는 바뀌지 않아 업데이트가 사라집니다)")
    if value.dtype.kind != "f":
        raise TypeError(f"{where}: {name}에는 실수(float) 배열이 와야 합니다, 받은 값: dtype {value.dtype} "
                        f"(정수 배열은 소수 업데이트를 담지 못합니다: {name}.astype(float))")
    if not value.flags.writeable:
        raise ValueError(f"{where}: {name} is read-only and cannot be updated in place "
                         f"({name}.copy()로 쓰기 가능한 배열을 만드세요)")
    return value


# --------------------------------------------------------------------------------------------
# Options of the models
# --------------------------------------------------------------------------------------------

def random_generator(where: str, seed) -> np.random.Generator:
    """np.random.default_rng(seed) for an int >= 0, None or a Generator; anything else refused."""
    if seed is None or isinstance(seed, np.random.Generator):
        return np.random.default_rng(seed)
    return np.random.default_rng(positive_int(where, "seed", seed, minimum=0))


def float_dtype(where: str, dtype) -> np.dtype:
    """np.float64 or np.float32 (any floating dtype); anything else refused."""
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{where}: dtype에는 np.float64나 np.float32가 와야 합니다, 받은 값: {describe(dtype)}") from None
    if dtype.kind != "f":
        raise ValueError(f"{where}: dtype must be a floating type (np.float64 or np.float32), got {dtype}")
    return dtype


def labels_1d(where: str, name: str, y, n: int | None = None) -> np.ndarray:
    """Class labels as a 1-D array (of n entries when n is given); None or a str refused."""
    if y is None or isinstance(y, (str, bytes)):
        raise TypeError(f"{where}: {name}에는 레이블의 리스트(또는 1-D 배열)가 와야 합니다, 받은 값: {describe(y)}")
    try:
        y = np.asarray(y)
    except ValueError:
        raise ValueError(f"{where}: {name}의 원소마다 모양이 다릅니다 (ragged): 레이블은 숫자나 문자열 하나씩이어야 합니다") from None
    check_shape(where, name, y, ("N",), (n,))
    return y
