"""How far a gradient reaches back in time: ‖∂h_T/∂h_t‖ for an RNN, an LSTM and a GRU.

Backpropagation through time multiplies the gradient by one step's Jacobian per step. For the
RNN (row vectors, h_t = tanh(h_{t-1} Wh + x_t Wx + b)) a row vector g = ∂L/∂h_t goes back as

    ∂L/∂h_{t-1} = (∂L/∂h_t ⊙ (1 − h_t²)) Whᵀ

so after k steps it has met k factors (1 − h²) ≤ 1 and k copies of the same Whᵀ. These
functions push the whole identity matrix back instead of one gradient: row j of the result is
∂h_T[j]/∂h_t, i.e. the Jacobian ∂h_T/∂h_t, and they return its Frobenius norm for every t.
That curve, plotted against T − t on a log scale, shows vanishing (a straight line down) or
exploding (a line up) gradients directly.

For the LSTM, h_t reaches h_T through the gates of step t+1 and then along both states
(h and the cell state c); ∂h_T/∂h_t is taken with c_t held fixed, as BPTT's dh at step t.
The LSTM's backward step is nlplab.lstm's own cell backward; the RNN's is the one line above.
For the GRU, h_{t-1} reaches h_t twice: around the matmuls through z ⊙ h_{t-1}, and through them
(nlplab.gru's cell backward).
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_finite, check_shape, recurrent_inputs
from .gru import _gru_cell_backward, gru_forward
from .lstm import _lstm_cell_backward, lstm_forward
from .rnn import rnn_forward

__all__ = ["rnn_jacobian_norms", "lstm_jacobian_norms", "gru_jacobian_norms"]


def _one_sequence(where: str, x, h0, Wx, Wh, *biases, gates: int, b_names: tuple[str, ...] = ("b",)
                  ) -> tuple[np.ndarray, ...]:
    """x (T, D), h0 (H,) and the weights, checked, as float64 (products of many Jacobians
    underflow float32)."""
    x, h0 = as_float_array(where, "x", x), as_float_array(where, "h0", h0)
    check_shape(where, "x", x, ("T", "D"), (None, None))
    check_shape(where, "h0", h0, ("H",), (None,))
    x, h0, Wx, Wh, *biases = recurrent_inputs(where, x[None], h0[None], Wx, Wh, *biases, gates=gates,
                                              h_name="h0", b_names=b_names)
    return tuple(a.astype(np.float64) for a in (x[0], h0[0], Wx, Wh, *biases))


def rnn_jacobian_norms(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> np.ndarray:
    """‖∂h_T/∂h_t‖_F for t = 0, 1, ..., T of one RNN sequence (h_0 = h0).

    x: one input sequence, (T, D). h0: the initial hidden state, (H,).
    Wx (D, H), Wh (H, H), b (H,): as in nlplab.rnn.rnn_forward.
    Returns a float64 array of shape (T+1,): entry t is the Frobenius norm of the (H, H)
    Jacobian ∂h_T/∂h_t, so entry T is ‖I‖ = √H and entry 0 is ‖∂h_T/∂h_0‖.
    Computed in float64 whatever the input dtype.
    """
    x, h0, Wx, Wh, b = _one_sequence("rnn_jacobian_norms", x, h0, Wx, Wh, b, gates=1)
    _, cache = rnn_forward(x[None], h0[None], Wx, Wh, b)
    hs, WhT = cache["h"][:, 0], cache["Wh"].T                   # hs (T+1, H): h_0 .. h_T
    T, H = x.shape[0], hs.shape[1]
    norms = np.empty(T + 1)
    J = np.eye(H)                                               # ∂h_T/∂h_T
    for t in range(T, 0, -1):
        norms[t] = np.linalg.norm(J)
        # ∂h_T/∂h_{t-1} = (∂h_T/∂h_t ⊙ (1 − h_t²)) Whᵀ, each row a gradient
        J = (J * (1 - hs[t] ** 2)) @ WhT
    norms[0] = np.linalg.norm(J)
    return norms


def lstm_jacobian_norms(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray,
                        c0: np.ndarray | None = None) -> np.ndarray:
    """‖∂h_T/∂h_t‖_F for t = 0, 1, ..., T of one LSTM sequence (h_0 = h0, c_0 = c0 or 0).

    x: one input sequence, (T, D). h0, c0: the initial hidden and cell states, (H,).
    Wx (D, 4H), Wh (H, 4H), b (4H,): as in nlplab.lstm.lstm_forward (gates i, f, g, o).
    Returns a float64 array of shape (T+1,): entry t is the Frobenius norm of the Jacobian
    ∂h_T/∂h_t (c_t held fixed: the gradient BPTT hands to h_t), entry T is √H.
    Computed in float64 whatever the input dtype.
    """
    where = "lstm_jacobian_norms"
    x, h0, Wx, Wh, b = _one_sequence(where, x, h0, Wx, Wh, b, gates=4)
    if c0 is not None:
        c0 = as_float_array(where, "c0", c0).astype(np.float64)
        check_shape(where, "c0", c0, ("H",), h0.shape)
        check_finite(where, "c0", c0)
        c0 = c0[None]
    _, cache = lstm_forward(x[None], h0[None], np.asarray(Wx, dtype=np.float64),
                            np.asarray(Wh, dtype=np.float64), np.asarray(b, dtype=np.float64), c0=c0)
    cs, gates, tanh_cs, WhT = cache["c"], cache["gates"], cache["tanh_c"], cache["Wh"].T
    T, H = x.shape[0], cs.shape[2]
    norms = np.empty(T + 1)
    dh = np.eye(H)                                              # ∂h_T/∂h_T
    dc = np.zeros((H, H))                                       # ∂h_T/∂c_T: c_T enters h_T only through h_T
    for t in range(T, 0, -1):
        norms[t] = np.linalg.norm(dh)
        # one step back through the cell (rows broadcast against the single sequence's gates):
        # da = ∂h_T/∂a_t, and dc becomes ∂h_T/∂c_{t-1} = dc_t ⊙ f_t
        da, dc = _lstm_cell_backward(dh, dc, cs[t - 1], gates[t - 1], tanh_cs[t - 1])
        # ∂h_T/∂h_{t-1} = ∂h_T/∂a_t Whᵀ
        dh = da @ WhT
    norms[0] = np.linalg.norm(dh)
    return norms


def gru_jacobian_norms(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, bx: np.ndarray,
                       bh: np.ndarray) -> np.ndarray:
    """‖∂h_T/∂h_t‖_F for t = 0, 1, ..., T of one GRU sequence (h_0 = h0).

    x: one input sequence, (T, D). h0: the initial hidden state, (H,).
    Wx (D, 3H), Wh (H, 3H), bx (3H,), bh (3H,): as in nlplab.gru.gru_forward (blocks r, z, n).
    Returns a float64 array of shape (T+1,): entry t is the Frobenius norm of the Jacobian
    ∂h_T/∂h_t, entry T is √H. Computed in float64 whatever the input dtype.
    """
    where = "gru_jacobian_norms"
    x, h0, Wx, Wh, bx, bh = _one_sequence(where, x, h0, Wx, Wh, bx, bh, gates=3, b_names=("bx", "bh"))
    _, cache = gru_forward(x[None], h0[None], Wx, Wh, bx, bh)
    hs, gates, hWh_n, WhT = cache["h"][:, 0], cache["gates"], cache["hWh_n"], cache["Wh"].T
    T, H = x.shape[0], hs.shape[1]
    norms = np.empty(T + 1)
    J = np.eye(H)                                               # ∂h_T/∂h_T
    for t in range(T, 0, -1):
        norms[t] = np.linalg.norm(J)
        # ∂h_T/∂h_{t-1} = J ⊙ z_t (around the matmuls) + ∂h_T/∂ah_t Whᵀ (through them)
        _, dah, around = _gru_cell_backward(J, hs[t - 1], gates[t - 1], hWh_n[t - 1])
        J = around + dah @ WhT
    norms[0] = np.linalg.norm(J)
    return norms
