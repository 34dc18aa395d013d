"""Benchmark: fraction of the oracle's utility each policy reaches by decision 5/10/20 on simulated players.

Offline, no gRPC, CPU. A toy action -> descriptors map stands in for generator + descriptor
extraction. Steps:
  1. log sessions of a *training* population shown random content (what a first deployment logs);
  2. fit the Bradley–Terry player model and the empirical-Bayes (mixture, EM) reward prior on those
     logs, and report how well it ranks pairs of content for people it never saw;
  3. pretrain PPO against players sampled from that learned prior (never the simulator itself);
  4. run every policy for ``--decisions`` on each of ``--players`` *new* players (same archetypes,
     different people) and score each shown piece of content by its true, noise-free utility
     divided by the oracle's (the best utility any action reaches for that player).

The last line printed is one JSON object: ``{"frac_of_oracle": {policy: {"5": .., "10": .., "20": ..}}, ...}``.
"frac at decision t" is the mean over players of ``u(content shown at t) / u(oracle)`` (the
content the player actually experiences then, exploration included); "best" variants use the best
so far. ``cmaes+prior`` is CMA-ES started at the prior's best guess; ``adaptive`` is the Bayesian
bandit on the learned features with the population prior. About 2.5 CPU-minutes with the
defaults. Usage: ``python benchmarks/bench_policies.py [--players 30] [--seed 0] [--quick]
[--taste-width 0.3,0.45]``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from python_bridge.features import FeedbackFeatures, RewardWeights, reward_from_feedback  # noqa: E402
from python_bridge.players import PopulationTraits, SimulatedPlayer, ToyContentMap, make_population  # noqa: E402
from python_bridge.policy import (  # noqa: E402
    FitConfig, LoggedDecisions, PPOConfig, Policy, fit_player_model, fit_reward_prior, make_policy, maximise,
    pairwise_accuracy, pretrain_policy,
)

ACTION_DIM, BOUND = 8, 1.0


def run_session(policy: Policy, player: SimulatedPlayer, cmap: ToyContentMap, decisions: int, rng: np.random.Generator,
                weights: RewardWeights, session_id: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One player session: ``(actions (T, A), rewards (T,), true utilities (T,))``."""
    feats = FeedbackFeatures()
    t = 0.0
    feats.push([player.session_start(t, session_id)])
    actions, rewards, utils = [], [], []
    for step in range(decisions):
        a = policy.ask(feats.pop())
        desc = cmap(a)
        events = player.experience(f"{session_id}/c{step}", desc, t, rng)
        t = events[-1].timestamp_s + 1.0
        r = reward_from_feedback(events, weights)
        policy.tell(r)
        feats.push(events)
        actions.append(a)
        rewards.append(r)
        utils.append(player.expected_utility(desc))
    player.session_end(t, 0.0)
    return np.stack(actions), np.asarray(rewards), np.asarray(utils)


