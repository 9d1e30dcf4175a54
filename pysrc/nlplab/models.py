"""The course's models, built from nlplab's layers: a multilayer perceptron for document
vectors, a character-level language model and a sequence classifier.

`MLPClassifier` reads fixed-length vectors (bag-of-words, TF-IDF, averaged embeddings):
affine → relu → … → affine → softmax cross-entropy.

The two recurrent models read token ids through an embedding, run an RNN, an LSTM or a GRU over them
(nlplab.rnn, nlplab.lstm, nlplab.gru), and put an affine layer and softmax cross-entropy on top
(nlplab.layers). Training uses nlplab.optim (Adam, with the gradients' global norm clipped),
reports the loss of every update through `callback(step, loss)` (for a live plot in the page)
and records it in `history_`. Every random draw (initial weights, shuffling, sampling) comes from
`self.rng = np.random.default_rng(seed)`: the same seed gives the same model.

Sized for the browser, where a matmul runs at about 1 GFLOP/s (float64) or 2 GFLOP/s
(float32): pass dtype=np.float32 to halve the time.

Parameters (`model.params`, a dict of arrays, updated in place by training):
    W_embed (V, E)   embedding of each token id
    Wx (E, G·H), Wh (H, G·H), b (G·H,)   the recurrent layer (G = 1 for "rnn", 4 for "lstm");
                                         for "gru" (G = 3) two biases bx, bh (3H,) instead of b
    W_out (H, K), b_out (K,)   the output layer (K = V for CharLM, the number of classes for
                               SequenceClassifier)
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from ._checks import (
    callable_or_none,
    check_allocation,
    check_finite,
    check_ids,
    check_shape,
    describe,
    float_dtype,
    is_scipy_sparse,
    labels_1d,
    numeric_array,
    positive_int,
    positive_number,
    random_generator,
)
from .encoding import pad_sequences
from .layers import (
    affine_backward,
    affine_forward,
    embedding_backward,
    embedding_forward,
    relu_backward,
    relu_forward,
    softmax,
    softmax_cross_entropy,
)
from .gru import gru_backward, gru_forward, gru_step_forward
from .lstm import lstm_backward, lstm_forward, lstm_step_forward
from .optim import SGD, Adam, clip_grad_norm
from .rnn import rnn_backward, rnn_forward, rnn_step_forward

__all__ = ["MLPClassifier", "CharLM", "SequenceClassifier"]

Callback = Callable[[int, float], object]


# --------------------------------------------------------------------------------------------
# A multilayer perceptron
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

    def __init__(self, hidden_sizes: Sequence[int] = (64,), *, seed: int | np.random.Generator = 0,
                 dtype=np.float64):
        where = "MLPClassifier"
        if isinstance(hidden_sizes, (int, np.integer)) and not isinstance(hidden_sizes, bool):
            hidden_sizes = (hidden_sizes,)              # MLPClassifier(32): one hidden layer of 32
        if isinstance(hidden_sizes, str) or not hasattr(hidden_sizes, "__iter__"):
            raise TypeError(f"{where}: hidden_sizes에는 은닉층 너비의 튜플(예: (64,) 또는 (128, 64))이 와야 합니다, "
                            f"받은 값: {describe(hidden_sizes)}")
        self.hidden_sizes = tuple(positive_int(where, f"hidden_sizes[{k}]", h) for k, h in enumerate(hidden_sizes))
        self.rng = random_generator(where, seed)
        self.dtype = float_dtype(where, dtype)
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

    def _check_X(self, where: str, X) -> np.ndarray:
        if is_scipy_sparse(X):             # TfidfVectorizer(sparse=True): densify (teaching scale)
            check_allocation(where, X.shape, self.dtype, "단어 수를 줄이세요 (CountVectorizer(max_features=...)).")
            X = X.toarray()
        X = numeric_array(where, "X", X)
        D = self.params["W1"].shape[0] if self.params else None
        check_shape(where, "X", X, ("N", "D"), (None, D))
        X = X.astype(self.dtype, copy=False)
        check_finite(where, "X", X)
        return X

    def scores(self, X: np.ndarray) -> tuple[np.ndarray, list]:
        """Forward pass: X (N, D) → class scores (N, K), and the caches for loss_and_grads."""
        if not self.params:
            raise ValueError("MLPClassifier.scores: this MLPClassifier has no weights yet: call fit first")
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
        if not self.params:
            raise ValueError("MLPClassifier.loss_and_grads: this MLPClassifier has no weights yet: call fit first")
        scores, caches = self.scores(X)
        loss, dout = softmax_cross_entropy(scores, y_index)
        grads = {}
        for layer in range(self._num_layers, 0, -1):
            if layer < self._num_layers:
                dout = relu_backward(dout, caches.pop())
            dout, grads[f"W{layer}"], grads[f"b{layer}"] = affine_backward(dout, caches.pop())
        return loss, grads

    def fit(self, X: np.ndarray, y: Sequence, *, epochs: int = 20, batch_size: int = 32, lr: float = 1e-2,
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
        where = "MLPClassifier.fit"
        self.params = {}
        X = self._check_X(where, X)
        y = labels_1d(where, "y", y, X.shape[0])
        if len(y) == 0:
            raise ValueError(f"{where}: no training examples (X has 0 rows)")
        epochs = positive_int(where, "epochs", epochs)
        batch_size = positive_int(where, "batch_size", batch_size)
        lr = positive_number(where, "lr", lr)
        if max_grad_norm is not None:
            positive_number(where, "max_grad_norm", max_grad_norm)
        callable_or_none(where, "callback", callback)
        self.classes_, y_index = np.unique(y, return_inverse=True)
        self._init_params(X.shape[1], len(self.classes_))
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
        return self._proba("MLPClassifier.predict_proba", X)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The most probable label of each row, (N,), taken from classes_."""
        proba = self._proba("MLPClassifier.predict", X)
        return self.classes_[np.argmax(proba, axis=1)]

    def _proba(self, where: str, X) -> np.ndarray:
        if not self.params:
            raise ValueError(f"{where}: this MLPClassifier is not fitted yet: call fit before predict")
        scores, _ = self.scores(self._check_X(where, X))
        return softmax(scores)


