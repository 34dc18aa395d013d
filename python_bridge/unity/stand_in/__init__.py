"""The Unity stand-in: a process that plays Unity's side of the ML-Agents protocol with simulated players."""
from __future__ import annotations

from python_bridge.names import DEFAULT_KIND, KIND_NAMES
import argparse
import json
import logging
import os
import stat
import sys
from pathlib import Path
from typing import Sequence

log = logging.getLogger(__name__)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The stand-in's flags; the Unity player's own flags are accepted too (see parse_args)."""
    p.add_argument("--port", type=int, default=None,
                   help="connect to a trainer on this port, as the editor does (default 5004)")
    p.add_argument("--mlagents-port", dest="mlagents_port", type=int, default=None,
                   help="what UnityEnvironment passes to a built player; same meaning as --port")
    p.add_argument("--host", default="127.0.0.1", help="trainer address (default loopback)")
    p.add_argument("--steps", type=int, default=None,
                   help="decision steps to play, then leave as a stopped editor does (default: until the trainer quits)")
    p.add_argument("--kind", default=DEFAULT_KIND, choices=KIND_NAMES, help="content kind the scene shows")
    p.add_argument("--agents", type=int, default=1, help="director agents (simultaneous simulated players)")
    p.add_argument("--contents-per-session", type=int, default=20, help="contents per player session")
    p.add_argument("--population-seed", type=int, default=0, help="seed of the simulated player population")
    p.add_argument("--population-size", type=int, default=64, help="players in the population (sessions cycle through them)")
    p.add_argument("--population", default=None,
                   help="who plays: FILE.py:FACTORY or package.module:FACTORY (docs/players.md; "
                        "default python_bridge.players.families:ideal_point)")
    p.add_argument("--connect-timeout", type=float, default=60.0, help="seconds to wait for the trainer")
    p.add_argument("--communication-version", default=None, help=argparse.SUPPRESS)  # tests: a wrong peer


def _normalise_unity_flags(argv: Sequence[str]) -> tuple[list[str], dict]:
    """Unity players get single-dash flags (-nographics, -batchmode, -logFile PATH); accept them."""
    out, extra, it = [], {"nographics": False, "batchmode": False, "logfile": None}, iter(argv)
    for a in it:
        if a in ("-nographics", "-batchmode"):
            extra[a[1:]] = True
        elif a == "-logFile":
            extra["logfile"] = next(it, None)
        else:
            out.append(a)
    return out, extra


def run(args: argparse.Namespace, logfile: str | None = None) -> int:
    """Play the scene against the trainer; print one JSON line last. Returns the exit code."""
    from python_bridge.unity.stand_in.peer import PeerError, UnityPeer, COMMUNICATION_VERSION
    from python_bridge.unity.stand_in.scene import SceneConfig, SimScene

    if logfile and logfile != "-":
        Path(logfile).parent.mkdir(parents=True, exist_ok=True)  # as a Unity player does
        logging.getLogger().addHandler(logging.FileHandler(logfile))
    port = args.mlagents_port or args.port or 5004
    from python_bridge.players.protocol import PopulationError

    config = SceneConfig(kind=args.kind, agents=args.agents, population_seed=args.population_seed,
                         contents_per_session=args.contents_per_session, population_size=args.population_size)
    if args.population:
        config.population = args.population
    try:
        scene = SimScene(config)
    except PopulationError as exc:
        print(f"sim-unity: {exc}", file=sys.stderr)
        print(json.dumps({"steps": 0, "error": str(exc), "quit_reason": "bad population"}), flush=True)
        return 2
    peer = UnityPeer(f"{args.host}:{port}", scene, connect_timeout_s=args.connect_timeout,
                     communication_version=args.communication_version or COMMUNICATION_VERSION)
    code = 0
    try:
        stats = peer.run(max_steps=args.steps)
        reason = stats.quit_reason
    except PopulationError as exc:
        reason, code = str(exc), 1
        print(f"sim-unity: {exc}", file=sys.stderr)
    except PeerError as exc:
        reason, code = str(exc), 1
        print(f"sim-unity: {exc}. Is `vrbridge serve --port {port}` (or the trainer) running?", file=sys.stderr)
    except KeyboardInterrupt:
        reason, code = "interrupted", 130
    st = scene.stats
    print(json.dumps({
        "steps": peer.stats.steps, "resets": peer.stats.resets, "feedback_sent": st.feedback_sent,
        "content_applied": st.content_applied, "content_rejected": st.content_rejected,
        "acks_sent": st.acks_sent, "chunks_received": st.chunks_received, "dropped": dict(st.dropped), "port": port,
        "quit_reason": reason,
    }), flush=True)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point when launched as a built player: ``python -m python_bridge.unity.stand_in``."""
    argv, extra = _normalise_unity_flags(list(sys.argv[1:] if argv is None else argv))
    parser = argparse.ArgumentParser(prog="sim-unity", description=__doc__)
    add_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s sim-unity: %(message)s")
    return run(args, extra["logfile"])


def write_player(folder: str | os.PathLike, extra_args: Sequence[str] = ()) -> Path:
    """Write an executable ``sim-unity.x86_64`` that UnityEnvironment(file_name=...) can launch.

    It runs this interpreter on the stand-in, with ``extra_args`` baked in before the flags
    ML-Agents adds (--mlagents-port, -nographics, -batchmode, -logFile).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sim-unity.x86_64"
    baked = " ".join(_sh_quote(a) for a in extra_args)
    path.write_text(f'#!/bin/sh\nexec {_sh_quote(sys.executable)} -m python_bridge.unity.stand_in {baked} "$@"\n')
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def _sh_quote(s: str) -> str:
    import shlex

    return shlex.quote(str(s))
