"""Shipped player families: structurally different populations that see the raw content (``--population``).

Every factory here has the protocol's signature ``factory(n, seed, kind) -> list[player]`` and
can be named on the command line, e.g. ``--population python_bridge.players.families:perceptual``.
They double as personas a designer can start from. Taste and the way it shows differ per family:

- ``ideal_point``: today's model: a single-peaked taste over the kind's own descriptors, with
  comfort limits, fatigue and novelty (``SimulatedPlayer``), fed the descriptors of the item shown;
- ``perceptual``: taste over features the player computes from the raw item (colour, contrast,
  edges, frequency of a texture; openness, path depth, clutter, corridor width, lighting of a
  room), with one *or two* liked regions; Likert ratings with personal thresholds; dwell time that
  grows with visual complexity whether or not the content is liked;
- ``random_net``: taste a random smooth function (random Fourier features) of a fixed random
  convolutional network's features of the content: nothing any descriptor names;
- ``drifting``: perceptual taste whose liked region moves during the session (``drifts = True``:
  ``utility(item, decision)`` depends on the decision).

Population structure: people share tastes (a few archetypes per family, fixed by the family and
kind), individuals vary around them (``seed``). No policy imports this module.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from python_bridge.players.perception import percept, reference_items
from python_bridge.players.population import make_population
from python_bridge.players.simulated import INTERACTION_KINDS, SimulatedPlayer, pseudonymous_id
from python_bridge.types import FeedbackEvent

FAMILY_NAMES: tuple[str, ...] = ("ideal_point", "perceptual", "random_net", "drifting")
"""The shipped families, in the order reports list them."""


def spec_of(family: str) -> str:
    """The ``--population`` spec of a shipped family."""
    return f"python_bridge.players.families:{family}"


def _stable_int(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256(":".join(map(str, parts)).encode()).digest()[:8], "little")


def _kind_name(kind: object) -> str:
    return kind if isinstance(kind, str) else str(getattr(kind, "name"))


# --------------------------------------------------------------------------- how liking shows
@dataclass(frozen=True)
class Responder:
    """How one person shows what they feel: the events for a momentary utility ``u`` in [0, 1].

    ``thresholds``: a Likert rater's personal cut points (k-1 increasing values on the utility
    scale; rating = level / (k-1)); empty for a continuous rater. ``complexity_dwell``: seconds of
    extra dwell per unit of the content's visual complexity, liked or not (a confound).
    """

    thresholds: tuple[float, ...] = ()
    rating_noise: float = 0.08
    rating_prob: float = 0.9
    dwell_scale_s: float = 6.0
    complexity_dwell: float = 0.0
    interactivity: float = 3.0
    pace_mps: float = 1.0

    @staticmethod
    def draw(rng: np.random.Generator, *, ordinal: bool, confounded: bool) -> "Responder":
        levels = ()
        if ordinal:  # 5-point scale; harsh raters put the cuts high, lenient ones low
            shift = rng.normal(0.0, 0.12)
            spread = rng.uniform(0.6, 1.2)
            levels = tuple(float(np.clip(0.5 + shift + spread * (c - 0.5), 0.02, 0.98))
                           for c in (0.2, 0.4, 0.6, 0.8))
            levels = tuple(np.sort(levels))
        return Responder(thresholds=levels, rating_noise=float(rng.uniform(0.05, 0.12)),
                         rating_prob=float(rng.uniform(0.75, 0.95)), dwell_scale_s=float(rng.uniform(4.0, 9.0)),
                         complexity_dwell=float(rng.uniform(2.0, 6.0)) if confounded else 0.0,
                         interactivity=float(rng.uniform(1.5, 4.0)), pace_mps=float(rng.uniform(0.6, 1.4)))

    def events(self, player_id: str, session_id: str, content_id: str, u: float, complexity: float,
               t0: float, rng: np.random.Generator) -> list[FeedbackEvent]:
        def ev(kind: str, t: float, **kw: object) -> FeedbackEvent:
            return FeedbackEvent(kind=kind, player_id=player_id, session_id=session_id, timestamp_s=float(t),  # type: ignore[arg-type]
                                 content_id=content_id, **kw)  # type: ignore[arg-type]

        out: list[FeedbackEvent] = []
        clock = float(t0)
        n_el = int(rng.integers(2, 6))
        shares = rng.dirichlet(np.ones(n_el))
        total = (self.dwell_scale_s * (0.25 + u) + self.complexity_dwell * float(np.clip(complexity, 0, 1.5))) \
            * float(rng.lognormal(0.0, 0.3))
        for k in range(n_el):
            clock += float(total * shares[k]) + float(rng.uniform(0.05, 0.4))
            out.append(ev("gaze_dwell", clock, element_id=f"{content_id}/element/{k}", value=float(total * shares[k])))
        for _ in range(int(rng.poisson(self.interactivity * u))):
            p = np.array([1.0, 0.6 + u, 0.2 + 1.5 * u])
            held = float(rng.gamma(2.0, 0.3 + 0.5 * u))
            clock += held + float(rng.uniform(0.1, 0.5))
            out.append(ev("interaction", clock, element_id=f"{content_id}/element/{int(rng.integers(n_el))}",
                          value=held, detail=INTERACTION_KINDS[int(rng.choice(3, p=p / p.sum()))]))
        window = clock - float(t0) + 1.0
        speed = max(0.0, self.pace_mps * (0.6 + 0.6 * u) * float(rng.lognormal(0.0, 0.15)))
        clock += 0.5
        out.append(ev("locomotion", clock, value=speed,
                      extra={"distance_m": speed * window, "turn_rate_dps": float(rng.uniform(10, 40)), "window_s": window}))
        if rng.random() < self.rating_prob:
            felt = u + float(rng.normal(0.0, self.rating_noise))
            if self.thresholds:
                r = float(np.searchsorted(np.asarray(self.thresholds), felt)) / len(self.thresholds)
            else:
                r = float(np.clip(felt, 0.0, 1.0))
            clock += float(rng.uniform(0.5, 2.0))
            out.append(ev("rating", clock, value=r))
        return out


class _SessionMixin:
    """Session bookkeeping shared by the families' players (ids, session start and end)."""

    player_id: str
    session_id: str = ""
    shown: int = 0

    def session_start(self, t0: float, session_id: str) -> FeedbackEvent:
        self.session_id, self.shown = session_id, 0
        return FeedbackEvent(kind="session_start", player_id=self.player_id, session_id=session_id,
                             timestamp_s=float(t0), detail="sim-headset")

    def session_end(self, t: float, t_start: float = 0.0, reason: str = "done") -> FeedbackEvent:
        return FeedbackEvent(kind="session_end", player_id=self.player_id, session_id=self.session_id,
                             timestamp_s=float(t), value=max(0.0, float(t - t_start)), detail=reason)


