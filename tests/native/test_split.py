"""nlplab.split: the stratified held-out split and stratified k-fold cross-validation."""

from __future__ import annotations

import numpy as np
import pytest

from nlplab.datasets import load_reviews
from nlplab.split import stratified_kfold, stratified_split

# --------------------------------------------------------------------------- stratified split


def test_stratified_split_keeps_class_proportions():
    labels = np.array([0] * 80 + [1] * 20)
    train_idx, test_idx = stratified_split(labels, test_size=0.25, seed=3)
    assert len(test_idx) == 25 and len(train_idx) == 75
    assert int((labels[test_idx] == 1).sum()) == 5
    assert int((labels[test_idx] == 0).sum()) == 20
    assert np.array_equal(np.sort(np.concatenate([train_idx, test_idx])), np.arange(100))
    assert np.all(np.diff(test_idx) > 0) and np.all(np.diff(train_idx) > 0)
    assert train_idx.dtype == np.int64 and test_idx.dtype == np.int64


def test_stratified_split_is_seeded():
    labels = np.repeat(["ham", "spam", "eggs"], [50, 30, 20])
    a = stratified_split(labels, 0.2, seed=7)
    b = stratified_split(labels, 0.2, seed=7)
    c = stratified_split(labels, 0.2, seed=8)
    assert np.array_equal(a[1], b[1]) and np.array_equal(a[0], b[0])
    assert not np.array_equal(a[1], c[1])
    assert [int((labels[a[1]] == k).sum()) for k in ("ham", "spam", "eggs")] == [10, 6, 4]


def test_stratified_split_rounds_half_up_and_keeps_both_sides():
    labels = np.array([0] * 5 + [1] * 2 + [2])
    train_idx, test_idx = stratified_split(labels, test_size=0.1, seed=0)
    test_labels = labels[test_idx].tolist()
    # class 0: 0.5 -> 1; class 1: 0.2 -> at least 1; class 2 (one example) stays in training
    assert sorted(test_labels) == [0, 1]
    assert 7 in train_idx
    train_idx, test_idx = stratified_split(labels, test_size=0.9, seed=0)
    # at least one example of every class with two or more stays in training
    assert sorted(labels[train_idx].tolist()) == [0, 1, 2]


def test_stratified_split_real_spam_labels_shape():
    labels = np.array([0] * 4150 + [1] * 1896)
    train_idx, test_idx = stratified_split(labels, 0.2, seed=0)
    assert len(test_idx) == 830 + 379
    assert abs(labels[test_idx].mean() - labels.mean()) < 1e-3


def test_stratified_split_empty_and_bad_input():
    train_idx, test_idx = stratified_split(np.array([], dtype=int))
    assert train_idx.shape == (0,) and test_idx.shape == (0,)
    with pytest.raises(ValueError, match=r"1-D.*\(2, 2\)"):
        stratified_split(np.zeros((2, 2)))
    for bad in (0, 1, 1.5, -0.1):
        with pytest.raises(ValueError, match="strictly between 0 and 1"):
            stratified_split([0, 1, 0, 1], test_size=bad)


def test_stratified_kfold_tests_every_example_once_with_balanced_classes():
    labels = np.array([0] * 13 + [1] * 7)
    folds = stratified_kfold(labels, n_splits=5, seed=0)
    assert len(folds) == 5
    tested = np.concatenate([test for _, test in folds])
    assert sorted(tested.tolist()) == list(range(20))          # every example tested exactly once
    for train, test in folds:
        assert train.dtype == np.int64 and test.dtype == np.int64
        assert np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0)
        assert np.intersect1d(train, test).size == 0 and len(train) + len(test) == 20
        assert len(test) == 4
    # 13 zeros over 5 folds: 3 or 2 per fold; 7 ones: 2 or 1 per fold
    zeros = sorted(int((labels[test] == 0).sum()) for _, test in folds)
    ones = sorted(int((labels[test] == 1).sum()) for _, test in folds)
    assert zeros == [2, 2, 3, 3, 3] and ones == [1, 1, 1, 2, 2]


def test_stratified_kfold_on_the_review_labels_and_seeds():
    labels = load_reviews().labels
    folds = stratified_kfold(labels, n_splits=5, seed=0)
    assert [(int((labels[t] == 0).sum()), int((labels[t] == 1).sum())) for _, t in folds] == [(40, 40)] * 5
    again = stratified_kfold(labels, n_splits=5, seed=0)
    other = stratified_kfold(labels, n_splits=5, seed=1)
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(folds, again))
    assert not all(np.array_equal(a[1], b[1]) for a, b in zip(folds, other))


def test_stratified_kfold_bad_input():
    with pytest.raises(ValueError, match=r"2 <= n_splits <= N = 4, got 1"):
        stratified_kfold([0, 1, 0, 1], n_splits=1)
    with pytest.raises(ValueError, match=r"2 <= n_splits <= N = 4, got 5"):
        stratified_kfold([0, 1, 0, 1], n_splits=5)
    with pytest.raises(ValueError, match="must be an int"):
        stratified_kfold([0, 1, 0, 1], n_splits=2.0)
    with pytest.raises(ValueError, match=r"1-D.*\(2, 2\)"):
        stratified_kfold(np.zeros((2, 2)), n_splits=2)
