"""Our three ML-Agents side channels: feedback in, content out, acks in. One small class each, fixed UUIDs.

Each message on a channel is one serialized protobuf message from protos/vrbridge.proto, sent
as raw bytes. Incoming bytes are size-capped and decoded defensively: a malformed, short,
oversized or wrong-version message is counted in ``dropped``, logged with its cause and
dropped; the messages around it are kept. The Unity side (unity_project/) uses the same UUIDs.
"""
from __future__ import annotations

import logging
import uuid
from collections import Counter

from google.protobuf.message import DecodeError
from mlagents_envs.side_channel.incoming_message import IncomingMessage
from mlagents_envs.side_channel.outgoing_message import OutgoingMessage
from mlagents_envs.side_channel.side_channel import SideChannel

from python_bridge.errors import MessageError, ProtocolVersionError
from python_bridge.protocol import MAX_CHUNK_BYTES, check_header, pb, split_into_chunks
from python_bridge.protocol.codec import MAX_INCOMING_BYTES
from python_bridge.protocol.convert import ack_from_pb, feedback_from_pb
from python_bridge.types import ContentAck, FeedbackEvent

log = logging.getLogger(__name__)

FEEDBACK_CHANNEL_ID = uuid.UUID("a6ddba24-6a62-44f3-b583-9a3ec0c8ce5a")
CONTENT_CHANNEL_ID = uuid.UUID("a45ab702-c55f-4147-8e08-d62278fd01d6")
ACK_CHANNEL_ID = uuid.UUID("91772481-cf95-49a7-9d49-dd3197cd2166")


class _IncomingChannel(SideChannel):
    """Shared receive path: cap, parse, check the schema header, count what is dropped."""

    message_type: type = pb.FeedbackBatch

    def __init__(self, channel_id: uuid.UUID, max_bytes: int = MAX_INCOMING_BYTES):
        super().__init__(channel_id)
        self.max_bytes = max_bytes
        self.dropped: Counter[str] = Counter()

    def _drop(self, cause: str, detail: str) -> None:
        self.dropped[cause] += 1
        log.warning("%s dropped a message (%s): %s", type(self).__name__, cause, detail)

    def _parse(self, msg: IncomingMessage):
        raw = msg.get_raw_bytes()
        if len(raw) > self.max_bytes:
            self._drop("oversized", f"{len(raw)} bytes, cap {self.max_bytes}")
            return None
        parsed = self.message_type()
        try:
            parsed.ParseFromString(raw)
        except DecodeError as exc:
            self._drop("malformed", f"not a {self.message_type.__name__}: {exc}")
            return None
        if not parsed.HasField("header"):
            self._drop("malformed", "no schema header (empty or truncated message?)")
            return None
        try:
            check_header(parsed.header, self.message_type.__name__)
        except ProtocolVersionError as exc:
            self._drop("version", str(exc))
            return None
        return parsed


class FeedbackChannel(_IncomingChannel):
    """Unity -> Python: FeedbackBatch messages. ``drain()`` returns the events received so far."""

    message_type = pb.FeedbackBatch

    def __init__(self, max_bytes: int = MAX_INCOMING_BYTES):
        super().__init__(FEEDBACK_CHANNEL_ID, max_bytes)
        self._events: list[FeedbackEvent] = []

    def on_message_received(self, msg: IncomingMessage) -> None:
        batch = self._parse(msg)
        if batch is None:
            return
        for e in batch.events:
            try:
                self._events.append(feedback_from_pb(e))
            except MessageError as exc:  # one bad event does not cost its neighbours
                self._drop("bad_event", str(exc))

    def drain(self) -> list[FeedbackEvent]:
        events, self._events = self._events, []
        return events


class AckChannel(_IncomingChannel):
    """Unity -> Python: ContentAck messages. ``drain()`` returns the acks received so far."""

    message_type = pb.ContentAck

    def __init__(self, max_bytes: int = 64 * 1024):
        super().__init__(ACK_CHANNEL_ID, max_bytes)
        self._acks: list[ContentAck] = []

    def on_message_received(self, msg: IncomingMessage) -> None:
        ack = self._parse(msg)
        if ack is None:
            return
        try:
            self._acks.append(ack_from_pb(ack))
        except MessageError as exc:
            self._drop("bad_ack", str(exc))

    def drain(self) -> list[ContentAck]:
        acks, self._acks = self._acks, []
        return acks


class ContentChannel(SideChannel):
    """Python -> Unity: a ContentMessage goes out as ContentChunks, a few per exchange.

    The environment's side-channel manager sends queued chunks under a per-exchange byte
    budget, so a large texture spreads over several exchanges instead of breaking gRPC's
    4 MiB limit. ``pending`` counts chunks not yet sent.
    """

    def __init__(self, max_chunk_bytes: int = MAX_CHUNK_BYTES):
        super().__init__(CONTENT_CHANNEL_ID)
        self.max_chunk_bytes = max_chunk_bytes
        self.dropped: Counter[str] = Counter()

    def send(self, message: pb.ContentMessage) -> int:
        """Queue ``message`` for the scene; returns the number of chunks it became."""
        chunks = split_into_chunks(message, self.max_chunk_bytes)
        for chunk in chunks:
            out = OutgoingMessage()
            out.set_raw_bytes(chunk.SerializeToString())
            self.queue_message_to_send(out)
        return len(chunks)

    @property
    def pending(self) -> int:
        return len(self.message_queue)

    def on_message_received(self, msg: IncomingMessage) -> None:
        # One-way channel: the scene answers on the ack channel, never here.
        self.dropped["wrong_direction"] += 1
        log.warning("ContentChannel got %d bytes from the scene; acks belong on the ack channel",
                    len(msg.get_raw_bytes()))
