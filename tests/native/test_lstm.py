"""nlplab.lstm: known values, gradient checks of the step and of BPTT, the gates, shapes, dtype."""

import math

import numpy as np
import pytest

from helpers import TOL, numerical
from nlplab.gradcheck import rel_error
from nlplab.lstm import (
    from_torch_state,
    lstm_backward,
    lstm_forward,
    lstm_gates,
    lstm_step_backward,
    lstm_step_forward,
)



def _linspace_step():
    """cs231n assignment 3's deterministic inputs for its LSTM step test."""
    N, D, H = 3, 4, 5
    x = np.linspace(-0.4, 1.2, num=N * D).reshape(N, D)
    h_prev = np.linspace(-0.3, 0.7, num=N * H).reshape(N, H)
    c_prev = np.linspace(-0.4, 0.9, num=N * H).reshape(N, H)
    Wx = np.linspace(-2.1, 1.3, num=4 * D * H).reshape(D, 4 * H)
    Wh = np.linspace(-0.7, 2.2, num=4 * H * H).reshape(H, 4 * H)
    b = np.linspace(0.3, 0.7, num=4 * H)
    return x, h_prev, c_prev, Wx, Wh, b


def test_lstm_step_forward_known_values():
    x, h_prev, c_prev, Wx, Wh, b = _linspace_step()
    H = h_prev.shape[1]
    h_next, c_next, _ = lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b)

    # 1) entry by entry in plain Python, from the equations (blocks i, f, g, o)
    sig = lambda z: 1 / (1 + math.exp(-z))
    for n in range(x.shape[0]):
        a = [sum(x[n, d] * Wx[d, j] for d in range(x.shape[1])) + sum(h_prev[n, k] * Wh[k, j] for k in range(H)) + b[j]
             for j in range(4 * H)]
        for j in range(H):
            i, f, g, o = sig(a[j]), sig(a[H + j]), math.tanh(a[2 * H + j]), sig(a[3 * H + j])
            c = f * c_prev[n, j] + i * g
            assert c_next[n, j] == pytest.approx(c, rel=1e-13, abs=1e-14)
            assert h_next[n, j] == pytest.approx(o * math.tanh(c), rel=1e-13, abs=1e-14)

    # 2) the values published with cs231n's assignment, whose blocks are i, f, o, g: reorder them
    cs231n_order = np.concatenate([np.arange(k * H, (k + 1) * H) for k in (0, 1, 3, 2)])
    h_pub, c_pub, _ = lstm_step_forward(x, h_prev, c_prev, Wx[:, cs231n_order], Wh[:, cs231n_order], b[cs231n_order])
    expected_h = [[0.24635157, 0.28610883, 0.32240467, 0.35525807, 0.38474904],
                  [0.49223563, 0.55611431, 0.61507696, 0.66844003, 0.7159181],
                  [0.56735664, 0.66310127, 0.74419266, 0.80889665, 0.858299]]
    expected_c = [[0.32986176, 0.39145139, 0.451556, 0.51014116, 0.56717407],
                  [0.66382255, 0.76674007, 0.87195994, 0.97902709, 1.08751345],
                  [0.74192008, 0.90592151, 1.07717006, 1.25120233, 1.42395676]]
    assert np.abs(h_pub - expected_h).max() < 1e-8
    assert np.abs(c_pub - expected_c).max() < 1e-8


def _random_params(rng, N, T, D, H, dtype=np.float64):
    x = rng.standard_normal((N, T, D)).astype(dtype)
    h0 = rng.standard_normal((N, H)).astype(dtype)
    Wx = (rng.standard_normal((D, 4 * H)) / np.sqrt(D)).astype(dtype)
    Wh = (rng.standard_normal((H, 4 * H)) / np.sqrt(H)).astype(dtype)
    b = (0.5 * rng.standard_normal(4 * H)).astype(dtype)
    return x, h0, Wx, Wh, b


def test_lstm_step_backward_gradients(rng):
    x, h_prev, Wx, Wh, b = _random_params(rng, 3, 1, 4, 5)
    x = x[:, 0]
    c_prev = rng.standard_normal(h_prev.shape)
    h_next, c_next, cache = lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b)
    dh_next = rng.standard_normal(h_next.shape)
    dc_next = rng.standard_normal(c_next.shape)
    dx, dh_prev, dc_prev, dWx, dWh, db = lstm_step_backward(dh_next, dc_next, cache)

    def loss_like():
        # Σ h_next ⊙ dh_next + Σ c_next ⊙ dc_next, as a scalar: its gradient is what backward returns
        h, c, _ = lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b)
        return np.sum(h * dh_next) + np.sum(c * dc_next)

    for name, array, grad in zip(("x", "h_prev", "c_prev", "Wx", "Wh", "b"),
                                 (x, h_prev, c_prev, Wx, Wh, b), (dx, dh_prev, dc_prev, dWx, dWh, db)):
        assert rel_error(grad, numerical(loss_like, array)) < TOL, name


