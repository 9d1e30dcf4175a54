"""Optimizers and gradient clipping, with PyTorch's update rules.

Parameters and gradients are plain dicts of arrays, keyed by name:

    params = {"Wx": Wx, "Wh": Wh, "b": b}
    opt = Adam(lr=1e-3)
    loss, grads = model_loss(params)        # grads has the same keys and shapes
    clip_grad_norm(grads, max_norm=5.0)
    opt.update(params, grads)               # updates every params[name] in place

`update` changes the arrays themselves (p -= ...), so any other reference to them sees the new
values. An optimizer keeps its state (momentum, moment estimates, step count) per parameter
name, so one optimizer serves one model; a name missing from grads is left untouched that step.
The rules equal torch.optim's SGD, Adagrad and Adam with default options (the tests compare them).
"""

from __future__ import annotations

from typing import Iterable

import numpy as np

__all__ = ["Optimizer", "SGD", "Adagrad", "Adam", "clip_grad_norm", "clip_grad_value"]


class Optimizer:
    """Base class: checks the dicts and keeps per-name state in self.state."""

    def __init__(self, lr: float):
        if not lr > 0:
            raise ValueError(f"{type(self).__name__}: lr must be > 0, got {lr}")
        self.lr = lr
        self.state: dict[str, dict] = {}

    def update(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """One step: for every name in grads, update params[name] in place from grads[name]."""
        for name, grad in grads.items():
            if name not in params:
                raise ValueError(f"{type(self).__name__}.update: gradient {name!r} has no parameter "
                                 f"(parameters: {sorted(params)})")
            param = params[name]
            if np.shape(grad) != param.shape:
                raise ValueError(f"{type(self).__name__}.update: expected grads[{name!r}] of shape "
                                 f"{param.shape}, got {np.shape(grad)}")
            self._step(param, np.asarray(grad, dtype=param.dtype), self.state.setdefault(name, {}))

    def _step(self, p: np.ndarray, g: np.ndarray, state: dict) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent, with optional (heavy-ball) momentum as in torch.optim.SGD.

        v ← μ v + g      (v = g at the first step)
        p ← p − lr · v   (with μ = 0: p ← p − lr · g)
    """

    def __init__(self, lr: float = 1e-2, momentum: float = 0.0):
        super().__init__(lr)
        if not 0 <= momentum < 1:
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
        self.eps = eps

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
        if not (0 <= beta1 < 1 and 0 <= beta2 < 1):
            raise ValueError(f"Adam: betas must lie in [0, 1), got ({beta1}, {beta2})")
        self.beta1, self.beta2, self.eps = beta1, beta2, eps

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


def _arrays(grads: dict[str, np.ndarray] | Iterable[np.ndarray]) -> list[np.ndarray]:
    return list(grads.values()) if isinstance(grads, dict) else list(grads)


def clip_grad_norm(grads: dict[str, np.ndarray] | Iterable[np.ndarray], max_norm: float) -> float:
    """Rescale all gradients together so their global L2 norm is at most max_norm (in place).

        ‖g‖ = √(Σ_arrays Σ_entries g²);  if ‖g‖ > max_norm:  g ← g · max_norm / (‖g‖ + 1e-6)

    grads: a dict of arrays (or a list of arrays), changed in place. The direction of the
    overall step is kept; only its length is capped (this tames exploding RNN gradients).
    Returns ‖g‖ before clipping, as torch.nn.utils.clip_grad_norm_ does.
    A NaN or inf gradient raises ValueError: scaling by it would wipe out every weight.
    """
    if not max_norm > 0:
        raise ValueError(f"clip_grad_norm: max_norm must be > 0, got {max_norm}")
    arrays = _arrays(grads)
    total = float(np.sqrt(sum(float(np.sum(np.square(g, dtype=np.float64))) for g in arrays)))
    if not np.isfinite(total):
        raise ValueError(f"clip_grad_norm: the gradients contain NaN or inf (norm {total}); training has diverged")
    coef = max_norm / (total + 1e-6)
    if coef < 1:
        for g in arrays:
            g *= coef
    return total


def clip_grad_value(grads: dict[str, np.ndarray] | Iterable[np.ndarray], clip: float) -> None:
    """Clip every gradient entry into [−clip, clip], in place (element-wise, not global)."""
    if not clip > 0:
        raise ValueError(f"clip_grad_value: clip must be > 0, got {clip}")
    for g in _arrays(grads):
        np.clip(g, -clip, clip, out=g)
