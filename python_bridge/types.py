"""The records that cross stage lines (feedback -> features -> policy -> generator -> content -> scene)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal, Mapping

import numpy as np

FeedbackKind = Literal[
    "gaze_dwell", "rating", "interaction", "comfort", "locomotion", "session_start", "session_end"
]
FEEDBACK_KINDS: tuple[str, ...] = (
    "gaze_dwell", "rating", "interaction", "comfort", "locomotion", "session_start", "session_end"
)


@dataclass(frozen=True)
class FeedbackEvent:
    """One thing the player did or said, as the scene reported it.

    ``value`` carries the event's main number:
      gaze_dwell: seconds of dwell on ``element_id``;   rating: the rating mapped to [0, 1];
      interaction: seconds held (``detail`` = hover|select|activate);
      comfort: discomfort in [0, 1] (``detail`` = reason);  locomotion: mean speed in m/s
      (``extra`` has distance_m, turn_rate_dps, window_s);  session_start: 0 (``detail`` = device);
      session_end: session length in s (``detail`` = reason).
    """

    kind: FeedbackKind
    player_id: str
    session_id: str
    timestamp_s: float
    content_id: str = ""
    element_id: str = ""
    value: float = 0.0
    detail: str = ""
    extra: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ContentAck:
    """The scene's answer to one content message: applied, or rejected with the reason."""

    content_id: str
    applied: bool
    reason: str = ""
    timestamp_s: float = 0.0
    apply_ms: float = 0.0


@dataclass(frozen=True)
class Provenance:
    """How a piece of content was made; travels with it to the scene and into the store."""

    generator: str
    checkpoint_sha256: str = ""
    latent: tuple[float, ...] = ()
    condition: tuple[float, ...] = ()
    seed: int = 0
    policy: str = ""
    created_unix_s: float = field(default_factory=time.time)


@dataclass(frozen=True)
class Content:
    """One piece of content of a registered kind.

    ``data`` shapes by kind (see python_bridge.content.registry):
      rooms: ``(H, W)`` uint8 tile classes;  textures: ``(H, W, 3)`` uint8 RGB;
      terrain: ``(H, W)`` float32 metres;  characters: ``(D,)`` float32 parameters.
    """

    kind: str
    content_id: str
    data: np.ndarray
    provenance: Provenance
    slot: str = ""
