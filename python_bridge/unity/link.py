"""One Unity scene as the rest of the bridge sees it: decisions, feedback and acks in; content out.

``UnityLink`` hides mlagents_envs behind our own records. Each ``exchange()`` answers the
scene at once (the director's continuous action is the last point chosen for that agent)
and returns what the scene sent: one ``Decision`` per agent that asked, the feedback events
and the acks. Content queued with ``send()`` goes out on the following exchanges, chunked.
"""
from __future__ import annotations

import logging
import os
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from mlagents_envs.base_env import ActionTuple
from mlagents_envs.exception import UnityCommunicatorStoppedException
from mlagents_envs.side_channel.environment_parameters_channel import EnvironmentParametersChannel

from python_bridge.errors import PeerTimeoutError
from python_bridge.protocol import pb
from python_bridge.types import ContentAck, FeedbackEvent
from python_bridge.unity.channels import AckChannel, ContentChannel, FeedbackChannel
from python_bridge.unity.spec import ACTION_SIZE, BEHAVIOR_NAME, SEED_PARAMETER, Obs
from python_bridge.unity.wire import BridgeEnvironment

log = logging.getLogger(__name__)

EDITOR_PORT = 5004          # what the Unity editor connects to, as with mlagents-learn
PLAYER_BASE_PORT = 5005     # built players: base port + worker id


@dataclass(frozen=True)
class Decision:
    """An agent asking for a decision. ``observation``: ``(OBSERVATION_SIZE,)`` float32, fields named by ``Obs``."""

    agent_id: int
    observation: np.ndarray
    done: bool = False

    def value(self, name: Obs) -> float:
        return float(self.observation[name])

    @property
    def seconds_since_content(self) -> float:
        return self.value(Obs.SECONDS_SINCE_CONTENT)

    @property
    def content_experienced(self) -> bool:
        return self.value(Obs.DECISION_REASON) >= 0.5

    @property
    def content_pending(self) -> bool:
        return self.value(Obs.CONTENT_PENDING) >= 0.5


@dataclass
class Exchange:
    """What one exchange brought from the scene."""

    decisions: list[Decision] = field(default_factory=list)
    feedback: list[FeedbackEvent] = field(default_factory=list)
    acks: list[ContentAck] = field(default_factory=list)


class SceneClosed(PeerTimeoutError):
    """The scene ended the session (Play stopped, player quit)."""


class UnityLink:
    """A connection to one Unity scene (editor, built player, or the stand-in)."""

    def __init__(self, env: BridgeEnvironment, feedback: FeedbackChannel, content: ContentChannel,
                 acks: AckChannel, params: EnvironmentParametersChannel):
        self.env = env
        self.feedback_channel, self.content_channel, self.ack_channel = feedback, content, acks
        self.params = params
        self._last_action: dict[int, np.ndarray] = {}
        self._behavior = BEHAVIOR_NAME

    @classmethod
    def open(cls, *, file_name: str | os.PathLike | None = None, port: int | None = None, worker_id: int = 0,
             seed: int = 0, no_graphics: bool = True, timeout_s: float = 60, host: str = "127.0.0.1",
             additional_args: list[str] | None = None, log_folder: str | None = None,
             exchange_timeout_s: float | None = None) -> "UnityLink":
        """Listen for the editor (``file_name=None``, port 5004) or launch a built player.

        Blocks until the scene has connected and shaken hands (``timeout_s``); after that, a
        scene silent for ``exchange_timeout_s`` (default: ``timeout_s``) raises PeerTimeoutError.
        """
        feedback, content, acks = FeedbackChannel(), ContentChannel(), AckChannel()
        params = EnvironmentParametersChannel()
        if port is None:
            port = EDITOR_PORT if file_name is None else PLAYER_BASE_PORT
        env = BridgeEnvironment(
            file_name=str(file_name) if file_name is not None else None, worker_id=worker_id, base_port=port,
            seed=seed, no_graphics=no_graphics, timeout_wait=timeout_s, host=host,
            additional_args=additional_args, log_folder=log_folder,
            side_channels=[feedback, content, acks, params],
        )
        if exchange_timeout_s is not None:
            env._communicator.timeout_wait = exchange_timeout_s
        return cls(env, feedback, content, acks, params)

    @property
    def port(self) -> int:
        return self.env._port

    @property
    def reply_ms(self):
        """Per exchange, how long Python held the scene's main thread (ms)."""
        return self.env.reply_ms

    @property
    def dropped(self) -> Counter:
        """Incoming data dropped, by cause, across the wire and our channels."""
        total = Counter(self.env.dropped)
        for ch in (self.feedback_channel, self.ack_channel, self.content_channel):
            total.update({f"{type(ch).__name__}.{k}": v for k, v in ch.dropped.items()})
        return total

    def reset(self, seed: int | None = None) -> Exchange:
        """Start new sessions in the scene; with ``seed``, reproducibly (sent as an environment parameter)."""
        if seed is not None:
            self.params.set_float_parameter(SEED_PARAMETER, float(seed))
        self._last_action.clear()
        self.content_channel.message_queue = []  # content for the old sessions must not land in the new
        self._call(self.env.reset)
        return self._collect()

    def send(self, agent_id: int, message: pb.ContentMessage) -> int:
        """Queue content for agent ``agent_id``'s slot; returns the number of chunks."""
        message.slot = f"director-{agent_id}"
        return self.content_channel.send(message)

    def set_action(self, agent_id: int, point: np.ndarray) -> None:
        """The point chosen for ``agent_id`` (first 8 values become the director's action)."""
        a = np.zeros(ACTION_SIZE, np.float32)
        p = np.asarray(point, np.float32).ravel()[:ACTION_SIZE]
        a[: len(p)] = np.clip(p, -1.0, 1.0)
        self._last_action[agent_id] = a

    def exchange(self) -> Exchange:
        """Answer the scene and advance it one decision step."""
        ds, _ = self.env.get_steps(self._behavior) if self._behavior in self.env.behavior_specs else ([], None)
        if len(ds):
            actions = np.stack([self._last_action.get(int(i), np.zeros(ACTION_SIZE, np.float32)) for i in ds.agent_id])
            self.env.set_actions(self._behavior, ActionTuple(continuous=actions))
        self._call(self.env.step)
        return self._collect()

    def _call(self, fn) -> None:
        try:
            fn()
        except UnityCommunicatorStoppedException as exc:
            raise SceneClosed("the scene ended the session (Play stopped or the player quit)") from exc

    def _collect(self) -> Exchange:
        out = Exchange(feedback=self.feedback_channel.drain(), acks=self.ack_channel.drain())
        if self._behavior not in self.env.behavior_specs:
            return out
        ds, ts = self.env.get_steps(self._behavior)
        for i, agent_id in enumerate(ts.agent_id):
            out.decisions.append(Decision(int(agent_id), ts.obs[0][i].astype(np.float32), done=True))
        for i, agent_id in enumerate(ds.agent_id):
            out.decisions.append(Decision(int(agent_id), ds.obs[0][i].astype(np.float32)))
        return out

    def close(self) -> None:
        self.env.close()

    def __enter__(self) -> "UnityLink":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

