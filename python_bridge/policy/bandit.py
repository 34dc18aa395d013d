"""Contextual Bayesian-linear bandit over the action Box: Thompson sampling or UCB on candidate points.

Model: ``reward = phi(action, context) . w + noise``, ``w ~ N(prior_mean, prior_cov)``,
``noise ~ N(0, noise_var)``. After every ``tell`` the posterior is exact (conjugate Gaussian);
``ask`` scores a candidate set (uniform points plus perturbations of the current best guess) with
a posterior sample (Thompson) or an upper confidence bound and returns the best candidate.

``phi`` is the whole story:
- ``RandomFourierFeatures`` (default): a GP with an RBF kernel, approximated ("GP-lite");
- ``QuadraticFeatures``: a separable quadratic bowl in the action;
- a learned map with a population prior (``player_model.RewardPrior``) gives the adaptive policy:
  the prior knows what people in general like, the posterior adapts to this player in a few steps.
Context enters through the map: the built-in maps append ``squash(context)`` when
``context_dim > 0`` (it shifts the expected reward of every candidate alike); a custom map may
cross context with the action.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from python_bridge.policy.base import Policy

FeatureMap = Callable[[np.ndarray, "np.ndarray | None"], np.ndarray]
"""``(actions (N, action_dim), context (C,) | None) -> features (N, K)``."""


def squash_context(context: np.ndarray | None, context_dim: int) -> np.ndarray:
    """``(C,)`` raw features -> ``(context_dim,)`` in (-1, 1) via ``tanh(sign * log1p(|c|) / 3)``; zeros if None."""
    out = np.zeros(context_dim)
    if context is not None and context_dim:
        c = np.asarray(context, dtype=np.float64).ravel()[:context_dim]
        out[: c.size] = np.tanh(np.sign(c) * np.log1p(np.abs(c)) / 3.0)
    return out


class QuadraticFeatures:
    """``phi(a) = [1, a/b, (a/b)^2, squash(context)]``: ``K = 1 + 2 * action_dim + context_dim``."""

    def __init__(self, action_dim: int, bound: float = 1.0, context_dim: int = 0) -> None:
        self.action_dim, self.bound, self.context_dim = action_dim, bound, context_dim
        self.dim = 1 + 2 * action_dim + context_dim

    def __call__(self, actions: np.ndarray, context: np.ndarray | None = None) -> np.ndarray:
        a = np.atleast_2d(actions) / self.bound
        ctx = np.broadcast_to(squash_context(context, self.context_dim), (a.shape[0], self.context_dim))
        return np.concatenate([np.ones((a.shape[0], 1)), a, a**2, ctx], axis=1)


class RandomFourierFeatures:
    """``phi(a) = [1, sqrt(2/M) cos(W a / (b * ell) + u), squash(context)]``: an RBF-kernel GP of length scale ``ell`` (in Box units)."""

    def __init__(self, action_dim: int, bound: float = 1.0, n_features: int = 96, length_scale: float = 0.6, context_dim: int = 0, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        self.W = rng.normal(size=(n_features, action_dim))
        self.u = rng.uniform(0.0, 2 * np.pi, size=n_features)
        self.bound, self.length_scale, self.context_dim = bound, length_scale, context_dim
        self.dim = 1 + n_features + context_dim

    def __call__(self, actions: np.ndarray, context: np.ndarray | None = None) -> np.ndarray:
        a = np.atleast_2d(actions) / (self.bound * self.length_scale)
        rff = np.sqrt(2.0 / self.W.shape[0]) * np.cos(a @ self.W.T + self.u)
        ctx = np.broadcast_to(squash_context(context, self.context_dim), (a.shape[0], self.context_dim))
        return np.concatenate([np.ones((a.shape[0], 1)), rff, ctx], axis=1)


class BanditPolicy(Policy):
    """Bayesian linear bandit (Thompson sampling or UCB) over candidate actions.

    Args:
        action_dim, bound, seed: the Box ``[-bound, bound]^action_dim`` and the seed.
        feature_map: ``(N, action_dim), (C,) | None -> (N, K)``; default ``RandomFourierFeatures``.
        prior_mean: ``(K,)``; default: ``prior_reward`` on the first (constant) feature, 0 elsewhere.
        prior_cov: ``(K, K)``; default ``diag(prior_var)`` (the constant feature gets 0.25).
        noise_var: reward noise variance assumed by the posterior.
        acquisition: ``"thompson"`` or ``"ucb"`` (mean + ``ucb_beta`` * std).
        n_candidates: uniform candidates per ask; as many again are local perturbations.
        context_dim: context length the default maps use (0: context ignored).
    """

    name = "bandit"

    def __init__(
        self,
        action_dim: int,
        bound: float = 1.0,
        seed: int = 0,
        *,
        feature_map: FeatureMap | None = None,
        prior_mean: np.ndarray | None = None,
        prior_cov: np.ndarray | None = None,
        prior_reward: float = 0.3,
        prior_var: float = 0.25,
        noise_var: float = 0.03,
        acquisition: str = "thompson",
        ucb_beta: float = 1.0,
        n_candidates: int = 512,
        context_dim: int = 0,
    ) -> None:
        super().__init__(action_dim, bound, seed)
        if acquisition not in ("thompson", "ucb"):
            raise ValueError(f"acquisition must be 'thompson' or 'ucb', got {acquisition!r}")
        self.feature_map: FeatureMap = feature_map or RandomFourierFeatures(action_dim, bound, context_dim=context_dim, seed=seed)
        k = self.feature_map(np.zeros((1, action_dim)), None).shape[1]
        if prior_mean is None:
            prior_mean = np.zeros(k)
            prior_mean[0] = prior_reward
        if prior_cov is None:
            prior_cov = np.eye(k) * prior_var
            prior_cov[0, 0] = 0.25
        self.prior_mean = np.asarray(prior_mean, dtype=np.float64).reshape(k)
        self.prior_cov = np.asarray(prior_cov, dtype=np.float64).reshape(k, k)
        self.prior_prec = np.linalg.inv(self.prior_cov + 1e-9 * np.eye(k))
        self.noise_var, self.acquisition, self.ucb_beta = float(noise_var), acquisition, float(ucb_beta)
        self.n_candidates = int(n_candidates)
        self._reset()

    def _reset(self) -> None:
        self._X: list[np.ndarray] = []  # features of told actions, each (K,)
        self._actions: list[np.ndarray] = []
        self._y: list[float] = []
        self._phi_pending: np.ndarray | None = None
        self._post_mean, self._post_cov = self.prior_mean.copy(), self.prior_cov.copy()

    # Conjugate update: precision = P0 + X^T X / s2; mean = cov (P0 m0 + X^T y / s2).
    def _update_posterior(self) -> None:
        X, y = np.stack(self._X), np.asarray(self._y)
        prec = self.prior_prec + X.T @ X / self.noise_var
        cov = np.linalg.inv(prec)
        self._post_cov = 0.5 * (cov + cov.T)
        self._post_mean = self._post_cov @ (self.prior_prec @ self.prior_mean + X.T @ y / self.noise_var)

    def predict(self, actions: np.ndarray, context: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Posterior mean and std of the reward, each ``(N,)``, for ``(N, action_dim)`` actions."""
        phi = self.feature_map(np.atleast_2d(actions), context)
        mean = phi @ self._post_mean
        var = np.einsum("nk,kl,nl->n", phi, self._post_cov, phi)
        return mean, np.sqrt(np.maximum(var, 0.0))

    def _candidates(self, context: np.ndarray | None) -> np.ndarray:
        n = self.n_candidates
        cands = [self.uniform(n)]
        # Local moves around the best guess so far, at three scales, to refine near an optimum.
        anchors = cands[0]
        if self._actions:
            anchors = np.concatenate([anchors, np.stack(self._actions)])
        mean, _ = self.predict(anchors, context)
        centre = anchors[int(np.argmax(mean))]
        scales = np.repeat([0.03, 0.1, 0.3], int(np.ceil(n / 3)))[:n, None] * self.bound
        cands.append(centre + scales * self.rng.normal(size=(n, self.action_dim)))
        cands.append(centre[None])
        return np.clip(np.concatenate(cands), -self.bound, self.bound)

    def _ask(self, context: np.ndarray | None) -> np.ndarray:
        cands = self._candidates(context)
        phi = self.feature_map(cands, context)
        if self.acquisition == "thompson":
            w = self.rng.multivariate_normal(self._post_mean, self._post_cov, method="cholesky")
            score = phi @ w
        else:
            mean = phi @ self._post_mean
            std = np.sqrt(np.maximum(np.einsum("nk,kl,nl->n", phi, self._post_cov, phi), 0.0))
            score = mean + self.ucb_beta * std
        k = int(np.argmax(score))
        self._phi_pending = phi[k]
        return cands[k]

    def _tell(self, action: np.ndarray, reward: float) -> None:
        self._X.append(self._phi_pending if self._phi_pending is not None else self.feature_map(action[None], None)[0])
        self._actions.append(action)
        self._y.append(reward)
        self._update_posterior()

    def best_guess(self, context: np.ndarray | None = None) -> np.ndarray:
        """``(action_dim,)`` the candidate with the highest posterior mean (no exploration)."""
        cands = self._candidates(context)
        mean, _ = self.predict(cands, context)
        return cands[int(np.argmax(mean))]
