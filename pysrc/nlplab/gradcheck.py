"""Numerical gradients: the check every backward pass in nlplab must pass.

An analytic gradient is only trusted once it agrees with the slope measured by nudging each
input a little in both directions (centred differences):

    ∂L/∂x_k ≈ ( L(x + h e_k) − L(x − h e_k) ) / 2h

For a layer whose output is an array rather than a scalar, the "loss" is the output contracted
with an upstream gradient `df` (any fixed array of the output's shape): L = Σ f(x) ⊙ df. Its
gradient is exactly what a backward pass returns when it is given `dout = df`.

Example (the pattern of every gradient check in the tests)::

    out, cache = affine_forward(x, W, b)
    dout = rng.standard_normal(out.shape)
    dx, dW, db = affine_backward(dout, cache)
    dx_num = numerical_gradient(lambda: affine_forward(x, W, b)[0], x, dout)
    assert rel_error(dx, dx_num) < 1e-7

`f` may also take the array as its one argument, as in cs231n's `eval_numerical_gradient`:
`numerical_gradient(lambda x: affine_forward(x, W, b)[0], x, dout)` gives the same gradient.
"""

from __future__ import annotations

import inspect
from typing import Callable

import numpy as np

from ._checks import as_float_array, callable_or_none, describe, positive_number

__all__ = ["numerical_gradient", "rel_error"]


def _takes_x(f: Callable, x: np.ndarray) -> bool:
    """Whether `f` is to be called as f(x) (True) or f() (False), read from its signature.

    Only an unambiguous signature decides: one that accepts exactly one of the two calls.
    A function that accepts both (`lambda W=W: ...`, `def f(*args)`) or neither, or whose
    signature cannot be read, is refused with a TypeError that asks for `takes_x`.
    """
    try:
        signature = inspect.signature(f)
    except (TypeError, ValueError) as error:
        raise TypeError(f"numerical_gradient: cannot read the signature of f ({error}); say how to call it: "
                        f"takes_x=True for f(x), takes_x=False for f()") from None

    def accepts(*args) -> bool:
        try:
            signature.bind(*args)
        except TypeError:
            return False
        return True

    without_x, with_x = accepts(), accepts(x)
    if with_x and not without_x:
        return True
    if without_x and not with_x:
        return False
    # the parameters by name only: a default's repr may be a whole array
    shown = "f(" + ", ".join(
        ("*" if p.kind is p.VAR_POSITIONAL else "**" if p.kind is p.VAR_KEYWORD else "")
        + p.name + ("=…" if p.default is not p.empty else "")
        for p in signature.parameters.values()) + ")"
    if with_x:
        raise TypeError(f"numerical_gradient: {shown} can be called both as f() and as f(x) "
                        f"(a default argument or *args); say which: takes_x=True for f(x), takes_x=False for f()")
    raise TypeError(f"numerical_gradient: {shown} must take no argument (a closure that reads x) "
                    f"or one (x itself)")


