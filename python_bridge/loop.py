"""Wires the stages together at run time: scene feedback -> features -> policy -> generator -> content -> scene.

``Director`` drives every director agent of one scene through a ``UnityLink``. Each exchange
is answered at once: generation runs on a worker thread and its content goes out on a later
exchange. When an agent reports that its player has experienced the current content, the
feedback about that content becomes the reward for the point that made it (``tell``), and
the feedback since the last decision becomes the context for the next point (``ask``).
"""
from __future__ import annotations

import hashlib
import logging
import queue
import threading
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence

import numpy as np

from python_bridge.content.registry import get_kind
from python_bridge.features import FeedbackFeatures, RewardWeights, reward_from_feedback
from python_bridge.policy import Policy
from python_bridge.types import Content, ContentAck, FeedbackEvent, Provenance
from python_bridge.unity.link import Decision, UnityLink

log = logging.getLogger(__name__)


class ContentSource(Protocol):
    """Makes content from points the policy chose. ``generate(points)``: ``(B, action_dim)`` -> ``(B, *item_shape)``."""

    kind: str
    action_dim: int
    name: str
    checkpoint_sha256: str

    def generate(self, points: np.ndarray) -> np.ndarray: ...


class ProceduralSource:
    """Seeded procedural content (the corpus generator), for when no trained generator is at hand.

    The point only picks a seed, so nearby points do not give similar content: a policy cannot
    learn much from it. It exists so the wire and the scene can be exercised without a model.
    """

    def __init__(self, kind: str, action_dim: int = 8):
        self.kind, self.action_dim = kind, action_dim
        self.name = f"procedural/{kind}@corpus"
        self.checkpoint_sha256 = ""
        self._kind = get_kind(kind)

    def generate(self, points: np.ndarray) -> np.ndarray:
        seeds = [int.from_bytes(hashlib.sha256(np.round(p, 3).tobytes()).digest()[:4], "little") for p in points]
        return np.stack([self._kind.make_corpus(1, seed=s)[0] for s in seeds])


class GeneratorSource:
    """A trained generator driven from a small action Box.

    Policies search ``[-1, 1]^action_dim``. A conditional generator takes the point as its
    condition (descriptor targets, each mapped linearly from [-1, 1] onto its documented range).
    Its latent carries the pattern the condition does not say; drawn from the prior N(0, I) a
    spatial latent decodes to noise-like content, so a conditional model with an encoder takes
    its latent from an *exemplar bank* instead: ``n_exemplars`` procedural items of the kind,
    encoded once (samples of the aggregate posterior), picked by one more action dimension
    (``[-1, 1]`` cut into ``n_exemplars`` equal bins). Without an encoder the latent is fixed.
    An unconditional generator gets ``z = scale * P @ point``, ``P`` a fixed random orthonormal
    ``(latent_dim, action_dim)`` basis, so a few decisions can explore a 64-dimensional latent
    (a random embedding, as in REMBO); ``scale`` makes ``|z|`` typical of ``N(0, I)`` when the
    point is uniform in the Box.
    """

    def __init__(self, generator, action_dim: int = 8, seed: int = 0, n_exemplars: int = 16):
        self.generator = generator
        self.kind = generator.kind
        self.name = f"{generator.model_name}/{generator.kind}"
        self.checkpoint_sha256 = getattr(generator, "sha256", "")
        rng = np.random.default_rng(seed)
        self.conditional = generator.condition_dim > 0
        self._bank: np.ndarray | None = None
        if self.conditional:
            self.action_dim = generator.condition_dim
            ranges = generator.condition_ranges
            names = generator.condition_names
            self._lo = np.array([ranges[n][0] for n in names], np.float32)
            self._hi = np.array([ranges[n][1] for n in names], np.float32)
            if generator.has_encoder and n_exemplars > 0:
                kind = get_kind(self.kind)
                items = kind.make_corpus(n_exemplars, seed=seed)
                self._bank = generator.encode(items, kind.descriptors_batch(items).astype(np.float32))
                self.action_dim += 1
            else:
                self._z = generator.sample_latent(1, seed=seed)[0]
        else:
            self.action_dim = min(action_dim, generator.latent_dim)
            q, _ = np.linalg.qr(rng.normal(size=(generator.latent_dim, self.action_dim)))
            self._basis = q.astype(np.float32)
            # E|point|^2 = action_dim / 3 for a uniform point; E|z|^2 = latent_dim for N(0, I).
            self._scale = float(np.sqrt(generator.latent_dim / (self.action_dim / 3.0)))

    def latents(self, points: np.ndarray) -> np.ndarray:
        """``(B, action_dim)`` points -> ``(B, latent_dim)`` latents (unconditional models)."""
        return (np.asarray(points, np.float32) @ self._basis.T) * self._scale

    def generate(self, points: np.ndarray) -> np.ndarray:
        points = np.clip(np.asarray(points, np.float32), -1, 1)
        if self.conditional:
            n_cond = len(self._lo)
            cond = self._lo + (points[:, :n_cond] + 1) / 2 * (self._hi - self._lo)
            if self._bank is None:
                z = np.repeat(self._z[None], len(points), 0)
            else:
                k = len(self._bank)
                z = self._bank[np.minimum(((points[:, n_cond] + 1) / 2 * k).astype(int), k - 1)]
            return self.generator.generate(z, cond)
        return self.generator.generate(self.latents(points))


