"""Player model: Bradley–Terry on within-player pairs, the population prior, offline pretraining."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from python_bridge.features import reward_from_feedback
from python_bridge.players import ToyContentMap, make_population
from python_bridge.policy import (
    FitConfig, LoggedDecisions, PPOConfig, PPOPolicy, fit_mixture_prior, fit_player_model, fit_reward_prior, make_policy,
    pairwise_accuracy, pretrain_policy,
)

torch.set_num_threads(1)
CMAP = ToyContentMap(8, seed=0)


def log_sessions(n_players: int, decisions: int, seed: int) -> LoggedDecisions:
    """Random content shown to toy players, as a first deployment would log it."""
    pop = make_population(n_players, seed=seed)
    rng = np.random.default_rng(seed)
    records = []
    for player in pop:
        player.session_start(0.0, "s")
        for t in range(decisions):
            a = rng.uniform(-1, 1, size=8)
            r = reward_from_feedback(player.experience(f"c{t}", CMAP(a), float(t), rng))
            records.append({"player_id": player.player_id, "action": a, "reward": r})
    return LoggedDecisions.from_records(records)


@pytest.fixture(scope="module")
def logs():
    return log_sessions(80, 12, seed=100)


@pytest.fixture(scope="module")
def fitted(logs):
    train, held = logs.split(0.25, seed=0)
    model = fit_player_model(train, FitConfig(epochs=15, n_features=8, hidden=32, seed=0))
    return model, held


def test_records_and_pairs(logs):
    bad = LoggedDecisions.from_records([{"player_id": "p-1", "x": [0.0, 1.0], "reward": float("nan")},
                                        {"player_id": "p-1", "x": [0.0, 1.0], "reward": 0.2, "context": [1.0]},
                                        {"player_id": "p-2", "x": [1.0, 1.0], "reward": 0.4}])
    assert len(bad) == 2 and bad.context.shape == (2, 1) and bad.player_ids == ["p-1", "p-2"]
    pairs = logs.pairs(seed=0)
    assert len(pairs) > 1000
    assert np.all(logs.player[pairs[:, 0]] == logs.player[pairs[:, 1]])
    assert np.all(logs.reward[pairs[:, 0]] > logs.reward[pairs[:, 1]])


def test_ranks_held_out_pairs_better_than_chance(fitted, logs):
    model, held = fitted
    assert pairwise_accuracy(model, held) > 0.65
    # Players the model never saw, by the population score.
    new = log_sessions(30, 12, seed=200)
    assert pairwise_accuracy(model, new, per_player=False) > 0.65


def test_fit_is_deterministic(logs):
    a = fit_player_model(logs.subset(np.arange(240)), FitConfig(epochs=2, n_features=4, hidden=8, seed=1))
    b = fit_player_model(logs.subset(np.arange(240)), FitConfig(epochs=2, n_features=4, hidden=8, seed=1))
    x = torch.as_tensor(logs.x[:10])
    torch.testing.assert_close(a(x), b(x))


def test_prior_and_adaptive_policy(fitted, logs):
    model, _ = fitted
    prior = fit_reward_prior(model, logs, n_components=2, iters=5)
    assert prior.means.shape == (2, 9) and prior.covs.shape == (2, 9, 9)
    assert prior.weights.sum() == pytest.approx(1.0) and prior.noise_var > 0
    assert np.all(np.linalg.eigvalsh(prior.covs) > 0)
    policy = make_policy("adaptive", 8, 0.8, seed=0, prior=prior)
    seen = []
    for t in range(5):
        a = policy.ask(None)
        assert np.all(np.abs(a) <= 0.8)
        policy.tell(float(prior.mean_reward(a[None])[0]))
        seen.append(a)
    assert policy.name == "adaptive" and abs(policy.post_weights.sum() - 1.0) < 1e-9
    again = make_policy("adaptive", 8, 0.8, seed=0, prior=prior)
    np.testing.assert_array_equal(again.ask(None), seen[0])


def test_pretraining_on_the_learned_model_improves_ppo(fitted, logs):
    model, _ = fitted
    prior = fit_reward_prior(model, logs, n_components=1, iters=3)
    ppo = PPOPolicy(8, 1.0, 0, config=PPOConfig(rollout_decisions=120, horizon=6, learning_rate=3e-3))
    curve = pretrain_policy(ppo, prior, n_players=200, decisions=6, seed=0)
    assert curve.shape == (200,) and ppo.n_updates >= 9
    assert curve[-40:].mean() > curve[:40].mean() + 0.1
    assert not ppo.pending


def test_mixture_prior_finds_groups_of_people():
    # Two kinds of people: rewards follow w = (0.5, 1, 0) or (0.5, 0, 1) on features (1, f1, f2).
    rng = np.random.default_rng(0)
    X, player, y = [], [], []
    for p in range(60):
        w = np.array([0.5, 1.0, 0.0]) if p % 3 else np.array([0.5, 0.0, 1.0])
        Xp = np.concatenate([np.ones((10, 1)), rng.normal(size=(10, 2))], axis=1)
        X.append(Xp)
        y.append(Xp @ (w + rng.normal(0, 0.05, 3)) + rng.normal(0, 0.1, 10))
        player += [p] * 10
    weights, means, covs, noise_var = fit_mixture_prior(np.concatenate(X), np.array(player), np.concatenate(y), n_components=2, iters=20)
    order = np.argsort(means[:, 1])  # group "f2" first
    np.testing.assert_allclose(weights[order], [1 / 3, 2 / 3], atol=0.05)
    np.testing.assert_allclose(means[order], [[0.5, 0.0, 1.0], [0.5, 1.0, 0.0]], atol=0.1)
    assert noise_var == pytest.approx(0.01, rel=0.5)
