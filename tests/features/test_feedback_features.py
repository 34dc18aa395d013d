"""Feedback -> features and reward: layout, bad input tolerance, documented weighting."""
from __future__ import annotations

import math

import numpy as np
import pytest

from python_bridge.features import FEATURE_INDEX, FEATURE_NAMES, FeedbackFeatures, RewardWeights, reward_from_feedback, reward_terms
from python_bridge.players import ToyContentMap, make_population
from python_bridge.types import FeedbackEvent


def ev(kind, t=0.0, value=0.0, **kw):
    return FeedbackEvent(kind=kind, player_id="p-000000000000", session_id="s", timestamp_s=t, value=value, **kw)


EVENTS = [
    ev("session_start", 0.0),
    ev("gaze_dwell", 1.0, 2.0, content_id="c", element_id="c/element/0"),
    ev("gaze_dwell", 2.0, 3.0, content_id="c", element_id="c/element/1"),
    ev("gaze_dwell", 3.0, 1.0, content_id="c", element_id="c/element/0"),
    ev("interaction", 4.0, 0.5, detail="hover"),
    ev("interaction", 5.0, 1.5, detail="activate"),
    ev("comfort", 6.0, 0.4, detail="roughness_high"),
    ev("locomotion", 7.0, 1.2, extra={"distance_m": 6.0, "turn_rate_dps": 20.0, "window_s": 5.0}),
    ev("rating", 8.0, 0.25),
    ev("rating", 9.0, 0.75),
]


def test_layout_and_values():
    f = FeedbackFeatures()(EVENTS)
    assert f.dtype == np.float32 and f.shape == (len(FEATURE_NAMES),) == (FeedbackFeatures.dim,)
    get = lambda name: float(f[FEATURE_INDEX[name]])  # noqa: E731
    assert get("n_events") == 10 and get("dwell_total_s") == 6.0 and get("dwell_max_s") == 3.0
    assert get("n_elements_dwelt") == 2 and get("rating_last") == 0.75 and get("rating_mean") == 0.5
    assert (get("n_hover"), get("n_select"), get("n_activate"), get("interaction_s_total")) == (1, 0, 1, 2.0)
    assert get("discomfort_max") == pytest.approx(0.4) and get("n_comfort_reports") == 1
    assert get("speed_mean_mps") == pytest.approx(1.2) and get("distance_m") == 6.0 and get("turn_rate_mean_dps") == 20.0
    assert get("window_s") == 9.0 and get("session_started") == 1 and get("session_ended") == 0
    # Order of arrival does not matter.
    np.testing.assert_array_equal(f, FeedbackFeatures()(EVENTS[::-1]))


def test_empty_input():
    f = FeedbackFeatures()([])
    expected = np.zeros(len(FEATURE_NAMES), np.float32)
    expected[FEATURE_INDEX["rating_last"]] = expected[FEATURE_INDEX["rating_mean"]] = -1
    np.testing.assert_array_equal(f, expected)
    assert reward_from_feedback([]) == 0.0


def test_nan_inf_and_unknown_kinds_are_dropped_and_counted():
    bad = EVENTS + [ev("rating", 10.0, math.nan), ev("gaze_dwell", math.inf, 1.0), ev("heartbeat", 1.0, 80.0),
                    ev("locomotion", 11.0, 1.0, extra={"distance_m": math.nan})]
    ff = FeedbackFeatures()
    f = ff(bad)
    assert np.all(np.isfinite(f))
    assert f[FEATURE_INDEX["n_dropped"]] == 2 and f[FEATURE_INDEX["n_unknown"]] == 1
    assert f[FEATURE_INDEX["rating_mean"]] == 0.5 and f[FEATURE_INDEX["distance_m"]] == 6.0
    assert ff.n_dropped_total == 2 and ff.n_unknown_total == 1
    terms = reward_terms(bad)
    assert terms["n_dropped"] == 2 and terms["n_unknown"] == 1
    assert terms["reward"] == pytest.approx(reward_from_feedback(EVENTS))
    assert reward_from_feedback([ev("rating", 0.0, math.nan)]) == 0.0


def test_push_pop_covers_events_since_last_decision():
    ff = FeedbackFeatures()
    ff.push(EVENTS[:3])
    ff.push(EVENTS[3:])
    np.testing.assert_array_equal(ff.pop(), FeedbackFeatures()(EVENTS))
    assert ff.pop()[FEATURE_INDEX["n_events"]] == 0


def test_reward_weighting_is_as_documented():
    w = RewardWeights()
    assert reward_from_feedback([ev("rating", 0.0, 0.8)]) == pytest.approx(0.8)
    dwell = [ev("gaze_dwell", 0.0, 8.0, element_id="e")]
    expect = (w.dwell * (1 - math.exp(-1.0)) + w.interaction * 0.0) / (w.dwell + w.interaction)
    assert reward_from_feedback(dwell) == pytest.approx(expect)
    t = reward_terms(EVENTS)
    inter = 1 - math.exp(-(w.hover_weight + w.activate_weight) / w.interaction_scale)
    num = w.rating * 0.5 + w.dwell * (1 - math.exp(-6.0 / w.dwell_scale_s)) + w.interaction * inter
    assert t["reward"] == pytest.approx(num / (w.rating + w.dwell + w.interaction) - w.comfort * 0.4)
    no_comfort = RewardWeights(comfort=0.0)
    assert reward_from_feedback(EVENTS, no_comfort) == pytest.approx(t["reward"] + 0.4)
    assert reward_from_feedback(EVENTS, RewardWeights(rating=0.0, dwell=0.0, interaction=1.0, comfort=0.0)) == pytest.approx(inter)


def test_reward_prefers_what_simulated_players_prefer():
    pop = make_population(10, seed=0)
    cmap = ToyContentMap()
    rng = np.random.default_rng(0)
    A = rng.uniform(-1, 1, size=(40, 8))
    us, rs = [], []
    for p in pop:
        p.session_start(0.0, "s")
        for i, a in enumerate(A):
            d = cmap(a)
            us.append(p.expected_utility(d))
            rs.append(reward_from_feedback(p.experience(f"c{i}", d, 0.0, rng)))
    assert np.corrcoef(us, rs)[0, 1] > 0.5