@dataclass(frozen=True)
class ComfortGuard:
    """Limits for a person in a headset (playtest): nothing invalid is sent, nothing changes too fast.

    ``min_seconds_between_changes`` is on the scene clock (observation[0]); invalid content is
    never sent: the policy is told it earned ``invalid_reward`` and asked again, up to
    ``max_attempts`` times, after which the last valid content stays.
    """

    min_seconds_between_changes: float = 8.0
    max_attempts: int = 5
    invalid_reward: float = -1.0


@dataclass
class AgentState:
    """What the director knows about one agent (one player session)."""

    agent_id: int
    policy: Policy | None = None         # made on the worker thread at the session's first decision
    features: FeedbackFeatures = field(default_factory=FeedbackFeatures)
    experienced: bool = False            # the scene said the player is done with the current content
    content_id: str = ""                 # the content the player has now (or is about to get)
    point: np.ndarray | None = None      # the point that made it
    told: bool = True                    # its reward has been given to the policy
    forced_reward: float | None = None   # set when the scene rejected it
    about_content: list[FeedbackEvent] = field(default_factory=list)
    in_flight: Future | None = None


@dataclass
class LoopStats:
    exchanges: int = 0
    decisions: int = 0
    content_sent: int = 0
    content_applied: int = 0
    content_rejected: int = 0
    feedback_events: int = 0
    sessions_ended: int = 0
    blocked_invalid: int = 0
    rewards: list[float] = field(default_factory=list)
    rejections: list[str] = field(default_factory=list)


