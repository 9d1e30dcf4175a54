"""How alike two documents are: cosine similarity of vectors, Jaccard similarity of sets.

- `cosine_similarity(a, b)`: a . b / (||a|| ||b||) for two vectors of the same length.
- `jaccard_similarity(a, b)`: |A ∩ B| / |A ∪ B| for two sets (or lists of tokens), or for two
  binary (0/1) vectors, where it is TP / (TP + FP + FN) as in scikit-learn's `jaccard_score`.
- `pairwise_cosine(X, Y=None)`, `pairwise_jaccard(X, Y=None)`: every row of X against every
  row of Y (or of X), an (n, m) matrix, as `sklearn.metrics.pairwise.cosine_similarity`.

Zero vectors and empty sets, where both formulas divide 0 by 0, follow scikit-learn: cosine
similarity with a zero vector is 0, and the Jaccard similarity of two empty sets is
`zero_division` (0.0 by default, like `jaccard_score`).

float32 input gives float32 output; any other numeric input gives float64.
"""

from __future__ import annotations

import numpy as np

from ._checks import check_allocation, describe, float32_or_float64, is_scipy_sparse, numeric_array

__all__ = ["cosine_similarity", "jaccard_similarity", "pairwise_cosine", "pairwise_jaccard"]


def _dense_float(where: str, name: str, X, ndim: int) -> np.ndarray:
    """X as a dense float array of `ndim` dimensions (float32 stays float32, else float64);
    scipy.sparse is made dense; NaN/inf refused."""
    if is_scipy_sparse(X):
        X = X.toarray()
    if isinstance(X, (set, frozenset)):
        raise TypeError(f"{where}: {name}에는 숫자 벡터가 와야 합니다, 받은 값: {describe(X)} "
                        "(집합끼리는 jaccard_similarity를 쓰세요)")
    X = numeric_array(where, name, X)
    if X.ndim != ndim:
        expected = "a 1-D vector of shape (d,)" if ndim == 1 else "a 2-D matrix of shape (n, d)"
        raise ValueError(f"{where}: {name} must be {expected}, got shape {X.shape}")
    X = X.astype(float32_or_float64(X.dtype))
    if not np.isfinite(X).all():
        raise ValueError(f"{where}: {name} contains NaN or infinity")
    return X


def _same_length(where: str, a: np.ndarray, b: np.ndarray, names=("a", "b")) -> None:
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(
            f"{where}: {names[0]} has shape {a.shape} and {names[1]} has shape {b.shape}: "
            f"their last dimensions (number of features) must be equal"
        )


def _result_dtype(a: np.ndarray, b: np.ndarray):
    return np.float32 if a.dtype == np.float32 and b.dtype == np.float32 else np.float64


def _row_pairs(where: str, X, Y, as_rows) -> tuple[np.ndarray, np.ndarray, type]:
    """X and Y (Y = X when None) checked by as_rows, of one width; the (n, m) result's dtype,
    its size checked before it is allocated."""
    X = as_rows(where, "X", X, 2)
    Y = X if Y is None else as_rows(where, "Y", Y, 2)
    _same_length(where, X, Y, ("X", "Y"))
    dtype = _result_dtype(X, Y)
    check_allocation(where, (X.shape[0], Y.shape[0]), dtype, "행을 나누어 몇 개씩 계산하세요.")
    return X, Y, dtype


def pairwise_cosine(X, Y=None) -> np.ndarray:
    """Cosine similarity of every row of X with every row of Y.

    Args:
        X: (n, d) matrix, one vector per row (dense or scipy.sparse).
        Y: (m, d) matrix; None means Y = X.

    Returns:
        S of shape (n, m): S[i, j] = x_i . y_j / (||x_i|| ||y_j||), and 0 where x_i or y_j is a
        zero vector (scikit-learn's convention).
    """
    X, Y, dtype = _row_pairs("pairwise_cosine", X, Y, _dense_float)
    # ||x_i|| for every row; a zero row keeps length 1 so that it stays a zero row
    x_len = np.sqrt(np.einsum("ij,ij->i", X, X))
    y_len = np.sqrt(np.einsum("ij,ij->i", Y, Y))
    x_len[x_len == 0] = 1
    y_len[y_len == 0] = 1
    # S = (X / ||x||) (Y / ||y||)^T
    return ((X / x_len[:, None]) @ (Y / y_len[:, None]).T).astype(dtype, copy=False)


