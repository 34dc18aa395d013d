"""Adaptation without the wire: the same players, rewards, priors and policies as eval-adaptation, in one process.

For trying policy changes quickly. Each player experiences the content a policy asks for exactly
as in the stand-in (``experience`` on the raw item, events -> ``reward_from_feedback``), but with
no gRPC and no scene clock, so a run takes a fraction of eval-adaptation's time. Priors are fitted
leave-one-family-out on logged random shows of the other families. Numbers that matter are then
confirmed through gRPC with `vrbridge eval-adaptation` on a seed not used here.

    python benchmarks/bench_adaptation_offline.py --kind textures --players 16 --train-players 120 --seed 5
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from python_bridge.adaptation import (  # noqa: E402
    PopulationRun, ShownContent, oracle_utilities, paired_lead, policy_factory_for, prepare_policies, _cell,
)
from python_bridge.content.registry import get_kind  # noqa: E402
from python_bridge.features import reward_from_feedback  # noqa: E402
from python_bridge.sources import make_source  # noqa: E402
from python_bridge.players.families import FAMILY_NAMES, spec_of  # noqa: E402
from python_bridge.players.protocol import family_name, make_players, utilities  # noqa: E402
from python_bridge.policy import make_policy  # noqa: E402
from python_bridge.policy.embedding import ContentEmbedding  # noqa: E402
from python_bridge.policy.gp_taste import pair_accuracy  # noqa: E402
from python_bridge.adaptation import candidate_pool, logged_sessions  # noqa: E402


def play(source, players, factory, decisions: int, seed: int, kind) -> tuple[PopulationRun, np.ndarray]:
    """Every player meets their own policy for ``decisions`` shows; returns the run and (P, D) utilities."""
    run = PopulationRun("offline")
    util = np.zeros((len(players), decisions))
    for i, p in enumerate(players):
        policy = factory(i)
        policy.reset(seed + i)
        p.session_start(0.0, f"s-{i}")
        for d in range(decisions):
            a = policy.ask(None)
            item = source.generate(a[None])[0]
            ok = kind.validate(item).valid
            if ok:
                rng = np.random.default_rng([seed, i, d])
                events = p.experience(f"c{i}-{d}", item, "director-0", 10.0 * d, rng)
                r = reward_from_feedback(events)
                util[i, d] = float(utilities(p, item[None], d)[0])
            else:
                r = -1.0
            policy.tell(r)
            run.shown.append(ShownContent(i, d, f"c{i}-{d}", a, None, item, p.player_id, r, ok))
    return run, util


def _timed(factory):
    """The factory with every ask timed (milliseconds, into the returned list)."""
    asks: list[float] = []

    def make(i):
        policy = factory(i)
        ask = policy.ask

        def timed_ask(context=None):
            t = time.perf_counter()
            try:
                return ask(context)
            finally:
                asks.append(1000 * (time.perf_counter() - t))
        policy.ask = timed_ask
        return policy
    return make, asks


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kind", default="textures")
    ap.add_argument("--players", type=int, default=16)
    ap.add_argument("--train-players", type=int, default=120)
    ap.add_argument("--decisions", type=int, default=20)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--families", default=",".join(FAMILY_NAMES))
    ap.add_argument("--policies", default="random,favourite,adaptive")
    ap.add_argument("--generator", default=None)
    ap.add_argument("--betas", default="", help="also run the adaptive policy at these UCB weights (e.g. 1,0.5)")
    ap.add_argument("--const-mean", action="store_true", help="also run it with a constant (not linear) population mean")
    ap.add_argument("--search-rounds", default="", help="also run the adaptive policy with these per-ask search rounds (e.g. 0)")
    ap.add_argument("--pool-size", type=int, default=2048, help="candidates in the shared pool")
    args = ap.parse_args()
    t0 = time.perf_counter()
    kind, source = get_kind(args.kind), make_source(args.kind, args.generator)
    specs = [spec_of(f) for f in args.families.split(",")]
    policies = tuple(args.policies.split(","))
    embedding = ContentEmbedding.fit(kind, seed=args.seed)
    pool = candidate_pool(source, embedding, args.pool_size, args.seed)
    logs = {}
    for spec in specs:
        train = make_players(spec, args.train_players, 10_000 + args.seed, args.kind)
        logs[spec], _ = play(source, train, lambda a: make_policy("random", source.action_dim, seed=args.seed + a),
                             args.decisions, args.seed + 99, kind)
        print(f"logged {family_name(spec)} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    out = {}
    for spec in specs:
        others = [s for s in specs if s != spec] or [spec]
        fav = [p for s in others for p in make_players(s, max(4, 60 // len(others)), 10_000 + args.seed, args.kind)]
        prepared = prepare_policies([logs[s] for s in others], source, args.kind, policies, args.decisions, args.seed,
                                    embedding=embedding, favourite_players=fav, pool=pool)
        test = make_players(spec, args.players, args.seed, args.kind)
        oracle = oracle_utilities(source, test, args.kind, args.seed, args.decisions)
        fracs = {}
        variants = {n: policy_factory_for(n, prepared, source.action_dim, args.seed + 1, horizon=args.decisions)
                    for n in policies}
        for b in (float(v) for v in args.betas.split(",") if v):
            variants[f"adaptive_b{b:g}"] = (lambda a, b=b: make_policy(
                "adaptive", source.action_dim, seed=args.seed + 1 + a, prior=prepared.gp_prior,
                horizon=args.decisions, ucb_beta=b))
        for r in (int(v) for v in args.search_rounds.split(",") if v):
            variants[f"adaptive_r{r}"] = (lambda a, r=r: make_policy(
                "adaptive", source.action_dim, seed=args.seed + 1 + a, prior=prepared.gp_prior,
                horizon=args.decisions, search_rounds=r))
        if args.const_mean:
            from python_bridge.policy.gp_taste import fit_gp_prior

            gp = prepared.gp_prior
            const = fit_gp_prior(logged_sessions([logs[s] for s in others], embedding), gp.embed, gp.pool_actions,
                                 decisions=args.decisions, seed=args.seed, pool_x=gp.pool_x, linear_mean=False)
            variants["adaptive_const"] = (lambda a: make_policy("adaptive", source.action_dim, seed=args.seed + 1 + a,
                                                                prior=const, horizon=args.decisions))
        for name, factory in variants.items():
            fresh = make_players(spec, args.players, args.seed, args.kind)
            timed, asks = _timed(factory)
            _, util = play(source, fresh, timed, args.decisions, args.seed, kind)
            if asks:
                print(f"  {name}: ask p50 {np.percentile(asks, 50):.1f} ms, p99 {np.percentile(asks, 99):.1f} ms",
                      file=sys.stderr)
            fracs[name] = util / np.stack([oracle[p.player_id] for p in test])
        train_pop = {p.player_id: p for p in make_players(spec, args.train_players, 10_000 + args.seed, args.kind)}
        sessions = logged_sessions([logs[spec]], embedding)
        truth = [utilities(train_pop[s[0].player_id], np.stack([x.item for x in s]))
                 for _, s in sorted(logs[spec].by_agent().items())]
        acc, ceil = pair_accuracy(prepared.gp_prior.hyper, sessions, truth=truth) if prepared.gp_prior else (None, None)
        fam = family_name(spec)
        out[fam] = {"policies": {n: _cell(f, args.decisions) for n, f in fracs.items()}, "lead": paired_lead(fracs, args.decisions),
                    "player_model_pair_acc": acc, "pair_acc_ceiling": ceil}
        row = "  ".join(f"{n} {out[fam]['policies'][n]['at'].get('1', 0):.2f}/{out[fam]['policies'][n]['at'].get('20', 0):.2f}"
                        f"/{out[fam]['policies'][n]['mean']:.2f}" for n in fracs)
        print(f"[{fam}] @1/@20/mean: {row}  pair acc {acc:.3f} / ceiling {ceil:.3f}  ({time.perf_counter() - t0:.0f} s)",
              file=sys.stderr)
    print(json.dumps({"kind": args.kind, "seed": args.seed, "families": out, "seconds": round(time.perf_counter() - t0, 1)},
                     default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
