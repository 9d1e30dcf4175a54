"""nlplab.text: tokenizers, the lecture's TDM examples, vectorizer behaviours and edge cases.

Numbers here are worked out by hand; the scikit-learn comparisons are in test_sklearn_crosscheck.py.
"""

import math
import re
import sys
import unicodedata

import numpy as np
import pytest

from helpers import import_reference
from nlplab.text import (
    KOREAN_TOKEN_PATTERN,
    SKLEARN_TOKEN_PATTERN,
    CountVectorizer,
    PrefixLemmatizer,
    TfidfTransformer,
    TfidfVectorizer,
    char_ngrams,
    korean_tokenize,
    regex_tokenize,
    whitespace_tokenize,
    word_ngrams,
)

# --------------------------------------------------------------------------- tokenizers


def test_whitespace_tokenize_splits_on_any_run_of_whitespace():
    assert whitespace_tokenize("어제  밥,\t오늘도\n밥") == ["어제", "밥,", "오늘도", "밥"]
    assert whitespace_tokenize("   ") == []


def test_sklearn_pattern_drops_one_syllable_words_and_korean_pattern_keeps_them():
    text = "나 밥 먹어, 너도 밥?"
    assert re.findall(SKLEARN_TOKEN_PATTERN, text) == ["먹어", "너도"]
    assert korean_tokenize(text) == ["나", "밥", "먹어", "너도", "밥"]
    assert regex_tokenize(text, KOREAN_TOKEN_PATTERN) == korean_tokenize(text)


def test_regex_tokenize_returns_the_single_group_and_refuses_two():
    assert regex_tokenize("a=1, b=22", r"(\d+)") == ["1", "22"]
    with pytest.raises(ValueError, match="2 capturing groups"):
        regex_tokenize("a=1", r"(\w)=(\d)")


def test_char_ngrams_cut_between_hangul_syllables():
    assert char_ngrams("자연어", 1) == ["자", "연", "어"]
    assert char_ngrams("자연어", 2) == ["자연", "연어"]
    assert char_ngrams("자연어", (1, 3)) == ["자", "연", "어", "자연", "연어", "자연어"]


def test_char_ngrams_recombine_decomposed_jamo():
    decomposed = unicodedata.normalize("NFD", "한국어")
    assert len(decomposed) == 8  # ᄒ ᅡ ᆫ ᄀ ᅮ ᆨ ᄋ ᅥ
    assert char_ngrams(decomposed, 2) == ["한국", "국어"]
    # without normalising, slices fall between jamo (what the vectorizers do, like scikit-learn)
    assert char_ngrams(decomposed, 2, normalize=False)[0] == "\u1112\u1161"


def test_char_ngrams_collapse_whitespace_runs_and_pad_words_in_word_boundary_mode():
    assert char_ngrams("밥  먹", 2) == ["밥 ", " 먹"]
    assert char_ngrams("밥 먹다", 2, word_boundary=True) == [" 밥", "밥 ", " 먹", "먹다", "다 "]
    # a padded word no longer than n is counted once, and longer n-grams stop (scikit-learn's rule)
    assert char_ngrams("밥", (3, 5), word_boundary=True) == [" 밥 "]


def test_word_ngrams_order_and_stop_words():
    tokens = ["오늘", "밥", "먹다"]
    assert word_ngrams(tokens, (1, 2)) == ["오늘", "밥", "먹다", "오늘 밥", "밥 먹다"]
    assert word_ngrams(tokens, 3) == ["오늘 밥 먹다"]
    assert word_ngrams(tokens, 4) == []
    assert word_ngrams(tokens, (1, 2), stop_words={"밥"}) == ["오늘", "먹다", "오늘 먹다"]


@pytest.mark.parametrize("bad", [(0, 1), (2, 1), (1.0, 2), "12"])
def test_bad_ngram_range_is_refused(bad):
    with pytest.raises(ValueError, match="ngram_range"):
        word_ngrams(["a"], bad)


def test_prefix_lemmatizer_uses_the_longest_stem():
    lemmatize = PrefixLemmatizer({"먹": "먹다", "먹이": "먹이", "밥": "밥"})
    assert lemmatize("밥을 먹었다 먹이를 줬다") == ["밥", "먹다", "먹이", "줬다"]
    assert PrefixLemmatizer(["영화"])("영화는") == ["영화"]
    with pytest.raises(ValueError):
        PrefixLemmatizer("영화")


# --------------------------------------------------------------------------- the lecture's TDM

LECTURE_TERMS = ["오늘", "어제", "밥", "먹다"]
LECTURE_LEMMAS = PrefixLemmatizer({"오늘": "오늘", "어제": "어제", "밥": "밥", "먹": "먹다"})


