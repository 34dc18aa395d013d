"""Ask/tell policies over a safe latent Box (random, bandit, CMA-ES, PPO, adaptive) and the player model.

Every policy: ``ask(context (C,) | None) -> action (action_dim,)`` inside ``[-bound, bound]``,
then ``tell(reward)``; out of order raises ``PolicyOrderError``; ``reset()`` between players.
"""
from __future__ import annotations

from typing import Any

from python_bridge.errors import ConfigError
from python_bridge.policy.bandit import BanditPolicy, QuadraticFeatures, RandomFourierFeatures, squash_context
from python_bridge.policy.base import Policy, RandomPolicy
from python_bridge.policy.cmaes import CMAESPolicy
from python_bridge.policy.oracle import OraclePolicy, maximise
from python_bridge.policy.player_model import (
    FitConfig,
    LoggedDecisions,
    PlayerModel,
    RewardPrior,
    fit_player_model,
    fit_reward_prior,
    pairwise_accuracy,
    pretrain_policy,
)
from python_bridge.policy.ppo import PPOConfig, PPOPolicy

POLICY_NAMES: tuple[str, ...] = ("random", "bandit", "cmaes", "ppo", "adaptive")


def make_adaptive_policy(prior: RewardPrior, action_dim: int, bound: float = 1.0, seed: int = 0, **kw: Any) -> BanditPolicy:
    """The adaptive policy: a Bayesian bandit on a learned feature map, starting from the population prior."""
    policy = BanditPolicy(action_dim, bound, seed, feature_map=prior.feature_map, prior_mean=prior.means,
                          prior_cov=prior.covs, prior_weights=prior.weights, noise_var=prior.noise_var,
                          context_dim=prior.model.context_dim, **kw)
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
            raise ConfigError("policy 'adaptive' needs prior=RewardPrior (fit_player_model + fit_reward_prior on logged sessions)")
        return make_adaptive_policy(prior, action_dim, bound, seed, **kw)
    raise ConfigError(f"unknown policy {name!r}; choose one of {', '.join(POLICY_NAMES)}")


__all__ = [
    "POLICY_NAMES", "BanditPolicy", "CMAESPolicy", "FitConfig", "LoggedDecisions", "OraclePolicy", "PPOConfig",
    "PPOPolicy", "PlayerModel", "Policy", "QuadraticFeatures", "RandomFourierFeatures", "RandomPolicy",
    "RewardPrior", "fit_player_model", "fit_reward_prior", "make_adaptive_policy", "make_policy", "maximise",
    "pairwise_accuracy", "pretrain_policy", "squash_context",
]
