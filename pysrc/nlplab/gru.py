"""The GRU (gated recurrent unit): one time step, a whole sequence, and backpropagation through time.

PyTorch's formulation (torch.nn.GRU), in row vectors, with the three blocks in its order r, z, n:

    r   = σ(x_t Wx_r + bx_r + h_{t-1} Wh_r + bh_r)          reset gate
    z   = σ(x_t Wx_z + bx_z + h_{t-1} Wh_z + bh_z)          update gate
    n   = tanh(x_t Wx_n + bx_n + r ⊙ (h_{t-1} Wh_n + bh_n))  candidate
    h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}

with x_t (N, D), h_t (N, H), Wx (D, 3H) = [Wx_r | Wx_z | Wx_n], Wh (H, 3H), and two biases
bx (3H,) and bh (3H,). Against the LSTM (nlplab.lstm): the cell state and the output gate are
gone (h_t is the memory), and the forget and input gates are merged into one update gate z:
z keeps the old state, 1 − z writes the new candidate. The two biases cannot be summed into one
as the LSTM's can, because r multiplies h_{t-1} Wh_n + bh_n and not bx_n.

`gru_step_forward` and `gru_forward` compute every step with the same cell (`_gru_cell`), and
`gru_step_backward` and `gru_backward` go back through it with the same backward cell
(`_gru_cell_backward`). As in nlplab.rnn and nlplab.lstm, only what does not depend on h leaves
the loop: x_t Wx + bx for all t is one matmul before it, and dx, dWx, dWh, dbx, dbh are one
matmul (or sum) each after it.

The cache of `gru_forward` is public, and time-major (T first): cache["h"] (T+1, N, H) holds
h_0 .. h_T, cache["gates"] (T, N, 3H) the activations [r | z | n], cache["hWh_n"] (T, N, H) the
term h_{t-1} Wh_n + bh_n that r multiplies, cache["x"] (T, N, D) the input, and cache["Wx"],
cache["Wh"] the weights. `gru_gates(cache)["z"]` gives the update gate as (N, T, H).

`from_torch_state` loads a torch.nn.GRU's weights: Wx = weight_ihᵀ, Wh = weight_hhᵀ,
bx = bias_ih, bh = bias_hh.

Bad input follows nlplab.rnn's policy (shapes named, NaN and inf refused, float32 kept, PyTorch's
(3H, H) layout and a time-major x named).
"""

from __future__ import annotations

import numpy as np

from ._checks import cache_from, check_shape, recurrent_inputs, saved_gates, upstream_gradient
from ._memory_order import inputs_at_every_step, left_operand, right_operand
from ._torch_state import layer_arrays
from .layers import sigmoid

__all__ = ["gru_step_forward", "gru_step_backward", "gru_forward", "gru_backward", "gru_gates", "from_torch_state"]


# --------------------------------------------------------------------------------------------
# The cell: everything in a step after its two affines, forward and backward
# --------------------------------------------------------------------------------------------

