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

from python_bridge.names import DEFAULT_KIND, EVAL_POLICIES
from python_bridge.priors import Embedder, candidate_pool, generate_batched
from python_bridge.errors import BridgeError, ConfigError
from python_bridge.features import RewardWeights
from python_bridge.loop import Director
from python_bridge.sources import ContentSource
from python_bridge.players import comfort_axes_of
from python_bridge.players.families import shipped_specs, spec_of
from python_bridge.players.protocol import drifts, dry_run, family_name, make_players, utilities
from python_bridge.policy import (
    FitConfig, IdealPointPrior, LoggedDecisions, PPOConfig, Policy, diverse_pool, fit_ideal_point_prior, fit_player_model,
    fit_reward_prior, make_policy, pairwise_accuracy, pretrain_policy,
)
from python_bridge.policy.embedding import ContentEmbedding
from python_bridge.policy.gp_taste import GPPrior, fit_gp_prior, pair_accuracy
from python_bridge.types import Content, ContentAck, FeedbackEvent
from python_bridge.unity.link import UnityLink
from python_bridge.unity.stand_in import write_player
from python_bridge.unity.wire import percentile_ms
from python_bridge.watchers import Watcher

log = logging.getLogger(__name__)

DEFAULT_POLICIES = ("random", "bandit", "cmaes", "favourite", "adaptive")
DEFAULT_POPULATION = spec_of("ideal_point")


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
    ask_ms: list[float] = field(default_factory=list)
    """How long each ``policy.ask`` took (on the director's worker)."""
    agent_player: dict[int, str] = field(default_factory=dict)
    seconds: float = 0.0
    exchanges: int = 0

    def by_agent(self) -> dict[int, list[ShownContent]]:
        out: dict[int, list[ShownContent]] = {}
        for s in self.shown:
            out.setdefault(s.agent_id, []).append(s)
        return out


class _Recorder(Watcher):
    """Watches a Director through its callbacks; routes feedback and acks to the content they concern."""

    def __init__(self, kind, run: PopulationRun):
        self.kind, self.run = kind, run
        self.by_id: dict[str, ShownContent] = {}
        self.decisions: dict[int, int] = {}
        self.told: dict[int, int] = {}
        """Rewarded shows per agent, counted as they come (``run_population`` checks it every exchange)."""

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
            if s.reward is None:
                self.told[agent_id] = self.told.get(agent_id, 0) + 1
            s.reward = reward

    def on_ack(self, ack: ContentAck) -> None:
        s = self.by_id.get(ack.content_id)
        if s is not None:
            s.applied = ack.applied


class EvaluationError(BridgeError):
    """An evaluation could not measure what it was asked to (a player short of decisions, a stand-in that stopped)."""