def test_lecture_tdm_with_lemmatised_vocabulary():
    tdm = CountVectorizer(vocabulary=LECTURE_TERMS, tokenizer=LECTURE_LEMMAS)
    X = tdm.fit_transform(["오늘은 밥을 먹었다", "어제 밥, 오늘도 밥"])
    np.testing.assert_array_equal(X, [[1, 0, 1, 1], [1, 1, 2, 0]])
    assert list(tdm.get_feature_names_out()) == LECTURE_TERMS
    # "오늘은 밥이고 어제도 밥이었다" has the same vector as document 2: counts forget the order
    np.testing.assert_array_equal(tdm.transform(["오늘은 밥이고 어제도 밥이었다"]), [[1, 1, 2, 0]])


def test_lecture_tdm_without_lemmas_splits_every_inflected_form():
    # what a learner gets without lemmatising: "오늘은" and "오늘도" are different terms
    X = CountVectorizer(token_pattern=KOREAN_TOKEN_PATTERN).fit(["오늘은 밥을 먹었다", "어제 밥, 오늘도 밥"])
    assert sorted(X.vocabulary_) == ["먹었다", "밥", "밥을", "어제", "오늘도", "오늘은"]


def test_lecture_word_order_is_lost():
    docs = ["그 영화는 최고였는데, 이 영화는 최악이다.", "그 영화는 최악인데, 이 영화는 최고야."]
    tdm = CountVectorizer(vocabulary=["영화", "최고", "최악"], tokenizer=PrefixLemmatizer(["영화", "최고", "최악"]))
    np.testing.assert_array_equal(tdm.fit_transform(docs), [[2, 1, 1], [2, 1, 1]])


# --------------------------------------------------------------------------- CountVectorizer

DOCS = ["나는 밥을 먹었다", "너는 밥을   먹었다!", "나 밥", ""]


def test_vocabulary_is_sorted_and_counts_are_int64():
    vec = CountVectorizer(token_pattern=KOREAN_TOKEN_PATTERN)
    X = vec.fit_transform(DOCS)
    assert list(vec.get_feature_names_out()) == ["나", "나는", "너는", "먹었다", "밥", "밥을"]
    assert vec.vocabulary_ == {"나": 0, "나는": 1, "너는": 2, "먹었다": 3, "밥": 4, "밥을": 5}
    assert X.dtype == np.int64
    np.testing.assert_array_equal(
        X, [[0, 1, 0, 1, 0, 1], [0, 0, 1, 1, 0, 1], [1, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0]]
    )


def test_default_pattern_loses_the_one_syllable_document():
    X = CountVectorizer().fit_transform(DOCS)
    assert X.shape == (4, 4)
    assert X[2].sum() == 0  # "나 밥" became an empty row


def test_transform_ignores_unseen_terms_and_empty_documents_give_zero_rows():
    vec = CountVectorizer(token_pattern=KOREAN_TOKEN_PATTERN).fit(DOCS)
    X = vec.transform(["밥 밥 라면", "", "처음 보는 말"])
    np.testing.assert_array_equal(X, [[0, 0, 0, 0, 2, 0], [0] * 6, [0] * 6])


def test_lowercase_and_binary():
    X = CountVectorizer(binary=True).fit_transform(["The the THE cat", "cat"])
    np.testing.assert_array_equal(X, [[1, 1], [1, 0]])
    vec = CountVectorizer(lowercase=False).fit(["The the THE"])
    assert sorted(vec.vocabulary_) == ["THE", "The", "the"]


def test_min_df_max_df_and_max_features_by_hand():
    docs = ["a b c", "a b", "a d", "e"]
    pattern = KOREAN_TOKEN_PATTERN
    assert sorted(CountVectorizer(token_pattern=pattern, min_df=2).fit(docs).vocabulary_) == ["a", "b"]
    # max_df=0.5 -> df <= 2 documents: "a" (df 3) goes
    assert sorted(CountVectorizer(token_pattern=pattern, max_df=0.5).fit(docs).vocabulary_) == ["b", "c", "d", "e"]
    assert sorted(CountVectorizer(token_pattern=pattern, max_df=1).fit(docs).vocabulary_) == ["c", "d", "e"]
    assert sorted(CountVectorizer(token_pattern=pattern, max_features=2).fit(docs).vocabulary_) == ["a", "b"]


def test_max_features_breaks_ties_among_equally_frequent_terms_only():
    # a: 3, then b, c, d, e all 1: one of the tied terms survives
    vec = CountVectorizer(token_pattern=KOREAN_TOKEN_PATTERN, max_features=2).fit(["a a a b c d e"])
    assert "a" in vec.vocabulary_ and len(vec.vocabulary_) == 2
    assert set(vec.vocabulary_) - {"a"} <= {"b", "c", "d", "e"}
    assert vec.vocabulary_ == {t: i for i, t in enumerate(sorted(vec.vocabulary_))}


