"""Feedback events since the last decision -> one fixed-size float32 feature vector (numpy only).

Layout (``FEATURE_NAMES``, index: meaning; seconds, metres, counts in natural units, no scaling):

====  =======================  ==============================================================
 0    n_events                 events used (after dropping bad ones)
 1    dwell_total_s            sum of gaze_dwell seconds
 2    dwell_max_s              longest single dwell
 3    n_elements_dwelt         distinct element ids dwelt on
 4    rating_last              last rating in [0, 1]; -1 if none
 5    rating_mean              mean rating in [0, 1]; -1 if none
 6    n_ratings                number of ratings
 7    n_hover                  hover interactions
 8    n_select                 select interactions
 9    n_activate               activate interactions
10    interaction_s_total      seconds held over all interactions
11    discomfort_max           worst comfort report in [0, 1]; 0 if none
12    discomfort_mean          mean comfort report; 0 if none
13    n_comfort_reports        comfort reports
14    speed_mean_mps           mean locomotion speed; 0 if none
15    turn_rate_mean_dps       mean ``extra["turn_rate_dps"]``; 0 if none
16    distance_m               sum of ``extra["distance_m"]``
17    window_s                 last minus first timestamp
18    session_started          1 if a session_start is among the events
19    session_ended            1 if a session_end is among the events
20    n_dropped                events dropped for a NaN/inf value or timestamp
21    n_unknown                events of a kind this module does not know (ignored)
====  =======================  ==============================================================
"""
from __future__ import annotations

import math
from typing import Iterable

import numpy as np

from python_bridge.types import FeedbackEvent

FEATURE_NAMES: tuple[str, ...] = (
    "n_events", "dwell_total_s", "dwell_max_s", "n_elements_dwelt", "rating_last", "rating_mean", "n_ratings",
    "n_hover", "n_select", "n_activate", "interaction_s_total", "discomfort_max", "discomfort_mean",
    "n_comfort_reports", "speed_mean_mps", "turn_rate_mean_dps", "distance_m", "window_s",
    "session_started", "session_ended", "n_dropped", "n_unknown",
)
FEATURE_INDEX: dict[str, int] = {name: i for i, name in enumerate(FEATURE_NAMES)}
_KNOWN = {"gaze_dwell", "rating", "interaction", "comfort", "locomotion", "session_start", "session_end"}


def _finite(x: object) -> bool:
    try:
        return math.isfinite(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def clean_events(events: Iterable[FeedbackEvent]) -> tuple[list[FeedbackEvent], int, int]:
    """Split events into (usable known events, n_dropped, n_unknown).

    Dropped: non-finite ``value`` or ``timestamp_s``. Unknown: a ``kind`` outside ``FEEDBACK_KINDS``.
    """
    good: list[FeedbackEvent] = []
    dropped = unknown = 0
    for e in events:
        if getattr(e, "kind", None) not in _KNOWN:
            unknown += 1
        elif not (_finite(e.value) and _finite(e.timestamp_s)):
            dropped += 1
        else:
            good.append(e)
    return good, dropped, unknown


class FeedbackFeatures:
    """Feature extraction: ``transform(events) -> (F,)`` float32, ``F = len(FEATURE_NAMES)``.

    Stateless use: ``FeedbackFeatures()(events)``. Between decisions: ``push(events)`` as batches
    arrive, then ``pop()`` returns the vector for everything since the last ``pop()`` and clears.
    ``n_dropped_total`` / ``n_unknown_total`` count bad events over the object's life.
    """

    names: tuple[str, ...] = FEATURE_NAMES
    dim: int = len(FEATURE_NAMES)

    def __init__(self) -> None:
        self._pending: list[FeedbackEvent] = []
        self.n_dropped_total = 0
        self.n_unknown_total = 0

    def push(self, events: Iterable[FeedbackEvent]) -> None:
        """Buffer events until the next ``pop()``."""
        self._pending.extend(events)

    def pop(self) -> np.ndarray:
        """``(F,)`` float32 features of the buffered events; empties the buffer."""
        events, self._pending = self._pending, []
        return self.transform(events)

    def __call__(self, events: Iterable[FeedbackEvent]) -> np.ndarray:
        return self.transform(events)

    def transform(self, events: Iterable[FeedbackEvent]) -> np.ndarray:
        """``(F,)`` float32 features of ``events`` (any order, may be empty)."""
        good, dropped, unknown = clean_events(events)
        self.n_dropped_total += dropped
        self.n_unknown_total += unknown
        f = np.zeros(self.dim, dtype=np.float64)
        f[FEATURE_INDEX["rating_last"]] = f[FEATURE_INDEX["rating_mean"]] = -1.0
        f[FEATURE_INDEX["n_events"]] = len(good)
        f[FEATURE_INDEX["n_dropped"]] = dropped
        f[FEATURE_INDEX["n_unknown"]] = unknown
        if not good:
            return f.astype(np.float32)
        good.sort(key=lambda e: e.timestamp_s)
        dwell = [e for e in good if e.kind == "gaze_dwell"]
        ratings = [e.value for e in good if e.kind == "rating"]
        inter = [e for e in good if e.kind == "interaction"]
        comfort = [e.value for e in good if e.kind == "comfort"]
        loco = [e for e in good if e.kind == "locomotion"]
        if dwell:
            secs = [max(0.0, e.value) for e in dwell]
            f[FEATURE_INDEX["dwell_total_s"]] = sum(secs)
            f[FEATURE_INDEX["dwell_max_s"]] = max(secs)
            f[FEATURE_INDEX["n_elements_dwelt"]] = len({e.element_id for e in dwell})
        if ratings:
            clipped = np.clip(ratings, 0.0, 1.0)
            f[FEATURE_INDEX["rating_last"]] = clipped[-1]
            f[FEATURE_INDEX["rating_mean"]] = clipped.mean()
            f[FEATURE_INDEX["n_ratings"]] = len(ratings)
        for name in ("hover", "select", "activate"):
            f[FEATURE_INDEX[f"n_{name}"]] = sum(1 for e in inter if e.detail == name)
        f[FEATURE_INDEX["interaction_s_total"]] = sum(max(0.0, e.value) for e in inter)
        if comfort:
            c = np.clip(comfort, 0.0, 1.0)
            f[FEATURE_INDEX["discomfort_max"]] = c.max()
            f[FEATURE_INDEX["discomfort_mean"]] = c.mean()
            f[FEATURE_INDEX["n_comfort_reports"]] = len(comfort)
        if loco:
            f[FEATURE_INDEX["speed_mean_mps"]] = float(np.mean([max(0.0, e.value) for e in loco]))
            turns = [float(e.extra["turn_rate_dps"]) for e in loco if _finite(e.extra.get("turn_rate_dps"))]
            f[FEATURE_INDEX["turn_rate_mean_dps"]] = float(np.mean(turns)) if turns else 0.0
            f[FEATURE_INDEX["distance_m"]] = sum(float(e.extra["distance_m"]) for e in loco if _finite(e.extra.get("distance_m")))
        f[FEATURE_INDEX["window_s"]] = good[-1].timestamp_s - good[0].timestamp_s
        f[FEATURE_INDEX["session_started"]] = float(any(e.kind == "session_start" for e in good))
        f[FEATURE_INDEX["session_ended"]] = float(any(e.kind == "session_end" for e in good))
        # float32 overflow of a huge-but-finite value would become inf; keep the vector finite.
        return np.clip(f, -3e38, 3e38).astype(np.float32)