@pytest.mark.parametrize("N,T,D,H", [(2, 3, 4, 5), (1, 1, 3, 2), (3, 6, 2, 3)])
def test_lstm_backward_gradients(rng, N, T, D, H):
    x, h0, Wx, Wh, b = _random_params(rng, N, T, D, H)
    h, cache = lstm_forward(x, h0, Wx, Wh, b)
    dh = rng.standard_normal(h.shape)
    grads = lstm_backward(dh, cache)
    f = lambda: lstm_forward(x, h0, Wx, Wh, b)[0]
    for name, array, grad in zip(("x", "h0", "Wx", "Wh", "b"), (x, h0, Wx, Wh, b), grads):
        assert grad.shape == array.shape
        assert rel_error(grad, numerical(f, array, dh)) < TOL, name


def test_lstm_forward_and_backward_are_the_step_applied_T_times(rng):
    x, h0, Wx, Wh, b = _random_params(rng, 3, 5, 4, 6)
    c0 = rng.standard_normal(h0.shape)
    h, cache = lstm_forward(x, h0, Wx, Wh, b, c0=c0)
    dh = rng.standard_normal(h.shape)
    dx, dh0, dWx, dWh, db = lstm_backward(dh, cache)
    h_prev, c_prev, step_caches = h0, c0, []
    for t in range(x.shape[1]):
        h_prev, c_prev, step_cache = lstm_step_forward(x[:, t], h_prev, c_prev, Wx, Wh, b)
        step_caches.append(step_cache)
        assert np.allclose(h[:, t], h_prev, rtol=0, atol=1e-14)
        assert np.allclose(cache["c"][t + 1], c_prev, rtol=0, atol=1e-14)
    dh_prev, dc_prev = np.zeros_like(h0), np.zeros_like(h0)
    total = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
    for t in reversed(range(x.shape[1])):
        dx_t, dh_prev, dc_prev, *dparams = lstm_step_backward(dh[:, t] + dh_prev, dc_prev, step_caches[t])
        assert np.allclose(dx[:, t], dx_t, rtol=0, atol=1e-13)
        total = [s + d for s, d in zip(total, dparams)]
    for mine, loop in zip((dh0, dWx, dWh, db), (dh_prev, *total)):
        assert np.allclose(mine, loop, rtol=0, atol=1e-12)


def test_lstm_c0_defaults_to_zero_and_carries_state(rng):
    x, h0, Wx, Wh, b = _random_params(rng, 2, 6, 3, 4)
    h_all, cache_all = lstm_forward(x, h0, Wx, Wh, b)
    assert np.array_equal(h_all, lstm_forward(x, h0, Wx, Wh, b, c0=np.zeros_like(h0))[0])
    # two chunks, the second started from the first's last (h, c): the same states (truncated BPTT)
    h1, cache1 = lstm_forward(x[:, :4], h0, Wx, Wh, b)
    h2, _ = lstm_forward(x[:, 4:], h1[:, -1], Wx, Wh, b, c0=cache1["c"][-1])
    assert np.allclose(np.concatenate([h1, h2], axis=1), h_all, rtol=0, atol=1e-15)


def test_lstm_gates_are_reachable_for_a_heatmap(rng):
    x, h0, Wx, Wh, b = _random_params(rng, 2, 7, 3, 4)
    h, cache = lstm_forward(x, h0, Wx, Wh, b)
    gates = lstm_gates(cache)
    assert set(gates) == {"i", "f", "g", "o"}
    assert all(g.shape == (2, 7, 4) for g in gates.values())
    for name in "ifo":
        assert np.all((gates[name] > 0) & (gates[name] < 1))
    assert np.all(np.abs(gates["g"]) < 1)
    # step 0 of sequence 1 recomputed from the equations
    a = x[1, 0] @ Wx + h0[1] @ Wh + b
    H = 4
    assert np.allclose(gates["f"][1, 0], 1 / (1 + np.exp(-a[H:2 * H])), rtol=1e-14, atol=0)
    assert np.allclose(gates["g"][1, 0], np.tanh(a[2 * H:3 * H]), rtol=1e-14, atol=0)
    # the last step: h_T = o ⊙ tanh(c_T)
    assert np.allclose(h[:, -1], gates["o"][:, -1] * np.tanh(cache["c"][-1]), rtol=0, atol=1e-15)
    # a step cache gives the same gates, (N, H)
    _, _, step_cache = lstm_step_forward(x[:, 0], h0, np.zeros_like(h0), Wx, Wh, b)
    assert np.allclose(lstm_gates(step_cache)["i"], gates["i"][:, 0], rtol=0, atol=1e-15)