def run_population(source: ContentSource, policy_factory: Callable[[int], Policy], policy_name: str, *,
                   kind_name: str, players: int, decisions: int, population_seed: int, scene_seed: int,
                   port: int, population: str = DEFAULT_POPULATION, weights: RewardWeights = RewardWeights(),
                   store=None, max_exchanges: int | None = None) -> PopulationRun:
    """One stand-in, one director agent per player, until every player has had ``decisions`` decisions.

    Raises ``EvaluationError`` when the exchange budget runs out first: no mean over whoever got there.
    """
    from python_bridge.content.registry import get_kind

    kind = get_kind(kind_name)
    run = PopulationRun(policy_name)
    rec = _Recorder(kind, run)
    watchers: list[Watcher] = [rec]
    if store is not None:
        from python_bridge.watchers import OffPath, StoreLogger

        watchers.append(OffPath(StoreLogger(store, kind_name, policy_name)))
    budget = max_exchanges or 20_000 * decisions
    with tempfile.TemporaryDirectory(prefix="vrbridge-eval-") as tmp:
        # Sessions outlast the measurement, so each agent keeps one player throughout (no player
        # is ever handed to two agents, whatever each policy's pace).
        player = write_player(tmp, ["--kind", kind_name, "--agents", str(players),
                                    "--contents-per-session", str(decisions + 10_000), "--population", population,
                                    "--population-seed", str(population_seed), "--population-size", str(players)])
        t0 = time.perf_counter()
        link = UnityLink.open(file_name=player, port=port, timeout_s=120)
        director = Director(link, source, _timed(policy_factory, run.ask_ms), weights, policy_name=policy_name,
                            seed=scene_seed, watchers=watchers)
        told = rec.told
        try:
            # Checked after every exchange, while the scene waits: counts kept as rewards arrive.
            def done() -> bool:
                return len(told) >= players and min(told.values()) >= decisions
            # The stand-in fast-forwards the scene (exchanges cost no scene-time waiting) while
            # content is made on the worker thread, so a policy that thinks for 0.1 s per decision
            # needs many exchanges per decision here, where a real scene gives it seconds.
            try:
                director.run(budget, seed=scene_seed, until=done)
            except BridgeError:
                raise
            except Exception as exc:  # the scene (a stand-in process) stopped under us
                raise EvaluationError(f"the scene stopped during the {policy_name} run ({type(exc).__name__}: {exc}); "
                                      "the stand-in's own line above names the cause") from exc
            finished = done()
        finally:
            director.close()
            run.reply_ms = list(link.reply_ms)
            run.exchanges = director.stats.exchanges
            link.close()
        run.seconds = time.perf_counter() - t0
    if not finished:
        short = players - sum(1 for v in told.values() if v >= decisions)
        raise EvaluationError(f"{policy_name}: {short} of {players} players did not reach decision {decisions} within "
                              f"{budget} exchanges ({run.seconds:.0f} s); the policy is too slow for this budget or "
                              "the scene stopped deciding. Nothing is averaged over a partial run.")
    # Keep each player's first `decisions` shows: a seed then gives the same rows whatever the pace.
    by_agent = run.by_agent()
    run.shown = [s for a in sorted(by_agent) for s in by_agent[a][:decisions]]
    if run.shown:
        desc = kind.descriptors_batch(np.stack([s.item for s in run.shown]))
        for s, d in zip(run.shown, desc):
            s.descriptors = d
    return run


def _timed(factory: Callable[[int], Policy], into: list[float]) -> Callable[[int], Policy]:
    """The same factory, its policies' ``ask`` timed into ``into`` (milliseconds)."""
    def make(agent_id: int) -> Policy:
        policy = factory(agent_id)
        ask = policy.ask

        def timed_ask(context=None):
            t0 = time.perf_counter()
            try:
                return ask(context)
            finally:
                into.append((time.perf_counter() - t0) * 1000.0)
        policy.ask = timed_ask  # type: ignore[method-assign]
        return policy
    return make


def log_training_sessions(source: ContentSource, *, kind_name: str, players: int, decisions: int, seed: int,
                          port: int, population: str = DEFAULT_POPULATION, weights: RewardWeights = RewardWeights(),
                          store=None) -> tuple[LoggedDecisions, PopulationRun]:
    """Step 1: random content shown to a training population (population seed ``10_000 + seed``)."""
    run = run_population(source, lambda a: make_policy("random", source.action_dim, seed=seed + a), "random",
                         kind_name=kind_name, players=players, decisions=decisions, population=population,
                         population_seed=10_000 + seed, scene_seed=seed, port=port, weights=weights, store=store)
    records = [{"player_id": s.player_id, "x": s.point, "reward": s.reward}
               for s in run.shown if s.reward is not None and s.player_id]
    return LoggedDecisions.from_records(records), run


