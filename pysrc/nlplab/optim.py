"""Optimizers and gradient clipping, with PyTorch's update rules.

Parameters and gradients are plain dicts of arrays, keyed by name:

    params = {"Wx": Wx, "Wh": Wh, "b": b}
    opt = Adam(lr=1e-3)
    loss, grads = model_loss(params)        # grads has the same keys and shapes
    clip_grad_norm(grads, max_norm=5.0)
    opt.update(params, grads)               # updates every params[name] in place

`update` changes the arrays themselves (p -= ...), so any other reference to them sees the new
values; a parameter that cannot change in place (a number, a list, an integer or read-only array)
is refused rather than left as it was, and so is a NaN or inf gradient, before anything changes.
What cannot be seen: update(grads, params) with the two dicts swapped (same names, same shapes). An optimizer keeps its state (momentum, moment estimates, step count) per parameter
name, so one optimizer serves one model; a name missing from grads is left untouched that step.
The rules equal torch.optim's SGD, Adagrad and Adam with default options (the tests compare them).
"""

from __future__ import annotations

from typing import Iterable, Mapping

import numpy as np

from ._checks import check_finite, describe, numeric_array, positive_number, updatable_array

__all__ = ["Optimizer", "SGD", "Adagrad", "Adam", "clip_grad_norm", "clip_grad_value"]


