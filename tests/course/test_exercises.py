"""Every exercise's check against answers a learner might really write.

For each exercise the table below holds plausible WRONG answers, each with a piece of the
feedback the learner must see (so a wrong answer is caught for the right reason, not by a
typo in this file), and VALID answers written differently from the solution, which must pass.
They run as in test_pages_native.py (cells_runner): the page's setup cells and every cell above
the exercise in one namespace (the exercises above it solved), then the answer, then the check.

A new exercise fails `test_every_exercise_has_answers` until it has an entry here.
`test_hints_are_graduated` keeps the hints from spelling out the whole solution.
"""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from cells_runner import check_passes, course_exercises, namespace_before


@dataclass(frozen=True)
class Wrong:
    code: str
    says: str   # a piece of the feedback this answer must get


@dataclass(frozen=True)
class Answers:
    wrong: tuple[Wrong, ...]
    valid: tuple[str, ...]


def answers(wrong: list[tuple[str, str]], valid: list[str]) -> Answers:
    return Answers(tuple(Wrong(textwrap.dedent(code).strip("\n"), says) for code, says in wrong),
                   tuple(textwrap.dedent(code).strip("\n") for code in valid))


ANSWERS: dict[str, Answers] = {
    # ------------------------------------------------------------------ playground
    "softmax": answers(
        wrong=[
            ("""
             def softmax(z):
                 return np.exp(z)
             """, "확률의 합이 1이어야"),
            ("""
             def softmax(z):
                 return z / z.sum()
             """, "값이 다릅니다"),
        ],
        valid=[
            """
            def softmax(z):
                e = np.exp(z)
                return e / np.sum(e)
            """,
            """
            def softmax(z):
                return np.exp(z - np.log(np.sum(np.exp(z))))
            """,
        ],
    ),
    # ------------------------------------------------------------------ unit 1
    "u1-dummies": answers(
        wrong=[
            ("""
             def dummies(values):
                 categories = list(dict.fromkeys(values))     # order of first appearance, not sorted
                 matrix = np.zeros((len(values), len(categories)), dtype=np.int64)
                 for n, value in enumerate(values):
                     matrix[n, categories.index(value)] = 1
                 return matrix, categories
             """, "`categories[0]`의 값이 다릅니다"),
            ("""
             def dummies(values):
                 categories = sorted(set(values))
                 matrix = np.array([[value == c for c in categories] for value in values])
                 return matrix, categories
             """, "자료형이 다릅니다"),
            ("""
             def dummies(values):
                 categories = sorted(set(values))
                 return np.eye(len(categories))[[categories.index(v) for v in values]], categories
             """, "자료형이 다릅니다"),
        ],
        valid=[
            """
            def dummies(values):
                categories = sorted(set(values))
                matrix = (np.array(values)[:, None] == np.array(categories)).astype(int)
                return matrix, categories
            """,
            """
            def dummies(values):
                categories, ids = np.unique(values, return_inverse=True)
                return np.eye(len(categories), dtype=np.int64)[ids], categories
            """,
        ],
    ),
    "u1-naive-posterior": answers(
        wrong=[
            ("""
             def naive_posterior(x, prior, p):
                 likelihood = np.prod(p ** x, axis=1)          # forgets the (1 - p) of absent features
                 joint = prior * likelihood
                 return joint / joint.sum()
             """, "값이 다릅니다"),
            ("""
             def naive_posterior(x, prior, p):
                 return prior * np.prod(p ** x * (1 - p) ** (1 - x), axis=1)   # not normalised
             """, "값이 다릅니다"),
            ("""
             def naive_posterior(x, prior, p):
                 log_joint = np.log(prior) + np.sum(x * np.log(p) + (1 - x) * np.log(1 - p), axis=1)
                 e = np.exp(log_joint - log_joint.max())
                 return e / e.sum()
             """, "0 · log 0"),
            ("""
             def naive_posterior(x, prior, p):
                 log_joint = np.log(prior) + np.log(p) @ x + np.log(1 - p) @ (1 - x)
                 return np.exp(log_joint) / np.exp(log_joint).sum()
             """, "0 · log 0"),
            ("""
             def naive_posterior(x, prior, p):
                 log_joint = np.log(prior) + np.log(np.where(x == 1, p, 1 - p)).sum(axis=1)
                 return log_joint / log_joint.sum()                        # normalised in log space
             """, "값이 다릅니다"),
        ],
        valid=[
            """
            def naive_posterior(x, prior, p):
                joint = prior * np.where(x == 1, p, 1 - p).prod(axis=1)
                return joint / joint.sum()
            """,
            """
            def naive_posterior(x, prior, p):
                # log P(y | x), which the docstring accepts
                log_joint = np.log(prior) + np.log(np.where(x == 1, p, 1 - p)).sum(axis=1)
                m = log_joint.max()
                return log_joint - (m + np.log(np.exp(log_joint - m).sum()))
            """,
            """
            def naive_posterior(x, prior, p):
                # in log space: pick each factor first, so a factor of 1 is log 1 = 0 (never 0 * log 0)
                with np.errstate(divide="ignore"):
                    log_joint = np.log(prior) + np.log(np.where(x == 1, p, 1 - p)).sum(axis=1)
                e = np.exp(log_joint - log_joint.max())
                return e / e.sum()
            """,
        ],
    ),
    "u1-add-alpha": answers(
        wrong=[
            ("""
             def smoothed_word_probs(X, y, alpha):
                 N = np.array([X[y == c].sum(axis=0) for c in np.unique(y)])
                 return (N + alpha) / (N.sum(axis=1, keepdims=True) + alpha)    # alpha once, not d times
             """, "각 행의 합이 1이 아닙니다"),
            ("""
             def smoothed_word_probs(X, y, alpha):
                 N = np.array([X[y == c].sum(axis=0) for c in np.unique(y)])
                 return N / (N.sum(axis=1, keepdims=True) + alpha * X.shape[1])  # no alpha on top
             """, "분자"),
            ("""
             def smoothed_word_probs(X, y, alpha):
                 N = np.array([X[y == c].sum(axis=0) for c in np.unique(y)])
                 return (N + alpha) / (N.sum() + alpha * X.shape[1])             # every class's total
             """, "각 행의 합이 1이 아닙니다"),
        ],
        valid=[
            """
            def smoothed_word_probs(X, y, alpha):
                N = np.array([X[y == c].sum(axis=0) for c in np.unique(y)])
                counts = N + alpha
                return counts / counts.sum(axis=1, keepdims=True)
            """,
            """
            def smoothed_word_probs(X, y, alpha):
                rows = []
                for c in np.unique(y):
                    N_c = X[y == c].sum(axis=0).astype(float)
                    rows.append((N_c + alpha) / (N_c.sum() + alpha * len(N_c)))
                return np.vstack(rows)
            """,
        ],
    ),
    "u1-log-predict": answers(
        wrong=[
            ("""
             def log_posterior(X, log_prior, log_prob):
                 joint = X @ log_prob.T                                   # log_prior left out
                 m = joint.max(axis=1, keepdims=True)
                 return joint - (m + np.log(np.exp(joint - m).sum(axis=1, keepdims=True)))
             """, "log_prior"),
            ("""
             def log_posterior(X, log_prior, log_prob):
                 joint = X @ log_prob.T + log_prior
                 return joint - np.log(np.exp(joint).sum(axis=1, keepdims=True))   # underflows
             """, "logsumexp"),
            ("""
             def log_posterior(X, log_prior, log_prob):
                 return X @ log_prob.T + log_prior                        # log P(y, x), not log P(y | x)
             """, "값이 다릅니다"),
        ],
        valid=[
            """
            from nlplab.naive_bayes import logsumexp

            def log_posterior(X, log_prior, log_prob):
                joint = log_prior + X @ log_prob.T
                return joint - logsumexp(joint, axis=1)[:, None]
            """,
            """
            def log_posterior(X, log_prior, log_prob):
                joint = np.einsum("nd,kd->nk", X, log_prob) + log_prior[None, :]
                return joint - np.logaddexp.reduce(joint, axis=1, keepdims=True)
            """,
        ],
    ),
    # ------------------------------------------------------------------ unit 2
    "u2-doc-onehot": answers(
        wrong=[
            ("""
             def onehot_matrix(tokens, vocabulary):
                 M = np.zeros((len(vocabulary), len(tokens)), dtype=np.int64)
                 for t, word in enumerate(tokens):
                     M[vocabulary.index(word), t] = 1
                 return M
             """, "전치된 것 같습니다"),
            ("""
             def onehot_matrix(tokens, vocabulary):
                 return np.eye(len(vocabulary))[[vocabulary.index(w) for w in tokens]]
             """, "자료형이 다릅니다"),
            ("""
             def onehot_matrix(tokens, vocabulary):
                 words = sorted(set(tokens), key=tokens.index)             # repeated tokens dropped
                 M = np.zeros((len(words), len(vocabulary)), dtype=np.int64)
                 for t, word in enumerate(words):
                     M[t, vocabulary.index(word)] = 1
                 return M
             """, "모양이 다릅니다"),
        ],
        valid=[
            """
            def onehot_matrix(tokens, vocabulary):
                return np.eye(len(vocabulary), dtype=np.int64)[[vocabulary.index(w) for w in tokens]]
            """,
            """
            def onehot_matrix(tokens, vocabulary):
                return (np.array(tokens)[:, None] == np.array(vocabulary)[None, :]).astype(np.int64)
            """,
        ],
    ),
    "u2-tanh-backward": answers(
        wrong=[
            ("""
             def tanh_mlp_grads(X, y, W1, b1, W2, b2):
                 N = X.shape[0]
                 a1 = X @ W1 + b1
                 h = np.tanh(a1)
                 p = softmax(h @ W2 + b2)
                 ds = p.copy()
                 ds[np.arange(N), y] -= 1
                 ds /= N
                 da1 = (ds @ W2.T) * (a1 > 0)                            # relu's derivative
                 return {"W1": X.T @ da1, "b1": da1.sum(axis=0), "W2": h.T @ ds, "b2": ds.sum(axis=0)}
             """, '`grads["W1"]'),
            ("""
             def tanh_mlp_grads(X, y, W1, b1, W2, b2):
                 N = X.shape[0]
                 a1 = X @ W1 + b1
                 h = np.tanh(a1)
                 p = softmax(h @ W2 + b2)
                 ds = p.copy()
                 ds[np.arange(N), y] -= 1
                 ds /= N
                 da1 = (ds @ W2.T) * (1 - a1 ** 2)                       # 1 - a1², not 1 - h²
                 return {"W1": X.T @ da1, "b1": da1.sum(axis=0), "W2": h.T @ ds, "b2": ds.sum(axis=0)}
             """, '`grads["W1"]'),
        ],
        valid=[
            """
            def tanh_mlp_grads(X, y, W1, b1, W2, b2):
                N = X.shape[0]
                a1 = X @ W1 + b1
                h = np.tanh(a1)
                p = softmax(h @ W2 + b2)
                ds = (p - np.eye(p.shape[1])[y]) / N
                da1 = (ds @ W2.T) / np.cosh(a1) ** 2                     # tanh' = sech²
                return {"W1": X.T @ da1, "b1": np.sum(da1, axis=0), "W2": h.T @ ds, "b2": np.sum(ds, axis=0)}
            """,
            """
            def tanh_mlp_grads(X, y, W1, b1, W2, b2):
                grads = {}
                h = np.tanh(X @ W1 + b1)
                ds = softmax(h @ W2 + b2)
                ds[np.arange(len(y)), y] -= 1
                ds = ds / len(y)
                grads["W2"], grads["b2"] = np.einsum("nh,nc->hc", h, ds), ds.sum(axis=0)
                da1 = np.einsum("nc,hc->nh", ds, W2) * (1 - h) * (1 + h)
                grads["W1"], grads["b1"] = np.einsum("nd,nh->dh", X, da1), da1.sum(axis=0)
                return grads
            """,
        ],
    ),
    "u2-tdm": answers(
        wrong=[
            ("""
             def build_tdm(token_lists, vocabulary):
                 column = {term: j for j, term in enumerate(vocabulary)}
                 X = np.zeros((len(token_lists), len(vocabulary)), dtype=np.int64)
                 for d, tokens in enumerate(token_lists):
                     for token in tokens:
                         X[d, column[token]] += 1                          # no check for unknown tokens
                 return X
             """, "KeyError"),
            ("""
             def build_tdm(token_lists, vocabulary):
                 column = {term: j for j, term in enumerate(vocabulary)}
                 X = np.zeros((len(token_lists), len(vocabulary)), dtype=np.int64)
                 for d, tokens in enumerate(token_lists):
                     for token in tokens:
                         if token in column:
                             X[d, column[token]] = 1                       # presence, not a count
                 return X
             """, "값이 다릅니다"),
        ],
        valid=[
            """
            from collections import Counter

            def build_tdm(token_lists, vocabulary):
                rows = []
                for tokens in token_lists:
                    counts = Counter(tokens)
                    rows.append([counts[term] for term in vocabulary])
                return np.array(rows, dtype=np.int64)
            """,
            """
            def build_tdm(token_lists, vocabulary):
                return np.array([[tokens.count(term) for term in vocabulary] for tokens in token_lists])
            """,
        ],
    ),
    "u2-cosine": answers(
        wrong=[
            ("""
             def cosine(a, b):
                 a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
                 return (a @ b) / (np.linalg.norm(a) * np.linalg.norm(b))  # 0 / 0 for a zero vector
             """, "NaN"),
            ("""
             def cosine(a, b):
                 a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
                 if not a.any() or not b.any():
                     return 0.0
                 return (a @ b) / ((a @ a) * (b @ b))                      # squared lengths
             """, "값이 다릅니다"),
        ],
        valid=[
            """
            def cosine(a, b):
                a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
                denominator = np.sqrt(np.sum(a ** 2) * np.sum(b ** 2))
                return float(np.dot(a, b) / denominator) if denominator > 0 else 0.0
            """,
            """
            import math

            def cosine(a, b):
                dot = sum(x * y for x, y in zip(a, b))
                norm_a, norm_b = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(y * y for y in b))
                if norm_a == 0 or norm_b == 0:
                    return 0.0
                return dot / (norm_a * norm_b)
            """,
        ],
    ),
    "u2-jaccard": answers(
        wrong=[
            ("""
             def jaccard(tokens_a, tokens_b):
                 A, B = set(tokens_a), set(tokens_b)
                 return len(A & B) / len(A | B)                           # both empty: 0 / 0
             """, "ZeroDivisionError"),
            ("""
             def jaccard(tokens_a, tokens_b):
                 common = [t for t in tokens_a if t in tokens_b]          # repeated tokens counted
                 union = len(tokens_a) + len(tokens_b) - len(common)
                 return len(common) / union if union else 0.0
             """, "값이 다릅니다"),
        ],
        valid=[
            """
            def jaccard(tokens_a, tokens_b):
                A, B = set(tokens_a), set(tokens_b)
                return len(A.intersection(B)) / len(A.union(B)) if A or B else 0.0
            """,
            """
            def jaccard(tokens_a, tokens_b):
                A, B = set(tokens_a), set(tokens_b)
                common = len(A & B)
                union = len(A) + len(B) - common
                return common / union if union > 0 else 0.0
            """,
        ],
    ),
    "u2-tfidf": answers(
        wrong=[
            ("""
             def tfidf(counts):
                 counts = np.asarray(counts, dtype=np.float64)
                 n = counts.shape[0]
                 idf = np.log((1 + n) / (1 + (counts > 0).sum(axis=0))) + 1
                 w = counts * idf
                 return w / np.linalg.norm(w, axis=1, keepdims=True)        # 0 / 0 for an empty document
             """, "NaN"),
            ("""
             def tfidf(counts):
                 counts = np.asarray(counts, dtype=np.float64)
                 n = counts.shape[0]
                 idf = np.log((1 + n) / (1 + counts.sum(axis=0))) + 1      # total counts, not document counts
                 w = counts * idf
                 length = np.linalg.norm(w, axis=1, keepdims=True)
                 length[length == 0] = 1
                 return w / length
             """, "값이 다릅니다"),
            ("""
             def tfidf(counts):
                 counts = np.asarray(counts, dtype=np.float64)
                 n = counts.shape[0]
                 idf = np.log((1 + n) / (1 + (counts > 0).sum(axis=0)))    # without the + 1
                 w = counts * idf
                 length = np.linalg.norm(w, axis=1, keepdims=True)
                 length[length == 0] = 1
                 return w / length
             """, "값이 다릅니다"),
        ],
        valid=[
            """
            def tfidf(counts):
                counts = np.asarray(counts, dtype=np.float64)
                n = len(counts)
                idf = np.log((1 + n) / (1 + np.count_nonzero(counts, axis=0))) + 1
                w = counts * idf
                length = np.sqrt((w ** 2).sum(axis=1, keepdims=True))
                return np.divide(w, length, out=np.zeros_like(w), where=length > 0)
            """,
            """
            def tfidf(counts):
                counts = np.asarray(counts, dtype=np.float64)
                n, V = counts.shape
                rows = []
                for row in counts:
                    df = np.array([sum(1 for other in counts if other[j] > 0) for j in range(V)])
                    w = row * (np.log((1 + n) / (1 + df)) + 1)
                    norm = np.linalg.norm(w)
                    rows.append(w / norm if norm > 0 else w)
                return np.array(rows)
            """,
        ],
    ),
    "u2-confusion": answers(
        wrong=[
            ("""
             def confusion_matrix(y_true, y_pred):
                 cm = np.zeros((2, 2), dtype=np.int64)
                 for t, p in zip(y_true, y_pred):
                     cm[p, t] += 1                                         # rows and columns swapped
                 return cm
             """, "행과 열"),
            ("""
             def confusion_matrix(y_true, y_pred):
                 cm = np.zeros((2, 2), dtype=np.int64)
                 cm[y_true, y_pred] += 1                                   # a repeated cell counts once
                 return cm
             """, "np.add.at"),
        ],
        valid=[
            """
            def confusion_matrix(y_true, y_pred):
                cm = np.zeros((2, 2), dtype=np.int64)
                for t, p in zip(y_true, y_pred):
                    cm[t, p] += 1
                return cm
            """,
            """
            def confusion_matrix(y_true, y_pred):
                codes = 2 * np.asarray(y_true) + np.asarray(y_pred)
                return np.bincount(codes, minlength=4).reshape(2, 2)
            """,
        ],
    ),
    # ------------------------------------------------------------------ unit 3
    "u3-rnn-step-forward": answers(
        wrong=[
            ("""
             def rnn_step_forward(x, h_prev, Wx, Wh, b):
                 return np.tanh(h_prev @ Wh + x @ Wx)                      # no bias
             """, "값이 다릅니다"),
            ("""
             def rnn_step_forward(x, h_prev, Wx, Wh, b):
                 h_next = np.tanh(h_prev @ Wh + x @ Wx + b)
                 return h_next, (x, h_prev, Wx, Wh, h_next)                # nlplab's signature
             """, "h_next 하나만"),
        ],
        valid=[
            """
            def rnn_step_forward(x, h_prev, Wx, Wh, b):
                return np.tanh(np.hstack([x, h_prev]) @ np.vstack([Wx, Wh]) + b)
            """,
            """
            def rnn_step_forward(x, h_prev, Wx, Wh, b):
                return np.tanh(np.dot(x, Wx) + np.dot(h_prev, Wh) + b[None, :])
            """,
        ],
    ),
    "u3-rnn-forward": answers(
        wrong=[
            ("""
             def rnn_forward(x, h0, Wx, Wh, b):
                 N, T, D = x.shape
                 h = np.zeros((N, T, h0.shape[1]))
                 h_prev = h0
                 for t in range(T):
                     h[:, t] = np.tanh(h_prev @ Wh + x[:, t] @ Wx + b)     # h_prev never moves on
                 return h
             """, "h_prev로 넘기세요"),
            ("""
             def rnn_forward(x, h0, Wx, Wh, b):
                 N, T, D = x.shape
                 h = np.zeros((N, T, h0.shape[1]))
                 h_prev = h0
                 for t in range(T):
                     h_next = np.tanh(h_prev @ Wh + x[:, t] @ Wx + b)
                     h_prev = h_next                                       # not stored in h
                 return h
             """, "h가 모두 0입니다"),
        ],
        valid=[
            """
            def rnn_forward(x, h0, Wx, Wh, b):
                states, h_prev = [], h0
                for t in range(x.shape[1]):
                    h_prev = rnn_step_forward(x[:, t], h_prev, Wx, Wh, b)   # the exercise above
                    states.append(h_prev)
                return np.stack(states, axis=1)
            """,
            """
            def rnn_forward(x, h0, Wx, Wh, b):
                xw = x @ Wx + b                                           # every step's input term at once
                h = np.empty(x.shape[:2] + (h0.shape[1],))
                h_prev = h0
                for t in range(x.shape[1]):
                    h_prev = h[:, t] = np.tanh(xw[:, t] + h_prev @ Wh)
                return h
            """,
        ],
    ),
    "u3-rnn-step-backward": answers(
        wrong=[
            ("""
             def rnn_step_backward(dh_next, cache):
                 x, h_prev, Wx, Wh, h_next = cache
                 da = dh_next                                              # tanh's derivative forgotten
                 return da @ Wx.T, da @ Wh.T, x.T @ da, h_prev.T @ da, da.sum(axis=0)
             """, "(1 - h_next**2)"),
            ("""
             def rnn_step_backward(dh_next, cache):
                 x, h_prev, Wx, Wh, h_next = cache
                 da = dh_next * (1 - np.tanh(h_next) ** 2)                 # tanh applied twice
                 return da @ Wx.T, da @ Wh.T, x.T @ da, h_prev.T @ da, da.sum(axis=0)
             """, "수치 미분과 다릅니다"),
            ("""
             def rnn_step_backward(dh_next, cache):
                 x, h_prev, Wx, Wh, h_next = cache
                 da = dh_next * (1 - h_next ** 2)
                 return da @ Wx.T, da @ Wh.T, x.T @ da, h_prev.T @ da, da.sum(axis=1)   # wrong axis
             """, "`db`의 모양이 다릅니다"),
        ],
        valid=[
            """
            def rnn_step_backward(dh_next, cache):
                x, h_prev, Wx, Wh, h_next = cache
                da = dh_next * (1 - h_next) * (1 + h_next)
                return (np.dot(da, Wx.T), np.dot(da, Wh.T), np.einsum("nd,nh->dh", x, da),
                        np.einsum("nk,nh->kh", h_prev, da), np.einsum("nh->h", da))
            """,
        ],
    ),
    "u3-rnn-backward": answers(
        wrong=[
            ("""
             from nlplab.rnn import rnn_step_backward as step_backward

             def rnn_backward(dh, caches):
                 N, T, H = dh.shape
                 dx = np.zeros((N, T, caches[0][0].shape[1]))
                 dWx, dWh, db = 0, 0, 0
                 for t in reversed(range(T)):
                     dx[:, t], dh_prev, dWx_t, dWh_t, db_t = step_backward(dh[:, t], caches[t])   # no carry
                     dWx, dWh, db = dWx + dWx_t, dWh + dWh_t, db + db_t
                 return dx, dh_prev, dWx, dWh, db
             """, "TODO 1"),
            ("""
             from nlplab.rnn import rnn_step_backward as step_backward

             def rnn_backward(dh, caches):
                 N, T, H = dh.shape
                 dx = np.zeros((N, T, caches[0][0].shape[1]))
                 dh_prev = np.zeros((N, H))
                 for t in reversed(range(T)):
                     dx[:, t], dh_prev, dWx, dWh, db = step_backward(dh[:, t] + dh_prev, caches[t])   # not summed
                 return dx, dh_prev, dWx, dWh, db
             """, "TODO 2"),
            ("""
             from nlplab.rnn import rnn_step_backward as step_backward

             def rnn_backward(dh, caches):
                 N, T, H = dh.shape
                 dx = np.zeros((N, T, caches[0][0].shape[1]))
                 dWx, dWh, db = 0, 0, 0
                 dh_prev = np.zeros((N, H))
                 for t in range(T):                                        # forwards in time
                     dx[:, t], dh_prev, dWx_t, dWh_t, db_t = step_backward(dh[:, t] + dh_prev, caches[t])
                     dWx, dWh, db = dWx + dWx_t, dWh + dWh_t, db + db_t
                 return dx, dh_prev, dWx, dWh, db
             """, "값이 다릅니다"),
        ],
        valid=[
            """
            from nlplab.rnn import rnn_step_backward

            def rnn_backward(dh, caches):
                N, T, H = dh.shape
                x0, _, Wx, Wh, _ = caches[0]
                dx = np.zeros((N, T, x0.shape[1]))
                dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(H)
                carried = np.zeros((N, H))
                for t in range(T - 1, -1, -1):
                    dx_t, carried, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + carried, caches[t])
                    dx[:, t] = dx_t
                    dWx += dWx_t
                    dWh += dWh_t
                    db += db_t
                return dx, carried, dWx, dWh, db
            """,
        ],
    ),
    "u3-temperature": answers(
        wrong=[
            ("""
             def softmax_with_temperature(scores, temperature):
                 e = np.exp(scores - scores.max())                         # temperature ignored
                 return e / e.sum()
             """, "temperature로 나누세요"),
            ("""
             def softmax_with_temperature(scores, temperature):
                 e = np.exp(scores / temperature)                          # large scores overflow
                 return e / e.sum()
             """, "NaN"),
            ("""
             def softmax_with_temperature(scores, temperature):
                 z = scores * temperature                                  # multiplied, not divided
                 e = np.exp(z - z.max())
                 return e / e.sum()
             """, "값이 다릅니다"),
        ],
        valid=[
            """
            def softmax_with_temperature(scores, temperature):
                e = np.exp((scores - scores.max()) / temperature)        # shift first: the same result
                return e / e.sum()
            """,
            """
            from nlplab.layers import softmax

            def softmax_with_temperature(scores, temperature):
                return softmax(scores / temperature)
            """,
        ],
    ),
    "u3-temporal-softmax-loss": answers(
        wrong=[
            ("""
             def temporal_softmax_loss(scores, y, mask):
                 N, T, V = scores.shape
                 p = np.exp(scores - scores.max(axis=-1, keepdims=True))
                 p /= p.sum(axis=-1, keepdims=True)
                 log_p_y = np.log(np.take_along_axis(p, y[..., None], axis=-1)[..., 0])
                 loss = -np.sum(log_p_y * mask) / N                            # cs231n's division by N
                 dscores = p.copy()
                 dscores[np.arange(N)[:, None], np.arange(T)[None, :], y] -= 1
                 return loss, dscores * mask[..., None] / N
             """, "문장 수 N으로 나누었습니다"),
            ("""
             def temporal_softmax_loss(scores, y, mask):
                 N, T, V = scores.shape
                 p = np.exp(scores - scores.max(axis=-1, keepdims=True))
                 p /= p.sum(axis=-1, keepdims=True)
                 log_p_y = np.log(np.take_along_axis(p, y[..., None], axis=-1)[..., 0])
                 count = mask.sum()
                 dscores = p.copy()
                 dscores[np.arange(N)[:, None], np.arange(T)[None, :], y] -= 1
                 return -np.sum(log_p_y * mask) / count, dscores / count       # padding gets gradient
             """, "패딩 자리의 dscores가 0이 아닙니다"),
            ("""
             def temporal_softmax_loss(scores, y, mask):
                 N, T, V = scores.shape
                 p = np.exp(scores - scores.max(axis=-1, keepdims=True))
                 p /= p.sum(axis=-1, keepdims=True)
                 log_p_y = np.log(np.take_along_axis(p, y[..., None], axis=-1)[..., 0])
                 dscores = p.copy()
                 dscores[np.arange(N)[:, None], np.arange(T)[None, :], y] -= 1
                 return -log_p_y.mean(), dscores / (N * T)                     # the mask ignored
             """, "패딩 자리까지 평균에 넣었습니다"),
            ("""
             def temporal_softmax_loss(scores, y, mask):
                 N, T, V = scores.shape
                 p = np.exp(scores - scores.max(axis=-1, keepdims=True))
                 p /= p.sum(axis=-1, keepdims=True)
                 log_p_y = np.log(np.take_along_axis(p, y[..., None], axis=-1)[..., 0])
                 count = mask.sum()
                 return -np.sum(log_p_y * mask) / count, (p * mask[..., None]) / count   # onehot left out
             """, "`dscores"),
        ],
        valid=[
            """
            def temporal_softmax_loss(scores, y, mask):
                N, T, V = scores.shape
                flat, labels, real = scores.reshape(N * T, V), y.reshape(N * T), mask.reshape(N * T)
                shifted = flat - flat.max(axis=1, keepdims=True)
                log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
                loss = -log_p[np.arange(N * T), labels][real].mean()
                dflat = np.exp(log_p)
                dflat[np.arange(N * T), labels] -= 1
                dflat[~real] = 0
                return loss, (dflat / real.sum()).reshape(N, T, V)
            """,
            """
            from nlplab.encoding import one_hot

            def temporal_softmax_loss(scores, y, mask):
                e = np.exp(scores - scores.max(axis=-1, keepdims=True))
                p = e / e.sum(axis=-1, keepdims=True)
                weight = np.where(mask, 1.0, 0.0) / np.count_nonzero(mask)
                loss = -np.sum(weight * np.log(np.sum(p * one_hot(y, scores.shape[-1]), axis=-1)))
                return loss, (p - one_hot(y, scores.shape[-1])) * weight[..., None]
            """,
        ],
    ),
    "u3-dot-product-attention": answers(
        wrong=[
            ("""
             def attention(query, keys, values, mask):
                 scores = query @ keys.transpose(0, 2, 1)                     # the mask never used
                 e = np.exp(scores - scores.max(axis=-1, keepdims=True))
                 weights = e / e.sum(axis=-1, keepdims=True)
                 return weights @ values, weights
             """, "패딩 자리의 가중치가 0이 아닙니다"),
            ("""
             def attention(query, keys, values, mask):
                 scores = np.where(mask[:, None, :], query @ keys.transpose(0, 2, 1), -1e9)
                 e = np.exp(scores - scores.max(axis=1, keepdims=True))       # over the queries
                 weights = e / e.sum(axis=1, keepdims=True)
                 return weights @ values, weights
             """, "쿼리 축"),
            ("""
             def attention(query, keys, values, mask):
                 scores = query @ keys.transpose(0, 2, 1)
                 e = np.exp(scores - scores.max(axis=-1, keepdims=True))
                 weights = e / e.sum(axis=-1, keepdims=True) * mask[:, None, :]   # masked after, not renormalised
                 return weights @ values, weights
             """, "합이 1이 아닙니다"),
            ("""
             def attention(query, keys, values, mask):
                 scores = np.where(mask[:, None, :], query @ keys.transpose(0, 2, 1), -np.inf)
                 e = np.exp(scores - scores.max())                            # one max for every row
                 weights = e / e.sum(axis=-1, keepdims=True)
                 return weights @ values, weights
             """, "NaN"),
        ],
        valid=[
            """
            def attention(query, keys, values, mask):
                scores = np.einsum("nqd,nsd->nqs", query, keys)
                scores = scores - 1e9 * (~mask[:, None, :])                  # a large negative number also works
                scores -= scores.max(axis=-1, keepdims=True)
                weights = np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)
                return np.einsum("nqs,nsv->nqv", weights, values), weights
            """,
            """
            from nlplab.layers import softmax

            def attention(query, keys, values, mask):
                scores = np.matmul(query, np.swapaxes(keys, 1, 2))
                scores[~np.broadcast_to(mask[:, None, :], scores.shape)] = -np.inf
                weights = softmax(np.where(np.isinf(scores), -1e30, scores), axis=-1)
                return np.matmul(weights, values), weights
            """,
        ],
    ),
    # ------------------------------------------------------------------ unit 4
    "u4-lstm-step-forward": answers(
        wrong=[
            ("""
             def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
                 H = h_prev.shape[1]
                 a = x @ Wx + h_prev @ Wh + b
                 i, f = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H])
                 o, g = sigmoid(a[:, 2 * H:3 * H]), np.tanh(a[:, 3 * H:])   # cs231n's i, f, o, g
                 c_next = f * c_prev + i * g
                 return o * np.tanh(c_next), c_next
             """, "i, f, g, o 순서"),
            ("""
             def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
                 H = h_prev.shape[1]
                 a = x @ Wx + h_prev @ Wh + b
                 i, f, g, o = (sigmoid(a[:, k * H:(k + 1) * H]) for k in range(4))   # σ for g too
                 c_next = f * c_prev + i * g
                 return o * np.tanh(c_next), c_next
             """, "`c_next"),
            ("""
             def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
                 H = h_prev.shape[1]
                 a = x @ Wx + h_prev @ Wh + b
                 i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 3 * H:])
                 g = np.tanh(a[:, 2 * H:3 * H])
                 c_next = f * c_prev + i * g
                 return o * c_next, c_next                                 # tanh(c_t) forgotten
             """, "`h_next"),
        ],
        valid=[
            """
            def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
                a = np.dot(x, Wx) + np.dot(h_prev, Wh) + b
                a_i, a_f, a_g, a_o = np.split(a, 4, axis=1)
                i, f, o = (1 / (1 + np.exp(-z)) for z in (a_i, a_f, a_o))
                c_next = f * c_prev + i * np.tanh(a_g)
                return o * np.tanh(c_next), c_next
            """,
            """
            def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
                H = h_prev.shape[1]
                def block(k):
                    cols = slice(k * H, (k + 1) * H)
                    return x @ Wx[:, cols] + h_prev @ Wh[:, cols] + b[cols]

                i, f, g, o = sigmoid(block(0)), sigmoid(block(1)), np.tanh(block(2)), sigmoid(block(3))
                c_next = f * c_prev + i * g
                h_next = o * np.tanh(c_next)
                return h_next, c_next
            """,
        ],
    ),
    "u4-lstm-forward": answers(
        wrong=[
            ("""
             def lstm_forward(x, h0, Wx, Wh, b):
                 N, T, D = x.shape
                 h = np.zeros((N, T, h0.shape[1]))
                 h_prev = h0
                 for t in range(T):
                     h_prev, _ = lstm_step_forward(x[:, t], h_prev, np.zeros_like(h0), Wx, Wh, b)   # c dropped
                     h[:, t] = h_prev
                 return h
             """, "셀 상태가 다음 시점으로 넘어가지 않습니다"),
            ("""
             def lstm_forward(x, h0, Wx, Wh, b):
                 N, T, D = x.shape
                 h = np.zeros((N, T, h0.shape[1]))
                 c_prev = np.zeros_like(h0)
                 for t in range(T):
                     h[:, t], c_prev = lstm_step_forward(x[:, t], h0, c_prev, Wx, Wh, b)   # h0 every step
                 return h
             """, "은닉 상태가 다음 시점으로 넘어가지 않습니다"),
            ("""
             def lstm_forward(x, h0, Wx, Wh, b):
                 N, T, D = x.shape
                 h = np.zeros((N, T, h0.shape[1]))
                 h_prev, c_prev = h0, np.zeros_like(h0)
                 for t in range(T):
                     h_next, c_next = lstm_step_forward(x[:, t], h_prev, c_prev, Wx, Wh, b)   # never stored
                     h_prev, c_prev = h_next, c_next
                 return h
             """, "h가 모두 0입니다"),
            ("""
             def lstm_forward(x, h0, Wx, Wh, b):
                 N, T, D = x.shape
                 h = np.zeros((N, T, h0.shape[1]))
                 h_prev, c_prev = h0, np.zeros_like(h0)
                 for t in range(T):
                     h_prev, c_prev = lstm_step_forward(x[:, t], h_prev, c_prev, Wx, Wh, b)
                     h[:, t] = c_prev                                     # the cell state stored
                 return h
             """, "`h[0, 0, 0]`의 값이 다릅니다"),
        ],
        valid=[
            """
            from nlplab.lstm import lstm_step_forward as step        # nlplab's step: it returns a cache too

            def lstm_forward(x, h0, Wx, Wh, b):
                states, c = [h0], np.zeros_like(h0)
                for t in range(x.shape[1]):
                    h_next, c, _ = step(x[:, t], states[-1], c, Wx, Wh, b)
                    states.append(h_next)
                return np.stack(states[1:], axis=1)
            """,
            """
            def lstm_forward(x, h0, Wx, Wh, b):
                state = (h0, np.zeros_like(h0))
                outputs = []
                for x_t in x.transpose(1, 0, 2):                          # (N, D) at each step
                    state = lstm_step_forward(x_t, *state, Wx, Wh, b)
                    outputs.append(state[0])
                return np.array(outputs).transpose(1, 0, 2)
            """,
        ],
    ),
    "u4-lstm-step-backward": answers(
        wrong=[
            ("""
             def lstm_step_backward(dh_next, dc_next, cache):
                 x, h_prev, c_prev, Wx, Wh, gates, tanh_c = cache
                 H = h_prev.shape[1]
                 i, f, g, o = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:3 * H], gates[:, 3 * H:]
                 do = dh_next * tanh_c
                 dc = dc_next                                              # the path through h_t is lost
                 di, df, dg, dc_prev = dc * g, dc * c_prev, dc * i, dc * f
                 da = np.hstack([di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2), do * o * (1 - o)])
                 return da @ Wx.T, da @ Wh.T, dc_prev, x.T @ da, h_prev.T @ da, da.sum(axis=0)
             """, "`dc_prev`의 값이 수치 미분과 다릅니다"),
            ("""
             def lstm_step_backward(dh_next, dc_next, cache):
                 x, h_prev, c_prev, Wx, Wh, gates, tanh_c = cache
                 H = h_prev.shape[1]
                 i, f, g, o = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:3 * H], gates[:, 3 * H:]
                 do = dh_next * tanh_c
                 dc = dc_next + dh_next * o * (1 - tanh_c ** 2)
                 di, df, dg, dc_prev = dc * g, dc * c_prev, dc * i, dc * f
                 da = np.hstack([di * i * (1 - i), df * f * (1 - f), dg * g * (1 - g), do * o * (1 - o)])   # σ' for g
                 return da @ Wx.T, da @ Wh.T, dc_prev, x.T @ da, h_prev.T @ da, da.sum(axis=0)
             """, "`db`의 값이 수치 미분과 다릅니다"),
        ],
        valid=[
            """
            def lstm_step_backward(dh_next, dc_next, cache):
                x, h_prev, c_prev, Wx, Wh, gates, tanh_c = cache
                i, f, g, o = np.split(gates, 4, axis=1)
                dc = dc_next + dh_next * o * (1 - tanh_c ** 2)
                da = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                                     dc * i * (1 - g ** 2), dh_next * tanh_c * o * (1 - o)], axis=1)
                return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da, h_prev.T @ da, da.sum(axis=0)
            """,
            """
            def lstm_step_backward(dh_next, dc_next, cache):
                x, h_prev, c_prev, Wx, Wh, gates, tanh_c = cache
                H = h_prev.shape[1]
                i, f, g, o = (gates[:, k * H:(k + 1) * H] for k in range(4))
                dc = dc_next + dh_next * o * (1 - tanh_c * tanh_c)
                da = np.empty_like(gates)
                da[:, :H] = dc * g * i * (1 - i)
                da[:, H:2 * H] = dc * c_prev * f * (1 - f)
                da[:, 2 * H:3 * H] = dc * i * (1 - g * g)
                da[:, 3 * H:] = dh_next * tanh_c * o * (1 - o)
                return np.dot(da, Wx.T), np.dot(da, Wh.T), f * dc, np.dot(x.T, da), np.dot(h_prev.T, da), da.sum(0)
            """,
        ],
    ),
    "u4-clip-grad-norm": answers(
        wrong=[
            ("""
             def clip_grad_norm(grads, max_norm):
                 total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
                 if total > max_norm:
                     for g in grads.values():
                         g *= max_norm / (total + 1e-6)
                 return float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))   # after clipping
             """, "자르기 **전**의"),
            ("""
             def clip_grad_norm(grads, max_norm):
                 total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
                 for g in grads.values():                                  # each array on its own
                     norm = np.linalg.norm(g)
                     if norm > max_norm:
                         g *= max_norm / norm
                 return total
             """, "배열마다 따로"),
            ("""
             def clip_grad_norm(grads, max_norm):
                 total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
                 if total > max_norm:
                     for name in grads:
                         grads[name] = grads[name] * (max_norm / (total + 1e-6))   # new arrays
                 return total
             """, "새 배열"),
            ("""
             def clip_grad_norm(grads, max_norm):
                 total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
                 for g in grads.values():
                     g *= max_norm / (total + 1e-6)                        # also when the norm is small
                 return total
             """, "그대로 두어야"),
        ],
        valid=[
            """
            def clip_grad_norm(grads, max_norm):
                total = np.linalg.norm(np.concatenate([g.ravel() for g in grads.values()]))
                coef = max_norm / (total + 1e-6)
                if coef < 1:
                    for g in grads.values():
                        np.multiply(g, coef, out=g)
                return total
            """,
            """
            import math

            def clip_grad_norm(grads, max_norm):
                total = math.sqrt(sum(float(np.vdot(g, g)) for g in grads.values()))
                if total > max_norm:
                    for name in grads:
                        grads[name][...] = grads[name] * (max_norm / (total + 1e-6))
                return total
            """,
        ],
    ),
    "u4-jacobian-norms": answers(
        wrong=[
            ("""
             def jacobian_norms(hs, Wh):
                 T, H = hs.shape[0] - 1, hs.shape[1]
                 norms = np.zeros(T + 1)
                 J = np.eye(H)
                 for t in range(T, 0, -1):
                     norms[t] = np.linalg.norm(J)
                     J = J @ Wh.T                                         # tanh's slope left out
                 norms[0] = np.linalg.norm(J)
                 return norms
             """, "tanh의 기울기가 빠졌습니다"),
            ("""
             def jacobian_norms(hs, Wh):
                 T, H = hs.shape[0] - 1, hs.shape[1]
                 norms = np.zeros(T + 1)
                 J = np.eye(H)
                 for t in range(T, 0, -1):
                     norms[t] = np.linalg.norm(J)
                     J = (J * (1 - hs[t] ** 2)) @ Wh                      # Wh, not its transpose
                 norms[0] = np.linalg.norm(J)
                 return norms
             """, "전치"),
            ("""
             def jacobian_norms(hs, Wh):
                 T, H = hs.shape[0] - 1, hs.shape[1]
                 norms = np.zeros(T + 1)
                 J = np.eye(H)
                 for t in range(T, 0, -1):
                     norms[t] = np.linalg.norm(J)
                     J = (J * (1 - hs[t - 1] ** 2)) @ Wh.T                # h_{t-1}'s slope
                 norms[0] = np.linalg.norm(J)
                 return norms
             """, "한 칸 밀렸습니다"),
            ("""
             def jacobian_norms(hs, Wh):
                 T, H = hs.shape[0] - 1, hs.shape[1]
                 norms = [np.sqrt(H)]
                 J = np.eye(H)
                 for t in range(T, 0, -1):
                     J = (J * (1 - hs[t] ** 2)) @ Wh.T
                     norms.append(np.linalg.norm(J))                      # k = T − t order, as in the demo
                 return np.array(norms)
             """, "순서가 거꾸로입니다"),
        ],
        valid=[
            """
            def jacobian_norms(hs, Wh):
                T, H = hs.shape[0] - 1, hs.shape[1]
                J = np.eye(H)
                backwards = [np.linalg.norm(J)]
                for t in reversed(range(1, T + 1)):
                    J = np.diag(1 - hs[t] ** 2) @ J.T                     # the same product, transposed
                    J = (Wh @ J).T
                    backwards.append(np.linalg.norm(J))
                return np.array(backwards[::-1])
            """,
            """
            def jacobian_norms(hs, Wh):
                T, H = hs.shape[0] - 1, hs.shape[1]
                norms = np.empty(T + 1)
                J = np.eye(H)
                for t in range(T, -1, -1):
                    norms[t] = np.sqrt(np.sum(J ** 2))
                    if t > 0:
                        J = np.einsum("ij,j,kj->ik", J, 1 - hs[t] ** 2, Wh)
                return norms
            """,
        ],
    ),
    "u4-gru-step-forward": answers(
        wrong=[
            ("""
             def gru_step_forward(x, h_prev, Wx, Wh, bx, bh):
                 H = h_prev.shape[1]
                 ax, ah = x @ Wx + bx, h_prev @ Wh + bh
                 r = sigmoid(ax[:, :H] + ah[:, :H])
                 z = sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])
                 n = np.tanh(ax[:, 2 * H:] + r * ah[:, 2 * H:])
                 return z * n + (1 - z) * h_prev                          # Chung et al.'s convention
             """, "z와 1 − z의 자리가 바뀌었습니다"),
            ("""
             def gru_step_forward(x, h_prev, Wx, Wh, bx, bh):
                 H = h_prev.shape[1]
                 ax = x @ Wx + bx
                 r = sigmoid(ax[:, :H] + h_prev @ Wh[:, :H] + bh[:H])
                 z = sigmoid(ax[:, H:2 * H] + h_prev @ Wh[:, H:2 * H] + bh[H:2 * H])
                 n = np.tanh(ax[:, 2 * H:] + (r * h_prev) @ Wh[:, 2 * H:] + bh[2 * H:])   # r before the matmul
                 return (1 - z) * n + z * h_prev
             """, "행렬곱 **뒤에**"),
            ("""
             def gru_step_forward(x, h_prev, Wx, Wh, bx, bh):
                 H = h_prev.shape[1]
                 a = x @ Wx + bx + h_prev @ Wh + bh
                 r, z = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H])
                 n = np.tanh(a[:, 2 * H:])                                 # r never used
                 return (1 - z) * n + z * h_prev
             """, "`h_next"),
            ("""
             def gru_step_forward(x, h_prev, Wx, Wh, bx, bh):
                 H = h_prev.shape[1]
                 ax, ah = x @ Wx + bx, h_prev @ Wh + bh
                 r = sigmoid(ax[:, :H] + ah[:, :H])
                 z = sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])
                 n = np.tanh(ax[:, 2 * H:] + r * ah[:, 2 * H:])
                 h_next = (1 - z) * n + z * h_prev
                 return h_next, (r, z, n)                                  # a cache as well
             """, "h_next 하나만"),
        ],
        valid=[
            """
            def gru_step_forward(x, h_prev, Wx, Wh, bx, bh):
                ax_r, ax_z, ax_n = np.split(x @ Wx + bx, 3, axis=1)
                ah_r, ah_z, ah_n = np.split(h_prev @ Wh + bh, 3, axis=1)
                r = 1 / (1 + np.exp(-(ax_r + ah_r)))
                z = 1 / (1 + np.exp(-(ax_z + ah_z)))
                n = np.tanh(ax_n + r * ah_n)
                return n + z * (h_prev - n)                               # the same weighted average
            """,
            """
            def gru_step_forward(x, h_prev, Wx, Wh, bx, bh):
                H = h_prev.shape[1]
                block = lambda k: slice(k * H, (k + 1) * H)
                r = sigmoid(x @ Wx[:, block(0)] + bx[block(0)] + h_prev @ Wh[:, block(0)] + bh[block(0)])
                z = sigmoid(x @ Wx[:, block(1)] + bx[block(1)] + h_prev @ Wh[:, block(1)] + bh[block(1)])
                n = np.tanh(x @ Wx[:, block(2)] + bx[block(2)] + r * (h_prev @ Wh[:, block(2)] + bh[block(2)]))
                return (1 - z) * n + z * h_prev
            """,
        ],
    ),
    # ------------------------------------------------------------------ learned embeddings
    "emb-cooccurrence": answers(
        wrong=[
            ("""
             def co_matrix(corpus, vocab_size, window=1):
                 C = np.zeros((vocab_size, vocab_size), dtype=np.int64)
                 for i, w in enumerate(corpus):
                     for d in range(1, window + 1):
                         if i + d < len(corpus):                  # the right-hand neighbours only
                             C[w, corpus[i + d]] += 1
                 return C
             """, "대칭이 아닙니다"),
            ("""
             def co_matrix(corpus, vocab_size, window=1):
                 C = np.zeros((vocab_size, vocab_size), dtype=np.int64)
                 for i, w in enumerate(corpus):
                     for d in range(1, window + 1):
                         C[w, corpus[i - d]] += 1                 # i - d < 0 wraps to the sentence's end
                         if i + d < len(corpus):
                             C[w, corpus[i + d]] += 1
                 return C
             """, "마지막 단어"),
            ("""
             def co_matrix(corpus, vocab_size, window=1):
                 C = np.zeros((vocab_size, vocab_size), dtype=np.int64)
                 n = len(corpus)
                 for i, w in enumerate(corpus):
                     for j in range(max(0, i - window), min(n, i + window + 1)):
                         C[w, corpus[j]] += 1                     # the word itself counted too
                 return C
             """, "대각선에 값이 있습니다"),
        ],
        valid=[
            """
            def co_matrix(corpus, vocab_size, window=1):
                corpus = np.asarray(corpus)
                C = np.zeros((vocab_size, vocab_size), dtype=np.int64)
                for d in range(1, window + 1):
                    np.add.at(C, (corpus[:-d], corpus[d:]), 1)   # each pair d apart, both ways
                    np.add.at(C, (corpus[d:], corpus[:-d]), 1)
                return C
            """,
            """
            def co_matrix(corpus, vocab_size, window=1):
                C = np.zeros((vocab_size, vocab_size), dtype=np.int64)
                n = len(corpus)
                for i in range(n):
                    for j in range(max(0, i - window), min(n, i + window + 1)):
                        if j != i:
                            C[corpus[i], corpus[j]] += 1
                return C
            """,
        ],
    ),
    "emb-ppmi": answers(
        wrong=[
            ("""
             def ppmi_matrix(C, eps=1e-8):
                 C = np.asarray(C, dtype=np.float64)
                 N = C.sum()
                 S = C.sum(axis=1)
                 return np.maximum(0, np.log2(C * N / np.outer(S, S) + eps))   # 0/0 for a word never seen
             """, "NaN이 있습니다"),
            ("""
             def ppmi_matrix(C, eps=1e-8):
                 C = np.asarray(C, dtype=np.float64)
                 N = C.sum()
                 S = C.sum(axis=1)
                 expected = np.outer(S, S) / N
                 ratio = np.divide(C, expected, out=np.zeros_like(C), where=expected > 0)
                 return np.log2(ratio + eps)                                   # PMI, not cut at 0
             """, "음수가 있습니다"),
            ("""
             def ppmi_matrix(C, eps=1e-8):
                 C = np.asarray(C, dtype=np.float64)
                 N = C.sum()
                 S = C.sum(axis=1)
                 expected = np.outer(S, S) / N
                 ratio = np.divide(C, expected, out=np.zeros_like(C), where=expected > 0)
                 return np.maximum(0, np.log(ratio + eps))                     # natural log
             """, "자연로그"),
        ],
        valid=[
            """
            def ppmi_matrix(C, eps=1e-8):
                C = np.asarray(C, dtype=float)
                S = C.sum(axis=1)
                with np.errstate(divide="ignore", invalid="ignore"):
                    pmi = np.log2(C * C.sum() / (S[:, None] * S[None, :]) + eps)
                return np.where(np.isnan(pmi), 0.0, np.clip(pmi, 0, None))
            """,
            """
            def ppmi_matrix(C, eps=1e-8):
                C = np.asarray(C, dtype=np.float64)
                S = C.sum(axis=1)
                safe = np.where(S > 0, S, 1.0)          # an empty row has C = 0 there anyway
                return np.maximum(0.0, np.log2(C * C.sum() / safe[:, None] / safe[None, :] + eps))
            """,
        ],
    ),
    "emb-most-similar": answers(
        wrong=[
            ("""
             def top_k_cosine(W, query, k=5):
                 W_unit = W / np.linalg.norm(W, axis=1, keepdims=True)
                 scores = W_unit @ W_unit[query]
                 order = np.argsort(scores)[::-1][:k]                # the query itself comes first
                 return order, scores[order]
             """, "query 자신"),
            ("""
             def top_k_cosine(W, query, k=5):
                 scores = W @ W[query]                              # dot products, not cosines
                 scores[query] = -np.inf
                 order = np.argsort(scores)[::-1][:k]
                 return order, scores[order]
             """, "query=0의 ids"),
            ("""
             def top_k_cosine(W, query, k=5):
                 scores = (W / np.linalg.norm(W, axis=1, keepdims=True)) @ W[query]   # the query not normalised
                 scores[query] = -np.inf
                 order = np.argsort(scores)[::-1][:k]
                 return order, scores[order]
             """, "유사도"),
        ],
        valid=[
            """
            def top_k_cosine(W, query, k=5):
                norms = np.sqrt((W * W).sum(axis=1))
                scores = (W @ W[query]) / (norms * norms[query])
                order = [i for i in np.argsort(-scores, kind="stable") if i != query][:k]
                return np.array(order), scores[order]
            """,
            """
            def top_k_cosine(W, query, k=5):
                q = W[query] / np.linalg.norm(W[query])
                scores = np.array([row @ q / np.linalg.norm(row) for row in W])
                others = np.delete(np.arange(len(W)), query)
                best = others[np.argsort(-scores[others])[:k]]
                return best, scores[best]
            """,
        ],
    ),
    "emb-sgns-gradient": answers(
        wrong=[
            ("""
             def sgns_batch(v, u_pos, u_neg):
                 B = v.shape[0]
                 s_pos = np.sum(u_pos * v, axis=1)
                 s_neg = np.einsum("bkd,bd->bk", u_neg, v)
                 loss = (np.logaddexp(0, -s_pos).sum() + np.logaddexp(0, s_neg).sum()) / B
                 g_pos = (1 / (1 + np.exp(-s_pos)) - 1) / B
                 g_neg = 1 / (1 + np.exp(-s_neg)) / B
                 dv = g_pos[:, None] * u_pos                       # the noise words' share left out
                 du_pos = g_pos[:, None] * v
                 du_neg = g_neg[:, :, None] * v[:, None, :]
                 return loss, dv, du_pos, du_neg
             """, "가짜 단어들의 몫이 빠졌습니다"),
            ("""
             def sgns_batch(v, u_pos, u_neg):
                 B = v.shape[0]
                 s_pos = np.sum(u_pos * v, axis=1)
                 s_neg = np.einsum("bkd,bd->bk", u_neg, v)
                 loss = (np.logaddexp(0, -s_pos).sum() + np.logaddexp(0, s_neg).sum()) / B
                 g_pos = (1 - 1 / (1 + np.exp(-s_pos))) / B        # d log σ(s), the signs turned
                 g_neg = -1 / (1 + np.exp(-s_neg)) / B
                 dv = g_pos[:, None] * u_pos + np.einsum("bk,bkd->bd", g_neg, u_neg)
                 du_pos = g_pos[:, None] * v
                 du_neg = g_neg[:, :, None] * v[:, None, :]
                 return loss, dv, du_pos, du_neg
             """, "부호가 반대"),
            ("""
             def sgns_batch(v, u_pos, u_neg):
                 B = v.shape[0]
                 s_pos = np.sum(u_pos * v, axis=1)
                 s_neg = np.einsum("bkd,bd->bk", u_neg, v)
                 loss = (np.logaddexp(0, -s_pos).sum() + np.logaddexp(0, s_neg).sum()) / B
                 g_pos = 1 / (1 + np.exp(-s_pos)) - 1              # the batch mean's 1/B forgotten
                 g_neg = 1 / (1 + np.exp(-s_neg))
                 dv = g_pos[:, None] * u_pos + np.einsum("bk,bkd->bd", g_neg, u_neg)
                 du_pos = g_pos[:, None] * v
                 du_neg = g_neg[:, :, None] * v[:, None, :]
                 return loss, dv, du_pos, du_neg
             """, "수치 미분과 다릅니다"),
        ],
        valid=[
            """
            def sgns_batch(v, u_pos, u_neg):
                B = v.shape[0]
                s_pos = np.sum(u_pos * v, axis=1)
                s_neg = np.einsum("bkd,bd->bk", u_neg, v)
                loss = (np.logaddexp(0, -s_pos).sum() + np.logaddexp(0, s_neg).sum()) / B
                sigma = lambda x: 0.5 * (1 + np.tanh(x / 2))
                g_pos = -sigma(-s_pos) / B                         # σ(s) − 1 = −σ(−s)
                g_neg = sigma(s_neg) / B
                dv = g_pos[:, None] * u_pos + (g_neg[:, :, None] * u_neg).sum(axis=1)
                return loss, dv, g_pos[:, None] * v, g_neg[:, :, None] * v[:, None, :]
            """,
            """
            def sgns_batch(v, u_pos, u_neg):
                B = v.shape[0]
                s_pos = np.sum(u_pos * v, axis=1)
                s_neg = np.einsum("bkd,bd->bk", u_neg, v)
                loss = (np.logaddexp(0, -s_pos).sum() + np.logaddexp(0, s_neg).sum()) / B
                dv, du_pos, du_neg = np.zeros_like(v), np.zeros_like(u_pos), np.zeros_like(u_neg)
                for b in range(B):                                 # one pair at a time
                    g = 1 / (1 + np.exp(-s_pos[b])) - 1
                    dv[b] += g * u_pos[b] / B
                    du_pos[b] = g * v[b] / B
                    for k in range(u_neg.shape[1]):
                        g = 1 / (1 + np.exp(-s_neg[b, k]))
                        dv[b] += g * u_neg[b, k] / B
                        du_neg[b, k] = g * v[b] / B
                return loss, dv, du_pos, du_neg
            """,
        ],
    ),
    "emb-add-at": answers(
        wrong=[
            ("""
             def embedding_grad(ids, d, V):
                 dW = np.zeros((V, d.shape[-1]))
                 for i, row in zip(ids.reshape(-1), d.reshape(-1, d.shape[-1])):
                     dW[i] = row                                   # written over, not added
                 return dW
             """, "하나만 남았습니다"),
            ("""
             def embedding_grad(ids, d, V):
                 dW = np.zeros((V, d.shape[-1]))
                 np.add.at(dW, ids, d)
                 uses = np.bincount(ids.reshape(-1), minlength=V)
                 return dW / np.maximum(uses, 1)[:, None]         # the mean of the uses, not their sum
             """, "값이 다릅니다"),
        ],
        valid=[
            """
            def embedding_grad(ids, d, V):
                dW = np.zeros((V, d.shape[-1]))
                for i, row in zip(np.ravel(ids), d.reshape(-1, d.shape[-1])):
                    dW[i] += row
                return dW
            """,
            """
            def embedding_grad(ids, d, V):
                one_hot = np.eye(V)[np.ravel(ids)]                # (n, V): the forward pass as a matmul
                return one_hot.T @ d.reshape(-1, d.shape[-1])
            """,
        ],
    ),
    "emb-word-pieces": answers(
        wrong=[
            ("""
             def word_pieces(word, min_n=1, max_n=3):
                 marked = "<" + word + ">"
                 pieces = []
                 for n in range(min_n, max_n + 1):
                     for i in range(len(marked) - n + 1):
                         if marked[i:i + n] not in pieces:
                             pieces.append(marked[i:i + n])      # "<" and ">" alone kept
                 if len(marked) > max_n:
                     pieces.append(marked)
                 return pieces
             """, "하나만으로 된 조각"),
            ("""
             def word_pieces(word, min_n=1, max_n=3):
                 marked = "<" + word + ">"
                 pieces = []
                 for n in range(min_n, max_n + 1):
                     for i in range(len(marked) - n + 1):
                         piece = marked[i:i + n]
                         if piece not in ("<", ">") and piece not in pieces:
                             pieces.append(piece)
                 return pieces                                     # the whole word left out
             """, "단어 전체"),
            ("""
             def word_pieces(word, min_n=1, max_n=3):
                 marked = "<" + word + ">"
                 pieces = []
                 for n in range(min_n, max_n + 1):
                     for i in range(len(marked) - n + 1):
                         if marked[i:i + n] not in ("<", ">"):
                             pieces.append(marked[i:i + n])      # ㅋ, ㅋㅋ ... more than once
                 if len(marked) > max_n:
                     pieces.append(marked)
                 return pieces
             """, "두 번 나옵니다"),
        ],
        valid=[
            """
            def word_pieces(word, min_n=1, max_n=3):
                marked = f"<{word}>"
                pieces = [marked[i:i + n] for n in range(min_n, max_n + 1) for i in range(len(marked) - n + 1)]
                pieces = [p for p in pieces if p != "<" and p != ">"]
                if len(marked) > max_n:
                    pieces.append(marked)
                return list(dict.fromkeys(pieces))
            """,
            """
            def word_pieces(word, min_n=1, max_n=3):
                marked = "<" + word + ">"
                seen, pieces = set(), []
                for n in range(min_n, min(max_n, len(marked)) + 1):
                    for start in range(len(marked) - n + 1):
                        piece = marked[start:start + n]
                        if piece in ("<", ">") or piece in seen:
                            continue
                        seen.add(piece)
                        pieces.append(piece)
                if len(marked) > max_n:
                    pieces.append(marked)
                return pieces
            """,
        ],
    ),
    "emb-initial-embeddings": answers(
        wrong=[
            ("""
             def initial_embeddings(vectors, pad_id=0):
                 W = np.array(vectors, dtype=np.float64)
                 W[pad_id] = 0
                 norms = np.linalg.norm(W, axis=1, keepdims=True)
                 return W / np.where(norms > 0, norms, 1)          # each row to length 1
             """, "행마다 길이를 1로"),
            ("""
             def initial_embeddings(vectors, pad_id=0):
                 W = np.asarray(vectors, dtype=np.float64)         # the caller's array when it is float64
                 W[pad_id] = 0
                 W /= np.delete(W, pad_id, axis=0).std()
                 return W
             """, "제자리에서"),
            ("""
             def initial_embeddings(vectors, pad_id=0):
                 W = np.array(vectors, dtype=np.float64)
                 W[pad_id] = 0
                 return W / W.std()                                # the padding row's zeros in the std
             """, "값이 다릅니다"),
        ],
        valid=[
            """
            def initial_embeddings(vectors, pad_id=0):
                W = np.array(vectors, dtype=np.float64)
                others = np.arange(len(W)) != pad_id
                W = W / W[others].std()
                W[pad_id] = 0
                return W
            """,
            """
            def initial_embeddings(vectors, pad_id=0):
                W = np.copy(vectors).astype(np.float64)
                rest = np.concatenate([W[:pad_id], W[pad_id + 1:]])
                scale = np.sqrt(np.mean((rest - rest.mean()) ** 2))
                W[pad_id] = 0.0
                return W / scale
            """,
        ],
    ),
}


