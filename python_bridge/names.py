"""The project's vocabulary, spelled once: content kinds, policy names and the defaults the commands share.

Light on purpose (no imports): the command line reads it to build ``choices`` and defaults while
``vrbridge --help`` stays fast. ``content.registry`` and ``policy`` check themselves against it.
"""
from __future__ import annotations

KIND_NAMES: tuple[str, ...] = ("rooms", "textures", "terrain", "characters")
"""Every content kind (``content.registry`` holds their implementations)."""

IMPORTABLE_KINDS: tuple[str, ...] = ("rooms", "textures", "terrain")
"""Kinds ``vrbridge corpus import`` reads from files (PNG, room JSON)."""

DEFAULT_KIND = "textures"
"""The kind every command uses unless told otherwise: its shipped generator makes valid content
across its whole latent space, so every policy can be tried on it."""

POLICY_NAMES: tuple[str, ...] = ("random", "bandit", "cmaes", "ppo", "adaptive")
"""Every policy ``policy.make_policy`` builds."""

PLAYER_POLICIES: tuple[str, ...] = ("random", "bandit", "cmaes", "adaptive")
"""Policies that adapt to one player at a time (``playtest``: no learning across people)."""

EVAL_POLICIES: tuple[str, ...] = ("random", "bandit", "cmaes", "favourite", "ppo", "ideal-point", "adaptive")
"""What ``eval-adaptation`` and ``demo`` can compare: the policies, ``favourite`` (one fixed item, the
training population's favourite) and ``ideal-point`` (the previous adaptive model, a baseline)."""

DEFAULT_EVAL_POLICIES: tuple[str, ...] = ("random", "bandit", "cmaes", "favourite", "adaptive")
