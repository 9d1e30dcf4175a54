"""Learned word embeddings: from co-occurrence counts to word2vec, and word vectors from pieces.

"You shall know a word by the company it keeps" (Firth, 1957): words that occur in the same
contexts get similar vectors. Two ways to learn them, as in Deep Learning from Scratch 2 (ch. 2-4):

Counting (ch. 2):
- `cooccurrence(ids, vocab_size, window)`: C[w, c], how often c occurs within `window` tokens of w.
- `ppmi(C)`: positive pointwise mutual information, max(0, log2(C_wc N / (S_w S_c))).
- `svd_vectors(M, dim)`: the first `dim` left singular vectors of M (a truncated SVD).

Predicting (ch. 3-4, Mikolov et al. 2013): skip-gram with negative sampling (SGNS).
- `skipgram_pairs(ids, window)`: every (center, context) pair within the window.
- `noise_distribution(counts, power=0.75)`: P(w) ∝ count(w)^0.75, where negatives are drawn from.
- `keep_probabilities(counts, t)`: subsampling, P(keep w) = min(1, sqrt(t / f(w))).
- `sgns_loss(W_in, W_out, centers, contexts, negatives)`: the loss of a batch and its gradients.
- `SkipGram`: the model, trained with mini-batches and nlplab.optim (SGD or Adam).
- `SubwordSkipGram`: fastText's idea (Bojanowski et al. 2017): a word's vector is the mean of
  the vectors of its character n-grams, so a form never seen in training still gets one.

Using the vectors: `most_similar(W, query, k)` (cosine), `analogy(W, a, b, c)` (b − a + c).

Row vectors throughout, as in the lecture: W_in and W_out are (V, D), the vector of word w is
the row W_in[w] (v_w), its context vector the row W_out[w] (u_w), and a score is a dot product
u_o · v_c. Ids are ints in [0, V) (a Vocabulary's or a token corpus's). A corpus of ids is either
one 1-D sequence or a list of sentences (1-D sequences); windows never cross a sentence's end.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np

from ._checks import callable_or_none, check_allocation, check_finite, check_ids, check_shape, describe, \
    float32_or_float64, float_dtype, numeric_array, positive_int, positive_number, random_generator, strings
from ._memory_order import left_operand, right_operand
from .layers import sigmoid
from .optim import SGD, Adam

__all__ = [
    "cooccurrence",
    "ppmi",
    "svd_vectors",
    "skipgram_pairs",
    "noise_distribution",
    "keep_probabilities",
    "sgns_loss",
    "SkipGram",
    "SubwordSkipGram",
    "most_similar",
    "analogy",
    "initial_embeddings",
]

Callback = Callable[[int, float], object]


# --------------------------------------------------------------------------------------------
# A corpus of ids
# --------------------------------------------------------------------------------------------

def _corpus(where: str, ids, V: int) -> tuple[np.ndarray, np.ndarray]:
    """A corpus as (flat ids (L,), sentence number of each id (L,)), its ids checked against V.

    ids: one 1-D sequence of ids, or a list of sentences (1-D sequences of ids).
    """
    if ids is None or isinstance(ids, (str, bytes)) or not hasattr(ids, "__len__"):
        raise TypeError(f"{where}: ids에는 정수 id의 1-D 배열이나, 문장마다 id 배열을 담은 리스트가 와야 합니다, "
                        f"받은 값: {describe(ids)} (문장은 먼저 Vocabulary.encode로 id로 바꾸세요)")
    if not isinstance(ids, np.ndarray) and len(ids) and all(np.ndim(s) == 1 for s in ids):
        lengths = np.array([len(s) for s in ids], dtype=np.intp)
        parts = [numeric_array(where, f"ids[{k}]", s) for k, s in enumerate(ids)]
        try:
            flat = check_ids(where, "ids", np.concatenate(parts), V, "vocab_size")
        except ValueError:
            for k, part in enumerate(parts):          # the message names the sentence
                check_ids(where, f"ids[{k}]", part, V, "vocab_size")
            raise
        sentence = np.repeat(np.arange(len(lengths), dtype=np.intp), lengths)
    else:
        flat = check_ids(where, "ids", ids, V, "vocab_size")
        if flat.ndim != 1:
            raise ValueError(f"{where}: expected ids of shape (L,) or a list of sentences, got shape {flat.shape} "
                             f"(문장 여러 개는 [ids_0, ids_1, ...]처럼 리스트로 넘기세요)")
        sentence = np.zeros(len(flat), dtype=np.intp)
    if flat.size == 0:
        raise ValueError(f"{where}: the corpus is empty (no ids): 말뭉치에 id가 하나도 없습니다")
    # np.intp, the index type (int32 in the browser's 32-bit Python): what np.bincount takes
    return flat.astype(np.intp, copy=False), sentence


def _window(where: str, window) -> int:
    return positive_int(where, "window", window)


def _vocab_size(where: str, vocab_size) -> int:
    return positive_int(where, "vocab_size", vocab_size)


# --------------------------------------------------------------------------------------------
# Counting: co-occurrence, PPMI, SVD
# --------------------------------------------------------------------------------------------

def cooccurrence(ids, vocab_size: int, window: int = 2) -> np.ndarray:
    """The co-occurrence matrix of a corpus, with a symmetric window (밑바닥2's create_co_matrix).

    C[w, c] = how many times id c occurs within `window` positions of an occurrence of id w,
    on either side (the word itself excluded). Pairs never cross a sentence's end when ids is a
    list of sentences.

    ids: a 1-D sequence of L ids in [0, vocab_size), or a list of sentences of ids.
    vocab_size: V. window: how many neighbours on each side (>= 1).
    Returns C of shape (V, V), int64, symmetric.
    """
    where = "cooccurrence"
    V = _vocab_size(where, vocab_size)
    window = _window(where, window)
    flat, sentence = _corpus(where, ids, V)
    check_allocation(where, (V, V), np.int64, "어휘를 줄이세요 (자주 나오는 단어 몇천 개만).")
    # every pair (w, c) with c within `window` of w, to either side, inside one sentence
    words, contexts = _pairs(flat, sentence, window)
    # C[w, c] += 1 for each pair (np.bincount counts the pairs w·V + c at once)
    return np.bincount(words * V + contexts, minlength=V * V).reshape(V, V).astype(np.int64)


def ppmi(C, eps: float = 1e-8) -> np.ndarray:
    """Positive pointwise mutual information of a co-occurrence matrix, in bits (log base 2).

        PMI(w, c) = log2( P(w, c) / (P(w) P(c)) ) = log2( C[w, c] · N / (S_w · S_c) )
        PPMI(w, c) = max(0, PMI(w, c))

    N = C.sum(); S_w = the sum of row w, S_c the sum of column c (for a symmetric C, as
    cooccurrence's, both are the same row sums S). As in 밑바닥2, eps is added inside the log,
    so a pair never seen (C = 0) gives log2(eps) < 0, hence 0; a word with no counts at all
    (a zero row or column) gets 0 everywhere. Vectorised: no loop over the cells.

    C: (V, V) non-negative counts (a float or int array) with at least one count.
    Returns (V, V), float64 (float32 for a float32 C).
    """
    where = "ppmi"
    C = numeric_array(where, "C", C)
    dtype = float32_or_float64(C.dtype)
    C = C.astype(dtype, copy=False)
    check_shape(where, "C", C, ("V", "V"), (None, None))
    if C.shape[0] != C.shape[1]:
        raise ValueError(f"{where}: C must be square (V, V), got {C.shape}")
    check_finite(where, "C", C)
    if (C < 0).any():
        raise ValueError(f"{where}: C must hold non-negative counts, found {C.min()}")
    eps = positive_number(where, "eps", eps)
    N = C.sum()
    if N == 0:
        raise ValueError(f"{where}: C has no counts (C.sum() == 0): 빈 말뭉치의 행렬 같습니다")
    check_allocation(where, C.shape, dtype, "어휘를 줄이세요.")
    S_row, S_col = C.sum(axis=1), C.sum(axis=0)
    # the count expected if w and c were independent: N · P(w) P(c) = S_w S_c / N
    expected = np.outer(S_row, S_col) / N
    # C / expected = P(w, c) / (P(w) P(c)); 0 where a word has no counts at all
    ratio = np.divide(C, expected, out=np.zeros_like(C), where=expected > 0)
    return np.maximum(0, np.log2(ratio + eps))


def svd_vectors(M, dim: int, *, power: float = 0.0, n_iter: int = 4, seed=0) -> np.ndarray:
    """Word vectors from a truncated SVD: the first `dim` columns of U in M = U S Vᵀ, times S^power.

    M: (V, n) matrix, e.g. the PPMI matrix (V, V). dim: D, at most min(V, n).
    power: 0 (default) gives U_D, as 밑바닥2 (word_vecs = U); 1 gives U_D S_D, the rows' coordinates
        in the best rank-D approximation of M; 0.5 lies between.
    Small matrices are decomposed exactly (np.linalg.svd). Larger ones with the randomized
    algorithm of Halko, Martinsson & Tropp (2011), which scikit-learn's randomized_svd uses:
    Y = M Ω for a random Ω (n, D + 10), n_iter power iterations Y ← M (Mᵀ Y), an orthonormal
    basis Q of Y, and the exact SVD of the small Qᵀ M. seed: its random Ω.
    Each column's sign is fixed so that its largest entry (in absolute value) is positive: an SVD
    is unique only up to signs, and this makes the result the same on every machine.
    Returns (V, D) in M's float dtype.
    """
    where = "svd_vectors"
    M = numeric_array(where, "M", M)
    M = M.astype(float32_or_float64(M.dtype), copy=False)
    check_shape(where, "M", M, ("V", "n"), (None, None))
    check_finite(where, "M", M)
    dim = positive_int(where, "dim", dim)
    if dim > min(M.shape):
        raise ValueError(f"{where}: dim must be at most min(M.shape) = {min(M.shape)}, got {dim}")
    power = float(positive_number(where, "power", power, allow_zero=True))
    n_iter = positive_int(where, "n_iter", n_iter, minimum=0)
    rank = dim + 10
    if rank >= min(M.shape) or M.size <= 250_000:
        U, S, _ = np.linalg.svd(M, full_matrices=False)
    else:
        rng = random_generator(where, seed)
        # M and Mᵀ row by row, the random matrices column by column: the fast layout for
        # Pyodide's matmul (nlplab._memory_order); natively nothing is copied but Mᵀ's view
        A, At = left_operand(M), left_operand(M.T)
        Y = A @ right_operand(rng.standard_normal((M.shape[1], rank)).astype(M.dtype))
        for _ in range(n_iter):
            # power iterations: Y ← M Mᵀ Y, re-orthonormalised so that the columns stay apart
            Q, _ = np.linalg.qr(Y)
            Y = A @ right_operand(At @ right_operand(Q))
        Q, _ = np.linalg.qr(Y)
        # the SVD of the small (D + 10, n) matrix Qᵀ M = (Mᵀ Q)ᵀ gives M's: U = Q U_small
        U_small, S, _ = np.linalg.svd((At @ right_operand(Q)).T, full_matrices=False)
        U = Q @ U_small
    U, S = U[:, :dim], S[:dim]
    # the sign convention: each column's largest |entry| is positive
    signs = np.sign(U[np.argmax(np.abs(U), axis=0), np.arange(dim)])
    signs[signs == 0] = 1
    return (U * signs * S ** power).astype(M.dtype, copy=False)


# --------------------------------------------------------------------------------------------
# Skip-gram: pairs, noise, subsampling, the loss
# --------------------------------------------------------------------------------------------

def _pairs(flat: np.ndarray, sentence: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    centers, contexts = [], []
    for d in range(1, window + 1):
        same = sentence[:-d] == sentence[d:]
        left, right = flat[:-d][same], flat[d:][same]
        centers += [left, right]          # the context d to the right, and d to the left
        contexts += [right, left]
    return np.concatenate(centers), np.concatenate(contexts)


def skipgram_pairs(ids, window: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Every (center, context) pair of a corpus: each token with each neighbour within `window`.

    ids: a 1-D sequence of ids (>= 0) or a list of sentences; pairs never cross a sentence's end.
    Returns (centers, contexts), two int64 arrays of one length P: for every distance d = 1..window,
    first each token with the token d to its right, then with the token d to its left. A token
    in the middle of a long sentence is the center of 2·window pairs.
    """
    where = "skipgram_pairs"
    window = _window(where, window)
    flat, sentence = _corpus(where, ids, np.iinfo(np.int64).max)
    centers, contexts = _pairs(flat, sentence, window)
    return centers.astype(np.int64), contexts.astype(np.int64)


def _counts(where: str, counts) -> np.ndarray:
    counts = numeric_array(where, "counts", counts)
    check_shape(where, "counts", counts, ("V",), (None,))
    check_finite(where, "counts", counts.astype(np.float64))
    if counts.size == 0 or (counts < 0).any() or counts.sum() == 0:
        raise ValueError(f"{where}: counts must be non-negative word counts with at least one count, "
                         f"got {counts[:10].tolist()}{' …' if counts.size > 10 else ''}")
    return counts.astype(np.float64)


def noise_distribution(counts, power: float = 0.75) -> np.ndarray:
    """The distribution negatives are drawn from: P_n(w) = count(w)^power / Σ_v count(v)^power.

    power 0.75 (Mikolov et al. 2013) raises rare words' share against the plain unigram
    distribution (power 1); power 0 is uniform over the words with a count.
    counts: (V,) how often each word occurs. Returns (V,) float64 probabilities summing to 1.
    """
    where = "noise_distribution"
    counts = _counts(where, counts)
    power = positive_number(where, "power", power, allow_zero=True)
    weights = np.where(counts > 0, counts, 0.0) ** power * (counts > 0)
    return weights / weights.sum()


def keep_probabilities(counts, t: float = 1e-3) -> np.ndarray:
    """Subsampling of frequent words: P(keep w) = min(1, sqrt(t / f(w))), f(w) = count(w) / Σ counts.

    A word more frequent than t is dropped from the corpus, at each epoch anew, with probability
    1 − sqrt(t / f(w)) (Mikolov et al. 2013): "의", "하다" lose most of their occurrences, words
    rarer than t keep all. counts: (V,). Returns (V,) float64 in (0, 1] (1 for count 0).
    """
    where = "keep_probabilities"
    counts = _counts(where, counts)
    t = positive_number(where, "t", t)
    f = counts / counts.sum()
    with np.errstate(divide="ignore"):
        return np.minimum(1.0, np.sqrt(t / f))


def _sgns_scores(v: np.ndarray, W_out: np.ndarray, contexts: np.ndarray, negatives: np.ndarray):
    """The SGNS loss of a batch from its center vectors v (B, D), and its gradients with respect to
    v (B, D), to each pair's u_o (B, D) and to each u_k (B, K, D)."""
    B = v.shape[0]
    u_pos = W_out[contexts]                                   # (B, D)     u_o
    u_neg = W_out[negatives]                                  # (B, K, D)  u_k
    s_pos = np.sum(u_pos * v, axis=1)                         # (B,)       u_o · v_c
    s_neg = np.einsum("bkd,bd->bk", u_neg, v)                 # (B, K)     u_k · v_c
    # L = (1/B) Σ_b [ −log σ(u_o · v_c) − Σ_k log σ(−u_k · v_c) ],  with −log σ(x) = log(1 + e^{−x})
    loss = (np.logaddexp(0, -s_pos).sum() + np.logaddexp(0, s_neg).sum()) / B
    # ∂L/∂s_pos = (σ(s_pos) − 1) / B,   ∂L/∂s_neg = σ(s_neg) / B
    g_pos = (sigmoid(s_pos) - 1) / B
    g_neg = sigmoid(s_neg) / B
    # ∂L/∂v_c = g_pos u_o + Σ_k g_neg,k u_k;   ∂L/∂u_o = g_pos v_c;   ∂L/∂u_k = g_neg,k v_c
    dv = g_pos[:, None] * u_pos + np.einsum("bk,bkd->bd", g_neg, u_neg)
    du_pos = g_pos[:, None] * v
    du_neg = g_neg[:, :, None] * v[:, None, :]
    return float(loss), dv, du_pos, du_neg


def _add_at_rows(target: np.ndarray, ids: np.ndarray, rows: np.ndarray) -> None:
    """np.add.at(target, ids, rows) for a (V, D) target: row ids[n] of target += rows[n], each use
    of a repeated id added. Done on the flat view with one index per entry, where NumPy's fast path
    for ufunc.at applies (it is 1-D only): the same sums, about 9 times faster (browser and native)."""
    D = target.shape[1]
    entries = (np.asarray(ids, dtype=np.intp).reshape(-1, 1) * D + np.arange(D, dtype=np.intp)).ravel()
    np.add.at(target.reshape(-1), entries, rows.reshape(-1))


def _batch_ids(where: str, V: int, centers, contexts, negatives) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    centers = check_ids(where, "centers", centers, V)
    check_shape(where, "centers", centers, ("B",), (None,))
    B = centers.shape[0]
    if B == 0:
        raise ValueError(f"{where}: the batch is empty (centers has no ids)")
    contexts = check_ids(where, "contexts", contexts, V)
    check_shape(where, "contexts", contexts, ("B",), (B,))
    negatives = check_ids(where, "negatives", negatives, V)
    if negatives.ndim == 1 and negatives.shape[0] == B:
        raise ValueError(f"{where}: expected negatives of shape (B={B}, K), got {negatives.shape}: "
                         f"negatives.reshape(-1, 1)처럼 중심 단어마다 한 행을 만드세요")
    check_shape(where, "negatives", negatives, ("B", "K"), (B, None))
    return centers, contexts, negatives


def sgns_loss(W_in, W_out, centers, contexts, negatives) -> tuple[float, np.ndarray, np.ndarray]:
    """Skip-gram with negative sampling: the mean loss of a batch and its gradients.

        L = (1/B) Σ_b [ −log σ(u_o · v_c) − Σ_{k=1}^{K} log σ(−u_k · v_c) ]

    for each pair b: v_c = W_in[centers[b]] (the center word's vector), u_o = W_out[contexts[b]]
    (the true context word's), u_k = W_out[negatives[b, k]] (K words drawn from the noise
    distribution). σ(u·v) is the model's probability that the pair is real: a real pair should
    score high, a noise pair low. −log σ(x) is computed as log(1 + e^{−x}), which never overflows.

    W_in, W_out: (V, D) float arrays. centers, contexts: (B,) ids. negatives: (B, K) ids.
    Returns (loss, dW_in, dW_out): a float and two dense arrays of W_in's and W_out's shape; only
    the rows of the batch's words are non-zero, and a word used twice collects both gradients
    (np.add.at).
    """
    where = "sgns_loss"
    W_in, W_out = (numeric_array(where, name, W) for name, W in (("W_in", W_in), ("W_out", W_out)))
    for name, W in (("W_in", W_in), ("W_out", W_out)):
        if W.dtype.kind in "iub" and W.ndim == 1:
            raise TypeError(f"{where}: 인자의 순서가 바뀐 것 같습니다 (arguments swapped?): "
                            f"sgns_loss(W_in, W_out, centers, contexts, negatives)")
        check_shape(where, name, W, ("V", "D"), (None, None))
    if W_in.dtype.kind != "f" or W_out.dtype.kind != "f":
        raise TypeError(f"{where}: W_in and W_out must be float arrays, got {W_in.dtype} and {W_out.dtype} "
                        f"(W.astype(float))")
    check_shape(where, "W_out", W_out, ("V", "D"), W_in.shape)
    check_finite(where, "W_in", W_in)
    check_finite(where, "W_out", W_out)
    centers, contexts, negatives = _batch_ids(where, W_in.shape[0], centers, contexts, negatives)
    v = W_in[centers]                                         # (B, D)     v_c
    loss, dv, du_pos, du_neg = _sgns_scores(v, W_out, contexts, negatives)
    # each word's row collects the gradients of all its uses in the batch: np.add.at(dW, ids, d)
    # adds them up (dW[ids] += d would keep only one per repeated id); _add_at_rows is that call
    dW_in = np.zeros_like(W_in)
    _add_at_rows(dW_in, centers, dv)
    dW_out = np.zeros_like(W_out)
    _add_at_rows(dW_out, contexts, du_pos)
    _add_at_rows(dW_out, negatives, du_neg)
    return loss, dW_in, dW_out


# --------------------------------------------------------------------------------------------
# The models
# --------------------------------------------------------------------------------------------

class _SGNSModel:
    """What SkipGram and SubwordSkipGram share: options, counts, the epochs' pairs, negatives."""

    def __init__(self, where: str, vocab_size, dim, window, negatives, subsample, seed, dtype):
        self.vocab_size = _vocab_size(where, vocab_size)
        self.dim = positive_int(where, "dim", dim)
        self.window = _window(where, window)
        self.negatives = positive_int(where, "negatives", negatives, minimum=0)
        self.subsample = None if subsample is None else positive_number(where, "subsample", subsample,
                                                                          allow_zero=True) or None
        self.rng = random_generator(where, seed)
        self.dtype = float_dtype(where, dtype)
        self.history_: list[float] = []
        self.pairs_seen_ = 0

    def _fit_options(self, where, epochs, batch_size, lr, callback) -> tuple[int, int, float]:
        callable_or_none(where, "callback", callback)
        return (positive_int(where, "epochs", epochs), positive_int(where, "batch_size", batch_size),
                positive_number(where, "lr", lr))

    def _prepare(self, where: str, ids) -> tuple[np.ndarray, np.ndarray]:
        """The corpus, and from its counts the noise distribution and the keep probabilities."""
        flat, sentence = _corpus(where, ids, self.vocab_size)
        self.counts_ = np.bincount(flat, minlength=self.vocab_size)
        self.noise_ = noise_distribution(self.counts_)
        self._noise_cdf = np.cumsum(self.noise_)
        self.keep_ = (np.ones(self.vocab_size) if self.subsample is None
                      else keep_probabilities(self.counts_, self.subsample))
        if not np.any(sentence[1:] == sentence[:-1]):
            raise ValueError(f"{where}: the corpus has no (center, context) pair: every sentence has one word")
        return flat, sentence

    def _epoch_pairs(self, flat: np.ndarray, sentence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One epoch's pairs: frequent words subsampled anew (the window spans the words dropped), shuffled."""
        kept = self.rng.random(len(flat)) < self.keep_[flat]
        centers, contexts = _pairs(flat[kept], sentence[kept], self.window)
        order = self.rng.permutation(len(centers))
        return centers[order], contexts[order]

    def _draw_negatives(self, B: int) -> np.ndarray:
        """(B, K) ids drawn from the noise distribution (inverse transform of its cumulative sum)."""
        u = self.rng.random((B, self.negatives)) * self._noise_cdf[-1]
        return np.minimum(np.searchsorted(self._noise_cdf, u, side="right"), self.vocab_size - 1)

    def _trained_something(self, where: str, steps_before: int) -> None:
        if len(self.history_) == steps_before:
            raise ValueError(f"{where}: no pair was left to train on: subsampling (subsample={self.subsample}) "
                             f"dropped the words of this small corpus; pass subsample=None")

    def _record(self, loss: float, pairs: int, callback: Callback | None) -> None:
        if not math.isfinite(loss):
            raise ValueError(f"{type(self).__name__}: the loss became {loss} at step {len(self.history_) + 1}; "
                             f"lower lr")
        self.history_.append(loss)
        self.pairs_seen_ += pairs
        if callback is not None:
            callback(len(self.history_), loss)


class SkipGram(_SGNSModel):
    """word2vec's skip-gram with negative sampling, trained with mini-batches.

        model = SkipGram(len(vocab), dim=50, window=2, negatives=5, subsample=1e-3, seed=0)
        model.fit(sentences, epochs=1, batch_size=1024, lr=0.02, callback=plot)
        most_similar(model.vectors, vocab_id, k=5)

    vocab_size: V. dim: D, the length of each word vector.
    window: context words on each side of a center word. negatives: K noise words per pair.
    subsample: t of keep_probabilities (frequent words dropped at random each epoch); None: off.
    seed: int or numpy.random.Generator: initial weights, subsampling, shuffling and negatives
        all draw from `self.rng`, so the same seed and the same calls give the same vectors.
    dtype: np.float64 or np.float32 (twice as fast in the browser).

    Parameters (`params`, updated in place): W_in (V, D), the word vectors, initialised as
    word2vec does, uniform in [−0.5/D, 0.5/D); W_out (V, D), the context vectors, initialised to
    zero. `vectors` is W_in. After fit: history_ (the loss of every update), counts_ (each word's
    count in the corpus), noise_ (the noise distribution), keep_ (the keep probabilities),
    pairs_seen_ (the (center, context) pairs trained on so far).
    """

    def __init__(self, vocab_size: int, dim: int = 50, *, window: int = 2, negatives: int = 5,
                 subsample: float | None = 1e-3, seed: int | np.random.Generator = 0, dtype=np.float64):
        super().__init__("SkipGram", vocab_size, dim, window, negatives, subsample, seed, dtype)
        V, D = self.vocab_size, self.dim
        self.params = {
            "W_in": self.rng.uniform(-0.5 / D, 0.5 / D, size=(V, D)).astype(self.dtype),
            "W_out": np.zeros((V, D), dtype=self.dtype),
        }
        self.optimizer = None

    @property
    def vectors(self) -> np.ndarray:
        """The word vectors W_in, (V, D): row w is word w's vector."""
        return self.params["W_in"]

    def fit(self, ids, *, epochs: int = 1, batch_size: int = 1024, lr: float = 0.02, optimizer: str = "adam",
            callback: Callback | None = None) -> "SkipGram":
        """Train on a corpus: `epochs` passes over its (center, context) pairs in shuffled batches.

        ids: a 1-D sequence of ids or a list of sentences (1-D id sequences).
        Each epoch subsamples the corpus anew, takes every pair within the window, shuffles them
        and, for each batch of batch_size pairs, draws K negatives per pair, computes sgns_loss
        and updates W_in and W_out with nlplab.optim.
        optimizer: "adam" (default; lr around 0.01 to 0.03 for batches of about 1000 pairs) or
            "sgd" (plain SGD on the batch's mean loss, so each pair moves by lr / B: with big
            batches it needs a large lr and many more passes than Adam to get anywhere).
        callback(step, loss): after every update, e.g. to redraw a loss curve. A second fit goes
        on from the current vectors (and the optimizer's state). Returns self.
        """
        where = "SkipGram.fit"
        epochs, batch_size, lr = self._fit_options(where, epochs, batch_size, lr, callback)
        if optimizer not in ("sgd", "adam"):
            raise ValueError(f'{where}: optimizer must be "sgd" or "adam", got {optimizer!r}')
        flat, sentence = self._prepare(where, ids)
        wanted = SGD if optimizer == "sgd" else Adam
        if not isinstance(self.optimizer, wanted):
            self.optimizer = wanted(lr=lr)
        self.optimizer.lr = lr
        steps_before = len(self.history_)
        for _ in range(epochs):
            centers, contexts = self._epoch_pairs(flat, sentence)
            for start in range(0, len(centers), batch_size):
                c, o = centers[start:start + batch_size], contexts[start:start + batch_size]
                loss, dW_in, dW_out = sgns_loss(self.params["W_in"], self.params["W_out"], c, o,
                                                self._draw_negatives(len(c)))
                self.optimizer.update(self.params, {"W_in": dW_in, "W_out": dW_out})
                self._record(loss, len(c), callback)
        self._trained_something(where, steps_before)
        return self


class SubwordSkipGram(_SGNSModel):
    """fastText's idea: a word's vector is the mean of its character n-grams' vectors.

        model = SubwordSkipGram(vocab.itos, dim=50, min_n=1, max_n=3, seed=0)
        model.fit(sentences, epochs=1, batch_size=1024, lr=0.01)
        model.word_vectors(["재밌었는데요"])      # any string, seen in training or not

    words: the vocabulary's strings, words[w] the word of id w (V words).
    min_n, max_n: the n-gram lengths, in characters (a Hangul syllable is one character). The
    n-grams are taken from "<" + word + ">", so that those at the start or the end of a word
    differ from the same letters inside one, and the whole "<word>" is one more piece, as in
    fastText: "<재밌음>" with n = 2..3 has <재, 재밌, 밌음, 음>, <재밌, 재밌음, 밌음>, and <재밌음>.
    The other options are SkipGram's.

        v_w = (1/|G_w|) Σ_{g ∈ G_w} z_g       (G_w: the pieces of w; z_g: row g of W_ngram)

    The skip-gram loss is sgns_loss's, with v_w in place of W_in[w]; its gradient ∂L/∂v_w is
    shared out to the pieces, ∂L/∂z_g += ∂L/∂v_w / |G_w|. Only the pieces of the training words
    have vectors (ngrams_: piece -> row); a new word's pieces that no training word has are
    left out, and a word with none of them gets a zero vector.

    With 10^5 pieces a dense gradient per step would cost more than the step itself, so fit
    updates only the rows a batch uses: their gradients added up per row (np.add.at), then Adam
    on those rows (as PyTorch's SparseAdam; word2vec and fastText likewise touch only the rows
    used, with plain SGD one pair at a time).
    Parameters: W_ngram (P + 1, D), uniform in [−1/D, 1/D] as fastText's, its last row the
    padding (always 0); W_out (V, D), zeros.
    """

    def __init__(self, words: Sequence[str], dim: int = 50, *, min_n: int = 1, max_n: int = 3, window: int = 2,
                 negatives: int = 5, subsample: float | None = 1e-3, seed: int | np.random.Generator = 0,
                 dtype=np.float64):
        where = "SubwordSkipGram"
        words = strings(where, "words", words, item="단어")
        if not words:
            raise ValueError(f"{where}: words is empty: 어휘가 비어 있습니다")
        super().__init__(where, len(words), dim, window, negatives, subsample, seed, dtype)
        self.min_n = positive_int(where, "min_n", min_n)
        self.max_n = positive_int(where, "max_n", max_n)
        if self.min_n > self.max_n:
            raise ValueError(f"{where}: min_n must be <= max_n, got min_n={min_n}, max_n={max_n}")
        self.words = words
        self.ngrams_: dict[str, int] = {}
        rows = [[self.ngrams_.setdefault(g, len(self.ngrams_)) for g in self._pieces(where, w)] for w in words]
        P = len(self.ngrams_)
        # (V, G_max) piece rows of every word, padded with row P (kept at zero): v_w = mean of its rows
        self._grams = np.full((len(words), max(map(len, rows))), P, dtype=np.int64)
        for w, r in enumerate(rows):
            self._grams[w, :len(r)] = r
        self._n_grams = np.array([len(r) for r in rows], dtype=self.dtype)
        D = self.dim
        self.params = {
            "W_ngram": np.vstack([self.rng.uniform(-1 / D, 1 / D, size=(P, D)), np.zeros((1, D))]).astype(self.dtype),
            "W_out": np.zeros((self.vocab_size, D), dtype=self.dtype),
        }
        self._adam: dict[str, _RowAdam] | None = None

    def pieces(self, word: str) -> list[str]:
        """The pieces of a word: the character n-grams of "<word>" (n = min_n..max_n, shortest
        first, each in order; "<" and ">" alone are not pieces), then "<word>" itself when it is
        longer than max_n."""
        return self._pieces("SubwordSkipGram.pieces", word)

    def _pieces(self, where: str, word) -> list[str]:
        if not isinstance(word, str):
            raise TypeError(f"{where}: word에는 단어 하나(문자열)가 와야 합니다, 받은 값: {describe(word)}")
        marked = "<" + word + ">"
        grams = [marked[i:i + n] for n in range(self.min_n, self.max_n + 1) for i in range(len(marked) - n + 1)
                 if marked[i:i + n] not in ("<", ">")]           # a lone boundary is no piece (as fastText)
        if len(marked) > self.max_n:
            grams.append(marked)
        return list(dict.fromkeys(grams))          # each piece once

    def _center_vectors(self, centers: np.ndarray) -> np.ndarray:
        rows = self._grams[centers]                                          # (B, G_max)
        return self.params["W_ngram"][rows].sum(axis=1) / self._n_grams[centers][:, None]

    @property
    def vectors(self) -> np.ndarray:
        """The training vocabulary's word vectors, (V, D): row w is the mean of word w's pieces."""
        return self._center_vectors(np.arange(self.vocab_size))

    def word_vectors(self, words: Sequence[str]) -> np.ndarray:
        """(n, D) vectors of any strings: each the mean of its pieces that have a vector (the
        pieces of the training words); a word with none of them gets a zero row."""
        where = "SubwordSkipGram.word_vectors"
        words = strings(where, "words", words, item="단어")
        W = self.params["W_ngram"]
        out = np.zeros((len(words), self.dim), dtype=self.dtype)
        for n, word in enumerate(words):
            known = [self.ngrams_[g] for g in self._pieces(where, word) if g in self.ngrams_]
            if known:
                out[n] = W[known].mean(axis=0)
        return out

    def known_pieces(self, word: str) -> list[str]:
        """The pieces of `word` that have a vector (a training word has them)."""
        return [g for g in self._pieces("SubwordSkipGram.known_pieces", word) if g in self.ngrams_]

    def fit(self, ids, *, epochs: int = 1, batch_size: int = 1024, lr: float = 0.01,
            callback: Callback | None = None) -> "SubwordSkipGram":
        """Train on a corpus of the vocabulary's ids, as SkipGram.fit, updating only the rows used.

        ids: a 1-D sequence of ids or a list of sentences. lr: Adam's learning rate, applied to the
        rows of the pieces and context words of each batch (see the class). Returns self.
        """
        where = "SubwordSkipGram.fit"
        epochs, batch_size, lr = self._fit_options(where, epochs, batch_size, lr, callback)
        flat, sentence = self._prepare(where, ids)
        if self._adam is None:
            self._adam = {name: _RowAdam(W) for name, W in self.params.items()}
        for adam in self._adam.values():
            adam.lr = lr
        pad = self.params["W_ngram"].shape[0] - 1
        steps_before = len(self.history_)
        for _ in range(epochs):
            centers, contexts = self._epoch_pairs(flat, sentence)
            for start in range(0, len(centers), batch_size):
                c, o = centers[start:start + batch_size], contexts[start:start + batch_size]
                negatives = self._draw_negatives(len(c))
                loss, dv, du_pos, du_neg = _sgns_scores(self._center_vectors(c), self.params["W_out"], o, negatives)
                # ∂L/∂z_g = ∂L/∂v_w / |G_w| for each piece g of each center word w (the padding left out)
                rows = self._grams[c]                                                     # (B, G_max)
                dz = np.broadcast_to((dv / self._n_grams[c][:, None])[:, None, :], rows.shape + (self.dim,))
                real = rows != pad
                self._adam["W_ngram"].step(rows[real], dz[real])
                self._adam["W_out"].step(np.concatenate([o, negatives.ravel()]),
                                         np.concatenate([du_pos, du_neg.reshape(-1, self.dim)]))
                self._record(loss, len(c), callback)
        self._trained_something(where, steps_before)
        return self


class _RowAdam:
    """Adam on the rows of one parameter that a step uses (PyTorch's SparseAdam): the rows' gradients
    are added up per row (np.add.at, as _add_at_rows), then those rows alone take Adam's step, with the bias
    correction of the global step count t. Rows not used keep their weights and moments."""

    def __init__(self, W: np.ndarray, lr: float = 0.01, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        self.W, self.lr, self.beta1, self.beta2, self.eps = W, lr, beta1, beta2, eps
        self.m = np.zeros_like(W)
        self.v = np.zeros_like(W)
        self.t = 0

    def step(self, rows: np.ndarray, grads: np.ndarray) -> None:
        """rows (n,) ids, possibly repeated; grads (n, D) the gradient of each use."""
        # one gradient per row used: g[r] = the sum of grads over the uses of row r
        used, at = np.unique(rows, return_inverse=True)
        g = np.zeros((len(used), self.W.shape[1]), dtype=self.W.dtype)
        _add_at_rows(g, at, grads)
        self.t += 1
        # m ← β1 m + (1 − β1) g,  v ← β2 v + (1 − β2) g²  (the used rows only)
        m = self.beta1 * self.m[used] + (1 - self.beta1) * g
        v = self.beta2 * self.v[used] + (1 - self.beta2) * (g * g)
        self.m[used], self.v[used] = m, v
        # W ← W − lr m̂ / (√v̂ + ε)
        m_hat = m / (1 - self.beta1 ** self.t)
        v_hat = v / (1 - self.beta2 ** self.t)
        self.W[used] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


# --------------------------------------------------------------------------------------------
# Using the vectors
# --------------------------------------------------------------------------------------------

def _unit_rows(where: str, W) -> np.ndarray:
    W = numeric_array(where, "W", W)
    check_shape(where, "W", W, ("V", "D"), (None, None))
    W = W.astype(float32_or_float64(W.dtype), copy=False)
    check_finite(where, "W", W)
    norms = np.linalg.norm(W, axis=1, keepdims=True)
    return W / np.where(norms > 0, norms, 1)           # a zero row stays zero: similarity 0


def _word_id(where: str, name: str, value, V: int) -> int:
    """One word id in [0, V); a word given as text is refused with the way to its id."""
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{where}: {name}에는 단어의 id(정수)가 와야 합니다, 받은 값: {describe(value)} "
                        "(단어는 vocab.token_to_id(단어)로 id를 얻으세요)")
    if np.ndim(value) != 0:
        raise ValueError(f"{where}: {name} must be one word id, got {describe(value)}")
    return int(check_ids(where, name, np.asarray(value), V))


def _query_vector(where: str, name: str, W_unit: np.ndarray, query) -> tuple[np.ndarray, int | None]:
    """A query as a unit vector, and its id when it is one (None for a vector)."""
    if isinstance(query, (str, bytes)) or np.ndim(query) == 0 and not isinstance(query, (float, np.floating)):
        index = _word_id(where, name, query, W_unit.shape[0])
        return W_unit[index], index
    vector = numeric_array(where, name, query)
    if vector.dtype.kind in "iu" and vector.shape != (W_unit.shape[1],):
        raise ValueError(f"{where}: expected {name} of shape (D={W_unit.shape[1]},) or one id, got {vector.shape}: "
                         f"단어 여러 개는 id 하나씩 따로 물어보세요")
    vector = vector.astype(W_unit.dtype)
    check_shape(where, name, vector, ("D",), (W_unit.shape[1],))
    check_finite(where, name, vector)
    norm = np.linalg.norm(vector)
    return (vector / norm if norm > 0 else vector), None


def _top_k(similarities: np.ndarray, exclude: list[int], k: int) -> tuple[np.ndarray, np.ndarray]:
    similarities = similarities.astype(np.float64)
    similarities[exclude] = -np.inf
    k = min(k, len(similarities) - len(set(exclude)))
    # the k largest, most similar first; equal similarities by id (a stable sort)
    order = np.argsort(-similarities, kind="stable")[:k]
    return order.astype(np.int64), similarities[order]


def most_similar(W, query, k: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """The k rows of W most similar to a query by cosine similarity, the query itself excluded.

    W: (V, D) word vectors. query: a word id (its row is the query, and it is left out of the
    answer) or a vector of length D. k: how many (fewer when W has fewer other rows).
    Returns (ids, similarities): two arrays of length k, most similar first (ties by id).
    A zero row has similarity 0 to everything.
    """
    where = "most_similar"
    W_unit = _unit_rows(where, W)
    k = positive_int(where, "k", k)
    q, index = _query_vector(where, "query", W_unit, query)
    # cos(w, q) = (w / ||w||) · (q / ||q||) for every row at once
    return _top_k(W_unit @ q, [] if index is None else [index], k)


def analogy(W, a, b, c, k: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """"a is to b as c is to ?": the rows nearest to b − a + c (3CosAdd), a, b and c excluded.

    With unit vectors ŵ = w / ||w||, the answer maximises cos(x, b̂ − â + ĉ) (Mikolov et al.
    2013; Levy and Goldberg 2014). a, b, c: word ids. Returns (ids, similarities) as most_similar.
    """
    where = "analogy"
    W_unit = _unit_rows(where, W)
    k = positive_int(where, "k", k)
    ids = [_word_id(where, name, value, W_unit.shape[0]) for name, value in (("a", a), ("b", b), ("c", c))]
    target = W_unit[ids[1]] - W_unit[ids[0]] + W_unit[ids[2]]
    norm = np.linalg.norm(target)
    target = target / norm if norm > 0 else target
    return _top_k(W_unit @ target, ids, k)


# --------------------------------------------------------------------------------------------
# Learned vectors as the start of an embedding layer
# --------------------------------------------------------------------------------------------

def initial_embeddings(vectors, pad_id: int | None = 0) -> np.ndarray:
    """Learned word vectors as the initial W_embed of a model, on the scale of a random start.

    SequenceClassifier draws W_embed from N(0, 1) and its LSTM's input weights for inputs of that
    size; learned vectors (entries about 0.1) would leave the gates nearly still at first.
    vectors: (V, E), finite. pad_id: the padding row (Vocabulary.pad_id), set to zero and left out
    of the scale; None when there is none.
    Returns a new float64 (V, E) array: the padding row 0, every other row divided by ONE number,
    the standard deviation of all their entries (so the vectors keep their relative lengths).
    """
    where = "initial_embeddings"
    W = numeric_array(where, "vectors", vectors)
    check_shape(where, "vectors", W, ("V", "E"), (None, None))
    W = W.astype(np.float64)                                   # a new array: the caller's stays
    check_finite(where, "vectors", W)
    others = np.ones(len(W), dtype=bool)
    if pad_id is not None:
        others[_word_id(where, "pad_id", pad_id, len(W))] = False
        W[~others] = 0
    scale = W[others].std() if others.any() else 0.0
    if not scale > 0:
        raise ValueError(f"{where}: the rows other than pad_id={pad_id} have no spread (standard deviation 0): "
                         "nothing to scale; are these vectors trained?")
    return W / scale
