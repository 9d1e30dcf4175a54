"""nlplab.gru: known values, gradient checks of the step and of BPTT, the gates, shapes, dtype."""

import math

import numpy as np
import pytest

from helpers import TOL, numerical
from nlplab.gradcheck import rel_error
from nlplab.gru import from_torch_state, gru_backward, gru_forward, gru_gates, gru_step_backward, gru_step_forward
from nlplab.lstm import lstm_forward


def _linspace_step():
    """Deterministic inputs in the manner of cs231n's step tests."""
    N, D, H = 3, 4, 5
    x = np.linspace(-0.4, 1.2, num=N * D).reshape(N, D)
    h_prev = np.linspace(-0.3, 0.7, num=N * H).reshape(N, H)
    Wx = np.linspace(-2.1, 1.3, num=3 * D * H).reshape(D, 3 * H)
    Wh = np.linspace(-0.7, 2.2, num=3 * H * H).reshape(H, 3 * H)
    bx = np.linspace(0.3, 0.7, num=3 * H)
    bh = np.linspace(-0.2, 0.4, num=3 * H)
    return x, h_prev, Wx, Wh, bx, bh


def test_gru_step_forward_known_values():
    """Entry by entry in plain Python, from PyTorch's equations (blocks r, z, n)."""
    x, h_prev, Wx, Wh, bx, bh = _linspace_step()
    N, D = x.shape
    H = h_prev.shape[1]
    h_next, cache = gru_step_forward(x, h_prev, Wx, Wh, bx, bh)
    sig = lambda a: 1 / (1 + math.exp(-a))
    for n in range(N):
        ax = [sum(x[n, d] * Wx[d, j] for d in range(D)) + bx[j] for j in range(3 * H)]
        ah = [sum(h_prev[n, k] * Wh[k, j] for k in range(H)) + bh[j] for j in range(3 * H)]
        for j in range(H):
            r = sig(ax[j] + ah[j])
            z = sig(ax[H + j] + ah[H + j])
            cand = math.tanh(ax[2 * H + j] + r * ah[2 * H + j])
            assert h_next[n, j] == pytest.approx((1 - z) * cand + z * h_prev[n, j], rel=1e-13, abs=1e-14)
            assert gru_gates(cache)["z"][n, j] == pytest.approx(z, rel=1e-13)


def _random_params(rng, N, T, D, H, dtype=np.float64):
    x = rng.standard_normal((N, T, D)).astype(dtype)
    h0 = rng.standard_normal((N, H)).astype(dtype)
    Wx = (rng.standard_normal((D, 3 * H)) / np.sqrt(D)).astype(dtype)
    Wh = (rng.standard_normal((H, 3 * H)) / np.sqrt(H)).astype(dtype)
    bx = (0.5 * rng.standard_normal(3 * H)).astype(dtype)
    bh = (0.5 * rng.standard_normal(3 * H)).astype(dtype)
    return x, h0, Wx, Wh, bx, bh


def test_gru_step_backward_gradients(rng):
    x, h_prev, Wx, Wh, bx, bh = _random_params(rng, 3, 1, 4, 5)
    x = x[:, 0]
    h_next, cache = gru_step_forward(x, h_prev, Wx, Wh, bx, bh)
    dh_next = rng.standard_normal(h_next.shape)
    grads = gru_step_backward(dh_next, cache)
    f = lambda: gru_step_forward(x, h_prev, Wx, Wh, bx, bh)[0]
    for name, array, grad in zip(("x", "h_prev", "Wx", "Wh", "bx", "bh"), (x, h_prev, Wx, Wh, bx, bh), grads):
        assert grad.shape == array.shape, name
        assert rel_error(grad, numerical(f, array, dh_next)) < TOL, name


@pytest.mark.parametrize("N,T,D,H", [(2, 3, 4, 5), (1, 1, 3, 2), (3, 6, 2, 3)])
def test_gru_backward_gradients(rng, N, T, D, H):
    x, h0, Wx, Wh, bx, bh = _random_params(rng, N, T, D, H)
    h, cache = gru_forward(x, h0, Wx, Wh, bx, bh)
    dh = rng.standard_normal(h.shape)
    grads = gru_backward(dh, cache)
    f = lambda: gru_forward(x, h0, Wx, Wh, bx, bh)[0]
    for name, array, grad in zip(("x", "h0", "Wx", "Wh", "bx", "bh"), (x, h0, Wx, Wh, bx, bh), grads):
        assert grad.shape == array.shape
        assert rel_error(grad, numerical(f, array, dh)) < TOL, name


def test_gru_forward_and_backward_are_the_step_applied_T_times(rng):
    x, h0, Wx, Wh, bx, bh = _random_params(rng, 3, 5, 4, 6)
    h, cache = gru_forward(x, h0, Wx, Wh, bx, bh)
    dh = rng.standard_normal(h.shape)
    dx, dh0, *dparams = gru_backward(dh, cache)
    h_prev, step_caches = h0, []
    for t in range(x.shape[1]):
        h_prev, step_cache = gru_step_forward(x[:, t], h_prev, Wx, Wh, bx, bh)
        step_caches.append(step_cache)
        assert np.allclose(h[:, t], h_prev, rtol=0, atol=1e-14)
    dh_prev = np.zeros_like(h0)
    total = [np.zeros_like(a) for a in (Wx, Wh, bx, bh)]
    for t in reversed(range(x.shape[1])):
        dx_t, dh_prev, *step_params = gru_step_backward(dh[:, t] + dh_prev, step_caches[t])
        assert np.allclose(dx[:, t], dx_t, rtol=0, atol=1e-13)
        total = [s + d for s, d in zip(total, step_params)]
    for mine, loop in zip((dh0, *dparams), (dh_prev, *total)):
        assert np.allclose(mine, loop, rtol=0, atol=1e-12)


