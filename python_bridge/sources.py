"""Makes content from the points a policy chose: the content sources the Director draws from.

A ``ContentSource`` turns ``(B, action_dim)`` points into ``(B, *item_shape)`` items: the
procedural corpus (``ProceduralSource``), a trained generator (``GeneratorSource``), or a
wrapper around either. ``propose`` is the one step the Director takes per decision (ask the
policy, generate one item); ``ValidityRetry`` wraps a source for a person in a headset so
that invalid content is never proposed: the policy is told it earned a low reward and asked
again. ``make_source`` picks the source a command uses.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from python_bridge.content.registry import get_kind
from python_bridge.policy import Policy

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
class Proposal:
    """One decision's content: the point the policy chose, the item made from it (None: nothing
    valid was found, the player keeps what they have), and how many invalid items were blocked."""

    point: np.ndarray
    item: np.ndarray | None
    blocked: int = 0


def propose(source: ContentSource, policy: Policy, context: np.ndarray | None) -> Proposal:
    """Ask the policy for a point and make one item from it."""
    point = policy.ask(context)
    return Proposal(point, source.generate(point[None, :])[0])


class ValidityRetry:
    """A source that never proposes content breaking its kind's rules (a wrapper source).

    Each invalid item is blocked: the policy is told it earned ``invalid_reward`` and asked again,
    up to ``max_attempts`` items in all; when all are invalid the proposal has no item (and the
    policy has been told about the last one too).
    """

    def __init__(self, source: ContentSource, max_attempts: int = 5, invalid_reward: float = -1.0) -> None:
        if max_attempts < 1:
            raise ValueError(f"max_attempts must be >= 1, got {max_attempts}")
        self.source, self.max_attempts, self.invalid_reward = source, max_attempts, invalid_reward
        self.kind, self.action_dim = source.kind, source.action_dim
        self.name, self.checkpoint_sha256 = source.name, source.checkpoint_sha256
        self._rules = get_kind(source.kind)

    def generate(self, points: np.ndarray) -> np.ndarray:
        return self.source.generate(points)

    def propose(self, policy: Policy, context: np.ndarray | None) -> Proposal:
        blocked = 0
        for _ in range(self.max_attempts):
            p = propose(self.source, policy, context)
            if self._rules.validate(p.item).valid:
                return Proposal(p.point, p.item, blocked)
            blocked += 1
            policy.tell(self.invalid_reward)  # invalid content is never shown
        return Proposal(p.point, None, blocked)


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