@dataclass
class Prepared:
    """Step 2's products: the learned priors and the policies pretrained on them."""

    gp_prior: GPPrior | None = None
    """The adaptive policy's prior: GP hyperparameters over the content embedding, and the pool."""
    ideal_point_prior: IdealPointPrior | None = None
    """The ideal-point baseline's prior (policy ``ideal-point``)."""
    reward_prior: object = None
    """``RewardPrior`` over the action (PPO pretrains on it)."""
    ppo: Policy | None = None
    favourite: np.ndarray | None = None
    """The one action whose content the training population liked best on average (policy ``favourite``)."""
    logged_decisions: int = 0
    heldout_pair_accuracy: float | None = None


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
        items = generate_batched(self.source, actions)
        return self.normalise(self.kind.descriptors_batch(items))


def logged_shows(runs: list[PopulationRun]) -> list[tuple[str, list[ShownContent]]]:
    """Per logged player (agent order), their rewarded shows in order, with the player id."""
    out = []
    for run in runs:
        for agent_id, shown in sorted(run.by_agent().items()):
            rows = [s for s in shown if s.reward is not None]
            if rows:
                out.append((rows[0].player_id or run.agent_player.get(agent_id, ""), rows))
    return out


def logged_sessions(runs: list[PopulationRun], embedding: ContentEmbedding) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per logged player, in show order: ``(embeddings (n, D), rewards (n,))``."""
    return [(embedding(np.stack([s.item for s in rows])), np.array([s.reward for s in rows], dtype=np.float64))
            for _, rows in logged_shows(runs)]


def fit_gp_from_runs(source: ContentSource, kind_name: str, runs: list[PopulationRun], *, decisions: int,
                     pool_size: int = 2048, seed: int = 0, embedding: ContentEmbedding | None = None,
                     pool: tuple[np.ndarray, np.ndarray] | None = None) -> GPPrior:
    """The adaptive policy's prior from logged runs: embedding (learned from the kind's corpus), GP hyperparameters,
    and the candidate pool (``pool``: ``(actions, embeddings)`` made once by ``candidate_pool``, or made here)."""
    from python_bridge.content.registry import get_kind

    embedding = embedding or ContentEmbedding.fit(get_kind(kind_name), seed=seed)
    embed = Embedder(source, embedding)
    actions, x = pool if pool is not None else candidate_pool(source, embedding, pool_size, seed)
    return fit_gp_prior(logged_sessions(runs, embedding), embed, actions, decisions=decisions, seed=seed, pool_x=x)


def prepare_policies(log_runs: list[PopulationRun], source: ContentSource, kind_name: str, policies: tuple[str, ...],
                     decisions: int, seed: int, *, ppo_players: int = 2000, epochs: int = 60, pool_size: int = 2048,
                     embedding: ContentEmbedding | None = None, favourite_players: list | None = None,
                     pool: tuple[np.ndarray, np.ndarray] | None = None) -> Prepared:
    """Step 2, on logged runs of *other* players: the adaptive policy's GP prior, and what the named
    baselines need (``ideal-point``: ideal points over descriptors; ``ppo``: player model, reward prior,
    pretraining; ``favourite``: the pool item ``favourite_players`` like best on average, a reference)."""
    shown = [s for r in log_runs for s in r.shown if s.reward is not None and s.player_id]
    prepared = Prepared(logged_decisions=len(shown))
    if any(p in ("adaptive", "favourite") for p in policies):
        prepared.gp_prior = fit_gp_from_runs(source, kind_name, log_runs, decisions=decisions, pool_size=pool_size,
                                             seed=seed, embedding=embedding, pool=pool)
    if "ideal-point" in policies:
        prepared.ideal_point_prior = fit_adaptive_prior(
            source, kind_name, [s.player_id for s in shown], [s.reward for s in shown],
            descriptors=np.stack([s.descriptors for s in shown]), pool_size=pool_size, seed=seed)
    if "ppo" in policies:
        logs = LoggedDecisions.from_records({"player_id": s.player_id, "x": s.point, "reward": s.reward} for s in shown)
        train, held = logs.split(0.2, seed=seed)
        model = fit_player_model(train, FitConfig(seed=seed, epochs=epochs))
        prepared.heldout_pair_accuracy = pairwise_accuracy(model, held)
        prepared.reward_prior = fit_reward_prior(model, logs)
        prepared.ppo = make_policy("ppo", source.action_dim, seed=seed, config=PPOConfig(horizon=decisions))
        pretrain_policy(prepared.ppo, prepared.reward_prior, ppo_players, decisions, seed=seed)
    if "favourite" in policies and favourite_players and prepared.gp_prior is not None:
        pool_a = prepared.gp_prior.pool_actions
        items = generate_batched(source, pool_a)
        mean_u = np.mean([utilities(p, items, 0) for p in favourite_players], axis=0)
        prepared.favourite = pool_a[int(np.argmax(mean_u))]
    return prepared


def fit_adaptive_prior(source: ContentSource, kind_name: str, player_ids: list[str], rewards: list[float], *,
                       descriptors: np.ndarray | None = None, actions: np.ndarray | None = None,
                       pool_size: int = 2048, seed: int = 0, **fit_kw) -> IdealPointPrior:
    """The ideal-point prior from logged shows: who saw it, the reward, and what it was.

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