def test_update_gate_one_keeps_the_state_and_zero_writes_the_candidate(rng):
    """z = 1 copies h_{t-1} (the gradient passes unchanged: ∂h_t/∂h_{t-1} = I); z = 0 is a plain
    candidate step n = tanh(x Wx_n + bx_n + r ⊙ (h Wh_n + bh_n))."""
    x, h0, Wx, Wh, bx, bh = _random_params(rng, 2, 6, 3, 4)
    H = 4
    keep = bx.copy()
    keep[H:2 * H] = 60.0                                   # σ(60) = 1 in float64
    h, cache = gru_forward(x, h0, Wx, Wh, keep, bh)
    assert np.array_equal(h[:, -1], h0)
    dx, dh0, *_ = gru_backward(np.ones_like(h), cache)
    assert np.allclose(dh0, 6.0, rtol=0, atol=1e-12) and np.allclose(dx, 0.0, atol=1e-12)
    write = bx.copy()
    write[H:2 * H] = -60.0
    h_w, cache_w = gru_forward(x, h0, Wx, Wh, write, bh)
    assert np.allclose(h_w, gru_gates(cache_w)["n"], rtol=0, atol=1e-15)


def test_gru_keeps_float32(rng):
    x, h0, Wx, Wh, bx, bh = _random_params(rng, 2, 4, 3, 5, dtype=np.float32)
    h, cache = gru_forward(x, h0, Wx, Wh, bx, bh)
    assert h.dtype == np.float32 and cache["gates"].dtype == np.float32
    assert all(g.dtype == np.float32 for g in gru_backward(np.ones_like(h), cache))
    h64, _ = gru_forward(*(a.astype(np.float64) for a in (x, h0, Wx, Wh, bx, bh)))
    assert np.abs(h - h64).max() < 1e-5


def test_gru_shape_errors_name_expected_and_received(rng):
    x, h0, Wx, Wh, bx, bh = _random_params(rng, 2, 3, 4, 5)
    with pytest.raises(ValueError, match=r"gru_forward: expected Wh of shape \(H=5, 3H=15\), got \(5, 20\)"):
        gru_forward(x, h0, Wx, np.zeros((5, 20)), bx, bh)
    with pytest.raises(ValueError, match=r"gru_forward: expected Wh of shape \(H, 3H\), got \(15, 5\).*from_torch_state"):
        gru_forward(x, h0, Wx, Wh.T, bx, bh)
    with pytest.raises(ValueError, match=r"gru_forward: expected bx of shape \(3H=15,\), got \(20,\)"):
        gru_forward(x, h0, Wx, Wh, np.zeros(20), bh)
    with pytest.raises(ValueError, match=r"gru_forward: expected bh of shape \(3H=15,\), got \(5,\)"):
        gru_forward(x, h0, Wx, Wh, bx, np.zeros(5))
    with pytest.raises(ValueError, match="time-major"):
        gru_forward(x.transpose(1, 0, 2), h0, Wx, Wh, bx, bh)
    _, cache = gru_forward(x, h0, Wx, Wh, bx, bh)
    with pytest.raises(ValueError, match=r"gru_backward: expected dh of shape \(N=2, T=3, H=5\)"):
        gru_backward(np.zeros((2, 3, 4)), cache)
    _, lstm_cache = lstm_forward(x, h0, np.zeros((4, 20)), np.zeros((5, 20)), np.zeros(20))
    with pytest.raises(TypeError, match="this cache is from lstm_forward"):
        gru_backward(np.zeros((2, 3, 5)), lstm_cache)


def test_from_torch_state_for_a_gru(rng):
    H, D = 3, 2
    state = {"weight_ih_l0": rng.standard_normal((3 * H, D)), "weight_hh_l0": rng.standard_normal((3 * H, H)),
             "bias_ih_l0": rng.standard_normal(3 * H), "bias_hh_l0": rng.standard_normal(3 * H)}
    Wx, Wh, bx, bh = from_torch_state(state)
    assert Wx.shape == (D, 3 * H) and Wh.shape == (H, 3 * H)
    assert np.array_equal(Wx, state["weight_ih_l0"].T) and np.array_equal(bh, state["bias_hh_l0"])
    no_bias = from_torch_state({k: v for k, v in state.items() if k.startswith("weight")})
    assert not no_bias[2].any() and not no_bias[3].any()
    with pytest.raises(ValueError, match=r"expected weight_hh_l0 of shape \(3H, H\) \(nn.GRU\), got \(12, 3\).*nn.LSTM"):
        from_torch_state({**state, "weight_hh_l0": np.zeros((4 * H, H))})
    from nlplab.rnn import from_torch_state as rnn_loader
    with pytest.raises(ValueError, match="nlplab.gru.from_torch_state"):
        rnn_loader(state)