# --------------------------------------------------------------------------------------------
# Recurrent models
# --------------------------------------------------------------------------------------------

class _RecurrentModel:
    """Embedding → RNN/LSTM/GRU, shared by both models: parameters, forward and backward."""

    def __init__(self, vocab_size: int, out_dim: int, *, embed_dim: int, hidden_dim: int, cell: str,
                 seed: int | np.random.Generator, dtype):
        name = type(self).__name__
        if cell not in ("rnn", "lstm", "gru"):
            raise ValueError(f'{name}: cell must be "rnn", "lstm" or "gru", got {cell!r}')
        self.vocab_size = positive_int(name, "vocab_size", vocab_size)
        self.embed_dim = positive_int(name, "embed_dim", embed_dim)
        self.hidden_dim = positive_int(name, "hidden_dim", hidden_dim)
        self.cell = cell
        self.dtype = float_dtype(name, dtype)
        self.rng = random_generator(name, seed)
        V, E, H = self.vocab_size, self.embed_dim, self.hidden_dim
        G = {"rnn": 1, "gru": 3, "lstm": 4}[cell]
        normal = self.rng.standard_normal
        b = np.zeros(G * H)
        if cell == "lstm":
            b[H:2 * H] = 1.0        # forget-gate bias 1: start by remembering (a common choice)
        params = {
            "W_embed": normal((V, E)),                       # N(0, 1), as torch.nn.Embedding
            "Wx": normal((E, G * H)) / np.sqrt(E),           # pre-activations of unit variance
            "Wh": normal((H, G * H)) / np.sqrt(H),
            **({"bx": b, "bh": np.zeros(G * H)} if cell == "gru" else {"b": b}),   # the GRU keeps two biases
            "W_out": normal((H, out_dim)) / np.sqrt(H) * 0.1,  # small scores: loss starts near ln K
            "b_out": np.zeros(out_dim),
        }
        self.params = {k: v.astype(self.dtype) for k, v in params.items()}
        self.history_: list[float] = []
        self.optimizer: Adam | None = None

    # -- shared pieces ------------------------------------------------------------------------

    def _check_ids(self, where: str, ids, what: str) -> np.ndarray:
        return check_ids(where, what, ids, self.vocab_size, "vocab_size")

    def initial_state(self, N: int) -> tuple[np.ndarray, np.ndarray | None]:
        """Zero hidden state (and zero cell state for an LSTM) for N sequences: (h0, c0)."""
        N = positive_int(f"{type(self).__name__}.initial_state", "N", N, minimum=0)
        h0 = np.zeros((N, self.hidden_dim), dtype=self.dtype)
        return h0, (np.zeros_like(h0) if self.cell == "lstm" else None)

    def _check_state(self, where: str, state, N: int) -> tuple:
        """A state (h, c) carried from a previous chunk, for N sequences; None means zeros."""
        if state is None:
            return self.initial_state(N)
        if not (isinstance(state, tuple) and len(state) == 2):
            raise TypeError(f"{where}: state에는 이전 조각이 돌려준 (h, c) 튜플(또는 None)이 와야 합니다, "
                            f"받은 값: {describe(state)}")
        h, c = state
        h = numeric_array(where, "state[0] (h)", h)
        check_shape(where, "state[0] (h)", h, ("N", "H"), (N, self.hidden_dim))
        if self.cell == "lstm":
            c = numeric_array(where, "state[1] (c)", c)
            check_shape(where, "state[1] (c)", c, ("N", "H"), (N, self.hidden_dim))
        elif c is not None:
            raise TypeError(f'{where}: cell="{self.cell}"의 state는 (h, None)입니다, state[1]로 {describe(c)}를 받았습니다')
        return h, c

    def _embed_and_recur(self, ids: np.ndarray, state) -> tuple[np.ndarray, tuple, tuple]:
        """ids (N, T) → hidden states h (N, T, H), the caches, and the state after the last step."""
        p = self.params
        h0, c0 = state
        x, embed_cache = embedding_forward(ids, p["W_embed"])                  # (N, T, E)
        if self.cell == "lstm":
            h, rec_cache = lstm_forward(x, h0, p["Wx"], p["Wh"], p["b"], c0=c0)
            last = (rec_cache["h"][-1].copy(), rec_cache["c"][-1].copy())
        elif self.cell == "gru":
            h, rec_cache = gru_forward(x, h0, p["Wx"], p["Wh"], p["bx"], p["bh"])
            last = (rec_cache["h"][-1].copy(), None)
        else:
            h, rec_cache = rnn_forward(x, h0, p["Wx"], p["Wh"], p["b"])
            last = (rec_cache["h"][-1].copy(), None)
        return h, (embed_cache, rec_cache), last

    def _embed_and_recur_backward(self, dh: np.ndarray, caches: tuple, grads: dict) -> None:
        """dh (N, T, H) → gradients of W_embed, Wx, Wh, b, written into grads."""
        embed_cache, rec_cache = caches
        if self.cell == "gru":
            dx, _, grads["Wx"], grads["Wh"], grads["bx"], grads["bh"] = gru_backward(dh, rec_cache)
        else:
            backward = lstm_backward if self.cell == "lstm" else rnn_backward
            dx, _, grads["Wx"], grads["Wh"], grads["b"] = backward(dh, rec_cache)
        grads["W_embed"] = embedding_backward(dx, embed_cache)

    def _update(self, grads: dict, lr: float, max_grad_norm: float | None) -> None:
        if self.optimizer is None:
            self.optimizer = Adam(lr=lr)
        self.optimizer.lr = lr
        if max_grad_norm is not None:
            clip_grad_norm(grads, max_norm=max_grad_norm)
        self.optimizer.update(self.params, grads)

    def _training_options(self, where: str, lr, max_grad_norm, callback, **sizes) -> dict:
        """fit's and train_step's options, checked: each size an int >= 1, lr > 0, a callable callback."""
        positive_number(where, "lr", lr)
        if max_grad_norm is not None:
            positive_number(where, "max_grad_norm", max_grad_norm)
        callable_or_none(where, "callback", callback)
        return {name: positive_int(where, name, value) for name, value in sizes.items()}

    def _record(self, loss: float, callback: Callback | None) -> None:
        if not np.isfinite(loss):
            raise ValueError(f"{type(self).__name__}: the loss became {loss} at step {len(self.history_) + 1}; "
                             f"lower lr or clip the gradients harder")
        self.history_.append(loss)
        if callback is not None:
            callback(len(self.history_), loss)