class FixedPolicy(Policy):
    """Shows every player the same content: the non-adaptive reference (``favourite``)."""

    name = "favourite"

    def __init__(self, action: np.ndarray, bound: float = 1.0, seed: int = 0) -> None:
        super().__init__(len(action), bound, seed)
        self.action = np.asarray(action, dtype=np.float64)

    def _ask(self, context: np.ndarray | None) -> np.ndarray:
        return self.action


def policy_factory_for(name: str, prepared: Prepared | None, action_dim: int, seed: int,
                       horizon: int | None = None) -> Callable[[int], Policy]:
    """A factory giving each player its own policy (PPO: one shared, it learns across players).

    ``horizon``: decisions per session, when known; the bandits (``bandit``, ``adaptive``,
    ``ideal-point``) then explore less as the session nears its end and show their best guess at
    the last decision.
    """
    if name == "ppo":
        shared = prepared.ppo if prepared is not None and prepared.ppo is not None else make_policy("ppo", action_dim, seed=seed)
        # One learner, one session view per simultaneous player.
        return lambda agent_id: shared.session(seed + agent_id)
    if name in ("adaptive", "ideal-point", "favourite"):
        prior = None if prepared is None else {"adaptive": prepared.gp_prior, "ideal-point": prepared.ideal_point_prior,
                                               "favourite": prepared.favourite}[name]
        if prior is None:
            raise ConfigError(f"policy {name!r} needs a prior learned from logged sessions; run prepare_policies first")
        if name == "favourite":
            return lambda agent_id: FixedPolicy(prior)
        return lambda agent_id: make_policy("adaptive", action_dim, seed=seed + agent_id, prior=prior, horizon=horizon)
    if name == "bandit":
        return lambda agent_id: make_policy("bandit", action_dim, seed=seed + agent_id, horizon=horizon)
    return lambda agent_id: make_policy(name, action_dim, seed=seed + agent_id)


