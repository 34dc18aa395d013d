"""The player protocol: what a population of people must provide, and loading one from ``FILE.py:FACTORY``.

A *player* is shown content exactly as the scene shows it (the raw item array of the kind, its
slot and the scene time) and answers with ``FeedbackEvent`` records. It also exposes
``utility(item)``: its noise-free liking, used only to score a policy (oracle, fraction of
oracle), never by one. A *population* is made by a factory ``factory(n, seed, kind) -> players``.
The full contract, with a complete example, is ``docs/players.md``.

A population is named by a spec: ``path/to/file.py:FACTORY`` or ``package.module:FACTORY``
(e.g. ``python_bridge.players.families:perceptual``). Every fault in a spec, a factory or a
player is a ``PopulationError`` whose one line names the spec and the fault.
"""
from __future__ import annotations

import importlib
import importlib.util
import math
import sys
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence, runtime_checkable

import numpy as np

from python_bridge.errors import ConfigError
from python_bridge.types import FEEDBACK_KINDS, FeedbackEvent

REQUIRED_METHODS: tuple[str, ...] = ("session_start", "experience", "session_end", "utility")


class PopulationError(ConfigError):
    """A ``--population`` cannot be imported, its factory returns the wrong things, or a player misbehaves."""


@runtime_checkable
class Player(Protocol):
    """One (simulated) person. See ``docs/players.md`` for what each method must return."""

    player_id: str

    def session_start(self, t0: float, session_id: str) -> FeedbackEvent: ...

    def experience(self, content_id: str, item: np.ndarray, slot: str, t0: float,
                   rng: np.random.Generator) -> list[FeedbackEvent]: ...

    def session_end(self, t: float, t_start: float, reason: str = "done") -> FeedbackEvent: ...

    def utility(self, item: np.ndarray, decision: int | None = None) -> float: ...


Factory = Callable[[int, int, str], Sequence[Any]]


def load_factory(spec: str) -> Factory:
    """The factory named by ``spec`` (``FILE.py:NAME`` or ``package.module:NAME``)."""
    if not isinstance(spec, str) or ":" not in spec:
        raise PopulationError(f"population {spec!r}: expected FILE.py:FACTORY or package.module:FACTORY")
    where, _, name = spec.rpartition(":")
    if not where or not name.isidentifier():
        raise PopulationError(f"population {spec!r}: expected FILE.py:FACTORY or package.module:FACTORY")
    if where.endswith(".py") or "/" in where or "\\" in where:
        path = Path(where)
        if not path.is_file():
            raise PopulationError(f"population {spec!r}: no file {path} (give a path to a .py file, relative to "
                                  "where vrbridge runs, or package.module:FACTORY)")
        mod_name = f"vrbridge_population_{abs(hash(str(path.resolve())))}"
        try:
            file_spec = importlib.util.spec_from_file_location(mod_name, path)
            assert file_spec is not None and file_spec.loader is not None
            module = importlib.util.module_from_spec(file_spec)
            sys.modules[mod_name] = module
            file_spec.loader.exec_module(module)
        except Exception as exc:  # the user's file: any error is theirs to fix, named here
            sys.modules.pop(mod_name, None)
            raise PopulationError(f"population {spec!r}: importing {path} failed with "
                                  f"{type(exc).__name__}: {exc}") from exc
    else:
        try:
            module = importlib.import_module(where)
        except Exception as exc:
            raise PopulationError(f"population {spec!r}: cannot import module {where!r} "
                                  f"({type(exc).__name__}: {exc})") from exc
    factory = getattr(module, name, None)
    if factory is None or not callable(factory):
        raise PopulationError(f"population {spec!r}: {where} has no callable {name!r}")
    return factory


def family_name(spec: str) -> str:
    """A short name for a population spec: its factory's name (``...:perceptual`` -> ``perceptual``)."""
    return spec.rpartition(":")[2] or spec


