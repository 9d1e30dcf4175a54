"""Dot-product attention: a weighted average of values, weighted by how well each key fits the query.

Row vectors, batch first. For each query q (a decoder's state), keys k_1 .. k_T and values
v_1 .. v_T (an encoder's states):

    s_j = scale · q · k_j                score of position j (scale = 1: plain dot product)
    a   = softmax(s)                     attention weights: a_j ≥ 0, Σ_j a_j = 1
    c   = Σ_j a_j v_j                    the context vector

With a mask, padded positions get s_j = −∞, hence a_j = 0 exactly: a padded encoder step is
never read and never receives gradient. Many queries at once (every step of a decoder under
teacher forcing) are one batched matmul: S = scale · Q Kᵀ, A = softmax(S), C = A V.

Shapes: query (N, Tq, d) or (N, d) for one query per row; keys (N, T, d); values (N, T, Dv);
mask (N, T) booleans (True: a real position). Returns context (N, Tq, Dv) (or (N, Dv)) and
weights (N, Tq, T) (or (N, T)), which is what a heatmap of the alignment draws.

`scale=1/√d` gives the scaled dot-product attention of Transformers (torch's
F.scaled_dot_product_attention); self-attention is this same function with the queries, keys and
values all computed from one sequence.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, cache_from, check_finite, check_shape, numeric_array, positive_number, \
    promoted_float_dtype, upstream_gradient

__all__ = ["attention_forward", "attention_backward"]


def attention_forward(query: np.ndarray, keys: np.ndarray, values: np.ndarray, mask: np.ndarray | None = None,
                      scale: float = 1.0) -> tuple[np.ndarray, np.ndarray, dict]:
    """Dot-product attention of each query over the T positions of its row.

    query: (N, Tq, d), or (N, d) for one query per row.
    keys: (N, T, d). values: (N, T, Dv) (often the keys themselves: the encoder's states).
    mask: optional (N, T) booleans (or 0/1), True for real positions, False for padding; every
        row needs at least one real position.
    scale: multiplies the scores; 1.0 is the plain dot product, 1/√d the Transformer's.
    Returns context (N, Tq, Dv) (or (N, Dv)), weights (N, Tq, T) (or (N, T)): softmax over the
    positions, 0 at masked ones, and the cache for attention_backward.
    """
    where = "attention_forward"
    arrays = [as_float_array(where, name, a) for name, a in (("query", query), ("keys", keys), ("values", values))]
    dtype = promoted_float_dtype(*arrays)
    query, keys, values = (a.astype(dtype, copy=False) for a in arrays)
    check_shape(where, "keys", keys, ("N", "T", "d"), (None, None, None))
    N, T, d = keys.shape
    single = query.ndim == 2
    if single:
        check_shape(where, "query", query, ("N", "d"), (N, d))
        query = query[:, None, :]
    elif query.ndim == 3 and query.shape[0] == N and query.shape[2] != d and query.shape[1] == d:
        raise ValueError(f"{where}: expected query of shape (N={N}, Tq, d={d}), got {query.shape}: "
                         f"query.transpose(0, 2, 1)이 아니라 (N, Tq, d)로 넘기세요")
    check_shape(where, "query", query, ("N", "Tq", "d"), (N, None, d))
    check_shape(where, "values", values, ("N", "T", "Dv"), (N, T, None))
    scale = positive_number(where, "scale", scale)
    for name, array in (("query", query), ("keys", keys), ("values", values)):
        check_finite(where, name, array)
    if mask is not None:
        mask = numeric_array(where, "mask", mask)
        check_shape(where, "mask", mask, ("N", "T"), (N, T))
        if mask.dtype != bool:
            if not np.isin(mask, (0, 1)).all():
                raise ValueError(f"{where}: mask must be booleans or 0/1 (True: a real position), "
                                 f"got values {np.unique(mask)[:5]}")
            mask = mask.astype(bool)
        empty = ~mask.any(axis=1)
        if empty.any():
            raise ValueError(f"{where}: mask row {int(np.argmax(empty))} has no real position: its weights "
                             f"would be 0/0. 길이가 0인 시퀀스는 빼고 넘기세요")
    # s_j = scale · q · k_j for every query and position: (N, Tq, T)
    scores = scale * (query @ keys.transpose(0, 2, 1))
    if mask is not None:
        scores = np.where(mask[:, None, :], scores, -np.inf)          # padded: e^{−∞} = 0
    # a = softmax(s) over the positions
    shifted = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    weights = e / e.sum(axis=-1, keepdims=True)
    # c = Σ_j a_j v_j
    context = weights @ values
    cache = {"query": query, "keys": keys, "values": values, "weights": weights, "scale": scale, "single": single}
    if single:
        return context[:, 0], weights[:, 0], cache
    return context, weights, cache


def attention_backward(dcontext: np.ndarray, cache: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of attention_forward.

    dcontext: gradient of the loss with respect to the context, of its shape.
    Returns dquery (query's shape), dkeys (N, T, d), dvalues (N, T, Dv). Masked positions get
    zero gradient in dkeys and dvalues.
    """
    where = "attention_backward"
    cache = cache_from(where, cache, "attention_forward", dcontext, "dcontext")
    query, keys, values, weights, scale = (cache[k] for k in ("query", "keys", "values", "weights", "scale"))
    N, Tq, _ = query.shape
    Dv = values.shape[2]
    if cache["single"]:
        dcontext = upstream_gradient(where, "dcontext", dcontext, ("N", "Dv"), (N, Dv))[:, None, :]
    else:
        dcontext = upstream_gradient(where, "dcontext", dcontext, ("N", "Tq", "Dv"), (N, Tq, Dv))
    # C = A V
    dweights = dcontext @ values.transpose(0, 2, 1)                     # (N, Tq, T)
    dvalues = weights.transpose(0, 2, 1) @ dcontext                     # (N, T, Dv)
    # A = softmax(S): dS = A ⊙ (dA − Σ_j A_j dA_j)
    dscores = weights * (dweights - np.sum(weights * dweights, axis=-1, keepdims=True))
    # S = scale · Q Kᵀ
    dquery = scale * (dscores @ keys)
    dkeys = scale * (dscores.transpose(0, 2, 1) @ query)
    if cache["single"]:
        dquery = dquery[:, 0]
    return dquery, dkeys, dvalues
