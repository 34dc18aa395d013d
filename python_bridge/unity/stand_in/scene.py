"""The stand-in's scene: director agents, content slots, simulated players, and what a headset would report.

One director agent per simulated player (ML-Agents "areas"). Every decision step the scene
clock advances ``step_s`` seconds; each agent requests a decision (the cadence that keeps
side channels flowing). Content arrives on the content channel in chunks, is reassembled,
validated by the content registry and applied to the agent's slot ``director-<agent id>``, or
rejected with the failed rule. The player then experiences it: the feedback events it
produces are released when the scene clock reaches their timestamps, batched on the
feedback channel, and summarised in the agent's 8-float observation (docs/ARCHITECTURE.md).
A rating ends the experience (decision reason 1). A session ends after
``contents_per_session`` experienced contents; the next player of the population takes over.
"""
from __future__ import annotations

import logging
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from mlagents_envs.communicator_objects.agent_info_pb2 import AgentInfoProto
from mlagents_envs.communicator_objects.brain_parameters_pb2 import ActionSpecProto, BrainParametersProto
from mlagents_envs.communicator_objects.command_pb2 import RESET
from mlagents_envs.communicator_objects.observation_pb2 import NONE, ObservationProto
from mlagents_envs.communicator_objects.unity_rl_output_pb2 import UnityRLOutputProto
from mlagents_envs.side_channel.incoming_message import IncomingMessage

from python_bridge.names import DEFAULT_KIND
from python_bridge.content.registry import get_kind, kind_for_proto
from python_bridge.errors import BridgeError
from python_bridge.players.families import spec_of
from python_bridge.players.protocol import PopulationError, check_events, make_players
from python_bridge.protocol import ChunkAssembler, pb
from python_bridge.protocol.convert import ack_to_pb, batch_to_pb
from python_bridge.types import ContentAck, FeedbackEvent
from python_bridge.unity.channels import ACK_CHANNEL_ID, CONTENT_CHANNEL_ID, FEEDBACK_CHANNEL_ID
from python_bridge.unity.spec import ACTION_SIZE, BEHAVIOR_NAME, OBSERVATION_SIZE, SEED_PARAMETER, Obs
from python_bridge.unity.stand_in.peer import pack_side_channel, unpack_side_channel

log = logging.getLogger(__name__)

ENV_PARAMS_CHANNEL_ID = uuid.UUID("534c891e-810f-11ea-a9d0-822485860400")  # ML-Agents' own
ANALYTICS_CHANNEL_ID = uuid.UUID("b664a4a9-d86f-5a5f-95cb-e8353a7e8356")   # ML-Agents' own


@dataclass
class SceneConfig:
    """Every knob of the stand-in scene."""

    kind: str = DEFAULT_KIND
    """content kind the scene shows (rooms, textures, terrain, characters)"""
    agents: int = 1
    """director agents, one simulated player each"""
    step_s: float = 1.0
    """scene seconds per decision step"""
    contents_per_session: int = 20
    """experienced contents after which a player's session (the agent's episode) ends"""
    population_seed: int = 0
    """seed of the simulated player population"""
    population_size: int = 64
    """players in the population; sessions cycle through them"""
    population: str = spec_of("ideal_point")
    """the population's spec (``FILE.py:FACTORY`` or ``package.module:FACTORY``, docs/players.md)"""


@dataclass
class SceneStats:
    feedback_sent: int = 0
    content_applied: int = 0
    content_rejected: int = 0
    acks_sent: int = 0
    """acks that went out; content applied on the very last step is acked never (the scene left)"""
    chunks_received: int = 0
    dropped: Counter = field(default_factory=Counter)


@dataclass
class _Agent:
    agent_id: int
    player: Any
    session_id: str
    session_start: float
    content_id: str = ""
    applied_at: float = 0.0
    pending: list[FeedbackEvent] = field(default_factory=list)
    experienced: int = 0
    done: bool = False
    # Since the last applied content (the observation):
    dwell_s: float = 0.0
    last_rating: float = -1.0
    interactions: int = 0
    discomfort: float = 0.0
    speed_sum: float = 0.0
    speed_n: int = 0
    reason: float = 0.0


