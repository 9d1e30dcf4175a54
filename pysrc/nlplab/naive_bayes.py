"""Naive Bayes classifiers in log space, with scikit-learn's formulas, names and defaults.

Bayes' rule, with the naive assumption that the features x_1..x_d are independent given y:

    P(y | x) = P(x | y) P(y) / P(x),      P(x | y) = P(x_1 | y) P(x_2 | y) ... P(x_d | y)

Everything is computed with logarithms: a product of thousands of small probabilities
underflows to 0.0 in float64, while a sum of their logs does not.

    log P(y | x) = log P(y) + sum_j log P(x_j | y) - log P(x)
    log P(x)     = logsumexp_y (log P(y) + sum_j log P(x_j | y))

- `MultinomialNB`: x_j = count of word j (bag of words); P(word j | y) smoothed by alpha.
- `BernoulliNB`: x_j in {0, 1} = word j present or absent; absent words count too.
- `CategoricalNB`: x_j in {0, 1, ..., n_j - 1} = a category (e.g. 0 = 서울, 1 = 부산).
- `parameter_count(d, k, naive)`: (2^d - 1) k parameters for the full joint P(x | y) of d
  binary features versus d k with the naive assumption (the lecture's comparison).
- `logsumexp(a, axis)`: log(sum(exp(a))) without overflow or underflow.

Input X: a dense array or a scipy.sparse matrix of shape (n_samples, n_features); scipy is
never imported by this module (a sparse matrix brings its own methods). Probabilities and
log-probabilities are float64.

Smoothing alpha: alpha > 0 adds alpha pseudo-counts (alpha = 1: Laplace). alpha = 0 is allowed
and gives the plain relative frequencies of the lecture's tables (P(높음 | 서울) = 2/3): an event
never seen with class y then has probability 0 (log-probability -inf), so one unseen word rules
the class out; if a sample is ruled out for every class, predict/predict_proba raise
ValueError instead of returning NaN. alpha < 0 raises ValueError. (scikit-learn keeps alpha = 0
as well with its default force_alpha=True, but returns NaN where nlplab raises.)
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np

from ._checks import check_no_nan_or_infinity, is_scipy_sparse, labels_1d, numeric_array

__all__ = ["logsumexp", "MultinomialNB", "BernoulliNB", "CategoricalNB", "parameter_count"]


def logsumexp(a: np.ndarray, axis: int = -1) -> np.ndarray:
    """log(sum(exp(a), axis)) computed stably, with the axis removed.

    log sum_k exp(a_k) = m + log sum_k exp(a_k - m) with m = max_k a_k: every exp(a_k - m) <= 1,
    so nothing overflows, and the largest term is exp(0) = 1, so the sum never underflows to 0.
    A slice of only -inf (every term has probability 0) gives -inf; NaN is refused (ValueError).
    """
    a = numeric_array("logsumexp", "a", a).astype(np.float64)
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)) or not -a.ndim <= axis < max(a.ndim, 1):
        raise ValueError(f"logsumexp: axis must be an int in [-{a.ndim}, {a.ndim}) for a of shape {a.shape}, got {axis!r}")
    if np.isnan(a).any():
        raise ValueError("logsumexp: a contains NaN (-inf, a log-probability of 0, is fine)")
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)  # a slice of -inf: shift by 0 (its result is -inf)
    with np.errstate(divide="ignore"):
        out = np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m
    return np.squeeze(out, axis=axis)


def parameter_count(d: int, k: int, naive: bool) -> int:
    """How many probabilities define P(x | y) for d binary features and k classes.

    Full joint (naive=False): x takes 2^d values; for each class their probabilities sum to 1,
    so (2^d - 1) k free parameters: 17 cities, 2 classes -> (2^17 - 1) * 2 = 262,142.
    Naive (naive=True): one P(x_j = 1 | y) per feature and class, d k parameters:
    17 * 2 = 34. (The class prior P(y) adds k - 1 in both cases; the lecture leaves it out,
    and so does this count.)

    Returns:
        a Python int, exact for any d (no float rounding).
    """
    for name, value, low in (("d", d, 0), ("k", k, 1)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < low:
            raise ValueError(f"parameter_count: {name} must be an int >= {low}, got {value!r}")
    d, k = int(d), int(k)
    if naive:
        return d * k
    return (2**d - 1) * k


# --------------------------------------------------------------------------- input checks


def _check_X(where: str, X, n_features: int | None = None):
    """X as a 2-D float64 ndarray or a CSR sparse matrix; NaN and infinity refused.

    n_features: the number of features seen in fit (checked when given).
    """
    if is_scipy_sparse(X):
        X = X.tocsr().astype(np.float64)
        values = X.data
    else:
        X = numeric_array(where, "X", X)
        if X.ndim != 2:
            raise ValueError(f"{where}: X must be a 2-D array of shape (n_samples, n_features), got shape {X.shape}")
        if X.dtype.kind not in "biuf":
            raise ValueError(f"{where}: X must be numeric, got dtype {X.dtype}")
        X = X.astype(np.float64)
        values = X
    check_no_nan_or_infinity(where, "X", values, "; fill or drop the missing values first")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(
            f"{where}: X has shape {X.shape}: expected (n_samples, {n_features}), the {n_features} features seen in fit"
        )
    return X


def _check_y(where: str, y, n_samples: int) -> np.ndarray:
    if y is None or isinstance(y, (str, bytes)):
        labels_1d(where, "y", y)      # raises: the message says a list of labels was expected
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"{where}: y must be 1-D of shape (n_samples,), got shape {y.shape}")
    if y.shape[0] != n_samples:
        raise ValueError(f"{where}: y has shape {y.shape} but X has {n_samples} rows: expected y of shape ({n_samples},)")
    if n_samples == 0:
        raise ValueError(f"{where}: cannot fit on 0 samples")
    if y.dtype.kind == "f" and np.isnan(y).any():
        raise ValueError(f"{where}: y contains NaN: every sample needs a class label")
    if y.dtype.kind == "O" and any(label is None for label in y):
        raise ValueError(f"{where}: y contains None: every sample needs a class label")
    return y


def _check_alpha(where: str, alpha) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, Real) or np.isnan(alpha):
        raise ValueError(f"{where}: alpha must be a number >= 0, got {alpha!r}")
    if alpha < 0:
        raise ValueError(f"{where}: alpha must be >= 0 (a pseudo-count), got {alpha}")
    return float(alpha)


def _log(x: np.ndarray) -> np.ndarray:
    """np.log where log(0) = -inf is an expected value (alpha = 0), without a warning."""
    with np.errstate(divide="ignore"):
        return np.log(x)


def _log_dot(X, log_p: np.ndarray) -> np.ndarray:
    """X @ log_p.T, where a zero in X times log 0 = -inf counts as 0 (an absent feature).

    X: (n, d) dense or sparse, non-negative; log_p: (k, d). Returns (n, k). With every log_p
    finite this is exactly X @ log_p.T (scikit-learn's formula); otherwise a sample that uses a
    feature of probability 0 for class c gets -inf for c, and NaN (0 * -inf) never appears.
    """
    finite = np.isfinite(log_p)
    if finite.all():
        return np.asarray(X @ log_p.T)
    out = np.asarray(X @ np.where(finite, log_p, 0.0).T)
    # how many present features have probability 0 under each class
    hits = np.asarray(X @ (~finite).T.astype(np.float64))
    out[hits > 0] = -np.inf
    return out


# --------------------------------------------------------------------------- shared base


class _BaseNB:
    """fit bookkeeping and the predict family shared by the three classifiers."""

    def __init__(self, *, alpha=1.0, fit_prior: bool = True, class_prior=None):
        self.alpha = alpha
        self.fit_prior = fit_prior
        self.class_prior = class_prior

    def __repr__(self) -> str:
        return f"{type(self).__name__}(alpha={self.alpha!r})"

    def _one_hot_y(self, y) -> np.ndarray:
        """Set classes_ (sorted labels) and return Y of shape (n, k): Y[i, c] = 1 if y_i is class c."""
        self.classes_, y_index = np.unique(y, return_inverse=True)
        Y = np.zeros((len(y), len(self.classes_)))
        Y[np.arange(len(y)), y_index.ravel()] = 1.0
        return Y

    def _where(self, method: str) -> str:
        return f"{type(self).__name__}.{method}"

    def _count_per_class(self, X, y) -> float:
        """fit's first step: classes_, n_features_in_, class_count_ (N_y, samples per class) and
        feature_count_ (N_yj = sum of x_j over the samples of class y); returns alpha, checked."""
        y = _check_y(self._where("fit"), y, X.shape[0])
        alpha = _check_alpha(self._where("fit"), self.alpha)
        Y = self._one_hot_y(y)
        self.n_features_in_ = X.shape[1]
        # N_y = number of samples of class y
        self.class_count_ = Y.sum(axis=0)
        # N_yj for all classes at once: Y^T X
        self.feature_count_ = np.asarray((X.T @ Y).T)
        return alpha

    def _update_class_log_prior(self) -> None:
        k = len(self.classes_)
        if self.class_prior is not None:
            prior = numeric_array(self._where("fit"), "class_prior", self.class_prior).astype(np.float64)
            if prior.shape != (k,):
                raise ValueError(
                    f"{self._where('fit')}: class_prior has shape {prior.shape} but there are {k} classes "
                    f"{list(self.classes_)}: expected shape ({k},)"
                )
            if np.isnan(prior).any() or (prior < 0).any():
                raise ValueError(f"{self._where('fit')}: class_prior must hold probabilities >= 0, got {prior}")
            self.class_log_prior_ = _log(prior)
        elif self.fit_prior:
            # log P(y = c) = log(N_c / N)
            self.class_log_prior_ = np.log(self.class_count_) - np.log(self.class_count_.sum())
        else:
            # uniform prior: log(1 / k)
            self.class_log_prior_ = np.full(k, -np.log(k))

    def _fitted_joint_log_likelihood(self, X, where: str) -> np.ndarray:
        if not hasattr(self, "classes_"):
            raise ValueError(f"{where}: this {type(self).__name__} is not fitted yet: call fit first")
        return self._joint_log_likelihood(X, where)

    def _log_proba(self, X, where: str) -> np.ndarray:
        jll = self._fitted_joint_log_likelihood(X, where)
        # log P(x) = logsumexp_y (log P(y) + log P(x | y))
        log_prob_x = logsumexp(jll, axis=1)
        impossible = np.flatnonzero(np.isneginf(log_prob_x))
        if impossible.size:
            raise ValueError(
                f"{where}: sample(s) {impossible[:10].tolist()} have probability 0 under every class: with "
                f"alpha={self.alpha} a feature never seen with a class in training rules that class out; "
                "use alpha > 0"
            )
        # log P(y | x) = log P(y) + log P(x | y) - log P(x)
        return jll - log_prob_x[:, None]

    def predict_joint_log_proba(self, X) -> np.ndarray:
        """log P(y) + log P(x | y) for every sample and class: (n_samples, n_classes)."""
        return self._fitted_joint_log_likelihood(X, self._where("predict_joint_log_proba"))

    def predict_log_proba(self, X) -> np.ndarray:
        """log P(y | x): (n_samples, n_classes), columns in the order of classes_."""
        return self._log_proba(X, self._where("predict_log_proba"))

    def predict_proba(self, X) -> np.ndarray:
        """P(y | x): (n_samples, n_classes), each row sums to 1."""
        return np.exp(self._log_proba(X, self._where("predict_proba")))

    def predict(self, X) -> np.ndarray:
        """The most probable class of each sample: (n_samples,), values from classes_."""
        log_proba = self._log_proba(X, self._where("predict"))
        return self.classes_[np.argmax(log_proba, axis=1)]


# --------------------------------------------------------------------------- Multinomial


class MultinomialNB(_BaseNB):
    """Naive Bayes for word counts: a document is a bag of words drawn from P(word | class).

        P(w_j | y) = (N_yj + alpha) / (N_y + alpha d)
        log P(y | x) = log P(y) + sum_j x_j log P(w_j | y) - log P(x)

    N_yj: total count of word j in the training documents of class y; N_y = sum_j N_yj;
    d: number of features (vocabulary size).

    Args:
        alpha: additive smoothing, >= 0 (see the module notes on alpha = 0).
        fit_prior: learn P(y) from the class frequencies; False uses a uniform prior.
        class_prior: P(y) given as k probabilities (then fit_prior is not used).

    Attributes (k classes, d features):
        classes_: (k,) the sorted class labels.
        class_count_: (k,) N_c, training samples per class.
        class_log_prior_: (k,) log P(y).
        feature_count_: (k, d) N_yj.
        feature_log_prob_: (k, d) log P(w_j | y).
        n_features_in_: d.

    X holds non-negative counts (or tf-idf weights), dense or scipy.sparse, shape (n, d).
    """

    def __init__(self, *, alpha=1.0, fit_prior: bool = True, class_prior=None):
        super().__init__(alpha=alpha, fit_prior=fit_prior, class_prior=class_prior)

    @staticmethod
    def _counts(where: str, X, n_features: int | None = None):
        X = _check_X(where, X, n_features)
        if (X.data if is_scipy_sparse(X) else X).min(initial=0) < 0:
            raise ValueError(f"{where}: MultinomialNB needs non-negative counts; X has negative values")
        return X

    def fit(self, X, y) -> "MultinomialNB":
        """Count words per class and turn the counts into smoothed log-probabilities."""
        X = self._counts(self._where("fit"), X)
        # N_yj = sum over documents of class y of x_j
        alpha = self._count_per_class(X, y)
        smoothed = self.feature_count_ + alpha
        # log P(w_j | y) = log(N_yj + alpha) - log(N_y + alpha d)
        self.feature_log_prob_ = _log(smoothed) - _log(smoothed.sum(axis=1, keepdims=True))
        self._update_class_log_prior()
        return self

    def _joint_log_likelihood(self, X, where: str) -> np.ndarray:
        X = self._counts(where, X, self.n_features_in_)
        # log P(y) + sum_j x_j log P(w_j | y)
        return _log_dot(X, self.feature_log_prob_) + self.class_log_prior_


# --------------------------------------------------------------------------- Bernoulli


class BernoulliNB(_BaseNB):
    """Naive Bayes for binary features: each word is present (1) or absent (0).

        P(x_j = 1 | y) = (N_yj + alpha) / (N_y + 2 alpha),   P(x_j = 0 | y) = 1 - P(x_j = 1 | y)
        log P(x | y) = sum_j [x_j log P(x_j = 1 | y) + (1 - x_j) log P(x_j = 0 | y)]

    N_yj: number of training samples of class y with x_j = 1; N_y: samples of class y.
    Unlike MultinomialNB, an absent word is evidence too.

    Args:
        alpha: additive smoothing, >= 0 (see the module notes on alpha = 0).
        binarize: threshold: x > binarize becomes 1, else 0 (counts -> presence). None means
            X is already 0/1 (anything else is refused).
        fit_prior, class_prior: as in MultinomialNB.

    Attributes: those of MultinomialNB, with feature_log_prob_ = log P(x_j = 1 | y) (k, d).
    """

    def __init__(self, *, alpha=1.0, binarize=0.0, fit_prior: bool = True, class_prior=None):
        super().__init__(alpha=alpha, fit_prior=fit_prior, class_prior=class_prior)
        self.binarize = binarize

    def _binary(self, where: str, X):
        """X as 0/1: thresholded at `binarize`, or checked to be 0/1 when binarize is None."""
        if self.binarize is not None and (isinstance(self.binarize, bool) or not isinstance(self.binarize, Real)
                                          or np.isnan(self.binarize)):
            raise TypeError(f"{where}: binarize에는 임곗값(숫자)이나 None이 와야 합니다, 받은 값: {self.binarize!r}")
        if self.binarize is None:
            values = X.data if is_scipy_sparse(X) else X
            if not np.isin(values, (0.0, 1.0)).all():
                raise ValueError(f"{where}: BernoulliNB(binarize=None) needs X of 0/1 values; "
                                 "set binarize=0.0 to threshold counts")
            return X
        if is_scipy_sparse(X):
            if self.binarize < 0:
                raise ValueError(f"{where}: cannot binarize a sparse matrix with threshold < 0 "
                                 "(its zeros would become 1)")
            X = X.copy()
            X.data = (X.data > self.binarize).astype(np.float64)
            X.eliminate_zeros()
            return X
        # x_j = 1 if x_j > threshold else 0
        return (X > self.binarize).astype(np.float64)

    def fit(self, X, y) -> "BernoulliNB":
        """Count, per class, the samples in which each feature is 1; smooth; take logs."""
        where = self._where("fit")
        X = self._binary(where, _check_X(where, X))
        # N_y = samples of class y;  N_yj = samples of class y with x_j = 1
        alpha = self._count_per_class(X, y)
        denominator = _log(self.class_count_ + 2 * alpha)[:, None]
        # log P(x_j = 1 | y) = log(N_yj + alpha) - log(N_y + 2 alpha)
        self.feature_log_prob_ = _log(self.feature_count_ + alpha) - denominator
        # log P(x_j = 0 | y) = log(N_y - N_yj + alpha) - log(N_y + 2 alpha)
        self._feature_log_prob_absent = _log(self.class_count_[:, None] - self.feature_count_ + alpha) - denominator
        self._update_class_log_prior()
        return self

    def _joint_log_likelihood(self, X, where: str) -> np.ndarray:
        X = self._binary(where, _check_X(where, X, self.n_features_in_))
        log_p, log_q = self.feature_log_prob_, self._feature_log_prob_absent
        # sum_j [x_j log p_j + (1 - x_j) log q_j] = X (log p - log q)^T + sum_j log q_j,
        # which keeps a sparse X sparse (1 - X would be dense)
        if np.isfinite(log_p).all() and np.isfinite(log_q).all():
            jll = np.asarray(X @ (log_p - log_q).T) + log_q.sum(axis=1)
        else:
            # alpha = 0: some probabilities are exactly 0 or 1. Sum the finite terms the same way
            # and rule a class out when a sample hits one of its zero probabilities
            finite_p, finite_q = np.isfinite(log_p), np.isfinite(log_q)
            p0, q0 = np.where(finite_p, log_p, 0.0), np.where(finite_q, log_q, 0.0)
            jll = np.asarray(X @ (p0 - q0).T) + q0.sum(axis=1)
            zero_p, zero_q = (~finite_p).astype(np.float64), (~finite_q).astype(np.float64)
            hits = np.asarray(X @ (zero_p - zero_q).T) + zero_q.sum(axis=1)
            jll[hits > 0.5] = -np.inf
        return jll + self.class_log_prior_


# --------------------------------------------------------------------------- Categorical


class CategoricalNB(_BaseNB):
    """Naive Bayes for categorical features: x_j is one of the categories 0, 1, ..., n_j - 1.

        P(x_j = t | y) = (N_yjt + alpha) / (N_y + alpha n_j)
        log P(x | y) = sum_j log P(x_j | y)

    N_yjt: training samples of class y whose feature j is category t; n_j: number of
    categories of feature j (largest code seen + 1, at least min_categories).

    The lecture's auction table: one feature "city" with 서울 = 0, 부산 = 1 and alpha = 0 gives
    P(서울 | 높음) = 2/2, P(서울 | 낮음) = 1/3 and P(높음 | 서울) = 2/3.

    Args:
        alpha: additive smoothing, >= 0 (see the module notes on alpha = 0).
        fit_prior, class_prior: as in MultinomialNB.
        min_categories: None, an int, or (d,) ints: n_j is at least this (categories that may
            appear only at predict time).

    Attributes (k classes, d features):
        classes_, class_count_, class_log_prior_, n_features_in_: as in MultinomialNB.
        category_count_: list of d arrays, array j of shape (k, n_j): N_yjt.
        feature_log_prob_: list of d arrays, array j of shape (k, n_j): log P(x_j = t | y).
        n_categories_: (d,) int64, n_j.

    X: non-negative integer codes, dense (a scipy.sparse X is made dense).
    """

    def __init__(self, *, alpha=1.0, fit_prior: bool = True, class_prior=None, min_categories=None):
        super().__init__(alpha=alpha, fit_prior=fit_prior, class_prior=class_prior)
        self.min_categories = min_categories

    @staticmethod
    def _codes(where: str, X, n_features: int | None = None) -> np.ndarray:
        if is_scipy_sparse(X):
            X = X.toarray()
        X = _check_X(where, X, n_features)
        if (X < 0).any() or (X != np.round(X)).any():
            raise ValueError(f"{where}: CategoricalNB needs X of category codes 0, 1, 2, ... (non-negative integers)")
        return X.astype(np.int64)

    def fit(self, X, y) -> "CategoricalNB":
        """Count categories per class and feature; smooth; take logs."""
        where = self._where("fit")
        X = self._codes(where, X)
        y = _check_y(where, y, X.shape[0])
        alpha = _check_alpha(where, self.alpha)
        Y = self._one_hot_y(y)
        n, d = X.shape
        self.n_features_in_ = d
        self.class_count_ = Y.sum(axis=0)
        n_categories = X.max(axis=0) + 1 if n else np.zeros(d, dtype=np.int64)
        if self.min_categories is not None:
            minimum = np.asarray(self.min_categories)
            if minimum.dtype.kind not in "iu" or minimum.shape not in ((), (d,)):
                raise ValueError(
                    f"{where}: min_categories must be an int or {d} ints, got {self.min_categories!r} of shape {minimum.shape}"
                )
            n_categories = np.maximum(n_categories, minimum)
        self.n_categories_ = n_categories.astype(np.int64)
        self.category_count_, self.feature_log_prob_ = [], []
        for j in range(d):
            # N_yjt: one-hot of x_j (n, n_j), summed per class: Y^T onehot(x_j)
            onehot = np.zeros((n, self.n_categories_[j]))
            onehot[np.arange(n), X[:, j]] = 1.0
            count = Y.T @ onehot
            smoothed = count + alpha
            self.category_count_.append(count)
            # log P(x_j = t | y) = log(N_yjt + alpha) - log(N_y + alpha n_j)
            self.feature_log_prob_.append(_log(smoothed) - _log(smoothed.sum(axis=1, keepdims=True)))
        self._update_class_log_prior()
        return self

    def _joint_log_likelihood(self, X, where: str) -> np.ndarray:
        X = self._codes(where, X, self.n_features_in_)
        jll = np.zeros((X.shape[0], len(self.classes_)))
        for j in range(self.n_features_in_):
            unknown = X[:, j] >= self.n_categories_[j]
            if unknown.any():
                raise ValueError(
                    f"{where}: feature {j} has category {X[unknown, j][0]}, but fit saw only 0..{self.n_categories_[j] - 1}; "
                    "set min_categories to reserve it"
                )
            # log P(x_j | y) for the category each sample has: column x_j of (k, n_j)
            jll += self.feature_log_prob_[j][:, X[:, j]].T
        return jll + self.class_log_prior_
