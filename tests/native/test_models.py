"""nlplab.models: gradients of the losses, truncated BPTT, sampling, padding, and learning for real."""

import math

import numpy as np
import pytest

from helpers import TOL, data_path, import_reference, numerical
from nlplab.gradcheck import rel_error
from nlplab.models import CharLM, MLPClassifier, SequenceClassifier

CELLS = ["rnn", "lstm", "gru"]


# ------------------------------------------------------------------------------------ CharLM

@pytest.mark.parametrize("cell", CELLS)
def test_charlm_loss_gradient_for_every_parameter(rng, cell):
    lm = CharLM(vocab_size=6, hidden_dim=4, embed_dim=3, cell=cell, seed=1)
    for p in lm.params.values():               # move off the initial values (zero biases etc.)
        p += 0.3 * rng.standard_normal(p.shape)
    inputs, targets = rng.integers(0, 6, size=(2, 3)), rng.integers(0, 6, size=(2, 3))
    h0 = rng.standard_normal((2, 4))
    state = (h0, rng.standard_normal((2, 4)) if cell == "lstm" else None)   # a carried state
    _, grads, _ = lm.loss_and_grads(inputs, targets, state)
    for name, param in lm.params.items():
        num = numerical(lambda: lm.loss_and_grads(inputs, targets, state)[0], param)
        assert rel_error(grads[name], num) < TOL, name


@pytest.mark.parametrize("cell", CELLS)
def test_charlm_initial_loss_is_about_ln_V(rng, cell):
    V = 40
    lm = CharLM(vocab_size=V, hidden_dim=32, embed_dim=16, cell=cell, seed=0)
    ids = rng.integers(0, V, size=(8, 20))
    loss, _, _ = lm.loss_and_grads(ids, rng.integers(0, V, size=(8, 20)))
    assert abs(loss - math.log(V)) < 0.02
    # an untrained model's perplexity is about V
    assert lm.perplexity(rng.integers(0, V, size=200)) == pytest.approx(V, rel=0.03)


def test_charlm_state_carries_across_chunks(rng):
    """Truncated BPTT: two chunks with the state carried give the loss of the whole sequence."""
    lm = CharLM(vocab_size=7, hidden_dim=5, embed_dim=3, cell="lstm", seed=0)
    ids = rng.integers(0, 7, size=(2, 11))
    whole, _, _ = lm.loss_and_grads(ids[:, :-1], ids[:, 1:])
    first, _, state = lm.loss_and_grads(ids[:, :4], ids[:, 1:5])
    second, _, _ = lm.loss_and_grads(ids[:, 4:-1], ids[:, 5:], state)
    assert whole == pytest.approx((4 * first + 6 * second) / 10, rel=1e-13)
    # perplexity reads long texts in chunks: the chunk size changes nothing
    text = rng.integers(0, 7, size=50)
    assert lm.perplexity(text, chunk=7) == pytest.approx(lm.perplexity(text, chunk=1000), rel=1e-13)


def test_charlm_sampling_is_reproducible_and_greedy_at_low_temperature(rng):
    lm = CharLM(vocab_size=12, hidden_dim=8, embed_dim=4, cell="lstm", seed=3)
    for p in lm.params.values():
        p += rng.standard_normal(p.shape)      # sharper predictions than at initialisation
    start = [1, 2, 3]
    a = lm.sample(start, 30, temperature=1.0, rng=np.random.default_rng(7))
    b = lm.sample(start, 30, temperature=1.0, rng=np.random.default_rng(7))
    c = lm.sample(start, 30, temperature=1.0, rng=np.random.default_rng(8))
    assert a.dtype == np.int64 and a.shape == (30,) and np.array_equal(a, b)
    assert not np.array_equal(a, c)
    greedy = lm.sample(start, 30, temperature=0)
    # greedy by hand: feed the argmax back each step
    state, history = lm.initial_state(1), list(start)
    for token in start:
        scores, state = lm._step_scores(token, state)
    for k in range(30):
        history.append(int(np.argmax(scores)))
        scores, state = lm._step_scores(history[-1], state)
    assert greedy.tolist() == history[len(start):]
    # temperature → 0 approaches the argmax: at 1e-3 every draw is the greedy one
    for seed in range(3):
        assert np.array_equal(lm.sample(start, 30, temperature=1e-3, rng=seed), greedy)
    with pytest.raises(ValueError, match="temperature must be >= 0"):
        lm.sample(start, 3, temperature=-1)
    with pytest.raises(ValueError, match=r"start_ids must lie in \[0, vocab_size=12\), got 12"):
        lm.sample([12], 3)