def _gru_cell(ax: np.ndarray, ah: np.ndarray, h_prev: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """From ax = x Wx + bx and ah = h_prev Wh + bh, both (N, 3H), and h_prev (N, H) to the gates
    [r | z | n] (N, 3H) and h_next (N, H)."""
    ax_r, ax_z, ax_n = np.split(ax, 3, axis=-1)
    ah_r, ah_z, ah_n = np.split(ah, 3, axis=-1)
    r = sigmoid(ax_r + ah_r)
    z = sigmoid(ax_z + ah_z)
    # n = tanh(x Wx_n + bx_n + r ⊙ (h Wh_n + bh_n))
    n = np.tanh(ax_n + r * ah_n)
    # h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
    h_next = (1 - z) * n + z * h_prev
    return np.concatenate([r, z, n], axis=-1), h_next


def _gru_cell_backward(dh_next: np.ndarray, h_prev: np.ndarray, gates: np.ndarray, hWh_n: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward through the cell: returns ∂L/∂ax (N, 3H), ∂L/∂ah (N, 3H) and the part of
    ∂L/∂h_prev that goes around the matmul (dh_next ⊙ z).

    hWh_n = h_prev Wh_n + bh_n, saved by the forward pass.
    """
    r, z, n = np.split(gates, 3, axis=-1)
    # h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
    dn = dh_next * (1 - z)
    dz = dh_next * (h_prev - n)
    dh_direct = dh_next * z
    # n = tanh(a_n), a_n = ax_n + r ⊙ hWh_n
    da_n = dn * (1 - n ** 2)
    dr = da_n * hWh_n
    # r = σ(a_r), z = σ(a_z): σ' = σ (1 − σ)
    da_r = dr * r * (1 - r)
    da_z = dz * z * (1 - z)
    dax = np.concatenate([da_r, da_z, da_n], axis=-1)
    dah = np.concatenate([da_r, da_z, da_n * r], axis=-1)     # the n block reaches h Wh_n through r
    return dax, dah, dh_direct


# --------------------------------------------------------------------------------------------
# One time step
# --------------------------------------------------------------------------------------------

def gru_step_forward(x: np.ndarray, h_prev: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, bx: np.ndarray,
                     bh: np.ndarray) -> tuple[np.ndarray, tuple]:
    """One step of the GRU (equations in the module docstring).

    x: inputs at this step, (N, D).
    h_prev: hidden state of the previous step, (N, H).
    Wx: input-to-gates weights, (D, 3H), blocks [r | z | n].
    Wh: hidden-to-gates weights, (H, 3H).
    bx, bh: the input-side and hidden-side biases, (3H,) each.
    Returns h_next (N, H) and cache = (x, h_prev, Wx, Wh, gates, hWh_n), where gates (N, 3H) =
    [r | z | n] are this step's activations and hWh_n = h_prev Wh_n + bh_n (N, H).
    """
    x, h_prev, Wx, Wh, bx, bh = recurrent_inputs("gru_step_forward", x, h_prev, Wx, Wh, bx, bh, gates=3,
                                                   h_name="h_prev", b_names=("bx", "bh"))
    H = h_prev.shape[1]
    ax = x @ Wx + bx                                   # (N, 3H)
    ah = h_prev @ Wh + bh                              # (N, 3H)
    gates, h_next = _gru_cell(ax, ah, h_prev)
    return h_next, (x, h_prev, Wx, Wh, gates, ah[:, 2 * H:])


def gru_step_backward(dh_next: np.ndarray, cache: tuple) -> tuple[np.ndarray, ...]:
    """Backward pass of one GRU step.

    dh_next: gradient of the loss with respect to h_next, (N, H).
    cache: from gru_step_forward.
    Returns dx (N, D), dh_prev (N, H), dWx (D, 3H), dWh (H, 3H), dbx (3H,), dbh (3H,).
    """
    where = "gru_step_backward"
    x, h_prev, Wx, Wh, gates, hWh_n = cache_from(where, cache, "gru_step_forward", dh_next, "dh_next")
    dh_next = upstream_gradient(where, "dh_next", dh_next, ("N", "H"), h_prev.shape)
    dax, dah, dh_direct = _gru_cell_backward(dh_next, h_prev, gates, hWh_n)
    # ax = x Wx + bx and ah = h_prev Wh + bh are affine:
    dx = dax @ Wx.T
    dh_prev = dh_direct + dah @ Wh.T
    dWx = x.T @ dax
    dWh = h_prev.T @ dah
    dbx = dax.sum(axis=0)
    dbh = dah.sum(axis=0)
    return dx, dh_prev, dWx, dWh, dbx, dbh


# --------------------------------------------------------------------------------------------
# A whole sequence
# --------------------------------------------------------------------------------------------

def gru_forward(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, bx: np.ndarray, bh: np.ndarray
                ) -> tuple[np.ndarray, dict]:
    """Run the GRU over T steps from h0.

    x: the input sequence, (N, T, D).
    h0: the initial hidden state, (N, H).
    Wx (D, 3H), Wh (H, 3H), bx (3H,), bh (3H,): as in gru_step_forward.
    Returns h (N, T, H), the hidden state of every step, and the cache for gru_backward: a dict
    of time-major arrays, described in the module docstring (cache["h"][0] = h0).
    """
    x, h0, Wx, Wh, bx, bh = recurrent_inputs("gru_forward", x, h0, Wx, Wh, bx, bh, gates=3, h_name="h0",
                                           b_names=("bx", "bh"))
    N, T, _ = x.shape
    H = Wh.shape[0]
    hs = np.empty((T + 1, N, H), dtype=x.dtype)                        # h_0 .. h_T
    hs[0] = h0
    gates = np.empty((T, N, 3 * H), dtype=x.dtype)
    hWh_n = np.empty((T, N, H), dtype=x.dtype)
    x_time_major, xWx_b = inputs_at_every_step(x, Wx, bx)             # (T, N, D), x_t Wx + bx (T, N, 3H)
    Wh_right = right_operand(Wh)                                       # memory order only
    for t in range(T):
        ah = hs[t] @ Wh_right + bh                                     # h_{t-1} Wh + bh
        gates[t], hs[t + 1] = _gru_cell(xWx_b[t], ah, hs[t])
        hWh_n[t] = ah[:, 2 * H:]
    h = np.ascontiguousarray(hs[1:].transpose(1, 0, 2))                 # (N, T, H)
    return h, {"x": x_time_major, "h": hs, "gates": gates, "hWh_n": hWh_n, "Wx": Wx, "Wh": Wh}


def gru_backward(dh: np.ndarray, cache: dict) -> tuple[np.ndarray, ...]:
    """Backpropagation through time over the whole sequence.

    dh: gradient of the loss with respect to every hidden state h_t, (N, T, H) (the upstream
        gradient only: what flows back through h_{t+1} is added here).
    Returns dx (N, T, D), dh0 (N, H), dWx (D, 3H), dWh (H, 3H), dbx (3H,), dbh (3H,).
    """
    cache = cache_from("gru_backward", cache, "gru_forward", dh, "dh")
    x_time_major, hs, gates, hWh_n, Wx, Wh = (cache[k] for k in ("x", "h", "gates", "hWh_n", "Wx", "Wh"))
    T, N, D = x_time_major.shape
    H = Wh.shape[0]
    dh = upstream_gradient("gru_backward", "dh", dh, ("N", "T", "H"), (N, T, H))
    dax = np.empty_like(gates)                                          # ∂L/∂(x_t Wx + bx)
    dah = np.empty_like(gates)                                          # ∂L/∂(h_{t-1} Wh + bh)
    dh_prev = np.zeros((N, H), dtype=gates.dtype)
    WhT = right_operand(Wh.T)                                          # memory order only
    for t in reversed(range(T)):
        # h_t feeds the loss (dh[:, t]) and step t+1 (dh_prev)
        dh_next = dh[:, t] + dh_prev
        dax[t], dah[t], dh_direct = _gru_cell_backward(dh_next, hs[t], gates[t], hWh_n[t])
        # ∂L/∂h_{t-1}: around the matmul (z ⊙ dh) and through it (dah Whᵀ)
        dh_prev = dh_direct + dah[t] @ WhT
    dax_rows, dah_rows = dax.reshape(T * N, 3 * H), dah.reshape(T * N, 3 * H)
    dx = np.ascontiguousarray((dax_rows @ right_operand(Wx.T)).reshape(T, N, D).transpose(1, 0, 2))
    dWx = left_operand(x_time_major.reshape(T * N, D).T) @ right_operand(dax_rows)
    dWh = left_operand(hs[:-1].reshape(T * N, H).T) @ right_operand(dah_rows)
    return dx, dh_prev, dWx, dWh, dax_rows.sum(axis=0), dah_rows.sum(axis=0)


def gru_gates(cache: dict | tuple) -> dict[str, np.ndarray]:
    """The gate activations saved by gru_forward (or gru_step_forward), by name.

    Returns {"r": ..., "z": ..., "n": ...}, each (N, T, H) for a sequence cache (or (N, H) for a
    step cache): values in (0, 1) for r and z, in (−1, 1) for n. The arrays are views.
    """
    return saved_gates("gru_gates", cache, "rzn", sequence_producer="gru_forward",
                       step_producer="gru_step_forward", step_slot=4)


# --------------------------------------------------------------------------------------------
# Loading PyTorch weights
# --------------------------------------------------------------------------------------------

def from_torch_state(state_dict: dict, layer: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(Wx, Wh, bx, bh) from the arrays of a torch.nn.GRU state dict.

    state_dict: a mapping with numpy arrays (nlplab never imports torch), e.g.
        {k: v.detach().numpy() for k, v in torch_gru.state_dict().items()}
        holding weight_ih_l{layer} (3H, D), weight_hh_l{layer} (3H, H) and, unless the module was
        built with bias=False, bias_ih_l{layer} and bias_hh_l{layer} (3H,), rows in the blocks
        r, z, n.
    layer: which layer of a stacked module.

    Returns Wx = weight_ihᵀ (D, 3H), Wh = weight_hhᵀ (H, 3H), bx = bias_ih (3H,), bh = bias_hh
    (3H,) (zeros without biases), in the arrays' dtype. The biases stay two: r multiplies
    h Wh_n + bh_n only.
    """
    where = "nlplab.gru.from_torch_state"
    keys, W_ih, W_hh, biases = layer_arrays(where, state_dict, layer)
    check_shape(where, keys[1], W_hh, ("3H", "H"), (None, None))
    H = W_hh.shape[1]
    if W_hh.shape[0] != 3 * H:
        kind = {1: "nn.RNN", 4: "nn.LSTM"}.get(W_hh.shape[0] // max(H, 1), "")
        hint = f" (an {kind}'s weights: load them with nlplab.rnn.from_torch_state)" if kind and W_hh.shape[0] % H == 0 else ""
        raise ValueError(f"{where}: expected {keys[1]} of shape (3H, H) (nn.GRU), got {W_hh.shape}{hint}")
    check_shape(where, keys[0], W_ih, ("3H", "D"), (3 * H, None))
    for k, bias in biases.items():
        check_shape(where, k, bias, ("3H",), (3 * H,))
    bx, bh = (np.array(biases.get(k.replace("weight", "bias"), np.zeros(3 * H, dtype=W_hh.dtype)))
              for k in keys)                                       # bias_ih_l{layer}, bias_hh_l{layer}
    return np.ascontiguousarray(W_ih.T), np.ascontiguousarray(W_hh.T), bx, bh
