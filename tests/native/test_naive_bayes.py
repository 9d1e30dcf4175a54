"""nlplab.naive_bayes: the lecture's numbers, hand-worked probabilities and pinned edge cases.

The scikit-learn comparisons are in test_sklearn_crosscheck.py.
"""

import math
import sys

import numpy as np
import pytest

from helpers import import_reference
from nlplab.naive_bayes import BernoulliNB, CategoricalNB, MultinomialNB, logsumexp, parameter_count

ALL_MODELS = [MultinomialNB, BernoulliNB, CategoricalNB]

# The lecture's auction table: 서울, 부산 dummies and the price class.
SEOUL_BUSAN = np.array([[1, 0], [1, 0], [1, 0], [0, 1], [0, 1]])
PRICE = np.array(["높음", "높음", "낮음", "낮음", "낮음"])


# --------------------------------------------------------------------------- logsumexp


def test_logsumexp_is_stable():
    assert logsumexp(np.array([1000.0, 1000.0])) == pytest.approx(1000 + math.log(2), abs=1e-12)
    assert logsumexp(np.array([-1000.0, -1000.0])) == pytest.approx(-1000 + math.log(2), abs=1e-12)
    np.testing.assert_allclose(logsumexp(np.log([[0.2, 0.3], [0.5, 0.5]]), axis=1), np.log([0.5, 1.0]), atol=1e-15)
    assert logsumexp(np.array([-np.inf, -np.inf])) == -np.inf
    assert logsumexp(np.array([-np.inf, 0.0])) == 0.0


# --------------------------------------------------------------------------- parameter_count


def test_parameter_count_lecture_numbers():
    # 17 cities (binary features), 2 classes (높음 / 낮음)
    assert parameter_count(17, 2, naive=False) == (2**17 - 1) * 2 == 262_142
    assert parameter_count(17, 2, naive=True) == 34
    assert parameter_count(1, 2, naive=False) == parameter_count(1, 2, naive=True) == 2
    big = parameter_count(100, 3, naive=False)
    assert isinstance(big, int) and big == (2**100 - 1) * 3  # exact, beyond float precision
    with pytest.raises(ValueError):
        parameter_count(-1, 2, naive=True)
    with pytest.raises(ValueError):
        parameter_count(3, 0, naive=True)
    with pytest.raises(ValueError):
        parameter_count(2.5, 2, naive=True)


# --------------------------------------------------------------------------- the lecture's table


def test_lecture_table_by_counting_with_categorical_nb():
    # one categorical feature "city": 서울 = 0, 부산 = 1
    city = SEOUL_BUSAN[:, [1]]
    nb = CategoricalNB(alpha=0).fit(city, PRICE)
    assert list(nb.classes_) == ["낮음", "높음"]
    # P(서울 | 낮음) = 1/3, P(서울 | 높음) = 2/2; P(낮음) = 3/5, P(높음) = 2/5
    np.testing.assert_allclose(np.exp(nb.feature_log_prob_[0]), [[1 / 3, 2 / 3], [1, 0]], atol=1e-15)
    np.testing.assert_allclose(np.exp(nb.class_log_prior_), [3 / 5, 2 / 5], atol=1e-15)
    np.testing.assert_array_equal(nb.category_count_[0], [[1, 2], [2, 0]])
    # P(높음 | 서울) = 2/3, P(낮음 | 서울) = 1/3; 부산 rules 높음 out entirely
    np.testing.assert_allclose(nb.predict_proba([[0], [1]]), [[1 / 3, 2 / 3], [1, 0]], atol=1e-15)
    assert list(nb.predict([[0], [1]])) == ["높음", "낮음"]


def test_lecture_table_with_bernoulli_nb_on_the_seoul_column():
    nb = BernoulliNB(alpha=0).fit(SEOUL_BUSAN[:, [0]], PRICE)
    np.testing.assert_allclose(nb.predict_proba([[1]]), [[1 / 3, 2 / 3]], atol=1e-15)
    # alpha -> 0 approaches the counted value
    near = BernoulliNB(alpha=1e-9).fit(SEOUL_BUSAN[:, [0]], PRICE).predict_proba([[1]])
    np.testing.assert_allclose(near, [[1 / 3, 2 / 3]], atol=1e-8)
    # Laplace smoothing moves it: (2+1)/(2+2) * 2/5 vs (1+1)/(3+2) * 3/5 -> 5/9
    laplace = BernoulliNB(alpha=1).fit(SEOUL_BUSAN[:, [0]], PRICE).predict_proba([[1]])
    np.testing.assert_allclose(laplace[0, 1], (3 / 4 * 2 / 5) / (3 / 4 * 2 / 5 + 2 / 5 * 3 / 5), atol=1e-15)