def test_charlm_fit_reports_every_step_and_is_seeded(rng):
    ids = rng.integers(0, 9, size=300)
    seen = []
    lm = CharLM(vocab_size=9, hidden_dim=8, embed_dim=4, seed=0).fit(
        ids, steps=5, batch_size=4, seq_len=6, callback=lambda step, loss: seen.append((step, loss)))
    assert [s for s, _ in seen] == [1, 2, 3, 4, 5] and [l for _, l in seen] == lm.history_
    again = CharLM(vocab_size=9, hidden_dim=8, embed_dim=4, seed=0).fit(ids, steps=5, batch_size=4, seq_len=6)
    assert again.history_ == lm.history_
    lm.fit(ids, steps=2, batch_size=4, seq_len=6)          # continues: 7 steps in all
    assert len(lm.history_) == 7
    with pytest.raises(ValueError, match="too few for batch_size=400"):
        lm.fit(ids, steps=1, batch_size=400)


def test_charlm_float32(rng):
    lm = CharLM(vocab_size=9, hidden_dim=8, embed_dim=4, seed=0, dtype=np.float32)
    lm.fit(rng.integers(0, 9, size=200), steps=3, batch_size=4, seq_len=5)
    assert all(p.dtype == np.float32 for p in lm.params.values())
    assert np.isfinite(lm.history_).all()