def test_stop_words_are_removed_before_ngrams():
    vec = CountVectorizer(token_pattern=KOREAN_TOKEN_PATTERN, stop_words=["는", "을"], ngram_range=(1, 2))
    vec.fit(["나 는 밥 을 먹었다"])
    assert sorted(vec.vocabulary_) == ["나", "나 밥", "먹었다", "밥", "밥 먹었다"]
    with pytest.raises(ValueError, match="no built-in stop-word"):
        CountVectorizer(stop_words="english").fit(["a b"])


def test_empty_vocabulary_raises_like_sklearn():
    with pytest.raises(ValueError, match="empty vocabulary"):
        CountVectorizer().fit(["", "나 밥", "!!"])
    with pytest.raises(ValueError, match="empty vocabulary"):
        CountVectorizer(stop_words=["the"]).fit(["the the"])
    with pytest.raises(ValueError, match="no terms remain"):
        CountVectorizer(min_df=2).fit(["ab cd", "ef gh"])
    with pytest.raises(ValueError, match="max_df"):
        CountVectorizer(min_df=3, max_df=2).fit(["ab", "ab", "ab"])


def test_given_vocabulary_forms():
    docs = ["b a a"]
    pattern = KOREAN_TOKEN_PATTERN
    np.testing.assert_array_equal(CountVectorizer(token_pattern=pattern, vocabulary=["b", "a"]).fit_transform(docs), [[1, 2]])
    np.testing.assert_array_equal(CountVectorizer(token_pattern=pattern, vocabulary={"b", "a"}).fit_transform(docs), [[2, 1]])
    np.testing.assert_array_equal(
        CountVectorizer(token_pattern=pattern, vocabulary={"a": 1, "z": 0}).fit_transform(docs), [[0, 2]]
    )
    # transform works without fit when the vocabulary is given
    np.testing.assert_array_equal(CountVectorizer(token_pattern=pattern, vocabulary=["a"]).transform(docs), [[2]])
    with pytest.raises(ValueError, match="duplicate term"):
        CountVectorizer(vocabulary=["a", "a"]).fit(docs)
    with pytest.raises(ValueError, match="column 1 is missing"):
        CountVectorizer(vocabulary={"a": 0, "b": 2}).fit(docs)
    with pytest.raises(ValueError, match="empty vocabulary"):
        CountVectorizer(vocabulary=[]).fit(docs)
    with pytest.warns(UserWarning, match="upper-case"):
        CountVectorizer(vocabulary=["A"]).fit(docs)


def test_bad_documents_and_unfitted_use():
    with pytest.raises(ValueError, match="single string"):
        CountVectorizer().fit("오늘은 밥을 먹었다")
    with pytest.raises(ValueError, match="must be a str"):
        CountVectorizer().fit(["ok doc", float("nan")])
    with pytest.raises(ValueError, match="not fitted"):
        CountVectorizer().transform(["a"])
    with pytest.raises(ValueError, match="analyzer"):
        CountVectorizer(analyzer="syllable").fit(["a"])
    assert CountVectorizer().fit([b"bytes are utf-8"]).vocabulary_ == {"are": 0, "bytes": 1, "utf": 2}


def test_callable_analyzer_and_tokenizer():
    vec = CountVectorizer(analyzer=lambda doc: doc.split("/"))
    np.testing.assert_array_equal(vec.fit_transform(["가/나/가"]), [[2, 1]])
    vec = CountVectorizer(tokenizer=korean_tokenize)
    assert sorted(vec.fit(["나 밥"]).vocabulary_) == ["나", "밥"]


# --------------------------------------------------------------------------- TF-IDF


def test_tfidf_by_hand():
    counts = np.array([[3, 0, 1], [2, 0, 0], [3, 0, 0], [4, 0, 0], [3, 2, 0], [3, 0, 2]])
    tfidf = TfidfTransformer(norm=None).fit(counts)
    n = 6
    df = np.array([6, 1, 2])
    # idf = ln((1 + n) / (1 + df)) + 1
    np.testing.assert_allclose(tfidf.idf_, np.log((1 + n) / (1 + df)) + 1, rtol=0, atol=1e-15)
    assert tfidf.idf_[0] == 1.0  # a term in every document keeps weight 1, not 0
    W = tfidf.transform(counts)
    np.testing.assert_allclose(W[0], [3 * 1.0, 0, 1 * (math.log(7 / 3) + 1)], atol=1e-15)
    raw = TfidfTransformer(norm=None, smooth_idf=False).fit(counts)
    np.testing.assert_allclose(raw.idf_, np.log(n / df) + 1, atol=1e-15)


