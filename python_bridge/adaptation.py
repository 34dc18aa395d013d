"""Measured adaptation: policies against a population of simulated players, over the real wire.

The pipeline every number of `vrbridge eval-adaptation` and `vrbridge demo` comes from:

1. **Log** sessions of a *training* population (different people from the ones measured)
   shown content from a random policy, through the stand-in and the gRPC link, as a first
   deployment would log them (optionally into the SQLite session store).
2. **Fit** the player model (Bradley-Terry over pairs shown to the same player) and the
   population reward prior on those logs; **pretrain** PPO on players sampled from the prior.
   The adaptive policy's prior is fitted on the same logs over what was *shown*: a population of
   ideal points in the content's descriptor space (``policy.ideal_point``).
3. **Evaluate** each policy on the same *new* players (same population seed, same scene
   seed): one stand-in process, one director agent per player, every decision over gRPC.
   Each shown content is scored by the player's hidden, noise-free utility divided by the
   oracle's: the best utility the generator can reach for that player (dense random plus
   local search over the latent Box, valid content only). Rejected content scores 0.
   The bandits (``bandit``, ``adaptive``) are told the session length and explore less as it
   nears its end, showing their best guess at the last decision; the others have no such knob.

Only evaluation reads the simulated players' hidden preferences; the policies see feedback.
"""
from __future__ import annotations

import logging
import tempfile
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from python_bridge.features import RewardWeights
from python_bridge.loop import ContentSource, Director
from python_bridge.players import comfort_axes_of, make_population
from python_bridge.policy import (
    FitConfig, IdealPointPrior, LoggedDecisions, PPOConfig, Policy, diverse_pool, fit_ideal_point_prior, fit_player_model,
    fit_reward_prior, make_policy, pairwise_accuracy, pretrain_policy,
)
from python_bridge.types import Content, ContentAck, FeedbackEvent
from python_bridge.unity.link import UnityLink
from python_bridge.unity.stand_in import write_player
from python_bridge.unity.wire import percentile_ms

log = logging.getLogger(__name__)

DEFAULT_POLICIES = ("random", "bandit", "cmaes", "ppo", "adaptive")


@dataclass
class ShownContent:
    """One decision of one player, as the evaluation sees it."""

    agent_id: int
    decision: int
    content_id: str
    point: np.ndarray
    descriptors: np.ndarray | None
    item: np.ndarray
    player_id: str = ""
    reward: float | None = None
    applied: bool | None = None


@dataclass
class PopulationRun:
    """What one policy did to one population through one stand-in."""

    policy: str
    shown: list[ShownContent] = field(default_factory=list)
    reply_ms: list[float] = field(default_factory=list)
    agent_player: dict[int, str] = field(default_factory=dict)
    seconds: float = 0.0
    exchanges: int = 0

    def by_agent(self) -> dict[int, list[ShownContent]]:
        out: dict[int, list[ShownContent]] = {}
        for s in self.shown:
            out.setdefault(s.agent_id, []).append(s)
        return out


class _Recorder:
    """Watches a Director through its callbacks; routes feedback and acks to the content they concern."""

    def __init__(self, kind, run: PopulationRun):
        self.kind, self.run = kind, run
        self.by_id: dict[str, ShownContent] = {}
        self.decisions: dict[int, int] = {}

    def on_content(self, agent_id: int, content: Content, context) -> None:
        d = self.decisions.get(agent_id, 0)
        self.decisions[agent_id] = d + 1
        # Descriptors are computed after the run: this callback is on the exchange path.
        s = ShownContent(agent_id, d, content.content_id, np.asarray(content.provenance.latent), None, content.data)
        self.by_id[content.content_id] = s
        self.run.shown.append(s)

    def on_feedback(self, events: list[FeedbackEvent]) -> None:
        for e in events:
            s = self.by_id.get(e.content_id)
            if s is not None and not s.player_id:
                s.player_id = e.player_id
                self.run.agent_player[s.agent_id] = e.player_id

    def on_reward(self, agent_id: int, content_id: str, point: np.ndarray, reward: float) -> None:
        s = self.by_id.get(content_id)
        if s is not None:
            s.reward = reward

    def on_ack(self, ack: ContentAck) -> None:
        s = self.by_id.get(ack.content_id)
        if s is not None:
            s.applied = ack.applied


