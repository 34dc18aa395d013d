"""The gymnasium environment over one Unity scene: an action is a point in a generator's latent space.

``AdaptiveContentEnv`` (one director agent, one player at a time):

- observation ``(F + D,)`` float32: the feedback features since the last decision
  (``features.FEATURE_NAMES``, F = 22) followed by the shown content's descriptors scaled to
  [0, 1] by the kind's documented ranges (D descriptors; zeros before anything was shown);
- action ``(action_dim,)`` in ``[-bound, bound]``: the point given to the content source;
- ``step``: generate content from the point (on a worker thread, while the scene keeps
  exchanging: Unity's main thread is never held for a generator), send it, let the scene run
  until the player has experienced it, and return ``reward_from_feedback`` of the feedback
  about that content (weights: ``features.RewardWeights``). ``terminated`` when the player's
  session ends; ``truncated`` after ``max_decisions``, or if the scene stops responding in
  ``max_exchanges_per_step`` exchanges.

``scene``: ``"sim"`` launches the stand-in as a built player; ``"editor"`` waits on port 5004
for Play; any other string is a path to a built Unity player.
"""
from __future__ import annotations

import logging
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import gymnasium as gym
import numpy as np

from python_bridge.names import DEFAULT_KIND
from python_bridge.content.registry import get_kind
from python_bridge.features import FEATURE_NAMES, FeedbackFeatures, RewardWeights, reward_from_feedback
from python_bridge.types import Content, Provenance
from python_bridge.unity.link import EDITOR_PORT, PLAYER_BASE_PORT, SceneClosed, UnityLink

log = logging.getLogger(__name__)


@dataclass
class EnvConfig:
    """Every knob of AdaptiveContentEnv."""

    kind: str = DEFAULT_KIND
    """content kind"""
    generator: str | None = None
    """checkpoint path, "procedural", or None for the shipped default generator of ``kind``"""
    scene: str = "sim"
    """sim (launch the stand-in) | editor (wait for Play on port 5004) | path to a built player"""
    worker_id: int = 0
    """worker index; a built player listens on base_port + worker_id"""
    base_port: int | None = None
    """default: 5004 for the editor, 5005 for players"""
    no_graphics: bool = True
    """pass -nographics -batchmode to built players"""
    timeout_s: float = 60.0
    """seconds to wait for the scene to connect or answer"""
    max_decisions: int = 20
    """decisions per episode before truncation"""
    max_exchanges_per_step: int = 200
    """exchanges to wait for the player to finish with one content before truncating"""
    bound: float = 1.0
    """the action Box is [-bound, bound]^action_dim (safe latent region)"""
    reward: RewardWeights = field(default_factory=RewardWeights)
    """reward weighting"""
    sim_args: tuple[str, ...] = ()
    """extra stand-in flags (e.g. ("--population-seed", "3"))"""
    host: str = "127.0.0.1"
    """interface the trainer listens on"""


