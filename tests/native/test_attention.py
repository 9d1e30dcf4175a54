"""nlplab.attention: known values, the mask, gradient checks, one query or many, dtype."""

import numpy as np
import pytest

from helpers import TOL, numerical
from nlplab.attention import attention_backward, attention_forward
from nlplab.gradcheck import rel_error


def _inputs(rng, N=2, Tq=3, T=4, d=5, Dv=3):
    return rng.standard_normal((N, Tq, d)), rng.standard_normal((N, T, d)), rng.standard_normal((N, T, Dv))


def test_attention_known_values():
    """One query, two keys: scores 1 and 0, weights e/(e+1) and 1/(e+1), the context their mix."""
    q = np.array([[1.0, 0.0]])
    k = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    v = np.array([[[10.0], [20.0]]])
    context, weights, _ = attention_forward(q, k, v)
    a = np.e / (np.e + 1)
    assert weights == pytest.approx(np.array([[a, 1 - a]]), rel=1e-15)
    assert context == pytest.approx(np.array([[10 * a + 20 * (1 - a)]]), rel=1e-15)
    # scale = 1/√d: the Transformer's scaled dot product
    _, scaled, _ = attention_forward(q, k, v, scale=1 / np.sqrt(2))
    s = np.exp(1 / np.sqrt(2))
    assert scaled[0, 0] == pytest.approx(s / (s + 1), rel=1e-15)


def test_weights_are_a_distribution_and_masked_positions_get_none(rng):
    q, k, v = _inputs(rng)
    mask = np.array([[True, True, True, False], [True, False, False, False]])
    context, weights, _ = attention_forward(q, k, v, mask)
    assert weights.shape == (2, 3, 4) and context.shape == (2, 3, 3)
    assert np.allclose(weights.sum(axis=-1), 1.0, rtol=0, atol=1e-15)
    assert np.all(weights[0, :, 3] == 0) and np.all(weights[1, :, 1:] == 0)
    # one real position: all the weight on it, the context is its value
    assert np.allclose(context[1], v[1, 0], rtol=0, atol=1e-15)
    # whatever sits at a padded position changes nothing
    k2, v2 = k.copy(), v.copy()
    k2[0, 3], v2[0, 3] = 100.0, -100.0
    context2, weights2, _ = attention_forward(q, k2, v2, mask)
    assert np.array_equal(context, context2) and np.array_equal(weights, weights2)


@pytest.mark.parametrize("masked", [False, True])
def test_attention_gradients(rng, masked):
    q, k, v = _inputs(rng)
    mask = np.array([[1, 1, 0, 0], [1, 1, 1, 1]]) if masked else None
    context, _, cache = attention_forward(q, k, v, mask, scale=0.7)
    dcontext = rng.standard_normal(context.shape)
    grads = attention_backward(dcontext, cache)
    f = lambda: attention_forward(q, k, v, mask, scale=0.7)[0]
    for name, array, grad in zip(("query", "keys", "values"), (q, k, v), grads):
        assert grad.shape == array.shape
        assert rel_error(grad, numerical(f, array, dcontext)) < TOL, name
    if masked:
        assert not grads[1][0, 2:].any() and not grads[2][0, 2:].any()


def test_one_query_per_row_is_the_same_as_a_sequence_of_one(rng):
    q, k, v = _inputs(rng, Tq=1)
    c_seq, w_seq, cache_seq = attention_forward(q, k, v)
    c_one, w_one, cache_one = attention_forward(q[:, 0], k, v)
    assert c_one.shape == (2, 3) and w_one.shape == (2, 4)
    assert np.array_equal(c_one, c_seq[:, 0]) and np.array_equal(w_one, w_seq[:, 0])
    d = rng.standard_normal(c_one.shape)
    dq_one, dk_one, dv_one = attention_backward(d, cache_one)
    dq_seq, dk_seq, dv_seq = attention_backward(d[:, None], cache_seq)
    assert np.array_equal(dq_one, dq_seq[:, 0]) and np.array_equal(dk_one, dk_seq)


def test_attention_keeps_float32_and_refuses_bad_input(rng):
    q, k, v = (a.astype(np.float32) for a in _inputs(rng))
    context, weights, cache = attention_forward(q, k, v)
    assert context.dtype == weights.dtype == np.float32
    assert all(g.dtype == np.float32 for g in attention_backward(np.ones_like(context), cache))
    with pytest.raises(ValueError, match=r"attention_forward: expected values of shape \(N=2, T=4, Dv\)"):
        attention_forward(q, k, v[:, :3])
    with pytest.raises(ValueError, match="mask row 1 has no real position"):
        attention_forward(q, k, v, np.array([[1, 0, 0, 0], [0, 0, 0, 0]]))
    with pytest.raises(TypeError, match="arguments swapped"):
        attention_backward(cache, np.ones_like(context))