class SimScene:
    """A Scene (see peer.py) with simulated players; the stand-in for a Unity VR scene."""

    def __init__(self, config: SceneConfig):
        self.config = config
        self.kind = get_kind(config.kind)
        self.population = make_players(config.population, config.population_size, config.population_seed, config.kind)
        self.stats = SceneStats()
        self.clock = 0.0
        self._assembler = ChunkAssembler()
        self._agents: list[_Agent] = []
        self._outgoing_events: list[FeedbackEvent] = []
        self._outgoing_acks: list[ContentAck] = []
        self._sessions = 0
        self._rng = np.random.default_rng(config.population_seed)
        self._seed_parameter: float | None = None
        self._player_offset = 0
        self._next_agent_id = 0

    # -- Scene protocol ------------------------------------------------------------------
    def brain_parameters(self) -> list[BrainParametersProto]:
        return [BrainParametersProto(
            brain_name=BEHAVIOR_NAME, is_training=True,
            action_spec=ActionSpecProto(num_continuous_actions=ACTION_SIZE, num_discrete_actions=0),
        )]

    def _reset(self, seed: int) -> None:
        self._rng = np.random.default_rng(seed)
        self._sessions = 0
        self.clock = 0.0
        self._assembler = ChunkAssembler()
        self._outgoing_events.clear()
        self._outgoing_acks.clear()
        # Which players take part is part of the seeded episode, so reset(seed) is reproducible.
        self._player_offset = int(self._rng.integers(len(self.population)))
        # Ids start over so that reset(seed) replays exactly (Unity keeps an agent's id through a
        # reset; only the end of an episode draws a new one, see _new_session).
        self._next_agent_id = 0
        self._agents = [self._new_session() for _ in range(self.config.agents)]

    def step(self, rl_input, reset_seed: int) -> None:
        self._receive(rl_input.side_channel)
        if rl_input.command == RESET:
            # A seed the trainer sent (gymnasium's reset(seed=...)) wins over the default.
            self._reset(int(self._seed_parameter) if self._seed_parameter is not None else reset_seed)
            self._seed_parameter = None
            return
        self.clock += self.config.step_s
        for i, agent in enumerate(self._agents):
            if agent.done:  # the episode ended on the previous step: next player, under a new id
                self._agents[i] = agent = self._new_session()
            self._release_events(agent)

    def collect(self, out: UnityRLOutputProto) -> None:
        infos = out.agentInfos[BEHAVIOR_NAME].value
        for agent in self._agents:
            obs = ObservationProto(shape=[OBSERVATION_SIZE], compression_type=NONE, name="FeedbackSummary")
            obs.float_data.data.extend(self._observation(agent))
            infos.add(id=agent.agent_id, reward=0.0, done=agent.done, max_step_reached=False,
                      observations=[obs])
            agent.reason = 0.0
        messages: list[tuple[uuid.UUID, bytes]] = []
        if self._outgoing_events:
            messages.append((FEEDBACK_CHANNEL_ID, batch_to_pb(self._outgoing_events).SerializeToString()))
            self.stats.feedback_sent += len(self._outgoing_events)
            self._outgoing_events = []
        for ack in self._outgoing_acks:
            messages.append((ACK_CHANNEL_ID, ack_to_pb(ack).SerializeToString()))
        self.stats.acks_sent += len(self._outgoing_acks)
        self._outgoing_acks = []
        out.side_channel = pack_side_channel(messages)

    # -- inside the scene ----------------------------------------------------------------
    def _new_session(self) -> _Agent:
        # The id on the wire is the agent's episode id: ML-Agents' Agent.cs draws a new one from
        # EpisodeIdCounter when an episode ends, so every session is a new agent id to Python.
        agent_id = self._next_agent_id
        self._next_agent_id += 1
        player = self.population[(self._player_offset + self._sessions) % len(self.population)]
        self._sessions += 1
        session_id = f"s-{self._sessions:05d}-{agent_id}"
        agent = _Agent(agent_id=agent_id, player=player, session_id=session_id, session_start=self.clock)
        self._outgoing_events.append(player.session_start(self.clock, session_id))
        return agent

    def _receive(self, blob: bytes) -> None:
        for channel_id, payload in unpack_side_channel(blob):
            if channel_id == CONTENT_CHANNEL_ID:
                self._receive_chunk(payload)
            elif channel_id == ENV_PARAMS_CHANNEL_ID:
                self._receive_parameter(payload)
            elif channel_id == ANALYTICS_CHANNEL_ID:
                pass  # the trainer's analytics hello; Unity only logs it
            else:
                self.stats.dropped["unknown_channel"] += 1
                log.warning("unknown side channel %s from the trainer", channel_id)

    def _receive_parameter(self, payload: bytes) -> None:
        msg = IncomingMessage(payload)
        key, _type, value = msg.read_string(), msg.read_int32(), msg.read_float32()
        if key == SEED_PARAMETER:
            self._seed_parameter = value

    def _receive_chunk(self, payload: bytes) -> None:
        self.stats.chunks_received += 1
        chunk = pb.ContentChunk()
        try:
            chunk.ParseFromString(payload)
            message = self._assembler.add(chunk)
        except Exception as exc:  # DecodeError or MessageError: reject, as the scene would
            self.stats.dropped["bad_chunk"] += 1
            self._reject(chunk.content_id or "?", f"bad chunk: {exc}")
            return
        if message is not None:
            self._apply(message)

    def _reject(self, content_id: str, reason: str) -> None:
        self.stats.content_rejected += 1
        self._outgoing_acks.append(ContentAck(content_id, applied=False, reason=reason, timestamp_s=self.clock))

    def _apply(self, message: pb.ContentMessage) -> None:
        t0 = time.perf_counter()
        agent = next((a for a in self._agents if message.slot == f"director-{a.agent_id}"), None)
        if agent is None:
            self._reject(message.content_id, f"unknown slot {message.slot!r}; slots are director-<agent id>")
            return
        try:
            kind = kind_for_proto(message.kind)
            if kind.name != self.kind.name:
                raise BridgeError(f"this scene shows {self.kind.name}, not {kind.name}")
            content = kind.from_proto(message)
            report = kind.validate(content.data)
        except (BridgeError, ValueError) as exc:
            self._reject(message.content_id, str(exc))
            return
        if not report.valid:
            f = report.failures[0]
            self._reject(message.content_id, f"invalid: rule {f.rule} failed at {f.where}: {f.detail}")
            return
        # Each show draws from its own stream (player, session, show), so what a player reports
        # does not depend on when the trainer's content happened to arrive: a seed replays exactly.
        rng = np.random.default_rng([self.config.population_seed, agent.agent_id, agent.experienced,
                                     int.from_bytes(agent.player.player_id.encode()[-6:], "little")])
        try:
            events = check_events(self.config.population, agent.player, agent.player.experience(
                content.content_id, content.data, message.slot, self.clock, rng), content.content_id)
        except PopulationError:
            raise
        except Exception as exc:  # the population's own code failed: stop with its name and the fault
            raise PopulationError(f"population {self.config.population!r}: player {agent.player.player_id} raised "
                                  f"{type(exc).__name__} in experience(): {exc}") from exc
        # Whatever the player had not yet reported about the previous content is lost, as in VR.
        agent.pending = sorted(events, key=lambda e: e.timestamp_s)
        agent.content_id, agent.applied_at = content.content_id, self.clock
        agent.dwell_s = agent.speed_sum = agent.discomfort = 0.0
        agent.interactions = agent.speed_n = 0
        agent.last_rating = -1.0
        self.stats.content_applied += 1
        self._outgoing_acks.append(ContentAck(content.content_id, applied=True, timestamp_s=self.clock,
                                              apply_ms=(time.perf_counter() - t0) * 1000.0))

    def _release_events(self, agent: _Agent) -> None:
        released = False
        while agent.pending and agent.pending[0].timestamp_s <= self.clock:
            released = True
            ev = agent.pending.pop(0)
            ev = _with_session(ev, agent.session_id)
            self._outgoing_events.append(ev)
            if ev.kind == "gaze_dwell":
                agent.dwell_s += ev.value
            elif ev.kind == "interaction":
                agent.interactions += 1
            elif ev.kind == "comfort":
                agent.discomfort = max(agent.discomfort, ev.value)
            elif ev.kind == "locomotion":
                agent.speed_sum += ev.value
                agent.speed_n += 1
            elif ev.kind == "rating":
                agent.last_rating = ev.value
        if released and not agent.pending:
            # The player has seen all they will of this content (rated or not): ask for more.
            agent.reason = 1.0
            agent.experienced += 1
        if agent.experienced >= self.config.contents_per_session and not agent.pending:
            agent.done = True
            self._outgoing_events.append(
                agent.player.session_end(self.clock, agent.session_start))

    def _observation(self, agent: _Agent) -> list[float]:
        obs = [0.0] * OBSERVATION_SIZE
        obs[Obs.SECONDS_SINCE_CONTENT] = self.clock - agent.applied_at if agent.content_id else 0.0
        obs[Obs.GAZE_DWELL_S] = agent.dwell_s
        obs[Obs.LAST_RATING] = agent.last_rating
        obs[Obs.INTERACTIONS] = float(agent.interactions)
        obs[Obs.DISCOMFORT_MAX] = agent.discomfort
        obs[Obs.MEAN_SPEED] = agent.speed_sum / agent.speed_n if agent.speed_n else 0.0
        obs[Obs.CONTENT_PENDING] = 1.0 if agent.pending or not agent.content_id else 0.0
        obs[Obs.DECISION_REASON] = agent.reason
        return obs


def _with_session(ev: FeedbackEvent, session_id: str) -> FeedbackEvent:
    if ev.session_id == session_id:
        return ev
    from dataclasses import replace

    return replace(ev, session_id=session_id)