@pytest.mark.parametrize("norm", ["l1", "l2", None])
def test_tfidf_norms_and_zero_rows(norm):
    counts = np.array([[1, 2, 0], [0, 0, 0], [0, 5, 5]])
    W = TfidfTransformer(norm=norm, use_idf=False).fit_transform(counts)
    np.testing.assert_array_equal(W[1], [0, 0, 0])
    if norm == "l1":
        np.testing.assert_allclose(W[[0, 2]].sum(axis=1), [1, 1], atol=1e-15)
    elif norm == "l2":
        np.testing.assert_allclose(np.linalg.norm(W[[0, 2]], axis=1), [1, 1], atol=1e-15)
        np.testing.assert_allclose(W[0], np.array([1, 2, 0]) / math.sqrt(5), atol=1e-15)
    else:
        np.testing.assert_array_equal(W, counts)


def test_sublinear_tf():
    W = TfidfTransformer(norm=None, use_idf=False, sublinear_tf=True).fit_transform([[1, 0, math.e**2]])
    np.testing.assert_allclose(W, [[1, 0, 3]], atol=1e-15)


def test_tfidf_keeps_float32():
    W = TfidfTransformer().fit_transform(np.array([[1, 2], [0, 1]], dtype=np.float32))
    assert W.dtype == np.float32
    assert TfidfTransformer().fit_transform(np.array([[1, 2], [0, 1]])).dtype == np.float64


def test_tfidf_bad_input():
    tfidf = TfidfTransformer().fit(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"shape \(2, 4\).*\(n_documents, 3\)"):
        tfidf.transform(np.ones((2, 4)))
    with pytest.raises(ValueError, match="NaN"):
        TfidfTransformer().fit([[1.0, float("nan")]])
    with pytest.raises(ValueError, match="non-negative"):
        TfidfTransformer().fit([[1, -1]])
    with pytest.raises(ValueError, match="2-D"):
        TfidfTransformer().fit([1, 2])
    with pytest.raises(ValueError, match="norm"):
        TfidfTransformer(norm="l3").fit([[1]])
    with pytest.raises(ValueError, match="not fitted"):
        TfidfTransformer().transform([[1]])


def test_tfidf_vectorizer_equals_count_then_transformer():
    docs = ["나는 밥을 먹었다", "너는 밥을 먹었다", "나 밥 밥", ""]
    vec = TfidfVectorizer(token_pattern=KOREAN_TOKEN_PATTERN, sublinear_tf=True)
    W = vec.fit_transform(docs)
    counts = CountVectorizer(token_pattern=KOREAN_TOKEN_PATTERN).fit_transform(docs)
    np.testing.assert_allclose(W, TfidfTransformer(sublinear_tf=True).fit_transform(counts), rtol=0, atol=1e-15)
    np.testing.assert_array_equal(W[3], np.zeros(W.shape[1]))
    np.testing.assert_allclose(vec.transform(docs[:2]), W[:2], atol=1e-15)
    assert vec.idf_.shape == (W.shape[1],)


# --------------------------------------------------------------------------- sparse output


def test_sparse_output_equals_dense():
    sparse = import_reference("scipy.sparse")
    docs = ["나는 밥을 먹었다", "", "나 밥 밥"]
    for cls in (CountVectorizer, TfidfVectorizer):
        dense = cls(token_pattern=KOREAN_TOKEN_PATTERN).fit_transform(docs)
        S = cls(token_pattern=KOREAN_TOKEN_PATTERN, sparse=True).fit_transform(docs)
        assert sparse.issparse(S) and S.format == "csr"
        assert S.dtype == dense.dtype
        np.testing.assert_array_equal(S.toarray(), dense)
    counts = sparse.csr_matrix(np.array([[1, 0, 2], [0, 0, 0]]))
    np.testing.assert_allclose(
        TfidfTransformer().fit_transform(counts), TfidfTransformer().fit_transform(counts.toarray()), atol=1e-15
    )


def test_dense_path_needs_no_scipy_and_sparse_path_says_why(monkeypatch):
    # None in sys.modules makes `import scipy` fail, as on a machine without scipy
    for name in [m for m in sys.modules if m == "scipy" or m.startswith("scipy.")] + ["scipy", "scipy.sparse"]:
        monkeypatch.setitem(sys.modules, name, None)
    X = TfidfVectorizer().fit_transform(["no scipy here", "here"])
    assert isinstance(X, np.ndarray) and X.shape == (2, 3)
    with pytest.raises(ImportError, match="sparse=True .* needs scipy"):
        CountVectorizer(sparse=True).fit_transform(["ab cd"])