EXERCISES = course_exercises()


@functools.lru_cache(maxsize=None)
def _namespace(exercise: str) -> dict:
    page, _ = EXERCISES[exercise]
    return namespace_before(page, exercise)


def _run(exercise: str, code: str) -> tuple[bool, str]:
    """The learner's `code`, then the exercise's check, in a copy of the page's namespace."""
    _, cell = EXERCISES[exercise]
    return check_passes(cell, dict(_namespace(exercise)), code)


def _normal(code: str) -> str:
    return "\n".join(line.split("#")[0].rstrip() for line in code.strip().splitlines() if line.strip())


def test_every_exercise_has_answers():
    missing = sorted(set(EXERCISES) - set(ANSWERS))
    assert not missing, (f"exercises without wrong and valid answers in {Path(__file__).name}'s ANSWERS: {missing}; "
                         "add at least one plausible wrong answer and one valid alternative for each")
    stale = sorted(set(ANSWERS) - set(EXERCISES))
    assert not stale, f"ANSWERS names exercises that no page has: {stale}"
    for exercise, entry in ANSWERS.items():
        assert entry.wrong and entry.valid, f"{exercise}: needs at least one wrong and one valid answer"
        _, cell = EXERCISES[exercise]
        for code in entry.valid:
            assert _normal(code) != _normal(cell.solution), f"{exercise}: a valid answer repeats the solution"
        for wrong in entry.wrong:
            assert _normal(wrong.code) != _normal(cell.code), f"{exercise}: a wrong answer repeats the starter"