def _one_blas_thread():
    """Small matmuls (16×64 @ 64×256) run best on one BLAS thread; on a busy machine two
    OpenBLAS threads waiting for each other made this test 20 times slower (measured: 4 s → 110 s).
    threadpoolctl comes with scikit-learn; without it, nothing is limited."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        from contextlib import nullcontext
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


@pytest.mark.slow
def test_charlm_learns_the_korean_constitution():
    from nlplab.datasets import char_corpus, load_text

    ids, vocab = char_corpus(load_text(data_path("konlpy", "kolaw", "constitution.txt")))
    V = len(vocab)
    split = int(0.9 * len(ids))
    train, held_out = ids[:split], ids[split:]
    counts = np.bincount(train, minlength=V) + 1e-12
    unigram_entropy = float(-(counts / counts.sum() * np.log(counts / counts.sum())).sum())

    lm = CharLM(vocab_size=V, hidden_dim=64, embed_dim=32, cell="lstm", seed=0)
    with _one_blas_thread():
        lm.fit(train, steps=200, batch_size=16, seq_len=32, lr=1e-2)
    start, end = lm.history_[0], float(np.mean(lm.history_[-20:]))
    print(f"V={V} ln V={math.log(V):.3f} unigram entropy={unigram_entropy:.3f} "
          f"loss {start:.3f} -> {end:.3f} (mean of the last 20 of {len(lm.history_)} steps)")
    assert abs(start - math.log(V)) < 0.05              # ≈ ln V = 5.94 at the start
    assert end < math.log(V) - 3.0                       # measured: 2.3
    assert end < unigram_entropy - 1.5                   # it uses context, not just frequencies
    # and it generalises to the unseen last 10 %: perplexity far below V
    assert lm.perplexity(held_out) < V / 10


# ------------------------------------------------------------------------- SequenceClassifier

def _order_task(rng, n, V=8, A=1, B=2):
    """Label 1 when token A comes before token B; the other tokens are noise.

    Each sequence holds A and B exactly once, so counting tokens says nothing: only order does.
    """
    sequences, labels = [], []
    for _ in range(n):
        L = int(rng.integers(2, 9))
        seq = rng.integers(3, V, size=L)
        pa, pb = rng.choice(L, 2, replace=False)
        seq[pa], seq[pb] = A, B
        sequences.append(seq.tolist())
        labels.append(int(pa < pb))
    return sequences, np.array(labels)


@pytest.mark.parametrize("cell", CELLS)
def test_sequence_classifier_loss_gradient_with_padding(rng, cell):
    clf = SequenceClassifier(vocab_size=7, num_classes=3, embed_dim=3, hidden_dim=4, cell=cell, seed=2)
    for p in clf.params.values():
        p += 0.3 * rng.standard_normal(p.shape)
    ids = rng.integers(0, 7, size=(4, 5))
    lengths = np.array([5, 2, 0, 3])                     # padded rows, and an empty one
    labels = np.array([0, 2, 1, 1])
    _, grads = clf.loss_and_grads(ids, lengths, labels)
    for name, param in clf.params.items():
        num = numerical(lambda: clf.loss_and_grads(ids, lengths, labels)[0], param)
        assert rel_error(grads[name], num) < TOL, name
    # whatever sits in the padded steps changes neither the loss nor any gradient
    garbage = ids.copy()
    garbage[1, 2:], garbage[2, :], garbage[3, 3:] = 6, 5, 4
    loss_g, grads_g = clf.loss_and_grads(garbage, lengths, labels)
    assert loss_g == clf.loss_and_grads(ids, lengths, labels)[0]
    for name in grads:
        assert np.array_equal(grads[name], grads_g[name]), name


@pytest.mark.parametrize("cell", CELLS)
def test_sequence_classifier_learns_which_token_comes_first(rng, cell):
    train, y_train = _order_task(rng, 400)
    test, y_test = _order_task(rng, 200)
    losses = []
    clf = SequenceClassifier(vocab_size=8, num_classes=2, embed_dim=8, hidden_dim=16, cell=cell, seed=0)
    clf.fit(train, y_train, epochs=12, batch_size=32, lr=2e-2, callback=lambda step, loss: losses.append(loss))
    assert len(losses) == 12 * 13 and losses == clf.history_
    assert np.mean(clf.predict(test) == y_test) >= 0.95
    # swapping A and B flips the answer: the model reads order, not counts
    swapped = [[{1: 2, 2: 1}.get(t, t) for t in seq] for seq in test]
    assert np.mean(clf.predict(swapped) == 1 - y_test) >= 0.95
    assert np.mean(losses[-10:]) < 0.1 < np.mean(losses[:5])


def test_sequence_classifier_padding_does_not_change_predictions(rng):
    clf = SequenceClassifier(vocab_size=10, num_classes=3, embed_dim=4, hidden_dim=6, seed=0, pad_id=0)
    seqs = [[3, 4, 5], [7], [9, 8, 7, 6, 5, 4, 3, 2, 1]]
    alone = np.vstack([clf.predict_proba([s]) for s in seqs])
    # batched with longer sequences (padded inside), padded by the caller with pad ids (after or before)
    assert np.allclose(clf.predict_proba(seqs), alone, rtol=0, atol=1e-15)
    padded = [s + [0] * 6 for s in seqs]
    assert np.allclose(clf.predict_proba(padded), alone, rtol=0, atol=1e-15)
    assert np.allclose(clf.predict_proba([[0, 0] + s for s in seqs]), alone, rtol=0, atol=1e-15)
    assert np.array_equal(clf.predict(padded), clf.predict(seqs))
    # with pad_id=None, 0 is a real token and changes the state
    raw = SequenceClassifier(vocab_size=10, num_classes=3, embed_dim=4, hidden_dim=6, seed=0, pad_id=None)
    assert not np.allclose(raw.predict_proba(padded), alone)


def test_sequence_classifier_empty_sequences_and_bad_input():
    clf = SequenceClassifier(vocab_size=5, num_classes=2, embed_dim=3, hidden_dim=4, seed=0)
    clf.params["b_out"][:] = [0.0, math.log(3.0)]
    # an empty sequence (or one of pad ids only) is read as h0 = 0: its prediction is softmax(b_out)
    proba = clf.predict_proba([[], [0, 0], [1, 2]])
    assert np.allclose(proba[:2], [[0.25, 0.75], [0.25, 0.75]], rtol=0, atol=1e-15)
    with pytest.raises(ValueError, match=r"sequence 1 must lie in \[0, vocab_size=5\), got 5"):
        clf.predict([[1], [5]])
    with pytest.raises(ValueError, match=r"labels must lie in \[0, num_classes=2\), got 0..2"):
        clf.fit([[1], [2]], [0, 2])
    with pytest.raises(ValueError, match=r"expected labels of shape \(N=2,\), got \(3,\)"):
        clf.fit([[1], [2]], [0, 1, 1])
    with pytest.raises(ValueError, match="a list of id lists"):
        clf.predict(np.array([1, 2, 3]))
    with pytest.raises(ValueError, match='cell must be "rnn", "lstm" or "gru"'):
        SequenceClassifier(vocab_size=5, num_classes=2, cell="transformer")


def test_sequence_classifier_is_seeded_and_keeps_float32(rng):
    train, y = _order_task(rng, 64)
    runs = [SequenceClassifier(8, 2, embed_dim=4, hidden_dim=8, seed=5, dtype=np.float32).fit(train, y, epochs=2)
            for _ in range(2)]
    assert runs[0].history_ == runs[1].history_
    assert all(p.dtype == np.float32 for p in runs[0].params.values())
    assert np.array_equal(runs[0].predict_proba(train), runs[1].predict_proba(train))


# ---------------------------------------------------------------------------------------- MLP

def _two_moons(rng, n):
    """Two interleaved half circles: not linearly separable."""
    t = rng.uniform(0, np.pi, n)
    label = rng.integers(0, 2, n)
    x = np.where(label == 0, np.cos(t), 1 - np.cos(t))
    y = np.where(label == 0, np.sin(t), 0.5 - np.sin(t))
    return np.c_[x, y] + 0.1 * rng.standard_normal((n, 2)), label


def test_mlp_gradients(rng):
    clf = MLPClassifier(hidden_sizes=(4, 3), seed=3)
    X = rng.standard_normal((5, 3))
    y_index = np.array([0, 1, 2, 1, 0])
    clf._init_params(3, 3)
    # precondition: no hidden pre-activation sits on relu's kink (the check would be meaningless)
    z1 = X @ clf.params["W1"] + clf.params["b1"]
    z2 = np.maximum(z1, 0) @ clf.params["W2"] + clf.params["b2"]
    assert min(np.abs(z1).min(), np.abs(z2).min()) > 1e-2
    _, grads = clf.loss_and_grads(X, y_index)
    for name, param in clf.params.items():
        num = numerical(lambda: clf.loss_and_grads(X, y_index)[0], param)
        assert rel_error(grads[name], num) < TOL, name


def test_mlp_learns_a_nonlinear_boundary_reproducibly(rng):
    X, y = _two_moons(rng, 400)
    labels = np.array(["neg", "pos"])[y]
    steps = []
    clf = MLPClassifier(hidden_sizes=(16,), seed=0).fit(
        X[:300], labels[:300], epochs=60, batch_size=32, lr=1e-2, callback=lambda s, l: steps.append((s, l)))
    accuracy = np.mean(clf.predict(X[300:]) == labels[300:])
    assert accuracy >= 0.95
    assert list(clf.classes_) == ["neg", "pos"]
    assert [s for s, _ in steps] == list(range(1, 60 * 10 + 1)) and steps[-1][1] == clf.history_[-1]
    assert np.mean(clf.history_[-10:]) < 0.5 * np.mean(clf.history_[:10])
    proba = clf.predict_proba(X[300:])
    assert proba.shape == (100, 2) and np.allclose(proba.sum(axis=1), 1)
    again = MLPClassifier(hidden_sizes=(16,), seed=0).fit(X[:300], labels[:300], epochs=60, batch_size=32, lr=1e-2)
    assert np.array_equal(again.predict_proba(X[300:]), proba)
    # a linear model (no hidden layer) cannot separate the moons as well
    linear = MLPClassifier(hidden_sizes=(), seed=0).fit(X[:300], labels[:300], epochs=60, lr=1e-2)
    assert np.mean(linear.predict(X[300:]) == labels[300:]) < accuracy


def test_mlp_accepts_sparse_document_vectors(rng):
    sparse = import_reference("scipy.sparse")
    X, y = _two_moons(rng, 80)
    dense = MLPClassifier(hidden_sizes=(8,), seed=0).fit(X, y, epochs=3)
    from_sparse = MLPClassifier(hidden_sizes=(8,), seed=0).fit(sparse.csr_matrix(X), y, epochs=3)
    assert from_sparse.history_ == dense.history_
    assert np.array_equal(from_sparse.predict_proba(sparse.csr_matrix(X)), dense.predict_proba(X))


def test_mlp_float32_and_bad_input(rng):
    X, y = _two_moons(rng, 64)
    clf = MLPClassifier(hidden_sizes=(8,), seed=0, dtype=np.float32).fit(X, y, epochs=2, optimizer="sgd")
    assert all(p.dtype == np.float32 for p in clf.params.values())
    with pytest.raises(ValueError, match=r"expected X of shape \(N, D=2\), got \(3, 5\)"):
        clf.predict(np.zeros((3, 5)))
    with pytest.raises(ValueError, match=r"expected y of shape \(N=64,\), got \(3,\)"):
        MLPClassifier().fit(X, y[:3])
    with pytest.raises(ValueError, match="call fit before predict"):
        MLPClassifier().predict(X)
    X_nan = X.copy()
    X_nan[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"X contains NaN or inf \(first at index \(2, 1\)"):
        clf.predict(X_nan)
