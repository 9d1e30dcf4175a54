"""Checks for the course's exercises, with feedback a learner can act on (in Korean).

An exercise's hidden check calls these functions after the learner's code has run. Each one
returns True when the answer is right and otherwise raises `CheckFailed` (an AssertionError)
whose message the page shows to the learner, for example::

    `h_next`의 모양이 다릅니다: 기대 (2, 3), 받은 값 (3, 2) (전치된 것 같습니다: ...)
    `h_next[1, 2]`의 값이 다릅니다: 기대 0.46211716, 받은 값 0.4599 (6개 중 2개가 허용 오차 밖)

- `check_array(name, actual, expected)`: type, shape, dtype kind, NaN positions, then values
  within a tolerance, reporting the first index that differs and how many entries differ.
- `check_scalar(name, actual, expected)`: one number, within a tolerance.
- `check_equal(name, actual, expected)`: ints, strings, lists, tuples, dicts, sets (exactly;
  floats and arrays inside them with the tolerance of the two checks above).
- `check_gradient(f, x, analytic)`: an analytic gradient against centred differences
  (`nlplab.gradcheck`).
- `check_prediction(name, actual, predicted)`: a learner's prediction, typed as text ("(2, 3, 4)",
  "0.5", "'고양이'"), against the value a cell computed, by the checks above (a "predict" cell,
  mkdocs_hooks/cell_format.py).

Messages are short: numbers use as many significant digits as it takes to tell the two values
apart (at least 8), and under a value mismatch a small array (up to 40 entries) is printed
whole with `np.array2string`; a larger one is never dumped, the message names the index.
"""

from __future__ import annotations

import ast
import numbers
from typing import Any, Callable

import numpy as np

from ._checks import positive_number

__all__ = ["CheckFailed", "PredictionUnreadable", "check_array", "check_scalar", "check_equal", "check_gradient",
           "check_prediction", "read_prediction"]

DEFAULT_RTOL = 1e-7
DEFAULT_ATOL = 1e-9
PREVIEW_SIZE = 40  # arrays up to this many entries are shown whole under a value mismatch
PREVIEW_CHARS = 600  # and never in more characters than this

_KIND_NAMES = {
    "f": "실수",
    "i": "정수",
    "u": "정수",
    "b": "불리언",
    "c": "복소수",
    "U": "문자열",
    "S": "바이트열",
    "O": "파이썬 객체",
}


class CheckFailed(AssertionError):
    """An exercise's answer is not right; the message says how, in Korean."""


# Contracts with the page (web/src/strings.ts: T.predictUnreadable, T.predictCompared): how the
# messages of check_prediction begin. A prediction the page could
# not read is not recorded, the learner is asked to write it again.
UNREADABLE = "예측을 Python 값으로 읽지 못했습니다"
COMPARED = "셀이 계산한"   # the start of a wrong prediction's message


class PredictionUnreadable(CheckFailed):
    """A typed prediction that is not a Python value; the message says how to write one."""


# --------------------------------------------------------------------------- formatting


def _fail(message: str) -> None:
    raise CheckFailed(message)


def _index_name(name: str, index: tuple) -> str:
    """`h_next` and (1, 2) -> `h_next[1, 2]`."""
    return f"{name}[{', '.join(str(int(i)) for i in index)}]"


def _format_pair(expected, actual) -> tuple[str, str]:
    """Two numbers, with just enough significant digits (at least 8) to tell them apart."""
    if isinstance(expected, (complex, np.complexfloating)) or isinstance(actual, (complex, np.complexfloating)):
        return _short_repr(expected), _short_repr(actual)
    if isinstance(expected, (float, np.floating)) or isinstance(actual, (float, np.floating)):
        for digits in range(8, 18):
            e, a = f"{float(expected):.{digits}g}", f"{float(actual):.{digits}g}"
            if e != a:
                break
        return e, a
    return _short_repr(expected), _short_repr(actual)


def _format_number(value) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.8g}"
    return _short_repr(value)


