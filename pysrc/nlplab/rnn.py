"""The vanilla (Elman) RNN: one time step, a whole sequence, and backpropagation through time.

Row vectors, as in the lecture:

    h_t = tanh(h_{t-1} Wh + x_t Wx + b)

with x_t (N, D), h_t (N, H), Wx (D, H), Wh (H, H), b (H,). N sequences are processed side by
side (a batch); T is the number of time steps.

`rnn_forward` is `rnn_step_forward` applied T times, and `rnn_backward` is `rnn_step_backward`
applied T times in reverse (BPTT). Both share the step's code (`_rnn_step`, `_tanh_local_grad`);
they only move work that does not depend on h out of the loop: x_t Wx + b for every t is one
(T·N, D) @ (D, H) matmul before the loop, and dWx, dWh, db are one matmul (or sum) each after
it. The loop itself does one matmul per step.

`from_torch_state` (here, and re-exported by nlplab.lstm) loads a torch.nn.RNN or nn.LSTM.

Bad input follows nlplab.layers' policy: a shape that does not fit raises ValueError naming the
expected and the received shape; NaN or inf in x, the initial state, the weights or dh raises
ValueError too (one NaN would reach every later h_t). Inputs keep their dtype: float32 stays float32.
"""

from __future__ import annotations

import numpy as np

from .layers import _as_float, _check_finite, _check_shape, _float_dtype

__all__ = ["rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward", "from_torch_state"]


# --------------------------------------------------------------------------------------------
# One time step
# --------------------------------------------------------------------------------------------

