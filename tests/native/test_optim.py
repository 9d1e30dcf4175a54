"""nlplab.optim: the update rules step by step, state per name, clipping exactly."""

import math

import numpy as np
import pytest

from nlplab.optim import SGD, Adagrad, Adam, clip_grad_norm, clip_grad_value


def test_sgd_plain_and_with_momentum():
    p = {"w": np.array([1.0, -2.0])}
    SGD(lr=0.1).update(p, {"w": np.array([0.5, 1.0])})
    assert p["w"].tolist() == [1.0 - 0.05, -2.0 - 0.1]

    p = {"w": np.array([0.0])}
    opt = SGD(lr=0.1, momentum=0.9)
    for g in (1.0, 2.0, -1.0):
        opt.update(p, {"w": np.array([g])})
    # v1 = 1, v2 = 0.9·1 + 2 = 2.9, v3 = 0.9·2.9 − 1 = 1.61;  p = −0.1 (1 + 2.9 + 1.61)
    assert p["w"][0] == pytest.approx(-0.1 * (1 + 2.9 + 1.61), rel=1e-15)


def test_adagrad_rule():
    p = {"w": np.array([1.0])}
    opt = Adagrad(lr=0.5)
    opt.update(p, {"w": np.array([2.0])})
    opt.update(p, {"w": np.array([1.0])})
    # G = 4 → step 0.5·2/(2 + ε);  G = 5 → step 0.5·1/(√5 + ε), with ε = 1e-10
    assert p["w"][0] == pytest.approx(1.0 - 1.0 / (2 + 1e-10) - 0.5 / (math.sqrt(5) + 1e-10), rel=1e-15)


def test_adam_rule_by_hand():
    p = {"w": np.array([1.0, 1.0])}
    opt = Adam(lr=0.1)
    grads = [np.array([0.5, -3.0]), np.array([0.1, 1.0])]
    expected = np.array([1.0, 1.0])
    m = v = np.zeros(2)
    for t, g in enumerate(grads, start=1):
        opt.update(p, {"w": g})
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        expected = expected - 0.1 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    assert np.allclose(p["w"], expected, rtol=1e-15, atol=0)
    # the first step moves each weight by ≈ lr whatever the gradient's size
    q = {"w": np.array([0.0, 0.0])}
    Adam(lr=0.1).update(q, {"w": np.array([1e-3, -50.0])})
    assert np.allclose(q["w"], [-0.1, 0.1], rtol=1e-4)


def test_state_is_kept_per_parameter_name_and_arrays_change_in_place():
    w, b = np.array([1.0]), np.array([1.0])
    params = {"w": w, "b": b}
    opt = SGD(lr=1.0, momentum=0.5)
    opt.update(params, {"w": np.array([1.0]), "b": np.array([1.0])})
    opt.update(params, {"w": np.array([1.0])})        # b has no gradient this step: untouched
    assert params["w"] is w and w[0] == 1.0 - 1.0 - 1.5
    assert b[0] == 0.0
    assert set(opt.state) == {"w", "b"}


def test_optimizers_keep_float32():
    for opt in (SGD(lr=0.1, momentum=0.9), Adagrad(lr=0.1), Adam(lr=0.1)):
        p = {"w": np.ones(3, dtype=np.float32)}
        opt.update(p, {"w": np.ones(3)})
        assert p["w"].dtype == np.float32 and p["w"][0] < 1


def test_optimizer_bad_input():
    with pytest.raises(ValueError, match=r"expected grads\['w'\] of shape \(2,\), got \(3,\)"):
        SGD().update({"w": np.zeros(2)}, {"w": np.zeros(3)})
    with pytest.raises(ValueError, match="gradient 'v' has no parameter"):
        Adam().update({"w": np.zeros(2)}, {"v": np.zeros(2)})
    with pytest.raises(ValueError, match="lr must be > 0"):
        Adam(lr=0)
    with pytest.raises(ValueError, match=r"momentum must lie in \[0, 1\)"):
        SGD(momentum=1.0)


def test_clip_grad_norm_is_global_and_exact():
    grads = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}
    total = clip_grad_norm(grads, max_norm=1.0)
    assert total == 5.0
    # every array scaled by the same factor max_norm / (‖g‖ + 1e-6): the direction is kept
    coef = 1.0 / (5.0 + 1e-6)
    assert grads["a"].tolist() == [3.0 * coef, 0.0] and grads["b"][0, 0] == 4.0 * coef
    # below the threshold nothing changes; a list of arrays works too
    small = [np.array([0.3, 0.4])]
    assert clip_grad_norm(small, max_norm=1.0) == pytest.approx(0.5, rel=1e-15)
    assert small[0].tolist() == [0.3, 0.4]
    with pytest.raises(ValueError, match="NaN or inf"):
        clip_grad_norm({"a": np.array([np.nan])}, 1.0)
    with pytest.raises(ValueError, match="max_norm must be > 0"):
        clip_grad_norm(grads, 0)


def test_clip_grad_value_is_elementwise():
    grads = {"a": np.array([-3.0, 0.5, 2.0]), "b": np.array([[-0.2, 7.0]])}
    clip_grad_value(grads, 1.0)
    assert grads["a"].tolist() == [-1.0, 0.5, 1.0] and grads["b"].tolist() == [[-0.2, 1.0]]
    with pytest.raises(ValueError, match="clip must be > 0"):
        clip_grad_value(grads, -1)
