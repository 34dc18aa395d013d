"""The director agent's ML-Agents spec, shared by the link, the stand-in and (in C#) the Unity project."""

BEHAVIOR_NAME = "ContentDirector?team=0"
OBSERVATION_SIZE = 8   # layout: docs/ARCHITECTURE.md, "The director agent"
ACTION_SIZE = 8        # the point the policy chose, in [-1, 1]
SEED_PARAMETER = "vrbridge.seed"  # environment parameter that seeds a reset (gymnasium's reset(seed=...))
