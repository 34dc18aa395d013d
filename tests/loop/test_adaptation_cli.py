"""eval-adaptation, demo and sessions through the vrbridge command, end to end over gRPC (tiny budgets)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def vrbridge(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "python_bridge", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def _eval(tmp_path, free_port, name):
    r = vrbridge("eval-adaptation", "--players", "3", "--decisions", "3", "--seed", "1", "--json",
                 "--policies", "random,bandit", "--generator", "procedural", "--base-port", str(free_port),
                 "--population", "perceptual", "--population", "docs/example_population.py:make_players",
                 "--oracle-points", "64", "--out", str(tmp_path / name))
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_eval_adaptation_contract_and_the_same_seed_gives_the_same_numbers(tmp_path, free_port):
    out = _eval(tmp_path, free_port, "eval")
    assert set(out["policies"]) == {"random", "bandit"}
    assert all(0.0 <= v <= 1.0 for v in out["policies"].values())
    assert out["reply_ms_p99"] > 0 and out["players"] == 3 and out["decisions"] == 3
    assert set(out["families"]) == {"perceptual", "make_players"}
    for fam in out["families"].values():
        for cell in fam["policies"].values():
            assert set(cell["at"]) == {"1"} and cell["missing"] == 0 and 0.0 <= cell["mean"] <= 1.0
    assert (tmp_path / "eval" / "summary.json").exists() and (tmp_path / "eval" / "reward_vs_decisions.png").exists()
    # Each show draws from its own stream and each player keeps its first shows, so the stand-in's
    # timing cannot move the numbers: a second run of the seed gives the same table.
    again = _eval(tmp_path, free_port, "again")
    assert again["families"] == out["families"]


def test_demo_report_store_and_player_rights(tmp_path, free_port):
    out_dir = tmp_path / "demo"
    r = vrbridge("demo", "--out", str(out_dir), "--players", "3", "--decisions", "3", "--train-players", "4",
                 "--ppo-players", "20", "--policies", "random,ppo,favourite,adaptive", "--generator", "procedural",
                 "--population", "perceptual", "--train-population", "random_net", "--pool-size", "48", "--oracle-points", "64",
                 "--base-port", str(free_port))
    assert r.returncode == 0, r.stderr[-3000:]
    summary = json.loads((out_dir / "summary.json").read_text())
    assert set(summary["policies"]) == {"random", "ppo", "favourite", "adaptive"}
    assert summary["protocol"] == "train populations given"
    assert summary["families"]["perceptual"]["trained_on"] == ["random_net"]
    assert summary["families"]["perceptual"]["policies"]["adaptive"]["missing"] == 0
    assert summary["ask_ms_p50"] > 0 and summary["reply_ms_p99"] > 0
    for f in summary["files"].values():
        assert Path(f).exists() and Path(f).read_bytes()[:4] == b"\x89PNG"
    assert summary["store"]["sessions"] >= 4 + 4 * 3

    db = str(out_dir / "sessions.sqlite")
    sessions = [json.loads(line) for line in vrbridge("sessions", "--db", db, "list").stdout.splitlines()]
    sid, pid = sessions[0]["session_id"], sessions[0]["player_id"]
    shown = json.loads(vrbridge("sessions", "--db", db, "show", sid).stdout)
    assert shown["counts"]["content"] >= 1 and shown["counts"]["feedback"] >= 1
    replay = [json.loads(line) for line in vrbridge("sessions", "--db", db, "replay", sid).stdout.splitlines()]
    assert replay[0]["type"] == "session_start" and [r["seq"] for r in replay] == sorted(r["seq"] for r in replay)
    exported = json.loads(vrbridge("sessions", "--db", db, "export", pid).stdout)
    assert exported["player_id"] == pid and exported["sessions"]
    deleted = json.loads(vrbridge("sessions", "--db", db, "delete-player", pid).stdout)["deleted"]
    assert deleted["players"] == 1 and deleted["sessions"] >= 1
    left = [json.loads(line)["player_id"] for line in vrbridge("sessions", "--db", db, "list").stdout.splitlines()]
    assert pid not in left and left, "other players' data stays"
    missing = vrbridge("sessions", "--db", db, "export", pid)
    assert missing.returncode == 2 and "sessions --db" in missing.stderr


def test_train_headless_against_several_stand_in_players(tmp_path, free_port):
    """`vrbridge train --env sim --num-envs 2 --no-graphics`: two launched players (worker ports),
    one PPO learner, TensorBoard events, and a checkpoint that loads with weights_only=True."""
    import torch

    out = tmp_path / "train"
    r = vrbridge("train", "--env", "sim", "--num-envs", "2", "--no-graphics", "--decisions", "64", "--agents", "2",
                 "--horizon", "4", "--kind", "textures", "--generator", "procedural", "--base-port", str(free_port),
                 "--out", str(out))
    assert r.returncode == 0, r.stderr[-3000:]
    summary = json.loads(r.stdout.strip().splitlines()[-1])
    assert summary["decisions"] >= 64 and summary["reply_ms_p99"] > 0
    played = [json.loads(line) for line in r.stdout.splitlines() if '"quit_reason"' in line]
    assert sorted(p["port"] for p in played) == [free_port, free_port + 1]
    assert all(p["content_applied"] > 0 for p in played), "both workers' scenes were served"
    ckpt = torch.load(summary["checkpoint"], weights_only=True)
    assert ckpt["kind"] == "textures" and ckpt["decisions"] == summary["decisions"] and ckpt["policy"]
    assert sorted(f.name for f in out.iterdir()) == ["ppo.pt", "tb"], "written by rename, nothing left beside it"
    assert any(f.name.startswith("events.out.tfevents") for f in (out / "tb").rglob("*"))


def test_a_player_that_fails_mid_run_is_named_and_the_run_stops(tmp_path, free_port):
    # Passes the dry run (one show), then raises on its third show inside the stand-in.
    pop = tmp_path / "flaky.py"
    pop.write_text((ROOT / "docs" / "example_population.py").read_text() + '''
class Flaky(ExamplePlayer):
    shows = 0

    def experience(self, content_id, item, slot, t0, rng):
        Flaky.shows += 1
        if Flaky.shows > 3:
            raise ArithmeticError("flaky player gave up")
        return super().experience(content_id, item, slot, t0, rng)


def make(n, seed, kind):
    return [Flaky(p.player_id, p.liked, p.harshness) for p in make_players(n, seed, kind)]
''')
    r = vrbridge("eval-adaptation", "--players", "2", "--decisions", "4", "--json", "--policies", "random",
                 "--generator", "procedural", "--population", f"{pop}:make", "--oracle-points", "32",
                 "--base-port", str(free_port), "--out", str(tmp_path / "eval"), timeout=300)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "the scene stopped during the random run" in r.stderr
    assert "flaky.py:make" in r.stderr and "ArithmeticError" in r.stderr and "flaky player gave up" in r.stderr