def log_training_sessions(n_players: int, decisions: int, cmap: ToyContentMap, seed: int, weights: RewardWeights,
                          traits: PopulationTraits = PopulationTraits()) -> LoggedDecisions:
    """Random content shown to a population (seed ``10_000 + seed``); rows ``(player_id, x=action, reward)``."""
    pop = make_population(n_players, seed=10_000 + seed, kind=cmap.space, traits=traits)
    rng = np.random.default_rng(seed)
    policy = make_policy("random", ACTION_DIM, BOUND, seed)
    records = []
    for i, player in enumerate(pop):
        policy.reset()
        acts, rews, _ = run_session(policy, player, cmap, decisions, rng, weights, f"train-{i}")
        records += [{"player_id": player.player_id, "x": a, "reward": r} for a, r in zip(acts, rews)]
    return LoggedDecisions.from_records(records)


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--players", type=int, default=30, help="evaluation players (new people)")
    ap.add_argument("--decisions", type=int, default=20)
    ap.add_argument("--train-players", type=int, default=300, help="players in the logged training sessions")
    ap.add_argument("--ppo-players", type=int, default=1500, help="synthetic players PPO pretrains on")
    ap.add_argument("--taste-width", default="", help="lo,hi range of players' taste width (default: the documented population)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--policies", default="random,bandit,cmaes,cmaes+prior,ppo,adaptive")
    ap.add_argument("--quick", action="store_true", help="tiny budget smoke run")
    args = ap.parse_args(argv)
    if args.quick:
        args.players, args.train_players, args.ppo_players = 6, 60, 100
    torch.set_num_threads(1)
    t_start = time.time()
    weights = RewardWeights()
    traits = PopulationTraits()
    if args.taste_width:
        lo, hi = (float(v) for v in args.taste_width.split(","))
        traits = PopulationTraits(taste_width=(lo, hi))
    cmap = ToyContentMap(ACTION_DIM, bound=BOUND, seed=args.seed)
    names = args.policies.split(",")

    # 1-2. Logs -> player model -> population prior.
    logs = log_training_sessions(args.train_players, args.decisions, cmap, args.seed, weights, traits)
    model = fit_player_model(logs, FitConfig(seed=args.seed, epochs=10 if args.quick else 40))
    prior = fit_reward_prior(model, logs, n_components=4, iters=10 if args.quick else 20, seed=args.seed)
    # Generalisation: pairs of people the model never saw (another seed), ranked by the population score.
    held = log_training_sessions(max(10, args.train_players // 5), args.decisions, cmap, args.seed + 1, weights, traits)
    acc_held = pairwise_accuracy(model, held, per_player=False)
    print(f"[{time.time() - t_start:.0f}s] player model: pair accuracy on {len(held.player_ids)} unseen players {acc_held:.3f}; "
          f"prior noise_var {prior.noise_var:.4f}, weights {np.round(prior.weights, 2).tolist()}", file=sys.stderr)
    probe = np.random.default_rng(args.seed).uniform(-BOUND, BOUND, size=(20000, ACTION_DIM))
    prior_best = probe[int(np.argmax(prior.mean_reward(probe)))]

    # 3. PPO pretrained on the learned prior only.
    ppo = None
    if "ppo" in names:
        ppo = make_policy("ppo", ACTION_DIM, BOUND, args.seed, config=PPOConfig(horizon=args.decisions))
        curve = pretrain_policy(ppo, prior, args.ppo_players, args.decisions, seed=args.seed)
        print(f"[{time.time() - t_start:.0f}s] ppo pretraining: mean model reward first/last 10% {curve[: len(curve) // 10].mean():.3f} -> {curve[-len(curve) // 10:].mean():.3f}", file=sys.stderr)

    def build(name: str, seed: int) -> Policy:
        if name == "cmaes+prior":
            return make_policy("cmaes", ACTION_DIM, BOUND, seed, x0=prior_best)
        if name == "ppo":
            return ppo  # type: ignore[return-value]  # shared across players on purpose: it keeps learning
        if name == "adaptive":
            return make_policy("adaptive", ACTION_DIM, BOUND, seed, prior=prior)
        return make_policy(name, ACTION_DIM, BOUND, seed)

    # 4. New players.
    pop = make_population(args.players, seed=args.seed, kind=cmap.space, traits=traits)
    frac = {n: np.zeros((args.players, args.decisions)) for n in names}
    for i, player in enumerate(pop):
        _, best_u = maximise(lambda A: player.expected_utility(cmap(A)), ACTION_DIM, BOUND, np.random.default_rng(i))
        for n in names:
            policy = build(n, seed=1000 * args.seed + i)
            policy.reset()
            _, _, utils = run_session(policy, player, cmap, args.decisions, np.random.default_rng([args.seed, i]), weights, f"eval-{i}-{n}")
            frac[n][i] = utils / best_u

    checkpoints = [t for t in (1, 5, 10, 20) if t <= args.decisions]
    table = {n: {str(t): round(float(f[:, t - 1].mean()), 3) for t in checkpoints} for n, f in frac.items()}
    best_table = {n: {str(t): round(float(np.maximum.accumulate(f, axis=1)[:, t - 1].mean()), 3) for t in checkpoints} for n, f in frac.items()}
    sem20 = {n: round(float(f[:, -1].std(ddof=1) / np.sqrt(len(f))), 3) for n, f in frac.items()}
    mean_first20 = {n: round(float(f.mean()), 3) for n, f in frac.items()}
    for n in names:
        print(f"{n:>12}: " + "  ".join(f"t={t}: {table[n][str(t)]:.3f}" for t in checkpoints) + f"   mean over session {mean_first20[n]:.3f}", file=sys.stderr)
    result = {
        "bench": "policies", "players": args.players, "decisions": args.decisions, "seed": args.seed,
        "taste_width": list(traits.taste_width), "train_players": args.train_players,
        "frac_of_oracle": table, "frac_of_oracle_best_so_far": best_table, "sem_at_last": sem20,
        "mean_frac_over_session": mean_first20, "player_model_unseen_pair_acc": round(acc_held, 3),
        "seconds": round(time.time() - t_start, 1),
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
