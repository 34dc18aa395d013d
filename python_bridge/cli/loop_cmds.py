"""vrbridge commands that close the loop: eval-adaptation, demo, train, playtest, sessions."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from python_bridge.names import DEFAULT_EVAL_POLICIES, DEFAULT_KIND, EVAL_POLICIES, KIND_NAMES, PLAYER_POLICIES

log = logging.getLogger(__name__)


def register(sub: "argparse._SubParsersAction") -> None:
    e = sub.add_parser("eval-adaptation", help="every policy vs an oracle on the same simulated players, over gRPC")
    _eval_args(e, players=30, train_players=300)
    e.add_argument("--out", type=Path, default=Path("runs/eval-adaptation"), help="where plots and JSON go")
    e.add_argument("--json", action="store_true", help="end with one JSON line (always printed last)")
    e.set_defaults(func=_eval)

    d = sub.add_parser("demo", help="the main job: stand-in scene, simulated players, generators, adaptation, report")
    _eval_args(d, players=8, train_players=40, ppo_players=500)
    d.add_argument("--out", type=Path, default=Path("runs/demo"), help="report folder (and its sessions.sqlite)")
    d.set_defaults(func=_demo)

    t = sub.add_parser("train", help="train the PPO director across many players, headless or beside the editor",
                       description="PPO across many players. --env sim launches the stand-in (one per worker); "
                                   "--env editor waits on port 5004 for Play, as mlagents-learn does; any other "
                                   "value is a built Unity player to launch, one per worker (ports 5005 + worker).")
    t.add_argument("--env", default="sim", help="sim, editor, or PATH/TO/PLAYER (a built Unity player)")
    t.add_argument("--num-envs", type=int, default=1, help="scenes (Unity instances) at once; ports by worker id")
    t.add_argument("--no-graphics", action="store_true", help="pass -nographics -batchmode to players")
    t.add_argument("--kind", default=DEFAULT_KIND, choices=KIND_NAMES, help="content kind")
    t.add_argument("--generator", default=None, help="checkpoint path, 'procedural', or omit for the shipped default")
    t.add_argument("--decisions", type=int, default=20000, help="total decisions (across players) to train for")
    t.add_argument("--agents", type=int, default=16, help="simulated players per stand-in scene (--env sim)")
    t.add_argument("--horizon", type=int, default=20, help="decisions per player session")
    t.add_argument("--base-port", type=int, default=None, help="first worker port (default: 5004 for editor, else 5005)")
    t.add_argument("--seed", type=int, default=0, help="seed of the policy and the simulated players")
    t.add_argument("--out", type=Path, default=Path("runs/train"), help="checkpoint and TensorBoard folder")
    t.set_defaults(func=_train)

    pt = sub.add_parser("playtest", help="a person in the headset (Quest via Link): safe bounds, comfort guard, live view",
                        description="Beside the editor (Quest via Link): no exploration beyond the safe bounds, "
                                    "content never changes faster than the comfort guard allows, invalid content is "
                                    "never sent, every event is logged, and a live console shows what was shown and "
                                    "how it was received.")
    pt.add_argument("--editor", action="store_true", help="connect to the Unity editor in Play mode (the only mode; kept for older scripts)")
    pt.add_argument("--port", type=int, default=5004, help="port the editor connects to")
    pt.add_argument("--kind", default=DEFAULT_KIND, choices=KIND_NAMES, help="content kind")
    pt.add_argument("--policy", default="bandit", choices=PLAYER_POLICIES,
                    help="per-player policy inside the safe bounds (adaptive needs --prior)")
    pt.add_argument("--prior", type=Path, default=None, help="the adaptive policy's prior, from `vrbridge fit-prior`")
    pt.add_argument("--generator", default=None, help="checkpoint path, 'procedural', or omit for the shipped default")
    pt.add_argument("--bound", type=float, default=0.8, help="safe latent bound (the policy's Box is [-bound, bound])")
    pt.add_argument("--min-seconds", type=float, default=8.0, help="least scene seconds between content changes")
    pt.add_argument("--db", type=Path, default=Path("runs/playtest/sessions.sqlite"), help="session store")
    pt.add_argument("--steps", type=int, default=10**9, help="exchanges before stopping")
    pt.add_argument("--wait", type=float, default=600.0, help="seconds to wait for Play")
    pt.set_defaults(func=_playtest)

    fp = sub.add_parser("fit-prior", help="fit the adaptive policy's prior on the sessions in a store (e.g. earlier playtests)",
                        description="Learns the adaptive policy's population prior (a GP over what content is) from logged sessions (who was shown what, and the "
                                    "reward) and writes it for `vrbridge playtest --policy adaptive --prior FILE`. The "
                                    "logged latents are described with --generator, which must be the one that made them.")
    fp.add_argument("--db", type=Path, required=True, help="session store with logged sessions of --kind")
    fp.add_argument("--kind", default=DEFAULT_KIND, choices=KIND_NAMES, help="content kind of the logged sessions")
    fp.add_argument("--generator", default=None, help="the generator the sessions were played with (default: shipped)")
    fp.add_argument("--out", type=Path, required=True, help="prior file to write (.npz)")
    fp.add_argument("--pool-size", type=int, default=2048, help="candidate content described in advance")
    fp.add_argument("--decisions", type=int, default=None,
                    help="shows per session the fit uses (default: the most common session length; shorter ones are left out)")
    fp.add_argument("--seed", type=int, default=0, help="seed of the fit and the candidate pool")
    fp.set_defaults(func=_fit_prior)

    s = sub.add_parser("sessions", help="the session store: list, show, replay, export, delete-player")
    s.add_argument("--db", type=Path, default=Path("runs/sessions.sqlite"), help="SQLite session store")
    ssub = s.add_subparsers(dest="action", required=True, metavar="ACTION")
    ls = ssub.add_parser("list", help="sessions, oldest first")
    ls.add_argument("--player", default=None, help="only this (pseudonymous) player's sessions")
    show = ssub.add_parser("show", help="one session: counts, mean reward, acks")
    show.add_argument("session_id", help="id from `sessions list`")
    rp = ssub.add_parser("replay", help="every record of a session in the order it was written (JSON lines)")
    rp.add_argument("session_id", help="id from `sessions list`")
    ex = ssub.add_parser("export", help="everything stored about one player, as JSON")
    ex.add_argument("player_id", help="pseudonymous player id from `sessions list`")
    ex.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")
    de = ssub.add_parser("delete-player", help="delete one player and everything of theirs")
    de.add_argument("player_id", help="pseudonymous player id from `sessions list`")
    s.set_defaults(func=_sessions)


def _eval_args(p: argparse.ArgumentParser, players: int, train_players: int, ppo_players: int = 2000) -> None:
    # Textures by default: its shipped VAE makes valid content across its latent space (see
    # docs/generators.md for each kind's measured validity).
    p.add_argument("--kind", default=DEFAULT_KIND, choices=KIND_NAMES, help="content kind")
    p.add_argument("--players", type=int, default=players, help="simulated players measured")
    p.add_argument("--decisions", type=int, default=20, help="decisions (contents) per player")
    p.add_argument("--seed", type=int, default=0, help="seed of the players, the logs and the policies")
    p.add_argument("--policies", default=",".join(DEFAULT_EVAL_POLICIES),
                   help=f"comma-separated, from {', '.join(EVAL_POLICIES)} (favourite: one fixed item, the training "
                        "population's favourite; ideal-point: the previous adaptive model)")
    p.add_argument("--population", action="append", default=None, metavar="SPEC",
                   help="who is measured: FILE.py:FACTORY or package.module:FACTORY (docs/players.md); repeat for "
                        "several families (default: the four shipped families, leave-one-family-out)")
    p.add_argument("--train-population", action="append", default=None, metavar="SPEC",
                   help="whose logged sessions the priors learn from (repeatable; default: leave-one-family-out "
                        "with several --population, the same factory at another seed with one)")
    p.add_argument("--generator", default=None, help="checkpoint path, 'procedural', or omit for the shipped default")
    p.add_argument("--train-players", type=int, default=train_players, help="players in the logged sessions the prior learns from")
    p.add_argument("--ppo-players", type=int, default=ppo_players, help="synthetic players PPO pretrains on")
    p.add_argument("--base-port", type=int, default=5005, help="first port; one per stand-in run, counting up")
    p.add_argument("--pool-size", type=int, default=2048, help="candidate content spread over what the generator makes")
    p.add_argument("--oracle-points", type=int, default=3072,
                   help="uniform points of the generator's input searched for each player's oracle (then local search)")


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


def _train(args: argparse.Namespace) -> int:
    import tempfile
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    import torch
    from torch.utils.tensorboard import SummaryWriter
    from tqdm import tqdm

    from python_bridge.errors import ConfigError
    from python_bridge.files import write_atomic
    from python_bridge.loop import Director
    from python_bridge.sources import make_source
    from python_bridge.policy import PPOConfig, make_policy
    from python_bridge.unity.link import EDITOR_PORT, PLAYER_BASE_PORT, UnityLink
    from python_bridge.unity.stand_in import write_player

    if args.env == "editor" and args.num_envs != 1:
        raise ConfigError("the editor is one scene: use --num-envs 1 with --env editor")
    for noisy in ("mlagents_envs", "python_bridge.loop", "python_bridge.sources"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    source = make_source(args.kind, args.generator)
    learner = make_policy("ppo", source.action_dim, seed=args.seed, config=PPOConfig(horizon=args.horizon))
    run_name = f"{args.kind}__ppo__{args.seed}__{int(time.time())}"
    writer = SummaryWriter(str(args.out / "tb" / run_name))
    tmp = tempfile.TemporaryDirectory(prefix="vrbridge-train-")
    links, directors = [], []
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="learner")
    try:
        for i in range(args.num_envs):
            if args.env == "editor":
                print(f"listening on port {args.base_port or EDITOR_PORT}: press Play in the Unity editor", file=sys.stderr)
                link = UnityLink.open(port=args.base_port or EDITOR_PORT, timeout_s=600, seed=args.seed)
            else:
                player = args.env if args.env != "sim" else write_player(
                    Path(tmp.name) / f"w{i}", ["--kind", args.kind, "--agents", str(args.agents),
                                               "--contents-per-session", str(args.horizon),
                                               "--population-seed", str(args.seed + i), "--population-size", "256"])
                link = UnityLink.open(file_name=player, port=args.base_port or PLAYER_BASE_PORT, worker_id=i,
                                      no_graphics=args.no_graphics or args.env == "sim", seed=args.seed + i)
            links.append(link)
            directors.append(Director(link, source, lambda a, i=i: learner.session(args.seed + 1000 * i + a),
                                      policy_name="ppo", seed=args.seed + i, pool=pool))
        # Each scene gets its own exchange thread, so no scene waits on another's turn.
        stop = threading.Event()
        errors: list[BaseException] = []

        def drive(i: int, d) -> None:
            try:
                d.start(args.seed + i)
                while not stop.is_set():
                    d.step()
            except BaseException as exc:  # surfaced in the main thread
                errors.append(exc)
                stop.set()

        threads = [threading.Thread(target=drive, args=(i, d), daemon=True) for i, d in enumerate(directors)]
        for th in threads:
            th.start()
        bar = tqdm(total=args.decisions, desc="decisions", unit="dec")
        done, updates_logged = 0, 0
        while done < args.decisions and not stop.is_set():
            time.sleep(0.2)  # progress display only; the work happens in the scene threads
            now = sum(len(d.stats.rewards) for d in directors)
            bar.update(now - done)
            done = now
            if learner.n_updates > updates_logged:
                updates_logged = learner.n_updates
                for k, v in learner.last_stats.items():
                    writer.add_scalar(k, v, done)
                recent = [r for d in directors for r in d.stats.rewards[-200:]]
                writer.add_scalar("charts/mean_reward_recent", sum(recent) / max(1, len(recent)), done)
                bar.set_postfix(reward=f"{sum(recent) / max(1, len(recent)):.3f}", updates=learner.n_updates)
        bar.close()
        stop.set()
        for th in threads:
            th.join(30)
        if errors:
            raise errors[0]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for d in directors:
            d.close()
        for link in links:
            link.close()
        writer.close()
        tmp.cleanup()
    args.out.mkdir(parents=True, exist_ok=True)
    ckpt = args.out / "ppo.pt"
    state = {"policy": learner.state_dict(), "kind": args.kind, "source": source.name,
             "action_dim": source.action_dim, "decisions": done, "seed": args.seed}
    write_atomic(ckpt, lambda fh: torch.save(state, fh))  # a crash never leaves half a checkpoint
    rewards = [r for d in directors for r in d.stats.rewards]
    print(json.dumps({"checkpoint": str(ckpt), "decisions": done, "updates": learner.n_updates,
                      "mean_reward_first_10pct": _mean(rewards[: len(rewards) // 10]),
                      "mean_reward_last_10pct": _mean(rewards[len(rewards) - len(rewards) // 10:]),
                      "reply_ms_p99": max(percentile(link.reply_ms, 99) for link in links)}))
    return 0


def _playtest(args: argparse.Namespace) -> int:
    from python_bridge.content.registry import get_kind
    from python_bridge.errors import ConfigError
    from python_bridge.loop import ComfortGuard, Director
    from python_bridge.sources import make_source
    from python_bridge.watchers import ConsoleView, OffPath, StoreLogger
    from python_bridge.policy import make_policy
    from python_bridge.store import SessionStore
    from python_bridge.unity.link import SceneClosed, UnityLink

    if (args.policy == "adaptive") != (args.prior is not None):
        raise ConfigError("--policy adaptive needs --prior FILE (from `vrbridge fit-prior`), and --prior is only for adaptive")
    source = make_source(args.kind, args.generator)
    kw = {}
    if args.prior is not None:
        from python_bridge.adaptation import prior_identity
        from python_bridge.policy.prior_file import load_gp_prior
        from python_bridge.priors import Embedder

        kw["prior"], _ = load_gp_prior(args.prior, get_kind(args.kind), lambda emb: Embedder(source, emb),
                                       expect=prior_identity(source, args.kind))
    args.db.parent.mkdir(parents=True, exist_ok=True)
    print(f"waiting on port {args.port}: press Play in the Unity editor (Quest via Link)", file=sys.stderr)
    with SessionStore(args.db) as store:
        link = UnityLink.open(port=args.port, timeout_s=args.wait)
        director = Director(link, source, lambda a: make_policy(args.policy, source.action_dim, bound=args.bound, seed=a, **kw),
                            policy_name=args.policy, guard=ComfortGuard(min_seconds_between_changes=args.min_seconds),
                            watchers=[OffPath(StoreLogger(store, args.kind, args.policy)),
                                      OffPath(ConsoleView(get_kind(args.kind)))])
        try:
            director.run(args.steps)
        except SceneClosed:
            print("Play stopped; the session is saved.", file=sys.stderr)
        finally:
            director.close()
            link.close()
    st = director.stats
    print(json.dumps({"decisions": st.decisions, "content_applied": st.content_applied,
                      "content_rejected": st.content_rejected, "blocked_invalid": st.blocked_invalid,
                      "feedback_events": st.feedback_events, "store": str(args.db)}))
    return 0


def _fit_prior(args: argparse.Namespace) -> int:
    from python_bridge.adaptation import prior_identity
    from python_bridge.content.registry import get_kind
    from python_bridge.errors import ConfigError
    from python_bridge.policy.prior_file import save_gp_prior
    from python_bridge.priors import fit_prior_from_store_rows
    from python_bridge.sources import make_source
    from python_bridge.store import SessionStore

    if not args.db.is_file():
        raise ConfigError(f"no session store at {args.db}; log sessions first (`vrbridge playtest --editor --db {args.db}`)")
    with SessionStore(args.db) as store:
        rows = [r for r in store.decisions_with_rewards(kind=args.kind) if r["reward"] is not None]
    source = make_source(args.kind, args.generator)
    print(f"fitting on {len(rows)} rewarded decisions ...", file=sys.stderr)
    prior, embedding = fit_prior_from_store_rows(source, get_kind(args.kind), rows, pool_size=args.pool_size,
                                                 seed=args.seed, decisions=args.decisions)
    meta = {**prior_identity(source, args.kind), "decisions": len(rows)}
    save_gp_prior(prior, embedding, args.out, meta=meta)
    h = prior.hyper
    print(json.dumps({"out": str(args.out), "players": prior.info["distinct_players"], "sessions": prior.info["players"],
                      "shows_per_session": prior.info["shows_per_player"], "decisions": len(rows),
                      "pool": len(prior.pool_actions), "embedding_dim": embedding.dim,
                      "noise_sd": round(float(h.noise_var) ** 0.5, 4), "taste_sd": round(float(h.signal_var) ** 0.5, 4),
                      "offset_sd": round(float(h.offset_var) ** 0.5, 4)}))
    return 0


def _mean(xs) -> float | None:
    return round(sum(xs) / len(xs), 4) if xs else None


def percentile(values, q):
    from python_bridge.unity.wire import percentile_ms

    return round(percentile_ms(values, q), 3)


def _run(args: argparse.Namespace, store=None) -> dict:
    from python_bridge.adaptation import eval_adaptation

    for noisy in ("mlagents_envs", "python_bridge.loop", "python_bridge.sources"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    return eval_adaptation(kind=args.kind, players=args.players, decisions=args.decisions, seed=args.seed,
                           policies=tuple(args.policies.split(",")), generator=args.generator,
                           base_port=args.base_port, train_players=args.train_players,
                           ppo_players=args.ppo_players, store=store,
                           pool_size=args.pool_size, oracle_points=args.oracle_points,
                           populations=tuple(_specs(args.population)) if args.population else None,
                           train_populations=tuple(_specs(args.train_population)) if args.train_population else None,
                           progress=lambda m: print(m, file=sys.stderr, flush=True))


def _specs(values: list[str]) -> list[str]:
    """``--population`` values: specs, or shipped family names (``perceptual``), comma-separated or repeated."""
    from python_bridge.players.families import FAMILY_NAMES, spec_of

    out = []
    for v in values:
        for part in (x.strip() for x in v.split(",") if x.strip()):
            out.append(spec_of(part) if part in FAMILY_NAMES else part)
    return out


def _print_table(summary: dict) -> None:
    for fam, entry in summary.get("families", {}).items():
        cols = list(next(iter(entry["policies"].values()))["at"].keys())
        print(f"[{fam}] pair acc {entry.get('player_model_pair_acc')} (ceiling {entry.get('pair_acc_ceiling')})",
              file=sys.stderr)
        print(f"{'policy':<12}" + "".join(f"{'@' + c:>8}" for c in cols) + f"{'mean':>8}", file=sys.stderr)
        for name, cell in entry["policies"].items():
            print(f"{name:<12}" + "".join(f"{cell['at'][c]:>8.3f}" for c in cols) + f"{cell['mean']:>8.3f}", file=sys.stderr)


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
