"""The vanilla (Elman) RNN: one time step, a whole sequence, and backpropagation through time.

Row vectors, as in the lecture:

    h_t = tanh(h_{t-1} Wh + x_t Wx + b)

with x_t (N, D), h_t (N, H), Wx (D, H), Wh (H, H), b (H,). N sequences are processed side by
side (a batch); T is the number of time steps.

`rnn_step_forward` computes one step; `rnn_forward` computes the same equation for t = 1..T,
with x_t Wx + b for every t taken out of the loop as one (T·N, D) @ (D, H) matmul before it.
`rnn_step_backward` goes back through one step; `rnn_backward` goes back through the T steps in
reverse (BPTT) with the same two lines per step, and computes dx, dWx, dWh, db with one matmul
(or sum) each after the loop. The loop itself does one matmul per step.

The cache of `rnn_forward` is public, and time-major (T first), so each step's slice is one
contiguous block: cache["h"] (T+1, N, H) holds h_0 .. h_T (cache["h"][:, 0] is the first
sequence's states, as a lesson plots them), cache["x"] (T, N, D) the input, and cache["Wx"],
cache["Wh"] the weights.

`from_torch_state` (here, and re-exported by nlplab.lstm) loads a torch.nn.RNN or nn.LSTM.

Bad input follows nlplab.layers' policy: a shape that does not fit raises ValueError naming the
expected and the received shape; NaN or inf in x, the initial state, the weights or dh raises
ValueError too (one NaN would reach every later h_t). Inputs keep their dtype: float32 stays float32.
A time-major x (T, N, D) is named as such. What shapes cannot show: Wh is square (H, H), so a Wh
passed transposed (PyTorch's weight_hh as it is) runs without complaint; load torch weights with
from_torch_state.
"""

from __future__ import annotations

import numpy as np

from ._checks import cache_from, check_shape, recurrent_inputs, upstream_gradient
from ._memory_order import inputs_at_every_step, left_operand, right_operand
from ._torch_state import layer_arrays

__all__ = ["rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward", "from_torch_state"]


# --------------------------------------------------------------------------------------------
# One time step
# --------------------------------------------------------------------------------------------

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
    x, h_prev, Wx, Wh, b = recurrent_inputs("rnn_step_forward", x, h_prev, Wx, Wh, b, gates=1, h_name="h_prev")
    # h_t = tanh(h_{t-1} Wh + x_t Wx + b)
    h_next = np.tanh(h_prev @ Wh + x @ Wx + b)
    return h_next, (x, h_prev, Wx, Wh, h_next)


def rnn_step_backward(dh_next: np.ndarray, cache: tuple) -> tuple[np.ndarray, ...]:
    """Backward pass of one RNN step.

    dh_next: gradient of the loss with respect to h_next, (N, H).
    cache: from rnn_step_forward.
    Returns dx (N, D), dh_prev (N, H), dWx (D, H), dWh (H, H), db (H,).
    """
    x, h_prev, Wx, Wh, h_next = cache_from("rnn_step_backward", cache, "rnn_step_forward", dh_next, "dh_next")
    dh_next = upstream_gradient("rnn_step_backward", "dh_next", dh_next, ("N", "H"), h_next.shape)
    # a = h_prev Wh + x Wx + b,  h_next = tanh(a)  ⇒  ∂L/∂a = dh_next ⊙ (1 − h_next²)
    da = dh_next * (1 - h_next ** 2)
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

