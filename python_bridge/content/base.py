"""The ContentKind base class every kind implements, validity records, and the shared proto framing."""
from __future__ import annotations

import math
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import ClassVar, NamedTuple

import numpy as np

from python_bridge.errors import ContentError
from python_bridge.protocol import check_header, header, pb
from python_bridge.types import Content, Provenance


class RuleFailure(NamedTuple):
    """One broken validity rule: which rule, where (e.g. ``"row 3, col 7"``), and what is wrong."""

    rule: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.rule} at {self.where}: {self.detail}"


@dataclass(frozen=True)
class ValidityReport:
    """The outcome of ``ContentKind.validate``: valid when no rule failed."""

    failures: list[RuleFailure] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.failures

    @property
    def rules_failed(self) -> tuple[str, ...]:
        """Names of the failed rules, each once, in the order they were found."""
        return tuple(dict.fromkeys(f.rule for f in self.failures))

    def summary(self, limit: int = 3) -> str:
        """A one-line reason fit for a ContentAck (``"ok"`` when valid)."""
        if self.valid:
            return "ok"
        text = "; ".join(str(f) for f in self.failures[:limit])
        more = len(self.failures) - limit
        return text + (f"; and {more} more" if more > 0 else "")

    def __bool__(self) -> bool:
        return self.valid


def item_rng(seed: int, index: int) -> np.random.Generator:
    """The generator for corpus item ``index`` of seed ``seed``; independent of corpus size."""
    return np.random.default_rng([int(seed), int(index)])


def provenance_to_proto(p: Provenance) -> pb.Provenance:
    """Provenance -> wire. ``latent``/``condition`` travel as float32 (the wire type)."""
    if p.seed < 0 or p.seed >= 1 << 64:
        raise ContentError(f"provenance seed {p.seed} does not fit uint64; use a seed in [0, 2**64).")
    return pb.Provenance(
        generator=p.generator,
        checkpoint_sha256=p.checkpoint_sha256,
        latent=list(p.latent),
        condition=list(p.condition),
        seed=int(p.seed),
        policy=p.policy,
        created_unix_s=float(p.created_unix_s),
    )


def provenance_from_proto(m: pb.Provenance) -> Provenance:
    return Provenance(
        generator=m.generator,
        checkpoint_sha256=m.checkpoint_sha256,
        latent=tuple(float(v) for v in m.latent),
        condition=tuple(float(v) for v in m.condition),
        seed=int(m.seed),
        policy=m.policy,
        created_unix_s=float(m.created_unix_s),
    )


def contents_equal(a: Content, b: Content) -> bool:
    """True when two Content records are identical field by field (data compared bytewise)."""
    return (
        a.kind == b.kind
        and a.content_id == b.content_id
        and a.slot == b.slot
        and a.provenance == b.provenance
        and a.data.dtype == b.data.dtype
        and a.data.shape == b.data.shape
        and a.data.tobytes() == b.data.tobytes()
    )


def _corpus_chunk(args: tuple["ContentKind", int, int, int]) -> np.ndarray:
    # Runs in a worker process; a kind pickles as its class and a few attributes.
    kind, seed, start, stop = args
    return kind.make_items(seed, start, stop)


