"""Conversions between wire messages and our own records (FeedbackEvent, ContentAck)."""
from __future__ import annotations

import math

from python_bridge.errors import MessageError
from python_bridge.protocol import vrbridge_pb2 as pb
from python_bridge.protocol.codec import header
from python_bridge.types import ContentAck, FeedbackEvent

_INTERACTION = {
    pb.INTERACTION_KIND_HOVER: "hover",
    pb.INTERACTION_KIND_SELECT: "select",
    pb.INTERACTION_KIND_ACTIVATE: "activate",
}
_INTERACTION_BACK = {v: k for k, v in _INTERACTION.items()}
_GAZE = {pb.GAZE_SOURCE_HEAD: "head", pb.GAZE_SOURCE_EYE: "eye"}
_GAZE_BACK = {v: k for k, v in _GAZE.items()}


def feedback_from_pb(e: pb.FeedbackEvent) -> FeedbackEvent:
    """Our record for one wire event; MessageError for an empty or non-finite event."""
    which = e.WhichOneof("event")
    common = dict(player_id=e.player_id, session_id=e.session_id, timestamp_s=e.timestamp_s, content_id=e.content_id)
    if which == "gaze_dwell":
        g = e.gaze_dwell
        ev = FeedbackEvent("gaze_dwell", element_id=g.element_id, value=g.dwell_s, detail=_GAZE.get(g.source, ""), **common)
    elif which == "rating":
        r = e.rating
        span = r.scale_max - r.scale_min
        if not span > 0:
            raise MessageError(f"rating with an empty scale [{r.scale_min}, {r.scale_max}]")
        ev = FeedbackEvent("rating", value=(r.value - r.scale_min) / span, **common)
    elif which == "interaction":
        i = e.interaction
        ev = FeedbackEvent("interaction", element_id=i.element_id, value=i.duration_s,
                           detail=_INTERACTION.get(i.kind, "unknown"), **common)
    elif which == "comfort":
        ev = FeedbackEvent("comfort", value=e.comfort.discomfort, detail=e.comfort.reason, **common)
    elif which == "locomotion":
        m = e.locomotion
        ev = FeedbackEvent("locomotion", value=m.speed_mps, extra={
            "distance_m": m.distance_m, "turn_rate_dps": m.turn_rate_dps, "window_s": m.window_s}, **common)
    elif which == "session_start":
        ev = FeedbackEvent("session_start", detail=e.session_start.device, **common)
    elif which == "session_end":
        ev = FeedbackEvent("session_end", value=e.session_end.duration_s, detail=e.session_end.reason, **common)
    else:
        raise MessageError("feedback event with no event set (sent by a newer schema?)")
    numbers = [ev.timestamp_s, ev.value, *ev.extra.values()]
    if not all(math.isfinite(x) for x in numbers):
        raise MessageError(f"{which} event with a non-finite number: {numbers}")
    return ev


def feedback_to_pb(ev: FeedbackEvent) -> pb.FeedbackEvent:
    """The wire form of one of our records (what a headset, or the stand-in, sends)."""
    e = pb.FeedbackEvent(player_id=ev.player_id, session_id=ev.session_id,
                         timestamp_s=ev.timestamp_s, content_id=ev.content_id)
    if ev.kind == "gaze_dwell":
        e.gaze_dwell.CopyFrom(pb.GazeDwell(element_id=ev.element_id, dwell_s=ev.value,
                                           source=_GAZE_BACK.get(ev.detail, pb.GAZE_SOURCE_UNSPECIFIED)))
    elif ev.kind == "rating":
        e.rating.CopyFrom(pb.Rating(value=ev.value, scale_min=0.0, scale_max=1.0))
    elif ev.kind == "interaction":
        e.interaction.CopyFrom(pb.Interaction(element_id=ev.element_id, duration_s=ev.value,
                                              kind=_INTERACTION_BACK.get(ev.detail, pb.INTERACTION_KIND_UNSPECIFIED)))
    elif ev.kind == "comfort":
        e.comfort.CopyFrom(pb.ComfortReport(discomfort=ev.value, reason=ev.detail))
    elif ev.kind == "locomotion":
        e.locomotion.CopyFrom(pb.Locomotion(speed_mps=ev.value, **{k: float(ev.extra.get(k, 0.0)) for k in
                                            ("distance_m", "turn_rate_dps", "window_s")}))
    elif ev.kind == "session_start":
        e.session_start.CopyFrom(pb.SessionStart(device=ev.detail))
    elif ev.kind == "session_end":
        e.session_end.CopyFrom(pb.SessionEnd(reason=ev.detail, duration_s=ev.value))
    else:
        raise MessageError(f"unknown feedback kind {ev.kind!r}")
    return e


def batch_to_pb(events: list[FeedbackEvent]) -> pb.FeedbackBatch:
    return pb.FeedbackBatch(header=header(), events=[feedback_to_pb(e) for e in events])


def ack_from_pb(a: pb.ContentAck) -> ContentAck:
    if a.status not in (pb.ACK_STATUS_APPLIED, pb.ACK_STATUS_REJECTED):
        raise MessageError(f"ack for {a.content_id!r} with unknown status {a.status}")
    return ContentAck(content_id=a.content_id, applied=a.status == pb.ACK_STATUS_APPLIED,
                      reason=a.reason, timestamp_s=a.timestamp_s, apply_ms=a.apply_ms)


def ack_to_pb(a: ContentAck) -> pb.ContentAck:
    return pb.ContentAck(header=header(), content_id=a.content_id,
                         status=pb.ACK_STATUS_APPLIED if a.applied else pb.ACK_STATUS_REJECTED,
                         reason=a.reason, timestamp_s=a.timestamp_s, apply_ms=a.apply_ms)