def test_lstm_keeps_float32(rng):
    x, h0, Wx, Wh, b = _random_params(rng, 2, 4, 3, 5, dtype=np.float32)
    h, cache = lstm_forward(x, h0, Wx, Wh, b)
    assert h.dtype == np.float32 and cache["gates"].dtype == np.float32
    assert all(g.dtype == np.float32 for g in lstm_backward(np.ones_like(h), cache))
    h64, _ = lstm_forward(*(a.astype(np.float64) for a in (x, h0, Wx, Wh, b)))
    assert np.abs(h - h64).max() < 1e-5
    h_step, c_step, _ = lstm_step_forward(x[:, 0], h0, np.zeros_like(h0), Wx, Wh, b)
    assert h_step.dtype == np.float32 and c_step.dtype == np.float32


def test_lstm_shape_errors_name_expected_and_received():
    x, h0, Wx, Wh, b = _random_params(np.random.default_rng(0), 2, 3, 4, 5)
    with pytest.raises(ValueError, match=r"lstm_forward: expected Wh of shape \(H=5, 4H=20\), got \(5, 5\)"):
        lstm_forward(x, h0, Wx, np.zeros((5, 5)), b)
    with pytest.raises(ValueError, match=r"lstm_forward: expected Wx of shape \(D=4, 4H=20\), got \(4, 5\)"):
        lstm_forward(x, h0, np.zeros((4, 5)), Wh, b)
    with pytest.raises(ValueError, match=r"lstm_forward: expected b of shape \(4H=20,\), got \(5,\)"):
        lstm_forward(x, h0, Wx, Wh, np.zeros(5))
    with pytest.raises(ValueError, match=r"lstm_forward: expected c0 of shape \(N=2, H=5\), got \(3, 5\)"):
        lstm_forward(x, h0, Wx, Wh, b, c0=np.zeros((3, 5)))
    with pytest.raises(ValueError, match=r"lstm_step_forward: expected c_prev of shape \(N=2, H=5\), got \(2, 4\)"):
        lstm_step_forward(x[:, 0], h0, np.zeros((2, 4)), Wx, Wh, b)
    with pytest.raises(ValueError, match=r"lstm_step_forward: expected x of shape \(N, D\), got \(2, 3, 4\)"):
        lstm_step_forward(x, h0, h0, Wx, Wh, b)
    _, cache = lstm_forward(x, h0, Wx, Wh, b)
    with pytest.raises(ValueError, match=r"lstm_backward: expected dh of shape \(N=2, T=3, H=5\), got \(2, 3, 4\)"):
        lstm_backward(np.zeros((2, 3, 4)), cache)


def test_lstm_refuses_nan():
    x, h0, Wx, Wh, b = _random_params(np.random.default_rng(0), 2, 3, 4, 5)
    h0[0, 1] = np.nan
    with pytest.raises(ValueError, match=r"lstm_forward: h0 contains NaN or inf \(first at index \(0, 1\)"):
        lstm_forward(x, h0, Wx, Wh, b)
    h0[0, 1] = 0
    _, cache = lstm_forward(x, h0, Wx, Wh, b)
    dh = np.zeros((2, 3, 5))
    dh[1, 1, 1] = np.inf
    with pytest.raises(ValueError, match=r"lstm_backward: dh contains NaN or inf"):
        lstm_backward(dh, cache)


def test_from_torch_state_for_an_lstm(rng):
    H, D = 3, 2
    state = {"weight_ih_l0": rng.standard_normal((4 * H, D)), "weight_hh_l0": rng.standard_normal((4 * H, H)),
             "bias_ih_l0": rng.standard_normal(4 * H), "bias_hh_l0": rng.standard_normal(4 * H)}
    Wx, Wh, b = from_torch_state(state)
    assert Wx.shape == (D, 4 * H) and Wh.shape == (H, 4 * H) and b.shape == (4 * H,)
    assert np.array_equal(Wx, state["weight_ih_l0"].T) and Wx.flags.c_contiguous
    with pytest.raises(ValueError, match=r"expected weight_ih_l0 of shape \(G·H=12, D\), got \(4, 2\)"):
        from_torch_state({**state, "weight_ih_l0": np.zeros((4, D))})
    with pytest.raises(ValueError, match=r"expected bias_hh_l0 of shape \(G·H=12,\), got \(3,\)"):
        from_torch_state({**state, "bias_hh_l0": np.zeros(3)})
