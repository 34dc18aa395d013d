"""Feedback events -> feature vectors and rewards (numpy only; no other stage imported)."""
from python_bridge.features.feedback import FEATURE_INDEX, FEATURE_NAMES, FeedbackFeatures, clean_events
from python_bridge.features.reward import RewardWeights, reward_from_feedback, reward_terms, weights_dict

__all__ = [
    "FEATURE_INDEX", "FEATURE_NAMES", "FeedbackFeatures", "RewardWeights", "clean_events",
    "reward_from_feedback", "reward_terms", "weights_dict",
]