WRONG = [(exercise, k) for exercise, entry in ANSWERS.items() for k in range(len(entry.wrong))]
VALID = [(exercise, k) for exercise, entry in ANSWERS.items() for k in range(len(entry.valid))]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")   # some wrong answers overflow or take log(0), by design
@pytest.mark.parametrize(("exercise", "k"), WRONG, ids=[f"{e}-wrong{k}" for e, k in WRONG])
def test_wrong_answer_fails_with_its_feedback(exercise: str, k: int):
    wrong = ANSWERS[exercise].wrong[k]
    passed, message = _run(exercise, wrong.code)
    assert not passed, f"{exercise}: the check accepts a wrong answer:\n{wrong.code}"
    assert wrong.says in message, (f"{exercise}: the feedback for this wrong answer should say {wrong.says!r}, "
                                   f"it says:\n{message}\n--- the answer ---\n{wrong.code}")


@pytest.mark.parametrize(("exercise", "k"), VALID, ids=[f"{e}-valid{k}" for e, k in VALID])
def test_valid_alternative_passes(exercise: str, k: int):
    code = ANSWERS[exercise].valid[k]
    passed, message = _run(exercise, code)
    assert passed, f"{exercise}: the check rejects a valid answer: {message}\n--- the answer ---\n{code}"


def _statements(code: str) -> set[str]:
    """The code's statements, whitespace-normalised, without comments, def lines and imports."""
    found = set()
    for line in code.splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith(("def ", '"""', "import ", "from ")):
            found.add(" ".join(line.split()))
    return found


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_hints_are_graduated(exercise: str):
    """At least two hints, and together they leave the learner at least one line of the solution to write."""
    _, cell = EXERCISES[exercise]
    assert len(cell.hints) >= 2, f"{exercise}: give at least two hints, from the idea to the last step"
    new = _statements(cell.solution) - _statements(cell.code)
    hints = " ".join(" ".join(hint.split()) for hint in cell.hints)
    assert not new or any(line not in hints for line in new), (
        f"{exercise}: the hints spell out every line the solution adds to the starter code; "
        "leave the learner one real step in the last hint")
