"""Populations of simulated players: descriptor spaces, archetypes, and ``make_population``.

People share tastes: a population is drawn around a few *archetypes* (centres in normalised
descriptor space) that depend only on ``(kind, archetype_seed)``, while individual players depend
on ``seed``. Two populations with the same ``archetype_seed`` and different ``seed`` are different
people from the same culture, which is what lets a prior learned on one transfer to the other.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Protocol, Sequence

import numpy as np

from python_bridge.errors import ConfigError
from python_bridge.players.simulated import PlayerTraits, SimulatedPlayer, infer_comfort_axes, pseudonymous_id


class KindLike(Protocol):
    """What a population needs of a content kind (``content.registry.ContentKind`` fits)."""

    name: str
    descriptor_names: tuple[str, ...]
    descriptor_ranges: Mapping[str, tuple[float, float]]


@dataclass(frozen=True)
class DescriptorSpace:
    """A named descriptor space: enough of a content kind to simulate players over it."""

    name: str
    descriptor_names: tuple[str, ...]
    descriptor_ranges: Mapping[str, tuple[float, float]]
    comfort_axes: Mapping[str, str] = field(default_factory=dict)
    """``{name: "high" | "low"}``; empty means ``infer_comfort_axes(descriptor_names)``."""


# A small made-up kind for tests and benchmarks that must not depend on content/.
TOY_SPACE = DescriptorSpace(
    name="toy",
    descriptor_names=("openness", "roughness", "density", "brightness", "symmetry"),
    descriptor_ranges={"openness": (0.0, 1.0), "roughness": (0.0, 2.5), "density": (0.0, 0.6),
                       "brightness": (0.0, 255.0), "symmetry": (0.0, 1.0)},
    comfort_axes={"openness": "low", "roughness": "high"},
)


@dataclass(frozen=True)
class PopulationTraits:
    """How traits vary across a population (normalised descriptor units). Defaults are the documented population."""

    n_archetypes: int = 4
    """Taste clusters people fall into."""
    spread: float = 0.1
    """Std of a player's ideal around their archetype centre."""
    taste_width: tuple[float, float] = (0.15, 0.25)
    """Uniform range of ``taste_width``."""
    importance_sigma: float = 0.35
    """Log-normal sigma of per-descriptor importance (renormalised to mean 1)."""
    comfort_high: tuple[float, float] = (0.6, 0.9)
    """Uniform range of thresholds on "high" comfort axes."""
    comfort_low: tuple[float, float] = (0.1, 0.4)
    """Uniform range of thresholds on "low" comfort axes."""
    comfort_sensitivity: tuple[float, float] = (0.4, 1.0)
    fatigue_rate: tuple[float, float] = (0.05, 0.15)
    novelty_seeking: tuple[float, float] = (0.0, 0.1)
    rating_noise: tuple[float, float] = (0.05, 0.12)
    rating_bias_sd: float = 0.05
    rating_levels: int = 5
    """5-point scale mapped to [0, 1], as a star rating in the scene; 0 for continuous."""
    rating_prob: float = 0.9


# Comfort axes of the registered kinds, for kinds that do not declare ``comfort_axes`` themselves:
# enclosed rooms, steep or rough terrain, high-contrast (shimmering) textures, avatars looming tall.
DEFAULT_COMFORT_AXES: dict[str, dict[str, str]] = {
    "rooms": {"openness": "low"},
    "terrain": {"mean_slope": "high", "roughness": "high"},
    "textures": {"contrast": "high"},
    "characters": {"height": "high"},
}


def _stable_int(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256(":".join(map(str, parts)).encode()).digest()[:8], "little")


def _resolve_kind(kind: "str | KindLike | DescriptorSpace") -> DescriptorSpace:
    if isinstance(kind, DescriptorSpace):
        return kind
    if isinstance(kind, str):
        if kind == TOY_SPACE.name:
            return TOY_SPACE
        # Lazy on purpose: players/ must not depend on content/ at import time. The loop passes
        # the kind object itself; a name is a convenience for scripts.
        try:
            from python_bridge.content.registry import get_kind  # noqa: PLC0415
        except ImportError as exc:
            raise ConfigError(f"cannot look up content kind {kind!r} ({exc}); pass the kind object or a DescriptorSpace") from exc
        kind = get_kind(kind)
    names = tuple(kind.descriptor_names)
    axes = dict(getattr(kind, "comfort_axes", {}) or DEFAULT_COMFORT_AXES.get(kind.name, {}))
    axes = {n: how for n, how in axes.items() if n in names}
    return DescriptorSpace(kind.name, names, dict(kind.descriptor_ranges), axes)