class Optimizer:
    """Base class: checks the dicts and keeps per-name state in self.state."""

    def __init__(self, lr: float):
        self.lr = positive_number(type(self).__name__, "lr", lr)
        self.state: dict[str, dict] = {}

    def update(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """One step: for every name in grads, update params[name] in place from grads[name]."""
        where = f"{type(self).__name__}.update"
        positive_number(where, "lr", self.lr)
        for what, value in (("params", params), ("grads", grads)):
            if not isinstance(value, Mapping):
                raise TypeError(f"{where}: {what}에는 이름 -> 배열의 dict가 와야 합니다, 받은 값: {describe(value)}")
        steps = []
        for name, grad in grads.items():          # every check first: a refused step changes nothing
            if name not in params:
                raise ValueError(f"{where}: gradient {name!r} has no parameter (parameters: {sorted(params)})")
            param = updatable_array(where, f"params[{name!r}]", params[name])
            grad = numeric_array(where, f"grads[{name!r}]", grad)
            if grad.shape != param.shape:
                raise ValueError(f"{where}: expected grads[{name!r}] of shape {param.shape}, got {grad.shape}")
            check_finite(where, f"grads[{name!r}]", grad)
            steps.append((name, param, grad.astype(param.dtype, copy=False)))
        for name, param, grad in steps:
            self._step(param, grad, self.state.setdefault(name, {}))

    def _step(self, p: np.ndarray, g: np.ndarray, state: dict) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent, with optional (heavy-ball) momentum as in torch.optim.SGD.

        v ← μ v + g      (v = g at the first step)
        p ← p − lr · v   (with μ = 0: p ← p − lr · g)
    """

    def __init__(self, lr: float = 1e-2, momentum: float = 0.0):
        super().__init__(lr)
        if not positive_number("SGD", "momentum", momentum, allow_zero=True) < 1:
            raise ValueError(f"SGD: momentum must lie in [0, 1), got {momentum}")
        self.momentum = momentum

    def _step(self, p, g, state):
        if self.momentum == 0:
            p -= self.lr * g
            return
        if "v" not in state:
            state["v"] = g.copy()
        else:
            # v ← μ v + g
            state["v"] *= self.momentum
            state["v"] += g
        # p ← p − lr v
        p -= self.lr * state["v"]


class Adagrad(Optimizer):
    """Adagrad: each weight's step shrinks with the squared gradients it has seen.

        G ← G + g ⊙ g
        p ← p − lr · g / (√G + ε)
    """

    def __init__(self, lr: float = 1e-2, eps: float = 1e-10):
        super().__init__(lr)
        self.eps = positive_number("Adagrad", "eps", eps)

    def _step(self, p, g, state):
        G = state.setdefault("G", np.zeros_like(p))
        # G ← G + g²
        G += g * g
        # p ← p − lr g / (√G + ε)
        p -= self.lr * g / (np.sqrt(G) + self.eps)


class Adam(Optimizer):
    """Adam: momentum (m) and a per-weight scale (v), both bias-corrected.

        m ← β1 m + (1 − β1) g,         v ← β2 v + (1 − β2) g ⊙ g
        m̂ = m / (1 − β1^t),            v̂ = v / (1 − β2^t)
        p ← p − lr · m̂ / (√v̂ + ε)
    """

    def __init__(self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(lr)
        for name, beta in (("beta1", beta1), ("beta2", beta2)):
            if not positive_number("Adam", name, beta, allow_zero=True) < 1:
                raise ValueError(f"Adam: betas must lie in [0, 1), got ({beta1}, {beta2})")
        self.beta1, self.beta2, self.eps = beta1, beta2, positive_number("Adam", "eps", eps)

    def _step(self, p, g, state):
        if not state:
            state.update(t=0, m=np.zeros_like(p), v=np.zeros_like(p))
        state["t"] += 1
        t, m, v = state["t"], state["m"], state["v"]
        # m ← β1 m + (1 − β1) g
        m *= self.beta1
        m += (1 - self.beta1) * g
        # v ← β2 v + (1 − β2) g²
        v *= self.beta2
        v += (1 - self.beta2) * (g * g)
        # p ← p − lr m̂ / (√v̂ + ε)
        m_hat = m / (1 - self.beta1 ** t)
        v_hat = v / (1 - self.beta2 ** t)
        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def _arrays(where: str, grads) -> list[np.ndarray]:
    """The gradient arrays of a dict, a list, or one array (as torch's clipping accepts one tensor);
    each must be a float array that can be changed in place."""
    if isinstance(grads, np.ndarray):
        named = [("grads", grads)]
    elif isinstance(grads, Mapping):
        named = [(f"grads[{k!r}]", g) for k, g in grads.items()]
    elif isinstance(grads, (list, tuple)):
        named = [(f"grads[{k}]", g) for k, g in enumerate(grads)]
    else:
        raise TypeError(f"{where}: grads에는 배열의 dict나 리스트(또는 배열 하나)가 와야 합니다, 받은 값: {describe(grads)}")
    return [updatable_array(where, name, g) for name, g in named]


def clip_grad_norm(grads: dict[str, np.ndarray] | Iterable[np.ndarray], max_norm: float) -> float:
    """Rescale all gradients together so their global L2 norm is at most max_norm (in place).

        ‖g‖ = √(Σ_arrays Σ_entries g²);  if ‖g‖ > max_norm:  g ← g · max_norm / (‖g‖ + 1e-6)

    grads: a dict of arrays, a list of arrays or one array, changed in place (each a float
    ndarray: a number or a list could not change). The direction of the overall step is kept;
    only its length is capped (this tames exploding RNN gradients).
    Returns ‖g‖ before clipping, as torch.nn.utils.clip_grad_norm_ does.
    A NaN or inf gradient raises ValueError: scaling by it would wipe out every weight.
    """
    max_norm = positive_number("clip_grad_norm", "max_norm", max_norm)
    arrays = _arrays("clip_grad_norm", grads)
    total = float(np.sqrt(sum(float(np.sum(np.square(g, dtype=np.float64))) for g in arrays)))
    if not np.isfinite(total):
        raise ValueError(f"clip_grad_norm: the gradients contain NaN or inf (norm {total}); training has diverged")
    coef = max_norm / (total + 1e-6)
    if coef < 1:
        for g in arrays:
            g *= coef
    return total


def clip_grad_value(grads: dict[str, np.ndarray] | Iterable[np.ndarray], clip: float) -> None:
    """Clip every gradient entry into [−clip, clip], in place (element-wise, not global).

    grads: as in clip_grad_norm. A NaN gradient raises ValueError (clipping would keep it).
    """
    clip = positive_number("clip_grad_value", "clip", clip)
    arrays = _arrays("clip_grad_value", grads)
    for k, g in enumerate(arrays):
        if np.isnan(g).any():
            raise ValueError(f"clip_grad_value: gradient {k} contains NaN; training has diverged")
    for g in arrays:
        np.clip(g, -clip, clip, out=g)
