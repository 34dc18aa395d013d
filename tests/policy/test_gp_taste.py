"""The GP taste policy: a prior learned from other players' logs, then per-player adaptation over content."""
from __future__ import annotations

import numpy as np
import pytest

from python_bridge.content.registry import get_kind
from python_bridge.policy import ContentEmbedding, GPTasteBandit, fit_gp_prior, make_policy
from python_bridge.policy.gp_taste import pair_accuracy

A = 3  # action dims; the "content" is a fixed smooth map of the action, so the embedding can be the map itself


def embed(actions: np.ndarray) -> np.ndarray:
    a = np.atleast_2d(actions)
    return np.stack([np.sin(1.5 * a[:, 0]), a[:, 1] * a[:, 2], np.tanh(2 * a[:, 1])], axis=1)


def make_people(n: int, rng: np.random.Generator) -> list:
    """Two-region tastes (not a single ideal point) around two shared archetypes, over the embedding."""
    archetypes = np.array([[0.8, 0.3, -0.6], [-0.7, -0.4, 0.7], [0.1, 0.6, 0.2]])
    people = []
    for _ in range(n):
        picks = rng.choice(3, size=2, replace=False)
        centres = archetypes[picks] + rng.normal(0, 0.1, size=(2, 3))
        people.append(lambda x, c=centres: np.max(np.exp(-0.5 * ((x[:, None, :] - c[None]) ** 2).sum(-1) / 0.35**2), axis=1))
    return people


def logs(people, rng, shows=12):
    out = []
    for u in people:
        a = rng.uniform(-1, 1, size=(shows, A))
        x = embed(a)
        out.append((x, u(x) + rng.normal(0, 0.1, size=shows)))
    return out


@pytest.fixture(scope="module")
def prior():
    rng = np.random.default_rng(0)
    pool = rng.uniform(-1, 1, size=(512, A))
    return fit_gp_prior(logs(make_people(80, rng), rng), embed, pool, steps=150)


def test_prior_learns_noise_and_signal_from_logs(prior):
    h = prior.hyper
    assert 0.003 < h.noise_var < 0.05, "the logs' noise sd is 0.1"
    assert h.signal_var > h.noise_var, "people's tastes differ more than their ratings jitter"


def test_adapts_to_new_people_better_than_random_and_the_population_mean(prior):
    rng = np.random.default_rng(7)
    people = make_people(12, rng)
    grid = rng.uniform(-1, 1, size=(4000, A))
    got, rand, first = [], [], []
    for i, u in enumerate(people):
        best = u(embed(grid)).max()
        policy = make_policy("adaptive", A, seed=i, prior=prior, horizon=12)
        assert isinstance(policy, GPTasteBandit)
        values = []
        for _ in range(12):
            a = policy.ask()
            v = float(u(embed(a[None]))[0])
            values.append(v / best)
            policy.tell(v + rng.normal(0, 0.1))
        got.append(values[-1])
        first.append(values[0])
        rand.append(float(np.mean(u(embed(rng.uniform(-1, 1, size=(12, A))))) / best))
    assert np.mean(got) > np.mean(rand) + 0.25
    assert np.mean(got) > np.mean(first) + 0.1, "it learns the player, not only the population"


def test_player_model_orders_held_out_shows_of_a_player(prior):
    rng = np.random.default_rng(3)
    people = make_people(30, rng)
    sessions = logs(people, rng, shows=20)
    truth = [u(x) for u, (x, _) in zip(people, sessions)]
    acc, ceiling = pair_accuracy(prior.hyper, sessions, truth=truth)
    # Chance is 0.5; the ceiling is how often the true utility orders the logged pair the same way.
    assert ceiling is not None and acc > 0.57 and acc > 0.8 * ceiling


def test_embedding_is_learned_from_the_corpus_and_finite():
    for name in ("textures", "rooms"):
        kind = get_kind(name)
        emb = ContentEmbedding.fit(kind, n=128, seed=0)
        x = emb(kind.make_corpus(16, seed=3))
        assert x.shape == (16, emb.dim) and np.all(np.isfinite(x))
        assert emb.dim > len(kind.descriptor_names), "descriptors are part of the embedding, not all of it"
