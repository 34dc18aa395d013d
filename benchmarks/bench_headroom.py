"""Benchmark: adaptation headroom, how much of the oracle *any* policy could reach on this population and generator.

``vrbridge eval-adaptation`` scores policies as a fraction of each player's oracle. This script
asks what a fraction is achievable. It uses the same kind, generator source, test players and
oracle as ``eval_adaptation`` (same seed), offline, without gRPC. It reads the simulated players'
hidden traits, which no policy may do; that is what makes these numbers references, not policies:

- ``pool_best``: each player's best item in the shared pool of ``--pool`` described actions. No
  policy that shows pool items can beat it.
- ``population_best``: the one pool item that is best for the population on average. A policy
  that knows the population perfectly but nothing about this player shows it first.
- ``bayes_true_population``: a Bayesian policy whose prior is the *true* population. Its particles
  are ``--particles`` players drawn from the same generator of people, under another seed. It
  keeps an exact posterior over them, using the real feedback (the rewards ``reward_from_feedback``
  computes from the events the player emits, calibrated linearly on other players). It shows the
  pool item with the best ``mean + beta * std`` of posterior utility, and at the last decision the
  best mean. Anything that learns the population from logs has less to go on.
- with ``--local N``, the same Bayes policy may also show content off the pool: at every decision
  it generates ``N`` perturbations of the winner's latent point (scales 0.03 / 0.1 / 0.3, as the
  adaptive policy's local candidates), adds them to this session's candidates and shows the best
  of all by the same rule. This is the closest thing here to the best any policy can do; about
  17 minutes per beta with ``--local 64`` (measured, two runs side by side on 2 cores).

The last line printed is one JSON object: ``{"kind", "players", "decisions", "pool_best",
"population_best", "bayes_true_population": {beta: {"1", "5", "10", "<decisions>", "mean"}}, "local"}``.
About 2 CPU-minutes with the defaults.

Usage: ``python benchmarks/bench_headroom.py [--kind textures] [--players 30] [--decisions 20]
[--seed 0] [--pool 2048] [--particles 5000] [--betas 0.5,2.0] [--local 0]``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from python_bridge.adaptation import oracle_utilities  # noqa: E402
from python_bridge.content.registry import get_kind  # noqa: E402
from python_bridge.features import reward_from_feedback  # noqa: E402
from python_bridge.sources import make_source  # noqa: E402
from python_bridge.players import make_population  # noqa: E402


def calibrate(players, raw: np.ndarray, rng: np.random.Generator, shows: int = 20) -> tuple[float, float, float]:
    """Fit ``reward ~ a + b * momentary utility`` on random shows to other players: ``(a, b, residual sd)``."""
    u, r = [], []
    for p in players:
        p.session_start(0.0, "calibration")
        t = 0.0
        for j in rng.integers(len(raw), size=shows):
            u.append(p.momentary_utility(raw[j]))
            events = p.experience("c", raw[j], t, rng)
            t = events[-1].timestamp_s + 1.0
            r.append(reward_from_feedback(events))
    b, a = np.polyfit(u, r, 1)
    return float(a), float(b), float(np.std(np.asarray(r) - a - b * np.asarray(u)))


def describe_valid(source, kind, actions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(actions of valid content, their raw descriptors)`` for ``(N, A)`` latent points."""
    items = np.concatenate([source.generate(actions[i:i + 256]) for i in range(0, len(actions), 256)])
    valid = np.array([kind.validate(it).valid for it in items], dtype=bool)
    return actions[valid], kind.descriptors_batch(items)[valid]


