"""nlplab.embeddings: co-occurrence, PPMI, SVD, skip-gram with negative sampling, subword vectors.

Counts against hand-made sentences and direct formulas; sgns_loss's gradients against centred
differences (its PyTorch cross-check is test_embeddings_torch.py); on a synthetic corpus with
planted topics, PPMI + SVD and SkipGram put each word's nearest neighbour in its own topic.
Numpy only: this file runs inside Pyodide too.
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers import TOL, numerical
from nlplab.datasets import TokenCorpus, load_token_corpus
from nlplab.embeddings import (
    SkipGram,
    SubwordSkipGram,
    analogy,
    cooccurrence,
    initial_embeddings,
    keep_probabilities,
    most_similar,
    noise_distribution,
    ppmi,
    sgns_loss,
    skipgram_pairs,
    svd_vectors,
)
from nlplab.gradcheck import rel_error
from nlplab.models import SequenceClassifier

# 밑바닥부터 시작하는 딥러닝 2, ch. 2: "you say goodbye and i say hello ."
YOU_SAY = np.array([0, 1, 2, 3, 4, 1, 5, 6])
YOU_SAY_C = np.array([
    [0, 1, 0, 0, 0, 0, 0],
    [1, 0, 1, 0, 1, 1, 0],
    [0, 1, 0, 1, 0, 0, 0],
    [0, 0, 1, 0, 1, 0, 0],
    [0, 1, 0, 1, 0, 0, 0],
    [0, 1, 0, 0, 0, 0, 1],
    [0, 0, 0, 0, 0, 1, 0],
])


def brute_cooccurrence(sentences, V, window):
    """C[w, c] by the definition: for every position, every neighbour within the window."""
    C = np.zeros((V, V), dtype=np.int64)
    for sentence in sentences:
        for i, w in enumerate(sentence):
            for j in range(max(0, i - window), min(len(sentence), i + window + 1)):
                if j != i:
                    C[w, sentence[j]] += 1
    return C


def brute_ppmi(C, eps=1e-8):
    """The formula cell by cell, a word without counts giving 0."""
    C = np.asarray(C, dtype=np.float64)
    N, rows, cols = C.sum(), C.sum(axis=1), C.sum(axis=0)
    out = np.zeros_like(C)
    for i in range(C.shape[0]):
        for j in range(C.shape[1]):
            if rows[i] > 0 and cols[j] > 0:
                out[i, j] = max(0.0, np.log2(C[i, j] * N / (rows[i] * cols[j]) + eps))
    return out


# --------------------------------------------------------------------------- counting


def test_cooccurrence_of_you_say_goodbye_matches_the_book():
    C = cooccurrence(YOU_SAY, 7, window=1)
    assert C.dtype == np.int64 and C.tolist() == YOU_SAY_C.tolist()


@pytest.mark.parametrize("window", [1, 2, 3, 10])
def test_cooccurrence_matches_the_definition_and_never_crosses_a_sentence(window):
    sentences = [[0, 1, 2, 1, 3], [4, 4, 2], [5], [2, 0, 0, 1, 4, 3, 2]]
    C = cooccurrence([np.array(s) for s in sentences], 6, window=window)
    assert C.tolist() == brute_cooccurrence(sentences, 6, window).tolist()
    assert (C == C.T).all()
    # one flat corpus is one long sentence: pairs across the old ends appear
    flat = cooccurrence(np.concatenate(sentences), 6, window=window)
    assert flat.tolist() == brute_cooccurrence([sum(sentences, [])], 6, window).tolist()


def test_cooccurrence_of_korean_sentences():
    vocab = ["나", "는", "밥", "을", "먹었다", "빵"]
    ids = {w: i for i, w in enumerate(vocab)}
    sentences = [[ids[w] for w in "나 는 밥 을 먹었다".split()], [ids[w] for w in "나 는 빵 을 먹었다".split()]]
    C = cooccurrence(sentences, len(vocab), window=1)
    # 밥 and 빵 have the same neighbours (는, 을): the distributional hypothesis in one line
    assert C[ids["밥"]].tolist() == C[ids["빵"]].tolist() == [0, 1, 0, 1, 0, 0]
    assert C[ids["을"], ids["먹었다"]] == 2


def test_ppmi_matches_the_formula_including_words_without_counts(rng):
    C = rng.integers(0, 5, size=(6, 6))
    C = C + C.T
    C[2, :] = C[:, 2] = 0                 # a word that never occurred
    expected = brute_ppmi(C)
    assert np.allclose(ppmi(C), expected, rtol=1e-12, atol=1e-12)
    assert (ppmi(C)[2] == 0).all() and (ppmi(C)[:, 2] == 0).all()
    assert np.isfinite(ppmi(C)).all()
    # not symmetric: PMI uses row sums for w and column sums for c
    A = rng.integers(0, 4, size=(5, 5)).astype(float)
    A[:, 4] = 0
    assert np.allclose(ppmi(A), brute_ppmi(A), rtol=1e-12, atol=1e-12)


def test_ppmi_of_the_book_example():
    M = ppmi(YOU_SAY_C)
    # the book prints 1.807 for (you, say), 0.807 for (say, goodbye) and 2.807 for (hello, .)
    assert [round(float(M[i, j]), 3) for i, j in [(0, 1), (1, 2), (5, 6), (0, 2)]] == [1.807, 0.807, 2.807, 0.0]
    assert ppmi(YOU_SAY_C.astype(np.float32)).dtype == np.float32


def test_svd_vectors_exact_and_randomized_agree_on_a_low_rank_matrix(rng):
    V, r = 600, 8
    A = rng.standard_normal((V, r))
    M = A @ np.diag(np.linspace(20, 5, r)) @ A.T + 0.01 * rng.standard_normal((V, V))
    assert M.size > 250_000                                     # the randomized path
    U = svd_vectors(M, 5)
    exact_U, S, _ = np.linalg.svd(M)
    exact = exact_U[:, :5] * np.sign(exact_U[np.argmax(np.abs(exact_U[:, :5]), axis=0), np.arange(5)])
    assert np.allclose(U, exact, atol=1e-6)
    assert np.allclose(U.T @ U, np.eye(5), atol=1e-8)           # power=0: orthonormal columns
    assert np.allclose(svd_vectors(M, 5, power=1.0), exact * S[:5], atol=1e-4)
    # the sign convention: each column's largest |entry| is positive
    assert (U[np.argmax(np.abs(U), axis=0), np.arange(5)] > 0).all()
    assert np.allclose(svd_vectors(M, 5, seed=7), U, atol=1e-6)     # the seed does not show


def test_svd_vectors_of_a_small_matrix_is_the_exact_svd(rng):
    M = rng.standard_normal((20, 12))
    U, S, _ = np.linalg.svd(M, full_matrices=False)
    W = svd_vectors(M, 3, power=0.5)
    assert W.shape == (20, 3)
    assert np.allclose(np.abs(W), np.abs(U[:, :3] * np.sqrt(S[:3])))


# --------------------------------------------------------------------------- skip-gram pieces


def test_skipgram_pairs_of_a_short_sentence():
    centers, contexts = skipgram_pairs([[7, 8, 9], [4]], window=2)
    pairs = sorted(zip(centers.tolist(), contexts.tolist()))
    assert pairs == sorted([(7, 8), (8, 7), (8, 9), (9, 8), (7, 9), (9, 7)])
    assert centers.dtype == np.int64


def test_noise_distribution_and_keep_probabilities():
    counts = np.array([16, 1, 0, 81])
    p = noise_distribution(counts)
    assert np.allclose(p, np.array([8, 1, 0, 27]) / 36)          # 16^0.75 = 8, 81^0.75 = 27
    assert np.allclose(noise_distribution(counts, power=1.0), counts / 98)
    keep = keep_probabilities(counts, t=0.02)
    f = counts / 98                                             # f = 0.16, 0.0102, 0, 0.83
    assert np.allclose(keep, [np.sqrt(0.02 / f[0]), 1.0, 1.0, np.sqrt(0.02 / f[3])])


def batch(rng, V=7, D=4, B=6, K=3):
    W_in = rng.standard_normal((V, D))
    W_out = rng.standard_normal((V, D))
    centers = np.array([0, 1, 1, 2, 3, 1])[:B]                  # repeated centers
    contexts = np.array([1, 2, 4, 4, 0, 3])[:B]                 # repeated contexts
    negatives = rng.integers(0, V, size=(B, K))
    negatives[0, 0] = contexts[0]                               # a negative that is the context
    return W_in, W_out, centers, contexts, negatives


def test_sgns_loss_matches_its_definition(rng):
    W_in, W_out, centers, contexts, negatives = batch(rng)
    loss, _, _ = sgns_loss(W_in, W_out, centers, contexts, negatives)
    sigma = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    expected = np.mean([
        -np.log(sigma(W_out[o] @ W_in[c])) - sum(np.log(sigma(-W_out[k] @ W_in[c])) for k in ks)
        for c, o, ks in zip(centers, contexts, negatives)])
    assert abs(loss - expected) < 1e-12


def test_sgns_loss_gradients_match_numerical_ones(rng):
    W_in, W_out, centers, contexts, negatives = batch(rng)
    _, dW_in, dW_out = sgns_loss(W_in, W_out, centers, contexts, negatives)
    f = lambda: sgns_loss(W_in, W_out, centers, contexts, negatives)[0]  # noqa: E731
    assert rel_error(dW_in, numerical(f, W_in)) < TOL
    assert rel_error(dW_out, numerical(f, W_out)) < TOL
    # rows of words the batch never uses get no gradient
    unused = sorted(set(range(7)) - set(centers))
    assert (dW_in[unused] == 0).all()


def test_sgns_loss_is_stable_for_large_scores():
    W_in = np.array([[30.0, 0.0], [0.0, 30.0], [-30.0, 0.0]])
    W_out = W_in.copy()
    # a real pair scoring +900 and a negative scoring -900: loss ~ 0; swapped: ~ 1800
    good, d_in, d_out = sgns_loss(W_in, W_out, [0], [0], [[2]])
    bad, _, _ = sgns_loss(W_in, W_out, [0], [2], [[0]])
    assert 0 <= good < 1e-300 and abs(bad - 1800) < 1e-9
    assert np.isfinite(d_in).all() and np.isfinite(d_out).all()


def test_sgns_loss_keeps_float32(rng):
    W_in, W_out, centers, contexts, negatives = batch(rng)
    _, dW_in, dW_out = sgns_loss(W_in.astype(np.float32), W_out.astype(np.float32), centers, contexts, negatives)
    assert dW_in.dtype == dW_out.dtype == np.float32


# --------------------------------------------------------------------------- planted topics


def planted_corpus(topics=5, words=8, sentences=400, length=8, seed=0):
    """Sentences each drawn from one topic's words: word w belongs to topic w // words."""
    rng = np.random.default_rng(seed)
    return [rng.integers(0, words, size=length) + words * rng.integers(topics) for _ in range(sentences)], words


