"""nlplab against scikit-learn 1.9.1: vectorizers, tf-idf, Naive Bayes and similarities.

Counts must be identical, tf-idf within 1e-12, Naive Bayes log-probabilities within 1e-10.
scikit-learn is imported through `import_reference`, so inside Pyodide these tests are skipped.
"""

import warnings

import numpy as np
import pytest

from helpers import import_reference
from nlplab import naive_bayes as nb
from nlplab import similarity, text

pytestmark = pytest.mark.crosscheck

# Small corpora with what breaks tokenizers: one-syllable words, punctuation, mixed case,
# numbers, runs of spaces and tabs, an empty document, Hangul next to Latin letters.
KOREAN = [
    "나는 오늘 밥을 먹었다. 너는?",
    "어제  밥, 오늘도 밥!!   나 밥",
    "그 영화는 최고였는데, 이 영화는 최악이다.",
    "그 영화는 최악인데, 이 영화는 최고야.",
    "NLP 수업 2024년 3월\t2일, 자연어 처리 심화 (Naive Bayes) 수업",
    "이 밥 저 밥 다 좋아 ㅋㅋㅋ 10점 만점에 10점",
    "",
    "영화 영화 영화 최고 최고 나 너 우리",
    "Hangul과 English가 MiXeD된 문장: TF-IDF는 좋다?!",
]
ENGLISH = [
    "The cat sat on the mat.",
    "The  dog sat on a LOG, and the cat ate.",
    "A cat! A dog!! I saw 2 cats & 3 dogs in 2024.",
    "",
    "Naive Bayes: P(y|x) = P(x|y) P(y) / P(x)",
    "dog eat dog world\t\tof dogs",
    "I I I am a cat; you are a Dog.",
    "mixed CASE Words words WORDS 42 42",
]
CORPORA = {"korean": KOREAN, "english": ENGLISH}
# transform input: known and unseen terms, an empty document
NEW_DOCS = ["밥 밥 라면 영화 최고, 나!", "unseen words only zzz", "", "The cat and THE DOG ate 2 mats"]

KO = text.KOREAN_TOKEN_PATTERN
COUNT_OPTIONS = {
    "default": {},
    "korean-pattern": {"token_pattern": KO},
    "word-1-2": {"ngram_range": (1, 2)},
    "word-2-3-korean": {"ngram_range": (2, 3), "token_pattern": KO},
    "char-1-1": {"analyzer": "char"},
    "char-1-2": {"analyzer": "char", "ngram_range": (1, 2)},
    "char-2-3": {"analyzer": "char", "ngram_range": (2, 3)},
    "char_wb-1-1": {"analyzer": "char_wb"},
    "char_wb-1-2": {"analyzer": "char_wb", "ngram_range": (1, 2)},
    "char_wb-2-3": {"analyzer": "char_wb", "ngram_range": (2, 3)},
    "char_wb-2-5": {"analyzer": "char_wb", "ngram_range": (2, 5)},
    "binary-1-2": {"binary": True, "ngram_range": (1, 2), "token_pattern": KO},
    "no-lowercase": {"lowercase": False, "token_pattern": KO},
    "min_df-2": {"min_df": 2, "token_pattern": KO},
    "min_df-0.3": {"min_df": 0.3, "analyzer": "char"},
    "max_df-0.25": {"max_df": 0.25, "token_pattern": KO},
    "max_df-2": {"max_df": 2, "ngram_range": (1, 2)},
    "min_df-max_df-1-2": {"min_df": 2, "max_df": 0.9, "ngram_range": (1, 2), "token_pattern": KO},
    "max_features-5": {"max_features": 5, "token_pattern": KO},
    "max_features-8-binary": {"max_features": 8, "binary": True, "token_pattern": KO},
    "max_features-6-1-2": {"max_features": 6, "ngram_range": (1, 2)},
    "max_features-10-char_wb": {"max_features": 10, "analyzer": "char_wb", "ngram_range": (2, 3)},
    "max_features-min_df": {"max_features": 4, "min_df": 2, "analyzer": "char"},
    "stop_words": {"stop_words": ["the", "a", "은", "는", "이", "그", "나"], "token_pattern": KO, "ngram_range": (1, 2)},
    "vocabulary-list": {"vocabulary": ["밥", "영화", "the", "cat", "zzz", "최고"], "token_pattern": KO},
    "vocabulary-dict": {"vocabulary": {"dog": 2, "나": 0, "10점": 1}, "token_pattern": KO},
    "tokenizer": {"tokenizer": text.korean_tokenize, "token_pattern": None, "ngram_range": (1, 2)},
    "preprocessor": {"preprocessor": str.upper, "analyzer": "char_wb", "ngram_range": (1, 3)},
}
TFIDF_OPTIONS = [
    {"norm": norm, "use_idf": use_idf, "smooth_idf": smooth, "sublinear_tf": sublinear}
    for norm in ("l2", "l1", None)
    for use_idf in (True, False)
    for smooth in (True, False)
    for sublinear in (False, True)
]