class Director:
    """Runs the adaptive-content loop for every agent of one scene.

    The exchange path (the scene's main thread is waiting) only routes feedback, computes
    features and rewards, and hands work over; the policy's ``tell``/``ask``, generation and
    encoding run as one job per decision on a worker thread, and the content goes out on a
    later exchange. ``policy_factory(agent_id)`` gives the policy for a new session (for one
    that learns across players, a per-session view of it, see ``PPOPolicy.session``).
    ``watchers`` (a store logger, a console, an evaluation) see the loop through optional
    methods ``on_content(agent_id, content, context)``, ``on_feedback(events)``,
    ``on_reward(agent_id, content_id, point, reward)``, ``on_ack(ack)``,
    ``on_session_end(agent_id)`` and ``on_close()``, called on the
    exchange path: keep them quick.
    """

    def __init__(self, link: UnityLink, source: ContentSource, policy_factory: Callable[[int], Policy],
                 weights: RewardWeights = RewardWeights(), policy_name: str = "", seed: int = 0,
                 watchers: Sequence[object] = (), guard: ComfortGuard | None = None,
                 pool: ThreadPoolExecutor | None = None):
        self.guard = guard
        self.link, self.source, self.policy_factory, self.weights = link, source, policy_factory, weights
        self.policy_name = policy_name
        self.kind = get_kind(source.kind)
        self.stats = LoopStats()
        self.agents: dict[int, AgentState] = {}
        self._owner: dict[str, int] = {}  # content id -> agent id, to route feedback
        # One worker thread runs every policy call and generation in order. Directors that share
        # a learner (training over several scenes) share the pool, so the learner is never raced.
        self._own_pool = pool is None
        self._pool = pool or ThreadPoolExecutor(max_workers=1, thread_name_prefix="director")
        self._seed = seed
        self.watchers = list(watchers)

    def _notify(self, hook: str, *args) -> None:
        for w in self.watchers:
            fn = getattr(w, hook, None)
            if fn is not None:
                fn(*args)

    def run(self, max_exchanges: int, seed: int | None = None, until: Callable[[], bool] | None = None) -> LoopStats:
        """Reset the scene and run up to ``max_exchanges`` exchanges, or until ``until()`` is true."""
        self.start(seed)
        for _ in range(max_exchanges):
            if until is not None and until():
                break
            self.step()
        return self.stats

    def start(self, seed: int | None = None) -> None:
        """Reset the scene (new sessions for every agent)."""
        self._handle(self.link.reset(seed))

    def step(self) -> None:
        """One exchange: send what is ready, answer the scene, take in what it sent."""
        self._deliver_ready()
        self._handle(self.link.exchange())

    def close(self) -> None:
        if self._own_pool:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._notify("on_close")

    # -- on the exchange path: quick -----------------------------------------------------
    def _handle(self, ex) -> None:
        self.stats.exchanges += 1
        if ex.feedback:
            self.stats.feedback_events += len(ex.feedback)
            self._notify("on_feedback", ex.feedback)
        for ev in ex.feedback:
            agent = self.agents.get(self._owner.get(ev.content_id, -1))
            if agent is not None:
                agent.features.push([ev])
                if ev.content_id == agent.content_id:
                    agent.about_content.append(ev)
        for ack in ex.acks:
            self._on_ack(ack)
        for d in ex.decisions:
            self._decide(d)

    def _on_ack(self, ack: ContentAck) -> None:
        self._notify("on_ack", ack)
        if ack.applied:
            self.stats.content_applied += 1
            return
        self.stats.content_rejected += 1
        self.stats.rejections.append(f"{ack.content_id}: {ack.reason}")
        log.warning("scene rejected %s: %s", ack.content_id, ack.reason)
        agent = self.agents.get(self._owner.get(ack.content_id, -1))
        if agent is not None and agent.content_id == ack.content_id:
            # Rejected content earns the lowest reward, and the agent may decide again at once.
            agent.forced_reward = -1.0

    def _reward_due(self, agent_id: int, agent: AgentState) -> float | None:
        """The reward for the agent's current content, if the policy has not had it yet."""
        if agent.told or agent.point is None:
            return None
        r = agent.forced_reward if agent.forced_reward is not None else reward_from_feedback(agent.about_content, self.weights)
        agent.told, agent.forced_reward = True, None
        self.stats.rewards.append(r)
        self._notify("on_reward", agent_id, agent.content_id, agent.point, r)
        return r

    def _decide(self, d: Decision) -> None:
        agent = self.agents.get(d.agent_id)
        if d.done:
            if agent is not None:
                reward = self._reward_due(d.agent_id, agent)
                self._pool.submit(_end_session, agent, reward)
                self.stats.sessions_ended += 1
                del self.agents[d.agent_id]
                # Late feedback about an ended session's content has nowhere to go: forget it,
                # so a long `serve` does not grow this map without bound.
                self._owner = {c: a for c, a in self._owner.items() if a != d.agent_id}
                self._notify("on_session_end", d.agent_id)
            return
        if agent is None:
            agent = self.agents[d.agent_id] = AgentState(agent_id=d.agent_id)
        if d.content_experienced:
            agent.experienced = True  # sent once per content: remember it across guard waits
        if agent.in_flight is not None:
            return  # content is on its way; the scene keeps running meanwhile
        if agent.content_id and not agent.experienced and agent.forced_reward is None:
            return  # the player is still experiencing the current content
        if self.guard and agent.content_id and d.observation[0] < self.guard.min_seconds_between_changes:
            return  # comfort: no change faster than the guard allows
        reward = self._reward_due(d.agent_id, agent)
        self.stats.decisions += 1
        agent.in_flight = self._pool.submit(self._make_content, agent, reward, agent.features.pop())
        agent.content_id, agent.experienced = "", False

    # -- on the worker thread: anything that may take time ------------------------------
    def _policy(self, agent: AgentState) -> Policy:
        """The agent's policy, made (and seeded) here on the worker: building one may take time."""
        if agent.policy is None:
            agent.policy = self.policy_factory(agent.agent_id)
            agent.policy.reset(self._seed + agent.agent_id + 1000 * self.stats.sessions_ended)
        return agent.policy

    def _make_content(self, agent: AgentState, reward: float | None, context: np.ndarray):
        policy = self._policy(agent)
        if reward is not None:
            policy.tell(reward)
        point = policy.ask(context)
        item = self.source.generate(point[None, :])[0]
        if self.guard is not None:
            for _ in range(self.guard.max_attempts - 1):
                if self.kind.validate(item).valid:
                    break
                self.stats.blocked_invalid += 1
                policy.tell(self.guard.invalid_reward)  # invalid content is never shown
                point = policy.ask(context)
                item = self.source.generate(point[None, :])[0]
            else:
                if not self.kind.validate(item).valid:
                    self.stats.blocked_invalid += 1
                    policy.tell(self.guard.invalid_reward)
                    return None
        content = Content(
            kind=self.kind.name, content_id=uuid.uuid4().hex[:16], data=item,
            provenance=Provenance(generator=self.source.name, checkpoint_sha256=self.source.checkpoint_sha256,
                                  latent=tuple(float(x) for x in point), policy=self.policy_name,
                                  created_unix_s=time.time()),
        )
        return point, content, self.kind.to_proto(content), context

    def _deliver_ready(self) -> None:
        for agent_id, agent in self.agents.items():
            fut = agent.in_flight
            if fut is None or not fut.done():
                continue
            agent.in_flight = None
            made = fut.result()
            if made is None:  # the guard found nothing valid: the player keeps what they have
                agent.told = True
                continue
            point, content, message, context = made
            self.link.send(agent_id, message)
            self.link.set_action(agent_id, point)
            agent.content_id, agent.point, agent.told, agent.about_content = content.content_id, point, False, []
            self._owner[content.content_id] = agent_id
            self.stats.content_sent += 1
            self._notify("on_content", agent_id, content, context)


