"""Layers as stateless forward/backward pairs, and a small MLP classifier.

Each layer is two functions, as in cs231n:

    out, cache = layer_forward(inputs...)      # cache: exactly what the backward pass needs
    d_inputs... = layer_backward(dout, cache)  # dout = ∂L/∂out, of out's shape

Row vectors throughout: a batch of N inputs is an (N, D) array and an affine layer is x W + b.
Every function keeps the floating dtype of its inputs (float32 in, float32 out).

Bad input (a policy shared by rnn, lstm and models):
- A shape that does not fit raises ValueError naming the expected and the received shape.
- NaN or inf: functions that mix many values into each output (affine, embedding weights,
  the losses, the recurrent layers) raise ValueError, because one NaN would silently spread to
  every output. The element-wise activations (relu, tanh, sigmoid) follow IEEE arithmetic
  instead: NaN in, NaN out at the same position, nothing else touched.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

__all__ = [
    "affine_forward", "affine_backward",
    "relu_forward", "relu_backward",
    "tanh_forward", "tanh_backward",
    "sigmoid", "sigmoid_forward", "sigmoid_backward",
    "softmax", "softmax_cross_entropy",
    "embedding_forward", "embedding_backward",
    "MLPClassifier",
]


# --------------------------------------------------------------------------------------------
# Input checks shared by layers, rnn, lstm and models
# --------------------------------------------------------------------------------------------

def _check_shape(where: str, name: str, array: np.ndarray, symbols: Sequence[str],
                 expected: Sequence[int | None]) -> None:
    """Raise ValueError unless array.shape matches `expected` (None: any size on that axis).

    The message names both shapes, e.g. "rnn_forward: expected Wh of shape (H=4, H=4), got (4, 5)".
    """
    shape = np.shape(array)
    if len(shape) == len(expected) and all(e is None or e == s for s, e in zip(shape, expected)):
        return
    parts = [s if e is None else f"{s}={e}" for s, e in zip(symbols, expected)]
    wanted = "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
    raise ValueError(f"{where}: expected {name} of shape {wanted}, got {tuple(shape)}")


def _check_finite(where: str, name: str, array: np.ndarray) -> None:
    """Raise ValueError if a floating array holds NaN or ±inf (naming the first bad index)."""
    finite = np.isfinite(array)
    if not finite.all():
        first = tuple(int(k) for k in np.argwhere(~finite)[0])
        raise ValueError(f"{where}: {name} contains NaN or inf (first at index {first}, value "
                         f"{array[first]}); nlplab refuses it rather than spread NaN to every output")


def _float_dtype(*arrays: np.ndarray) -> np.dtype:
    """The floating dtype a computation on these arrays produces (float32 stays float32)."""
    return np.result_type(*arrays, np.float32)


def _as_float(x) -> np.ndarray:
    """x as an array; integer or boolean input becomes float64, floating input keeps its dtype."""
    x = np.asarray(x)
    return x if x.dtype.kind == "f" else x.astype(np.float64)


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
    x, W, b = _as_float(x), _as_float(W), _as_float(b)
    dtype = _float_dtype(x, W, b)
    x, W, b = x.astype(dtype, copy=False), W.astype(dtype, copy=False), b.astype(dtype, copy=False)
    if W.ndim != 2:
        _check_shape("affine_forward", "W", W, ("D", "M"), (None, None))
    D, M = W.shape
    if x.ndim < 1 or x.shape[-1] != D:
        raise ValueError(f"affine_forward: expected x of shape (N, D={D}) or (N, T, D={D}), got {x.shape}")
    _check_shape("affine_forward", "b", b, ("M",), (M,))
    for name, array in (("x", x), ("W", W), ("b", b)):
        _check_finite("affine_forward", name, array)
    # out = x W + b  (a sequence's rows (N·T, D) go through one matmul)
    out = x.reshape(-1, D) @ W
    out += b
    return out.reshape(*x.shape[:-1], M), (x, W)


def affine_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of out = x W + b.

    dout: upstream gradient of out's shape, (N, M) or (N, T, M).
    Returns dx (x's shape), dW (D, M), db (M,).
    """
    x, W = cache
    D, M = W.shape
    dout = np.asarray(dout)
    _check_shape("affine_backward", "dout", dout, ("N",) * (x.ndim - 1) + ("M",), x.shape[:-1] + (M,))
    # ∂L/∂x = dout Wᵀ
    dx = (dout.reshape(-1, M) @ W.T).reshape(x.shape)
    # ∂L/∂W = xᵀ dout, summed over every row (all N, and all T for a sequence)
    dW = x.reshape(-1, D).T @ dout.reshape(-1, M)
    # ∂L/∂b = Σ_rows dout
    db = dout.reshape(-1, M).sum(axis=0)
    return dx, dW, db


