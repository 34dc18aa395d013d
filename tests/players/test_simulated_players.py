"""Simulated players: events a headset would send, hidden utility, comfort, fatigue, novelty, determinism."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pytest

from python_bridge.players import (
    INTERACTION_KINDS, TOY_SPACE, DescriptorSpace, SimulatedPlayer, ToyContentMap, make_population, pseudonymous_id,
)
from python_bridge.types import FEEDBACK_KINDS

ID = re.compile(r"^p-[0-9a-f]{12}$")


@pytest.fixture(scope="module")
def pop():
    return make_population(12, seed=3)


def quiet(p: SimulatedPlayer) -> SimulatedPlayer:
    """Same tastes, no rating noise, always rates, continuous scale."""
    return p.with_traits(rating_noise=0.0, rating_levels=0, rating_prob=1.0, rating_bias=0.0)


def test_population_is_seeded_and_pseudonymous(pop):
    again = make_population(12, seed=3)
    other = make_population(12, seed=4)
    assert [p.player_id for p in pop] == [p.player_id for p in again]
    assert all(ID.match(p.player_id) for p in pop)
    assert len({p.player_id for p in pop}) == 12
    assert not {p.player_id for p in pop} & {p.player_id for p in other}
    np.testing.assert_array_equal(pop[0].traits.ideal, again[0].traits.ideal)
    assert pseudonymous_id("alice") != pseudonymous_id("alice", salt="other") and ID.match(pseudonymous_id("alice"))
    assert pop.by_id(pop[5].player_id) is pop[5]


def test_same_archetypes_different_people():
    a, b = make_population(4, seed=0, archetype_seed=7), make_population(4, seed=1, archetype_seed=7)
    np.testing.assert_array_equal(a.archetype_centres, b.archetype_centres)
    assert not np.allclose(a[0].traits.ideal, b[0].traits.ideal)


def test_experience_emits_headset_events(pop):
    p = pop[0]
    rng = np.random.default_rng(0)
    start = p.session_start(10.0, "sess-1", device="quest3")
    assert (start.kind, start.detail, start.session_id, start.player_id) == ("session_start", "quest3", "sess-1", p.player_id)
    desc = ToyContentMap()(np.zeros(8))
    events = p.experience("room-7", desc, 12.0, rng)
    kinds = {e.kind for e in events}
    assert {"gaze_dwell", "locomotion"} <= kinds <= set(FEEDBACK_KINDS)
    assert [e.timestamp_s for e in events] == sorted(e.timestamp_s for e in events)
    assert all(e.timestamp_s >= 12.0 and e.session_id == "sess-1" and e.player_id == p.player_id for e in events)
    for e in events:
        assert e.content_id == "room-7"
        if e.kind == "gaze_dwell":
            assert re.fullmatch(r"room-7/element/\d+", e.element_id) and e.value >= 0
        if e.kind == "interaction":
            assert e.detail in INTERACTION_KINDS and e.value >= 0
        if e.kind == "rating":
            assert 0.0 <= e.value <= 1.0
        if e.kind == "locomotion":
            assert set(e.extra) == {"distance_m", "turn_rate_dps", "window_s"} and e.value >= 0
    end = p.session_end(100.0, t_start=10.0, reason="quit")
    assert (end.kind, end.value, end.detail) == ("session_end", 90.0, "quit")


def test_experience_is_deterministic_under_a_seed(pop):
    desc = ToyContentMap()(np.full(8, 0.3))
    runs = []
    for _ in range(2):
        p = make_population(3, seed=3)[1]
        p.session_start(0.0, "s")
        runs.append([p.experience(f"c{i}", desc, float(i), np.random.default_rng(5)) for i in range(3)])
    assert runs[0] == runs[1]


def test_expected_utility_bounds_shapes_and_oracle(pop):
    rng = np.random.default_rng(1)
    lo = np.array([TOY_SPACE.descriptor_ranges[n][0] for n in TOY_SPACE.descriptor_names])
    hi = np.array([TOY_SPACE.descriptor_ranges[n][1] for n in TOY_SPACE.descriptor_names])
    D = lo + rng.random((2000, 5)) * (hi - lo)
    for p in pop:
        u = p.expected_utility(D)
        assert u.shape == (2000,) and np.all((u >= 0) & (u <= 1))
        assert isinstance(p.expected_utility(D[0]), float)
        best = p.expected_utility(p.oracle_descriptors())
        assert best >= u.max() - 1e-9
        assert p.ideal_point().shape == (5,)


def test_comfort_limit_causes_reports_and_lower_utility(pop):
    p = quiet(pop[2])
    ideal = p.traits.ideal.copy()
    inside = ideal.copy()
    inside[1] = min(ideal[1], p.traits.comfort_thresholds["roughness"] - 0.05)  # roughness: "high" axis
    rough = inside.copy()
    rough[1] = 1.0
    assert p.comfort_axes == {"openness": "low", "roughness": "high"}
    assert p.discomfort(p.denormalise(rough))[0] > 0.5
    assert p.expected_utility(p.denormalise(rough)) < p.expected_utility(p.denormalise(inside))
    p.session_start(0.0, "s")
    events = p.experience("c", p.denormalise(rough), 0.0, np.random.default_rng(0))
    reports = [e for e in events if e.kind == "comfort"]
    assert len(reports) == 1 and reports[0].value > 0.3 and "roughness_high" in reports[0].detail
    calm = p.experience("d", p.denormalise(inside), 50.0, np.random.default_rng(0))
    assert not [e for e in calm if e.kind == "comfort"]


def test_fatigue_repeated_content_is_liked_less(pop):
    p = quiet(pop[3]).with_traits(novelty_seeking=0.0, fatigue_rate=0.15)
    desc = p.oracle_descriptors()
    p.session_start(0.0, "s")
    rng = np.random.default_rng(0)
    ratings = [next(e.value for e in p.experience(f"c{i}", desc, 10.0 * i, rng) if e.kind == "rating") for i in range(5)]
    assert ratings[0] == pytest.approx(p.expected_utility(desc))
    assert ratings[-1] < ratings[0] - 0.1
    p.session_start(100.0, "s2")  # a new session forgets
    assert p.momentary_utility(desc) == pytest.approx(p.expected_utility(desc))


def test_novelty_seekers_like_new_content_more(pop):
    p = quiet(pop[4]).with_traits(novelty_seeking=0.1, fatigue_rate=0.0)
    a, b = p.denormalise(np.full(5, 0.1)), p.oracle_descriptors()
    p.session_start(0.0, "s")
    p.experience("a", a, 0.0, np.random.default_rng(0))
    assert p.momentary_utility(b) > p.expected_utility(b) or p.expected_utility(b) == 1.0


def test_mean_rating_tracks_expected_utility(pop):
    p = pop[5].with_traits(rating_levels=0, rating_prob=1.0, rating_bias=0.0, fatigue_rate=0.0, novelty_seeking=0.0)
    desc = p.denormalise(np.clip(p.traits.ideal + 0.15, 0, 1))
    rng = np.random.default_rng(0)
    ratings = []
    for i in range(200):
        p.session_start(0.0, f"s{i}")
        ratings += [e.value for e in p.experience("c", desc, 0.0, rng) if e.kind == "rating"]
    assert np.mean(ratings) == pytest.approx(p.expected_utility(desc), abs=0.03)


def test_population_from_any_kind_object():
    @dataclass
    class Kind:
        name: str = "terrain"
        descriptor_names: tuple = ("height_range", "slope_mean", "water_frac")
        descriptor_ranges: dict = field(default_factory=lambda: {"height_range": (0, 40), "slope_mean": (0, 60), "water_frac": (0, 1)})

    pop = make_population(3, seed=0, kind=Kind())
    assert pop.space.name == "terrain" and set(pop[0].comfort_axes) == {"height_range", "slope_mean"}
    assert 0 <= pop[0].expected_utility(np.array([10.0, 20.0, 0.3])) <= 1
    custom = DescriptorSpace("x", ("a", "b"), {"a": (0, 1), "b": (0, 1)}, {"b": "high"})
    assert make_population(2, 0, custom)[0].comfort_axes == {"b": "high"}


def test_bad_descriptor_ranges_are_refused(pop):
    with pytest.raises(ValueError, match="descriptor_ranges"):
        SimulatedPlayer("p-000000000000", ("a", "b"), {"a": (0, 1)}, pop[0].traits)