def _end_session(agent: AgentState, reward: float | None) -> None:
    policy = agent.policy
    if policy is None:
        return
    if reward is not None and policy.pending:
        policy.tell(reward)
    policy.reset()


class StoreLogger:
    """Writes what the loop sees into a SessionStore as it happens (a Director watcher).

    Scene session ids are prefixed with ``run`` so runs never collide in one store. A
    content's session is learnt from the first feedback about it (the director agent does
    not name its player); an agent's later content is logged at once.
    """

    def __init__(self, store, kind: str, policy: str, run: str | None = None):
        self.store, self.kind, self.policy = store, kind, policy
        self.run = run or uuid.uuid4().hex[:8]
        self._sessions: set[str] = set()
        self._ended: set[str] = set()
        self._agent_session: dict[int, str] = {}
        self._steps: dict[str, int] = {}
        self._pending: dict[str, tuple[int, Content, np.ndarray | None]] = {}
        self._content_session: dict[str, tuple[str, int]] = {}

    def _sid(self, scene_session: str) -> str:
        return f"{self.run}-{scene_session}"

    def on_feedback(self, events: list[FeedbackEvent]) -> None:
        from dataclasses import replace

        out = []
        for e in events:
            sid = self._sid(e.session_id)
            if sid not in self._sessions:
                self.store.start_session(e.player_id, session_id=sid, kind=self.kind, policy=self.policy)
                self._sessions.add(sid)
            if e.content_id in self._pending:
                agent_id, content, context = self._pending.pop(e.content_id)
                self._agent_session[agent_id] = sid
                self._log_content(sid, content, context)
            out.append(replace(e, session_id=sid))
            if e.kind == "session_end":
                self.store.end_session(sid, e.detail)
                self._ended.add(sid)
        self.store.log_feedback(out)

    def on_content(self, agent_id: int, content: Content, context: np.ndarray | None) -> None:
        sid = self._agent_session.get(agent_id)
        if sid is None:
            self._pending[content.content_id] = (agent_id, content, context)
        else:
            self._log_content(sid, content, context)

    def _log_content(self, sid: str, content: Content, context: np.ndarray | None) -> None:
        step = self._steps.get(sid, 0)
        self._steps[sid] = step + 1
        self._content_session[content.content_id] = (sid, step)
        self.store.log_content(sid, content)
        self.store.log_decision(sid, step, self.policy, np.asarray(content.provenance.latent), context)

    def on_reward(self, agent_id: int, content_id: str, point: np.ndarray, reward: float) -> None:
        where = self._content_session.get(content_id)
        if where is not None:
            self.store.log_reward(where[0], where[1], reward)

    def on_ack(self, ack: ContentAck) -> None:
        where = self._content_session.get(ack.content_id)
        if where is not None:
            self.store.log_ack(where[0], ack)

    def on_session_end(self, agent_id: int) -> None:
        self._agent_session.pop(agent_id, None)

    def on_close(self) -> None:
        for sid in self._sessions - self._ended:
            self.store.end_session(sid, "trainer stopped")


