"""The Director over a launched stand-in: comfort guard, store logging, a shared PPO learner across players."""
from __future__ import annotations

import numpy as np

from python_bridge.loop import ComfortGuard, Director
from python_bridge.sources import ProceduralSource
from python_bridge.policy import make_policy
from python_bridge.store import SessionStore
from python_bridge.unity.link import UnityLink
from python_bridge.unity.stand_in import write_player
from python_bridge.watchers import StoreLogger, Watcher


class InvalidRooms(ProceduralSource):
    """Every room it makes has no spawn and no door: invalid by the content rules."""

    def generate(self, points):
        rooms = super().generate(points)
        rooms[(rooms == 3) | (rooms == 4)] = 2
        return rooms


def _link(tmp_path, port, *extra):
    return UnityLink.open(file_name=write_player(tmp_path / "p", ["--kind", "rooms", "--contents-per-session", "4", *extra]),
                          port=port)


def test_guard_never_sends_invalid_content(tmp_path, free_port):
    link = _link(tmp_path, free_port)
    director = Director(link, InvalidRooms("rooms"), lambda a: make_policy("random", 8, seed=a),
                        guard=ComfortGuard(max_attempts=3))
    try:
        director.run(2000, seed=1, until=lambda: director.stats.blocked_invalid >= 6)
    finally:
        director.close()
        link.close()
    assert director.stats.content_sent == 0 and director.stats.blocked_invalid >= 6


def test_without_guard_the_scene_rejects_invalid_content_with_the_rule(tmp_path, free_port):
    link = _link(tmp_path, free_port)
    director = Director(link, InvalidRooms("rooms"), lambda a: make_policy("random", 8, seed=a))
    try:
        director.run(2000, seed=1, until=lambda: director.stats.content_rejected >= 2)
    finally:
        director.close()
        link.close()
    st = director.stats
    assert st.content_rejected >= 2 and st.content_applied == 0
    assert all("rule" in r for r in st.rejections) and all(r == -1.0 for r in st.rewards)


def test_guard_limits_how_fast_content_changes(tmp_path, free_port):
    applied_at = []  # scene-clock seconds of each applied content

    class Acks(Watcher):
        def on_ack(self, ack):
            if ack.applied:
                applied_at.append(ack.timestamp_s)

    link = _link(tmp_path, free_port, "--contents-per-session", "100")
    d = Director(link, ProceduralSource("rooms"), lambda a: make_policy("random", 8, seed=a),
                 guard=ComfortGuard(min_seconds_between_changes=30.0), watchers=[Acks()])
    try:
        d.run(2000, seed=2, until=lambda: len(applied_at) >= 4)
    finally:
        d.close()
        link.close()
    assert len(applied_at) >= 4, "content keeps changing once the window has passed"
    gaps = np.diff(applied_at)
    assert np.all(gaps >= 30.0), gaps


def test_store_logger_writes_sessions_as_they_happen(tmp_path, free_port):
    link = _link(tmp_path, free_port, "--agents", "2")
    store = SessionStore(tmp_path / "s.sqlite")
    director = Director(link, ProceduralSource("rooms"), lambda a: make_policy("bandit", 8, seed=a),
                        policy_name="bandit", watchers=[StoreLogger(store, "rooms", "bandit")])
    try:
        director.run(3000, seed=3, until=lambda: director.stats.sessions_ended >= 4)
    finally:
        director.close()
        link.close()
    sessions = store.list_sessions()
    assert len(sessions) >= 4 and all(s["player_id"].startswith("p-") for s in sessions)
    # Sessions end after 4 contents: every session, later ones too, holds its own content (never 4+).
    for s in sessions[:4]:
        detail = store.session_detail(s["session_id"])
        assert 1 <= detail["counts"]["content"] <= 5, detail
        assert detail["counts"]["decisions"] == detail["counts"]["content"]
    detail = store.session_detail(sessions[0]["session_id"])
    assert detail["counts"]["rewards"] >= 3 and detail["acks_applied"] >= 3
    assert detail["counts"]["feedback"] > 0 and detail["dwell_total_s"] > 0
    rows = store.decisions_with_rewards()
    assert rows and all(np.isfinite(r["reward"]) for r in rows)
    store.close()


def test_shared_ppo_learner_serves_many_players_at_once(tmp_path, free_port):
    from python_bridge.policy import PPOConfig

    learner = make_policy("ppo", 8, seed=0, config=PPOConfig(rollout_decisions=16, horizon=4))
    link = _link(tmp_path, free_port, "--agents", "4")
    director = Director(link, ProceduralSource("rooms"), lambda a: learner.session(a), policy_name="ppo")
    try:
        director.run(3000, seed=4, until=lambda: learner.n_updates >= 1 and director.stats.sessions_ended >= 4)
    finally:
        director.close()
        link.close()
    assert director.stats.sessions_ended >= 4
    assert learner.n_updates >= 1, "finished sessions fill the learner's buffer and it updates"
