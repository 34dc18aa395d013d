"""Our side channels decode defensively: bad messages are counted and dropped, good neighbours kept."""
import math

from mlagents_envs.side_channel.incoming_message import IncomingMessage

from python_bridge.protocol import header, pb
from python_bridge.protocol.convert import batch_to_pb
from python_bridge.types import FeedbackEvent
from python_bridge.unity import AckChannel, ContentChannel, FeedbackChannel


def _deliver(channel, payloads):
    for p in payloads:
        channel.on_message_received(IncomingMessage(p))


def test_feedback_channel_keeps_good_messages_around_bad_ones():
    good = batch_to_pb([FeedbackEvent("rating", "p", "s", 1.0, "c", value=0.5)]).SerializeToString()
    nan_event = pb.FeedbackBatch(header=header(), events=[
        pb.FeedbackEvent(gaze_dwell=pb.GazeDwell(dwell_s=math.nan)),
        pb.FeedbackEvent(player_id="p", rating=pb.Rating(value=1, scale_min=0, scale_max=1)),
    ]).SerializeToString()
    wrong_major = pb.FeedbackBatch(header=pb.SchemaHeader(major=2)).SerializeToString()
    ch = FeedbackChannel(max_bytes=10_000)
    _deliver(ch, [good, b"\xff\xff\xff", good[:3], b"x" * 20_000, wrong_major, b"", nan_event, good])
    events = ch.drain()
    assert [e.value for e in events] == [0.5, 1.0, 0.5]
    assert ch.dropped == {"malformed": 3, "oversized": 1, "version": 1, "bad_event": 1}
    assert ch.drain() == []


def test_ack_channel_decodes_and_drops():
    ok = pb.ContentAck(header=header(), content_id="c", status=pb.ACK_STATUS_REJECTED, reason="no spawn")
    unknown_status = pb.ContentAck(header=header(), content_id="d", status=7)
    ch = AckChannel()
    _deliver(ch, [ok.SerializeToString(), unknown_status.SerializeToString(), b"\x08"])
    acks = ch.drain()
    assert [(a.content_id, a.applied, a.reason) for a in acks] == [("c", False, "no spawn")]
    assert ch.dropped == {"bad_ack": 1, "malformed": 1}


def test_content_channel_chunks_and_is_one_way():
    ch = ContentChannel(max_chunk_bytes=1000)
    msg = pb.ContentMessage(header=header(), content_id="big", texture=pb.Texture(rgb8=bytes(4500)))
    assert ch.send(msg) == 5 and ch.pending == 5
    chunks = [pb.ContentChunk.FromString(bytes(b)) for b in ch.message_queue]
    assert [c.index for c in chunks] == [0, 1, 2, 3, 4] and {c.count for c in chunks} == {5}
    ch.on_message_received(IncomingMessage(b"anything"))
    assert ch.dropped == {"wrong_direction": 1}


def test_outgoing_frames_stay_under_budget_and_no_channel_starves():
    """A channel with a long queue must not keep another channel's messages waiting exchange after exchange."""
    import struct
    import uuid

    from mlagents_envs.side_channel.side_channel import SideChannel

    from python_bridge.unity.wire import SafeSideChannelManager

    class Outbox(SideChannel):
        def on_message_received(self, msg):  # outgoing only
            pass

    busy, quiet = Outbox(uuid.UUID(int=1)), Outbox(uuid.UUID(int=2))
    busy.message_queue = [bytes([i]) * 480 for i in range(10)]  # two fill the budget exactly
    quiet.message_queue = [b"ack-1", b"ack-2"]
    mgr = SafeSideChannelManager([busy, quiet], budget=1000)

    def frames(blob: bytes) -> list[tuple[int, bytes]]:
        out, off = [], 0
        while off < len(blob):
            cid = uuid.UUID(bytes_le=bytes(blob[off:off + 16])).int
            (n,) = struct.unpack_from("<i", blob, off + 16)
            out.append((cid, bytes(blob[off + 20:off + 20 + n])))
            off += 20 + n
        return out

    sent: list[tuple[int, bytes]] = []
    quiet_by_exchange = []
    for _ in range(8):
        blob = mgr.generate_side_channel_messages()
        assert len(blob) <= 1000
        got = frames(blob)
        sent += got
        quiet_by_exchange.append(sum(cid == 2 for cid, _ in got))
    # every message goes out exactly once, in its channel's order
    assert [m for cid, m in sent if cid == 1] == [bytes([i]) * 480 for i in range(10)]
    assert [m for cid, m in sent if cid == 2] == [b"ack-1", b"ack-2"]
    # the quiet channel got out within the first two exchanges despite the busy one's backlog
    assert sum(quiet_by_exchange[:2]) == 2
