"""nlplab.gradcheck: the numerical gradient every other test trusts, checked on known derivatives."""

import numpy as np
import pytest

from nlplab.gradcheck import numerical_gradient, rel_error


def test_numerical_gradient_of_a_cube_contracted_with_df(rng):
    x = rng.standard_normal((3, 4))
    df = rng.standard_normal((3, 4))
    grad = numerical_gradient(lambda: x ** 3, x, df)
    # d/dx Σ x³ ⊙ df = 3 x² ⊙ df
    assert rel_error(grad, 3 * x ** 2 * df) < 1e-8


def test_numerical_gradient_of_a_scalar_and_of_a_matrix_product(rng):
    x = rng.standard_normal(5)
    assert rel_error(numerical_gradient(lambda: np.sum(np.sin(x)), x), np.cos(x)) < 1e-9
    W = rng.standard_normal((5, 2))
    df = rng.standard_normal(2)
    # d/dx Σ (x W) ⊙ df = W df
    assert rel_error(numerical_gradient(lambda: x @ W, x, df), W @ df) < 1e-9


def test_numerical_gradient_restores_x_and_reads_it_in_place(rng):
    x = rng.standard_normal((2, 3))
    before = x.copy()
    seen = []
    numerical_gradient(lambda: seen.append(x.copy()) or x.sum(), x)
    assert np.array_equal(x, before)
    # each call saw exactly one entry moved by ±h
    moved = [np.count_nonzero(s != before) for s in seen]
    assert len(seen) == 2 * x.size and set(moved) == {1}


def test_f_may_take_x_as_its_argument_as_in_cs231n(rng):
    x = rng.standard_normal((3, 4))
    df = rng.standard_normal((3, 4))
    closure = numerical_gradient(lambda: x ** 3, x, df)
    # the same gradient from f(x), which is given x itself (nudged in place, then restored)
    before = x.copy()
    with_x = numerical_gradient(lambda v: v ** 3, x, df)
    assert np.array_equal(with_x, closure) and np.array_equal(x, before)
    assert rel_error(with_x, 3 * x ** 2 * df) < 1e-8

    seen = []
    numerical_gradient(lambda v: seen.append(v) or np.sum(v), x)
    assert len(seen) == 2 * x.size and all(v is x for v in seen)

    # a named function, one with a second argument that has a default, and a NumPy function
    def loss(W):
        return np.sum(np.sin(W))

    def scaled(W, scale=2.0):
        return scale * np.sum(W ** 2)

    assert rel_error(numerical_gradient(loss, x), np.cos(x)) < 1e-9
    assert rel_error(numerical_gradient(scaled, x), 4 * x) < 1e-9
    assert rel_error(numerical_gradient(np.sum, x), np.ones_like(x)) < 1e-9
    # a ufunc's signature cannot be read before NumPy 2.4 (Pyodide has 2.0): takes_x says it
    assert rel_error(numerical_gradient(np.sin, x, df, takes_x=True), np.cos(x) * df) < 1e-9


def test_f_that_could_be_called_either_way_is_refused_not_guessed(rng):
    x = rng.standard_normal(3)
    W = x.copy()
    # `lambda W=W:` (the loop-variable idiom) accepts both f() and f(x): it is not guessed
    with pytest.raises(TypeError, match=r"f\(W=…\) can be called both as f\(\) and as f\(x\).*takes_x"):
        numerical_gradient(lambda W=W: np.sum(W ** 2), x)
    with pytest.raises(TypeError, match=r"f\(\*args\) can be called both"):
        numerical_gradient(lambda *args: 0.0, x)
    with pytest.raises(TypeError, match=r"f\(a, b\) must take no argument .* or one"):
        numerical_gradient(lambda a, b: 0.0, x)
    # takes_x says it: the default (a copy of x) is never nudged, x itself is
    assert np.array_equal(numerical_gradient(lambda W=W: np.sum(W ** 2), x, takes_x=False), np.zeros(3))
    assert rel_error(numerical_gradient(lambda W=W: np.sum(W ** 2), x, takes_x=True), 2 * x) < 1e-9
    assert rel_error(numerical_gradient(lambda *args: np.sum(x ** 2), x, takes_x=False), 2 * x) < 1e-9

    class Unreadable:
        __signature__ = "not a signature"   # inspect.signature raises TypeError

        def __call__(self, v):
            return np.sum(v ** 2)

    with pytest.raises(TypeError, match="cannot read the signature of f.*takes_x=True for f\\(x\\)"):
        numerical_gradient(Unreadable(), x)
    assert rel_error(numerical_gradient(Unreadable(), x, takes_x=True), 2 * x) < 1e-9


def test_fourth_order_formula_is_more_accurate_at_a_larger_step(rng):
    x = rng.standard_normal(6)
    exact = np.cos(x)
    f = lambda: np.sum(np.sin(x))
    second = np.max(np.abs(numerical_gradient(f, x, h=1e-3) - exact))
    fourth = np.max(np.abs(numerical_gradient(f, x, h=1e-3, order=4) - exact))
    # truncation errors: h²/6 |f⁽³⁾| ≈ 1e-7 for order 2, h⁴/30 |f⁽⁵⁾| ≈ 3e-14 for order 4
    assert 1e-8 < second < 2e-7 and fourth < 1e-12
    with pytest.raises(ValueError, match="order must be 2 or 4, got 3"):
        numerical_gradient(f, x, order=3)


def test_numerical_gradient_refuses_float32_and_wrong_df_shape():
    with pytest.raises(ValueError, match="float64.*float32"):
        numerical_gradient(lambda: 0.0, np.zeros(3, dtype=np.float32))
    x = np.zeros(3)
    with pytest.raises(ValueError, match=r"df must have the shape of f\(\)'s output \(3,\), got \(2,\)"):
        numerical_gradient(lambda: x * 2, x, np.ones(2))


def test_rel_error_values():
    assert rel_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    # |1 − 3| / (1 + 3)
    assert rel_error(1.0, 3.0) == 0.5
    # the element-wise maximum, not an average
    assert rel_error(np.array([1.0, 1.0]), np.array([1.0, 3.0])) == 0.5
    # both zero: 0 / 1e-8 = 0; one tiny: the 1e-8 floor keeps it finite
    assert rel_error(np.zeros(2), np.zeros(2)) == 0.0
    assert rel_error(np.array([0.0]), np.array([1e-10])) == pytest.approx(1e-2)
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        rel_error(np.zeros(2), np.zeros(3))