def _short_repr(value, limit: int = 80) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    return _clip(repr(value), limit)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _preview(array: np.ndarray) -> str:
    """A compact, capped picture of a small array for a message."""
    text = np.array2string(
        array, precision=6, threshold=PREVIEW_SIZE, edgeitems=2, max_line_width=72, separator=", "
    )
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def _dtype_name(dtype: np.dtype) -> str:
    return f"{_KIND_NAMES.get(dtype.kind, dtype.kind)}({dtype})"


def _type_name(value) -> str:
    if isinstance(value, np.ndarray):
        return "NumPy 배열(np.ndarray)"
    return type(value).__name__


def _none_message(name: str) -> str:
    return f"`{name}`의 값이 None입니다: 함수가 결과를 return 하는지 확인하세요."


def _given_tolerances(where: str, rtol, atol) -> None:
    """rtol and atol, when given, are numbers >= 0 (checked before any comparison)."""
    for name, value in (("rtol", rtol), ("atol", atol)):
        if value is not None:
            positive_number(where, name, value, allow_zero=True)


def _tolerances(rtol, atol, *dtypes) -> tuple[float, float]:
    """Default tolerances, widened for a float32 (or float16) array unless given explicitly."""
    eps = max((np.finfo(d).eps for d in dtypes if d.kind in "fc"), default=np.finfo(np.float64).eps)
    low_precision = eps > np.finfo(np.float64).eps
    if rtol is None:
        rtol = max(DEFAULT_RTOL, 100 * eps) if low_precision else DEFAULT_RTOL
    if atol is None:
        atol = max(DEFAULT_ATOL, 10 * eps) if low_precision else DEFAULT_ATOL
    return rtol, atol


# --------------------------------------------------------------------------- arrays


def _shape_hint(actual: tuple, expected: tuple) -> str:
    if len(actual) == len(expected) == 2 and actual == expected[::-1]:
        return " (전치된 것 같습니다: 행렬 곱의 순서나 .T를 확인하세요)"
    if int(np.prod(actual)) == int(np.prod(expected)):
        return " (원소 수는 같습니다: reshape이나 축의 순서를 확인하세요)"
    return ""