def run_population(source: ContentSource, policy_factory: Callable[[int], Policy], policy_name: str, *,
                   kind_name: str, players: int, decisions: int, population_seed: int, scene_seed: int,
                   port: int, weights: RewardWeights = RewardWeights(), store=None,
                   max_exchanges: int | None = None) -> PopulationRun:
    """One stand-in, one director agent per player, until every player has had ``decisions`` decisions."""
    from python_bridge.content.registry import get_kind

    kind = get_kind(kind_name)
    run = PopulationRun(policy_name)
    rec = _Recorder(kind, run)
    watchers: list[object] = [rec]
    if store is not None:
        from python_bridge.loop import OffPath, StoreLogger

        watchers.append(OffPath(StoreLogger(store, kind_name, policy_name)))
    with tempfile.TemporaryDirectory(prefix="vrbridge-eval-") as tmp:
        # Sessions outlast the measurement, so each agent keeps one player throughout (no player
        # is ever handed to two agents, whatever each policy's pace).
        player = write_player(tmp, ["--kind", kind_name, "--agents", str(players),
                                    "--contents-per-session", str(decisions + 10_000),
                                    "--population-seed", str(population_seed), "--population-size", str(players)])
        t0 = time.perf_counter()
        link = UnityLink.open(file_name=player, port=port, timeout_s=120)
        director = Director(link, source, policy_factory, weights, policy_name=policy_name, seed=scene_seed,
                            watchers=watchers)
        try:
            def done() -> bool:
                told: dict[int, int] = {}
                for s in run.shown:
                    if s.reward is not None:
                        told[s.agent_id] = told.get(s.agent_id, 0) + 1
                return len(told) >= players and min(told.values()) >= decisions
            # The stand-in fast-forwards the scene (exchanges cost no scene-time waiting) while
            # content is made on the worker thread, so a policy that thinks for 0.1 s per decision
            # needs many exchanges per decision here, where a real scene gives it seconds. Allow
            # plenty; done() ends the run, and any shortfall shows up as missing cells.
            director.run(max_exchanges or 3000 * decisions, seed=scene_seed, until=done)
        finally:
            director.close()
            run.reply_ms = list(link.reply_ms)
            run.exchanges = director.stats.exchanges
            link.close()
        run.seconds = time.perf_counter() - t0
    if run.shown:
        desc = kind.descriptors_batch(np.stack([s.item for s in run.shown]))
        for s, d in zip(run.shown, desc):
            s.descriptors = d
    return run


def log_training_sessions(source: ContentSource, *, kind_name: str, players: int, decisions: int, seed: int,
                          port: int, weights: RewardWeights = RewardWeights(), store=None) -> tuple[LoggedDecisions, PopulationRun]:
    """Step 1: random content shown to a training population (population seed ``10_000 + seed``)."""
    run = run_population(source, lambda a: make_policy("random", source.action_dim, seed=seed + a), "random",
                         kind_name=kind_name, players=players, decisions=decisions,
                         population_seed=10_000 + seed, scene_seed=seed, port=port, weights=weights, store=store)
    records = [{"player_id": s.player_id, "x": s.point, "reward": s.reward}
               for s in run.shown if s.reward is not None and s.player_id]
    return LoggedDecisions.from_records(records), run


@dataclass
class Prepared:
    """Step 2's products: the learned priors and the policies pretrained on them."""

    prior: object
    """``RewardPrior`` over the player model's features of the action (PPO pretrains on it)."""
    ppo: Policy | None
    heldout_pair_accuracy: float
    logged_decisions: int
    adaptive_prior: IdealPointPrior | None = None
    """The population of ideal points over content descriptors (the adaptive policy's prior)."""