def cosine_similarity(a, b):
    """Cosine of the angle between two vectors: a . b / (||a|| ||b||), in [-1, 1].

    a, b: 1-D of the same length d. Returns a float scalar; 0 when either is a zero vector.
    """
    where = "cosine_similarity"
    a = _dense_float(where, "a", a, 1)
    b = _dense_float(where, "b", b, 1)
    _same_length(where, a, b)
    return pairwise_cosine(a[None, :], b[None, :])[0, 0]


def _binary(where: str, name: str, X, ndim: int) -> np.ndarray:
    X = _dense_float(where, name, X, ndim)
    if not np.isin(X, (0.0, 1.0)).all():
        bad = X[~np.isin(X, (0.0, 1.0))][0]
        raise ValueError(f"{where}: {name} must hold only 0 and 1 (a binary vector), found {bad}")
    return X


def pairwise_jaccard(X, Y=None, zero_division: float = 0.0) -> np.ndarray:
    """Jaccard similarity of every binary row of X with every binary row of Y.

    Args:
        X: (n, d) matrix of 0/1 (e.g. `CountVectorizer(binary=True)` output).
        Y: (m, d) matrix of 0/1; None means Y = X.
        zero_division: the value where both rows are all zeros (0/0).

    Returns:
        J of shape (n, m): J[i, j] = |x_i AND y_j| / |x_i OR y_j|.
    """
    X, Y, dtype = _row_pairs("pairwise_jaccard", X, Y, _binary)
    # |x AND y| = x . y for 0/1 vectors
    intersection = X @ Y.T
    # |x OR y| = |x| + |y| - |x AND y|
    union = X.sum(axis=1)[:, None] + Y.sum(axis=1)[None, :] - intersection
    with np.errstate(divide="ignore", invalid="ignore"):
        J = np.where(union > 0, intersection / union, zero_division)
    return J.astype(dtype, copy=False)


def jaccard_similarity(a, b, zero_division: float = 0.0):
    """Jaccard similarity |A ∩ B| / |A ∪ B| of two sets, or of two binary vectors.

    - Two numpy arrays are binary vectors of the same length (1 = the term is present):
      J = TP / (TP + FP + FN), scikit-learn's `jaccard_score(a, b)`.
    - Anything else (sets, lists or tuples of tokens) is taken as a set of items:
      `jaccard_similarity("어제 밥 오늘 밥".split(), ["오늘", "밥"])` = 2/3 (duplicates count once).

    A single string is refused (pass `set(text)` for its characters or `text.split()` for its
    words). When both are empty the result is `zero_division` (0.0, as scikit-learn).
    """
    where = "jaccard_similarity"
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            raise ValueError(f"{where}: pass two numpy arrays (binary vectors) or two sets/lists of items, not one of each")
        a = _binary(where, "a", a, 1)
        b = _binary(where, "b", b, 1)
        _same_length(where, a, b)
        return pairwise_jaccard(a[None, :], b[None, :], zero_division)[0, 0]
    for name, value in (("a", a), ("b", b)):
        if isinstance(value, (str, bytes)):
            raise ValueError(
                f"{where}: {name} is a single string: pass set({name}) for its characters or {name}.split() for its words"
            )
    for name, value in (("a", a), ("b", b)):
        if value is None or not hasattr(value, "__iter__"):
            raise TypeError(f"{where}: {name}에는 집합(또는 토큰 리스트)이나 0/1 배열이 와야 합니다, 받은 값: {describe(value)}")
    try:
        A, B = set(a), set(b)
    except TypeError:
        raise TypeError(f"{where}: 원소는 토큰(문자열)이어야 합니다: 리스트의 리스트는 집합으로 만들 수 없습니다") from None
    union = len(A | B)
    if union == 0:
        return float(zero_division)
    return len(A & B) / union