def check_array(
    name: str,
    actual: Any,
    expected: Any,
    rtol: float | None = None,
    atol: float | None = None,
    exact_dtype: bool = False,
) -> bool:
    """Check an array answer: type, shape, dtype, NaN positions, then values.

    The checks run in this order and the first failure is reported:

    1. type: when `expected` is an ndarray (not 0-d), `actual` must be one too (a list fails);
    2. shape: `actual.shape == expected.shape`, no broadcasting;
    3. dtype: the same kind (실수 float, 정수 int/uint, 불리언 bool, ...); the exact dtype
       (float32 against float64) only with `exact_dtype=True`;
    4. NaN: NaN in the same places (a NaN usually means an overflow, log(0) or 0/0);
    5. values: `|actual - expected| <= atol + rtol * |expected|` everywhere (floats and
       complex numbers; other kinds must be equal). The message names the first index that
       differs, both values, and how many entries differ.

    Args:
        name: what the learner calls the value, e.g. "h_next" or "one_hot([0, 2], 3)".
        actual: the learner's answer.
        expected: the right answer (an ndarray, or anything np.asarray accepts).
        rtol, atol: relative and absolute tolerance. None means 1e-7 and 1e-9, widened to
            about 1.2e-5 and 1.2e-6 when either array is float32.
        exact_dtype: also require the exact dtype.

    Returns:
        True.

    Raises:
        CheckFailed: the first difference, described in Korean.
    """
    _given_tolerances("check_array", rtol, atol)
    if actual is None:
        _fail(_none_message(name))
    if isinstance(expected, np.ndarray) and expected.ndim > 0 and not isinstance(actual, np.ndarray):
        hint = " np.array(...)로 바꿔 보세요." if isinstance(actual, (list, tuple)) else ""
        _fail(f"`{name}`의 타입이 다릅니다: 기대 NumPy 배열(np.ndarray), 받은 값 {_type_name(actual)}.{hint}")
    e = np.asarray(expected)
    try:
        a = np.asarray(actual)
    except ValueError:  # ragged nested lists
        _fail(f"`{name}`의 값을 배열로 바꿀 수 없습니다: 행마다 길이가 다른 것 같습니다.")

    # 2. shape
    if a.shape != e.shape:
        _fail(f"`{name}`의 모양이 다릅니다: 기대 {e.shape}, 받은 값 {a.shape}{_shape_hint(a.shape, e.shape)}")

    # 3. dtype
    same_kind = a.dtype.kind == e.dtype.kind or {a.dtype.kind, e.dtype.kind} == {"i", "u"}
    if not same_kind or (exact_dtype and a.dtype != e.dtype):
        if exact_dtype and same_kind:
            detail = f"기대 {e.dtype}, 받은 값 {a.dtype}"
        else:
            detail = f"기대 {_dtype_name(e.dtype)}, 받은 값 {_dtype_name(a.dtype)}"
        hint = ""
        if e.dtype.kind in "fc" and a.dtype.kind in "iub":
            hint = " (정수 배열에 실수를 넣으면 소수점 아래가 버려집니다: dtype을 확인하세요)"
        _fail(f"`{name}`의 자료형이 다릅니다: {detail}{hint}")

    if a.size == 0:
        return True
    total = a.size

    # 4. NaN positions
    if a.dtype.kind in "fc":
        a_nan, e_nan = np.isnan(a), np.isnan(e)
        nan_differs = a_nan != e_nan
        if nan_differs.any():
            index = tuple(np.argwhere(nan_differs)[0])
            where = f"`{_index_name(name, index)}`" if a.ndim else f"`{name}`"
            count = f"NaN 위치가 다른 원소: {total}개 중 {int(nan_differs.sum())}개"
            if a_nan[index]:
                _fail(
                    f"{where}의 값이 NaN입니다: 기대 {_format_number(e[index])} ({count}). "
                    f"NaN은 보통 0으로 나누기, log(0), 너무 큰 exp에서 생깁니다."
                )
            _fail(f"{where}의 값은 NaN이어야 합니다: 받은 값 {_format_number(a[index])} ({count})")

    # 5. values
    if a.dtype.kind in "fc":
        rtol, atol = _tolerances(rtol, atol, a.dtype, e.dtype)
        differs = ~np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
    else:
        differs = a != e
    if differs.any():
        index = tuple(np.argwhere(differs)[0])
        where = f"`{_index_name(name, index)}`" if a.ndim else f"`{name}`"
        want, got = _format_pair(e[index], a[index])
        outside = "허용 오차 밖" if a.dtype.kind in "fc" else "다름"
        message = f"{where}의 값이 다릅니다: 기대 {want}, 받은 값 {got} ({total}개 중 {int(differs.sum())}개가 {outside})"
        if 0 < a.ndim and a.size <= PREVIEW_SIZE:
            # a small array is shown whole; a large one would hide the difference in "..."
            message += f"\n기대:\n{_preview(e)}\n받은 값:\n{_preview(a)}"
        _fail(message)
    return True


# --------------------------------------------------------------------------- scalars


def _is_number(value) -> bool:
    return isinstance(value, (numbers.Number, np.number)) and not isinstance(value, (bool, np.bool_))