class Describer:
    """``actions (N, A) -> (N, d)``: descriptors of the content ``source`` makes there, scaled to
    [0, 1] by the kind's documented ranges (``lo``, ``span``)."""

    def __init__(self, source: ContentSource, kind_name: str) -> None:
        from python_bridge.content.registry import get_kind

        self.source, self.kind = source, get_kind(kind_name)
        names = self.kind.descriptor_names
        self.lo = np.array([self.kind.descriptor_ranges[n][0] for n in names], dtype=np.float64)
        self.span = np.array([self.kind.descriptor_ranges[n][1] for n in names], dtype=np.float64) - self.lo

    def normalise(self, desc: np.ndarray) -> np.ndarray:
        return np.clip((np.asarray(desc, dtype=np.float64) - self.lo) / np.maximum(self.span, 1e-12), 0.0, 1.0)

    def __call__(self, actions: np.ndarray) -> np.ndarray:
        actions = np.atleast_2d(actions)
        items = np.concatenate([self.source.generate(actions[i:i + 256]) for i in range(0, len(actions), 256)])
        return self.normalise(self.kind.descriptors_batch(items))


def prepare_policies(logs: LoggedDecisions, action_dim: int, decisions: int, seed: int, *,
                     ppo_players: int = 2000, epochs: int = 60, log_run: "PopulationRun | None" = None,
                     source: ContentSource | None = None, kind_name: str = "", pool_size: int = 2048) -> Prepared:
    """Step 2: player model, reward prior, PPO pretrained on players sampled from the prior; with
    ``log_run`` and ``source``, also the ideal points over descriptors of what was shown (adaptive)."""
    train, held = logs.split(0.2, seed=seed)
    model = fit_player_model(train, FitConfig(seed=seed, epochs=epochs))
    acc = pairwise_accuracy(model, held)
    prior = fit_reward_prior(model, logs)
    ppo = make_policy("ppo", action_dim, seed=seed, config=PPOConfig(horizon=decisions))
    pretrain_policy(ppo, prior, ppo_players, decisions, seed=seed)
    adaptive_prior = None
    if log_run is not None and source is not None:
        shown = [s for s in log_run.shown if s.reward is not None and s.player_id and s.descriptors is not None]
        adaptive_prior = fit_adaptive_prior(source, kind_name, [s.player_id for s in shown], [s.reward for s in shown],
                                            descriptors=np.stack([s.descriptors for s in shown]), pool_size=pool_size, seed=seed)
    return Prepared(prior, ppo, acc, len(logs), adaptive_prior)


def fit_adaptive_prior(source: ContentSource, kind_name: str, player_ids: list[str], rewards: list[float], *,
                       descriptors: np.ndarray | None = None, actions: np.ndarray | None = None,
                       pool_size: int = 2048, seed: int = 0, **fit_kw) -> IdealPointPrior:
    """The adaptive policy's prior from logged shows: who saw it, the reward, and what it was.

    What was shown is given by its raw ``descriptors (N, d)`` when logged, else by the ``actions
    (N, A)`` that made it (described here with ``source``: the same generator must have made them).
    """
    describe = Describer(source, kind_name)
    x = describe.normalise(descriptors) if descriptors is not None else describe(np.asarray(actions, dtype=np.float64))
    logs = LoggedDecisions.from_records({"player_id": p, "reward": r, "x": xi} for p, r, xi in zip(player_ids, rewards, x))
    # Candidates spread over everything the generator makes, edges included (diverse_pool).
    pool, pool_desc = diverse_pool(describe, source.action_dim, pool_size, seed=seed)
    # Comfort axes are the kind's (e.g. high contrast shimmers in a headset).
    return fit_ideal_point_prior(logs, describe, pool, descriptor_names=tuple(describe.kind.descriptor_names),
                                 comfort_axes=comfort_axes_of(describe.kind), seed=seed, pool_desc=pool_desc, **fit_kw)


