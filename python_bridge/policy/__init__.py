"""Ask/tell policies over a safe latent Box (random, bandit, CMA-ES, PPO, adaptive) and the player model.

Every policy: ``ask(context (C,) | None) -> action (action_dim,)`` inside ``[-bound, bound]``,
then ``tell(reward)``; out of order raises ``PolicyOrderError``; ``reset()`` between players.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from python_bridge.errors import ConfigError
from python_bridge.names import POLICY_NAMES
from python_bridge.policy.bandit import BanditPolicy, QuadraticFeatures, RandomFourierFeatures, squash_context
from python_bridge.policy.base import Policy, RandomPolicy
from python_bridge.policy.cmaes import CMAESPolicy
from python_bridge.policy.content_prior import ContentBandit, ContentPrior, fit_content_prior
from python_bridge.policy.embedding import ContentEmbedding
from python_bridge.policy.gp_taste import GPPrior, GPTasteBandit, fit_gp_prior
from python_bridge.policy.ideal_point import (
    IdealPointBandit,
    IdealPointPrior,
    diverse_pool,
    fit_ideal_point_prior,
    load_ideal_point_prior,
    save_ideal_point_prior,
)
from python_bridge.policy.oracle import OraclePolicy, maximise
from python_bridge.policy.player_model import (
    FitConfig,
    LoggedDecisions,
    PlayerModel,
    RewardPrior,
    fit_mixture_prior,
    fit_player_model,
    fit_reward_prior,
    pairwise_accuracy,
    pretrain_policy,
)
from python_bridge.policy.ppo import PPOConfig, PPOPolicy, PPOSession



def make_adaptive_policy(prior: GPPrior | IdealPointPrior | RewardPrior | ContentPrior, action_dim: int, bound: float = 1.0,
                         seed: int = 0, *, residual_var: float | None = None, residual_length_scale: float | None = None,
                         **kw: Any) -> Policy:
    """The adaptive policy: a Bayesian policy starting from the population prior.

    With a ``GPPrior`` (what `eval-adaptation` and `demo` fit): one Gaussian process per player over
    the content embedding, hyperparameters learned from other players (``GPTasteBandit``). With an ``IdealPointPrior``
    (`fit-prior`, and the `ideal-point` baseline): exact Bayes over a learned
    population of ideal points in descriptor space (``IdealPointBandit``). With a ``ContentPrior``:
    a linear bandit over taste groups, quadratic in the descriptors (``ContentBandit``). With a
    ``RewardPrior``: over the player model's learned features of the action itself.

    ``residual_var > 0`` appends GP-lite features (``RandomFourierFeatures``) with a zero-mean prior
    of that variance: room for this player to differ from everything the population model can say.
    """
    if isinstance(prior, GPPrior):
        return GPTasteBandit(prior, action_dim, bound, seed, **kw)
    if isinstance(prior, IdealPointPrior):
        return IdealPointBandit(prior, action_dim, bound, seed, **kw)
    if isinstance(prior, ContentPrior):
        if residual_length_scale is not None:
            kw["residual_length_scale"] = residual_length_scale
        return ContentBandit(prior, action_dim, bound, seed, residual_var=residual_var, **kw)
    residual_var = residual_var or 0.0
    feature_map, means, covs = prior.feature_map, prior.means, prior.covs
    if residual_var > 0:
        rff = RandomFourierFeatures(action_dim, bound, length_scale=residual_length_scale, seed=seed + 1)
        k_res = rff(np.zeros((1, action_dim))).shape[1] - 1  # drop its constant: the prior has one

        def feature_map(actions: np.ndarray, context: np.ndarray | None = None) -> np.ndarray:
            return np.concatenate([prior.feature_map(actions, context), rff(actions)[:, 1:]], axis=1)

        k = means.shape[1]
        means = np.concatenate([means, np.zeros((len(means), k_res))], axis=1)
        big = np.zeros((len(covs), k + k_res, k + k_res))
        big[:, :k, :k] = covs
        big[:, k:, k:] = np.eye(k_res) * residual_var
        covs = big
    policy = BanditPolicy(action_dim, bound, seed, feature_map=feature_map, prior_mean=means, prior_cov=covs,
                          prior_weights=prior.weights, noise_var=prior.noise_var, context_dim=prior.model.context_dim, **kw)
    policy.name = "adaptive"
    return policy


def make_policy(name: str, action_dim: int, bound: float = 1.0, seed: int = 0, **kw: Any) -> Policy:
    """Build a policy by name: ``random | bandit | cmaes | ppo | adaptive`` (``adaptive`` needs ``prior=``).

    Extra keyword arguments go to the policy's constructor (e.g. ``popsize`` for cmaes,
    ``config``/``deterministic`` for ppo, ``acquisition`` for bandit).
    """
    if name == "random":
        return RandomPolicy(action_dim, bound, seed)
    if name == "bandit":
        return BanditPolicy(action_dim, bound, seed, **kw)
    if name == "cmaes":
        return CMAESPolicy(action_dim, bound, seed, **kw)
    if name == "ppo":
        return PPOPolicy(action_dim, bound, seed, **kw)
    if name == "adaptive":
        prior = kw.pop("prior", None)
        if prior is None:
            raise ConfigError("policy 'adaptive' needs prior=IdealPointPrior (fit_ideal_point_prior on logged sessions), "
                              "prior=ContentPrior (fit_content_prior) or prior=RewardPrior (fit_player_model + fit_reward_prior)")
        return make_adaptive_policy(prior, action_dim, bound, seed, **kw)
    raise ConfigError(f"unknown policy {name!r}; choose one of {', '.join(POLICY_NAMES)}")


__all__ = [
    "POLICY_NAMES", "BanditPolicy", "ContentEmbedding", "GPPrior", "GPTasteBandit", "fit_gp_prior", "CMAESPolicy", "ContentBandit", "ContentPrior", "FitConfig", "IdealPointBandit",
    "IdealPointPrior", "LoggedDecisions", "OraclePolicy", "PPOConfig",
    "PPOPolicy", "PPOSession", "PlayerModel", "Policy", "QuadraticFeatures", "RandomFourierFeatures", "RandomPolicy",
    "RewardPrior", "diverse_pool", "fit_content_prior", "fit_ideal_point_prior", "fit_mixture_prior", "fit_player_model", "fit_reward_prior", "load_ideal_point_prior", "make_adaptive_policy", "make_policy", "maximise",
    "pairwise_accuracy", "pretrain_policy", "save_ideal_point_prior", "squash_context",
]