def check_scalar(
    name: str, actual: Any, expected: float, rtol: float | None = None, atol: float | None = None
) -> bool:
    """Check one number: `|actual - expected| <= atol + rtol * |expected|`.

    `actual` may be a Python number, a NumPy scalar or a 0-d array; an array with elements
    (even one, shape (1,)) fails with its shape, so `loss` must be a number, not `[loss]`.
    NaN equals only NaN. rtol, atol: None means 1e-7 and 1e-9 (wider for float32).

    Returns True; raises CheckFailed with the two values otherwise.
    """
    _given_tolerances("check_scalar", rtol, atol)
    if actual is None:
        _fail(_none_message(name))
    if isinstance(actual, np.ndarray):
        if actual.ndim != 0:
            _fail(f"`{name}`의 타입이 다릅니다: 기대 숫자 하나(스칼라), 받은 값 모양 {actual.shape}인 배열")
        actual = actual[()]
    if not _is_number(actual):
        _fail(f"`{name}`의 타입이 다릅니다: 기대 숫자, 받은 값 {_type_name(actual)} ({_short_repr(actual)})")
    e = np.asarray(expected)
    a = np.asarray(actual)
    if np.isnan(a) and not np.isnan(e):
        _fail(f"`{name}`의 값이 NaN입니다: 기대 {_format_number(expected)}. NaN은 보통 0으로 나누기, log(0), 너무 큰 exp에서 생깁니다.")
    if np.isnan(e) and not np.isnan(a):
        _fail(f"`{name}`의 값은 NaN이어야 합니다: 받은 값 {_format_number(actual)}")
    rtol, atol = _tolerances(rtol, atol, a.dtype, e.dtype)
    if not np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True):
        want, got = _format_pair(expected, actual)
        _fail(f"`{name}`의 값이 다릅니다: 기대 {want}, 받은 값 {got} (허용 오차 rtol={rtol:g}, atol={atol:g})")
    return True


# --------------------------------------------------------------------------- Python values


def _first_difference(a: str, b: str) -> int:
    for k, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return k
    return min(len(a), len(b))


def check_equal(name: str, actual: Any, expected: Any) -> bool:
    """Check a Python value exactly: ints, strings, lists, tuples, dicts, sets, nested.

    Containers are compared element by element, and the message names the first place
    that differs (`tokens[2]`, `vocab['밥']`), a missing or extra dict key, or a length.
    Lists and tuples count as the same kind of sequence. Floats inside are compared with
    `check_scalar`'s tolerance, arrays inside with `check_array`.

    Returns True; raises CheckFailed otherwise.
    """
    if actual is None and expected is not None:
        _fail(_none_message(name))
    if isinstance(expected, np.ndarray):
        return check_array(name, actual, expected)
    if isinstance(expected, (float, np.floating)):
        return check_scalar(name, actual, expected)

    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(actual, (bool, np.bool_)):
            _fail(f"`{name}`의 타입이 다릅니다: 기대 bool, 받은 값 {_type_name(actual)} ({_short_repr(actual)})")
    elif isinstance(expected, numbers.Integral):
        if isinstance(actual, (bool, np.bool_)) or not isinstance(actual, numbers.Integral):
            _fail(f"`{name}`의 타입이 다릅니다: 기대 정수(int), 받은 값 {_type_name(actual)} ({_short_repr(actual)})")
    elif isinstance(expected, (list, tuple)):
        if not isinstance(actual, (list, tuple)):
            _fail(f"`{name}`의 타입이 다릅니다: 기대 {type(expected).__name__}, 받은 값 {_type_name(actual)}")
        if len(actual) != len(expected):
            _fail(f"`{name}`의 길이가 다릅니다: 기대 {len(expected)}, 받은 값 {len(actual)}")
        for k, (x, y) in enumerate(zip(actual, expected)):
            check_equal(f"{name}[{k}]", x, y)
        return True
    elif isinstance(expected, dict):
        if not isinstance(actual, dict):
            _fail(f"`{name}`의 타입이 다릅니다: 기대 dict, 받은 값 {_type_name(actual)}")
        missing = [k for k in expected if k not in actual]
        if missing:
            keys = ", ".join(_short_repr(k, 30) for k in missing[:5]) + (", …" if len(missing) > 5 else "")
            _fail(f"`{name}`에 없는 키가 있습니다: {keys} (기대 키 {len(expected)}개, 받은 키 {len(actual)}개)")
        extra = [k for k in actual if k not in expected]
        if extra:
            keys = ", ".join(_short_repr(k, 30) for k in extra[:5]) + (", …" if len(extra) > 5 else "")
            _fail(f"`{name}`에 기대하지 않은 키가 있습니다: {keys} (기대 키 {len(expected)}개, 받은 키 {len(actual)}개)")
        for key, value in expected.items():
            check_equal(f"{name}[{key!r}]", actual[key], value)
        return True
    elif isinstance(expected, (set, frozenset)):
        if not isinstance(actual, (set, frozenset)):
            _fail(f"`{name}`의 타입이 다릅니다: 기대 {type(expected).__name__}, 받은 값 {_type_name(actual)}")
        missing, extra = expected - actual, actual - expected
        if missing or extra:
            parts = []
            if missing:
                parts.append("빠진 원소 " + ", ".join(_short_repr(x, 30) for x in sorted(missing, key=repr)[:5]))
            if extra:
                parts.append("더 있는 원소 " + ", ".join(_short_repr(x, 30) for x in sorted(extra, key=repr)[:5]))
            _fail(f"`{name}`의 원소가 다릅니다: {'; '.join(parts)}")
        return True
    elif type(actual) is not type(expected) and not (isinstance(expected, str) and isinstance(actual, str)):
        _fail(f"`{name}`의 타입이 다릅니다: 기대 {_type_name(expected)}, 받은 값 {_type_name(actual)} ({_short_repr(actual)})")

    if actual != expected:
        want, got = _short_repr(expected), _short_repr(actual)
        where = ""
        if isinstance(expected, str) and isinstance(actual, str):
            k = _first_difference(actual, expected) + 1
            where = " (첫 글자부터 다름)" if k == 1 else f" ({k}번째 글자부터 다름)"
        _fail(f"`{name}`의 값이 다릅니다: 기대 {want}, 받은 값 {got}{where}")
    return True