def prior_identity(source: ContentSource, kind_name: str) -> dict[str, object]:
    """What a saved adaptive prior is valid with: the kind, its descriptors, the generator and its latent size."""
    from python_bridge.content.registry import get_kind

    return {"kind": kind_name, "descriptor_names": list(get_kind(kind_name).descriptor_names), "generator": source.name,
            "action_dim": int(source.action_dim)}


def policy_factory_for(name: str, prepared: Prepared | None, action_dim: int, seed: int,
                       horizon: int | None = None) -> Callable[[int], Policy]:
    """A factory giving each player its own policy (PPO: one shared, it learns across players).

    ``horizon``: decisions per session, when known; the bandits (``bandit``, ``adaptive``) then
    explore less as the session nears its end and show their best guess at the last decision.
    """
    if name == "ppo":
        if prepared is None or prepared.ppo is None:
            shared = make_policy("ppo", action_dim, seed=seed)
        else:
            shared = prepared.ppo
        # One learner, one session view per simultaneous player.
        return lambda agent_id: shared.session(seed + agent_id)
    if name == "adaptive":
        if prepared is None:
            raise ValueError("the adaptive policy needs a prior: run prepare_policies on logged sessions first")
        prior = prepared.adaptive_prior if prepared.adaptive_prior is not None else prepared.prior
        return lambda agent_id: make_policy("adaptive", action_dim, seed=seed + agent_id, prior=prior, horizon=horizon)
    if name == "bandit":
        return lambda agent_id: make_policy("bandit", action_dim, seed=seed + agent_id, horizon=horizon)
    return lambda agent_id: make_policy(name, action_dim, seed=seed + agent_id)


