"""nlplab.similarity: cosine and Jaccard by hand, zero vectors, empty sets, bad input."""

import math

import numpy as np
import pytest

from nlplab.similarity import cosine_similarity, jaccard_similarity, pairwise_cosine, pairwise_jaccard


def test_cosine_by_hand():
    assert cosine_similarity([1, 0], [0, 1]) == 0.0
    assert cosine_similarity([1, 2], [-1, -2]) == pytest.approx(-1.0, abs=1e-15)
    # the lecture's TDM rows [1, 0, 1, 1] and [1, 1, 2, 0]: 3 / (sqrt(3) sqrt(6))
    assert cosine_similarity([1, 0, 1, 1], [1, 1, 2, 0]) == pytest.approx(3 / math.sqrt(18), abs=1e-15)
    # same counts, different order of words: similarity 1 (the lecture's point)
    assert cosine_similarity([2, 1, 1], [2, 1, 1]) == pytest.approx(1.0, abs=1e-15)


def test_cosine_with_a_zero_vector_is_zero_like_sklearn():
    assert cosine_similarity([0, 0, 0], [1, 2, 3]) == 0.0
    assert cosine_similarity([0, 0], [0, 0]) == 0.0
    S = pairwise_cosine(np.array([[0, 0], [3, 4]]))
    np.testing.assert_allclose(S, [[0, 0], [0, 1]], atol=1e-15)


def test_pairwise_cosine_shapes_and_dtype():
    X = np.arange(6, dtype=np.float32).reshape(3, 2)
    Y = np.ones((4, 2), dtype=np.float32)
    S = pairwise_cosine(X, Y)
    assert S.shape == (3, 4) and S.dtype == np.float32
    assert pairwise_cosine(X.astype(int)).dtype == np.float64
    np.testing.assert_allclose(np.diag(pairwise_cosine(X[1:])), [1, 1], atol=1e-6)


def test_cosine_bad_input_names_the_shapes():
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        cosine_similarity([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match=r"X has shape \(2, 3\) and Y has shape \(2, 2\)"):
        pairwise_cosine(np.ones((2, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="1-D"):
        cosine_similarity(np.ones((2, 2)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="NaN"):
        cosine_similarity([1.0, float("nan")], [1.0, 1.0])


def test_jaccard_of_sets_and_token_lists():
    assert jaccard_similarity({"오늘", "밥"}, {"어제", "밥", "오늘"}) == pytest.approx(2 / 3)
    # duplicates count once: {"어제", "밥", "오늘"} vs {"오늘", "밥"}
    assert jaccard_similarity("어제 밥 오늘 밥".split(), ["오늘", "밥"]) == pytest.approx(2 / 3)
    assert jaccard_similarity([], ["a"]) == 0.0
    assert jaccard_similarity(set(), set()) == 0.0
    assert jaccard_similarity(set(), set(), zero_division=1.0) == 1.0
    with pytest.raises(ValueError, match="single string"):
        jaccard_similarity("밥", {"밥"})


def test_jaccard_of_binary_vectors():
    a = np.array([1, 1, 0, 1, 0])
    b = np.array([1, 0, 1, 1, 0])
    # TP = 2, FP + FN = 2
    assert jaccard_similarity(a, b) == pytest.approx(0.5)
    assert jaccard_similarity(np.zeros(3), np.zeros(3)) == 0.0
    with pytest.raises(ValueError, match="only 0 and 1"):
        jaccard_similarity(np.array([2, 0]), np.array([1, 0]))
    with pytest.raises(ValueError, match="not one of each"):
        jaccard_similarity(np.array([1, 0]), [1, 0])
    with pytest.raises(ValueError, match=r"\(2,\).*\(3,\)"):
        jaccard_similarity(np.array([1, 0]), np.array([1, 0, 1]))


def test_pairwise_jaccard_matches_the_vector_form():
    X = np.array([[1, 1, 0, 1], [0, 0, 0, 0], [1, 0, 1, 0]])
    J = pairwise_jaccard(X)
    assert J.shape == (3, 3)
    for i in range(3):
        for j in range(3):
            assert J[i, j] == jaccard_similarity(X[i], X[j])
    assert J[0, 2] == pytest.approx(1 / 4)
    assert J[1, 1] == 0.0
    assert pairwise_jaccard(X, zero_division=1.0)[1, 1] == 1.0
