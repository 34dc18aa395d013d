"""The one registry of content kinds: channels, generators, metrics and the policy look kinds up here.

Adding a kind: write its module (a ``ContentKind`` subclass exposed as ``KIND``), add it to
``_KIND_MODULES`` below, and give it a ``ContentKind`` value and payload in protos/vrbridge.proto.
"""
from __future__ import annotations

import importlib

from python_bridge.content.base import ContentKind, RuleFailure, ValidityReport
from python_bridge.errors import ContentError
from python_bridge.names import KIND_NAMES
from python_bridge.protocol import pb
from python_bridge.types import Content

_KIND_MODULES = KIND_NAMES  # one module per kind, named like it


def _load() -> dict[str, ContentKind]:
    kinds: dict[str, ContentKind] = {}
    for mod in _KIND_MODULES:
        try:
            kind = importlib.import_module(f"python_bridge.content.{mod}").KIND
        except ModuleNotFoundError as exc:  # a kind still being written must not break the others
            if exc.name != f"python_bridge.content.{mod}":
                raise
            continue
        kinds[kind.name] = kind
    return kinds


KINDS: dict[str, ContentKind] = _load()
_BY_PROTO: dict[int, ContentKind] = {k.proto_kind: k for k in KINDS.values()}


def get_kind(name: str) -> ContentKind:
    """The registered kind called ``name`` (rooms, textures, terrain, characters)."""
    try:
        return KINDS[name]
    except KeyError:
        raise ContentError(
            f"unknown content kind {name!r}; registered kinds: {', '.join(sorted(KINDS))}."
        ) from None


def kind_for_proto(proto_kind: int) -> ContentKind:
    """The registered kind for a ``pb.ContentKind`` value."""
    try:
        return _BY_PROTO[proto_kind]
    except KeyError:
        raise ContentError(
            f"no registered content kind for wire kind {proto_kind} "
            f"({pb.ContentKind.Name(proto_kind) if proto_kind in pb.ContentKind.values() else 'unknown'})."
        ) from None


def content_to_proto(content: Content) -> pb.ContentMessage:
    """Encode any registered kind of content (dispatch on ``content.kind``)."""
    return get_kind(content.kind).to_proto(content)


def content_from_proto(msg: pb.ContentMessage) -> Content:
    """Decode any ContentMessage (dispatch on ``msg.kind``)."""
    return kind_for_proto(msg.kind).from_proto(msg)


__all__ = [
    "KINDS",
    "ContentKind",
    "RuleFailure",
    "ValidityReport",
    "content_from_proto",
    "content_to_proto",
    "get_kind",
    "kind_for_proto",
]
