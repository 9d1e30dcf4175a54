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

`lstm_forward` runs the step's own cell (`_lstm_cell`) T times and `lstm_backward` runs the step's
own backward cell (`_lstm_cell_backward`) T times in reverse. As in nlplab.rnn, only what does not
depend on h leaves the loop: x_t Wx + b for all t is one matmul before it, and dx, dWx, dWh, db
are one matmul (or sum) each after it, so each step costs one matmul plus element-wise work.

The gate activations of a sequence, e.g. for a heatmap of i, f, g, o over a sentence:
`lstm_gates(cache)["f"]` is the forget gate of every sequence, step and unit, (N, T, H).

`from_torch_state` (defined in nlplab.rnn, re-exported here) loads a torch.nn.LSTM's weights.

Bad input follows nlplab.layers' policy: a shape that does not fit raises ValueError naming the
expected and the received shape; NaN or inf in x, the initial state, the weights or dh raises
ValueError too (one NaN would reach every later h_t). Inputs keep their dtype: float32 stays float32.
"""

from __future__ import annotations

import sys

import numpy as np

from .layers import _check_finite, _check_shape, sigmoid
from .rnn import _check_sequence, _check_step, from_torch_state

__all__ = ["lstm_step_forward", "lstm_step_backward", "lstm_forward", "lstm_backward", "lstm_gates",
           "from_torch_state"]


# Natively numpy hands a matmul to BLAS, which reads its operands in any memory order. Pyodide's
# numpy has no BLAS: its own loop walks the right operand down its columns, which is 5-8x faster
# when that operand is stored column by column (Fortran order) and the left one row by row
# (bench/lstm_browser.py, option "layout": forward+backward at N=32 T=50 D=64 H=128 in float64
# took 0.47 s instead of 2.0 s in Chromium).
# Only the memory order changes, never a value; natively both helpers return their input.
_NO_BLAS = sys.platform == "emscripten"


def _right_operand(b: np.ndarray) -> np.ndarray:
    """b stored for the fastest `a @ b`: Fortran order in Pyodide, as it is natively."""
    return np.asfortranarray(b) if _NO_BLAS else b


def _left_operand(a: np.ndarray) -> np.ndarray:
    """a stored for the fastest `a @ b`: C order in Pyodide, as it is natively."""
    return np.ascontiguousarray(a) if _NO_BLAS else a


# --------------------------------------------------------------------------------------------
# The cell: everything in a step after its affine, forward and backward
# --------------------------------------------------------------------------------------------

def _lstm_cell(a: np.ndarray, c_prev: np.ndarray, c_next: np.ndarray, tanh_c: np.ndarray,
               h_next: np.ndarray) -> None:
    """From the pre-activations a (N, 4H) and c_prev (N, H) to the gates, c_next and h_next.

    `a` is turned into the gates [i | f | g | o] in place; c_next, tanh(c_next) and h_next are
    written into the (N, H) arrays given (preallocated by the caller).
    """
    H = c_prev.shape[1]
    # i = σ(a_i), f = σ(a_f)  (adjacent blocks: one call), g = tanh(a_g), o = σ(a_o)
    sigmoid(a[:, :2 * H], out=a[:, :2 * H])
    np.tanh(a[:, 2 * H:3 * H], out=a[:, 2 * H:3 * H])
    sigmoid(a[:, 3 * H:], out=a[:, 3 * H:])
    i, f, g, o = a[:, :H], a[:, H:2 * H], a[:, 2 * H:3 * H], a[:, 3 * H:]
    # c_t = f ⊙ c_{t-1} + i ⊙ g
    np.multiply(f, c_prev, out=c_next)
    c_next += i * g
    # h_t = o ⊙ tanh(c_t)
    np.tanh(c_next, out=tanh_c)
    np.multiply(o, tanh_c, out=h_next)


def _lstm_cell_backward(dh_next: np.ndarray, dc_next: np.ndarray, c_prev: np.ndarray, gates: np.ndarray,
                        tanh_c: np.ndarray, da: np.ndarray) -> np.ndarray:
    """Backward through the cell: writes ∂L/∂a (N, 4H) into `da` and returns ∂L/∂c_prev (N, H).

    dh_next, dc_next: the gradients reaching h_t and c_t from above and from step t+1.
    c_prev, gates (= [i | f | g | o]) and tanh_c = tanh(c_t): saved by the forward pass.
    """
    H = c_prev.shape[1]
    i, f, g, o = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:3 * H], gates[:, 3 * H:]
    # h_t = o ⊙ tanh(c_t): c_t receives dh ⊙ o ⊙ (1 − tanh²(c_t)), on top of dc_next from step t+1
    dc = dh_next * o
    dc *= 1 - tanh_c * tanh_c
    dc += dc_next
    # the slope of each activation, four blocks at once: σ' = σ (1 − σ) for i, f, o; tanh' = 1 − g² for g
    np.subtract(1, gates, out=da)
    da *= gates
    np.subtract(1, g * g, out=da[:, 2 * H:3 * H])
    # times the gradient reaching each gate's output:
    da[:, :H] *= dc * g                     # c_t = f ⊙ c_{t-1} + i ⊙ g  ⇒  ∂L/∂i = dc ⊙ g
    da[:, H:2 * H] *= dc * c_prev           #                              ∂L/∂f = dc ⊙ c_{t-1}
    da[:, 2 * H:3 * H] *= dc * i            #                              ∂L/∂g = dc ⊙ i
    da[:, 3 * H:] *= dh_next * tanh_c       # h_t = o ⊙ tanh(c_t)        ⇒  ∂L/∂o = dh ⊙ tanh(c_t)
    # ∂L/∂c_{t-1} = dc ⊙ f
    return dc * f


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
    x, h_prev, Wx, Wh, b = _check_step(where, x, h_prev, Wx, Wh, b, gates=4)
    c_prev = np.asarray(c_prev, dtype=x.dtype)
    _check_shape(where, "c_prev", c_prev, ("N", "H"), h_prev.shape)
    _check_finite(where, "c_prev", c_prev)
    # a = x Wx + h_prev Wh + b: the four gates' pre-activations side by side, (N, 4H)
    a = x @ Wx + h_prev @ Wh + b
    c_next, tanh_c, h_next = (np.empty_like(c_prev) for _ in range(3))
    _lstm_cell(a, c_prev, c_next, tanh_c, h_next)     # a now holds the gates i, f, g, o
    return h_next, c_next, (x, h_prev, c_prev, Wx, Wh, a, tanh_c)


def lstm_step_backward(dh_next: np.ndarray, dc_next: np.ndarray, cache: tuple) -> tuple[np.ndarray, ...]:
    """Backward pass of one LSTM step.

    dh_next, dc_next: gradients of the loss with respect to h_next and c_next, (N, H) each.
    cache: from lstm_step_forward.
    Returns dx (N, D), dh_prev (N, H), dc_prev (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,).
    """
    x, h_prev, c_prev, Wx, Wh, gates, tanh_c = cache
    _check_shape("lstm_step_backward", "dh_next", dh_next, ("N", "H"), c_prev.shape)
    _check_shape("lstm_step_backward", "dc_next", dc_next, ("N", "H"), c_prev.shape)
    da = np.empty_like(gates)
    dc_prev = _lstm_cell_backward(dh_next, dc_next, c_prev, gates, tanh_c, da)
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
    Returns h (N, T, H), the hidden state of every step, and a cache dict for lstm_backward.
    The cache's arrays are time-major, so each step's slice is contiguous:
        cache["gates"] (T, N, 4H) the activations [i | f | g | o] (see lstm_gates),
        cache["c"] (T+1, N, H) with cache["c"][0] = c0 and cache["c"][-1] the last cell state,
        cache["h"] (T+1, N, H) with cache["h"][0] = h0, cache["tanh_c"] (T, N, H).
    """
    where = "lstm_forward"
    x, h0, Wx, Wh, b = _check_sequence(where, x, h0, Wx, Wh, b, gates=4)
    N, T, D = x.shape
    H = Wh.shape[0]
    cs = np.empty((T + 1, N, H), dtype=x.dtype)
    if c0 is None:
        cs[0] = 0
    else:
        c0 = np.asarray(c0)
        _check_shape(where, "c0", c0, ("N", "H"), (N, H))
        _check_finite(where, "c0", c0)
        cs[0] = c0
    hs = np.empty((T + 1, N, H), dtype=x.dtype)
    hs[0] = h0
    tanh_cs = np.empty((T, N, H), dtype=x.dtype)
    x_tm = np.ascontiguousarray(x.transpose(1, 0, 2))                   # (T, N, D)
    # x_t Wx + b for every t at once; step t adds h_{t-1} Wh and turns its slice into the gates.
    # (Written in place: large temporaries cost more than the arithmetic on them.)
    gates = np.empty((T, N, 4 * H), dtype=x.dtype)
    np.matmul(x_tm.reshape(T * N, D), _right_operand(Wx), out=gates.reshape(T * N, 4 * H))
    gates += b
    hWh = np.empty((N, 4 * H), dtype=x.dtype)                          # h_{t-1} Wh, reused every step
    Wh_right = _right_operand(Wh)
    for t in range(T):
        a = gates[t]
        # a = x_t Wx + h_{t-1} Wh + b
        a += np.matmul(hs[t], Wh_right, out=hWh)
        _lstm_cell(a, cs[t], cs[t + 1], tanh_cs[t], hs[t + 1])
    h = np.ascontiguousarray(hs[1:].transpose(1, 0, 2))                 # (N, T, H)
    cache = {"x": x_tm, "h": hs, "c": cs, "gates": gates, "tanh_c": tanh_cs, "Wx": Wx, "Wh": Wh}
    return h, cache