class ContentKind:
    """One kind of content: representation, corpus, validity, descriptors, wire form, picture.

    Subclasses set the class attributes and implement ``make_item``, ``check_rules``,
    ``descriptors``, ``_payload_to_proto``, ``_payload_from_proto`` and ``render``; they may
    override the batch methods (``make_items``, ``descriptors_batch``) with vectorised ones.
    Item arrays have shape ``item_shape`` and dtype ``dtype``; a batch is ``(n, *item_shape)``.
    """

    name: ClassVar[str]
    proto_kind: ClassVar[int]
    payload_field: ClassVar[str]
    item_shape: ClassVar[tuple[int, ...]]
    dtype: ClassVar[np.dtype]
    descriptor_names: ClassVar[tuple[str, ...]]
    descriptor_ranges: ClassVar[dict[str, tuple[float, float]]]
    generator_name: ClassVar[str]
    generator_version: ClassVar[int]
    # Distances between items (diversity, novelty): ``distance_features`` rows compared with
    # this scipy metric; both are chosen so a distance lies in [0, 1].
    distance_metric: ClassVar[str] = "cityblock_mean"

    # ------------------------------------------------------------------ corpus
    def make_item(self, rng: np.random.Generator) -> np.ndarray:
        """One procedural item drawn from ``rng``; shape ``item_shape``."""
        raise NotImplementedError

    def make_items(self, seed: int, start: int, stop: int) -> np.ndarray:
        """Items ``start..stop-1`` of the corpus with ``seed``: ``(stop-start, *item_shape)``."""
        out = np.empty((stop - start, *self.item_shape), dtype=self.dtype)
        for j, i in enumerate(range(start, stop)):
            out[j] = self.make_item(item_rng(seed, i))
        return out

    def make_corpus(self, n: int, seed: int = 0, workers: int = 1) -> np.ndarray:
        """``(n, *item_shape)`` procedural items; item i depends only on (seed, i).

        ``workers > 1`` splits the work over processes; the result is identical.
        """
        if n < 0:
            raise ContentError(f"corpus size must be >= 0, got {n}.")
        workers = max(1, min(int(workers), os.cpu_count() or 1))
        if workers == 1 or n < 64:
            return self.make_items(seed, 0, n)
        step = math.ceil(n / (workers * 4))
        jobs = [(self, seed, s, min(n, s + step)) for s in range(0, n, step)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(_corpus_chunk, jobs))
        return np.concatenate(parts, axis=0)

    def family_of(self, seed: int, index: int) -> str:
        """The procedural family/style corpus item ``index`` was drawn from (kind-specific)."""
        return ""

    # ------------------------------------------------------------------ validity
    def check_item(self, item: np.ndarray, what: str = "item") -> np.ndarray:
        """Raise ContentError unless ``item`` is an array of this kind's shape and dtype."""
        item = np.asarray(item)
        if item.shape != self.item_shape:
            raise ContentError(
                f"{what} for kind {self.name!r} has shape {item.shape}, expected {self.item_shape}; "
                f"resample or crop it to {self.item_shape}."
            )
        if item.dtype != self.dtype:
            raise ContentError(
                f"{what} for kind {self.name!r} has dtype {item.dtype}, expected {np.dtype(self.dtype)}; "
                f"convert it with .astype(np.{np.dtype(self.dtype).name})."
            )
        return item

    def validate(self, item: np.ndarray) -> ValidityReport:
        """Check every rule of this kind; never raises for bad content, reports it."""
        item = np.asarray(item)
        if item.shape != self.item_shape or item.dtype != self.dtype:
            return ValidityReport([RuleFailure(
                "shape", "item",
                f"shape {item.shape} dtype {item.dtype}, expected {self.item_shape} {np.dtype(self.dtype)}",
            )])
        return ValidityReport(list(self.check_rules(item)))

    def check_rules(self, item: np.ndarray) -> list[RuleFailure]:
        raise NotImplementedError

    def repair(self, item: np.ndarray) -> np.ndarray:
        """A copy of ``item`` with failed rules fixed where a local fix exists (kind-specific)."""
        return np.array(item, dtype=self.dtype, copy=True)

    # ------------------------------------------------------------------ descriptors
    def descriptors(self, item: np.ndarray) -> np.ndarray:
        """``(len(descriptor_names),)`` float64, each inside ``descriptor_ranges``."""
        raise NotImplementedError

    def descriptors_batch(self, items: np.ndarray) -> np.ndarray:
        """``(n, len(descriptor_names))`` descriptors of a batch."""
        out = np.empty((len(items), len(self.descriptor_names)), dtype=np.float64)
        for j, item in enumerate(items):
            out[j] = self.descriptors(item)
        return out

    def distance_features(self, items: np.ndarray) -> np.ndarray:
        """``(n, F)`` float rows for item distances (see ``distance_metric``)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ wire
    def to_proto(self, content: Content) -> pb.ContentMessage:
        """Content -> ContentMessage with the payload filled; ``from_proto`` undoes it exactly."""
        if content.kind != self.name:
            raise ContentError(
                f"content {content.content_id!r} is of kind {content.kind!r}; encode it with "
                f"get_kind({content.kind!r}), not {self.name!r}."
            )
        data = self.check_item(content.data, f"content {content.content_id!r}")
        msg = pb.ContentMessage(
            header=header(),
            content_id=content.content_id,
            kind=self.proto_kind,
            provenance=provenance_to_proto(content.provenance),
            slot=content.slot,
        )
        self._payload_to_proto(data, getattr(msg, self.payload_field), content)
        return msg

    def from_proto(self, msg: pb.ContentMessage) -> Content:
        """ContentMessage -> Content; raises ContentError naming what is wrong with the message."""
        check_header(msg.header, "content message")
        if msg.kind != self.proto_kind or msg.WhichOneof("payload") != self.payload_field:
            raise ContentError(
                f"content {msg.content_id!r} has kind {pb.ContentKind.Name(msg.kind)} and payload "
                f"{msg.WhichOneof('payload')!r}; kind {self.name!r} expects "
                f"{pb.ContentKind.Name(self.proto_kind)} with payload {self.payload_field!r}."
            )
        data = self._payload_from_proto(getattr(msg, self.payload_field), msg.content_id)
        return Content(
            kind=self.name,
            content_id=msg.content_id,
            data=data,
            provenance=provenance_from_proto(msg.provenance),
            slot=msg.slot,
        )

    def _payload_to_proto(self, data: np.ndarray, payload, content: Content) -> None:
        raise NotImplementedError

    def _payload_from_proto(self, payload, content_id: str) -> np.ndarray:
        raise NotImplementedError

    # ------------------------------------------------------------------ picture
    def render(self, item: np.ndarray):
        """A PIL.Image of one item, legible at a glance."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<ContentKind {self.name} {self.item_shape} {np.dtype(self.dtype).name}>"
