"""Simulated players: hidden preferences over a content kind's descriptors, and the feedback events they emit.

A ``SimulatedPlayer`` stands in for a person wearing a headset. It sees the *descriptors* of the
content it is shown (the kind's ``descriptor_names``, in the kind's ``descriptor_ranges``), never
the content itself, and answers with exactly the ``FeedbackEvent`` records a scene would send.

Hidden model (descriptors normalised to ``x in [0, 1]^d`` with the kind's ranges):

- appeal      ``exp(-0.5 * mean_i w_i (x_i - c_i)^2 / s^2)``: ideal point ``c``, per-descriptor
              importance ``w`` (mean 1), taste width ``s`` (an RMS distance, so it means the same
              for kinds with few or many descriptors);
- comfort     for each comfort axis (``"high"``: too much is bad, e.g. terrain roughness;
              ``"low"``: too little is bad, e.g. room openness) discomfort grows linearly past a
              per-player threshold and saturates at 1 ``comfort_span`` later; the worst axis counts,
              ``penalty = comfort_sensitivity * discomfort``;
- stationary utility ``u(x) = clip(appeal - penalty, 0, 1)``: what ``expected_utility`` returns and
              what an oracle maximises;
- fatigue     content close to what was shown recently in this session is liked less
              (``fatigue_rate`` times a similarity-weighted, decaying sum over the last shows);
- novelty     novelty seekers like content far from everything shown this session a bit more;
- ratings     ``clip(u + novelty - fatigue + rating_bias + N(0, rating_noise^2), 0, 1)``, optionally
              quantised to a k-point scale; some content goes unrated.

Dwell, interactions and locomotion pace all rise with the same (history-dependent) utility, so
every channel carries signal, each with its own noise.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Mapping, Sequence

import numpy as np

from python_bridge.types import FeedbackEvent

# Keywords that mark a descriptor as a comfort axis when the kind does not say so itself.
# "high": discomfort past an upper threshold; "low": discomfort below a lower threshold.
_COMFORT_HIGH_WORDS = ("rough", "steep", "slope", "enclos", "clutter", "flicker", "contrast", "height_range")
_COMFORT_LOW_WORDS = ("open", "width", "spacious", "clearance")

INTERACTION_KINDS: tuple[str, ...] = ("hover", "select", "activate")


def pseudonymous_id(seed_material: str, salt: str = "vrbridge-sim") -> str:
    """``"p-" + 12 hex`` of a salted SHA-256: a stable id that reveals nothing about its source."""
    return "p-" + hashlib.sha256(f"{salt}:{seed_material}".encode()).hexdigest()[:12]


def infer_comfort_axes(descriptor_names: Sequence[str]) -> dict[str, str]:
    """Guess comfort axes from descriptor names: ``{name: "high" | "low"}`` (see module keywords)."""
    axes: dict[str, str] = {}
    for name in descriptor_names:
        low = name.lower()
        if any(w in low for w in _COMFORT_HIGH_WORDS):
            axes[name] = "high"
        elif any(w in low for w in _COMFORT_LOW_WORDS):
            axes[name] = "low"
    return axes


@dataclass(frozen=True)
class PlayerTraits:
    """The hidden parameters of one simulated player (``d`` = number of descriptors).

    Everything is in normalised descriptor units (``[0, 1]`` per descriptor).
    """

    ideal: np.ndarray
    """``(d,)`` the content this player likes most, normalised."""
    importance: np.ndarray
    """``(d,)`` how much each descriptor matters (mean 1)."""
    taste_width: float = 0.2
    """``s``: RMS distance from the ideal at which appeal falls to ``exp(-0.5)``."""
    comfort_thresholds: Mapping[str, float] = field(default_factory=dict)
    """Per comfort axis: normalised level past which discomfort starts."""
    comfort_sensitivity: float = 0.8
    """Utility lost at full discomfort."""
    comfort_span: float = 0.25
    """Normalised distance past the threshold at which discomfort saturates at 1."""
    fatigue_rate: float = 0.12
    """Utility lost per very similar recent show (decays with age)."""
    fatigue_memory: float = 0.6
    """Per-show decay of fatigue from older content."""
    novelty_seeking: float = 0.05
    """Utility gained by content far from everything shown this session."""
    rating_noise: float = 0.08
    """Standard deviation of rating noise."""
    rating_bias: float = 0.0
    """Harsh (< 0) or lenient (> 0) rater."""
    rating_levels: int = 0
    """Quantise ratings to this many levels (0: continuous)."""
    rating_prob: float = 0.9
    """Chance the player rates a piece of content at all."""
    dwell_scale_s: float = 6.0
    """Typical total gaze dwell (s) on content of utility 1."""
    interactivity: float = 3.0
    """Expected interactions with content of utility 1."""
    pace_mps: float = 1.0
    """Typical walking speed (m/s)."""
    archetype: int = -1
    """Which population archetype this player was drawn from (-1: none); for analysis only."""


class SimulatedPlayer:
    """One simulated person: hidden traits, a session clock, and the events they send.

    Args:
        player_id: pseudonymous id (``"p-" + 12 hex``), never a name.
        descriptor_names: ``(d,)`` names, in the order of the descriptor vectors passed in.
        descriptor_ranges: ``{name: (lo, hi)}`` raw ranges used to normalise to ``[0, 1]``.
        traits: hidden parameters, normalised units.
        comfort_axes: ``{name: "high" | "low"}``; defaults to ``infer_comfort_axes``.
    """

    def __init__(
        self,
        player_id: str,
        descriptor_names: Sequence[str],
        descriptor_ranges: Mapping[str, tuple[float, float]],
        traits: PlayerTraits,
        comfort_axes: Mapping[str, str] | None = None,
    ) -> None:
        self.player_id = player_id
        self.descriptor_names = tuple(descriptor_names)
        d = len(self.descriptor_names)
        missing = [n for n in self.descriptor_names if n not in descriptor_ranges]
        if missing:
            raise ValueError(f"descriptor_ranges lacks {missing}; pass (lo, hi) for every descriptor name")
        lo_hi = np.array([descriptor_ranges[n] for n in self.descriptor_names], dtype=np.float64)
        self._lo, self._span = lo_hi[:, 0], np.maximum(lo_hi[:, 1] - lo_hi[:, 0], 1e-12)
        if traits.ideal.shape != (d,) or traits.importance.shape != (d,):
            raise ValueError(f"traits.ideal and traits.importance must have shape ({d},)")
        self.traits = traits
        axes = infer_comfort_axes(self.descriptor_names) if comfort_axes is None else dict(comfort_axes)
        # (axis index, +1 for "high" / -1 for "low", threshold) for the comfort penalty.
        self._comfort = [
            (self.descriptor_names.index(n), 1.0 if how == "high" else -1.0, float(traits.comfort_thresholds.get(n, 0.8 if how == "high" else 0.2)))
            for n, how in axes.items() if n in self.descriptor_names
        ]
        self.comfort_axes = {self.descriptor_names[i]: ("high" if s > 0 else "low") for i, s, _ in self._comfort}
        self.session_id = ""
        self._history: list[np.ndarray] = []  # normalised descriptors shown this session, oldest first

    # ---------------------------------------------------------------- utility (no noise)
    def normalise(self, descriptors: np.ndarray) -> np.ndarray:
        """``(..., d)`` raw descriptors -> ``(..., d)`` in ``[0, 1]`` (clipped)."""
        x = (np.asarray(descriptors, dtype=np.float64) - self._lo) / self._span
        return np.clip(np.nan_to_num(x, nan=0.5), 0.0, 1.0)

    def denormalise(self, x: np.ndarray) -> np.ndarray:
        """``(..., d)`` normalised -> ``(..., d)`` raw descriptors."""
        return self._lo + np.asarray(x, dtype=np.float64) * self._span

    def _appeal(self, x: np.ndarray) -> np.ndarray:
        t = self.traits
        return np.exp(-0.5 * np.mean(t.importance * (x - t.ideal) ** 2, axis=-1) / t.taste_width**2)

    def discomfort(self, descriptors: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """Discomfort in ``[0, 1]`` for ``(..., d)`` raw descriptors, and the axes that cause it (last item)."""
        x = self.normalise(descriptors)
        worst = np.zeros(x.shape[:-1])
        reasons: list[str] = []
        for i, sign, thr in self._comfort:
            excess = np.clip(sign * (x[..., i] - thr) / self.traits.comfort_span, 0.0, 1.0)
            worst = np.maximum(worst, excess)
            if np.ndim(excess) == 0 and excess > 0:
                reasons.append(f"{self.descriptor_names[i]}_{'high' if sign > 0 else 'low'}")
        return worst, reasons

    def expected_utility(self, descriptors: np.ndarray) -> float | np.ndarray:
        """True mean reward of content with these raw descriptors, noise- and history-free, in ``[0, 1]``.

        ``descriptors``: ``(d,)`` -> float, or ``(N, d)`` -> ``(N,)`` array.
        """
        x = self.normalise(descriptors)
        disc, _ = self.discomfort(descriptors)
        u = np.clip(self._appeal(x) - self.traits.comfort_sensitivity * disc, 0.0, 1.0)
        return float(u) if np.ndim(u) == 0 else u

    def ideal_point(self) -> np.ndarray:
        """``(d,)`` the appeal peak in raw descriptor units (may lie past a comfort limit)."""
        return self.denormalise(self.traits.ideal)

    def oracle_descriptors(self, iters: int = 6, grid: int = 41) -> np.ndarray:
        """``(d,)`` raw descriptors maximising ``expected_utility`` over the whole descriptor box.

        Coordinate search on a shrinking grid, started from the ideal point pulled inside the comfort
        limits; exact enough for an oracle since utility is smooth and unimodal per axis.
        """
        x = self.traits.ideal.copy()
        for i, sign, thr in self._comfort:
            x[i] = min(x[i], thr) if sign > 0 else max(x[i], thr)
        best = float(self.expected_utility(self.denormalise(x)))
        ideal_u = float(self.expected_utility(self.ideal_point()))
        if ideal_u > best:
            x, best = self.traits.ideal.copy(), ideal_u
        half = 0.5
        for _ in range(iters):
            for i in range(x.size):
                cand = np.repeat(x[None], grid, axis=0)
                cand[:, i] = np.clip(x[i] + np.linspace(-half, half, grid), 0.0, 1.0)
                u = self.expected_utility(self.denormalise(cand))
                k = int(np.argmax(u))
                if u[k] > best:
                    best, x = float(u[k]), cand[k]
            half /= 4.0
        return self.denormalise(x)

    # ---------------------------------------------------------------- history effects
    def _fatigue_and_novelty(self, x: np.ndarray) -> tuple[float, float]:
        if not self._history:
            return 0.0, self.traits.novelty_seeking
        past = np.stack(self._history[::-1])  # newest first
        dist = np.sqrt(np.mean((past - x) ** 2, axis=1))
        similarity = np.exp(-0.5 * (dist / 0.1) ** 2)
        ages = self.traits.fatigue_memory ** np.arange(len(past))
        fatigue = self.traits.fatigue_rate * float(np.sum(similarity * ages))
        novelty = self.traits.novelty_seeking * float(min(1.0, dist.min() / 0.3))
        return min(fatigue, 0.5), novelty

    def momentary_utility(self, descriptors: np.ndarray) -> float:
        """Utility right now, with this session's fatigue and novelty (no noise, no state change)."""
        x = self.normalise(descriptors)
        fatigue, novelty = self._fatigue_and_novelty(x)
        return float(np.clip(self.expected_utility(descriptors) + novelty - fatigue, 0.0, 1.0))

    # ---------------------------------------------------------------- events
    def _event(self, kind: str, t: float, **kw: object) -> FeedbackEvent:
        return FeedbackEvent(kind=kind, player_id=self.player_id, session_id=self.session_id, timestamp_s=float(t), **kw)  # type: ignore[arg-type]

    def session_start(self, t0: float, session_id: str, device: str = "sim-headset") -> FeedbackEvent:
        """Begin a session at scene time ``t0``: fatigue and novelty memory start empty."""
        self.session_id = session_id
        self._history = []
        return self._event("session_start", t0, value=0.0, detail=device)

    def session_end(self, t: float, t_start: float = 0.0, reason: str = "done") -> FeedbackEvent:
        """End the session at scene time ``t``; ``value`` is the session length in seconds."""
        return self._event("session_end", t, value=max(0.0, float(t - t_start)), detail=reason)

    def experience(
        self, content_id: str, descriptors: np.ndarray, t0: float, rng: np.random.Generator
    ) -> list[FeedbackEvent]:
        """Live with one piece of content from scene time ``t0``; return its events, in time order.

        ``descriptors``: ``(d,)`` raw descriptor values of the content shown. Emits gaze_dwell per
        element (``f"{content_id}/element/{k}"``), hover/select/activate interactions, a comfort
        report when past a comfort limit, one locomotion summary and (usually) a rating last.
        """
        t = self.traits
        desc = np.asarray(descriptors, dtype=np.float64)
        x = self.normalise(desc)
        fatigue, novelty = self._fatigue_and_novelty(x)
        disc, reasons = self.discomfort(desc)
        u = float(np.clip(self.expected_utility(desc) + novelty - fatigue, 0.0, 1.0))
        self._history.append(x)
        self._history = self._history[-8:]

        events: list[FeedbackEvent] = []
        clock = float(t0)
        # Gaze: a few elements catch the eye; liked content holds it longer.
        n_elements = int(rng.integers(2, 6))
        shares = rng.dirichlet(np.ones(n_elements))
        total_dwell = t.dwell_scale_s * (0.25 + u) * float(rng.lognormal(0.0, 0.25))
        for k in range(n_elements):
            dwell = float(total_dwell * shares[k])
            clock += dwell + float(rng.uniform(0.05, 0.4))
            events.append(self._event("gaze_dwell", clock, content_id=content_id, element_id=f"{content_id}/element/{k}", value=dwell))
        # Interactions: count grows with utility; deeper interactions (activate) need more liking.
        n_inter = int(rng.poisson(t.interactivity * u))
        for _ in range(n_inter):
            p = np.array([1.0, 0.6 + u, 0.2 + 1.5 * u])
            detail = INTERACTION_KINDS[int(rng.choice(3, p=p / p.sum()))]
            held = float(rng.gamma(2.0, 0.3 + 0.5 * u))
            clock += held + float(rng.uniform(0.1, 0.5))
            k = int(rng.integers(0, n_elements))
            events.append(self._event("interaction", clock, content_id=content_id, element_id=f"{content_id}/element/{k}", value=held, detail=detail))
        # Comfort: reported (noisily) once past a comfort limit.
        if disc > 0.05:
            clock += float(rng.uniform(0.2, 1.0))
            level = float(np.clip(disc + rng.normal(0.0, 0.05), 0.0, 1.0))
            events.append(self._event("comfort", clock, content_id=content_id, value=level, detail=",".join(reasons) or "unspecified"))
        # Locomotion: one summary over the window; discomfort slows people down.
        window = clock - float(t0) + 1.0
        speed = max(0.0, t.pace_mps * (0.6 + 0.6 * u - 0.4 * float(disc)) * float(rng.lognormal(0.0, 0.15)))
        clock += 0.5
        events.append(self._event(
            "locomotion", clock, content_id=content_id, value=speed,
            extra={"distance_m": speed * window, "turn_rate_dps": float(rng.uniform(10, 40)) * (1.0 + float(disc)), "window_s": window},
        ))
        # Rating last, as in a scene that asks after the player has looked around.
        if rng.random() < t.rating_prob:
            r = float(np.clip(u + t.rating_bias + rng.normal(0.0, t.rating_noise), 0.0, 1.0))
            if t.rating_levels > 1:
                r = round(r * (t.rating_levels - 1)) / (t.rating_levels - 1)
            clock += float(rng.uniform(0.5, 2.0))
            events.append(self._event("rating", clock, content_id=content_id, value=r))
        return events

    def with_traits(self, **changes: object) -> "SimulatedPlayer":
        """A copy with some traits changed (e.g. ``rating_noise=0``), same id and descriptor space."""
        ranges = {n: (float(lo), float(lo + s)) for n, lo, s in zip(self.descriptor_names, self._lo, self._span)}
        return SimulatedPlayer(self.player_id, self.descriptor_names, ranges, replace(self.traits, **changes), self.comfort_axes)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return f"SimulatedPlayer({self.player_id!r}, d={len(self.descriptor_names)}, archetype={self.traits.archetype})"