def make_players(spec: str, n: int, seed: int, kind: str) -> list[Any]:
    """``n`` players of ``kind`` from the population ``spec``, checked against the protocol."""
    factory = load_factory(spec)
    try:
        players = factory(int(n), int(seed), str(kind))
    except PopulationError:
        raise
    except Exception as exc:
        raise PopulationError(f"population {spec!r}: {family_name(spec)}({n}, {seed}, {kind!r}) raised "
                              f"{type(exc).__name__}: {exc}") from exc
    try:
        players = list(players)
    except TypeError:
        raise PopulationError(f"population {spec!r}: the factory returned {type(players).__name__}, "
                              "not a list of players") from None
    if len(players) != n:
        raise PopulationError(f"population {spec!r}: asked for {n} players, the factory returned {len(players)}")
    seen: set[str] = set()
    for i, p in enumerate(players):
        missing = [m for m in REQUIRED_METHODS if not callable(getattr(p, m, None))]
        pid = getattr(p, "player_id", None)
        if missing:
            raise PopulationError(f"population {spec!r}: player {i} ({type(p).__name__}) lacks "
                                  f"{', '.join(missing)}; see docs/players.md")
        if not isinstance(pid, str) or not pid:
            raise PopulationError(f"population {spec!r}: player {i} has no string player_id")
        if pid in seen:
            raise PopulationError(f"population {spec!r}: player id {pid!r} appears twice; ids must be unique")
        seen.add(pid)
    return players


def check_events(spec: str, player: Any, events: Any, content_id: str = "") -> list[FeedbackEvent]:
    """``events`` if they are a list of well-formed ``FeedbackEvent`` about ``content_id``, else a PopulationError."""
    where = f"population {spec!r}: player {getattr(player, 'player_id', '?')}"
    if not isinstance(events, (list, tuple)):
        raise PopulationError(f"{where}: experience() returned {type(events).__name__}, not a list of FeedbackEvent")
    for e in events:
        if not isinstance(e, FeedbackEvent):
            raise PopulationError(f"{where}: experience() returned a {type(e).__name__}, not a FeedbackEvent")
        if e.kind not in FEEDBACK_KINDS:
            raise PopulationError(f"{where}: event kind {e.kind!r} is not one of {', '.join(FEEDBACK_KINDS)}")
        if not (isinstance(e.value, (int, float)) and math.isfinite(e.value)) or not math.isfinite(e.timestamp_s):
            raise PopulationError(f"{where}: a {e.kind} event has a non-finite value or timestamp")
        if content_id and e.kind not in ("session_start", "session_end") and e.content_id != content_id:
            raise PopulationError(f"{where}: a {e.kind} event names content {e.content_id!r}, "
                                  f"not the content shown ({content_id!r})")
    return list(events)


def utilities(player: Any, items: np.ndarray, decision: int | None = None) -> np.ndarray:
    """``(N,)`` noise-free utilities of ``items`` for ``player`` (its ``utility_batch`` when it has one)."""
    batch = getattr(player, "utility_batch", None)
    if callable(batch):
        u = np.asarray(batch(items, decision), dtype=np.float64).reshape(len(items))
    else:
        u = np.array([float(player.utility(it, decision)) for it in items], dtype=np.float64)
    return np.nan_to_num(u, nan=0.0, posinf=0.0, neginf=0.0)


def drifts(player: Any) -> bool:
    """True when the player's taste changes with the decision (``utility(item, decision)`` depends on it)."""
    return bool(getattr(player, "drifts", False))


def dry_run(spec: str, players: Sequence[Any], item: np.ndarray) -> None:
    """Run each player through one session on ``item`` and check what comes back (PopulationError on a fault)."""
    rng = np.random.default_rng(0)
    for p in players:
        where = f"population {spec!r}: player {p.player_id}"
        try:
            start = p.session_start(0.0, "s-check")
            events = p.experience("c-check", item, "director-0", 1.0, rng)
            end = p.session_end(60.0, 0.0, "done")
            u = float(p.utility(item))
        except Exception as exc:
            raise PopulationError(f"{where} raised {type(exc).__name__}: {exc}") from exc
        check_events(spec, p, [start, end], "")
        check_events(spec, p, events, "c-check")
        if not math.isfinite(u):
            raise PopulationError(f"{where}: utility() returned {u}; it must be a finite float")
