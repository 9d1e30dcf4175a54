"""nlplab.rnn: known values, gradient checks of the step and of BPTT, shapes, dtype, bad input."""

import math

import numpy as np
import pytest

from helpers import TOL, numerical
from nlplab.gradcheck import rel_error
from nlplab.rnn import from_torch_state, rnn_backward, rnn_forward, rnn_step_backward, rnn_step_forward



def _linspace_step():
    """cs231n assignment 3's deterministic inputs for its RNN step test."""
    N, D, H = 3, 10, 4
    x = np.linspace(-0.4, 0.7, num=N * D).reshape(N, D)
    h_prev = np.linspace(-0.2, 0.5, num=N * H).reshape(N, H)
    Wx = np.linspace(-0.1, 0.9, num=D * H).reshape(D, H)
    Wh = np.linspace(-0.3, 0.7, num=H * H).reshape(H, H)
    b = np.linspace(-0.2, 0.4, num=H)
    return x, h_prev, Wx, Wh, b


def test_rnn_step_forward_known_values():
    x, h_prev, Wx, Wh, b = _linspace_step()
    h_next, _ = rnn_step_forward(x, h_prev, Wx, Wh, b)
    # the values published with cs231n's assignment (same convention: row vectors, x Wx + h Wh + b)
    published = np.array([
        [-0.58172089, -0.50182032, -0.41232771, -0.31410098],
        [0.66854692, 0.79562378, 0.87755553, 0.92795967],
        [0.97934501, 0.99144213, 0.99646691, 0.99854353]])
    assert np.abs(h_next - published).max() < 1e-8
    # and entry by entry with plain Python: h[n, j] = tanh(Σ_k h_prev[n,k] Wh[k,j] + Σ_d x[n,d] Wx[d,j] + b[j])
    N, H = h_prev.shape
    for n in range(N):
        for j in range(H):
            a = sum(h_prev[n, k] * Wh[k, j] for k in range(H)) + sum(x[n, d] * Wx[d, j] for d in range(x.shape[1])) + b[j]
            assert h_next[n, j] == pytest.approx(math.tanh(a), rel=1e-14, abs=1e-15)


def _random_params(rng, N, T, D, H, dtype=np.float64):
    x = rng.standard_normal((N, T, D)).astype(dtype)
    h0 = rng.standard_normal((N, H)).astype(dtype)
    Wx = (rng.standard_normal((D, H)) / np.sqrt(D)).astype(dtype)
    Wh = (rng.standard_normal((H, H)) / np.sqrt(H)).astype(dtype)
    b = (0.1 * rng.standard_normal(H)).astype(dtype)
    return x, h0, Wx, Wh, b


def test_rnn_step_backward_gradients(rng):
    x, h_prev, Wx, Wh, b = _random_params(rng, 4, 1, 5, 6)
    x = x[:, 0]
    h_next, cache = rnn_step_forward(x, h_prev, Wx, Wh, b)
    dh_next = rng.standard_normal(h_next.shape)
    grads = rnn_step_backward(dh_next, cache)
    f = lambda: rnn_step_forward(x, h_prev, Wx, Wh, b)[0]
    for name, array, grad in zip(("x", "h_prev", "Wx", "Wh", "b"), (x, h_prev, Wx, Wh, b), grads):
        assert rel_error(grad, numerical(f, array, dh_next)) < TOL, name


@pytest.mark.parametrize("N,T,D,H", [(2, 3, 4, 5), (1, 1, 3, 2), (3, 6, 2, 4)])
def test_rnn_backward_gradients(rng, N, T, D, H):
    x, h0, Wx, Wh, b = _random_params(rng, N, T, D, H)
    h, cache = rnn_forward(x, h0, Wx, Wh, b)
    dh = rng.standard_normal(h.shape)
    grads = rnn_backward(dh, cache)
    f = lambda: rnn_forward(x, h0, Wx, Wh, b)[0]
    for name, array, grad in zip(("x", "h0", "Wx", "Wh", "b"), (x, h0, Wx, Wh, b), grads):
        assert grad.shape == array.shape
        assert rel_error(grad, numerical(f, array, dh)) < TOL, name


def test_rnn_forward_and_backward_are_the_step_applied_T_times(rng):
    x, h0, Wx, Wh, b = _random_params(rng, 3, 5, 4, 6)
    h, cache = rnn_forward(x, h0, Wx, Wh, b)
    dh = rng.standard_normal(h.shape)
    dx, dh0, dWx, dWh, db = rnn_backward(dh, cache)
    # forward: the step function in a loop
    h_prev, step_caches = h0, []
    for t in range(x.shape[1]):
        h_prev, step_cache = rnn_step_forward(x[:, t], h_prev, Wx, Wh, b)
        step_caches.append(step_cache)
        assert np.allclose(h[:, t], h_prev, rtol=0, atol=1e-14)
    # backward: the step's backward in reverse, gradients summed over time
    dh_prev = np.zeros_like(h0)
    total = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
    for t in reversed(range(x.shape[1])):
        dx_t, dh_prev, *dparams = rnn_step_backward(dh[:, t] + dh_prev, step_caches[t])
        assert np.allclose(dx[:, t], dx_t, rtol=0, atol=1e-13)
        total = [s + d for s, d in zip(total, dparams)]
    for mine, loop in zip((dh0, dWx, dWh, db), (dh_prev, *total)):
        assert np.allclose(mine, loop, rtol=0, atol=1e-12)