def bayes_session(player, actions: np.ndarray, raw: np.ndarray, utilities: np.ndarray, particles,
                  calib: tuple[float, float, float], beta: float, decisions: int, rng: np.random.Generator,
                  local: int = 0, source=None, kind=None) -> list[float]:
    """One session of the true-population Bayes policy: the hidden utility of each show, ``decisions`` floats.

    ``actions (P, A)``, ``raw (P, d)``: the pool; ``utilities (particles, P)``: each particle's utility of it.
    """
    a, b, sd = calib
    log_w = np.zeros(len(utilities))
    player.session_start(0.0, "headroom")
    t, shown = 0.0, []
    for k in range(decisions):
        w = np.exp(log_w - log_w.max())
        w /= w.sum()
        step_beta = beta if k < decisions - 1 else 0.0

        def pick(u: np.ndarray) -> int:
            mean = w @ u
            return int(np.argmax(mean + step_beta * np.sqrt(np.maximum(w @ u**2 - mean**2, 0.0))))

        j = pick(utilities)
        if local:  # perturb the winner; what was made joins this session's candidates
            scales = np.repeat([0.03, 0.1, 0.3], -(-local // 3))[:local, None]
            near, near_raw = describe_valid(source, kind, np.clip(actions[j] + scales * rng.normal(size=(local, actions.shape[1])), -1, 1))
            if len(near):
                actions, raw = np.concatenate([actions, near]), np.concatenate([raw, near_raw])
                utilities = np.concatenate([utilities, np.stack([p.expected_utility(near_raw) for p in particles])], axis=1)
                j = pick(utilities)
        d, u_j = raw[j], utilities[:, j]
        events = player.experience(f"c{k}", d, t, rng)
        t = events[-1].timestamp_s + 1.0
        log_w -= 0.5 * (reward_from_feedback(events) - a - b * u_j) ** 2 / sd**2
        shown.append(float(player.expected_utility(d)))
    return shown


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kind", default="textures")
    ap.add_argument("--players", type=int, default=30)
    ap.add_argument("--decisions", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pool", type=int, default=2048)
    ap.add_argument("--particles", type=int, default=5000)
    ap.add_argument("--betas", default="0.5,2.0")
    ap.add_argument("--local", type=int, default=0, help="latent perturbations of the winner per decision (0: pool only)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    kind, source = get_kind(args.kind), make_source(args.kind)
    test = make_population(args.players, args.seed, kind)
    from python_bridge.players.families import DescriptorPlayer

    best = oracle_utilities(source, [DescriptorPlayer(p, args.kind) for p in test], args.kind, args.seed, args.decisions)
    oracle = np.array([best[p.player_id][0] for p in test])
    pool = np.random.default_rng([args.seed, 31]).uniform(-1, 1, size=(args.pool, source.action_dim))
    pool, raw = describe_valid(source, kind, pool)
    # (players, pool): hidden utility of every pool item for every test player
    u_test = np.stack([p.expected_utility(raw) for p in test])
    particles = make_population(args.particles, args.seed + 777, kind)
    u_part = np.stack([p.expected_utility(raw) for p in particles])
    calib = calibrate(make_population(40, args.seed + 555, kind), raw, np.random.default_rng(args.seed + 5))
    out = {
        "kind": args.kind, "players": args.players, "decisions": args.decisions, "pool": len(pool), "local": args.local,
        "particles": args.particles, "calibration": dict(zip(("offset", "scale", "noise_sd"), np.round(calib, 4).tolist())),
        "pool_best": float(np.mean(u_test.max(axis=1) / oracle)),
        "population_best": float(np.mean(u_test[:, int(np.argmax(u_part.mean(axis=0)))] / oracle)),
        "bayes_true_population": {},
    }
    marks = sorted({1, 5, 10, args.decisions} & set(range(1, args.decisions + 1)))
    for beta in (float(b) for b in args.betas.split(",")):
        frac = np.zeros((args.players, args.decisions))
        for i, p in enumerate(test):
            frac[i] = np.asarray(bayes_session(p, pool, raw, u_part, particles, calib, beta, args.decisions,
                                               np.random.default_rng(100 + i), args.local, source, kind)) / oracle[i]
        row = {str(m): round(float(frac[:, m - 1].mean()), 3) for m in marks}
        row["mean"] = round(float(frac.mean()), 3)
        out["bayes_true_population"][str(beta)] = row
        print(f"bayes (true population), beta {beta}: {row}", file=sys.stderr)
    out["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