def oracle_utilities(source: ContentSource, population, kind_name: str, seed: int,
                     n_random: int = 3072, n_local: int = 6) -> dict[str, float]:
    """Per player id: the best hidden utility over valid content the generator makes (random + local search)."""
    from python_bridge.content.registry import get_kind

    kind = get_kind(kind_name)
    rng = np.random.default_rng(seed)

    def evaluate(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        items = np.concatenate([source.generate(points[i:i + 256]) for i in range(0, len(points), 256)])
        valid = np.array([kind.validate(it).valid for it in items])
        return kind.descriptors_batch(items), valid

    pts = rng.uniform(-1, 1, size=(n_random, source.action_dim))
    desc, valid = evaluate(pts)
    best: dict[str, float] = {}
    for p in population:
        u = np.where(valid, p.expected_utility(desc), -np.inf)
        k = int(np.argmax(u))
        centre, value, scale = pts[k], float(u[k]), 0.25
        for _ in range(n_local):  # shrinking local search around this player's best
            local = np.clip(centre + scale * rng.normal(size=(96, source.action_dim)), -1, 1)
            d_l, v_l = evaluate(local)
            u_l = np.where(v_l, p.expected_utility(d_l), -np.inf)
            j = int(np.argmax(u_l))
            if u_l[j] > value:
                centre, value = local[j], float(u_l[j])
            else:
                scale *= 0.6
        best[p.player_id] = value
    return best


def fraction_of_oracle(run: PopulationRun, population, oracle: dict[str, float], decisions: int) -> np.ndarray:
    """``(players, decisions)``: hidden utility of what each player was shown / the oracle's (rejected: 0)."""
    agents = run.by_agent()
    out = np.full((len(agents), decisions), np.nan)
    for row, (agent_id, shown) in enumerate(sorted(agents.items())):
        for s in shown[:decisions]:
            if s.applied is False:
                out[row, s.decision] = 0.0  # rejected: the player saw nothing new
                continue
            pid = s.player_id or run.agent_player.get(agent_id, "")
            if not pid:
                continue  # never reached the player (the run ended first): reported as missing
            u = float(population.by_id(pid).expected_utility(s.descriptors))
            out[row, s.decision] = u / max(oracle[pid], 1e-9)
    return out


def summarise(fracs: dict[str, np.ndarray], decisions: int) -> dict:
    checkpoints = sorted({t for t in (1, 5, 10, 20, decisions) if t <= decisions})
    return {
        "policies": {n: round(float(np.nanmean(f[:, decisions - 1])), 4) for n, f in fracs.items()},
        "table": {n: {str(t): round(float(np.nanmean(f[:, t - 1])), 4) for t in checkpoints} for n, f in fracs.items()},
        "mean_over_session": {n: round(float(np.nanmean(f)), 4) for n, f in fracs.items()},
        "sem_at_last": {n: round(float(np.nanstd(f[:, decisions - 1], ddof=1)
                                       / np.sqrt(max(1, np.sum(~np.isnan(f[:, decisions - 1]))))), 4)
                        for n, f in fracs.items()},
        "missing": {n: int(np.isnan(f).sum()) for n, f in fracs.items()},
    }


def eval_adaptation(*, kind: str = "rooms", players: int = 30, decisions: int = 20, seed: int = 0,
                    policies: tuple[str, ...] = DEFAULT_POLICIES, generator: str | None = None, base_port: int = 5005,
                    train_players: int = 300, ppo_players: int = 2000, store=None,
                    progress: Callable[[str], None] = lambda msg: log.info(msg)) -> dict:
    """Steps 1-3 above; returns the summary dict (``policies``: name -> fraction of oracle at ``decisions``)."""
    from python_bridge.loop import make_source

    t_start = time.perf_counter()
    source = make_source(kind, generator)
    needs_prior = any(p in ("ppo", "adaptive") for p in policies)
    prepared, log_run = None, None
    if needs_prior:
        progress(f"logging {train_players} training sessions of random content ...")
        logs, log_run = log_training_sessions(source, kind_name=kind, players=train_players, decisions=decisions,
                                              seed=seed, port=base_port, store=store)
        progress(f"fitting the player model on {len(logs)} logged decisions, pretraining PPO ...")
        prepared = prepare_policies(logs, source.action_dim, decisions, seed, ppo_players=ppo_players,
                                    log_run=log_run, source=source, kind_name=kind)
    population = make_population(players, seed, kind)
    progress(f"computing the oracle for {players} players ...")
    oracle = oracle_utilities(source, population, kind, seed)
    runs: dict[str, PopulationRun] = {}
    fracs: dict[str, np.ndarray] = {}
    for i, name in enumerate(policies):
        progress(f"evaluating {name} on {players} players x {decisions} decisions over gRPC ...")
        runs[name] = run_population(source, policy_factory_for(name, prepared, source.action_dim, seed + 1, horizon=decisions),
                                    name, kind_name=kind, players=players, decisions=decisions,
                                    population_seed=seed, scene_seed=seed, port=base_port + 1 + i, store=store)
        fracs[name] = fraction_of_oracle(runs[name], population, oracle, decisions)
    reply = [ms for r in runs.values() for ms in r.reply_ms]
    summary = summarise(fracs, decisions)
    summary.update({
        "kind": kind, "players": players, "decisions": decisions, "seed": seed, "source": source.name,
        "reply_ms_p50": round(percentile_ms(reply, 50), 3), "reply_ms_p99": round(percentile_ms(reply, 99), 3),
        "reply_ms_max": round(max(reply), 3) if reply else 0.0, "exchanges": sum(r.exchanges for r in runs.values()),
        "rejected": {n: sum(1 for s in r.shown if s.applied is False) for n, r in runs.items()},
        "player_model_heldout_pair_acc": round(prepared.heldout_pair_accuracy, 3) if prepared else None,
        "logged_decisions": prepared.logged_decisions if prepared else 0,
        "oracle": "best hidden utility over 3072 random + local-search latent points (valid content only)",
        "seconds": round(time.perf_counter() - t_start, 1),
    })
    summary["_runs"] = runs
    summary["_fracs"] = fracs
    return summary