# --------------------------------------------------------------------------- gradients


def check_gradient(
    f: Callable[[], Any],
    x: np.ndarray,
    analytic: Any,
    df: Any = None,
    name: str = "dx",
    h: float = 1e-5,
    tol: float = 1e-7,
) -> bool:
    """Check an analytic gradient against centred differences (`nlplab.gradcheck`).

    Args:
        f: a function of no arguments that reads `x` (a closure), e.g.
            `lambda: rnn_step_forward(x, h_prev, Wx, Wh, b)[0]`.
        x: the float64 array the gradient is taken with respect to (nudged in place by ±h,
            restored afterwards).
        analytic: the learner's gradient, of x's shape.
        df: the upstream gradient, of the shape of f()'s output (None when f() is a number).
        name: what the learner calls the gradient, e.g. "dWx".
        h: the finite-difference step.
        tol: the largest accepted relative error, max |a - n| / max(1e-8, |a| + |n|).

    Returns True; raises CheckFailed naming the relative error and the entry that differs most.
    """
    from .gradcheck import numerical_gradient, rel_error

    positive_number("check_gradient", "tol", tol)
    if analytic is None:
        _fail(_none_message(name))
    if not isinstance(analytic, np.ndarray):
        _fail(f"`{name}`의 타입이 다릅니다: 기대 NumPy 배열(np.ndarray), 받은 값 {_type_name(analytic)}")
    if analytic.shape != np.shape(x):
        _fail(
            f"`{name}`의 모양이 다릅니다: 기대 {np.shape(x)} (미분하는 변수와 같은 모양), "
            f"받은 값 {analytic.shape}{_shape_hint(analytic.shape, np.shape(x))}"
        )
    numeric = numerical_gradient(f, x, df, h=h)
    a = analytic.astype(np.float64)
    if not np.isfinite(a).all():
        index = tuple(np.argwhere(~np.isfinite(a))[0])
        shown = "NaN" if np.isnan(a[index]) else _format_number(a[index])
        _fail(f"`{_index_name(name, index) if a.ndim else name}`의 값이 {shown}입니다: "
              f"수치 미분 {_format_number(numeric[index])}")
    if not np.isfinite(numeric).all():
        # a NaN slope compares False with everything: without this, any gradient would "pass"
        index = tuple(np.argwhere(~np.isfinite(numeric))[0])
        shown = "NaN" if np.isnan(numeric[index]) else _format_number(numeric[index])
        _fail(f"`{_index_name(name, index) if a.ndim else name}`의 수치 미분이 {shown}입니다: "
              "x를 조금 움직인 곳에서 함수 값이 NaN이나 inf가 됩니다 (정의역 밖, 0으로 나누기, log(0)). "
              "이 점에서는 기울기를 검사할 수 없습니다")
    error = rel_error(a, numeric)
    if not error <= tol:
        per_entry = np.abs(a - numeric) / np.maximum(1e-8, np.abs(a) + np.abs(numeric))
        index = np.unravel_index(int(np.argmax(per_entry)), a.shape) if a.ndim else ()
        where = _index_name(name, index) if a.ndim else name
        want, got = _format_pair(numeric[index], a[index])
        _fail(
            f"`{name}`의 값이 수치 미분과 다릅니다: 상대 오차 {error:.2e} (허용 {tol:.0e}). "
            f"가장 크게 다른 곳 `{where}`: 수치 미분 {want}, 받은 값 {got}"
        )
    return True


