"""The one policy interface: ``ask(context) -> action`` then ``tell(reward)``, inside a safe action Box.

Every policy subclasses ``Policy`` and implements ``_ask`` / ``_tell``; the base class owns the
call order (pyribs style: out of order raises ``PolicyOrderError``), validates inputs, and clips
every action into ``[-bound, bound]^action_dim`` so no policy can leave the safe latent region.
"""
from __future__ import annotations

import math

import numpy as np

from python_bridge.errors import PolicyOrderError


class Policy:
    """Base class: ``ask(context: (C,) | None) -> (action_dim,)``, then ``tell(reward)``, repeat.

    ``reset()`` starts a new player/session: per-player state (e.g. a CMA-ES run, a posterior) is
    dropped, knowledge shared across players (e.g. PPO weights, a population prior) is kept.
    """

    name: str = "policy"

    def __init__(self, action_dim: int, bound: float = 1.0, seed: int = 0) -> None:
        if action_dim < 1:
            raise ValueError(f"action_dim must be >= 1, got {action_dim}")
        if not (bound > 0 and math.isfinite(bound)):
            raise ValueError(f"bound must be a positive finite number, got {bound}")
        self.action_dim, self.bound, self.seed = int(action_dim), float(bound), int(seed)
        self.rng = np.random.default_rng(seed)
        self._pending: np.ndarray | None = None  # the action asked and not yet told
        self.n_decisions = 0  # tells since the last reset()

    # ------------------------------------------------------------------ public interface
    def ask(self, context: np.ndarray | None = None) -> np.ndarray:
        """The next action, ``(action_dim,)`` float64 inside the Box. Raises if a tell is due."""
        if self._pending is not None:
            raise PolicyOrderError(f"{type(self).__name__}.ask() called twice; call tell(reward) for the last action first")
        ctx = None
        if context is not None:
            # Non-finite context entries are replaced by 0 so one bad event cannot poison a model.
            ctx = np.nan_to_num(np.asarray(context, dtype=np.float64).ravel(), nan=0.0, posinf=0.0, neginf=0.0)
        action = np.asarray(self._ask(ctx), dtype=np.float64).reshape(self.action_dim)
        action = np.clip(np.nan_to_num(action, nan=0.0), -self.bound, self.bound)
        self._pending = action
        return action.copy()

    def tell(self, reward: float) -> None:
        """The reward for the last asked action. Raises if there was no ask, or the reward is not finite."""
        if self._pending is None:
            raise PolicyOrderError(f"{type(self).__name__}.tell() called without a pending ask(); call ask(context) first")
        reward = float(reward)
        if not math.isfinite(reward):
            raise ValueError(f"reward must be finite, got {reward}; drop bad feedback before computing the reward")
        action, self._pending = self._pending, None
        self._tell(action, reward)
        self.n_decisions += 1

    def reset(self, seed: int | None = None) -> None:
        """Start a new player/session (drops a pending ask)."""
        self._pending = None
        self.n_decisions = 0
        if seed is not None:
            self.rng = np.random.default_rng(seed)
        self._reset()

    @property
    def pending(self) -> bool:
        """True between ask() and tell()."""
        return self._pending is not None

    # ------------------------------------------------------------------ to implement
    def _ask(self, context: np.ndarray | None) -> np.ndarray:
        raise NotImplementedError

    def _tell(self, action: np.ndarray, reward: float) -> None:
        """``action``: the clipped action that was asked."""

    def _reset(self) -> None:
        """Drop per-player state."""

    # ------------------------------------------------------------------ helpers
    def uniform(self, n: int | None = None) -> np.ndarray:
        """Uniform samples in the Box: ``(action_dim,)`` or ``(n, action_dim)``."""
        shape = (self.action_dim,) if n is None else (n, self.action_dim)
        return self.rng.uniform(-self.bound, self.bound, size=shape)

    def perturb(self, centre: np.ndarray, n: int, scales: tuple[float, ...]) -> np.ndarray:
        """``(n, action_dim)`` Gaussian perturbations of ``centre``, the scales (fractions of the bound)
        taking equal turns, clipped to the Box."""
        s = np.repeat(scales, int(np.ceil(n / len(scales))))[:n, None] * self.bound
        return np.clip(centre + s * self.rng.normal(size=(n, self.action_dim)), -self.bound, self.bound)


class RandomPolicy(Policy):
    """Uniform actions in the Box: the floor every other policy must beat."""

    name = "random"

    def _ask(self, context: np.ndarray | None) -> np.ndarray:
        return self.uniform()
