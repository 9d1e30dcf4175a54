"""Layers as stateless forward/backward pairs.

Each layer is two functions, as in cs231n:

    out, cache = layer_forward(inputs...)      # cache: exactly what the backward pass needs
    d_inputs... = layer_backward(dout, cache)  # dout = ∂L/∂out, of out's shape

Row vectors throughout: a batch of N inputs is an (N, D) array and an affine layer is x W + b.
Every function keeps the floating dtype of its inputs (float32 in, float32 out).

Bad input (a policy shared by rnn, lstm and models; the checks live in nlplab._checks):
- A shape that does not fit raises ValueError naming the expected and the received shape.
- None, text, a cache where an array belongs, ragged lists: TypeError (ValueError for ragged).
- NaN or inf: functions that mix many values into each output (affine, softmax, embedding
  weights, the losses, the recurrent layers, and their backward passes' upstream gradients)
  raise ValueError, because one NaN would silently spread to every output. The element-wise
  activations (relu, tanh, sigmoid) and their backward passes follow IEEE arithmetic instead:
  NaN in, NaN out at the same position, nothing else touched.
- A backward pass checks that its cache comes from its own forward pass (and says whose it is
  otherwise, or that (dout, cache) were swapped).
- What shapes cannot show runs without complaint: a square W passed transposed (D = M), and
  relu_backward(x, dout) for relu_backward(dout, x) (two arrays of one shape).
"""

from __future__ import annotations

import numpy as np

from ._checks import (
    as_float_array,
    cache_from,
    check_finite,
    check_ids,
    check_shape,
    numeric_array,
    promoted_float_dtype,
    upstream_gradient,
)
from ._memory_order import left_operand, right_operand
from .encoding import one_hot

__all__ = [
    "affine_forward", "affine_backward",
    "relu_forward", "relu_backward",
    "tanh_forward", "tanh_backward",
    "sigmoid", "sigmoid_forward", "sigmoid_backward",
    "softmax", "softmax_cross_entropy",
    "embedding_forward", "embedding_backward",
]


# --------------------------------------------------------------------------------------------
# Affine
# --------------------------------------------------------------------------------------------