def test_rnn_keeps_float32(rng):
    x, h0, Wx, Wh, b = _random_params(rng, 2, 4, 3, 5, dtype=np.float32)
    h, cache = rnn_forward(x, h0, Wx, Wh, b)
    assert h.dtype == np.float32
    grads = rnn_backward(np.ones_like(h), cache)
    assert all(g.dtype == np.float32 for g in grads)
    h64, _ = rnn_forward(*(a.astype(np.float64) for a in (x, h0, Wx, Wh, b)))
    assert np.abs(h - h64).max() < 1e-5
    assert rnn_step_forward(x[:, 0], h0, Wx, Wh, b)[0].dtype == np.float32


def test_rnn_shape_errors_name_expected_and_received():
    x, h0, Wx, Wh, b = _random_params(np.random.default_rng(0), 2, 3, 4, 5)
    with pytest.raises(ValueError, match=r"rnn_forward: expected Wh of shape \(H=5, H=5\), got \(5, 6\)"):
        rnn_forward(x, h0, Wx, np.zeros((5, 6)), b)
    with pytest.raises(ValueError, match=r"rnn_forward: expected Wx of shape \(D=4, H=5\), got \(3, 5\)"):
        rnn_forward(x, h0, np.zeros((3, 5)), Wh, b)
    with pytest.raises(ValueError, match=r"rnn_forward: expected h0 of shape \(N=2, H=5\), got \(5,\)"):
        rnn_forward(x, h0[0], Wx, Wh, b)
    with pytest.raises(ValueError, match=r"rnn_forward: expected x of shape \(N, T, D\), got \(2, 4\)"):
        rnn_forward(x[:, 0], h0, Wx, Wh, b)
    with pytest.raises(ValueError, match=r"rnn_step_forward: expected b of shape \(H=5,\), got \(4,\)"):
        rnn_step_forward(x[:, 0], h0, Wx, Wh, b[:4])
    _, cache = rnn_forward(x, h0, Wx, Wh, b)
    with pytest.raises(ValueError, match=r"rnn_backward: expected dh of shape \(N=2, T=3, H=5\), got \(2, 5\)"):
        rnn_backward(np.zeros((2, 5)), cache)


def test_rnn_refuses_nan_and_inf():
    """The documented NaN policy: recurrent layers raise rather than fill every h_t with NaN."""
    x, h0, Wx, Wh, b = _random_params(np.random.default_rng(0), 2, 3, 4, 5)
    x[1, 2, 0] = np.nan
    with pytest.raises(ValueError, match=r"rnn_forward: x contains NaN or inf \(first at index \(1, 2, 0\)"):
        rnn_forward(x, h0, Wx, Wh, b)
    Wh[0, 0] = np.inf
    with pytest.raises(ValueError, match=r"rnn_step_forward: Wh contains NaN or inf"):
        rnn_step_forward(h0[:, :4], h0, Wx, Wh, b)


def test_from_torch_state_for_an_rnn(rng):
    H, D = 3, 2
    state = {"weight_ih_l0": rng.standard_normal((H, D)), "weight_hh_l0": rng.standard_normal((H, H)),
             "bias_ih_l0": rng.standard_normal(H), "bias_hh_l0": rng.standard_normal(H)}
    Wx, Wh, b = from_torch_state(state)
    assert np.array_equal(Wx, state["weight_ih_l0"].T) and np.array_equal(Wh, state["weight_hh_l0"].T)
    assert np.array_equal(b, state["bias_ih_l0"] + state["bias_hh_l0"])
    # bias=False in torch: no bias keys, b = 0
    Wx, Wh, b = from_torch_state({k: v for k, v in state.items() if k.startswith("weight")})
    assert np.array_equal(b, np.zeros(H))
    with pytest.raises(ValueError, match=r"missing \['weight_ih_l1', 'weight_hh_l1'\]"):
        from_torch_state(state, layer=1)
    # a GRU has 3H rows: nlplab has no GRU, so it is refused
    with pytest.raises(ValueError, match=r"\(H, H\) \(nn.RNN\) or \(4H, H\) \(nn.LSTM\), got \(9, 3\)"):
        from_torch_state({"weight_ih_l0": np.zeros((9, D)), "weight_hh_l0": np.zeros((9, H))})