# --------------------------------------------------------------------------------------------
# Character-level language model
# --------------------------------------------------------------------------------------------

class CharLM(_RecurrentModel):
    """Predict the next character: embedding → RNN/LSTM/GRU → affine → softmax cross-entropy.

        lm = CharLM(len(vocab), embed_dim=32, hidden_dim=64, cell="lstm", seed=0)
        lm.fit(ids, steps=300, batch_size=16, seq_len=32, lr=1e-2, callback=plot)
        lm.sample(vocab.encode(list("대한민국")), length=50, temperature=0.8)
        lm.perplexity(test_ids)

    vocab_size: V, the number of distinct characters (ids in [0, V)).
    embed_dim: E. hidden_dim: H. cell: "lstm", "gru" or "rnn" (these and the rest keyword-only, in the
    order of SequenceClassifier's).
    seed: int or numpy.random.Generator; dtype: np.float64 or np.float32.

    Training is truncated backpropagation through time (as in Deep Learning from Scratch 2): the
    corpus is cut into batch_size parallel streams, each read seq_len characters per update;
    the hidden (and cell) state is carried from one chunk to the next, but gradients stop at
    the chunk's start. An untrained model predicts every character with probability ≈ 1/V, so
    its loss starts near ln V.
    """

    def __init__(self, vocab_size: int, *, embed_dim: int = 32, hidden_dim: int = 128, cell: str = "lstm",
                 seed: int | np.random.Generator = 0, dtype=np.float64):
        super().__init__(vocab_size, vocab_size, embed_dim=embed_dim, hidden_dim=hidden_dim, cell=cell,
                         seed=seed, dtype=dtype)
        self._stream: dict | None = None

    def loss_and_grads(self, inputs: np.ndarray, targets: np.ndarray, state=None
                       ) -> tuple[float, dict[str, np.ndarray], tuple]:
        """Mean cross-entropy of predicting targets from inputs, its gradients, and the next state.

        inputs, targets: (N, T) character ids; targets[n, t] is the character after inputs[n, t].
        state: (h0, c0) from a previous chunk (c0 None for "rnn" and "gru"), or None for zeros.
        Returns (loss, grads, state) with grads[name] of params[name]'s shape and state the
        (h, c) after the last step, to pass to the next chunk.
        """
        return self._loss_and_grads("CharLM.loss_and_grads", inputs, targets, state)

    def _loss_and_grads(self, where: str, inputs, targets, state) -> tuple[float, dict[str, np.ndarray], tuple]:
        inputs = self._check_ids(where, inputs, "inputs")
        targets = self._check_ids(where, targets, "targets")
        check_shape(where, "inputs", inputs, ("N", "T"), (None, None))
        check_shape(where, "targets", targets, ("N", "T"), inputs.shape)
        state = self._check_state(where, state, inputs.shape[0])
        h, caches, next_state = self._embed_and_recur(inputs, state)
        scores, out_cache = affine_forward(h, self.params["W_out"], self.params["b_out"])   # (N, T, V)
        loss, dscores = softmax_cross_entropy(scores, targets)
        grads: dict[str, np.ndarray] = {}
        dh, grads["W_out"], grads["b_out"] = affine_backward(dscores, out_cache)
        self._embed_and_recur_backward(dh, caches, grads)
        return loss, grads, next_state

    def train_step(self, inputs: np.ndarray, targets: np.ndarray, state=None, lr: float = 1e-2,
                   max_grad_norm: float | None = 5.0) -> tuple[float, tuple]:
        """One Adam update on a chunk. Returns (loss, state after the chunk)."""
        self._training_options("CharLM.train_step", lr, max_grad_norm, None)
        loss, grads, state = self._loss_and_grads("CharLM.train_step", inputs, targets, state)
        self._update(grads, lr, max_grad_norm)
        return loss, state

    def fit(self, ids: Sequence[int], *, steps: int = 200, batch_size: int = 16, seq_len: int = 32,
            lr: float = 1e-2, max_grad_norm: float | None = 5.0, callback: Callback | None = None) -> "CharLM":
        """Train for `steps` updates on a corpus of character ids with truncated BPTT.

        ids: the corpus, a 1-D sequence of L ids (e.g. from nlplab.datasets.char_corpus).
        Stream n starts at n·⌊(L−1)/batch_size⌋ and reads seq_len characters per step,
        wrapping around at the end. A second fit on the same corpus length and batch shape
        continues the streams (and their states) where the first stopped.
        callback(step, loss): after every update. Returns self.
        """
        where = "CharLM.fit"
        sizes = self._training_options(where, lr, max_grad_norm, callback, steps=steps, batch_size=batch_size,
                                       seq_len=seq_len)
        steps, batch_size, seq_len = sizes["steps"], sizes["batch_size"], sizes["seq_len"]
        ids = self._check_ids(where, ids, "ids")
        check_shape(where, "ids", ids, ("L",), (None,))
        pairs = len(ids) - 1
        if pairs < batch_size:
            raise ValueError(f"CharLM.fit: the corpus has {len(ids)} ids, too few for batch_size={batch_size}")
        key = (len(ids), batch_size, seq_len)
        if self._stream is None or self._stream["key"] != key:
            self._stream = {"key": key, "pos": 0, "state": None}
        offsets = np.arange(batch_size) * (pairs // batch_size)
        for _ in range(steps):
            # positions[n, t] = (offset of stream n + pos + t) mod (L − 1)
            positions = (offsets[:, None] + self._stream["pos"] + np.arange(seq_len)[None, :]) % pairs
            loss, state = self.train_step(ids[positions], ids[positions + 1], self._stream["state"], lr, max_grad_norm)
            self._stream["state"] = state
            self._stream["pos"] += seq_len
            self._record(loss, callback)
        return self

    def _step_scores(self, token: int, state: tuple) -> tuple[np.ndarray, tuple]:
        """Feed one id: scores (V,) for the next one and the new state (single sequence)."""
        p = self.params
        x = p["W_embed"][[token]]                                                # (1, E)
        h, c = state
        if self.cell == "lstm":
            h, c, _ = lstm_step_forward(x, h, c, p["Wx"], p["Wh"], p["b"])
        elif self.cell == "gru":
            h, _ = gru_step_forward(x, h, p["Wx"], p["Wh"], p["bx"], p["bh"])
        else:
            h, _ = rnn_step_forward(x, h, p["Wx"], p["Wh"], p["b"])
        return (h @ p["W_out"] + p["b_out"])[0], (h, c)

    def sample(self, start_ids: Sequence[int], length: int, temperature: float = 1.0,
               rng: int | np.random.Generator | None = None) -> np.ndarray:
        """Generate `length` ids after reading start_ids (at least one id).

        Each next id is drawn from softmax(scores / temperature): 1 samples the model as it is,
        lower values sharpen it towards the most likely id, and 0 takes the argmax (greedy).
        rng: a Generator or seed for the draws (default: the model's own self.rng); the same
        seed gives the same text.
        Returns an int64 array of the `length` new ids (start_ids not included).
        """
        where = "CharLM.sample"
        start = self._check_ids(where, start_ids, "start_ids").ravel()
        if start.size == 0:
            raise ValueError(f"{where}: start_ids must hold at least one id")
        length = positive_int(where, "length", length, minimum=0)
        if not positive_number(where, "temperature", temperature, allow_zero=True) >= 0:
            raise ValueError(f"{where}: temperature must be >= 0, got {temperature}")
        rng = self.rng if rng is None else random_generator(where, rng)
        state = self.initial_state(1)
        for token in start:
            scores, state = self._step_scores(int(token), state)
        out = np.empty(length, dtype=np.int64)
        for k in range(length):
            if temperature == 0:
                token = int(np.argmax(scores))
            else:
                # p = softmax(scores / temperature), in float64 so it sums to 1 closely enough
                probs = softmax(scores.astype(np.float64) / temperature)
                token = int(rng.choice(self.vocab_size, p=probs))
            out[k] = token
            scores, state = self._step_scores(token, state)
        return out

    def perplexity(self, ids: Sequence[int], chunk: int = 256) -> float:
        """exp(mean cross-entropy) of predicting ids[1:] from what precedes each of them.

        The text is read in chunks of `chunk` characters carrying the state, so long texts
        need little memory. 1 is a perfect model; an untrained one is ≈ V.
        """
        where = "CharLM.perplexity"
        chunk = positive_int(where, "chunk", chunk)
        ids = self._check_ids(where, ids, "ids")
        check_shape(where, "ids", ids, ("L",), (None,))
        if len(ids) < 2:
            raise ValueError(f"{where}: need at least 2 ids, got {len(ids)}")
        state = self.initial_state(1)
        total = 0.0
        for start in range(0, len(ids) - 1, chunk):
            inputs = ids[start:start + chunk][None, :len(ids) - 1 - start]
            targets = ids[start + 1:start + 1 + inputs.shape[1]][None, :]
            h, _, state = self._embed_and_recur(inputs, state)
            scores, _ = affine_forward(h, self.params["W_out"], self.params["b_out"])
            loss, _ = softmax_cross_entropy(scores, targets)
            total += loss * targets.size
        return float(np.exp(total / (len(ids) - 1)))


# --------------------------------------------------------------------------------------------
# Sequence classifier
# --------------------------------------------------------------------------------------------

class SequenceClassifier(_RecurrentModel):
    """Classify a sequence from its last hidden state: embedding → RNN/LSTM/GRU → h_last → affine → softmax.

        clf = SequenceClassifier(len(vocab), 2, embed_dim=64, hidden_dim=128, cell="lstm", seed=0)
        clf.fit(train_ids, train_labels, epochs=5, batch_size=32, lr=1e-2, callback=plot)
        clf.predict(test_ids), clf.predict_proba(test_ids)

    sequences are lists of int ids of any lengths. A batch is padded at the end to its longest
    sequence, and each sequence is read out at its own last real step (h at t = length − 1),
    so the padding after it never changes the prediction nor receives gradient; an empty
    sequence is represented by h0 = 0 (its prediction comes from b_out alone).
    pad_id: the id that means padding (0 = Vocabulary's "<pad>"): it is dropped wherever it
    occurs in an input sequence, so a sequence padded by the caller (before or after) gets the
    same prediction as the sequence itself. None: every id is a real token.
    num_classes: K; labels are ints in [0, K).

    predict before fit is allowed and answers with the untrained baseline: the random initial
    weights, whose probabilities are close to 1/K for every class (loss near ln K), the number
    training starts from (CharLM.sample and perplexity before fit likewise use the untrained
    baseline). MLPClassifier, whose size is only known from X, refuses predict before fit.

    embeddings: initial word vectors, (vocab_size, embed_dim), e.g. learned by
    nlplab.embeddings.SkipGram: W_embed starts as a copy of them instead of N(0, 1) draws (the
    other weights are drawn as before, from the same seed). None: random.
    freeze_embeddings: keep W_embed as it starts (fit leaves it out of every update), as
    torch.nn.Embedding.from_pretrained(..., freeze=True); False (default) fine-tunes it with the
    rest of the model.
    """

    def __init__(self, vocab_size: int, num_classes: int, *, embed_dim: int = 64, hidden_dim: int = 128,
                 cell: str = "lstm", seed: int | np.random.Generator = 0, dtype=np.float64,
                 pad_id: int | None = 0, embeddings: np.ndarray | None = None, freeze_embeddings: bool = False):
        where = "SequenceClassifier"
        num_classes = positive_int(where, "num_classes", num_classes)
        super().__init__(vocab_size, num_classes, embed_dim=embed_dim, hidden_dim=hidden_dim, cell=cell,
                         seed=seed, dtype=dtype)
        self.num_classes = num_classes
        self.pad_id = None if pad_id is None else positive_int(where, "pad_id", pad_id, minimum=0)
        self.classes_ = np.arange(self.num_classes)
        if not isinstance(freeze_embeddings, (bool, np.bool_)):
            raise TypeError(f"{where}: freeze_embeddings에는 True나 False가 와야 합니다, 받은 값: "
                            f"{describe(freeze_embeddings)}")
        if freeze_embeddings and embeddings is None:
            raise ValueError(f"{where}: freeze_embeddings=True needs embeddings: 고정할 학습된 벡터를 embeddings로 "
                             f"넘기세요 (무작위 임베딩을 고정하면 단어를 구분하는 일밖에 못 합니다)")
        self.freeze_embeddings = bool(freeze_embeddings)
        if embeddings is not None:
            embeddings = numeric_array(where, "embeddings", embeddings)
            check_shape(where, "embeddings", embeddings, ("vocab_size", "embed_dim"),
                        (self.vocab_size, self.embed_dim))
            check_finite(where, "embeddings", embeddings.astype(np.float64))
            self.params["W_embed"] = embeddings.astype(self.dtype)         # a copy: training never changes the caller's

    @staticmethod
    def _as_list(where: str, sequences) -> list:
        """A list of sequences; a flat list of ids (one sequence, unwrapped) is refused."""
        if sequences is None or isinstance(sequences, (str, bytes)) or not hasattr(sequences, "__iter__"):
            raise TypeError(f"{where}: sequences에는 id 리스트의 리스트가 와야 합니다, 받은 값: {describe(sequences)} "
                            "(문장은 먼저 Vocabulary.encode로 id 리스트로 바꾸세요)")
        sequences = list(sequences)
        if any(isinstance(seq, (str, bytes)) for seq in sequences):
            raise TypeError(f"{where}: sequences에는 id 리스트가 와야 하는데 문자열이 있습니다: "
                            "Vocabulary.encode(tokens)로 id 리스트로 바꾸세요")
        if any(np.ndim(seq) == 0 for seq in sequences):
            raise ValueError(f"{where}: expected a list of sequences (a list of id lists), "
                             "got a flat list of ids; wrap a single sequence as [ids]")
        return sequences

    def _batch(self, where: str, sequences: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        """Ragged id lists → (ids (N, T), lengths (N,)), pad ids dropped, padded at the end."""
        rows = []
        for n, seq in enumerate(sequences):
            seq = self._check_ids(where, seq, f"sequence {n}")
            if seq.ndim != 1:
                raise ValueError(f"{where}: sequence {n} must be a flat list of ids, got shape {seq.shape}")
            rows.append(seq if self.pad_id is None else seq[seq != self.pad_id])
        # the fill value is never read: each row is read out at its own last real step
        return pad_sequences(rows, pad_id=0)

    def _forward(self, ids: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, tuple]:
        N = ids.shape[0]
        h, caches, _ = self._embed_and_recur(ids, self.initial_state(N))                   # (N, T, H)
        # h_last[n] = h[n, lengths[n] − 1]: each sequence's own last real step (h0 = 0 if empty)
        h_last = np.zeros((N, self.hidden_dim), dtype=self.dtype)
        real = lengths > 0
        h_last[real] = h[real, lengths[real] - 1]
        scores, out_cache = affine_forward(h_last, self.params["W_out"], self.params["b_out"])
        return scores, (h.shape, real, caches, out_cache)

    def loss_and_grads(self, ids: np.ndarray, lengths: np.ndarray, labels: np.ndarray
                       ) -> tuple[float, dict[str, np.ndarray]]:
        """Mean cross-entropy of a padded batch and its gradient for every parameter.

        ids: (N, T) padded ids; lengths: (N,) real steps per row; labels: (N,) in [0, K).
        """
        where = "SequenceClassifier.loss_and_grads"
        ids = self._check_ids(where, ids, "ids")
        check_shape(where, "ids", ids, ("N", "T"), (None, None))
        lengths = numeric_array(where, "lengths", lengths)
        check_shape(where, "lengths", lengths, ("N",), (ids.shape[0],))
        if lengths.dtype.kind not in "iu" or (lengths < 0).any() or (lengths > ids.shape[1]).any():
            raise ValueError(f"{where}: lengths must be ints in [0, T={ids.shape[1]}], got {lengths.tolist()[:10]}")
        labels = self._labels(where, labels, ids.shape[0])
        scores, (h_shape, real, caches, out_cache) = self._forward(ids, lengths)
        loss, dscores = softmax_cross_entropy(scores, labels)
        grads: dict[str, np.ndarray] = {}
        dh_last, grads["W_out"], grads["b_out"] = affine_backward(dscores, out_cache)
        # only the read-out step of each sequence receives gradient from the loss
        dh = np.zeros(h_shape, dtype=self.dtype)
        dh[real, lengths[real] - 1] = dh_last[real]
        self._embed_and_recur_backward(dh, caches, grads)
        return loss, grads

    def _labels(self, where: str, labels, N: int) -> np.ndarray:
        labels = labels_1d(where, "labels", labels, N)
        if labels.dtype.kind not in "iu":
            raise ValueError(f"{where}: labels must be ints in [0, {self.num_classes}), got dtype {labels.dtype}")
        if labels.size and (labels.min() < 0 or labels.max() >= self.num_classes):
            raise ValueError(f"{where}: labels must lie in [0, num_classes={self.num_classes}), "
                             f"got {labels.min()}..{labels.max()}")
        return labels

    def fit(self, sequences: Sequence[Sequence[int]], labels: Sequence[int], *, epochs: int = 10,
            batch_size: int = 32, lr: float = 1e-2, callback: Callback | None = None,
            max_grad_norm: float | None = 5.0) -> "SequenceClassifier":
        """Train with shuffled mini-batches (Adam, global gradient-norm clipping).

        sequences: N lists of ids; labels: N ints in [0, num_classes).
        callback(step, loss): after every update. A second fit continues from the current
        weights. Returns self.
        """
        where = "SequenceClassifier.fit"
        sizes = self._training_options(where, lr, max_grad_norm, callback, epochs=epochs, batch_size=batch_size)
        epochs, batch_size = sizes["epochs"], sizes["batch_size"]
        sequences = self._as_list(where, sequences)
        labels = self._labels(where, labels, len(sequences))
        if not sequences:
            raise ValueError(f"{where}: no training sequences")
        for _ in range(epochs):
            order = self.rng.permutation(len(sequences))
            for start in range(0, len(sequences), batch_size):
                batch = order[start:start + batch_size]
                ids, lengths = self._batch(where, [sequences[k] for k in batch])
                loss, grads = self.loss_and_grads(ids, lengths, labels[batch])
                if self.freeze_embeddings:
                    del grads["W_embed"]            # frozen: no update (and no part in the clipped norm)
                self._update(grads, lr, max_grad_norm)
                self._record(loss, callback)
        return self

    def predict_proba(self, sequences: Sequence[Sequence[int]], batch_size: int = 256) -> np.ndarray:
        """Class probabilities, (N, K). Sequences are batched in order, batch_size at a time."""
        return self._proba("SequenceClassifier.predict_proba", sequences, batch_size)

    def _proba(self, where: str, sequences, batch_size: int) -> np.ndarray:
        batch_size = positive_int(where, "batch_size", batch_size)
        sequences = self._as_list(where, sequences)
        out = np.empty((len(sequences), self.num_classes))
        for start in range(0, len(sequences), batch_size):
            ids, lengths = self._batch(where, sequences[start:start + batch_size])
            scores, _ = self._forward(ids, lengths)
            out[start:start + len(lengths)] = softmax(scores)
        return out

    def predict(self, sequences: Sequence[Sequence[int]]) -> np.ndarray:
        """The most probable class of each sequence, (N,) ints."""
        return np.argmax(self._proba("SequenceClassifier.predict", sequences, 256), axis=1)