def test_both_dummies_count_the_same_evidence_twice():
    # 부산 = 1 - 서울 is not independent of 서울: the naive product counts it twice,
    # 0.4 * 1 * 1 vs 0.6 * (1/3) * (1/3) -> P(높음 | 서울, not 부산) = 6/7, not 2/3
    nb = BernoulliNB(alpha=0).fit(SEOUL_BUSAN, PRICE)
    np.testing.assert_allclose(nb.predict_proba([[1, 0]]), [[1 / 7, 6 / 7]], atol=1e-15)


# --------------------------------------------------------------------------- by hand


def test_multinomial_by_hand():
    X = np.array([[2, 1, 0], [0, 1, 3], [1, 0, 0]])
    y = np.array([1, 0, 1])
    nb = MultinomialNB(alpha=1).fit(X, y)
    np.testing.assert_array_equal(nb.feature_count_, [[0, 1, 3], [3, 1, 0]])
    np.testing.assert_array_equal(nb.class_count_, [1, 2])
    # class 1: counts (3, 1, 0) + 1 over 4 + 3
    np.testing.assert_allclose(np.exp(nb.feature_log_prob_[1]), [4 / 7, 2 / 7, 1 / 7], atol=1e-15)
    # x = (1, 0, 1): P(1) P(w0|1) P(w2|1) vs P(0) P(w0|0) P(w2|0)
    joint1 = 2 / 3 * (4 / 7) * (1 / 7)
    joint0 = 1 / 3 * (1 / 7) * (4 / 7)
    np.testing.assert_allclose(nb.predict_proba([[1, 0, 1]]), [[joint0, joint1]] / np.float64(joint0 + joint1), atol=1e-15)


def test_bernoulli_counts_absent_words_and_binarizes():
    X = np.array([[3, 0], [1, 1], [0, 2]])
    y = np.array([0, 0, 1])
    nb = BernoulliNB(alpha=1).fit(X, y)
    np.testing.assert_array_equal(nb.feature_count_, [[2, 1], [0, 1]])
    # x = (0, 1): class 0 -> P(x0=0|0) = (2-2+1)/(2+2), P(x1=1|0) = (1+1)/4; class 1 -> 2/3, 2/3
    joint0 = 2 / 3 * (1 / 4) * (2 / 4)
    joint1 = 1 / 3 * (2 / 3) * (2 / 3)
    np.testing.assert_allclose(nb.predict_proba([[0, 5]]), [[joint0, joint1]] / np.float64(joint0 + joint1), atol=1e-15)
    strict = BernoulliNB(binarize=None)
    with pytest.raises(ValueError, match="0/1"):
        strict.fit(X, y)


def test_log_space_survives_long_documents():
    # 2,000 occurrences of a word: a product of probabilities underflows to 0.0, logs do not
    X = np.array([[1, 0], [0, 1]])
    nb = MultinomialNB(alpha=1).fit(X, [0, 1])
    assert (2 / 3) ** 2000 * (1 / 3) ** 2000 == 0.0
    proba = nb.predict_proba([[2000, 2001]])
    np.testing.assert_allclose(proba[0], [1 / 3, 2 / 3], atol=1e-12)


def test_priors():
    X = np.array([[1, 0], [1, 0], [0, 1]])
    y = np.array([0, 0, 1])
    np.testing.assert_allclose(MultinomialNB().fit(X, y).class_log_prior_, np.log([2 / 3, 1 / 3]))
    np.testing.assert_allclose(MultinomialNB(fit_prior=False).fit(X, y).class_log_prior_, np.log([0.5, 0.5]))
    np.testing.assert_allclose(MultinomialNB(class_prior=[0.9, 0.1]).fit(X, y).class_log_prior_, np.log([0.9, 0.1]))
    with pytest.raises(ValueError, match=r"class_prior has shape \(3,\).*expected shape \(2,\)"):
        MultinomialNB(class_prior=[0.2, 0.3, 0.5]).fit(X, y)


# --------------------------------------------------------------------------- edge cases


@pytest.mark.parametrize("model", ALL_MODELS)
def test_single_class(model):
    X = np.array([[1, 0], [2, 1], [0, 1]])
    nb = model().fit(X, ["spam"] * 3)
    assert list(nb.classes_) == ["spam"]
    assert list(nb.predict([[1, 1], [0, 0]])) == ["spam", "spam"]
    np.testing.assert_array_equal(nb.predict_proba([[1, 1]]), [[1.0]])
    np.testing.assert_array_equal(nb.class_log_prior_, [0.0])


