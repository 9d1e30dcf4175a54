"""Splitting labelled data for evaluation: a held-out test set, and folds for cross-validation.

- `stratified_split(labels, test_size, seed)`: train/test indices that keep class proportions.
- `stratified_kfold(labels, n_splits, seed)`: k train/test splits for k-fold cross-validation,
  every example tested exactly once, class proportions kept in every fold.

Both return indices (int64 arrays), so the same split serves documents, labels and feature rows:
`X[train]`, `labels[test]`.
"""

from __future__ import annotations

from numbers import Real

import numpy as np

from ._checks import describe, random_generator

__all__ = ["stratified_split", "stratified_kfold"]


def stratified_split(labels, test_size: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Split indices into train and test sets that keep each class's proportion.

    For each class c with n_c examples, round(test_size * n_c) of them (chosen at random by a
    `numpy.random.Generator` seeded with `seed`) go to the test set, the rest to the training
    set. A class with at least 2 examples always keeps at least one on each side; a class
    with a single example stays in the training set.

    Args:
        labels: 1-D array-like of N class labels (ints or strings).
        test_size: fraction of each class in the test set, strictly between 0 and 1.
        seed: seed of the generator; the same seed gives the same split.

    Returns:
        `(train_idx, test_idx)`: int64 arrays, each sorted ascending; together they hold
        every index 0..N-1 exactly once.
    """
    where = "stratified_split"
    y = _labels(where, labels)
    if isinstance(test_size, bool) or not isinstance(test_size, Real):
        raise TypeError(f"{where}: test_size에는 0과 1 사이의 비율(숫자)이 와야 합니다, 받은 값: {describe(test_size)}")
    if not 0.0 < float(test_size) < 1.0:
        raise ValueError(f"{where}: test_size must lie strictly between 0 and 1, got {test_size}")
    rng = random_generator(where, seed)
    test_parts = []
    for c in np.unique(y):
        members = np.flatnonzero(y == c)
        n_c = len(members)
        # round half up, so 0.5 is never rounded down to an even 0
        n_test = int(np.floor(test_size * n_c + 0.5))
        if n_c >= 2:
            n_test = min(max(n_test, 1), n_c - 1)
        else:
            n_test = 0
        test_parts.append(rng.permutation(members)[:n_test])
    test_idx = np.sort(np.concatenate(test_parts)) if test_parts else np.empty(0, dtype=np.int64)
    is_test = np.zeros(len(y), dtype=bool)
    is_test[test_idx] = True
    train_idx = np.flatnonzero(~is_test)
    return train_idx.astype(np.int64), test_idx.astype(np.int64)


def stratified_kfold(labels, n_splits: int = 5, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Splits for k-fold cross-validation that keep each class's proportion in every fold.

    The examples of each class are shuffled (a `numpy.random.Generator` seeded with `seed`),
    the classes are laid one after another, and the examples are dealt to the folds in turn
    like cards: example j of that sequence goes to fold j mod k. So every example is in
    exactly one test fold, fold sizes differ by at most one, and so does each class's count
    across folds (200 positive and 200 negative reviews, k = 5: 40 + 40 in every fold).

    A score averaged over the k folds depends far less on one lucky or unlucky split than a
    single held-out score: on a small data set, the spread over the folds is the honest error bar.

    Args:
        labels: 1-D array-like of N class labels (ints or strings).
        n_splits: k, the number of folds, 2 <= k <= N.
        seed: seed of the generator; the same seed gives the same folds.

    Returns:
        a list of k pairs `(train_idx, test_idx)` of int64 arrays, each sorted ascending; fold
        i tests `test_idx` and trains on the other N - len(test_idx) examples.
    """
    where = "stratified_kfold"
    y = _labels(where, labels)
    if isinstance(n_splits, bool) or not isinstance(n_splits, (int, np.integer)):
        raise ValueError(f"{where}: n_splits must be an int, got {n_splits!r}")
    if not 2 <= n_splits <= len(y):
        raise ValueError(f"{where}: n_splits must satisfy 2 <= n_splits <= N = {len(y)}, got {n_splits}")
    rng = random_generator(where, seed)
    # each class shuffled, the classes one after another: [class 0 ..., class 1 ..., ...]
    dealt = np.concatenate([rng.permutation(np.flatnonzero(y == c)) for c in np.unique(y)])
    # deal like cards: the j-th example of the sequence goes to fold j mod k
    fold_of = np.empty(len(y), dtype=np.int64)
    fold_of[dealt] = np.arange(len(y)) % n_splits
    return [(np.flatnonzero(fold_of != k).astype(np.int64), np.flatnonzero(fold_of == k).astype(np.int64))
            for k in range(n_splits)]


def _labels(where: str, labels) -> np.ndarray:
    """The class labels as a 1-D array; None or a single str refused."""
    if labels is None or isinstance(labels, (str, bytes)) or not hasattr(labels, "__len__"):
        raise TypeError(f"{where}: labels에는 레이블의 리스트(또는 1-D 배열)가 와야 합니다, 받은 값: {describe(labels)}")
    y = np.asarray(labels)
    if y.ndim != 1:
        raise ValueError(f"{where}: labels must be 1-D of shape (N,), got shape {y.shape}")
    return y
