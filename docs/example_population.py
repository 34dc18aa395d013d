"""A complete example population for `--population docs/example_population.py:make_players` (docs/players.md).

Players who like textures of a certain warmth and busy-ness: each judges the raw RGB array it is
shown with its own two features, rates on a 5-point scale, and looks longer at what it likes.
Copy this file and change ``_liking`` to model your own players.
"""
from __future__ import annotations

import hashlib

import numpy as np

from python_bridge.types import FeedbackEvent


def _features(item: np.ndarray) -> np.ndarray:
    """Warmth (red minus blue) and busy-ness (mean gradient) of any item array, about in [0, 1]."""
    x = np.asarray(item, dtype=np.float64)
    if x.ndim == 3 and x.shape[-1] == 3:  # an RGB texture
        warmth = 0.5 + (x[..., 0] - x[..., 2]).mean() / 255.0
        lum = x.mean(axis=-1) / 255.0
    else:  # any other kind: a grey image or vector of numbers
        lum = (x - x.min()) / (np.ptp(x) + 1e-9)
        warmth = float(lum.mean())
    grads = np.abs(np.diff(lum, axis=0)).mean() if lum.ndim >= 2 else np.abs(np.diff(lum)).mean()
    return np.array([warmth, min(1.0, 5.0 * float(grads))])


class ExamplePlayer:
    """One person: a liked (warmth, busy-ness) point and a personal way of rating."""

    def __init__(self, player_id: str, liked: np.ndarray, harshness: float) -> None:
        self.player_id = player_id
        self.liked, self.harshness = liked, harshness
        self.session_id = ""

    def _liking(self, item: np.ndarray) -> float:
        return float(np.exp(-0.5 * np.sum((_features(item) - self.liked) ** 2) / 0.2**2))

    # -- the protocol ---------------------------------------------------------------------
    def session_start(self, t0: float, session_id: str) -> FeedbackEvent:
        self.session_id = session_id
        return FeedbackEvent("session_start", self.player_id, session_id, t0, detail="example-headset")

    def experience(self, content_id: str, item: np.ndarray, slot: str, t0: float,
                   rng: np.random.Generator) -> list[FeedbackEvent]:
        u = self._liking(item)
        dwell = 6.0 * (0.25 + u) * rng.lognormal(0.0, 0.3)
        stars = int(np.clip(np.round(4 * (u - self.harshness) + rng.normal(0, 0.4)), 0, 4))
        return [
            FeedbackEvent("gaze_dwell", self.player_id, self.session_id, t0 + dwell, content_id=content_id,
                          element_id=f"{content_id}/element/0", value=float(dwell)),
            FeedbackEvent("rating", self.player_id, self.session_id, t0 + dwell + 1.0, content_id=content_id,
                          value=stars / 4.0),
        ]

    def session_end(self, t: float, t_start: float, reason: str = "done") -> FeedbackEvent:
        return FeedbackEvent("session_end", self.player_id, self.session_id, t, value=max(0.0, t - t_start), detail=reason)

    def utility(self, item: np.ndarray, decision: int | None = None) -> float:
        """Noise-free liking in [0, 1]: only the evaluation reads it, never a policy."""
        return self._liking(item)


def make_players(n: int, seed: int, kind: str) -> list[ExamplePlayer]:
    """The factory: ``n`` players, the same for the same ``(seed, kind)``."""
    rng = np.random.default_rng(seed)
    return [ExamplePlayer("p-" + hashlib.sha256(f"example:{kind}:{seed}:{i}".encode()).hexdigest()[:12],
                          rng.uniform(0.2, 0.8, size=2), float(rng.uniform(-0.1, 0.2))) for i in range(n)]