# --------------------------------------------------------------------------- predictions


def read_prediction(text: str, actual: Any = None) -> Any:
    """A prediction typed as text, as a Python value: a literal ("(2, 3, 4)", "0.5", "['a', 'b']",
    "True"); when the value predicted is a string, bare text without quotes counts as that string.

    Raises PredictionUnreadable (a CheckFailed) with an example of what to write.
    """
    stripped = str(text).strip()
    if not stripped:
        raise PredictionUnreadable(f"{UNREADABLE}: 예측이 비어 있습니다. 값을 입력하세요 (예: (2, 3, 4), 0.5).")
    try:
        return ast.literal_eval(stripped)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        if isinstance(actual, (str, np.str_)):
            return stripped
        raise PredictionUnreadable(
            f"{UNREADABLE}: {_short_repr(stripped, 40)}. 숫자는 0.5, 모양은 (2, 3, 4), "
            f"문자열은 '고양이'처럼 Python 값으로 쓰세요.") from None


def check_prediction(name: str, actual: Any, predicted: str, atol: float | None = None) -> bool:
    """Check a prediction (text the learner typed or the choice they picked) against `actual`,
    the value the cell computed: arrays by `check_array` (an integer prediction of a float
    array counts as floats), two numbers by `check_scalar` (an integer predicts 2.0 as well as
    2), anything else by `check_equal`. `atol`: an absolute tolerance for numbers (a prediction
    of 0.73 for 0.7311 with atol=0.01); None means the checks' own.

    Returns True; raises CheckFailed whose message shows the cell's value and the prediction,
    or PredictionUnreadable when `predicted` is not a value.
    """
    if atol is not None:
        _given_tolerances("check_prediction", None, atol)
    guess = read_prediction(predicted, actual)
    truth = actual.item() if isinstance(actual, np.generic) else actual
    rtol = 0.0 if atol is not None else None
    try:
        if isinstance(truth, np.ndarray):
            try:
                guessed = np.asarray(guess)
            except ValueError:
                guessed = guess
            if isinstance(guessed, np.ndarray) and truth.dtype.kind in "fc" and guessed.dtype.kind in "iub":
                guessed = guessed.astype(float)
            check_array(name, guessed, truth, rtol=rtol, atol=atol)
        elif _is_number(truth) and _is_number(guess):
            check_scalar(name, float(guess), float(truth), rtol=rtol, atol=atol)
        else:
            check_equal(name, guess, truth)
    except CheckFailed as failed:
        shown = _preview(truth) if isinstance(truth, np.ndarray) else _short_repr(truth)
        raise CheckFailed(f"{COMPARED} `{name}`: {shown}\n예측: {_clip(str(predicted).strip(), 80)}\n"
                          f"(기대 = 셀의 값, 받은 값 = 예측) {failed}") from None
    return True