def rnn_forward(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
                ) -> tuple[np.ndarray, dict]:
    """Run the RNN over T steps: h_t = tanh(h_{t-1} Wh + x_t Wx + b), t = 1..T.

    x: the input sequence, (N, T, D).
    h0: the initial hidden state, (N, H).
    Wx (D, H), Wh (H, H), b (H,): as in rnn_step_forward.
    Returns h (N, T, H), the hidden state of every step (h[:, -1] is the last one), and the
    cache for rnn_backward: a dict of time-major arrays, described in the module docstring
    (cache["h"] is (T+1, N, H) with cache["h"][0] = h0).
    """
    x, h0, Wx, Wh, b = recurrent_inputs("rnn_forward", x, h0, Wx, Wh, b, gates=1, h_name="h0")
    N, T, _ = x.shape
    H = Wh.shape[0]
    x_time_major, xWx_b = inputs_at_every_step(x, Wx, b)         # (T, N, D), x_t Wx + b (T, N, H)
    hs = np.empty((T + 1, N, H), dtype=x.dtype)                    # h_0 .. h_T
    hs[0] = h0
    Wh_right = right_operand(Wh)                                   # memory order only
    for t in range(T):
        # h_t = tanh(h_{t-1} Wh + x_t Wx + b)
        hs[t + 1] = np.tanh(hs[t] @ Wh_right + xWx_b[t])
    h = np.ascontiguousarray(hs[1:].transpose(1, 0, 2))           # (N, T, H)
    return h, {"x": x_time_major, "h": hs, "Wx": Wx, "Wh": Wh}


def rnn_backward(dh: np.ndarray, cache: dict) -> tuple[np.ndarray, ...]:
    """Backpropagation through time over the whole sequence.

    dh: gradient of the loss with respect to every hidden state h_t, (N, T, H) (the upstream
        gradient only: the part that flows back through h_{t+1} is added here).
    Returns dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,).
    """
    cache = cache_from("rnn_backward", cache, "rnn_forward", dh, "dh")
    x_time_major, hs, Wx, Wh = cache["x"], cache["h"], cache["Wx"], cache["Wh"]
    T, N, D = x_time_major.shape
    H = Wh.shape[0]
    dh = upstream_gradient("rnn_backward", "dh", dh, ("N", "T", "H"), (N, T, H))
    da = np.empty((T, N, H), dtype=hs.dtype)                       # ∂L/∂a_t for every step
    dh_prev = np.zeros((N, H), dtype=hs.dtype)
    WhT = right_operand(Wh.T)                                      # memory order only
    for t in reversed(range(T)):
        # h_t feeds the loss (dh[:, t]) and the next step (dh_prev from step t+1)
        dh_next = dh[:, t] + dh_prev
        # h_t = tanh(a_t)  ⇒  ∂L/∂a_t = dh_next ⊙ (1 − h_t²)
        da[t] = dh_next * (1 - hs[t + 1] ** 2)
        # ∂L/∂h_{t-1} = ∂L/∂a_t Whᵀ
        dh_prev = da[t] @ WhT
    da_rows = da.reshape(T * N, H)
    da_right = right_operand(da_rows)                              # memory order only
    # dx_t = da_t Wxᵀ, dWx = Σ_t x_tᵀ da_t, dWh = Σ_t h_{t-1}ᵀ da_t, db = Σ_t Σ_n da_t, for all t at once
    dx = np.ascontiguousarray((da_rows @ right_operand(Wx.T)).reshape(T, N, D).transpose(1, 0, 2))
    dWx = left_operand(x_time_major.reshape(T * N, D).T) @ da_right
    dWh = left_operand(hs[:-1].reshape(T * N, H).T) @ da_right
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
    where = "from_torch_state"
    keys, W_ih, W_hh, biases = layer_arrays(where, state_dict, layer)
    check_shape(where, keys[1], W_hh, ("G·H", "H"), (None, None))
    GH, H = W_hh.shape
    if GH not in (H, 4 * H):
        gru = " (an nn.GRU's (3H, H): load it with nlplab.gru.from_torch_state)" if GH == 3 * H else ""
        raise ValueError(f"from_torch_state: expected {keys[1]} of shape (H, H) (nn.RNN) or (4H, H) "
                         f"(nn.LSTM), got {W_hh.shape}{gru}")
    check_shape(where, keys[0], W_ih, ("G·H", "D"), (GH, None))
    b = np.zeros(GH, dtype=W_hh.dtype)
    for k, bias in biases.items():
        check_shape(where, k, bias, ("G·H",), (GH,))
        b = b + bias
    return np.ascontiguousarray(W_ih.T), np.ascontiguousarray(W_hh.T), b

