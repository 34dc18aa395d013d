"""The reward the policy learns from: a documented, configurable weighting of feedback events.

``reward = (w_rating * rating + w_dwell * dwell_term + w_interaction * interaction_term)
           / (sum of the weights of the terms present)  -  w_comfort * discomfort_max``

- ``rating``: mean rating in [0, 1]; when there is none, the term and its weight drop out of the
  average (the other signals stand in for it);
- ``dwell_term = 1 - exp(-dwell_total_s / dwell_scale_s)`` in [0, 1); present when any dwell is;
- ``interaction_term = 1 - exp(-sum(kind_weight) / interaction_scale)`` where hover, select and
  activate count ``hover_weight``, ``select_weight``, ``activate_weight``; present when there is
  any gaze or interaction (no interactions despite looking is evidence, and counts as 0);
- ``discomfort_max``: worst comfort report in [0, 1]; 0 if none.

So a reward lies in ``[-w_comfort, 1]``; empty input (or only session events) gives 0.
Events with NaN/inf values are dropped (and counted by ``reward_terms``); unknown kinds ignored.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Iterable

from python_bridge.features.feedback import clean_events
from python_bridge.types import FeedbackEvent


@dataclass(frozen=True)
class RewardWeights:
    """Weights of ``reward_from_feedback``; defaults favour what the player says over what they do."""

    rating: float = 1.0
    """Weight of the mean explicit rating (the most direct signal)."""
    dwell: float = 0.3
    """Weight of the saturating gaze-dwell term."""
    interaction: float = 0.2
    """Weight of the saturating interaction term."""
    comfort: float = 1.0
    """Penalty per unit of worst reported discomfort (subtracted; comfort beats appeal)."""
    dwell_scale_s: float = 8.0
    """Dwell seconds at which the dwell term reaches 1 - 1/e."""
    interaction_scale: float = 2.0
    """Weighted interaction count at which the interaction term reaches 1 - 1/e."""
    hover_weight: float = 0.25
    select_weight: float = 0.5
    activate_weight: float = 1.0


def reward_terms(events: Iterable[FeedbackEvent], weights: RewardWeights = RewardWeights()) -> dict[str, float]:
    """Every term of the reward, for logging: rating, dwell, interaction, discomfort, reward, n_dropped, n_unknown.

    A term that is absent from the events is NaN-free: it is reported as -1 (rating) or 0.
    """
    good, dropped, unknown = clean_events(events)
    ratings = [min(1.0, max(0.0, e.value)) for e in good if e.kind == "rating"]
    dwells = [max(0.0, e.value) for e in good if e.kind == "gaze_dwell"]
    kind_w = {"hover": weights.hover_weight, "select": weights.select_weight, "activate": weights.activate_weight}
    inter = [kind_w.get(e.detail, weights.hover_weight) for e in good if e.kind == "interaction"]
    comfort = [min(1.0, max(0.0, e.value)) for e in good if e.kind == "comfort"]

    num = den = 0.0
    rating = sum(ratings) / len(ratings) if ratings else -1.0
    if ratings:
        num, den = num + weights.rating * rating, den + weights.rating
    dwell = 1.0 - math.exp(-sum(dwells) / weights.dwell_scale_s) if dwells else 0.0
    if dwells:
        num, den = num + weights.dwell * dwell, den + weights.dwell
    interaction = 1.0 - math.exp(-sum(inter) / weights.interaction_scale) if inter else 0.0
    if inter or dwells:
        num, den = num + weights.interaction * interaction, den + weights.interaction
    discomfort = max(comfort) if comfort else 0.0
    reward = (num / den if den > 0 else 0.0) - weights.comfort * discomfort
    return {"rating": rating, "dwell": dwell, "interaction": interaction, "discomfort": discomfort,
            "reward": reward, "n_dropped": float(dropped), "n_unknown": float(unknown)}


def reward_from_feedback(events: Iterable[FeedbackEvent], weights: RewardWeights = RewardWeights()) -> float:
    """Scalar reward in ``[-weights.comfort, 1]`` for the events since the last decision (0 if none)."""
    return reward_terms(events, weights)["reward"]


def weights_dict(weights: RewardWeights) -> dict[str, float]:
    """The weights as a plain dict (for configs and the store)."""
    return asdict(weights)