def lstm_backward(dh: np.ndarray, cache: dict) -> tuple[np.ndarray, ...]:
    """Backpropagation through time over the whole sequence.

    dh: gradient of the loss with respect to every hidden state h_t, (N, T, H) (the upstream
        gradient only: what flows back through h_{t+1} and c_{t+1} is added here).
    Returns dx (N, T, D), dh0 (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,).
    """
    x_tm, hs, cs, gates, tanh_cs, Wx, Wh = (cache[k] for k in ("x", "h", "c", "gates", "tanh_c", "Wx", "Wh"))
    T, N, D = x_tm.shape
    H = Wh.shape[0]
    dh = np.asarray(dh)
    _check_shape("lstm_backward", "dh", dh, ("N", "T", "H"), (N, T, H))
    _check_finite("lstm_backward", "dh", dh)
    dh_tm = dh.transpose(1, 0, 2)                                       # (T, N, H), a view
    da = np.empty_like(gates)                                           # ∂L/∂a_t for every step
    dh_prev = np.zeros((N, H), dtype=gates.dtype)
    dc_prev = np.zeros((N, H), dtype=gates.dtype)
    WhT = _right_operand(np.ascontiguousarray(Wh.T))                    # a copy laid out for fast matmuls
    for t in reversed(range(T)):
        # h_t feeds the loss (dh[:, t]) and step t+1 (dh_prev); c_t feeds step t+1 (dc_prev)
        dh_next = dh_tm[t] + dh_prev
        dc_prev = _lstm_cell_backward(dh_next, dc_prev, cs[t], gates[t], tanh_cs[t], da[t])
        # ∂L/∂h_{t-1} = ∂L/∂a_t Whᵀ
        dh_prev = da[t] @ WhT
    da_rows = da.reshape(T * N, 4 * H)
    # dx_t = da_t Wxᵀ, dWx = Σ_t x_tᵀ da_t, dWh = Σ_t h_{t-1}ᵀ da_t, db = Σ_t Σ_n da_t, for all t at once
    dx = np.ascontiguousarray((da_rows @ _right_operand(Wx.T)).reshape(T, N, D).transpose(1, 0, 2))
    da_right = _right_operand(da_rows)
    dWx = _left_operand(x_tm.reshape(T * N, D).T) @ da_right
    dWh = _left_operand(hs[:-1].reshape(T * N, H).T) @ da_right
    db = da_rows.sum(axis=0)
    return dx, dh_prev, dWx, dWh, db


def lstm_gates(cache: dict | tuple) -> dict[str, np.ndarray]:
    """The gate activations saved by lstm_forward (or lstm_step_forward), by name.

    Returns {"i": ..., "f": ..., "g": ..., "o": ...}, each of shape (N, T, H) for a sequence
    cache (or (N, H) for a step cache): values in (0, 1) for i, f, o and in (−1, 1) for g.
    E.g. lstm_gates(cache)["f"][0] is the forget gate of the first sentence, (T, H), ready
    for a heatmap. The arrays are views: copy them before changing them.
    """
    if isinstance(cache, dict):
        gates = cache["gates"].transpose(1, 0, 2)                       # (N, T, 4H)
    else:
        gates = cache[5]                                                # (N, 4H)
    H = gates.shape[-1] // 4
    return {name: gates[..., k * H:(k + 1) * H] for k, name in enumerate("ifgo")}
