"""vrbridge commands that close the loop: eval-adaptation, demo, train, playtest, sessions."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def register(sub: "argparse._SubParsersAction") -> None:
    e = sub.add_parser("eval-adaptation", help="every policy vs an oracle on the same simulated players, over gRPC")
    _eval_args(e, players=30, train_players=90)
    e.add_argument("--out", type=Path, default=Path("runs/eval-adaptation"), help="where plots and JSON go")
    e.add_argument("--json", action="store_true", help="end with one JSON line (always printed last)")
    e.set_defaults(func=_eval)

    d = sub.add_parser("demo", help="the main job: stand-in scene, simulated players, generators, adaptation, report")
    _eval_args(d, players=12, train_players=48)
    d.add_argument("--out", type=Path, default=Path("runs/demo"), help="report folder (and its sessions.sqlite)")
    d.set_defaults(func=_demo)

    s = sub.add_parser("sessions", help="the session store: list, show, replay, export, delete-player")
    s.add_argument("--db", type=Path, default=Path("runs/sessions.sqlite"), help="SQLite session store")
    ssub = s.add_subparsers(dest="action", required=True, metavar="ACTION")
    ls = ssub.add_parser("list", help="sessions, oldest first")
    ls.add_argument("--player", default=None)
    show = ssub.add_parser("show", help="one session: counts, mean reward, acks")
    show.add_argument("session_id")
    rp = ssub.add_parser("replay", help="every record of a session in the order it was written (JSON lines)")
    rp.add_argument("session_id")
    ex = ssub.add_parser("export", help="everything stored about one player, as JSON")
    ex.add_argument("player_id")
    ex.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")
    de = ssub.add_parser("delete-player", help="delete one player and everything of theirs")
    de.add_argument("player_id")
    s.set_defaults(func=_sessions)


def _eval_args(p: argparse.ArgumentParser, players: int, train_players: int) -> None:
    p.add_argument("--kind", default="rooms", help="content kind")
    p.add_argument("--players", type=int, default=players, help="simulated players measured")
    p.add_argument("--decisions", type=int, default=20, help="decisions (contents) per player")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--policies", default="random,bandit,cmaes,ppo,adaptive")
    p.add_argument("--generator", default=None, help="checkpoint path, 'procedural', or omit for the shipped default")
    p.add_argument("--train-players", type=int, default=train_players, help="players in the logged sessions the prior learns from")
    p.add_argument("--ppo-players", type=int, default=2000, help="synthetic players PPO pretrains on")
    p.add_argument("--base-port", type=int, default=5005, help="ports base..base+len(policies) are used")


def _sessions(args: argparse.Namespace) -> int:
    from python_bridge.errors import ConfigError
    from python_bridge.store import SessionStore

    if not args.db.exists():
        raise ConfigError(f"no session store at {args.db}; pass --db (vrbridge demo writes DIR/sessions.sqlite)")
    with SessionStore(args.db) as store:
        try:
            if args.action == "list":
                for row in store.list_sessions(args.player):
                    print(json.dumps(row, default=str))
            elif args.action == "show":
                print(json.dumps(store.session_detail(args.session_id), default=str, indent=2))
            elif args.action == "replay":
                for rec in store.replay(args.session_id):
                    data = rec.data.__dict__ if hasattr(rec.data, "__dict__") else rec.data
                    print(json.dumps({"seq": rec.seq, "type": rec.type, "data": data}, default=str))
            elif args.action == "export":
                text = json.dumps(store.export_player(args.player_id), default=str, indent=2)
                if args.out:
                    args.out.write_text(text)
                    print(f"wrote {args.out}", file=sys.stderr)
                else:
                    print(text)
            elif args.action == "delete-player":
                counts = store.delete_player(args.player_id)
                print(json.dumps({"deleted": counts}))
        except KeyError as exc:
            raise ConfigError(f"{exc.args[0]}; `vrbridge sessions --db {args.db} list` shows what is stored") from None
    return 0


def _run(args: argparse.Namespace, store=None) -> dict:
    from python_bridge.adaptation import eval_adaptation

    for noisy in ("mlagents_envs", "python_bridge.loop"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    return eval_adaptation(kind=args.kind, players=args.players, decisions=args.decisions, seed=args.seed,
                           policies=tuple(args.policies.split(",")), generator=args.generator,
                           base_port=args.base_port, train_players=args.train_players,
                           ppo_players=args.ppo_players, store=store,
                           progress=lambda m: print(m, file=sys.stderr, flush=True))


def _print_table(summary: dict) -> None:
    table = summary["table"]
    cols = list(next(iter(table.values())).keys())
    print(f"{'policy':<10}" + "".join(f"{'@' + c:>9}" for c in cols), file=sys.stderr)
    for name, row in table.items():
        print(f"{name:<10}" + "".join(f"{row[c]:>9.3f}" for c in cols), file=sys.stderr)


def _eval(args: argparse.Namespace) -> int:
    from python_bridge.report import write_report

    summary = write_report(_run(args), args.out)
    _print_table(summary)
    print(json.dumps(summary, default=float))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from python_bridge.report import write_report
    from python_bridge.store import SessionStore

    args.out.mkdir(parents=True, exist_ok=True)
    with SessionStore(args.out / "sessions.sqlite") as store:
        summary = _run(args, store)
        summary["store"] = {"path": str(args.out / "sessions.sqlite"), "sessions": len(store.list_sessions()),
                            "players": len(store.list_players())}
    summary = write_report(summary, args.out)
    _print_table(summary)
    print(f"report: {args.out}/summary.json, {', '.join(Path(f).name for f in summary['files'].values())}",
          file=sys.stderr)
    print(json.dumps(summary, default=float))
    return 0