class OffPath:
    """Runs a slow watcher (SQLite writes, console printing) on its own thread.

    The Director calls watchers on the exchange path, while the scene's main thread waits; this
    wrapper only enqueues the call there. Calls reach the wrapped watcher in order; nothing is
    dropped (a full queue makes the exchange wait rather than lose a record), a watcher that
    raises is logged and keeps receiving later calls, and ``on_close`` drains the queue first.
    """

    HOOKS = ("on_content", "on_feedback", "on_reward", "on_ack", "on_session_end")

    def __init__(self, watcher: object, max_queued: int = 100_000) -> None:
        self.watcher = watcher
        self._queue: queue.Queue = queue.Queue(max_queued)
        self.failures = 0
        for hook in self.HOOKS:
            if getattr(watcher, hook, None) is not None:
                setattr(self, hook, self._enqueuer(hook))
        self._thread = threading.Thread(target=self._drain, name=f"watch-{type(watcher).__name__}", daemon=True)
        self._thread.start()

    def _enqueuer(self, hook: str) -> Callable[..., None]:
        def call(*args) -> None:
            self._queue.put((hook, args))
        return call

    def _drain(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            hook, args = item
            try:
                getattr(self.watcher, hook)(*args)
            except Exception:  # one bad record must not silence the rest of the session
                self.failures += 1
                log.exception("%s.%s failed", type(self.watcher).__name__, hook)

    def on_close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        close = getattr(self.watcher, "on_close", None)
        if close is not None:
            close()


MIN_DEFAULT_VALIDITY = 0.5
"""A shipped generator below this validity before repair is not used by default (see make_source)."""


def make_source(kind: str, generator: str | None = None) -> ContentSource:
    """``generator``: a checkpoint path, ``"procedural"``, or None for the shipped default of ``kind``
    (the procedural source when none ships, or when the shipped one's measured validity is below
    ``MIN_DEFAULT_VALIDITY``)."""
    if generator == "procedural":
        return ProceduralSource(kind)
    from python_bridge.errors import CheckpointError
    from python_bridge.generators.generator import load_generator
    from python_bridge.generators.registry import default_generator

    if generator is not None:
        return GeneratorSource(load_generator(generator, kind=kind))
    try:
        model = default_generator(kind)
    except CheckpointError as exc:
        log.warning("no trained %s generator (%s); using the procedural corpus source", kind, exc)
        return ProceduralSource(kind)
    # A shipped model whose samples mostly break the kind's rules would have the comfort guard
    # block nearly everything: use the procedural source instead, and say so.
    validity = model.meta.get("eval", {}).get("validity_before_repair")
    if validity is not None and validity < MIN_DEFAULT_VALIDITY:
        log.warning("the shipped %s %s makes valid content %.0f%% of the time before repair (measured at "
                    "shipping); using the procedural %s source. Pass --generator PATH to use a model anyway.",
                    kind, model.model_name, 100 * validity, kind)
        return ProceduralSource(kind)
    return GeneratorSource(model)
