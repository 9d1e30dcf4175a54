"""nlplab.gradflow: ‖∂h_T/∂h_t‖ against numerical Jacobians (RNN, LSTM, GRU), and the ρ^k law of a
linear RNN."""

import numpy as np
import pytest

from nlplab.gradcheck import numerical_gradient
from nlplab.gradflow import gru_jacobian_norms, lstm_jacobian_norms, rnn_jacobian_norms
from nlplab.gru import gru_forward
from nlplab.lstm import lstm_forward
from nlplab.rnn import rnn_forward


def _numerical_jacobian_norm(run, state):
    """‖∂run()/∂state‖_F by centred differences, one output coordinate (one row) at a time."""
    out = run()
    rows = []
    for j in range(out.size):
        e = np.zeros_like(out)
        e[j] = 1.0
        rows.append(numerical_gradient(run, state, e, h=1e-3, order=4))
    return np.linalg.norm(np.array(rows))


def _weights(rng, T, D, H, G):
    x = rng.standard_normal((T, D))
    h0 = 0.5 * rng.standard_normal(H)
    Wx = rng.standard_normal((D, G * H)) / np.sqrt(D)
    Wh = 1.2 * rng.standard_normal((H, G * H)) / np.sqrt(H)
    b = 0.3 * rng.standard_normal(G * H)
    return x, h0, Wx, Wh, b


def test_rnn_jacobian_norms_match_numerical_jacobians(rng):
    T, D, H = 5, 3, 4
    x, h0, Wx, Wh, b = _weights(rng, T, D, H, 1)
    norms = rnn_jacobian_norms(x, h0, Wx, Wh, b)
    assert norms.shape == (T + 1,) and norms.dtype == np.float64
    _, cache = rnn_forward(x[None], h0[None], Wx, Wh, b)
    for t in range(T + 1):
        # h_T as a function of h_t: run the rest of the sequence from h_t
        h_t = cache["h"][t, 0].copy()
        run = lambda: rnn_forward(x[None, t:], h_t[None], Wx, Wh, b)[0][0, -1] if t < T else h_t.copy()
        assert norms[t] == pytest.approx(_numerical_jacobian_norm(run, h_t), rel=1e-8)
    assert norms[T] == pytest.approx(np.sqrt(H), rel=1e-15)


def test_lstm_jacobian_norms_match_numerical_jacobians(rng):
    T, D, H = 5, 3, 4
    x, h0, Wx, Wh, b = _weights(rng, T, D, H, 4)
    c0 = rng.standard_normal(H)
    norms = lstm_jacobian_norms(x, h0, Wx, Wh, b, c0=c0)
    assert norms.shape == (T + 1,)
    _, cache = lstm_forward(x[None], h0[None], Wx, Wh, b, c0=c0[None])
    for t in range(T):
        # h_T as a function of h_t, the cell state c_t held fixed
        h_t, c_t = cache["h"][t, 0].copy(), cache["c"][t, 0].copy()
        run = lambda: lstm_forward(x[None, t:], h_t[None], Wx, Wh, b, c0=c_t[None])[0][0, -1]
        assert norms[t] == pytest.approx(_numerical_jacobian_norm(run, h_t), rel=1e-8)
    assert norms[T] == pytest.approx(np.sqrt(H), rel=1e-15)


def test_gru_jacobian_norms_match_numerical_jacobians(rng):
    T, D, H = 5, 3, 4
    x, h0, Wx, Wh, bx = _weights(rng, T, D, H, 3)
    bh = 0.3 * rng.standard_normal(3 * H)
    norms = gru_jacobian_norms(x, h0, Wx, Wh, bx, bh)
    assert norms.shape == (T + 1,)
    _, cache = gru_forward(x[None], h0[None], Wx, Wh, bx, bh)
    for t in range(T):
        h_t = cache["h"][t, 0].copy()
        run = lambda: gru_forward(x[None, t:], h_t[None], Wx, Wh, bx, bh)[0][0, -1]
        assert norms[t] == pytest.approx(_numerical_jacobian_norm(run, h_t), rel=1e-8)
    assert norms[T] == pytest.approx(np.sqrt(H), rel=1e-15)


