"""Wires the stages together at run time: scene feedback -> features -> policy -> generator -> content -> scene.

``Director`` drives every director agent of one scene through a ``UnityLink``. Each exchange
is answered at once: generation runs on a worker thread and its content goes out on a later
exchange. When an agent reports that its player has experienced the current content, the
feedback about that content becomes the reward for the point that made it (``tell``), and
the feedback since the last decision becomes the context for the next point (``ask``).
Content sources live in ``sources``, watchers (store logger, console) in ``watchers``.
"""
from __future__ import annotations

import logging
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from python_bridge.content.registry import get_kind
from python_bridge.features import FeedbackFeatures, RewardWeights, reward_from_feedback
from python_bridge.policy import Policy
from python_bridge.sources import ContentSource, Proposal, ValidityRetry, propose
from python_bridge.types import Content, ContentAck, FeedbackEvent, Provenance
from python_bridge.unity.link import Decision, Exchange, UnityLink
from python_bridge.watchers import Watcher, check_watcher

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ComfortGuard:
    """Limits for a person in a headset (playtest): nothing invalid is sent, nothing changes too fast.

    ``min_seconds_between_changes`` is on the scene clock (``Obs.SECONDS_SINCE_CONTENT``); invalid
    content is never sent (the source is wrapped in ``ValidityRetry``): the policy is told it
    earned ``invalid_reward`` and asked again, up to ``max_attempts`` times, after which the last
    valid content stays.
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
    ``watchers`` (a store logger, a console, an evaluation) see the loop through the ``Watcher``
    hooks, called on the exchange path: keep them quick (or wrap them in ``OffPath``).
    """

    def __init__(self, link: UnityLink, source: ContentSource, policy_factory: Callable[[int], Policy],
                 weights: RewardWeights = RewardWeights(), policy_name: str = "", seed: int = 0,
                 watchers: Sequence[Watcher] = (), guard: ComfortGuard | None = None,
                 pool: ThreadPoolExecutor | None = None) -> None:
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
        self.watchers = [check_watcher(w) for w in watchers]
        self._retry = ValidityRetry(source, guard.max_attempts, guard.invalid_reward) if guard else None

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
        for w in self.watchers:
            w.on_close()

    # -- on the exchange path: quick -----------------------------------------------------
    def _handle(self, ex: Exchange) -> None:
        self.stats.exchanges += 1
        if ex.feedback:
            self.stats.feedback_events += len(ex.feedback)
            for w in self.watchers:
                w.on_feedback(ex.feedback)
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
        for w in self.watchers:
            w.on_ack(ack)
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
        for w in self.watchers:
            w.on_reward(agent_id, agent.content_id, agent.point, r)
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
                for w in self.watchers:
                    w.on_session_end(d.agent_id)
            return
        if agent is None:
            agent = self.agents[d.agent_id] = AgentState(agent_id=d.agent_id)
        if d.content_experienced:
            agent.experienced = True  # sent once per content: remember it across guard waits
        if agent.in_flight is not None:
            return  # content is on its way; the scene keeps running meanwhile
        if agent.content_id and not agent.experienced and agent.forced_reward is None:
            return  # the player is still experiencing the current content
        if self.guard and agent.content_id and d.seconds_since_content < self.guard.min_seconds_between_changes:
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
        made: Proposal = self._retry.propose(policy, context) if self._retry else propose(self.source, policy, context)
        self.stats.blocked_invalid += made.blocked
        if made.item is None:
            return None
        point, item = made.point, made.item
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
            for w in self.watchers:
                w.on_content(agent_id, content, context)


def _end_session(agent: AgentState, reward: float | None) -> None:
    policy = agent.policy
    if policy is None:
        return
    if reward is not None and policy.pending:
        policy.tell(reward)
    policy.reset()
