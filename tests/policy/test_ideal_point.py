"""The adaptive policy over ideal points: a population of tastes learned from logs, then one player's found again."""
import dataclasses

import numpy as np
import pytest

from python_bridge.policy import (
    IdealPointBandit,
    IdealPointPrior,
    LoggedDecisions,
    diverse_pool,
    fit_ideal_point_prior,
    load_ideal_point_prior,
    make_policy,
    save_ideal_point_prior,
)

IDEALS = np.array([[0.2, 0.8], [0.8, 0.25]])
NAMES = ("openness", "contrast")
A, B = 0.1, 0.7  # reward = A + B * utility + noise


def describe(actions: np.ndarray) -> np.ndarray:
    """A bent 'generator': what the content is, as a nonlinear function of the action."""
    a = np.atleast_2d(actions)
    return np.stack([(np.tanh(2 * a[:, 0]) + 1) / 2, (np.tanh(1.5 * a[:, 1] + 0.5 * a[:, 0]) + 1) / 2], axis=1)


def utility(desc: np.ndarray, ideal: np.ndarray) -> np.ndarray:
    """Single-peaked taste, and high contrast past 0.7 is uncomfortable for everyone."""
    desc = np.atleast_2d(desc)
    appeal = np.exp(-0.5 * np.mean((desc - ideal) ** 2, axis=-1) / 0.15**2)
    return appeal - 0.8 * np.clip((desc[:, 1] - 0.7) / 0.25, 0, 1)


def player_ideal(p: int, rng: np.random.Generator) -> np.ndarray:
    return np.clip(IDEALS[p % 2] + rng.normal(0, 0.04, 2), 0, 1)


@pytest.fixture(scope="module")
def prior() -> IdealPointPrior:
    rng = np.random.default_rng(0)
    records = []
    for p in range(40):
        ideal = player_ideal(p, rng)
        for a in rng.uniform(-1, 1, size=(15, 2)):
            d = describe(a)[0]
            records.append({"player_id": f"p{p}", "x": d, "reward": float(A + B * utility(d, ideal)[0] + rng.normal(0, 0.05))})
    return fit_ideal_point_prior(LoggedDecisions.from_records(records), describe,
                                 np.random.default_rng(1).uniform(-1, 1, size=(1024, 2)), descriptor_names=NAMES,
                                 comfort_axes={"contrast": "high"}, candidates=3000, keep=1500, seed=0)


def test_fit_learns_the_reward_scale_and_where_tastes_lie(prior):
    # a and b trade off against how broad tastes are, so only their sign and the noise are pinned down.
    assert prior.b > 0.3
    assert 0.03 < np.sqrt(prior.noise_var) < 0.1  # the rating noise is 0.05; particles are never exact
    near = np.min(np.linalg.norm(prior.particles.centre[:, None] - IDEALS[None], axis=2), axis=1) < 0.15
    assert near.mean() > 0.6  # most of the population's mass sits on the two tastes in the logs
    assert prior.pool_values.shape == (len(prior.particles), 1024)


@pytest.mark.parametrize("group", [0, 1])
def test_a_new_player_is_served_content_they_like_within_a_few_decisions(prior, group):
    policy = make_policy("adaptive", 2, seed=3, prior=prior)
    assert isinstance(policy, IdealPointBandit) and policy.name == "adaptive"
    rng = np.random.default_rng(10 + group)
    ideal = player_ideal(group, rng)
    got = []
    for _ in range(8):
        a = policy.ask(None)
        assert a.shape == (2,) and np.all(np.abs(a) <= 1.0)
        u = float(utility(describe(a), ideal)[0])
        policy.tell(A + B * u + float(rng.normal(0, 0.05)))
        got.append(u)
    random_mean = np.clip(utility(describe(rng.uniform(-1, 1, size=(4000, 2))), ideal), 0, 1).mean()
    assert np.mean(got[-4:]) > max(0.6, 3 * random_mean)
    w = policy.posterior()
    mine = np.linalg.norm(prior.particles.centre - IDEALS[group], axis=1) < 0.15
    assert w[mine].sum() > 0.75  # it has worked out what this player likes