# --------------------------------------------------------------------------- ideal_point
class DescriptorPlayer(_SessionMixin):
    """A ``SimulatedPlayer`` (ideal point over the kind's descriptors) behind the item protocol."""

    def __init__(self, inner: SimulatedPlayer, kind: str) -> None:
        from python_bridge.content.registry import get_kind

        self.inner, self.kind = inner, get_kind(kind)
        self.player_id = inner.player_id

    def session_start(self, t0: float, session_id: str) -> FeedbackEvent:
        self.session_id = session_id
        return self.inner.session_start(t0, session_id)

    def session_end(self, t: float, t_start: float = 0.0, reason: str = "done") -> FeedbackEvent:
        return self.inner.session_end(t, t_start, reason)

    def experience(self, content_id: str, item: np.ndarray, slot: str, t0: float,
                   rng: np.random.Generator) -> list[FeedbackEvent]:
        return self.inner.experience(content_id, self.kind.descriptors(item), t0, rng)

    def utility(self, item: np.ndarray, decision: int | None = None) -> float:
        return float(self.inner.expected_utility(self.kind.descriptors(item)))

    def utility_batch(self, items: np.ndarray, decision: int | None = None) -> np.ndarray:
        return np.asarray(self.inner.expected_utility(_descriptors_cached(self.kind, items)), dtype=np.float64)


_DESC_CACHE: dict[tuple, np.ndarray] = {}


def _descriptors_cached(kind, items: np.ndarray) -> np.ndarray:
    key = (kind.name, items.shape, hash(np.asarray(items).tobytes()))
    if key not in _DESC_CACHE:
        if len(_DESC_CACHE) > 8:
            _DESC_CACHE.clear()
        _DESC_CACHE[key] = kind.descriptors_batch(np.asarray(items))
    return _DESC_CACHE[key]


