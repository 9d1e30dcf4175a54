"""nlplab.layers: every backward against centred differences, exact values, bad input."""

import math
import warnings

import numpy as np
import pytest

from helpers import TOL, numerical
from nlplab.gradcheck import rel_error
from nlplab.layers import (
    affine_backward,
    affine_forward,
    embedding_backward,
    embedding_forward,
    relu_backward,
    relu_forward,
    sigmoid,
    sigmoid_backward,
    sigmoid_forward,
    softmax,
    softmax_cross_entropy,
    tanh_backward,
    tanh_forward,
)



# ------------------------------------------------------------------------------------ affine

@pytest.mark.parametrize("x_shape", [(4, 5), (2, 3, 5)], ids=["(N,D)", "(N,T,D)"])
def test_affine_gradients(rng, x_shape):
    x = rng.standard_normal(x_shape)
    W = rng.standard_normal((5, 3))
    b = rng.standard_normal(3)
    out, cache = affine_forward(x, W, b)
    assert out.shape == x_shape[:-1] + (3,)
    dout = rng.standard_normal(out.shape)
    dx, dW, db = affine_backward(dout, cache)
    f = lambda: affine_forward(x, W, b)[0]
    assert rel_error(dx, numerical(f, x, dout)) < TOL
    assert rel_error(dW, numerical(f, W, dout)) < TOL
    assert rel_error(db, numerical(f, b, dout)) < TOL


def test_affine_values_and_dtype():
    x = np.array([[1.0, 2.0]], dtype=np.float32)
    W = np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 1.0]], dtype=np.float32)
    b = np.array([0.0, 1.0, 2.0], dtype=np.float32)
    out, cache = affine_forward(x, W, b)
    # [1·1 + 2·0.5, 1·0 + 2·2 + 1, 1·(−1) + 2·1 + 2]
    assert out.tolist() == [[2.0, 5.0, 3.0]]
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in affine_backward(np.ones_like(out), cache))


def test_affine_shape_errors_name_both_shapes():
    with pytest.raises(ValueError, match=r"expected x of shape \(N, D=3\) or \(N, T, D=3\), got \(2, 4\)"):
        affine_forward(np.zeros((2, 4)), np.zeros((3, 5)), np.zeros(5))
    with pytest.raises(ValueError, match=r"expected b of shape \(M=5,\), got \(4,\)"):
        affine_forward(np.zeros((2, 3)), np.zeros((3, 5)), np.zeros(4))
    _, cache = affine_forward(np.zeros((2, 3)), np.zeros((3, 5)), np.zeros(5))
    with pytest.raises(ValueError, match=r"expected dout of shape \(N=2, M=5\), got \(2, 4\)"):
        affine_backward(np.zeros((2, 4)), cache)


def test_affine_refuses_nan():
    x = np.ones((2, 3))
    x[1, 2] = np.nan
    with pytest.raises(ValueError, match=r"x contains NaN or inf \(first at index \(1, 2\)"):
        affine_forward(x, np.zeros((3, 2)), np.zeros(2))


# ------------------------------------------------------------------------------- activations

def test_relu_tanh_sigmoid_gradients(rng):
    x = rng.standard_normal((4, 6))
    x[np.abs(x) < 1e-2] = 0.5          # keep away from relu's kink (the stencil reaches ±2e-3)
    dout = rng.standard_normal(x.shape)
    for forward, backward in ((relu_forward, relu_backward), (tanh_forward, tanh_backward),
                              (sigmoid_forward, sigmoid_backward)):
        out, cache = forward(x)
        dx = backward(dout, cache)
        assert rel_error(dx, numerical(lambda: forward(x)[0], x, dout)) < TOL, forward.__name__


def test_activation_values():
    x = np.array([-2.0, 0.0, 3.0])
    assert relu_forward(x)[0].tolist() == [0.0, 0.0, 3.0]
    # relu'(0) = 0, as PyTorch
    assert relu_backward(np.ones(3), x).tolist() == [0.0, 0.0, 1.0]
    assert np.allclose(tanh_forward(x)[0], [math.tanh(-2.0), 0.0, math.tanh(3.0)], rtol=1e-15, atol=0)
    expected = [1 / (1 + math.exp(2.0)), 0.5, 1 / (1 + math.exp(-3.0))]
    assert np.allclose(sigmoid(x), expected, rtol=1e-15, atol=0)


