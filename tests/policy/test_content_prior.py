"""The adaptive policy over content descriptors: taste groups fitted from logs, then found again for a new player."""
import numpy as np
import pytest

from python_bridge.policy import ContentBandit, ContentPrior, LoggedDecisions, fit_content_prior, make_policy

IDEALS = np.array([[0.2, 0.8], [0.8, 0.25]])


def describe(actions: np.ndarray) -> np.ndarray:
    """A bent 'generator': what the content is, as a nonlinear function of the action."""
    a = np.atleast_2d(actions)
    return np.stack([(np.tanh(2 * a[:, 0]) + 1) / 2, (np.tanh(1.5 * a[:, 1] + 0.5 * a[:, 0]) + 1) / 2], axis=1)


def utility(desc: np.ndarray, group: int) -> np.ndarray:
    return np.exp(-0.5 * np.sum((desc - IDEALS[group]) ** 2, axis=-1) / 0.2**2)


@pytest.fixture(scope="module")
def prior() -> ContentPrior:
    rng = np.random.default_rng(0)
    records = []
    for p in range(40):
        for a in rng.uniform(-1, 1, size=(15, 2)):
            d = describe(a)[0]
            records.append({"player_id": f"p{p}", "x": d, "reward": float(utility(d, p % 2) + rng.normal(0, 0.05))})
    return fit_content_prior(LoggedDecisions.from_records(records), describe,
                             np.random.default_rng(1).uniform(-1, 1, size=(1024, 2)), n_components=2)


def test_fit_finds_both_taste_groups(prior):
    best = [prior.pool_desc[np.argmax(prior.features(prior.pool_desc) @ m)] for m in prior.means]
    for ideal in IDEALS:
        assert min(np.abs(b - ideal).max() for b in best) < 0.25  # a quadratic's peak sits near, not on, a bump's
    assert np.all(prior.weights > 0.3)


@pytest.mark.parametrize("group", [0, 1])
def test_a_new_player_is_served_their_groups_content_within_a_few_decisions(prior, group):
    policy = make_policy("adaptive", 2, seed=3, prior=prior)
    assert isinstance(policy, ContentBandit) and policy.name == "adaptive"
    rng = np.random.default_rng(10 + group)
    got = []
    for _ in range(8):
        a = policy.ask(None)
        assert a.shape == (2,) and np.all(np.abs(a) <= 1.0)
        u = float(utility(describe(a)[0], group))
        policy.tell(u + float(rng.normal(0, 0.05)))
        got.append(u)
    random_mean = utility(describe(rng.uniform(-1, 1, size=(4000, 2))), group).mean()
    assert np.mean(got[-4:]) > max(0.5, 3 * random_mean)
    best = [prior.pool_desc[np.argmax(prior.features(prior.pool_desc) @ m[:5])] for m in prior.means]
    mine = int(np.argmin([np.abs(b - IDEALS[group]).max() for b in best]))
    assert policy.post_weights[mine] > 0.9  # it has worked out which group this player is in


def test_pool_outside_the_safe_bound_is_not_used(prior):
    policy = make_policy("adaptive", 2, bound=0.5, seed=0, prior=prior)
    for _ in range(3):
        a = policy.ask(None)
        assert np.all(np.abs(a) <= 0.5)
        policy.tell(0.1)