def _rnn_step(xWx_b: np.ndarray, h_prev: np.ndarray, Wh: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """h_next = tanh(h_prev Wh + x Wx + b), given xWx_b = x Wx + b. Writes into `out` if given."""
    return np.tanh(h_prev @ Wh + xWx_b, out=out)


def _tanh_local_grad(dh_next: np.ndarray, h_next: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """∂L/∂a for h_next = tanh(a): dh_next ⊙ (1 − h_next²). Writes into `out` if given."""
    return np.multiply(dh_next, 1 - h_next * h_next, out=out)


def _check_step(where: str, x, h_prev, Wx, Wh, b, gates: int = 1) -> tuple[np.ndarray, ...]:
    """Shapes for rnn_step_forward (gates=1) and lstm_step_forward (gates=4); one dtype out."""
    arrays = [_as_float(a) for a in (x, h_prev, Wx, Wh, b)]
    dtype = _float_dtype(*arrays)
    x, h_prev, Wx, Wh, b = (a.astype(dtype, copy=False) for a in arrays)
    k = "" if gates == 1 else str(gates)
    _check_shape(where, "x", x, ("N", "D"), (None, None))
    _check_shape(where, "Wh", Wh, ("H", f"{k}H"), (None, None))
    N, D = x.shape
    H = Wh.shape[0]
    _check_shape(where, "Wh", Wh, ("H", f"{k}H"), (H, gates * H))
    _check_shape(where, "Wx", Wx, ("D", f"{k}H"), (D, gates * H))
    _check_shape(where, "b", b, (f"{k}H",), (gates * H,))
    _check_shape(where, "h_prev", h_prev, ("N", "H"), (N, H))
    for name, array in (("x", x), ("h_prev", h_prev), ("Wx", Wx), ("Wh", Wh), ("b", b)):
        _check_finite(where, name, array)
    return x, h_prev, Wx, Wh, b


def rnn_step_forward(x: np.ndarray, h_prev: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
                     ) -> tuple[np.ndarray, tuple]:
    """One step of the RNN: h_next = tanh(h_prev Wh + x Wx + b).

    x: inputs at this step, (N, D).
    h_prev: hidden state of the previous step, (N, H).
    Wx: input-to-hidden weights, (D, H).
    Wh: hidden-to-hidden weights, (H, H).
    b: biases, (H,).
    Returns h_next (N, H) and cache = (x, h_prev, Wx, Wh, h_next).
    """
    x, h_prev, Wx, Wh, b = _check_step("rnn_step_forward", x, h_prev, Wx, Wh, b)
    # h_t = tanh(h_{t-1} Wh + x_t Wx + b)
    h_next = _rnn_step(x @ Wx + b, h_prev, Wh)
    return h_next, (x, h_prev, Wx, Wh, h_next)


def rnn_step_backward(dh_next: np.ndarray, cache: tuple) -> tuple[np.ndarray, ...]:
    """Backward pass of one RNN step.

    dh_next: gradient of the loss with respect to h_next, (N, H).
    cache: from rnn_step_forward.
    Returns dx (N, D), dh_prev (N, H), dWx (D, H), dWh (H, H), db (H,).
    """
    x, h_prev, Wx, Wh, h_next = cache
    _check_shape("rnn_step_backward", "dh_next", dh_next, ("N", "H"), h_next.shape)
    # a = h_prev Wh + x Wx + b,  h_next = tanh(a)  ⇒  ∂L/∂a = dh_next ⊙ (1 − h_next²)
    da = _tanh_local_grad(dh_next, h_next)
    # a is affine in x, h_prev, Wx, Wh and b:
    dx = da @ Wx.T
    dh_prev = da @ Wh.T
    dWx = x.T @ da
    dWh = h_prev.T @ da
    db = da.sum(axis=0)
    return dx, dh_prev, dWx, dWh, db


# --------------------------------------------------------------------------------------------
# A whole sequence
# --------------------------------------------------------------------------------------------

def _check_sequence(where: str, x, h0, Wx, Wh, b, gates: int) -> tuple[np.ndarray, ...]:
    """Shapes for rnn_forward (gates=1) and lstm_forward (gates=4); returns the arrays in one dtype."""
    arrays = [_as_float(a) for a in (x, h0, Wx, Wh, b)]
    dtype = _float_dtype(*arrays)
    x, h0, Wx, Wh, b = (a.astype(dtype, copy=False) for a in arrays)
    k = "" if gates == 1 else str(gates)
    _check_shape(where, "x", x, ("N", "T", "D"), (None, None, None))
    _check_shape(where, "Wh", Wh, ("H", f"{k}H"), (None, None))
    N, T, D = x.shape
    H = Wh.shape[0]
    _check_shape(where, "Wh", Wh, ("H", f"{k}H"), (H, gates * H))
    _check_shape(where, "Wx", Wx, ("D", f"{k}H"), (D, gates * H))
    _check_shape(where, "b", b, (f"{k}H",), (gates * H,))
    _check_shape(where, "h0", h0, ("N", "H"), (N, H))
    for name, array in (("x", x), ("h0", h0), ("Wx", Wx), ("Wh", Wh), ("b", b)):
        _check_finite(where, name, array)
    return x, h0, Wx, Wh, b


def rnn_forward(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
                ) -> tuple[np.ndarray, dict]:
    """Run the RNN over T steps: h_t = tanh(h_{t-1} Wh + x_t Wx + b), t = 1..T.

    x: the input sequence, (N, T, D).
    h0: the initial hidden state, (N, H).
    Wx (D, H), Wh (H, H), b (H,): as in rnn_step_forward.
    Returns h (N, T, H), the hidden state of every step (h[:, -1] is the last one), and a cache
    dict for rnn_backward. Its arrays are time-major so each step's slice is contiguous:
    cache["h"] is (T+1, N, H) with cache["h"][0] = h0, cache["x"] is x as (T, N, D).
    """
    x, h0, Wx, Wh, b = _check_sequence("rnn_forward", x, h0, Wx, Wh, b, gates=1)
    N, T, D = x.shape
    H = Wh.shape[0]
    x_tm = np.ascontiguousarray(x.transpose(1, 0, 2))               # (T, N, D)
    # x_t Wx + b for every t at once
    xWx_b = (x_tm.reshape(T * N, D) @ Wx + b).reshape(T, N, H)
    hs = np.empty((T + 1, N, H), dtype=x.dtype)
    hs[0] = h0
    for t in range(T):
        # h_t = tanh(h_{t-1} Wh + x_t Wx + b)
        _rnn_step(xWx_b[t], hs[t], Wh, out=hs[t + 1])
    h = np.ascontiguousarray(hs[1:].transpose(1, 0, 2))             # (N, T, H)
    return h, {"x": x_tm, "h": hs, "Wx": Wx, "Wh": Wh}


def rnn_backward(dh: np.ndarray, cache: dict) -> tuple[np.ndarray, ...]:
    """Backpropagation through time over the whole sequence.

    dh: gradient of the loss with respect to every hidden state h_t, (N, T, H) (the upstream
        gradient only: the part that flows back through h_{t+1} is added here).
    Returns dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,).
    """
    x_tm, hs, Wx, Wh = cache["x"], cache["h"], cache["Wx"], cache["Wh"]
    T, N, D = x_tm.shape
    H = Wh.shape[0]
    dh = np.asarray(dh)
    _check_shape("rnn_backward", "dh", dh, ("N", "T", "H"), (N, T, H))
    _check_finite("rnn_backward", "dh", dh)
    dh_tm = dh.transpose(1, 0, 2)                                   # (T, N, H), a view
    da = np.empty((T, N, H), dtype=hs.dtype)                        # ∂L/∂a_t for every step
    dh_prev = np.zeros((N, H), dtype=hs.dtype)
    WhT = np.ascontiguousarray(Wh.T)                                # a row-major copy: faster matmuls
    for t in reversed(range(T)):
        # h_t feeds the loss (dh[:, t]) and the next step (dh_prev from step t+1)
        dh_next = dh_tm[t] + dh_prev
        # one step back: ∂L/∂a_t = dh_next ⊙ (1 − h_t²),  ∂L/∂h_{t-1} = ∂L/∂a_t Whᵀ
        _tanh_local_grad(dh_next, hs[t + 1], out=da[t])
        dh_prev = da[t] @ WhT
    da_rows = da.reshape(T * N, H)
    # the per-step dx_t = da_t Wxᵀ, dWx = Σ_t x_tᵀ da_t, dWh = Σ_t h_{t-1}ᵀ da_t, db = Σ_t Σ_n da_t,
    # each done for all t at once
    dx = np.ascontiguousarray((da_rows @ Wx.T).reshape(T, N, D).transpose(1, 0, 2))
    dWx = x_tm.reshape(T * N, D).T @ da_rows
    dWh = hs[:-1].reshape(T * N, H).T @ da_rows
    db = da_rows.sum(axis=0)
    return dx, dh_prev, dWx, dWh, db


# --------------------------------------------------------------------------------------------
# Loading PyTorch weights
# --------------------------------------------------------------------------------------------

def from_torch_state(state_dict: dict, layer: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Wx, Wh, b) from the arrays of a torch.nn.RNN or torch.nn.LSTM state dict.

    state_dict: a mapping with numpy arrays (nlplab never imports torch), e.g.
        {k: v.detach().numpy() for k, v in torch_lstm.state_dict().items()}
        holding weight_ih_l{layer} (G·H, D), weight_hh_l{layer} (G·H, H) and, unless the torch
        module was built with bias=False, bias_ih_l{layer} and bias_hh_l{layer} (G·H,);
        G = 1 for nn.RNN, 4 for nn.LSTM (rows in the blocks i, f, g, o, as nlplab).
    layer: which layer of a stacked module.

    Returns Wx = weight_ihᵀ (D, G·H), Wh = weight_hhᵀ (H, G·H), b = bias_ih + bias_hh (G·H,)
    (torch adds two biases where the lecture has one: their sum acts identically), in the
    arrays' dtype. Used by the tests that compare nlplab with torch.
    """
    keys = [f"weight_ih_l{layer}", f"weight_hh_l{layer}"]
    missing = [k for k in keys if k not in state_dict]
    if missing:
        raise ValueError(f"from_torch_state: missing {missing}; got keys {sorted(state_dict)}")
    W_ih = _as_float(state_dict[keys[0]])
    W_hh = _as_float(state_dict[keys[1]])
    _check_shape("from_torch_state", keys[1], W_hh, ("G·H", "H"), (None, None))
    GH, H = W_hh.shape
    if GH not in (H, 4 * H):
        raise ValueError(f"from_torch_state: expected {keys[1]} of shape (H, H) (nn.RNN) or (4H, H) "
                         f"(nn.LSTM), got {W_hh.shape}")
    _check_shape("from_torch_state", keys[0], W_ih, ("G·H", "D"), (GH, None))
    b = np.zeros(GH, dtype=W_hh.dtype)
    for k in (f"bias_ih_l{layer}", f"bias_hh_l{layer}"):
        if k in state_dict:
            bias = _as_float(state_dict[k])
            _check_shape("from_torch_state", k, bias, ("G·H",), (GH,))
            b = b + bias
    return np.ascontiguousarray(W_ih.T), np.ascontiguousarray(W_hh.T), b