def ideal_point(n: int, seed: int, kind: str) -> list[DescriptorPlayer]:
    """Today's simulated players: one ideal point each over the kind's descriptors (``players.population``)."""
    name = _kind_name(kind)
    return [DescriptorPlayer(p, name) for p in make_population(n, seed, name)]


# --------------------------------------------------------------------------- perceptual, drifting
class BumpPlayer(_SessionMixin):
    """Taste = the best of one or more Gaussian bumps over perceived features in [0, 1]; optional drift.

    ``centres (m, k)`` liked regions, ``weights (k,)`` per-feature importance, ``width`` taste width
    (RMS), ``peaks (m,)`` how much each region is liked. With ``drift_to (k,)`` the first region
    moves linearly to ``drift_to`` over ``drift_decisions`` shows of a session.
    """

    def __init__(self, player_id: str, kind: str, which: str, centres: np.ndarray, weights: np.ndarray,
                 width: float, peaks: np.ndarray, responder: Responder, complexity_feature: int,
                 drift_to: np.ndarray | None = None, drift_decisions: int = 20) -> None:
        self.player_id, self.kind, self.which = player_id, kind, which
        self.centres, self.weights, self.width, self.peaks = centres, weights, float(width), peaks
        self.responder, self.complexity_feature = responder, complexity_feature
        self.drift_to, self.drift_decisions = drift_to, int(drift_decisions)
        self.drifts = drift_to is not None

    def _centres_at(self, decision: int | None) -> np.ndarray:
        if self.drift_to is None:
            return self.centres
        t = float(np.clip((self.shown if decision is None else decision) / max(self.drift_decisions - 1, 1), 0, 1))
        c = self.centres.copy()
        c[0] = (1 - t) * self.centres[0] + t * self.drift_to
        return c

    def _u(self, feats: np.ndarray, decision: int | None) -> np.ndarray:
        c = self._centres_at(decision)
        d2 = np.einsum("nmk,k->nm", (feats[:, None, :] - c[None]) ** 2, self.weights) / len(self.weights)
        return np.max(self.peaks[None] * np.exp(-0.5 * d2 / self.width**2), axis=1)

    def utility_batch(self, items: np.ndarray, decision: int | None = None) -> np.ndarray:
        return self._u(percept(self.kind, self.which)(np.asarray(items)), decision)

    def utility(self, item: np.ndarray, decision: int | None = None) -> float:
        return float(self.utility_batch(np.asarray(item)[None], decision)[0])

    def experience(self, content_id: str, item: np.ndarray, slot: str, t0: float,
                   rng: np.random.Generator) -> list[FeedbackEvent]:
        feats = percept(self.kind, "own")(np.asarray(item)[None])
        mine = feats if self.which == "own" else percept(self.kind, self.which)(np.asarray(item)[None])
        u = float(self._u(mine, None)[0])
        complexity = float(feats[0, self.complexity_feature])
        self.shown += 1
        return self.responder.events(self.player_id, self.session_id, content_id, u, complexity, t0, rng)


# Which perceived feature reads as "visual complexity" per kind (dwell grows with it).
_COMPLEXITY = {"textures": 4, "rooms": 2, "terrain": 2, "characters": 0}


def _bump_population(n: int, seed: int, kind: str, family: str, which: str, *, two_region_share: float,
                     drift: bool, ordinal: bool, confounded: bool) -> list[BumpPlayer]:
    kind = _kind_name(kind)
    k = percept(kind, which)(_probe(kind)).shape[1]
    world = np.random.default_rng(_stable_int(family, kind, "archetypes"))
    archetypes = world.uniform(0.1, 0.9, size=(5, k))
    rng = np.random.default_rng(_stable_int(family, kind, seed))
    players = []
    for i in range(n):
        m = 2 if rng.random() < two_region_share else 1
        picks = rng.choice(len(archetypes), size=m, replace=False)
        centres = np.clip(archetypes[picks] + rng.normal(0, 0.1, size=(m, k)), 0.0, 1.0)
        weights = rng.lognormal(0.0, 0.6, size=k)
        weights = weights / weights.mean()
        peaks = np.ones(m) if m == 1 else np.array([1.0, rng.uniform(0.8, 1.0)])
        drift_to = np.clip(archetypes[rng.integers(len(archetypes))] + rng.normal(0, 0.1, size=k), 0, 1) if drift else None
        players.append(BumpPlayer(
            pseudonymous_id(f"{family}:{kind}:{seed}:{i}"), kind, which, centres, weights,
            float(rng.uniform(0.18, 0.3)), peaks, Responder.draw(rng, ordinal=ordinal, confounded=confounded),
            _COMPLEXITY.get(kind, 0), drift_to=drift_to))
    return players