def test_horizon_lowers_exploration_to_nothing_at_the_last_decision(prior):
    policy = make_policy("adaptive", 2, seed=0, prior=prior, horizon=3, ucb_beta=3.0)
    betas = []
    for _ in range(3):
        betas.append(policy.current_beta())
        policy.ask(None)
        policy.tell(0.3)
    assert betas == [3.0, 1.5, 0.0]
    # By default it looks harder when it will cash in at a known end than in an open-ended session.
    assert make_policy("adaptive", 2, prior=prior, horizon=20).current_beta() == 2.0
    open_ended = make_policy("adaptive", 2, prior=prior)
    for _ in range(25):
        open_ended.ask(None)
        open_ended.tell(0.3)
    assert open_ended.current_beta() == 1.0
    with pytest.raises(ValueError, match="horizon"):
        make_policy("adaptive", 2, prior=prior, horizon=0)


def test_safe_bound_and_mismatched_pool_and_unknown_comfort_axis(prior):
    policy = make_policy("adaptive", 2, bound=0.5, seed=0, prior=prior)
    for _ in range(3):
        assert np.all(np.abs(policy.ask(None)) <= 0.5)
        policy.tell(0.1)
    tight = make_policy("adaptive", 2, bound=0.01, seed=0, prior=prior)  # no pool point lies inside
    for _ in range(3):
        assert np.all(np.abs(tight.ask(None)) <= 0.01)
        tight.tell(0.1)
    with pytest.raises(ValueError, match="3-D"):
        IdealPointBandit(prior, 3)
    logs = LoggedDecisions.from_records([{"player_id": "p", "x": [0.5, 0.5], "reward": 0.2}])
    with pytest.raises(ValueError, match="not descriptors"):
        fit_ideal_point_prior(logs, describe, np.zeros((4, 2)), descriptor_names=NAMES, comfort_axes={"glare": "high"})
    undescribed = LoggedDecisions.from_records([{"player_id": "p", "x": [np.nan, 0.5], "reward": 0.2}])
    with pytest.raises(ValueError, match="finite descriptors"):
        fit_ideal_point_prior(undescribed, describe, np.zeros((4, 2)), descriptor_names=NAMES)
    # One show (no reward variance) fits without NaN: the noise starts from its floor, not from 0.
    flat = fit_ideal_point_prior(logs, describe, np.zeros((4, 2)), descriptor_names=NAMES, candidates=50, keep=20, em_iters=2)
    assert np.isfinite([flat.a, flat.b, flat.noise_var]).all() and np.isfinite(flat.pool_values).all()
    with pytest.raises(ValueError, match="one row per action"):
        fit_ideal_point_prior(logs, describe, np.zeros((4, 2)), descriptor_names=NAMES, pool_desc=np.zeros((3, 2)),
                              candidates=50, keep=20, em_iters=2)


def test_content_that_cannot_be_described_is_never_shown(prior):
    def flaky(actions: np.ndarray) -> np.ndarray:
        d = describe(actions)
        d[np.atleast_2d(actions)[:, 0] > 0.5] = np.nan  # e.g. a degenerate item whose descriptors are undefined
        return d

    policy = IdealPointBandit(dataclasses.replace(prior, describe=flaky), 2, seed=0)
    for _ in range(5):
        a = policy.ask(None)
        assert np.all(np.isfinite(flaky(a)))
        policy.tell(0.3)
    assert np.all(np.isfinite(policy.posterior()))


