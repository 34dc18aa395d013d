"""The director agent's ML-Agents spec, shared by the link, the stand-in and (in C#) the Unity project."""
from enum import IntEnum

BEHAVIOR_NAME = "ContentDirector?team=0"
ACTION_SIZE = 8        # the point the policy chose, in [-1, 1]
SEED_PARAMETER = "vrbridge.seed"  # environment parameter that seeds a reset (gymnasium's reset(seed=...))


class Obs(IntEnum):
    """Index of each field of the director agent's vector observation, computed on the headset since
    the last applied content (docs/ARCHITECTURE.md, "The director agent"; same order in C#)."""

    SECONDS_SINCE_CONTENT = 0   # scene-clock seconds since the current content was applied
    GAZE_DWELL_S = 1            # total gaze dwell on it
    LAST_RATING = 2             # last rating in [0, 1], -1 if none
    INTERACTIONS = 3            # interaction count
    DISCOMFORT_MAX = 4          # highest discomfort report in [0, 1]
    MEAN_SPEED = 5              # mean player speed, m/s
    CONTENT_PENDING = 6         # 1 while content is on its way or none was applied yet
    DECISION_REASON = 7         # 0 = cadence, 1 = the player has experienced the content


OBSERVATION_SIZE = len(Obs)
