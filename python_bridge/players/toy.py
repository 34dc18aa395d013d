"""A toy "action -> descriptors" map standing in for generator + descriptor extraction in tests and benchmarks.

``ToyContentMap`` is a fixed, seeded, smooth nonlinear map from an action in
``[-bound, bound]^action_dim`` to raw descriptors of a ``DescriptorSpace``:
``x = sigmoid(W a / bound + b + 0.5 sin(V a / bound))`` in ``[0, 1]^d``, then scaled to the ranges.
It has a null space (more action dims than descriptors), as a real latent space does.
"""
from __future__ import annotations

import numpy as np

from python_bridge.players.population import TOY_SPACE, DescriptorSpace


class ToyContentMap:
    """``__call__(actions (..., action_dim)) -> raw descriptors (..., d)``; deterministic in ``seed``."""

    def __init__(self, action_dim: int = 8, space: DescriptorSpace = TOY_SPACE, bound: float = 1.0, seed: int = 0, gain: float = 2.5) -> None:
        self.action_dim, self.space, self.bound = action_dim, space, float(bound)
        d = len(space.descriptor_names)
        rng = np.random.default_rng(seed)
        # Rows of norm ~gain so a uniform action covers most of each descriptor's range.
        self.W = rng.normal(0.0, gain / np.sqrt(action_dim / 3.0), size=(d, action_dim))
        self.b = rng.normal(0.0, 0.3, size=d)
        self.V = rng.normal(0.0, 1.0, size=(d, action_dim))
        lo_hi = np.array([space.descriptor_ranges[n] for n in space.descriptor_names], dtype=np.float64)
        self.lo, self.span = lo_hi[:, 0], lo_hi[:, 1] - lo_hi[:, 0]

    def normalised(self, actions: np.ndarray) -> np.ndarray:
        """``(..., action_dim)`` -> ``(..., d)`` descriptors in ``[0, 1]``."""
        a = np.clip(np.asarray(actions, dtype=np.float64), -self.bound, self.bound) / self.bound
        z = a @ self.W.T + self.b + 0.5 * np.sin(a @ self.V.T)
        return 1.0 / (1.0 + np.exp(-z))

    def __call__(self, actions: np.ndarray) -> np.ndarray:
        """``(..., action_dim)`` -> ``(..., d)`` raw descriptors in the space's ranges."""
        return self.lo + self.normalised(actions) * self.span
