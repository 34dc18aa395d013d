"""The oracle, for evaluation only: knows ``action -> true utility`` and shows its maximiser.

Never use it with people: it needs the hidden utility of a simulated player. Benchmarks divide
what a policy achieves by ``OraclePolicy.best_value`` to get the fraction of the oracle.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from python_bridge.policy.base import Policy

UtilityFn = Callable[[np.ndarray], np.ndarray]
"""``(N, action_dim) -> (N,)`` true, noise-free utility."""


def maximise(utility: UtilityFn, action_dim: int, bound: float, rng: np.random.Generator, n_random: int = 20000, n_local: int = 30) -> tuple[np.ndarray, float]:
    """Dense random search, then shrinking local search around the best: ``(action (action_dim,), value)``."""
    cands = rng.uniform(-bound, bound, size=(n_random, action_dim))
    vals = utility(cands)
    k = int(np.argmax(vals))
    best, best_v = cands[k], float(vals[k])
    scale = 0.2 * bound
    for _ in range(n_local):
        local = np.clip(best + scale * rng.normal(size=(256, action_dim)), -bound, bound)
        v = utility(local)
        j = int(np.argmax(v))
        if v[j] > best_v:
            best, best_v = local[j], float(v[j])
        else:
            scale *= 0.7
    return best, best_v


class OraclePolicy(Policy):
    """Always asks the maximiser of the true utility; ``tell`` is accepted and ignored."""

    name = "oracle"

    def __init__(self, utility: UtilityFn, action_dim: int, bound: float = 1.0, seed: int = 0, **search: int) -> None:
        super().__init__(action_dim, bound, seed)
        self.utility = utility
        self.best_action, self.best_value = maximise(utility, action_dim, bound, self.rng, **search)

    def _ask(self, context: np.ndarray | None) -> np.ndarray:
        return self.best_action