@pytest.mark.parametrize("model", ALL_MODELS)
def test_negative_alpha_is_refused(model):
    with pytest.raises(ValueError, match="alpha must be >= 0"):
        model(alpha=-0.5).fit([[1, 0], [0, 1]], [0, 1])
    with pytest.raises(ValueError, match="alpha"):
        model(alpha=float("nan")).fit([[1, 0], [0, 1]], [0, 1])


def test_alpha_zero_gives_zero_probabilities_and_refuses_impossible_samples():
    X = np.array([[1, 0, 0], [0, 1, 0]])
    nb = MultinomialNB(alpha=0).fit(X, [0, 1])
    assert np.isneginf(nb.feature_log_prob_[0, 1])
    # word 0 rules class 1 out: P(1 | x) = 0 exactly, no NaN
    np.testing.assert_array_equal(nb.predict_proba([[3, 0, 0]]), [[1.0, 0.0]])
    # word 0 and word 1 together rule out both classes; word 2 was never seen at all
    for impossible in ([[1, 1, 0]], [[0, 0, 1]]):
        with pytest.raises(ValueError, match=r"sample\(s\) \[0\] have probability 0 under every class"):
            nb.predict(impossible)
    # an empty document falls back on the prior
    np.testing.assert_allclose(nb.predict_proba([[0, 0, 0]]), [[0.5, 0.5]])


@pytest.mark.parametrize("model", ALL_MODELS)
def test_nan_and_infinity_are_refused(model):
    with pytest.raises(ValueError, match="NaN"):
        model().fit([[1.0, float("nan")], [0.0, 1.0]], [0, 1])
    nb = model().fit([[1, 0], [0, 1]], [0, 1])
    with pytest.raises(ValueError, match="NaN"):
        nb.predict([[float("nan"), 1.0]])
    with pytest.raises(ValueError, match="NaN"):
        model().fit([[1, 0], [0, 1]], [0.0, float("nan")])
    with pytest.raises(ValueError, match="infinity"):
        model().fit([[1.0, float("inf")], [0.0, 1.0]], [0, 1])


@pytest.mark.parametrize("model", ALL_MODELS)
def test_shape_mismatches_name_expected_and_received(model):
    nb = model().fit(np.array([[1, 0, 1], [0, 1, 1]]), [0, 1])
    with pytest.raises(ValueError, match=r"shape \(1, 2\).*expected \(n_samples, 3\)"):
        nb.predict([[1, 0]])
    with pytest.raises(ValueError, match=r"y has shape \(3,\) but X has 2 rows"):
        model().fit([[1, 0], [0, 1]], [0, 1, 1])
    with pytest.raises(ValueError, match=r"2-D .* got shape \(3,\)"):
        nb.predict([1, 0, 1])
    with pytest.raises(ValueError, match="not fitted"):
        model().predict([[1, 0, 1]])


def test_negative_counts_and_bad_categories_are_refused():
    with pytest.raises(ValueError, match="non-negative"):
        MultinomialNB().fit([[1, -1], [0, 1]], [0, 1])
    with pytest.raises(ValueError, match="category codes"):
        CategoricalNB().fit([[0.5], [1]], [0, 1])
    nb = CategoricalNB().fit([[0], [1]], [0, 1])
    with pytest.raises(ValueError, match="feature 0 has category 2.*0..1"):
        nb.predict([[2]])
    reserved = CategoricalNB(min_categories=3).fit([[0], [1]], [0, 1])
    assert reserved.n_categories_.tolist() == [3]
    np.testing.assert_allclose(reserved.predict_proba([[2]]), [[0.5, 0.5]])


def test_dense_input_needs_no_scipy(monkeypatch):
    for name in [m for m in sys.modules if m == "scipy" or m.startswith("scipy.")] + ["scipy", "scipy.sparse"]:
        monkeypatch.setitem(sys.modules, name, None)
    for model in ALL_MODELS:
        assert list(model().fit([[1, 0], [0, 1]], [0, 1]).predict([[1, 0]])) == [0]


@pytest.mark.parametrize("model", ALL_MODELS)
def test_sparse_input_equals_dense(model, rng):
    sparse = import_reference("scipy.sparse")
    X = rng.poisson(0.5, size=(30, 8))
    y = rng.integers(0, 3, size=30)
    dense = model(alpha=0.5).fit(X, y)
    fitted = model(alpha=0.5).fit(sparse.csr_matrix(X), y)
    np.testing.assert_allclose(
        fitted.predict_log_proba(sparse.csr_matrix(X)), dense.predict_log_proba(X), rtol=0, atol=1e-12
    )
    np.testing.assert_array_equal(fitted.predict(sparse.csc_matrix(X)), dense.predict(X))