def _sk_text():
    return import_reference("sklearn.feature_extraction.text")


def _dense(matrix) -> np.ndarray:
    return matrix.toarray() if hasattr(matrix, "toarray") else np.asarray(matrix)


def _assert_same_vocabulary(ours, theirs):
    assert ours.vocabulary_ == {term: int(column) for term, column in theirs.vocabulary_.items()}
    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())


@pytest.mark.parametrize("corpus", CORPORA)
@pytest.mark.parametrize("options", COUNT_OPTIONS.values(), ids=COUNT_OPTIONS.keys())
def test_count_vectorizer_matches_sklearn(corpus, options):
    sk = _sk_text()
    docs = CORPORA[corpus]
    ours = text.CountVectorizer(**options)
    theirs = sk.CountVectorizer(**options)
    X = ours.fit_transform(docs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # e.g. "upper case characters in vocabulary"
        expected = _dense(theirs.fit_transform(docs))
    _assert_same_vocabulary(ours, theirs)
    assert X.dtype == expected.dtype == np.int64
    np.testing.assert_array_equal(X, expected)
    np.testing.assert_array_equal(ours.transform(NEW_DOCS), _dense(theirs.transform(NEW_DOCS)))


TFIDF_ANALYZERS = {k: COUNT_OPTIONS[k] for k in ("korean-pattern", "word-1-2", "char_wb-2-3", "max_features-6-1-2")}


@pytest.mark.parametrize("corpus", CORPORA)
@pytest.mark.parametrize("analysis", TFIDF_ANALYZERS.values(), ids=TFIDF_ANALYZERS.keys())
@pytest.mark.parametrize(
    "weighting", TFIDF_OPTIONS, ids=lambda o: "-".join(f"{k}={v}" for k, v in o.items())
)
def test_tfidf_vectorizer_matches_sklearn(corpus, analysis, weighting):
    sk = _sk_text()
    docs = CORPORA[corpus]
    ours = text.TfidfVectorizer(**analysis, **weighting)
    theirs = sk.TfidfVectorizer(**analysis, **weighting)
    W = ours.fit_transform(docs)
    expected = _dense(theirs.fit_transform(docs))
    _assert_same_vocabulary(ours, theirs)
    assert W.dtype == np.float64
    np.testing.assert_allclose(W, expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.transform(NEW_DOCS), _dense(theirs.transform(NEW_DOCS)), rtol=0, atol=1e-12)
    if weighting["use_idf"]:
        np.testing.assert_allclose(ours.idf_, theirs.idf_, rtol=0, atol=1e-12)


@pytest.mark.parametrize("options", COUNT_OPTIONS.values(), ids=COUNT_OPTIONS.keys())
def test_sparse_output_matches_sklearn(options):
    sk = _sk_text()
    docs = KOREAN + ENGLISH
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        for ours, theirs, exact in (
            (text.CountVectorizer(sparse=True, **options), sk.CountVectorizer(**options), True),
            (text.TfidfVectorizer(sparse=True, sublinear_tf=True, **options), sk.TfidfVectorizer(sublinear_tf=True, **options), False),
        ):
            X, expected = ours.fit_transform(docs), theirs.fit_transform(docs)
            assert X.format == "csr" and X.dtype == expected.dtype
            if exact:
                np.testing.assert_array_equal(X.toarray(), expected.toarray())
            else:
                np.testing.assert_allclose(X.toarray(), expected.toarray(), rtol=0, atol=1e-12)
            assert X.nnz == expected.nnz


@pytest.mark.parametrize("dtype", [np.int64, np.float64, np.float32])
@pytest.mark.parametrize("as_sparse", [False, True], ids=["dense", "sparse"])
@pytest.mark.parametrize("weighting", TFIDF_OPTIONS[::3], ids=lambda o: "-".join(f"{k}={v}" for k, v in o.items()))
def test_tfidf_transformer_matches_sklearn(dtype, as_sparse, weighting, rng):
    sk = _sk_text()
    counts = rng.poisson(0.8, size=(12, 9)).astype(dtype)
    counts[3] = 0  # an empty document
    counts[:, 4] = 0  # a term in no document (idf is finite only when smoothed)
    if not weighting["smooth_idf"] and weighting["use_idf"]:
        counts[0, 4] = 1
    if as_sparse:
        counts = import_reference("scipy.sparse").csr_matrix(counts)
    W = text.TfidfTransformer(**weighting).fit_transform(counts)
    expected = _dense(sk.TfidfTransformer(**weighting).fit_transform(counts))
    assert W.dtype == expected.dtype == (np.float32 if dtype == np.float32 else np.float64)
    np.testing.assert_allclose(W, expected, rtol=0, atol=1e-6 if dtype == np.float32 else 1e-12)


# --------------------------------------------------------------------------- Naive Bayes

NB_MODELS = {
    "multinomial": (nb.MultinomialNB, "MultinomialNB", {}),
    "bernoulli": (nb.BernoulliNB, "BernoulliNB", {}),
    "bernoulli-binarize-1": (nb.BernoulliNB, "BernoulliNB", {"binarize": 1.0}),
    "categorical": (nb.CategoricalNB, "CategoricalNB", {}),
}
ALPHAS = [1.0, 0.5, 0.01, 1e-8]


def _nb_data(rng, n_classes: int, categorical: bool):
    n, d = 80, 15
    if categorical:
        X = rng.integers(0, 4, size=(n + 20, d))
        X[:, 3] = 0  # a feature with one category only
    else:
        X = rng.poisson(0.6, size=(n + 20, d))
        X[:, 2] = 0  # a word that never occurs
        X[n] = 0  # an empty document to predict
    y = rng.integers(0, n_classes, size=n)
    return X[:n], y, X[n:]


def _assert_same_model(ours, theirs, X_test, categorical: bool):
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    np.testing.assert_array_equal(ours.class_count_, theirs.class_count_)
    np.testing.assert_allclose(ours.class_log_prior_, theirs.class_log_prior_, rtol=0, atol=1e-10)
    if categorical:
        np.testing.assert_array_equal(ours.n_categories_, theirs.n_categories_)
        for j, (mine, reference) in enumerate(zip(ours.category_count_, theirs.category_count_)):
            np.testing.assert_array_equal(mine, reference, err_msg=f"category_count_[{j}]")
        for j, (mine, reference) in enumerate(zip(ours.feature_log_prob_, theirs.feature_log_prob_)):
            np.testing.assert_allclose(mine, reference, rtol=0, atol=1e-10, err_msg=f"feature_log_prob_[{j}]")
    else:
        np.testing.assert_array_equal(ours.feature_count_, theirs.feature_count_)
        np.testing.assert_allclose(ours.feature_log_prob_, theirs.feature_log_prob_, rtol=0, atol=1e-10)
    X_dense = _dense(X_test)
    np.testing.assert_allclose(ours.predict_log_proba(X_test), theirs.predict_log_proba(X_dense), rtol=0, atol=1e-10)
    np.testing.assert_allclose(ours.predict_proba(X_test), theirs.predict_proba(X_dense), rtol=0, atol=1e-10)
    np.testing.assert_array_equal(ours.predict(X_test), theirs.predict(X_dense))


@pytest.mark.parametrize("model", NB_MODELS, ids=NB_MODELS.keys())
@pytest.mark.parametrize("alpha", ALPHAS)
@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("as_sparse", [False, True], ids=["dense", "sparse"])
def test_naive_bayes_matches_sklearn(model, alpha, n_classes, as_sparse, rng):
    sk = import_reference("sklearn.naive_bayes")
    ours_cls, name, options = NB_MODELS[model]
    categorical = model == "categorical"
    X, y, X_test = _nb_data(rng, n_classes, categorical)
    theirs = getattr(sk, name)(alpha=alpha, **options).fit(X, y)
    if as_sparse:
        csr = import_reference("scipy.sparse").csr_matrix
        X, X_test = csr(X), csr(X_test)
    ours = ours_cls(alpha=alpha, **options).fit(X, y)
    _assert_same_model(ours, theirs, X_test, categorical)


@pytest.mark.parametrize("model", NB_MODELS, ids=NB_MODELS.keys())
@pytest.mark.parametrize("prior", ["uniform", "given"])
def test_naive_bayes_priors_match_sklearn(model, prior, rng):
    sk = import_reference("sklearn.naive_bayes")
    ours_cls, name, options = NB_MODELS[model]
    X, y, X_test = _nb_data(rng, 3, model == "categorical")
    prior_options = {"fit_prior": False} if prior == "uniform" else {"class_prior": [0.5, 0.3, 0.2]}
    theirs = getattr(sk, name)(**options, **prior_options).fit(X, y)
    ours = ours_cls(**options, **prior_options).fit(X, y)
    _assert_same_model(ours, theirs, X_test, model == "categorical")


@pytest.mark.parametrize("model", NB_MODELS, ids=NB_MODELS.keys())
def test_naive_bayes_alpha_zero_probabilities_match_sklearn(model, rng):
    # scikit-learn (force_alpha=True) keeps alpha = 0 too: same -inf entries
    sk = import_reference("sklearn.naive_bayes")
    ours_cls, name, options = NB_MODELS[model]
    X, y, _ = _nb_data(rng, 2, model == "categorical")
    X[:, 5] = y  # a feature that separates the classes: some counts are 0 in every model
    with np.errstate(divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        theirs = getattr(sk, name)(alpha=0.0, **options).fit(X, y)
    ours = ours_cls(alpha=0.0, **options).fit(X, y)
    mine = ours.feature_log_prob_ if model == "categorical" else [ours.feature_log_prob_]
    reference = theirs.feature_log_prob_ if model == "categorical" else [theirs.feature_log_prob_]
    assert any(np.isneginf(m).any() for m in mine)
    for m, r in zip(mine, reference):
        np.testing.assert_allclose(m, r, rtol=0, atol=1e-10)  # infinities must sit in the same places


def test_naive_bayes_on_text_counts_matches_sklearn():
    sk = import_reference("sklearn.naive_bayes")
    docs = KOREAN + ENGLISH
    y = np.array(["ko"] * len(KOREAN) + ["en"] * len(ENGLISH))
    vec = text.CountVectorizer(analyzer="char_wb", ngram_range=(1, 2))
    X = vec.fit_transform(docs)
    X_new = vec.transform(NEW_DOCS)
    for model, name in ((nb.MultinomialNB, "MultinomialNB"), (nb.BernoulliNB, "BernoulliNB")):
        _assert_same_model(model(alpha=0.1).fit(X, y), getattr(sk, name)(alpha=0.1).fit(X, y), X_new, False)
    assert list(nb.MultinomialNB().fit(X, y).predict(X_new[:2])) == ["ko", "en"]


# --------------------------------------------------------------------------- similarity


def test_pairwise_cosine_matches_sklearn(rng):
    sk = import_reference("sklearn.metrics.pairwise")
    X = rng.normal(size=(7, 5))
    X[2] = 0  # a zero vector: similarity 0 with everything
    Y = rng.normal(size=(4, 5))
    np.testing.assert_allclose(similarity.pairwise_cosine(X), sk.cosine_similarity(X), rtol=0, atol=1e-12)
    np.testing.assert_allclose(similarity.pairwise_cosine(X, Y), sk.cosine_similarity(X, Y), rtol=0, atol=1e-12)
    assert similarity.cosine_similarity(X[0], Y[1]) == pytest.approx(sk.cosine_similarity(X[[0]], Y[[1]])[0, 0], abs=1e-12)
    counts = text.CountVectorizer(token_pattern=KO).fit_transform(KOREAN)
    np.testing.assert_allclose(similarity.pairwise_cosine(counts), sk.cosine_similarity(counts), rtol=0, atol=1e-12)


def test_jaccard_matches_sklearn_jaccard_score(rng):
    metrics = import_reference("sklearn.metrics")
    X = (rng.random(size=(6, 10)) < 0.4).astype(int)
    X[1] = 0
    J = similarity.pairwise_jaccard(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zero_division warnings for the all-zero row
        for i in range(len(X)):
            for j in range(len(X)):
                expected = metrics.jaccard_score(X[i], X[j], zero_division=0.0)
                assert J[i, j] == pytest.approx(expected, abs=1e-15)
                assert similarity.jaccard_similarity(X[i], X[j]) == pytest.approx(expected, abs=1e-15)
    binary = text.CountVectorizer(token_pattern=KO, binary=True)
    B = binary.fit_transform(KOREAN)
    terms = binary.get_feature_names_out()
    # the set form over the same terms gives the same numbers
    sets = [set(terms[row.astype(bool)]) for row in B]
    assert similarity.jaccard_similarity(sets[2], sets[3]) == pytest.approx(similarity.pairwise_jaccard(B)[2, 3])
    assert similarity.pairwise_jaccard(B)[2, 3] == pytest.approx(metrics.jaccard_score(B[2], B[3]))
