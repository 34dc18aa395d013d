"""Content kinds (rooms, textures, terrain, characters): registry, corpora, validity, descriptors, wire form, previews, import."""
from python_bridge.content.base import ContentKind, RuleFailure, ValidityReport, contents_equal, item_rng
from python_bridge.content.corpus import Corpus, analyse, build_corpus, read_corpus, write_corpus
from python_bridge.content.importers import import_folder
from python_bridge.content.preview import contact_sheet, save_contact_sheet
from python_bridge.content.registry import (
    KINDS,
    content_from_proto,
    content_to_proto,
    get_kind,
    kind_for_proto,
)

__all__ = [
    "KINDS",
    "Corpus",
    "ContentKind",
    "RuleFailure",
    "ValidityReport",
    "analyse",
    "build_corpus",
    "contact_sheet",
    "content_from_proto",
    "content_to_proto",
    "contents_equal",
    "get_kind",
    "import_folder",
    "item_rng",
    "kind_for_proto",
    "read_corpus",
    "save_contact_sheet",
    "write_corpus",
]