def _probe(kind: str) -> np.ndarray:
    return reference_items(kind)[:1]


def perceptual(n: int, seed: int, kind: str) -> list[BumpPlayer]:
    """Players judging their own perceived features of the raw item; half like two regions; Likert
    raters with personal thresholds; dwell confounded with visual complexity."""
    return _bump_population(n, seed, kind, "perceptual", "own", two_region_share=0.5, drift=False,
                            ordinal=True, confounded=True)


def random_net(n: int, seed: int, kind: str) -> list["NetPlayer"]:
    """Players whose taste is a random smooth function of a fixed random network's features."""
    kind = _kind_name(kind)
    feats = percept(kind, "net")
    k = feats(_probe(kind)).shape[1]
    world = np.random.default_rng(_stable_int("random_net", kind, "culture"))
    n_rff = 48
    omega = world.normal(0.0, 1.0 / 0.35, size=(k, n_rff))  # smooth at the scale of the feature range
    phase = world.uniform(0, 2 * np.pi, size=n_rff)
    archetypes = world.normal(size=(4, n_rff))
    rng = np.random.default_rng(_stable_int("random_net", kind, seed))
    # Calibrate each player's utility to [0, 1] over the reference corpus (what "liked" means to them).
    ref_feats = feats(reference_items(kind))
    players = []
    for i in range(n):
        a = archetypes[rng.integers(len(archetypes))]
        w = 0.8 * a + 0.6 * rng.normal(size=n_rff)
        f_ref = np.cos(ref_feats @ omega + phase) @ w
        lo, hi = np.percentile(f_ref, 1), np.percentile(f_ref, 99.5)
        players.append(NetPlayer(pseudonymous_id(f"random_net:{kind}:{seed}:{i}"), kind, omega, phase, w, lo, hi,
                                 Responder.draw(rng, ordinal=bool(rng.random() < 0.5), confounded=False)))
    return players


class NetPlayer(_SessionMixin):
    """Taste ``u = clip((cos(f W + b) . w - lo) / (hi - lo), 0, 1)`` over random-network features ``f``."""

    def __init__(self, player_id: str, kind: str, omega: np.ndarray, phase: np.ndarray, w: np.ndarray,
                 lo: float, hi: float, responder: Responder) -> None:
        self.player_id, self.kind = player_id, kind
        self.omega, self.phase, self.w, self.lo, self.hi = omega, phase, w, float(lo), float(hi)
        self.responder = responder

    def utility_batch(self, items: np.ndarray, decision: int | None = None) -> np.ndarray:
        f = percept(self.kind, "net")(np.asarray(items))
        return np.clip((np.cos(f @ self.omega + self.phase) @ self.w - self.lo) / (self.hi - self.lo), 0.0, 1.0)

    def utility(self, item: np.ndarray, decision: int | None = None) -> float:
        return float(self.utility_batch(np.asarray(item)[None])[0])

    def experience(self, content_id: str, item: np.ndarray, slot: str, t0: float,
                   rng: np.random.Generator) -> list[FeedbackEvent]:
        u = self.utility(item)
        self.shown += 1
        return self.responder.events(self.player_id, self.session_id, content_id, u, 0.0, t0, rng)


def drifting(n: int, seed: int, kind: str) -> list[BumpPlayer]:
    """Perceptual players whose liked region moves to another during the session (20 shows)."""
    return _bump_population(n, seed, kind, "drifting", "own", two_region_share=0.0, drift=True,
                            ordinal=False, confounded=False)


def shipped_specs(names: Sequence[str] = FAMILY_NAMES) -> list[str]:
    """``--population`` specs of shipped families."""
    unknown = [n for n in names if n not in FAMILY_NAMES]
    if unknown:
        from python_bridge.players.protocol import PopulationError

        raise PopulationError(f"unknown family {', '.join(unknown)}; shipped: {', '.join(FAMILY_NAMES)}")
    return [spec_of(n) for n in names]