def nearest_in_own_topic(W, words):
    hits = [most_similar(W, w, 1)[0][0] // words == w // words for w in range(len(W))]
    return float(np.mean(hits))


def test_ppmi_svd_finds_the_planted_topics():
    sentences, words = planted_corpus()
    W = svd_vectors(ppmi(cooccurrence(sentences, 40, window=2)), 8)
    assert nearest_in_own_topic(W, words) >= 0.9


def test_skipgram_finds_the_planted_topics():
    sentences, words = planted_corpus()
    model = SkipGram(40, 10, window=2, negatives=5, subsample=None, seed=0)
    model.fit(sentences, epochs=3, batch_size=256, lr=0.02)
    assert nearest_in_own_topic(model.vectors, words) >= 0.9
    assert np.mean(model.history_[-5:]) < np.mean(model.history_[:5]) - 0.5


def test_skipgram_is_deterministic_for_a_seed_and_trains_from_its_state():
    sentences, _ = planted_corpus(sentences=60)
    a = SkipGram(40, 6, subsample=None, seed=3).fit(sentences, epochs=1, batch_size=64)
    b = SkipGram(40, 6, subsample=None, seed=3).fit(sentences, epochs=1, batch_size=64)
    c = SkipGram(40, 6, subsample=None, seed=4).fit(sentences, epochs=1, batch_size=64)
    assert np.array_equal(a.vectors, b.vectors) and a.history_ == b.history_
    assert not np.allclose(a.vectors, c.vectors)
    steps = len(a.history_)
    a.fit(sentences, epochs=1, batch_size=64)
    assert len(a.history_) == 2 * steps


def test_skipgram_initialisation_and_counts():
    sentences, _ = planted_corpus(sentences=50)
    model = SkipGram(40, 10, seed=0)
    assert (np.abs(model.vectors) <= 0.05).all() and (model.params["W_out"] == 0).all()
    model.fit(sentences, epochs=1, batch_size=128)
    assert model.counts_.sum() == sum(len(s) for s in sentences)
    assert np.isclose(model.noise_.sum(), 1.0) and model.pairs_seen_ > 0


def test_skipgram_with_sgd_changes_the_vectors():
    sentences, _ = planted_corpus(sentences=50)
    model = SkipGram(40, 6, subsample=None, seed=0)
    before = model.vectors.copy()
    model.fit(sentences, epochs=1, batch_size=32, lr=1.0, optimizer="sgd")
    assert not np.allclose(model.vectors, before)


# --------------------------------------------------------------------------- subword vectors


def test_pieces_of_a_korean_word():
    model = SubwordSkipGram(["재밌음"], 4, min_n=2, max_n=3)
    assert model.pieces("재밌음") == ["<재", "재밌", "밌음", "음>", "<재밌", "재밌음", "밌음>", "<재밌음>"]
    assert model.pieces("밥") == ["<밥", "밥>", "<밥>"]           # "<밥>" is 3 long: no extra whole word


def test_an_unseen_form_is_the_mean_of_its_known_pieces():
    model = SubwordSkipGram(["재밌음", "재밌어요", "영화"], 6, min_n=1, max_n=2, seed=0)
    known = model.known_pieces("재밌었어요")
    assert "<재" in known and "었" not in known and "어요" in known
    rows = [model.ngrams_[g] for g in known]
    assert np.allclose(model.word_vectors(["재밌었어요"])[0], model.params["W_ngram"][rows].mean(axis=0))
    assert np.allclose(model.word_vectors(["재밌음"]), model.vectors[[0]])
    assert (model.word_vectors(["ㅋ"]) == 0).all()                  # no known piece


def test_subword_skipgram_learns_the_planted_topics_and_shares_pieces():
    # words of topic t are the syllables of a row of the table, so a topic's words share no piece
    syllables = ["가나다라마바사아", "자차카타파하거너", "더러머버서어저처", "고노도로모보소오"]
    words = [s for row in syllables for s in row]
    sentences, size = planted_corpus(topics=4, words=8, sentences=300)
    model = SubwordSkipGram(words, 10, min_n=1, max_n=1, subsample=None, seed=0)
    model.fit(sentences, epochs=3, batch_size=256, lr=0.02)
    assert nearest_in_own_topic(model.vectors, size) >= 0.9
    assert np.mean(model.history_[-5:]) < np.mean(model.history_[:5]) - 0.5
    # a two-syllable word never seen: its vector is the mean of two trained words' pieces
    assert model.word_vectors(["가나"])[0] @ model.vectors[0] > 0


def test_row_adam_leaves_unused_rows_alone():
    model = SubwordSkipGram(["가", "나", "다", "라"], 4, min_n=1, max_n=1, subsample=None, seed=0)
    before = model.params["W_ngram"].copy()
    model.fit([[0, 1, 0, 1]], epochs=3, batch_size=16, lr=0.1)   # W_out starts at 0: the first step moves it alone
    changed = np.abs(model.params["W_ngram"] - before).sum(axis=1) > 0
    used = {model.ngrams_[g] for w in ("가", "나") for g in model.pieces(w)}
    assert set(np.flatnonzero(changed)) == used
    assert (model.params["W_ngram"][-1] == 0).all()                  # the padding row


# --------------------------------------------------------------------------- using the vectors


def test_most_similar_ranks_by_cosine_and_leaves_the_query_out():
    W = np.array([[1.0, 0.0], [2.0, 0.1], [0.0, 1.0], [-1.0, 0.0], [0.0, 0.0]])
    ids, sims = most_similar(W, 0, k=3)
    assert ids.tolist() == [1, 2, 4] and np.allclose(sims, [2 / np.sqrt(4.01), 0.0, 0.0])
    ids, sims = most_similar(W, np.array([1.0, 0.0]), k=2)       # a vector: nothing left out
    assert ids.tolist() == [0, 1] and np.isclose(sims[0], 1.0)
    assert len(most_similar(W, 0, k=10)[0]) == 4


def test_analogy_on_vectors_built_for_it():
    # axes: royalty, gender; 남자 (0, 1), 여자 (0, -1), 왕 (1, 1), 여왕 (1, -1)
    W = np.array([[0.0, 1.0], [0.0, -1.0], [1.0, 1.0], [1.0, -1.0], [-1.0, 0.2]])
    ids, _ = analogy(W, 0, 1, 2)
    assert ids.tolist() == [3]


# --------------------------------------------------------------------------- the classifier's start


def test_sequence_classifier_starts_from_given_vectors_and_can_freeze_them(rng):
    vectors = rng.standard_normal((6, 3))
    seqs, labels = [[1, 2, 3], [4, 5], [2, 2, 1], [5, 4, 3]], [0, 1, 0, 1]
    plain = SequenceClassifier(6, 2, embed_dim=3, hidden_dim=4, cell="rnn", seed=0)
    tuned = SequenceClassifier(6, 2, embed_dim=3, hidden_dim=4, cell="rnn", seed=0, embeddings=vectors)
    frozen = SequenceClassifier(6, 2, embed_dim=3, hidden_dim=4, cell="rnn", seed=0, embeddings=vectors,
                                freeze_embeddings=True)
    assert np.array_equal(tuned.params["W_embed"], vectors) and tuned.params["W_embed"] is not vectors
    for name in ("Wx", "Wh", "W_out"):                       # the same seed draws the rest alike
        assert np.array_equal(tuned.params[name], plain.params[name])
    kept = vectors.copy()
    tuned.fit(seqs, labels, epochs=3, batch_size=2)
    frozen.fit(seqs, labels, epochs=3, batch_size=2)
    assert np.array_equal(vectors, kept)                      # the caller's array is never changed
    assert np.array_equal(frozen.params["W_embed"], vectors)
    assert not np.allclose(tuned.params["W_embed"], vectors)
    assert not np.allclose(frozen.params["Wx"], plain.params["Wx"])   # the rest does train


# --------------------------------------------------------------------------- token corpora


def test_load_token_corpus_reads_the_build_format(tmp_path):
    path = tmp_path / "corpus.npz"
    np.savez_compressed(path, ids=np.array([0, 1, 0, 2, 1], dtype=np.int32), starts=np.array([0, 2, 5]),
                        vocab=np.array(["나", "밥", "빵"]), counts=np.array([2, 2, 1]), source=np.array("test"))
    corpus = load_token_corpus(path)
    assert isinstance(corpus, TokenCorpus) and corpus.vocab == ["나", "밥", "빵"] and corpus.source == "test"
    assert [s.tolist() for s in corpus.sentences()] == [[0, 1], [0, 2, 1]]
    assert corpus.ids.dtype == np.int64


def test_initial_embeddings_scale_like_a_random_start():
    rng = np.random.default_rng(5)
    vectors = rng.standard_normal((6, 4)) * 0.1 + 0.05
    given = vectors.copy()
    W = initial_embeddings(vectors, pad_id=2)
    assert np.array_equal(vectors, given)                       # a new array, the caller's untouched
    assert W.dtype == np.float64 and np.all(W[2] == 0)
    others = np.delete(W, 2, axis=0)
    assert others.std() == pytest.approx(1.0, rel=1e-12)
    # one number for every row: the rows keep their relative lengths and directions
    scale = np.delete(vectors, 2, axis=0).std()
    np.testing.assert_allclose(others, np.delete(vectors, 2, axis=0) / scale, rtol=1e-12)
    # no padding row: every row counts
    assert initial_embeddings(vectors.astype(np.float32), pad_id=None).std() == pytest.approx(1.0, rel=1e-6)
