"""Framing of our wire messages: schema headers, chunking and reassembly of content, size caps."""
from __future__ import annotations

import time
import zlib
from dataclasses import dataclass, field

from python_bridge.errors import MessageError, ProtocolVersionError
from python_bridge.protocol import vrbridge_pb2 as pb

SCHEMA_MAJOR = 1
SCHEMA_MINOR = 0

# gRPC refuses messages over 4 MiB on both sides; a chunk plus framing stays far below it,
# and the content channel sends at most a few chunks per exchange (see unity/channels.py).
MAX_CHUNK_BYTES = 1 << 20
# Largest whole content message we build or accept (a 1024x1024 texture is 3 MiB).
MAX_MESSAGE_BYTES = 32 << 20
# Largest single side-channel message we accept from the scene (feedback batches, acks).
MAX_INCOMING_BYTES = 1 << 20


def header() -> pb.SchemaHeader:
    """The header every top-level message we send carries."""
    return pb.SchemaHeader(major=SCHEMA_MAJOR, minor=SCHEMA_MINOR)


def check_header(h: pb.SchemaHeader, what: str) -> None:
    """Raise ProtocolVersionError unless ``h`` has our major version (any minor is fine)."""
    if h.major != SCHEMA_MAJOR:
        raise ProtocolVersionError(
            f"{what} uses vrbridge schema {h.major}.{h.minor}, this bridge speaks "
            f"{SCHEMA_MAJOR}.{SCHEMA_MINOR}. Update the side that is behind so both share the "
            f"major version (regenerate the C# classes from protos/ with scripts/gen_csharp.sh)."
        )


def split_into_chunks(msg: pb.ContentMessage, max_chunk_bytes: int = MAX_CHUNK_BYTES) -> list[pb.ContentChunk]:
    """Serialize ``msg`` and cut it into ContentChunks of at most ``max_chunk_bytes`` data each."""
    data = msg.SerializeToString()
    if len(data) > MAX_MESSAGE_BYTES:
        raise MessageError(
            f"content {msg.content_id!r} serializes to {len(data)} bytes, over the "
            f"{MAX_MESSAGE_BYTES}-byte cap; send smaller content (e.g. a lower texture resolution)."
        )
    count = max(1, -(-len(data) // max_chunk_bytes))
    crc = zlib.crc32(data)
    return [
        pb.ContentChunk(
            header=header(),
            content_id=msg.content_id,
            index=i,
            count=count,
            total_bytes=len(data),
            crc32=crc,
            data=data[i * max_chunk_bytes : (i + 1) * max_chunk_bytes],
        )
        for i in range(count)
    ]


@dataclass
class _Partial:
    count: int
    total_bytes: int
    crc32: int
    parts: dict[int, bytes] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)


class ChunkAssembler:
    """Reassembles ContentChunks into ContentMessages; the receiving side of split_into_chunks.

    ``add`` returns the whole message when its last chunk arrives, else None, and raises
    MessageError for a chunk that cannot belong to a valid message (the partial is dropped).
    Partials older than ``stale_after_s`` are dropped so a lost chunk cannot pin memory.
    """

    def __init__(self, max_message_bytes: int = MAX_MESSAGE_BYTES, stale_after_s: float = 60.0):
        self.max_message_bytes = max_message_bytes
        self.stale_after_s = stale_after_s
        self._partials: dict[str, _Partial] = {}

    def add(self, chunk: pb.ContentChunk) -> pb.ContentMessage | None:
        check_header(chunk.header, "content chunk")
        self._drop_stale()
        cid = chunk.content_id
        if not cid:
            raise MessageError("content chunk without content_id; the sender must set it.")
        if chunk.count == 0 or chunk.index >= chunk.count:
            self._partials.pop(cid, None)
            raise MessageError(f"content chunk {cid!r} has index {chunk.index} of count {chunk.count}.")
        if chunk.total_bytes > self.max_message_bytes:
            self._partials.pop(cid, None)
            raise MessageError(
                f"content {cid!r} announces {chunk.total_bytes} bytes, over the "
                f"{self.max_message_bytes}-byte cap."
            )
        part = self._partials.setdefault(cid, _Partial(chunk.count, chunk.total_bytes, chunk.crc32))
        if (part.count, part.total_bytes, part.crc32) != (chunk.count, chunk.total_bytes, chunk.crc32):
            self._partials.pop(cid, None)
            raise MessageError(f"content chunk {cid!r} disagrees with earlier chunks of the same id.")
        part.parts[chunk.index] = bytes(chunk.data)
        if len(part.parts) < part.count:
            return None
        del self._partials[cid]
        data = b"".join(part.parts[i] for i in range(part.count))
        if len(data) != part.total_bytes or zlib.crc32(data) != part.crc32:
            raise MessageError(f"content {cid!r} failed its length/CRC check after reassembly.")
        msg = pb.ContentMessage()
        try:
            msg.ParseFromString(data)
        except Exception as exc:  # protobuf raises DecodeError; any parse failure means the same
            raise MessageError(f"content {cid!r} is not a valid ContentMessage: {exc}") from exc
        check_header(msg.header, "content message")
        return msg

    @property
    def pending(self) -> int:
        return len(self._partials)

    def _drop_stale(self) -> None:
        now = time.monotonic()
        for cid in [c for c, p in self._partials.items() if now - p.started > self.stale_after_s]:
            del self._partials[cid]
