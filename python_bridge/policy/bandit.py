"""Contextual Bayesian-linear bandit over the action Box: Thompson sampling or UCB on candidate points.

Model: ``reward = phi(action, context) . w + noise``, ``noise ~ N(0, noise_var)``, and a prior on
``w`` that is a Gaussian or a mixture of Gaussians ``sum_m pi_m N(mu_m, Sigma_m)``. After every
``tell`` the posterior is exact: each component gets its conjugate Gaussian posterior and is
reweighted by how well it explains this player's rewards (its marginal likelihood). ``ask``
scores candidates (a fixed probe set, fresh uniform points, and perturbations of the current
best guess), refines around the winner, and returns it.

``phi`` is the whole story:
- ``RandomFourierFeatures`` (default): a GP with an RBF kernel, approximated ("GP-lite");
- ``QuadraticFeatures``: a separable quadratic bowl in the action;
- a learned map with a population prior (``player_model.RewardPrior``, a mixture over groups of
  people) gives the adaptive policy: the prior knows what people like, the posterior picks this
  player's group and adapts within it in a few decisions.
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

    def __call__(self, actions: np.ndarray, context: np.ndarray | None = None) -> np.ndarray:
        a = np.atleast_2d(actions) / self.bound
        ctx = np.broadcast_to(squash_context(context, self.context_dim), (a.shape[0], self.context_dim))
        return np.concatenate([np.ones((a.shape[0], 1)), a, a**2, ctx], axis=1)


class RandomFourierFeatures:
    """``phi(a) = [1, sqrt(2/M) cos(W a / (b * ell) + u), squash(context)]``: an RBF-kernel GP of length scale ``ell`` (Box units).

    Default ``ell = 0.5 * sqrt(action_dim)``: about 60 % of the typical distance between two random
    actions, so a few rewards say something about the whole Box (shorter scales learn nothing in 8-D
    from 20 points).
    """

    def __init__(self, action_dim: int, bound: float = 1.0, n_features: int = 96, length_scale: float | None = None, context_dim: int = 0, seed: int = 0) -> None:
        length_scale = 0.5 * np.sqrt(action_dim) if length_scale is None else length_scale
        rng = np.random.default_rng(seed)
        self.W = rng.normal(size=(n_features, action_dim))
        self.u = rng.uniform(0.0, 2 * np.pi, size=n_features)
        self.bound, self.length_scale, self.context_dim = bound, length_scale, context_dim

    def __call__(self, actions: np.ndarray, context: np.ndarray | None = None) -> np.ndarray:
        a = np.atleast_2d(actions) / (self.bound * self.length_scale)
        rff = np.sqrt(2.0 / self.W.shape[0]) * np.cos(a @ self.W.T + self.u)
        ctx = np.broadcast_to(squash_context(context, self.context_dim), (a.shape[0], self.context_dim))
        return np.concatenate([np.ones((a.shape[0], 1)), rff, ctx], axis=1)


def log_marginal(X: np.ndarray, y: np.ndarray, mu: np.ndarray, cov: np.ndarray, noise_var: float) -> float:
    """``log N(y; X mu, X cov X^T + noise_var I)`` for ``(n, K)`` features ``X``, ``(n,)`` rewards ``y``."""
    C = X @ cov @ X.T + noise_var * np.eye(len(y))
    L = np.linalg.cholesky(C)
    z = np.linalg.solve(L, y - X @ mu)
    return float(-0.5 * z @ z - np.log(np.diag(L)).sum() - 0.5 * len(y) * np.log(2 * np.pi))


def blr_posterior(X: np.ndarray, y: np.ndarray, mu: np.ndarray, cov: np.ndarray, noise_var: float) -> tuple[np.ndarray, np.ndarray]:
    """Conjugate Gaussian posterior ``(mean (K,), cov (K, K))`` of ``w`` given ``y = X w + noise``, ``w ~ N(mu, cov)``."""
    prec0 = np.linalg.inv(cov)
    post_cov = np.linalg.inv(prec0 + X.T @ X / noise_var)
    post_cov = 0.5 * (post_cov + post_cov.T)
    return post_cov @ (prec0 @ mu + X.T @ y / noise_var), post_cov


def check_horizon(horizon: int | None) -> int | None:
    """``horizon`` (decisions per session) if valid; None means the session has no known end."""
    if horizon is not None and horizon < 1:
        raise ValueError(f"horizon must be >= 1 decision, got {horizon}")
    return horizon


def annealed_beta(ucb_beta: float, horizon: int | None, told: int) -> float:
    """The UCB weight of the next ask after ``told`` decisions: ``ucb_beta`` without a horizon, else
    falling linearly to 0 at the last decision (exploring pays only while decisions are left)."""
    if horizon is None:
        return ucb_beta
    left = horizon - 1 - told  # decisions after the next one
    return ucb_beta * left / (horizon - 1) if left > 0 else 0.0


class BanditPolicy(Policy):
    """Bayesian linear bandit (Thompson sampling or UCB) with a Gaussian or mixture prior.

    Args:
        action_dim, bound, seed: the Box ``[-bound, bound]^action_dim`` and the seed.
        feature_map: ``(N, action_dim), (C,) | None -> (N, K)``; default ``RandomFourierFeatures``.
        prior_mean: ``(K,)`` or ``(M, K)`` for a mixture; default ``prior_reward`` on the first
            (constant) feature, 0 elsewhere.
        prior_cov: ``(K, K)`` or ``(M, K, K)``; default ``diag(prior_var)`` (constant feature: 0.25).
        prior_weights: ``(M,)`` mixture weights (default uniform).
        noise_var: reward noise variance assumed by the posterior.
        acquisition: ``"ucb"`` (mean + ``ucb_beta`` * std; default: with ~20 decisions, Thompson
            sampling spends too many of them exploring) or ``"thompson"``.
        n_candidates: local candidates per ask around the best guess (plus a fixed probe set of
            ``n_probe``, ``n_fresh`` fresh uniform points, default ``n_candidates``, and ``n_polish``
            small moves around the winner).
        context_dim: context length the map uses (0: context ignored, probe features cached).
        horizon: decisions in a session, when known. The UCB weight then falls linearly from
            ``ucb_beta`` at the first decision to 0 at the last, and at the last decision (and
            any past it) both acquisitions show the best posterior mean: exploring pays only
            while there are decisions left to use what it finds (None: no such end).
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
        prior_weights: np.ndarray | None = None,
        prior_reward: float = 0.3,
        prior_var: float = 0.25,
        noise_var: float = 0.04,
        acquisition: str = "ucb",
        ucb_beta: float = 1.0,
        n_candidates: int = 256,
        n_probe: int = 4096,
        n_fresh: int | None = None,
        n_polish: int = 64,
        context_dim: int = 0,
        horizon: int | None = None,
    ) -> None:
        super().__init__(action_dim, bound, seed)
        if acquisition not in ("thompson", "ucb"):
            raise ValueError(f"acquisition must be 'thompson' or 'ucb', got {acquisition!r}")
        self.feature_map: FeatureMap = feature_map or RandomFourierFeatures(action_dim, bound, context_dim=context_dim, seed=seed)
        self.context_dim = int(context_dim)
        k = self.feature_map(np.zeros((1, action_dim)), None).shape[1]
        if prior_mean is None:
            prior_mean = np.zeros(k)
            prior_mean[0] = prior_reward
        if prior_cov is None:
            prior_cov = np.eye(k) * prior_var
            prior_cov[0, 0] = 0.25
        self.prior_means = np.asarray(prior_mean, dtype=np.float64).reshape(-1, k)
        m = len(self.prior_means)
        self.prior_covs = np.broadcast_to(np.asarray(prior_cov, dtype=np.float64).reshape(-1, k, k), (m, k, k)).copy()
        w = np.full(m, 1.0 / m) if prior_weights is None else np.asarray(prior_weights, dtype=np.float64)
        self.prior_weights = w / w.sum()
        self.prior_precs = np.linalg.inv(self.prior_covs + 1e-9 * np.eye(k))
        self.noise_var, self.acquisition, self.ucb_beta = float(noise_var), acquisition, float(ucb_beta)
        self.horizon = check_horizon(horizon)
        self.n_candidates = int(n_candidates)
        self.n_fresh = self.n_candidates if n_fresh is None else int(n_fresh)
        self.n_polish = int(n_polish)
        # A fixed probe set whose features are computed once: cheap global coverage at every ask.
        self._probe = np.random.default_rng([seed, 7]).uniform(-bound, bound, size=(n_probe, action_dim))
        self._probe_phi = self.feature_map(self._probe, None) if n_probe else np.zeros((0, k))
        self._reset()

    def _reset(self) -> None:
        self._X: list[np.ndarray] = []  # features of told actions, each (K,)
        self._actions: list[np.ndarray] = []
        self._y: list[float] = []
        self._phi_pending: np.ndarray | None = None
        self.post_weights = self.prior_weights.copy()
        self.post_means, self.post_covs = self.prior_means.copy(), self.prior_covs.copy()

    # Conjugate update per component: prec = P0 + X^T X / s2; mean = cov (P0 m0 + X^T y / s2);
    # component weight ~ prior weight * N(y; X m0, X S0 X^T + s2 I).
    def _update_posterior(self) -> None:
        X, y = np.stack(self._X), np.asarray(self._y)
        logw = np.log(self.prior_weights + 1e-300)
        for m in range(len(self.prior_means)):
            cov = np.linalg.inv(self.prior_precs[m] + X.T @ X / self.noise_var)
            self.post_covs[m] = 0.5 * (cov + cov.T)
            self.post_means[m] = self.post_covs[m] @ (self.prior_precs[m] @ self.prior_means[m] + X.T @ y / self.noise_var)
            if len(self.prior_means) > 1:
                logw[m] += log_marginal(X, y, self.prior_means[m], self.prior_covs[m], self.noise_var)
        w = np.exp(logw - logw.max())
        self.post_weights = w / w.sum()

    def _phi(self, actions: np.ndarray, context: np.ndarray | None) -> np.ndarray:
        return self.feature_map(actions, context if self.context_dim else None)

    def _moments(self, phi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Posterior mean and std ``(N,)`` of the reward of feature rows ``(N, K)`` (mixture moments)."""
        means = phi @ self.post_means.T                                                         # (N, M)
        var = np.stack([np.sum((phi @ cov) * phi, axis=1) for cov in self.post_covs], axis=1)  # (N, M)
        mean = means @ self.post_weights
        second = (var + means**2) @ self.post_weights
        return mean, np.sqrt(np.maximum(second - mean**2, 0.0))

    def predict(self, actions: np.ndarray, context: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Posterior mean and std of the reward, each ``(N,)``, for ``(N, action_dim)`` actions."""
        return self._moments(self._phi(np.atleast_2d(actions), context))

    def _score_fn(self) -> Callable[[np.ndarray], np.ndarray]:
        last = self.horizon is not None and len(self._y) >= self.horizon - 1
        if self.acquisition == "thompson" and not last:
            m = int(self.rng.choice(len(self.post_weights), p=self.post_weights))
            L = np.linalg.cholesky(self.post_covs[m] + 1e-10 * np.eye(self.post_covs.shape[1]))
            w = self.post_means[m] + L @ self.rng.normal(size=L.shape[0])
            return lambda phi: phi @ w
        beta = self.current_beta()
        return lambda phi: (lambda mu_sd: mu_sd[0] + beta * mu_sd[1])(self._moments(phi))

    def current_beta(self) -> float:
        """The UCB weight of the next ask: ``ucb_beta``, scaled by the decisions left when ``horizon`` is set."""
        return annealed_beta(self.ucb_beta, self.horizon, len(self._y))

    def _ask(self, context: np.ndarray | None) -> np.ndarray:
        score = self._score_fn()
        # Anchors: the probe set, fresh uniform points and the told actions. Features already known
        # are reused (the probe's and, without context, the told actions'): computing them may
        # mean generating content (ContentBandit).
        fresh = self.uniform(self.n_fresh)
        told = np.stack(self._actions) if self._actions else np.zeros((0, self.action_dim))
        anchors = np.concatenate([self._probe, fresh, told])
        anchor_phi = np.concatenate([
            self._probe_phi if not self.context_dim else self._phi(self._probe, context),
            self._phi(fresh, context) if len(fresh) else np.zeros((0, self._probe_phi.shape[1])),
            (np.stack(self._X) if not self.context_dim else self._phi(told, context)) if len(told)
            else np.zeros((0, self._probe_phi.shape[1])),
        ])
        # Local moves around the best guess so far (posterior mean), to refine near an optimum.
        centre = anchors[int(np.argmax(anchor_phi @ (self.post_weights @ self.post_means)))]
        local = self.perturb(centre, self.n_candidates, (0.03, 0.1, 0.3))
        cands = np.concatenate([anchors, local])
        phi = np.concatenate([anchor_phi, self._phi(local, context)])
        k = int(np.argmax(score(phi)))
        # Second stage: polish the winner of this acquisition function with small moves.
        polish = np.concatenate([cands[k][None], self.perturb(cands[k], self.n_polish, (0.02, 0.05))])
        polish_phi = np.concatenate([phi[k][None], self._phi(polish[1:], context)])
        j = int(np.argmax(score(polish_phi)))
        self._phi_pending = polish_phi[j]
        return polish[j]

    def _tell(self, action: np.ndarray, reward: float) -> None:
        self._X.append(self._phi_pending if self._phi_pending is not None else self._phi(action[None], None)[0])
        self._actions.append(action)
        self._y.append(reward)
        self._update_posterior()

    def best_guess(self, context: np.ndarray | None = None) -> np.ndarray:
        """``(action_dim,)`` the probe or told action with the highest posterior mean (no exploration)."""
        cands = np.concatenate([self._probe] + ([np.stack(self._actions)] if self._actions else []))
        mean, _ = self.predict(cands, context)
        return cands[int(np.argmax(mean))]
