"""Wire messages generated from ../protos (never hand-edited) and the helpers that frame them."""
from python_bridge.protocol import vrbridge_pb2 as pb
from python_bridge.protocol.codec import (
    SCHEMA_MAJOR,
    SCHEMA_MINOR,
    MAX_CHUNK_BYTES,
    MAX_MESSAGE_BYTES,
    ChunkAssembler,
    check_header,
    header,
    split_into_chunks,
)

__all__ = [
    "pb",
    "SCHEMA_MAJOR",
    "SCHEMA_MINOR",
    "MAX_CHUNK_BYTES",
    "MAX_MESSAGE_BYTES",
    "ChunkAssembler",
    "check_header",
    "header",
    "split_into_chunks",
]