def test_the_search_climbs_towards_content_the_pool_does_not_reach(prior):
    # One known person who likes content the generator makes only at the edge of its latent box,
    # and a pool that stays near the middle: more search rounds per ask get closer, same draws.
    person = prior.particles.take(np.array([0]))
    person.centre[:] = [0.95, 0.9]
    person.threshold[:] = 1.0  # no comfort limit in the way
    person.width[:], person.importance[:] = 0.15, 1.0
    pool = np.random.default_rng(2).uniform(-0.2, 0.2, size=(64, 2))
    narrow = dataclasses.replace(prior, particles=person, log_weights=np.zeros(1), pool_actions=pool, pool_desc=describe(pool))
    narrow = dataclasses.replace(narrow, pool_values=narrow.values(describe(pool)))
    shown = {}
    for rounds in (1, 4):
        policy = IdealPointBandit(narrow, 2, seed=5, search_rounds=rounds)
        shown[rounds] = float(narrow.values(describe(policy.ask(None)))[0, 0])
    assert shown[4] > shown[1] > float(narrow.pool_values.max())


def test_the_diverse_pool_reaches_the_edges_of_what_the_generator_makes():
    # The bent generator squeezes most of the latent box into the corners of descriptor space and
    # leaves the middle sparse; a pool must cover both, and never hold undescribable content.
    def holes(actions: np.ndarray) -> np.ndarray:
        d = describe(actions)
        d[np.atleast_2d(actions)[:, 1] > 0.9] = np.nan
        return d

    uniform = describe(np.random.default_rng(0).uniform(-1, 1, size=(64, 2)))
    actions, desc = diverse_pool(holes, 2, 64, seed=0)
    assert actions.shape == (64, 2) and np.all(np.isfinite(desc)) and np.all(actions[:, 1] <= 0.9)
    np.testing.assert_allclose(desc, describe(actions))

    def gap(points: np.ndarray) -> float:  # how far the worst-covered spot of the reachable space is from the pool
        latent = np.random.default_rng(1).uniform(-1, 1, size=(4000, 2))
        reach = describe(latent[latent[:, 1] <= 0.9])
        return float(np.sqrt(np.min(((reach[:, None] - points[None]) ** 2).sum(-1), axis=1)).max())

    assert gap(desc) < 0.7 * gap(uniform)


def test_a_saved_prior_loads_into_the_same_policy_and_a_wrong_or_damaged_one_is_refused(prior, tmp_path):
    meta = {"kind": "toy", "generator": "bent", "descriptor_names": list(NAMES), "action_dim": 2}
    path = save_ideal_point_prior(prior, tmp_path / "priors" / "prior.npz", meta=meta)
    assert [f.name for f in path.parent.iterdir()] == ["prior.npz"], "written by rename, nothing left beside it"
    loaded = load_ideal_point_prior(path, describe, expect=meta)
    np.testing.assert_allclose(loaded.pool_values, prior.pool_values, rtol=1e-6)
    # Same prior, same seed, same feedback: the same content, decision after decision.
    before, after = make_policy("adaptive", 2, seed=5, prior=prior), make_policy("adaptive", 2, seed=5, prior=loaded)
    for r in (0.2, 0.6, 0.4):
        np.testing.assert_allclose(before.ask(None), after.ask(None))
        before.tell(r)
        after.tell(r)

    with pytest.raises(ValueError, match=r"fitted for generator 'bent', this run has 'vae/rooms'.*fit-prior"):
        load_ideal_point_prior(path, describe, expect={**meta, "generator": "vae/rooms"})
    damaged = tmp_path / "damaged.npz"
    damaged.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ValueError, match="not a vrbridge prior.*fit-prior"):
        load_ideal_point_prior(damaged, describe, expect=meta)
    bad = dict(np.load(path, allow_pickle=False))
    bad["width"] = np.full_like(bad["width"], np.nan)
    np.savez(tmp_path / "nan.npz", **bad)
    with pytest.raises(ValueError, match="damaged.*non-finite"):
        load_ideal_point_prior(tmp_path / "nan.npz", describe, expect=meta)
    with pytest.raises(ValueError, match="no prior at"):
        load_ideal_point_prior(tmp_path / "absent.npz", describe, expect=meta)
