"""The LSTM: one time step, a whole sequence, backpropagation through time, and its gates.

Row vectors, one fused affine for the four gates (blocks in PyTorch's order i, f, g, o):

    a   = x_t Wx + h_{t-1} Wh + b          a: (N, 4H) = [a_i | a_f | a_g | a_o]
    i   = σ(a_i)    input gate             how much of the new candidate to write
    f   = σ(a_f)    forget gate            how much of the old cell to keep
    g   = tanh(a_g) candidate (the lecture's C̃_t)
    o   = σ(a_o)    output gate            how much of the cell to read out
    c_t = f ⊙ c_{t-1} + i ⊙ g
    h_t = o ⊙ tanh(c_t)

with x_t (N, D), h_t and c_t (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,).

`lstm_step_forward` and `lstm_forward` compute every step with the same cell (`_lstm_cell`: the
equations above after the affine), and `lstm_step_backward` and `lstm_backward` go back through
it with the same backward cell (`_lstm_cell_backward`: the lesson's derivation, line by line).
As in nlplab.rnn, only what does not depend on h leaves the loop: x_t Wx + b for all t is one
matmul before it, and dx, dWx, dWh, db are one matmul (or sum) each after it, so each step costs
one matmul plus element-wise work.

The cache of `lstm_forward` is public, and time-major (T first), so each step's slice is one
contiguous block: cache["h"] (T+1, N, H) holds h_0 .. h_T (cache["h"][:, 0] is the first
sequence's states), cache["c"] (T+1, N, H) the cell states c_0 .. c_T, cache["gates"] (T, N, 4H)
the activations [i | f | g | o], cache["tanh_c"] (T, N, H), cache["x"] (T, N, D) the input, and
cache["Wx"], cache["Wh"] the weights. `lstm_gates(cache)["f"]` gives the forget gate of every
sequence, step and unit as (N, T, H), e.g. for a heatmap over a sentence.

`from_torch_state` (defined in nlplab.rnn, re-exported here) loads a torch.nn.LSTM's weights.

Bad input follows nlplab.layers' policy: a shape that does not fit raises ValueError naming the
expected and the received shape; NaN or inf in x, the initial state, the weights or dh raises
ValueError too (one NaN would reach every later h_t). Inputs keep their dtype: float32 stays float32.
PyTorch's layouts are named: weight_hh (4H, H) passed as Wh, and a time-major x (T, N, D); so is a
cache from the RNN passed to the LSTM's backward pass, or (dh, cache) swapped.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, cache_from, check_finite, check_shape, recurrent_inputs, saved_gates, \
    upstream_gradient
from ._memory_order import inputs_at_every_step, left_operand, right_operand
from .layers import sigmoid
from .rnn import from_torch_state

__all__ = ["lstm_step_forward", "lstm_step_backward", "lstm_forward", "lstm_backward", "lstm_gates",
           "from_torch_state"]


# --------------------------------------------------------------------------------------------
# The cell: everything in a step after its affine, forward and backward
# --------------------------------------------------------------------------------------------

def _lstm_cell(a: np.ndarray, c_prev: np.ndarray) -> tuple[np.ndarray, ...]:
    """From the pre-activations a (N, 4H) and c_prev (N, H) to the gates, c_next and h_next.

    Returns gates (N, 4H) = [i | f | g | o], c_next (N, H), tanh_c = tanh(c_next) (N, H) and
    h_next (N, H).
    """
    a_i, a_f, a_g, a_o = np.split(a, 4, axis=-1)
    i = sigmoid(a_i)
    f = sigmoid(a_f)
    g = np.tanh(a_g)
    o = sigmoid(a_o)
    # c_t = f ⊙ c_{t-1} + i ⊙ g
    c_next = f * c_prev + i * g
    # h_t = o ⊙ tanh(c_t)
    tanh_c = np.tanh(c_next)
    h_next = o * tanh_c
    return np.concatenate([i, f, g, o], axis=-1), c_next, tanh_c, h_next


def _lstm_cell_backward(dh_next: np.ndarray, dc_next: np.ndarray, c_prev: np.ndarray, gates: np.ndarray,
                        tanh_c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Backward through the cell: returns ∂L/∂a (N, 4H) and ∂L/∂c_prev (N, H).

    dh_next, dc_next: the gradients reaching h_t and c_t from above and from step t+1.
    c_prev, gates (= [i | f | g | o]) and tanh_c = tanh(c_t): saved by the forward pass.
    """
    i, f, g, o = np.split(gates, 4, axis=-1)
    # h_t = o ⊙ tanh(c_t): c_t receives dh ⊙ o ⊙ (1 − tanh²(c_t)), on top of dc_next from step t+1
    do = dh_next * tanh_c
    dc = dc_next + dh_next * o * (1 - tanh_c ** 2)
    # c_t = f ⊙ c_{t-1} + i ⊙ g
    di, df, dg = dc * g, dc * c_prev, dc * i
    dc_prev = dc * f
    # through the activations: σ' = σ (1 − σ) for i, f, o; tanh' = 1 − g² for g
    da = np.concatenate([di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    return da, dc_prev


# --------------------------------------------------------------------------------------------
# One time step
# --------------------------------------------------------------------------------------------

def lstm_step_forward(x: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                      b: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple]:
    """One step of the LSTM (equations in the module docstring).

    x: inputs at this step, (N, D).
    h_prev, c_prev: hidden and cell state of the previous step, (N, H) each.
    Wx: input-to-gates weights, (D, 4H).
    Wh: hidden-to-gates weights, (H, 4H).
    b: biases, (4H,).
    Returns h_next (N, H), c_next (N, H) and
    cache = (x, h_prev, c_prev, Wx, Wh, gates, tanh_c), where gates (N, 4H) = [i | f | g | o]
    are the activations of this step and tanh_c = tanh(c_next).
    """
    where = "lstm_step_forward"
    x, h_prev, Wx, Wh, b = recurrent_inputs(where, x, h_prev, Wx, Wh, b, gates=4, h_name="h_prev")
    c_prev = as_float_array(where, "c_prev", c_prev).astype(x.dtype, copy=False)
    check_shape(where, "c_prev", c_prev, ("N", "H"), h_prev.shape)
    check_finite(where, "c_prev", c_prev)
    # a = x Wx + h_prev Wh + b: the four gates' pre-activations side by side, (N, 4H)
    a = x @ Wx + h_prev @ Wh + b
    gates, c_next, tanh_c, h_next = _lstm_cell(a, c_prev)
    return h_next, c_next, (x, h_prev, c_prev, Wx, Wh, gates, tanh_c)


def lstm_step_backward(dh_next: np.ndarray, dc_next: np.ndarray, cache: tuple) -> tuple[np.ndarray, ...]:
    """Backward pass of one LSTM step.

    dh_next, dc_next: gradients of the loss with respect to h_next and c_next, (N, H) each.
    cache: from lstm_step_forward.
    Returns dx (N, D), dh_prev (N, H), dc_prev (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,).
    """
    where = "lstm_step_backward"
    x, h_prev, c_prev, Wx, Wh, gates, tanh_c = cache_from(where, cache, "lstm_step_forward", dh_next, "dh_next, dc_next")
    dh_next = upstream_gradient(where, "dh_next", dh_next, ("N", "H"), c_prev.shape)
    dc_next = upstream_gradient(where, "dc_next", dc_next, ("N", "H"), c_prev.shape)
    da, dc_prev = _lstm_cell_backward(dh_next, dc_next, c_prev, gates, tanh_c)
    # a = x Wx + h_prev Wh + b is affine in x, h_prev, Wx, Wh and b:
    dx = da @ Wx.T
    dh_prev = da @ Wh.T
    dWx = x.T @ da
    dWh = h_prev.T @ da
    db = da.sum(axis=0)
    return dx, dh_prev, dc_prev, dWx, dWh, db


# --------------------------------------------------------------------------------------------
# A whole sequence
# --------------------------------------------------------------------------------------------

def lstm_forward(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray,
                 c0: np.ndarray | None = None) -> tuple[np.ndarray, dict]:
    """Run the LSTM over T steps from h0 and c0 = 0.

    x: the input sequence, (N, T, D).
    h0: the initial hidden state, (N, H).
    Wx (D, 4H), Wh (H, 4H), b (4H,): as in lstm_step_forward.
    c0: the initial cell state, (N, H); zeros when omitted. Truncated BPTT passes the last
        cell state of the previous chunk here (no gradient is returned for it).
    Returns h (N, T, H), the hidden state of every step, and the cache for lstm_backward: a
    dict of time-major arrays, described in the module docstring (cache["h"][0] = h0,
    cache["c"][-1] the last cell state, cache["gates"] for lstm_gates).
    """
    where = "lstm_forward"
    x, h0, Wx, Wh, b = recurrent_inputs(where, x, h0, Wx, Wh, b, gates=4, h_name="h0")
    N, T, _ = x.shape
    H = Wh.shape[0]
    if c0 is None:
        c0 = np.zeros((N, H), dtype=x.dtype)
    c0 = as_float_array(where, "c0", c0)
    check_shape(where, "c0", c0, ("N", "H"), (N, H))
    check_finite(where, "c0", c0)
    hs = np.empty((T + 1, N, H), dtype=x.dtype)                        # h_0 .. h_T
    cs = np.empty((T + 1, N, H), dtype=x.dtype)                        # c_0 .. c_T
    hs[0], cs[0] = h0, c0
    gates = np.empty((T, N, 4 * H), dtype=x.dtype)
    tanh_cs = np.empty((T, N, H), dtype=x.dtype)
    x_time_major, xWx_b = inputs_at_every_step(x, Wx, b)              # (T, N, D), x_t Wx + b (T, N, 4H)
    Wh_right = right_operand(Wh)                                       # memory order only
    for t in range(T):
        # a = x_t Wx + h_{t-1} Wh + b
        a = xWx_b[t] + hs[t] @ Wh_right
        gates[t], cs[t + 1], tanh_cs[t], hs[t + 1] = _lstm_cell(a, cs[t])
    h = np.ascontiguousarray(hs[1:].transpose(1, 0, 2))                 # (N, T, H)
    cache = {"x": x_time_major, "h": hs, "c": cs, "gates": gates, "tanh_c": tanh_cs, "Wx": Wx, "Wh": Wh}
    return h, cache


def lstm_backward(dh: np.ndarray, cache: dict) -> tuple[np.ndarray, ...]:
    """Backpropagation through time over the whole sequence.

    dh: gradient of the loss with respect to every hidden state h_t, (N, T, H) (the upstream
        gradient only: what flows back through h_{t+1} and c_{t+1} is added here).
    Returns dx (N, T, D), dh0 (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,).
    """
    cache = cache_from("lstm_backward", cache, "lstm_forward", dh, "dh")
    x_time_major, hs, cs, gates, tanh_cs, Wx, Wh = (
        cache[k] for k in ("x", "h", "c", "gates", "tanh_c", "Wx", "Wh"))
    T, N, D = x_time_major.shape
    H = Wh.shape[0]
    dh = upstream_gradient("lstm_backward", "dh", dh, ("N", "T", "H"), (N, T, H))
    da = np.empty_like(gates)                                           # ∂L/∂a_t for every step
    dh_prev = np.zeros((N, H), dtype=gates.dtype)
    dc_prev = np.zeros((N, H), dtype=gates.dtype)
    WhT = right_operand(Wh.T)                                          # memory order only
    for t in reversed(range(T)):
        # h_t feeds the loss (dh[:, t]) and step t+1 (dh_prev); c_t feeds step t+1 (dc_prev)
        dh_next = dh[:, t] + dh_prev
        da[t], dc_prev = _lstm_cell_backward(dh_next, dc_prev, cs[t], gates[t], tanh_cs[t])
        # ∂L/∂h_{t-1} = ∂L/∂a_t Whᵀ
        dh_prev = da[t] @ WhT
    da_rows = da.reshape(T * N, 4 * H)
    da_right = right_operand(da_rows)                                  # memory order only
    # dx_t = da_t Wxᵀ, dWx = Σ_t x_tᵀ da_t, dWh = Σ_t h_{t-1}ᵀ da_t, db = Σ_t Σ_n da_t, for all t at once
    dx = np.ascontiguousarray((da_rows @ right_operand(Wx.T)).reshape(T, N, D).transpose(1, 0, 2))
    dWx = left_operand(x_time_major.reshape(T * N, D).T) @ da_right
    dWh = left_operand(hs[:-1].reshape(T * N, H).T) @ da_right
    db = da_rows.sum(axis=0)
    return dx, dh_prev, dWx, dWh, db


def lstm_gates(cache: dict | tuple) -> dict[str, np.ndarray]:
    """The gate activations saved by lstm_forward (or lstm_step_forward), by name.

    Returns {"i": ..., "f": ..., "g": ..., "o": ...}, each of shape (N, T, H) for a sequence
    cache (or (N, H) for a step cache): values in (0, 1) for i, f, o and in (−1, 1) for g.
    E.g. lstm_gates(cache)["f"][0] is the forget gate of the first sentence, (T, H), ready
    for a heatmap. The arrays are views: copy them before changing them.
    """
    return saved_gates("lstm_gates", cache, "ifgo", sequence_producer="lstm_forward",
                       step_producer="lstm_step_forward", step_slot=5)