def oracle_utilities(source: ContentSource, players: list, kind_name: str, seed: int, decisions: int,
                     n_random: int = 3072, n_local: int = 6) -> dict[str, np.ndarray]:
    """Per player id, ``(decisions,)``: the best noise-free utility over valid content the generator makes.

    Search budget per player: ``n_random`` uniform points of the generator's input Box (shared by
    all players), then ``n_local`` rounds of ``min(96, n_random // 32)`` (at least 8) Gaussian perturbations
    around the player's best,
    shrinking when a round finds nothing better. A player whose taste drifts is searched at its
    first, middle and last decision, and every point found is scored at every decision.
    """
    from python_bridge.content.registry import get_kind

    kind = get_kind(kind_name)
    rng = np.random.default_rng(seed)

    def evaluate(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        items = generate_batched(source, points)
        valid = np.array([kind.validate(it).valid for it in items])
        return items, valid

    pts = rng.uniform(-1, 1, size=(n_random, source.action_dim))
    items, valid = evaluate(pts)
    n_near = max(8, min(96, n_random // 32))
    best: dict[str, np.ndarray] = {}
    for p in players:
        moments = sorted({0, decisions // 2, decisions - 1}) if drifts(p) else [None]
        found_items, found_valid = [items], [valid]
        for at in moments:
            u = np.where(valid, utilities(p, items, at), -np.inf)
            k = int(np.argmax(u))
            centre, value, scale = pts[k], float(u[k]), 0.25
            for _ in range(n_local):  # shrinking local search around this player's best
                local = np.clip(centre + scale * rng.normal(size=(n_near, source.action_dim)), -1, 1)
                it_l, v_l = evaluate(local)
                u_l = np.where(v_l, utilities(p, it_l, at), -np.inf)
                found_items.append(it_l)
                found_valid.append(v_l)
                j = int(np.argmax(u_l))
                if u_l[j] > value:
                    centre, value = local[j], float(u_l[j])
                else:
                    scale *= 0.6
        if moments == [None]:
            best[p.player_id] = np.full(decisions, max(value, 1e-9))
            continue
        all_items, all_valid = np.concatenate(found_items), np.concatenate(found_valid)
        best[p.player_id] = np.array([max(float(np.max(np.where(all_valid, utilities(p, all_items, d), -np.inf))), 1e-9)
                                      for d in range(decisions)])
    return best


def fraction_of_oracle(run: PopulationRun, players: dict, oracle: dict[str, np.ndarray], decisions: int) -> np.ndarray:
    """``(players, decisions)``: noise-free utility of what each player was shown / the oracle's (rejected: 0).

    A player whose taste drifts is scored with its taste at that show (its count of applied shows).
    """
    agents = run.by_agent()
    out = np.full((len(agents), decisions), np.nan)
    for row, (agent_id, shown) in enumerate(sorted(agents.items())):
        applied_before = 0
        for s in shown[:decisions]:
            if s.applied is False:
                out[row, s.decision] = 0.0  # rejected: the player saw nothing new
                continue
            pid = s.player_id or run.agent_player.get(agent_id, "")
            if not pid:
                continue  # never reached the player: reported as missing, and the run fails
            u = float(utilities(players[pid], s.item[None], applied_before)[0])
            applied_before += 1
            out[row, s.decision] = u / oracle[pid][s.decision]
    return out


def _sem(values: np.ndarray) -> float:
    """Standard error of the mean over the finite entries."""
    return float(np.nanstd(values, ddof=1) / np.sqrt(max(1, np.sum(~np.isnan(values)))))


def _cell(f: np.ndarray, decisions: int) -> dict:
    at = {str(t): round(float(np.nanmean(f[:, t - 1])), 4) for t in CHECKPOINTS if t <= decisions}
    last = f[:, decisions - 1]
    return {"at": at, "mean": round(float(np.nanmean(f)), 4),
            f"sem_{decisions}": round(_sem(last), 4),
            "missing": int(np.isnan(f).sum())}


CHECKPOINTS = (1, 5, 10, 20)


def summarise(fracs: dict[str, np.ndarray], decisions: int) -> dict:
    """Overall numbers over every measured player: per policy the fraction at the last decision, a table, the session mean."""
    checkpoints = sorted({t for t in (*CHECKPOINTS, decisions) if t <= decisions})
    return {
        "policies": {n: round(float(np.nanmean(f[:, decisions - 1])), 4) for n, f in fracs.items()},
        "table": {n: {str(t): round(float(np.nanmean(f[:, t - 1])), 4) for t in checkpoints} for n, f in fracs.items()},
        "mean_over_session": {n: round(float(np.nanmean(f)), 4) for n, f in fracs.items()},
        "sem_at_last": {n: round(_sem(f[:, decisions - 1]), 4) for n, f in fracs.items()},
        "missing": {n: int(np.isnan(f).sum()) for n, f in fracs.items()},
    }


def paired_lead(fracs: dict[str, np.ndarray], decisions: int, policy: str = "adaptive") -> dict:
    """``policy`` minus the best other policy (by mean at the last decision), paired over the same players."""
    if policy not in fracs or len(fracs) < 2:
        return {}
    others = {n: f for n, f in fracs.items() if n != policy}
    out = {}
    for label, pick in (("at_last", lambda f: f[:, decisions - 1]), ("mean", lambda f: np.nanmean(f, axis=1))):
        best = max(others, key=lambda n: float(np.nanmean(pick(others[n]))))
        diff = pick(fracs[policy]) - pick(others[best])
        out[label] = {"vs": best, "lead": round(float(np.nanmean(diff)), 4),
                      "sem": round(_sem(diff), 4)}
    return out


def eval_adaptation(*, kind: str = DEFAULT_KIND, players: int = 30, decisions: int = 20, seed: int = 0,
                    policies: tuple[str, ...] = DEFAULT_POLICIES, generator: str | None = None, base_port: int = 5005,
                    train_players: int = 300, ppo_players: int = 2000, store=None,
                    populations: tuple[str, ...] | None = None, train_populations: tuple[str, ...] | None = None,
                    pool_size: int = 2048, oracle_points: int = 3072,
                    progress: Callable[[str], None] = lambda msg: log.info(msg)) -> dict:
    """Steps 1-3 above, per measured population (family); returns the summary dict.

    ``populations``: the families measured (specs; default the four shipped). ``train_populations``:
    whose logged sessions the priors learn from. Default: with several families, leave-one-family-out
    (each family is measured with priors fitted on the *other* families' logs only); with one, the
    same family at another seed.
    """
    from python_bridge.sources import make_source

    t_start = time.perf_counter()
    source = make_source(kind, generator)
    populations = tuple(populations or shipped_specs())
    unknown = [p for p in policies if p not in EVAL_POLICIES]
    if unknown:
        raise ConfigError(f"unknown policy {', '.join(unknown)}; choose from {', '.join(EVAL_POLICIES)}")
    from python_bridge.content.registry import get_kind

    probe = source.generate(np.zeros((1, source.action_dim)))[0]
    for spec in populations + tuple(train_populations or ()):
        dry_run(spec, make_players(spec, 2, seed, kind), probe)  # a bad population fails here, in one line
    needs_prior = any(p in ("ppo", "adaptive", "ideal-point", "favourite") for p in policies)
    embedding = ContentEmbedding.fit(get_kind(kind), seed=seed) if needs_prior else None
    pool = None
    if needs_prior:
        progress(f"spreading {pool_size} candidates over what {source.name} makes ...")
        pool = candidate_pool(source, embedding, pool_size, seed)
    port = iter(range(base_port, base_port + 10_000))
    logs: dict[str, PopulationRun] = {}
    if needs_prior:
        for spec in dict.fromkeys(tuple(train_populations or ()) + (populations if not train_populations else ())):
            progress(f"logging {train_players} sessions of {family_name(spec)} players shown random content ...")
            logs[spec] = log_training_sessions(source, kind_name=kind, players=train_players, decisions=decisions,
                                               seed=seed, port=next(port), population=spec, store=store)[1]
    lofo = needs_prior and not train_populations and len(populations) > 1
    families: dict[str, dict] = {}
    all_fracs: dict[str, list[np.ndarray]] = {}
    runs_out: dict[str, PopulationRun] = {}
    reply: list[float] = []
    ask_ms: dict[str, list[float]] = {}
    exchanges, rejected = 0, {}
    for spec in populations:
        fam = family_name(spec)
        train_specs = tuple(train_populations) if train_populations else \
            (tuple(s for s in populations if s != spec) if lofo else (spec,))
        prepared = None
        if needs_prior:
            progress(f"[{fam}] fitting priors on logs of {', '.join(family_name(s) for s in train_specs)} ...")
            fav_players = [p for s in train_specs for p in make_players(s, max(4, 60 // len(train_specs)), 10_000 + seed, kind)]
            prepared = prepare_policies([logs[s] for s in train_specs], source, kind, policies, decisions, seed,
                                        ppo_players=ppo_players, embedding=embedding, favourite_players=fav_players,
                                        pool=pool, pool_size=pool_size)
        measured = make_players(spec, players, seed, kind)
        by_id = {p.player_id: p for p in measured}
        progress(f"[{fam}] computing the oracle for {players} players ...")
        oracle = oracle_utilities(source, measured, kind, seed, decisions, n_random=oracle_points)
        fracs: dict[str, np.ndarray] = {}
        for name in policies:
            progress(f"[{fam}] evaluating {name} on {players} players x {decisions} decisions over gRPC ...")
            run = run_population(source, policy_factory_for(name, prepared, source.action_dim, seed + 1, horizon=decisions),
                                 name, kind_name=kind, players=players, decisions=decisions, population=spec,
                                 population_seed=seed, scene_seed=seed, port=next(port), store=store)
            fracs[name] = fraction_of_oracle(run, by_id, oracle, decisions)
            all_fracs.setdefault(name, []).append(fracs[name])
            reply += run.reply_ms
            exchanges += run.exchanges
            rejected[name] = rejected.get(name, 0) + sum(1 for s in run.shown if s.applied is False)
            ask_ms.setdefault(name, []).extend(run.ask_ms)
            runs_out.setdefault(name, run)
        entry: dict = {"policies": {n: _cell(f, decisions) for n, f in fracs.items()},
                       "lead": paired_lead(fracs, decisions), "trained_on": [family_name(s) for s in train_specs]}
        if prepared is not None and prepared.gp_prior is not None and spec in logs:
            sessions = logged_sessions([logs[spec]], embedding)
            train_pop = {p.player_id: p for p in make_players(spec, train_players, 10_000 + seed, kind)}
            truth = [utilities(train_pop[pid], np.stack([s.item for s in rows])) for pid, rows in logged_shows([logs[spec]])]
            acc, ceiling = pair_accuracy(prepared.gp_prior.hyper, sessions, truth=truth, seed=seed)
            entry["player_model_pair_acc"] = round(acc, 4)
            entry["pair_acc_ceiling"] = round(ceiling, 4) if ceiling is not None else None
        families[fam] = entry
    fracs_all = {n: np.concatenate(v) for n, v in all_fracs.items()}
    summary = summarise(fracs_all, decisions)
    summary.update({
        "families": families, "lead": paired_lead(fracs_all, decisions),
        "protocol": "leave-one-family-out" if lofo else ("train populations given" if train_populations else
                                                         "same family, other seed"),
        "kind": kind, "players": players, "decisions": decisions, "seed": seed, "source": source.name,
        "reply_ms_p50": round(percentile_ms(reply, 50), 3), "reply_ms_p99": round(percentile_ms(reply, 99), 3),
        "reply_ms_max": round(max(reply), 3) if reply else 0.0, "exchanges": exchanges, "rejected": rejected,
        "ask_ms_p50": round(percentile_ms(ask_ms.get("adaptive", []), 50), 2) if ask_ms.get("adaptive") else None,
        "ask_ms_p99": round(percentile_ms(ask_ms.get("adaptive", []), 99), 2) if ask_ms.get("adaptive") else None,
        "logged_decisions": sum(sum(1 for s in r.shown if s.reward is not None) for r in logs.values()),
        "oracle": f"best noise-free utility over {oracle_points} uniform + 6 rounds of local-search points of the generator's input Box "
                  "(valid content only; drifting players searched at 3 decisions and scored at each)",
        "seconds": round(time.perf_counter() - t_start, 1),
    })
    summary["_runs"] = runs_out
    summary["_fracs"] = fracs_all
    return summary
