"""Quadratic taste groups over what content *is* (its descriptors): the adaptive policy's second model of taste.

``eval-adaptation`` and ``demo`` use ideal points (``policy.ideal_point``), which measured better
(session mean 0.81 against 0.77 offline on textures); this linear-Gaussian model stays for content
whose taste is not single-peaked, and as the reference it was measured against.

Why descriptors: a player's liking is a smooth function of what they see (how open a room is,
how rough a texture), while the map from a latent or condition to that is bent by the
generator. On the shipped textures VAE, a per-group reward model that is quadratic in the
latent Box finds content worth 0.70 of the oracle for a player whose taste group is known;
the same model over normalised descriptors finds 0.86 (an offline diagnostic with the 10-epoch checkpoint).

Model (a latent-class linear model, fitted by EM on logged sessions, ``fit_mixture_prior``):

    reward = phi(d) . w_p + noise,   phi(d) = [1, d, d**2],  d = descriptors scaled to [0, 1]
    w_p ~ sum_m pi_m N(mu_m, Sigma_m)                      (m: groups of people with similar taste)

``ContentBandit`` is ``BanditPolicy`` on that feature map with that prior: it asks for points of
the action Box, and scores each by what the generator makes there. A shared pool of actions whose
content was described once (``ContentPrior.pool_*``) gives every ask global coverage for free;
only the few local and polishing candidates of each ask are generated and described.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from python_bridge.policy.bandit import BanditPolicy, QuadraticFeatures, RandomFourierFeatures
from python_bridge.policy.player_model import LoggedDecisions, fit_mixture_prior

Describe = Callable[[np.ndarray], np.ndarray]
"""``(N, action_dim)`` actions -> ``(N, d)`` normalised descriptors of the content made there."""


@dataclass
class ContentPrior:
    """Population prior of reward over content descriptors, and the pool every policy shares.

    ``weights (M,)``, ``means (M, K)``, ``covs (M, K, K)`` with ``K = 1 + 2 d``; ``noise_var``;
    ``describe`` maps actions to normalised descriptors; ``pool_actions (P, A)`` and
    ``pool_desc (P, d)`` are actions already described; ``reward_var`` is the logged rewards' variance.
    """

    weights: np.ndarray
    means: np.ndarray
    covs: np.ndarray
    noise_var: float
    describe: Describe
    pool_actions: np.ndarray
    pool_desc: np.ndarray
    reward_var: float = 0.01

    @property
    def features(self) -> QuadraticFeatures:
        return QuadraticFeatures(self.pool_desc.shape[1], 1.0)


def fit_content_prior(logs: LoggedDecisions, describe: Describe, pool_actions: np.ndarray, *,
                      n_components: int = 4, iters: int = 40, seed: int = 0) -> ContentPrior:
    """EM fit of the taste groups on logged decisions whose ``x`` are normalised descriptors of what was shown.

    ``pool_actions (P, A)`` are described here once (the slow part: P generations).
    """
    features = QuadraticFeatures(logs.x.shape[1], 1.0)
    weights, means, covs, noise_var = fit_mixture_prior(features(logs.x), logs.player, logs.reward.astype(np.float64),
                                                        n_components=n_components, iters=iters, seed=seed)
    pool_actions = np.asarray(pool_actions, dtype=np.float64)
    return ContentPrior(weights, means, covs, noise_var, describe, pool_actions, describe(pool_actions),
                        float(np.var(logs.reward)))


class ContentBandit(BanditPolicy):
    """An adaptive policy: a Bayesian bandit over content descriptors, starting from the population's taste groups.

    Each ask scores the shared described pool plus a few local and polishing candidates
    (``n_candidates`` of each, generated and described on the spot), by UCB on the posterior.
    A quadratic cannot peak exactly where one person's taste does, so the features also carry
    zero-mean residual terms (random Fourier features over descriptors, an RBF-kernel GP of
    length scale ``residual_length_scale * sqrt(d)`` and variance ``residual_var``, default half
    the logged rewards' variance): this player's own ratings can raise a bump the population
    model has no word for.
    """

    name = "adaptive"

    def __init__(self, prior: ContentPrior, action_dim: int, bound: float = 1.0, seed: int = 0, *,
                 n_candidates: int = 16, ucb_beta: float = 1.0, residual_var: float | None = None,
                 residual_length_scale: float = 0.15, residual_features: int = 64, **kw) -> None:
        if prior.pool_actions.shape[1] != action_dim:
            raise ValueError(f"the prior's pool has {prior.pool_actions.shape[1]}-D actions, the policy {action_dim}-D")
        self.prior = prior
        quad = prior.features
        d = prior.pool_desc.shape[1]
        residual_var = 0.5 * prior.reward_var if residual_var is None else residual_var
        means, covs = prior.means, prior.covs
        if residual_var > 0:
            rff = RandomFourierFeatures(d, 1.0, residual_features, residual_length_scale * np.sqrt(d), seed=seed + 1)
            self._features: Callable[[np.ndarray], np.ndarray] = lambda x: np.concatenate([quad(x), rff(x)[:, 1:]], axis=1)
            k, m = means.shape[1], len(means)
            means = np.concatenate([means, np.zeros((m, residual_features))], axis=1)
            big = np.zeros((m, k + residual_features, k + residual_features))
            big[:, :k, :k] = covs
            big[:, k:, k:] = np.eye(residual_features) * residual_var
            covs = big
        else:
            self._features = quad
        super().__init__(action_dim, bound, seed, feature_map=self._describe_features, prior_mean=means,
                         prior_cov=covs, prior_weights=prior.weights, noise_var=prior.noise_var,
                         n_candidates=n_candidates, n_probe=0, n_fresh=0, n_polish=n_candidates - 1,
                         ucb_beta=ucb_beta, **kw)
        # The pool stands in for the probe set: described once, shared by every player's policy
        # (only its points inside this policy's safe bound).
        inside = np.all(np.abs(prior.pool_actions) <= bound, axis=1)
        self._probe = prior.pool_actions[inside]
        self._probe_phi = self._features(prior.pool_desc[inside])

    def _describe_features(self, actions: np.ndarray, context: np.ndarray | None = None) -> np.ndarray:
        return self._features(self.prior.describe(np.atleast_2d(actions)))
