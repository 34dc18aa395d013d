"""Per-player CMA-ES over the latent Box (MarioGAN-style latent search) behind ask/tell, via ``cma``.

CMA-ES proposes a generation of ``popsize`` points at once; this policy hands them out one per
``ask`` and calls ``es.tell`` once every point of the generation has a reward. Rewards are
maximised (``cma`` minimises, so it is told ``-reward``). ``reset()`` starts a fresh search for the
next player from ``x0`` (the Box centre, or a population prior's best guess).
"""
from __future__ import annotations

import io
from contextlib import redirect_stdout

import cma
import numpy as np

from python_bridge.policy.base import Policy


class CMAESPolicy(Policy):
    """CMA-ES, one generation at a time.

    Args:
        sigma0: initial step size, as a fraction of ``bound``.
        popsize: points per generation (small: a person sees ~20 pieces of content).
        x0: ``(action_dim,)`` initial mean; default the Box centre.
    """

    name = "cmaes"

    def __init__(self, action_dim: int, bound: float = 1.0, seed: int = 0, *, sigma0: float = 0.4, popsize: int = 6, x0: np.ndarray | None = None) -> None:
        super().__init__(action_dim, bound, seed)
        if action_dim < 2:
            raise ValueError("CMAESPolicy needs action_dim >= 2 (the cma package does not search 1-D)")
        self.sigma0, self.popsize = float(sigma0), int(popsize)
        self.x0 = np.zeros(action_dim) if x0 is None else np.clip(np.asarray(x0, dtype=np.float64), -bound, bound)
        self._reset()

    def _reset(self) -> None:
        # Each player gets its own run, seeded from this policy's rng (reset(seed) re-seeds it).
        seed = int(self.rng.integers(1, 2**31 - 1))
        opts = {
            "bounds": [-self.bound, self.bound], "popsize": self.popsize, "seed": seed,
            "verbose": -9, "verb_disp": 0, "verb_log": 0, "CMA_diagonal": False,
        }
        with redirect_stdout(io.StringIO()):  # cma prints a banner on some versions
            self.es = cma.CMAEvolutionStrategy(self.x0.tolist(), self.sigma0 * self.bound, opts)
        self._generation: list[np.ndarray] = []
        self._fitness: list[float] = []
        self.best_action, self.best_reward = self.x0.copy(), -np.inf

    def _ask(self, context: np.ndarray | None) -> np.ndarray:
        if not self._generation:
            self._generation = [np.asarray(x, dtype=np.float64) for x in self.es.ask()]
            self._fitness = []
        return self._generation[len(self._fitness)]

    def _tell(self, action: np.ndarray, reward: float) -> None:
        self._fitness.append(-reward)
        if reward > self.best_reward:
            self.best_action, self.best_reward = action.copy(), reward
        if len(self._fitness) == len(self._generation):
            self.es.tell(self._generation, self._fitness)
            self._generation = []
