"""Schema headers, chunking and reassembly, and record conversion."""
import math
import zlib

import pytest

from python_bridge.errors import MessageError, ProtocolVersionError
from python_bridge.protocol import ChunkAssembler, check_header, header, pb, split_into_chunks
from python_bridge.protocol.convert import ack_from_pb, ack_to_pb, feedback_from_pb, feedback_to_pb
from python_bridge.types import ContentAck, FeedbackEvent


def _texture(cid="t1", size=5_000_000):
    return pb.ContentMessage(header=header(), content_id=cid, kind=pb.CONTENT_KIND_TEXTURE,
                             texture=pb.Texture(width=1, height=1, rgb8=bytes(range(256)) * (size // 256)))


def test_chunks_stay_under_the_grpc_limit_and_reassemble_exactly():
    msg = _texture()
    chunks = split_into_chunks(msg, max_chunk_bytes=1 << 20)
    assert len(chunks) == 5 and all(len(c.SerializeToString()) < 4 << 20 for c in chunks)
    asm = ChunkAssembler()
    # Order of arrival does not matter.
    results = [asm.add(c) for c in reversed(chunks)]
    assert results[:-1] == [None] * 4 and results[-1] == msg and asm.pending == 0


def test_interleaved_messages_reassemble_independently():
    a, b = split_into_chunks(_texture("a", 3_000_000)), split_into_chunks(_texture("b", 3_000_000))
    asm = ChunkAssembler()
    done = [m.content_id for pair in zip(a, b) for c in pair if (m := asm.add(c)) is not None]
    assert done == ["a", "b"]


@pytest.mark.parametrize("mutate,match", [
    (lambda c: setattr(c, "index", 9), "index"),
    (lambda c: setattr(c, "total_bytes", 1 << 30), "cap"),
    (lambda c: setattr(c, "content_id", ""), "content_id"),
    (lambda c: c.header.CopyFrom(pb.SchemaHeader(major=2, minor=0)), "schema 2.0.*speaks 1.0"),
])
def test_bad_chunks_raise_a_named_error(mutate, match):
    chunk = split_into_chunks(_texture(size=10_000))[0]
    mutate(chunk)
    with pytest.raises((MessageError, ProtocolVersionError), match=match):
        ChunkAssembler().add(chunk)


def test_corrupted_data_fails_the_crc():
    chunks = split_into_chunks(_texture(size=3_000_000))
    chunks[1].data = bytes(len(chunks[1].data))
    asm = ChunkAssembler()
    with pytest.raises(MessageError, match="CRC"):
        for c in chunks:
            asm.add(c)
    assert chunks[0].crc32 == zlib.crc32(_texture(size=3_000_000).SerializeToString())


def test_inconsistent_chunks_drop_the_partial():
    a = split_into_chunks(_texture(size=3_000_000))
    asm = ChunkAssembler()
    asm.add(a[0])
    bad = pb.ContentChunk()
    bad.CopyFrom(a[1])
    bad.count = 7
    with pytest.raises(MessageError, match="disagrees"):
        asm.add(bad)
    assert asm.pending == 0


def test_minor_versions_are_compatible_major_is_not():
    check_header(pb.SchemaHeader(major=1, minor=9), "x")
    with pytest.raises(ProtocolVersionError, match="3.1.*1.0.*regenerate"):
        check_header(pb.SchemaHeader(major=3, minor=1), "x")


@pytest.mark.parametrize("ev", [
    FeedbackEvent("gaze_dwell", "p-1", "s", 1.5, "c", "c/element/0", 2.25, "head"),
    FeedbackEvent("rating", "p-1", "s", 2.0, "c", value=0.75),
    FeedbackEvent("interaction", "p-1", "s", 3.0, "c", "c/element/1", 0.5, "select"),
    FeedbackEvent("comfort", "p-1", "s", 4.0, "c", value=0.5, detail="motion"),
    FeedbackEvent("locomotion", "p-1", "s", 5.0, "c", value=1.25,
                  extra={"distance_m": 3.0, "turn_rate_dps": 20.0, "window_s": 4.0}),
    FeedbackEvent("session_start", "p-1", "s", 0.0, detail="sim"),
    FeedbackEvent("session_end", "p-1", "s", 9.0, value=9.0, detail="done"),
])
def test_feedback_round_trips(ev):
    assert feedback_from_pb(pb.FeedbackEvent.FromString(feedback_to_pb(ev).SerializeToString())) == ev


def test_ratings_map_to_unit_interval_and_bad_numbers_are_refused():
    e = pb.FeedbackEvent(player_id="p", rating=pb.Rating(value=4, scale_min=1, scale_max=5))
    assert feedback_from_pb(e).value == 0.75
    with pytest.raises(MessageError, match="scale"):
        feedback_from_pb(pb.FeedbackEvent(rating=pb.Rating(value=1, scale_min=1, scale_max=1)))
    with pytest.raises(MessageError, match="non-finite"):
        feedback_from_pb(pb.FeedbackEvent(gaze_dwell=pb.GazeDwell(dwell_s=math.nan)))
    with pytest.raises(MessageError, match="no event"):
        feedback_from_pb(pb.FeedbackEvent(player_id="p"))


def test_acks_round_trip():
    for ack in (ContentAck("c", True, "", 1.0, 2.5), ContentAck("d", False, "invalid: no spawn", 3.0, 0.0)):
        assert ack_from_pb(pb.ContentAck.FromString(ack_to_pb(ack).SerializeToString())) == ack