def test_gru_update_gate_bias_keeps_the_gradient_alive(rng):
    """z ≈ 1 copies h_{t-1} forward, so ∂h_T/∂h_t stays near the identity's norm √H."""
    T, D, H = 40, 3, 4
    x, h0, Wx, Wh, bx = _weights(rng, T, D, H, 3)
    bh = np.zeros(3 * H)
    open_z, shut_z = bx.copy(), bx.copy()
    open_z[H:2 * H], shut_z[H:2 * H] = 8.0, -8.0
    kept = gru_jacobian_norms(x, h0, Wx, Wh, open_z, bh)[0]
    lost = gru_jacobian_norms(x, h0, Wx, 0.5 * Wh, shut_z, bh)[0]
    assert 0.5 * np.sqrt(H) < kept < 2 * np.sqrt(H)
    assert lost < 1e-6


@pytest.mark.parametrize("rho", [0.5, 0.9, 1.5])
def test_linear_rnn_gradient_scales_as_rho_to_the_k(rng, rho):
    # x = 0, b = 0, h0 = 0: every h_t = 0, tanh'(0) = 1, so ∂h_T/∂h_t = (ρQ)ᵀ^(T−t) with Q orthogonal,
    # whose Frobenius norm is exactly ρ^(T−t) √H: the lecture's "same matrix multiplied again and again"
    T, H = 12, 6
    Q = np.linalg.qr(rng.standard_normal((H, H)))[0]
    norms = rnn_jacobian_norms(np.zeros((T, 2)), np.zeros(H), np.zeros((2, H)), rho * Q, np.zeros(H))
    k = T - np.arange(T + 1)
    assert np.allclose(norms, rho ** k * np.sqrt(H), rtol=1e-12, atol=0)


def test_lstm_forget_gate_bias_keeps_the_gradient_alive(rng):
    # the same weights, only the forget-gate bias differs: f ≈ σ(5) ≈ 0.99 keeps ∂h_T/∂h_0 far
    # larger than f ≈ σ(−3) ≈ 0.05
    T, D, H = 40, 4, 8
    x, h0, Wx, Wh, b = _weights(rng, T, D, H, 4)
    Wh *= 0.5
    norms = {}
    for bias in (-3.0, 5.0):
        b_f = b.copy()
        b_f[H:2 * H] = bias
        norms[bias] = lstm_jacobian_norms(x, h0, Wx, Wh, b_f)[0]
    assert norms[5.0] > 1e-3
    assert norms[-3.0] < 1e-20
    assert norms[5.0] > 1e15 * norms[-3.0]


def test_float32_inputs_give_float64_norms_without_underflow(rng):
    T, H = 200, 4
    Q = np.linalg.qr(rng.standard_normal((H, H)))[0].astype(np.float32)
    norms = rnn_jacobian_norms(np.zeros((T, 1), np.float32), np.zeros(H, np.float32),
                               np.zeros((1, H), np.float32), 0.5 * Q, np.zeros(H, np.float32))
    assert norms.dtype == np.float64
    assert norms[0] == pytest.approx(0.5 ** T * 2.0, rel=1e-5)      # 1.2e-60: below float32's range


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError, match=r"expected x of shape \(T, D\)"):
        rnn_jacobian_norms(np.zeros((1, 3, 2)), np.zeros(4), np.zeros((2, 4)), np.eye(4), np.zeros(4))
    with pytest.raises(ValueError, match=r"expected h0 of shape \(H,\)"):
        lstm_jacobian_norms(np.zeros((3, 2)), np.zeros((1, 4)), np.zeros((2, 16)), np.zeros((4, 16)), np.zeros(16))
    with pytest.raises(ValueError, match=r"expected Wx of shape \(D=2, H=5\)"):
        rnn_jacobian_norms(np.zeros((3, 2)), np.zeros(4), np.zeros((2, 4)), np.eye(5), np.zeros(4))
