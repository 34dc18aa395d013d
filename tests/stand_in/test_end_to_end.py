"""The closed loop over real gRPC on loopback: the stand-in plays Unity, the bridge answers with content.

Both ways Unity is run: like the editor (trainer listens, `vrbridge sim-unity` connects) and
like a built player (UnityEnvironment launches it with --mlagents-port, -nographics, -batchmode).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from python_bridge.loop import Director
from python_bridge.sources import ProceduralSource
from python_bridge.policy import make_policy
from python_bridge.protocol import header, pb
from python_bridge.unity.link import UnityLink
from python_bridge.unity.stand_in import write_player
from python_bridge.unity.wire import percentile_ms

ROOT = Path(__file__).resolve().parents[2]
VRBRIDGE = [sys.executable, "-m", "python_bridge"]


def _env():
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _last_json(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


def _editor_session(trainer_args: list[str], sim_args: list[str]) -> tuple[dict, dict, str]:
    """Start a trainer command that listens like `mlagents-learn`, let `sim-unity` play the editor
    against it, and return (what the scene reported, the trainer's last JSON line, its stderr)."""
    trainer = subprocess.Popen([*VRBRIDGE, *trainer_args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=_env(), cwd=ROOT)
    try:
        sim = subprocess.run([*VRBRIDGE, "sim-unity", *sim_args], capture_output=True, text=True, timeout=180,
                             env=_env(), cwd=ROOT)
        out, err = trainer.communicate(timeout=60)
    finally:
        trainer.kill()
    assert sim.returncode == 0, sim.stderr[-3000:]
    assert trainer.returncode == 0, err[-3000:]
    return _last_json(sim.stdout), _last_json(out), err


def test_editor_mode_serve_and_sim_unity_close_the_loop(free_port):
    played, served, _ = _editor_session(
        ["serve", "--port", str(free_port), "--sessions", "1", "--generator", "procedural", "--policy", "random",
         "--wait", "60"],
        ["--port", str(free_port), "--steps", "220"])
    assert played["steps"] == 220 and played["quit_reason"] == "played 220 steps"
    assert played["feedback_sent"] > 50 and played["content_applied"] > 5
    assert served["reason"] == "scene left"
    # Both ends agree on what crossed the wire.
    assert served["feedback_events"] == played["feedback_sent"]
    assert served["content_applied"] + served["content_rejected"] == played["acks_sent"]
    assert played["content_applied"] + played["content_rejected"] - played["acks_sent"] in (0, 1)
    assert served["content_sent"] >= played["content_applied"] + played["content_rejected"]


def test_player_mode_launch_chunked_content_and_acks(tmp_path, free_port):
    player = write_player(tmp_path / "build", ["--kind", "rooms", "--agents", "2", "--contents-per-session", "4"])
    link = UnityLink.open(file_name=player, port=free_port, no_graphics=True, timeout_s=60,
                          log_folder=str(tmp_path / "logs"))
    source = ProceduralSource("rooms")
    director = Director(link, source, lambda agent_id: make_policy("random", 8, seed=agent_id), policy_name="random")
    try:
        stats = director.run(3000, seed=7, until=lambda: director.stats.exchanges >= 210 and
                             director.stats.content_applied > 10 and director.stats.sessions_ended >= 2)
        # A 5 MB message must cross in chunks (gRPC refuses > 4 MiB) and come back acknowledged.
        big = pb.ContentMessage(header=header(), content_id="huge", kind=pb.CONTENT_KIND_ROOM,
                                room=pb.RoomGrid(width=2000, height=2500, tiles=bytes(5_000_000)))
        # Like Unity, the stand-in gives an agent a new id when its episode ends: send to a live one.
        live = sorted(director.agents)
        assert link.send(live[0], big) == 5
        acks = []
        for _ in range(10):
            acks += link.exchange().acks
    finally:
        director.close()
        link.close()
    assert stats.exchanges >= 210 and stats.decisions > 10
    assert stats.content_applied > 10 and stats.feedback_events > 50
    assert stats.sessions_ended >= 2, "sessions end and new players take over"
    assert max(live) >= 2, "a new episode arrives under a new agent id (ML-Agents' episode id)"
    assert len(stats.rewards) > 5 and all(np.isfinite(stats.rewards))
    huge = [a for a in acks if a.content_id == "huge"]
    assert len(huge) == 1 and not huge[0].applied and "room" in huge[0].reason.lower()
    assert percentile_ms(link.reply_ms, 99) < 1000  # sanity only; timings live in benchmarks/
    # The player honoured ML-Agents' arguments: it wrote the log file it was given.
    assert (tmp_path / "logs" / "Player-0.log").exists()


def test_reset_with_seed_is_reproducible(tmp_path, free_port):
    player = write_player(tmp_path / "build", ["--kind", "rooms"])
    link = UnityLink.open(file_name=player, port=free_port, timeout_s=60)
    source = ProceduralSource("rooms")
    kind = source._kind
    runs = []
    try:
        for _ in range(2):
            ex = link.reset(seed=123)
            seen = [(e.kind, e.player_id, round(e.value, 6)) for e in ex.feedback]
            from python_bridge.types import Content, Provenance
            item = source.generate(np.zeros((1, 8)))[0]
            link.send(0, kind.to_proto(Content("rooms", "same", item, Provenance("test", created_unix_s=0.0))))
            for _ in range(25):
                ex = link.exchange()
                seen += [(e.kind, e.player_id, round(e.value, 6)) for e in ex.feedback]
            runs.append((seen, [d.observation.copy() for d in ex.decisions]))
    finally:
        link.close()
    (fb_a, obs_a), (fb_b, obs_b) = runs
    assert any(k == "gaze_dwell" for k, _, _ in fb_a), "the player experienced the content"
    assert fb_a == fb_b and all(np.array_equal(a, b) for a, b in zip(obs_a, obs_b))


def test_sim_unity_without_a_trainer_fails_clearly(free_port):
    sim = subprocess.run([*VRBRIDGE, "sim-unity", "--port", str(free_port), "--steps", "5", "--connect-timeout", "2"],
                         capture_output=True, text=True, timeout=120, env=_env(), cwd=ROOT)
    assert sim.returncode == 1
    assert f"vrbridge serve --port {free_port}" in sim.stderr
    assert _last_json(sim.stdout)["steps"] == 0


def test_playtest_logs_every_event_and_shows_a_live_view(tmp_path, free_port):
    """`vrbridge playtest --editor` beside a (stand-in) editor: guarded, logged off the exchange path, readable after."""
    db = tmp_path / "play.sqlite"
    played, summary, err = _editor_session(
        ["playtest", "--editor", "--port", str(free_port), "--kind", "textures", "--policy", "bandit",
         "--min-seconds", "3", "--db", str(db), "--wait", "60"],
        ["--port", str(free_port), "--steps", "300", "--kind", "textures"])
    # Both ends agree on every ack that crossed the wire (content applied on the scene's very last
    # step cannot be acked: the scene has left).
    assert summary["content_applied"] + summary["content_rejected"] == played["acks_sent"] > 2
    assert played["content_applied"] + played["content_rejected"] - played["acks_sent"] in (0, 1)
    assert summary["feedback_events"] == played["feedback_sent"]
    assert "-> shown" in err and "Play stopped; the session is saved." in err
    listed = subprocess.run([*VRBRIDGE, "sessions", "--db", str(db), "list"], capture_output=True,
                            text=True, timeout=60, env=_env(), cwd=ROOT)
    assert listed.returncode == 0, listed.stderr[-2000:]
    sessions = [json.loads(line) for line in listed.stdout.strip().splitlines()]
    assert sessions and all(s["player_id"].startswith("p-") for s in sessions)
    shown = subprocess.run([*VRBRIDGE, "sessions", "--db", str(db), "show", sessions[0]["session_id"]],
                           capture_output=True, text=True, timeout=60, env=_env(), cwd=ROOT)
    assert shown.returncode == 0, shown.stderr[-2000:]
    detail = json.loads(shown.stdout)
    assert detail["counts"]["feedback"] > 0 and detail["counts"]["content"] > 0


def test_playtests_fit_a_prior_that_drives_an_adaptive_playtest(tmp_path, free_port):
    """The workflow without simulated logs: bandit playtests -> `vrbridge fit-prior` -> `playtest --policy adaptive`."""
    db, prior = tmp_path / "play.sqlite", tmp_path / "prior.npz"
    scene = ["--port", str(free_port), "--steps", "400", "--kind", "textures", "--agents", "4", "--contents-per-session", "5"]
    playtest = ["playtest", "--editor", "--port", str(free_port), "--kind", "textures", "--min-seconds", "1",
                "--db", str(db), "--wait", "60"]
    _editor_session([*playtest, "--policy", "bandit"], scene)
    fit = subprocess.run([*VRBRIDGE, "fit-prior", "--db", str(db), "--kind", "textures", "--out", str(prior),
                          "--pool-size", "128"],
                         capture_output=True, text=True, timeout=300, env=_env(), cwd=ROOT)
    assert fit.returncode == 0, fit.stderr[-3000:]
    fitted = _last_json(fit.stdout)
    assert fitted["players"] >= 2 and fitted["sessions"] >= 2 and fitted["shows_per_session"] >= 2
    assert 0 < fitted["pool"] <= 128 and fitted["noise_sd"] > 0 and prior.is_file()

    # The prior belongs to its kind and generator: anything else is refused before waiting for Play.
    wrong = subprocess.run([*VRBRIDGE, "playtest", "--editor", "--port", str(free_port), "--kind", "rooms",
                            "--policy", "adaptive", "--prior", str(prior), "--db", str(db), "--wait", "5"],
                           capture_output=True, text=True, timeout=120, env=_env(), cwd=ROOT)
    assert wrong.returncode == 2 and "was fitted for kind 'textures'" in wrong.stderr and "fit-prior" in wrong.stderr
    no_prior = subprocess.run([*VRBRIDGE, *playtest, "--policy", "adaptive"], capture_output=True, text=True,
                              timeout=120, env=_env(), cwd=ROOT)
    assert no_prior.returncode == 2 and "--prior" in no_prior.stderr

    # The scene fast-forwards (a step is about a millisecond) while an adaptive ask takes 0.1-0.3 s
    # on the director's worker: give the scene enough steps for several asks on a busy machine.
    long_scene = [*scene[:2], "--steps", "4000", *scene[4:]]
    played, summary, err = _editor_session([*playtest, "--policy", "adaptive", "--prior", str(prior)], long_scene)
    assert summary["content_applied"] > 2 and "-> shown" in err
    from python_bridge.store import SessionStore

    with SessionStore(db) as store:
        adaptive = [r for r in store.decisions_with_rewards(kind="textures") if r["policy"] == "adaptive"]
    assert adaptive, "the adaptive playtest's decisions are logged beside the bandit's"
    assert all(np.max(np.abs(r["action"])) <= 0.8 + 1e-9 for r in adaptive), "never past the safe bound"