class AdaptiveContentEnv(gym.Env):
    """Gymnasium environment: pick a latent point, the scene's player answers with feedback."""

    metadata = {"render_modes": []}

    def __init__(self, config: EnvConfig | None = None, source=None):
        from python_bridge.sources import make_source

        self.config = cfg = config or EnvConfig()
        self.source = source if source is not None else make_source(cfg.kind, cfg.generator)
        self.kind = get_kind(self.source.kind)
        lo = np.array([self.kind.descriptor_ranges[n][0] for n in self.kind.descriptor_names])
        hi = np.array([self.kind.descriptor_ranges[n][1] for n in self.kind.descriptor_names])
        self._desc_lo, self._desc_span = lo, np.where(hi > lo, hi - lo, 1.0)
        n_obs = len(FEATURE_NAMES) + len(self.kind.descriptor_names)
        # Features are counts, seconds and [0, 1] values, with -1 for "no rating yet".
        self.observation_space = gym.spaces.Box(-1.0, np.inf, (n_obs,), np.float32)
        self.action_space = gym.spaces.Box(-cfg.bound, cfg.bound, (self.source.action_dim,), np.float32)
        self._link: UnityLink | None = None
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="generate")
        self._features = FeedbackFeatures()
        self._agent_id = 0
        self._decisions = 0
        self._last_descriptors = np.zeros(len(self.kind.descriptor_names), np.float32)

    # -- connection --------------------------------------------------------------------
    def _open(self) -> UnityLink:
        cfg = self.config
        if cfg.scene == "editor":
            return UnityLink.open(port=cfg.base_port or EDITOR_PORT, timeout_s=cfg.timeout_s, host=cfg.host)
        if cfg.scene == "sim":
            from python_bridge.unity.stand_in import write_player

            self._tmp = tempfile.TemporaryDirectory(prefix="vrbridge-sim-")
            player = write_player(self._tmp.name, ["--kind", self.kind.name, "--agents", "1",
                                                   "--contents-per-session", str(cfg.max_decisions + 1),
                                                   *cfg.sim_args])
        else:
            player = cfg.scene
        return UnityLink.open(file_name=player, port=cfg.base_port or PLAYER_BASE_PORT, worker_id=cfg.worker_id,
                              no_graphics=cfg.no_graphics, timeout_s=cfg.timeout_s, host=cfg.host)

    @property
    def link(self) -> UnityLink:
        if self._link is None:
            self._link = self._open()
        return self._link

    # -- gymnasium API -----------------------------------------------------------------
    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        # Without a seed the scene still gets one from our np_random, so a seeded run stays seeded.
        scene_seed = int(self.np_random.integers(2**24))
        ex = self.link.reset(scene_seed)
        ex = self._until(lambda ex: any(not d.done for d in ex.decisions), ex)
        self._agent_id = next(d.agent_id for d in ex.decisions if not d.done)
        self._features = FeedbackFeatures()
        self._features.push(ex.feedback)
        self._decisions = 0
        self._last_descriptors = np.zeros(len(self.kind.descriptor_names), np.float32)
        return self._observation(), {"scene_seed": scene_seed}

    def step(self, action):
        point = np.clip(np.asarray(action, np.float32).reshape(self.action_space.shape),
                        -self.config.bound, self.config.bound)
        link = self.link
        # Generate off the exchange path: the scene keeps getting immediate answers meanwhile.
        future = self._pool.submit(self.source.generate, point[None, :])
        while not future.done():
            self._absorb(link.exchange())
        item = future.result()[0]
        # Ids come from the seeded generator too, so a seeded episode is reproducible to the byte.
        content_id = uuid.UUID(bytes=self.np_random.bytes(16)).hex[:16]
        content = Content(kind=self.kind.name, content_id=content_id, data=item,
                          provenance=Provenance(generator=self.source.name, latent=tuple(map(float, point)),
                                                checkpoint_sha256=self.source.checkpoint_sha256,
                                                policy="gym", created_unix_s=time.time()))
        link.send(self._agent_id, self.kind.to_proto(content))
        link.set_action(self._agent_id, point)
        self._features.pop()  # what came before this content is not feedback about it
        about, terminated, experienced, rejected = [], False, False, ""
        for _ in range(self.config.max_exchanges_per_step):
            ex = link.exchange()
            self._absorb(ex)
            about += [e for e in ex.feedback if e.content_id == content.content_id]
            for ack in ex.acks:
                if ack.content_id == content.content_id and not ack.applied:
                    rejected = ack.reason
            mine = [d for d in ex.decisions if d.agent_id == self._agent_id]
            terminated = any(d.done for d in mine)
            experienced = any(d.content_experienced for d in mine if not d.done)
            if terminated or experienced or rejected:
                break
        self._decisions += 1
        reward = -1.0 if rejected else reward_from_feedback(about, self.config.reward)
        descriptors = self.kind.descriptors(item)
        self._last_descriptors = ((descriptors - self._desc_lo) / self._desc_span).astype(np.float32)
        truncated = (self._decisions >= self.config.max_decisions) or not (terminated or experienced or rejected)
        info = {"content_id": content.content_id, "descriptors": descriptors, "rejected": rejected,
                "feedback_events": len(about)}
        return self._observation(), float(reward), bool(terminated), bool(truncated and not terminated), info

    def close(self) -> None:
        if self._link is not None:
            self._link.close()
            self._link = None
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    # -- helpers -----------------------------------------------------------------------
    def _absorb(self, ex) -> None:
        self._features.push(ex.feedback)

    def _until(self, cond, ex):
        for _ in range(self.config.max_exchanges_per_step):
            if cond(ex):
                return ex
            ex = self.link.exchange()
            self._absorb(ex)
        raise SceneClosed(f"the scene sent no decision request in {self.config.max_exchanges_per_step} exchanges")

    def _observation(self) -> np.ndarray:
        feats = self._features.pop()
        return np.concatenate([feats, self._last_descriptors]).astype(np.float32)

    @property
    def reply_ms(self):
        return self._link.reply_ms if self._link is not None else []