def test_sigmoid_is_stable_for_large_inputs_and_accurate():
    x = np.array([-1000.0, -745.0, -89.0, 0.0, 89.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")            # an overflow warning would fail the test
        with np.errstate(all="raise"):
            s = sigmoid(x)
            s32 = sigmoid(x.astype(np.float32))
    assert s.tolist() == [0.0, 0.0, 0.0, 0.5, 1.0, 1.0]
    assert s32.dtype == np.float32 and s32.tolist() == [0.0, 0.0, 0.0, 0.5, 1.0, 1.0]
    # the documented accuracy: within one rounding of 1 of 1 / (1 + e^{−x}) computed exactly
    grid = np.linspace(-40, 40, 801)
    exact = np.array([1 / (1 + math.exp(-v)) for v in grid])
    assert np.max(np.abs(sigmoid(grid) - exact)) <= 2.3e-16
    assert np.max(np.abs(sigmoid(grid.astype(np.float32)) - exact)) <= 1.2e-7


def test_elementwise_activations_propagate_nan_in_place():
    """The documented NaN policy: element-wise layers give NaN at NaN positions only."""
    x = np.array([1.0, np.nan, -1.0])
    for f in (lambda v: relu_forward(v)[0], lambda v: tanh_forward(v)[0], sigmoid):
        out = f(x)
        assert np.isnan(out[1]) and np.isfinite(out[[0, 2]]).all()


def test_out_argument_of_sigmoid_writes_in_place():
    x = np.array([[-1.0, 2.0], [0.0, 5.0]])
    expected = sigmoid(x)
    view = x[:, :1]
    sigmoid(view, out=view)
    assert x[0, 0] == expected[0, 0] and x[1, 0] == 0.5 and x[0, 1] == 2.0


# ------------------------------------------------------------------------- softmax + cross-entropy

def test_softmax_cross_entropy_values():
    scores = np.array([[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]])
    y = np.array([2, 1])
    loss, dscores = softmax_cross_entropy(scores, y)
    # row 0: −log(e³ / (e + e² + e³)); row 1: −log(e⁰ / (e¹⁰⁰⁰ + e⁰ + e⁻¹⁰⁰⁰)) ≈ 1000
    row0 = -(3.0 - math.log(math.exp(1) + math.exp(2) + math.exp(3)))
    assert loss == pytest.approx((row0 + 1000.0) / 2, rel=1e-14)
    p0 = np.exp([1.0, 2.0, 3.0]) / np.exp([1.0, 2.0, 3.0]).sum()
    assert np.allclose(dscores[0], (p0 - [0, 0, 1]) / 2, rtol=0, atol=1e-16)
    assert np.allclose(dscores[1], np.array([1.0, -1.0, 0.0]) / 2, rtol=0, atol=1e-16)
    assert np.allclose(softmax(scores).sum(axis=1), 1.0)


def test_softmax_cross_entropy_uniform_scores_give_log_C():
    loss, _ = softmax_cross_entropy(np.zeros((4, 7, 11)), np.zeros((4, 7), dtype=int))
    assert loss == pytest.approx(math.log(11), rel=1e-14)


@pytest.mark.parametrize("shape", [(5, 4), (3, 4, 6)], ids=["(N,C)", "(N,T,C)"])
@pytest.mark.parametrize("masked", [False, True], ids=["no mask", "mask"])
def test_softmax_cross_entropy_gradient(rng, shape, masked):
    scores = rng.standard_normal(shape)
    y = rng.integers(0, shape[-1], size=shape[:-1])
    mask = rng.random(shape[:-1]) < 0.6 if masked else None
    if masked:
        mask.flat[0] = True
    _, dscores = softmax_cross_entropy(scores, y, mask)
    num = numerical(lambda: softmax_cross_entropy(scores, y, mask)[0], scores)
    assert rel_error(dscores, num) < TOL
    if masked:
        assert np.all(dscores[~mask] == 0)


def test_mask_averages_over_real_items_only(rng):
    scores = rng.standard_normal((3, 5, 4))
    y = rng.integers(0, 4, size=(3, 5))
    lengths = np.array([5, 2, 3])
    mask = np.arange(5)[None, :] < lengths[:, None]
    y_padded = np.where(mask, y, -1)          # a pad label outside [0, C) is fine under the mask
    loss, _ = softmax_cross_entropy(scores, y_padded, mask)
    # the same items as a flat (M, C) batch without padding
    flat_loss, _ = softmax_cross_entropy(scores[mask], y[mask])
    assert loss == pytest.approx(flat_loss, rel=1e-14)
    # 0/1 integers work as a mask too; nothing unmasked: loss 0, gradient 0
    assert softmax_cross_entropy(scores, y_padded, mask.astype(int))[0] == pytest.approx(flat_loss, rel=1e-14)
    loss0, d0 = softmax_cross_entropy(scores, y, np.zeros((3, 5), dtype=bool))
    assert loss0 == 0.0 and not d0.any()


def test_softmax_cross_entropy_bad_input():
    with pytest.raises(ValueError, match=r"expected y of shape \(N=2, T=3\), got \(2,\)"):
        softmax_cross_entropy(np.zeros((2, 3, 4)), np.zeros(2, dtype=int))
    with pytest.raises(ValueError, match=r"y must lie in \[0, C=4\), got y\[1\] = 4"):
        softmax_cross_entropy(np.zeros((2, 4)), np.array([0, 4]))
    with pytest.raises(ValueError, match="integer class ids"):
        softmax_cross_entropy(np.zeros((2, 4)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"expected mask of shape \(N=2,\), got \(3,\)"):
        softmax_cross_entropy(np.zeros((2, 4)), np.array([0, 1]), np.ones(3, dtype=bool))
    with pytest.raises(ValueError, match="mask must be booleans or 0/1"):
        softmax_cross_entropy(np.zeros((2, 4)), np.array([0, 1]), np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="scores contains NaN or inf"):
        softmax_cross_entropy(np.array([[0.0, np.nan]]), np.array([0]))


def test_softmax_cross_entropy_keeps_float32(rng):
    scores = rng.standard_normal((4, 3)).astype(np.float32)
    loss, dscores = softmax_cross_entropy(scores, np.array([0, 1, 2, 0]))
    assert dscores.dtype == np.float32
    assert loss == pytest.approx(softmax_cross_entropy(scores.astype(np.float64), np.array([0, 1, 2, 0]))[0], rel=1e-6)


# --------------------------------------------------------------------------------- embedding

def test_embedding_forward_and_repeated_ids(rng):
    W = rng.standard_normal((5, 3))
    ids = np.array([[0, 2, 2], [4, 2, 0]])
    out, cache = embedding_forward(ids, W)
    assert out.shape == (2, 3, 3) and np.array_equal(out[1, 0], W[4])
    dout = rng.standard_normal(out.shape)
    dW = embedding_backward(dout, cache)
    # id 2 is used three times: its row collects all three gradients; unused rows get none
    assert np.allclose(dW[2], dout[0, 1] + dout[0, 2] + dout[1, 1], rtol=0, atol=1e-15)
    assert not dW[[1, 3]].any()
    num = numerical(lambda: embedding_forward(ids, W)[0], W, dout)
    assert rel_error(dW, num) < TOL


def test_embedding_bad_ids():
    W = np.zeros((5, 3))
    with pytest.raises(ValueError, match=r"ids must lie in \[0, V=5\), got 5"):
        embedding_forward(np.array([1, 5]), W)
    with pytest.raises(ValueError, match=r"ids must lie in \[0, V=5\), got -1"):
        embedding_forward(np.array([-1, 2]), W)        # would silently read row 4 otherwise
    with pytest.raises(ValueError, match="ids must be integers, got dtype float64"):
        embedding_forward(np.array([1.0]), W)
    _, cache = embedding_forward(np.array([[1, 2]]), W)
    with pytest.raises(ValueError, match=r"expected dout of shape \(N=1, N=2, E=3\), got \(1, 2, 4\)"):
        embedding_backward(np.zeros((1, 2, 4)), cache)