def comfort_axes_of(kind: "str | KindLike | DescriptorSpace") -> dict[str, str]:
    """``{descriptor: "high" | "low"}``: what the kind declares, else ``DEFAULT_COMFORT_AXES``, else
    guessed from descriptor names (``infer_comfort_axes``); the same axes simulated players use."""
    space = _resolve_kind(kind)
    return dict(space.comfort_axes) or infer_comfort_axes(space.descriptor_names)


class PlayerPopulation(Sequence[SimulatedPlayer]):
    """An ordered, indexable group of simulated players over one descriptor space."""

    def __init__(self, players: Sequence[SimulatedPlayer], space: DescriptorSpace, archetype_centres: np.ndarray | None = None) -> None:
        self.players = list(players)
        self.space = space
        self.archetype_centres = archetype_centres
        """``(n_archetypes, d)`` normalised, or None."""

    def __len__(self) -> int:
        return len(self.players)

    def __getitem__(self, i: Any) -> Any:
        return self.players[i]

    def __iter__(self) -> Iterator[SimulatedPlayer]:
        return iter(self.players)

    def by_id(self, player_id: str) -> SimulatedPlayer:
        """The player with this pseudonymous id (KeyError if absent)."""
        for p in self.players:
            if p.player_id == player_id:
                return p
        raise KeyError(player_id)

    def sample(self, rng: np.random.Generator) -> SimulatedPlayer:
        """One player, uniformly."""
        return self.players[int(rng.integers(len(self.players)))]


def sample_traits(space: DescriptorSpace, centre: np.ndarray, rng: np.random.Generator, pop: PopulationTraits, archetype: int = -1) -> PlayerTraits:
    """Draw one player's hidden traits around an archetype ``centre`` ``(d,)``."""
    d = len(space.descriptor_names)
    importance = rng.lognormal(0.0, pop.importance_sigma, size=d)
    axes = comfort_axes_of(space)
    thresholds = {n: float(rng.uniform(*(pop.comfort_high if how == "high" else pop.comfort_low))) for n, how in axes.items()}
    return PlayerTraits(
        ideal=np.clip(centre + rng.normal(0.0, pop.spread, size=d), 0.05, 0.95),
        importance=importance / importance.mean(),
        taste_width=float(rng.uniform(*pop.taste_width)),
        comfort_thresholds=thresholds,
        comfort_sensitivity=float(rng.uniform(*pop.comfort_sensitivity)),
        fatigue_rate=float(rng.uniform(*pop.fatigue_rate)),
        novelty_seeking=float(rng.uniform(*pop.novelty_seeking)),
        rating_noise=float(rng.uniform(*pop.rating_noise)),
        rating_bias=float(rng.normal(0.0, pop.rating_bias_sd)),
        rating_levels=pop.rating_levels,
        rating_prob=pop.rating_prob,
        dwell_scale_s=float(rng.uniform(4.0, 9.0)),
        interactivity=float(rng.uniform(1.5, 4.0)),
        pace_mps=float(rng.uniform(0.6, 1.4)),
        archetype=archetype,
    )


def make_population(
    n: int,
    seed: int,
    kind: "str | KindLike | DescriptorSpace" = "toy",
    *,
    archetype_seed: int = 0,
    traits: PopulationTraits = PopulationTraits(),
    salt: str = "vrbridge-sim",
) -> PlayerPopulation:
    """``n`` simulated players over ``kind``'s descriptors, deterministic in ``(seed, archetype_seed)``.

    ``kind``: a content kind object (anything with ``name``, ``descriptor_names``,
    ``descriptor_ranges`` and optionally ``comfort_axes``), a ``DescriptorSpace``, ``"toy"``, or a
    registered kind name (looked up in ``content.registry`` on call).
    """
    space = _resolve_kind(kind)
    d = len(space.descriptor_names)
    world = np.random.default_rng(_stable_int("archetypes", space.name, archetype_seed))
    centres = world.uniform(0.15, 0.85, size=(traits.n_archetypes, d))
    rng = np.random.default_rng(_stable_int("players", space.name, archetype_seed, seed))
    axes = dict(space.comfort_axes) or None
    players = []
    for i in range(n):
        a = int(rng.integers(traits.n_archetypes))
        pid = pseudonymous_id(f"{space.name}:{archetype_seed}:{seed}:{i}", salt)
        players.append(SimulatedPlayer(pid, space.descriptor_names, space.descriptor_ranges,
                                       sample_traits(space, centres[a], rng, traits, archetype=a), axes))
    return PlayerPopulation(players, space, centres)
