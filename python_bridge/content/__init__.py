"""Content kinds (rooms, textures, terrain, characters): registry, corpora, validity, descriptors, wire form, previews."""
from python_bridge.content.base import ContentKind, RuleFailure, ValidityReport, contents_equal, item_rng
from python_bridge.content.registry import (
    KINDS,
    content_from_proto,
    content_to_proto,
    get_kind,
    kind_for_proto,
)

__all__ = [
    "KINDS",
    "ContentKind",
    "RuleFailure",
    "ValidityReport",
    "content_from_proto",
    "content_to_proto",
    "contents_equal",
    "get_kind",
    "item_rng",
    "kind_for_proto",
]
