"""nlplab.embeddings against PyTorch (torch==2.13.0, CPU, float64): sgns_loss's loss and gradients
equal autograd's through nn.Embedding, and SequenceClassifier's frozen start is
nn.Embedding.from_pretrained(freeze=True)'s. Skipped inside Pyodide (helpers.import_reference)."""

import numpy as np
import pytest

from helpers import import_reference
from nlplab.embeddings import sgns_loss

pytestmark = pytest.mark.crosscheck

ATOL = 1e-10


@pytest.fixture(scope="module")
def torch():
    return import_reference("torch")


def torch_sgns(torch, W_in, W_out, centers, contexts, negatives):
    """The same loss written with PyTorch's embedding layers and logsigmoid."""
    F = torch.nn.functional
    emb_in = torch.nn.Embedding.from_pretrained(torch.tensor(W_in), freeze=False)
    emb_out = torch.nn.Embedding.from_pretrained(torch.tensor(W_out), freeze=False)
    v = emb_in(torch.tensor(centers))                                    # (B, D)
    u_pos = emb_out(torch.tensor(contexts))                              # (B, D)
    u_neg = emb_out(torch.tensor(negatives))                             # (B, K, D)
    s_pos = (u_pos * v).sum(-1)
    s_neg = torch.bmm(u_neg, v.unsqueeze(-1)).squeeze(-1)
    loss = -(F.logsigmoid(s_pos) + F.logsigmoid(-s_neg).sum(-1)).mean()
    loss.backward()
    return loss.item(), emb_in.weight.grad.numpy(), emb_out.weight.grad.numpy()


@pytest.mark.parametrize("V,D,B,K,scale", [(5, 3, 1, 1, 1.0), (7, 4, 6, 3, 1.0), (50, 16, 64, 5, 1.0),
                                           (20, 8, 32, 10, 3.0), (9, 5, 12, 0, 1.0)])
def test_sgns_loss_matches_torch_autograd(torch, rng, V, D, B, K, scale):
    W_in = rng.standard_normal((V, D)) * scale
    W_out = rng.standard_normal((V, D)) * scale                          # scale 3: dot products up to ~50
    centers = rng.integers(0, V, B)
    contexts = rng.integers(0, V, B)
    negatives = rng.integers(0, V, (B, K))
    loss, dW_in, dW_out = sgns_loss(W_in, W_out, centers, contexts, negatives)
    ref_loss, ref_in, ref_out = torch_sgns(torch, W_in, W_out, centers, contexts, negatives)
    assert abs(loss - ref_loss) <= ATOL * max(1.0, abs(ref_loss))
    assert np.max(np.abs(dW_in - ref_in)) <= ATOL
    assert np.max(np.abs(dW_out - ref_out)) <= ATOL


def test_a_frozen_start_is_torch_from_pretrained_freeze(torch, rng):
    """nn.Embedding.from_pretrained(vectors, freeze=True) looks rows up and never takes a gradient;
    SequenceClassifier(embeddings=..., freeze_embeddings=True) keeps W_embed equal to the vectors."""
    from nlplab.models import SequenceClassifier

    vectors = rng.standard_normal((6, 3))
    layer = torch.nn.Embedding.from_pretrained(torch.tensor(vectors), freeze=True)
    assert not layer.weight.requires_grad
    clf = SequenceClassifier(6, 2, embed_dim=3, hidden_dim=4, cell="rnn", seed=0, embeddings=vectors,
                             freeze_embeddings=True)
    ids = np.array([[1, 2, 3], [4, 5, 1]])
    assert np.array_equal(clf.params["W_embed"][ids], layer(torch.tensor(ids)).numpy())
    clf.fit([[1, 2, 3], [4, 5]], [0, 1], epochs=2, batch_size=2)
    assert np.array_equal(clf.params["W_embed"], vectors)