def affine_forward(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """out = x W + b.

    x: inputs of shape (N, D), or (N, T, D) for a sequence (any leading axes).
    W: weights of shape (D, M).
    b: biases of shape (M,).
    Returns out of shape (N, M) (or (N, T, M)) and cache = (x, W).
    """
    where = "affine_forward"
    x, W, b = as_float_array(where, "x", x), as_float_array(where, "W", W), as_float_array(where, "b", b)
    dtype = promoted_float_dtype(x, W, b)
    x, W, b = x.astype(dtype, copy=False), W.astype(dtype, copy=False), b.astype(dtype, copy=False)
    if W.ndim != 2:
        check_shape(where, "W", W, ("D", "M"), (None, None))
    D, M = W.shape
    if x.ndim < 1 or x.shape[-1] != D:
        hint = ""
        if x.ndim >= 1 and x.shape[-1] == M:
            hint = f" (W가 (M, D) = {W.shape}로 전치된 것 같습니다: W.T를 넘기세요)"
        raise ValueError(f"{where}: expected x of shape (N, D={D}) or (N, T, D={D}), got {x.shape}{hint}")
    check_shape(where, "b", b, ("M",), (M,))
    for name, array in (("x", x), ("W", W), ("b", b)):
        check_finite(where, name, array)
    # out = x W + b  (a sequence's rows (N·T, D) go through one matmul; right_operand: memory order only)
    out = x.reshape(-1, D) @ right_operand(W)
    out += b
    return out.reshape(*x.shape[:-1], M), (x, W)


def affine_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of out = x W + b.

    dout: upstream gradient of out's shape, (N, M) or (N, T, M).
    Returns dx (x's shape), dW (D, M), db (M,).
    """
    x, W = cache_from("affine_backward", cache, "affine_forward", upstream=dout)
    D, M = W.shape
    dout = upstream_gradient("affine_backward", "dout", dout, ("N",) * (x.ndim - 1) + ("M",), x.shape[:-1] + (M,))
    # ∂L/∂x = dout Wᵀ
    dx = (dout.reshape(-1, M) @ right_operand(W.T)).reshape(x.shape)
    # ∂L/∂W = xᵀ dout, summed over every row (all N, and all T for a sequence)
    dW = left_operand(x.reshape(-1, D).T) @ right_operand(dout.reshape(-1, M))
    # ∂L/∂b = Σ_rows dout
    db = dout.reshape(-1, M).sum(axis=0)
    return dx, dW, db


# --------------------------------------------------------------------------------------------
# Element-wise activations (NaN in, NaN out)
# --------------------------------------------------------------------------------------------

def relu_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """relu(x) = max(0, x), element-wise. Returns (out, cache) with cache = x; any shape."""
    x = as_float_array("relu_forward", "x", x)
    return np.maximum(x, 0), x


def relu_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """∂relu/∂x = 1 where x > 0, else 0 (0 at x = 0 itself, as PyTorch). Returns dx."""
    x = cache_from("relu_backward", cache, "relu_forward", upstream=dout)
    dout = _elementwise_upstream("relu_backward", dout, x)
    return dout * (x > 0)


def tanh_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """tanh(x), element-wise. Returns (out, cache) with cache = out; any shape."""
    out = np.tanh(as_float_array("tanh_forward", "x", x))
    return out, out


def tanh_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """∂tanh(x)/∂x = 1 − tanh²(x), written with the forward output. Returns dx.

    cache must be tanh_forward's output (values in [−1, 1]); the input x in its place is refused
    when it leaves that range (inside it the mistake cannot be seen).
    """
    out = _activation_cache("tanh_backward", cache, "tanh_forward", dout, -1.0, 1.0)
    dout = _elementwise_upstream("tanh_backward", dout, out)
    return dout * (1 - out * out)


def sigmoid(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """σ(x) = 1 / (1 + e^{−x}), element-wise, without overflow for any x.

    Computed as σ(x) = ½ (1 + tanh(x/2)), the same function written with tanh: tanh saturates
    at ±1 where e^{−x} would overflow (x < −709 in float64, −88 in float32), so no warning is
    raised.
    Accuracy: within one rounding of 1 in absolute terms (≈ 1e-16 in float64); outputs below
    that (x < −37) come out as 0, where 1 / (1 + e^{−x}) would give e.g. 4e-18.

    x: any shape. out: optional array of x's shape to write the result into (it may be x itself).
    """
    x = as_float_array("sigmoid", "x", x)
    if out is not None and not (isinstance(out, np.ndarray) and out.shape == x.shape and out.dtype.kind == "f"):
        raise TypeError(f"sigmoid: out에는 x와 같은 모양 {x.shape}의 실수 배열이 와야 합니다, 받은 값: "
                        f"{type(out).__name__} {getattr(out, 'shape', '')}")
    # σ(x) = ½ (1 + tanh(x/2))
    return np.multiply(0.5, 1 + np.tanh(0.5 * x), out=out)


def sigmoid_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """σ(x) with its cache (the output). Returns (out, cache); any shape."""
    out = sigmoid(as_float_array("sigmoid_forward", "x", x))
    return out, out


def sigmoid_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """∂σ(x)/∂x = σ(x) (1 − σ(x)), written with the forward output. Returns dx.

    cache must be sigmoid_forward's output (values in [0, 1]); the input x in its place is refused
    when it leaves that range (inside it the mistake cannot be seen).
    """
    out = _activation_cache("sigmoid_backward", cache, "sigmoid_forward", dout, 0.0, 1.0)
    dout = _elementwise_upstream("sigmoid_backward", dout, out)
    return dout * out * (1 - out)


def _elementwise_upstream(where: str, dout, cache: np.ndarray) -> np.ndarray:
    """An element-wise backward's dout: numeric and of the cache's shape (no broadcasting)."""
    return upstream_gradient(where, "dout", dout, tuple(f"d{k}" for k in range(cache.ndim)), cache.shape,
                             finite=False)


def _activation_cache(where: str, cache, producer: str, dout, low: float, high: float) -> np.ndarray:
    """The output an activation's forward pass cached, which must lie in [low, high]."""
    out = numeric_array(where, "cache", cache_from(where, cache, producer, upstream=dout))
    if ((out < low) | (out > high)).any():
        raise ValueError(f"{where}: cache에는 {producer}의 출력(값이 [{low:g}, {high:g}] 안)이 와야 하는데 "
                         f"범위 밖의 값 {out[(out < low) | (out > high)][0]}이 있습니다: 입력 x가 아니라 "
                         f"{producer}가 돌려준 cache를 넘기세요")
    return out


# --------------------------------------------------------------------------------------------
# Softmax and cross-entropy
# --------------------------------------------------------------------------------------------

def softmax(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    """softmax(s)_k = e^{s_k} / Σ_j e^{s_j} along `axis`, shifted by max(s) so e^{·} ≤ 1.

    scores: any shape with at least one axis; NaN or ±inf is refused (ValueError): one of them
    would turn its whole row into NaN.
    """
    where = "softmax"
    scores = as_float_array(where, "scores", scores)
    if scores.ndim == 0:
        raise ValueError(f"{where}: scores에는 축이 하나 이상인 배열이 와야 합니다, 받은 값: 숫자 하나 ({scores})")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)) or not -scores.ndim <= axis < scores.ndim:
        raise ValueError(f"{where}: axis must be an int in [-{scores.ndim}, {scores.ndim}) for scores of shape "
                         f"{scores.shape}, got {axis!r}")
    check_finite(where, "scores", scores)
    shifted = scores - scores.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def softmax_cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray | None = None
                          ) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of softmax(scores) against integer labels, and its gradient.

    scores: unnormalised log-probabilities, (N, C) or (N, T, C) for a sequence.
    y: correct classes in [0, C), of shape (N,) or (N, T) (scores' shape without C).
    mask: optional booleans (or 0/1) of y's shape; False marks a padded item, which adds
        nothing to the loss or the gradient, and whose label is not checked (e.g. -1 is fine).

    Returns (loss, dscores):
        loss = −(1/M) Σ_{unmasked n,t} log softmax(scores[n, t])[y[n, t]]
        where M is the number of unmasked items (N, or N·T without a mask): the loss is the
        average over real items only, so padding never dilutes it. With no unmasked item at
        all, loss = 0.0 and dscores = 0.
        dscores = (softmax(scores) − onehot(y)) ⊙ mask / M, of scores' shape and dtype.
    """
    where = "softmax_cross_entropy"
    scores = as_float_array(where, "scores", scores)
    if scores.ndim not in (2, 3):
        raise ValueError(f"{where}: expected scores of shape (N, C) or (N, T, C), got {scores.shape}")
    C = scores.shape[-1]
    y = numeric_array(where, "y", y)
    symbols = ("N",) if scores.ndim == 2 else ("N", "T")
    check_shape(where, "y", y, symbols, scores.shape[:-1])
    if y.dtype.kind not in "iu":
        raise ValueError(f"{where}: y must hold integer class ids, got dtype {y.dtype}")
    if mask is None:
        mask = np.ones(y.shape, dtype=bool)
    else:
        mask = numeric_array(where, "mask", mask)
        check_shape(where, "mask", mask, symbols, y.shape)
        if mask.dtype != bool:
            if not np.isin(mask, (0, 1)).all():
                raise ValueError(f"{where}: mask must be booleans or 0/1, got values {np.unique(mask)[:5]}")
            mask = mask.astype(bool)
    bad = mask & ((y < 0) | (y >= C))
    if bad.any():
        first = tuple(int(k) for k in np.argwhere(bad)[0])
        raise ValueError(f"{where}: y must lie in [0, C={C}), got y{list(first)} = {y[first]}")
    check_finite(where, "scores", scores)

    count = int(mask.sum())
    if count == 0:
        return 0.0, np.zeros_like(scores)
    y_safe = np.where(mask, y, 0)               # padded items may carry any label; read 0 there
    # softmax, shifted by the max so that e^{s − max s} ≤ 1 never overflows (p is unchanged)
    shifted = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    sum_e = e.sum(axis=-1, keepdims=True)
    p = e / sum_e
    # log p_y = (s_y − max s) − log Σ_j e^{s_j − max s}
    shifted_y = np.take_along_axis(shifted, y_safe[..., None], axis=-1)[..., 0]
    log_p_y = shifted_y - np.log(sum_e[..., 0])
    # L = −(1/M) Σ_unmasked log p_y
    loss = -float(log_p_y[mask].sum()) / count
    # ∂L/∂s = (p − onehot(y)) / M on unmasked items, 0 on padded ones
    dscores = (p - one_hot(y_safe, C, dtype=scores.dtype)) * (mask / count).astype(scores.dtype)[..., None]
    return loss, dscores


# --------------------------------------------------------------------------------------------
# Embedding
# --------------------------------------------------------------------------------------------

def embedding_forward(ids: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, tuple]:
    """Look up one row of W per id: out[n, t] = W[ids[n, t]].

    ids: integer token ids in [0, V), of shape (N,) or (N, T) (any shape).
    W: the embedding matrix, of shape (V, E).
    Returns out of shape ids.shape + (E,) in W's dtype, and cache = (ids, W.shape, W.dtype).
    """
    where = "embedding_forward"
    ids, W = numeric_array(where, "ids", ids), numeric_array(where, "W", W)
    if ids.dtype.kind == "f" and W.dtype.kind in "iu":
        raise TypeError(f"{where}: 인자의 순서가 바뀐 것 같습니다 (arguments swapped?): ids는 정수, W는 실수 배열이어야 "
                        f"합니다: embedding_forward(ids, W)")
    W = as_float_array(where, "W", W)
    if W.ndim != 2:
        check_shape(where, "W", W, ("V", "E"), (None, None))
    ids = check_ids(where, "ids", ids, W.shape[0])
    check_finite(where, "W", W)
    return W[ids], (ids, W.shape, W.dtype)


def embedding_backward(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """Backward pass of the lookup: each id's row of dW collects the gradients of its uses.

    dout: upstream gradient of shape ids.shape + (E,).
    Returns dW of shape (V, E). A repeated id adds up its gradients, which is why np.add.at
    is used: dW[ids] += dout would keep only one of them.
    """
    ids, shape, dtype = cache_from("embedding_backward", cache, "embedding_forward", upstream=dout)
    dout = upstream_gradient("embedding_backward", "dout", dout, ("N",) * ids.ndim + ("E",), ids.shape + (shape[1],))
    dW = np.zeros(shape, dtype=dtype)
    np.add.at(dW, ids, dout)
    return dW