# --------------------------------------------------------------------------------------------
# Element-wise activations (NaN in, NaN out)
# --------------------------------------------------------------------------------------------

def relu_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """relu(x) = max(0, x), element-wise. Returns (out, cache) with cache = x; any shape."""
    x = _as_float(x)
    return np.maximum(x, 0), x


def relu_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """∂relu/∂x = 1 where x > 0, else 0 (0 at x = 0 itself, as PyTorch). Returns dx."""
    x = cache
    return dout * (x > 0)


def tanh_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """tanh(x), element-wise. Returns (out, cache) with cache = out; any shape."""
    out = np.tanh(_as_float(x))
    return out, out


def tanh_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """∂tanh(x)/∂x = 1 − tanh²(x), written with the forward output. Returns dx."""
    out = cache
    return dout * (1 - out * out)


def sigmoid(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """σ(x) = 1 / (1 + e^{−x}), element-wise, without overflow for any x.

    Computed as σ(x) = ½ (1 + tanh(x/2)), the same function written with tanh: tanh saturates
    at ±1 where e^{−x} would overflow (x < −709 in float64, −88 in float32), so no warning is
    raised, and it takes one transcendental function instead of an exp, a division and a
    branch on the sign (about twice as fast, which matters inside an LSTM).
    Accuracy: within one rounding of 1 in absolute terms (≈ 1e-16 in float64); outputs below
    that (x < −37) come out as 0, where 1 / (1 + e^{−x}) would give e.g. 4e-18.

    x: any shape. out: optional array of x's shape to write into (it may be x itself).
    """
    x = _as_float(x)
    # σ(x) = ½ tanh(x/2) + ½
    out = np.multiply(x, 0.5, out=out)
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5
    return out


def sigmoid_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """σ(x) with its cache (the output). Returns (out, cache); any shape."""
    out = sigmoid(x)
    return out, out


def sigmoid_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """∂σ(x)/∂x = σ(x) (1 − σ(x)), written with the forward output. Returns dx."""
    out = cache
    return dout * out * (1 - out)


# --------------------------------------------------------------------------------------------
# Softmax and cross-entropy
# --------------------------------------------------------------------------------------------

def softmax(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    """softmax(s)_k = e^{s_k} / Σ_j e^{s_j} along `axis`, shifted by max(s) so e^{·} ≤ 1."""
    scores = _as_float(scores)
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
    scores = _as_float(scores)
    if scores.ndim not in (2, 3):
        raise ValueError(f"{where}: expected scores of shape (N, C) or (N, T, C), got {scores.shape}")
    C = scores.shape[-1]
    y = np.asarray(y)
    symbols = ("N",) if scores.ndim == 2 else ("N", "T")
    _check_shape(where, "y", y, symbols, scores.shape[:-1])
    if y.dtype.kind not in "iu":
        raise ValueError(f"{where}: y must hold integer class ids, got dtype {y.dtype}")
    if mask is None:
        mask = np.ones(y.shape, dtype=bool)
    else:
        mask = np.asarray(mask)
        _check_shape(where, "mask", mask, symbols, y.shape)
        if mask.dtype != bool:
            if not np.isin(mask, (0, 1)).all():
                raise ValueError(f"{where}: mask must be booleans or 0/1, got values {np.unique(mask)[:5]}")
            mask = mask.astype(bool)
    bad = mask & ((y < 0) | (y >= C))
    if bad.any():
        first = tuple(int(k) for k in np.argwhere(bad)[0])
        raise ValueError(f"{where}: y must lie in [0, C={C}), got y{list(first)} = {y[first]}")
    _check_finite(where, "scores", scores)

    count = int(mask.sum())
    if count == 0:
        return 0.0, np.zeros_like(scores)
    y_safe = np.where(mask, y, 0)[..., None]    # padded items may carry any label; read 0 there
    # shift by the max so that e^{s − max s} ≤ 1 never overflows (softmax is unchanged)
    shifted = scores - scores.max(axis=-1, keepdims=True)
    shifted_y = np.take_along_axis(shifted, y_safe, axis=-1)[..., 0]
    p = np.exp(shifted, out=shifted)
    sum_e = p.sum(axis=-1, keepdims=True)
    # log p_y = (s_y − max s) − log Σ_j e^{s_j − max s}
    log_p_y = shifted_y - np.log(sum_e[..., 0])
    # L = −(1/M) Σ_unmasked log p_y
    loss = -float(log_p_y[mask].sum()) / count
    # ∂L/∂s = (p − onehot(y)) / M on unmasked items, 0 on padded ones
    p /= sum_e
    dscores = p
    rows = dscores.reshape(-1, C)                       # a view: one row per item
    rows[np.arange(rows.shape[0]), y_safe.ravel()] -= 1
    dscores *= (mask / count).astype(scores.dtype)[..., None]
    return loss, dscores


# --------------------------------------------------------------------------------------------
# Embedding
# --------------------------------------------------------------------------------------------

def _check_ids(where: str, ids: np.ndarray, V: int) -> np.ndarray:
    ids = np.asarray(ids)
    if ids.dtype.kind not in "iu":
        raise ValueError(f"{where}: ids must be integers, got dtype {ids.dtype}")
    if ids.size and (ids.min() < 0 or ids.max() >= V):
        bad = ids.min() if ids.min() < 0 else ids.max()
        raise ValueError(f"{where}: ids must lie in [0, V={V}), got {bad}")
    return ids


def embedding_forward(ids: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, tuple]:
    """Look up one row of W per id: out[n, t] = W[ids[n, t]].

    ids: integer token ids in [0, V), of shape (N,) or (N, T) (any shape).
    W: the embedding matrix, of shape (V, E).
    Returns out of shape ids.shape + (E,) in W's dtype, and cache = (ids, W.shape, W.dtype).
    """
    W = _as_float(W)
    if W.ndim != 2:
        _check_shape("embedding_forward", "W", W, ("V", "E"), (None, None))
    ids = _check_ids("embedding_forward", ids, W.shape[0])
    _check_finite("embedding_forward", "W", W)
    return W[ids], (ids, W.shape, W.dtype)


def embedding_backward(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """Backward pass of the lookup: each id's row of dW collects the gradients of its uses.

    dout: upstream gradient of shape ids.shape + (E,).
    Returns dW of shape (V, E). A repeated id adds up its gradients, which is why np.add.at
    is used: dW[ids] += dout would keep only one of them.
    """
    ids, shape, dtype = cache
    dout = np.asarray(dout)
    _check_shape("embedding_backward", "dout", dout, ("N",) * ids.ndim + ("E",), ids.shape + (shape[1],))
    dW = np.zeros(shape, dtype=dtype)
    np.add.at(dW, ids, dout)
    return dW


# --------------------------------------------------------------------------------------------
# A small multilayer perceptron
# --------------------------------------------------------------------------------------------

class MLPClassifier:
    """affine → relu → … → affine → softmax cross-entropy, trained with mini-batches.

    Made for the course's document vectors (bag-of-words, TF-IDF, averaged embeddings):

        clf = MLPClassifier(hidden_sizes=(32,), seed=0)
        clf.fit(X_train, y_train, epochs=20, batch_size=32, lr=1e-2, callback=plot)
        clf.predict(X_test), clf.predict_proba(X_test)

    hidden_sizes: the widths of the hidden layers, e.g. (64,) or (128, 64); () is softmax
        regression.
    seed: an int or a numpy.random.Generator; every random draw (weights, shuffling) comes
        from `self.rng = np.random.default_rng(seed)`, so the same seed gives the same model.
    dtype: np.float64 (default) or np.float32 (twice as fast in the browser).

    After fit: params (dict "W1", "b1", …, of shapes (D, H1), (H1,), …, (H_last, K), (K,)),
    classes_ (the sorted labels), history_ (the loss of every update).
    """

    def __init__(self, hidden_sizes: Sequence[int] = (64,), seed: int | np.random.Generator = 0,
                 dtype=np.float64):
        self.hidden_sizes = tuple(int(h) for h in hidden_sizes)
        self.rng = np.random.default_rng(seed)
        self.dtype = np.dtype(dtype)
        self.params: dict[str, np.ndarray] = {}
        self.history_: list[float] = []

    def _init_params(self, D: int, K: int) -> None:
        sizes = (D, *self.hidden_sizes, K)
        self.params = {}
        for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            # He initialisation for layers followed by relu, 1/fan_in for the output scores
            scale = np.sqrt((2.0 if layer < len(sizes) - 1 else 1.0) / fan_in)
            self.params[f"W{layer}"] = (self.rng.standard_normal((fan_in, fan_out)) * scale).astype(self.dtype)
            self.params[f"b{layer}"] = np.zeros(fan_out, dtype=self.dtype)

    @property
    def _num_layers(self) -> int:
        return len(self.params) // 2

    def _check_X(self, X: np.ndarray) -> np.ndarray:
        if hasattr(X, "toarray"):          # a scipy.sparse matrix (TfidfVectorizer(sparse=True)): densify
            X = X.toarray()
        X = np.asarray(X)
        if X.dtype.kind not in "iuf" and X.dtype != bool:
            raise ValueError(f"MLPClassifier: X must be numeric, got dtype {X.dtype}")
        D = self.params["W1"].shape[0] if self.params else None
        _check_shape("MLPClassifier", "X", X, ("N", "D"), (None, D))
        X = X.astype(self.dtype, copy=False)
        _check_finite("MLPClassifier", "X", X)
        return X

    def scores(self, X: np.ndarray) -> tuple[np.ndarray, list]:
        """Forward pass: X (N, D) → class scores (N, K), and the caches for loss_and_grads."""
        caches = []
        out = X
        for layer in range(1, self._num_layers + 1):
            out, cache = affine_forward(out, self.params[f"W{layer}"], self.params[f"b{layer}"])
            caches.append(cache)
            if layer < self._num_layers:
                out, cache = relu_forward(out)
                caches.append(cache)
        return out, caches

    def loss_and_grads(self, X: np.ndarray, y_index: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        """Mean softmax cross-entropy of a batch and its gradient for every parameter.

        X: (N, D) inputs; y_index: (N,) class indices in [0, K) (positions in classes_).
        Returns (loss, grads) with grads[name] of params[name]'s shape.
        """
        scores, caches = self.scores(X)
        loss, dout = softmax_cross_entropy(scores, y_index)
        grads = {}
        for layer in range(self._num_layers, 0, -1):
            if layer < self._num_layers:
                dout = relu_backward(dout, caches.pop())
            dout, grads[f"W{layer}"], grads[f"b{layer}"] = affine_backward(dout, caches.pop())
        return loss, grads

    def fit(self, X: np.ndarray, y: Sequence, epochs: int = 20, batch_size: int = 32, lr: float = 1e-2,
            optimizer: str = "adam", max_grad_norm: float | None = 5.0,
            callback: Callable[[int, float], object] | None = None) -> "MLPClassifier":
        """Train from a fresh initialisation with mini-batches (reshuffled every epoch).

        X: (N, D) features, dense or scipy.sparse (densified: teaching scale).
        y: N labels of any sortable type (ints, strings).
        optimizer: "adam" or "sgd" (nlplab.optim, with learning rate lr).
        max_grad_norm: global gradient-norm clipping (None: off).
        callback(step, loss): called after every update with the batch loss, e.g. to plot it.
        Returns self.
        """
        from .optim import SGD, Adam, clip_grad_norm

        X = X.toarray() if hasattr(X, "toarray") else np.asarray(X)
        if X.ndim != 2:
            _check_shape("MLPClassifier.fit", "X", X, ("N", "D"), (None, None))
        y = np.asarray(y)
        _check_shape("MLPClassifier.fit", "y", y, ("N",), (X.shape[0],))
        if len(y) == 0:
            raise ValueError("MLPClassifier.fit: no training examples (X has 0 rows)")
        self.classes_, y_index = np.unique(y, return_inverse=True)
        self._init_params(X.shape[1], len(self.classes_))
        X = self._check_X(X)
        if optimizer == "adam":
            opt = Adam(lr=lr)
        elif optimizer == "sgd":
            opt = SGD(lr=lr, momentum=0.9)
        else:
            raise ValueError(f'MLPClassifier.fit: optimizer must be "adam" or "sgd", got {optimizer!r}')
        self.history_ = []
        N = X.shape[0]
        for _ in range(epochs):
            order = self.rng.permutation(N)
            for start in range(0, N, batch_size):
                batch = order[start:start + batch_size]
                loss, grads = self.loss_and_grads(X[batch], y_index[batch])
                if max_grad_norm is not None:
                    clip_grad_norm(grads, max_norm=max_grad_norm)
                opt.update(self.params, grads)
                self.history_.append(loss)
                if callback is not None:
                    callback(len(self.history_), loss)
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities, (N, K), columns in the order of classes_."""
        if not self.params:
            raise ValueError("MLPClassifier: call fit before predict")
        scores, _ = self.scores(self._check_X(X))
        return softmax(scores)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The most probable label of each row, (N,), taken from classes_."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]