def numerical_gradient(f: Callable[[], np.ndarray | float] | Callable[[np.ndarray], np.ndarray | float],
                       x: np.ndarray, df: np.ndarray | float | None = None,
                       h: float = 1e-5, order: int = 2, *, takes_x: bool | None = None) -> np.ndarray:
    """Centred-difference gradient of Σ f() ⊙ df with respect to x.

    f: the function to differentiate, in either of two forms:
       - f(), no arguments: a closure that reads `x`, e.g. `lambda: rnn_step_forward(x, h, Wx, Wh, b)[0]`;
       - f(x), one argument, as in cs231n: it is given `x` itself, e.g. `lambda x: np.sum(x ** 2)`.
       Either way each entry of `x` is perturbed in place and restored before the next one, so
       `x` is unchanged afterwards (and a closure over `x` sees the same nudged array f(x) gets).
       The form is read from f's signature; see `takes_x`.
    x: the float64 array to differentiate with respect to, of any shape.
    df: the upstream gradient, of the shape of f()'s output; None (or 1.0) when f() is a scalar.
    h: the step. 1e-5 suits float64; float32 cannot resolve such a step, so it is refused.
    order: 2 (default) for the classic formula, error O(h²):
               (f(x + h) − f(x − h)) / 2h
           4 for the five-point formula, error O(h⁴):
               (8 (f(x + h) − f(x − h)) − (f(x + 2h) − f(x − 2h))) / 12h
           The error of either is truncation (shrinks with h) plus rounding (≈ 1e-16 |f| / h,
           grows as h shrinks). For a whole model's averaged loss some gradient entries are
           tiny (1e-6), and order 2's rounding (≈ 1e-11) swamps them; order 4 with h = 1e-3
           keeps both parts near 1e-13.
    takes_x: how to call f. None (default) reads it from f's signature: a function that can only
       be called with no argument is called as f(), one that needs exactly one as f(x). A
       signature that allows both (a default argument, `lambda W=W: ...`, or `*args`) or that
       cannot be read (a NumPy ufunc before NumPy 2.4) raises a TypeError instead of guessing; then
       say it: takes_x=True calls f(x), takes_x=False calls f().

    Returns an array of x's shape: grad[k] ≈ ∂/∂x[k] Σ f() ⊙ df. Where f() is NaN or inf next
    to x the entry is NaN or inf too; rel_error and nlplab.checking.check_gradient refuse those.

    Raises:
        ValueError: x is not a float64 array, df has the wrong shape, or order is not 2 or 4.
        TypeError: f's form cannot be told from its signature (see `takes_x`).
    """
    where = "numerical_gradient"
    if f is None:
        raise TypeError(f"{where}: f에는 함수가 와야 합니다, 받은 값: None")
    callable_or_none(where, "f", f)
    if not isinstance(x, np.ndarray):
        raise ValueError(f"{where}: x must be a numpy array (it is perturbed in place), got {type(x).__name__}")
    if x.dtype != np.float64:
        raise ValueError(f"numerical_gradient: x must be float64 (centred differences with h={h} need its precision), "
                         f"got {x.dtype}")
    if not x.flags.writeable:
        raise ValueError(f"{where}: x is read-only, but it is perturbed in place: pass x.copy()")
    h = positive_number(where, "h", h)
    if order not in (2, 4) or isinstance(order, bool):
        raise ValueError(f"{where}: order must be 2 or 4, got {order}")
    if takes_x is None:
        takes_x = _takes_x(f, x)
    call = (lambda: f(x)) if takes_x else f
    upstream = 1.0 if df is None else as_float_array(where, "df", df)
    if not np.all(np.isfinite(upstream)):
        raise ValueError(f"{where}: df contains NaN or inf: every entry of the gradient would be NaN")

    def contracted(k, step):
        """Σ f() ⊙ df with x[k] moved by `step`; x[k] is restored afterwards."""
        old = x[k]
        x[k] = old + step
        value = call()
        try:
            out = np.array(value, dtype=np.float64, copy=True)   # copy: f may return a buffer it reuses
        except (TypeError, ValueError):
            raise TypeError(f"{where}: f()는 숫자나 숫자 배열을 돌려줘야 합니다, 받은 값: {describe(value)} "
                            "(forward가 (out, cache)를 돌려준다면 lambda: f(...)[0]처럼 out만 고르세요)") from None
        x[k] = old
        if np.shape(upstream) != () and out.shape != np.shape(upstream):
            raise ValueError(f"{where}: df must have the shape of f()'s output {out.shape}, "
                             f"got {np.shape(upstream)}")
        return np.sum(out * upstream)

    grad = np.zeros_like(x)
    # nditer walks every index of x whatever its shape; multi_index gives it as a tuple.
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        k = it.multi_index
        if order == 2:
            grad[k] = (contracted(k, h) - contracted(k, -h)) / (2 * h)
        else:
            near = contracted(k, h) - contracted(k, -h)
            far = contracted(k, 2 * h) - contracted(k, -2 * h)
            grad[k] = (8 * near - far) / (12 * h)
        it.iternext()
    return grad


def rel_error(a: np.ndarray | float, b: np.ndarray | float) -> float:
    """The largest element-wise relative error: max |a − b| / max(1e-8, |a| + |b|).

    a, b: arrays of the same shape (or scalars). 1e-8 keeps entries that are zero in both from
    dividing by zero. A correct float64 backward pass typically gives 1e-9 or less.
    """
    a = as_float_array("rel_error", "a", a).astype(np.float64)
    b = as_float_array("rel_error", "b", b).astype(np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error: a and b must have the same shape, got {a.shape} and {b.shape}")
    for name, array in (("a", a), ("b", b)):
        if not np.isfinite(array).all():
            raise ValueError(f"rel_error: {name} contains NaN or inf: no error can be measured (NaN은 보통 0으로 "
                             "나누기, log(0), 너무 큰 exp에서 생깁니다)")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
