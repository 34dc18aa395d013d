"""vrbridge serve and sim-unity: the trainer beside an editor, and the Unity stand-in that plays a scene."""
from __future__ import annotations

import argparse
import json
import logging

from python_bridge.names import DEFAULT_KIND, KIND_NAMES, POLICY_NAMES

log = logging.getLogger(__name__)


def register(sub: "argparse._SubParsersAction") -> None:
    p = sub.add_parser("serve", help="listen for a Unity scene (editor or player) and run the adaptive loop with it",
                       description="Trainer side alongside a Unity editor: listens on loopback, runs the "
                                   "loop with whichever scene connects, and waits for the next one when it leaves.")
    p.add_argument("--port", type=int, default=5004, help="port the editor connects to")
    p.add_argument("--host", default="127.0.0.1",
                   help="interface to listen on; anything but loopback exposes player data (a warning is logged)")
    p.add_argument("--kind", default=DEFAULT_KIND, choices=KIND_NAMES, help="content kind to generate")
    p.add_argument("--policy", default="bandit", choices=[n for n in POLICY_NAMES if n != "adaptive"],
                   help="the director's policy (adaptive needs a prior: use `vrbridge playtest`)")
    p.add_argument("--generator", default=None, help="checkpoint path, 'procedural', or omit for the shipped default")
    p.add_argument("--steps", type=int, default=10**9, help="exchanges per connected scene")
    p.add_argument("--sessions", type=int, default=0, help="stop after this many scenes have come and gone (0: never)")
    p.add_argument("--wait", type=float, default=600.0, help="seconds to wait for a scene to connect")
    p.add_argument("--exchange-timeout", type=float, default=60.0,
                   help="seconds a connected scene may go silent before the session is given up")
    p.add_argument("--seed", type=int, default=0, help="seed of the policy")
    p.set_defaults(func=_serve)

    s = sub.add_parser("sim-unity", help="the Unity stand-in: connect to a trainer and play a scene with simulated players",
                       description="Plays Unity's side of the ML-Agents protocol with simulated players. Ends "
                                   "with one JSON line: steps, feedback_sent, content_applied, content_rejected.")
    from python_bridge.unity.stand_in import add_arguments

    add_arguments(s)
    s.set_defaults(func=_sim_unity)


def _serve(args: argparse.Namespace) -> int:
    from python_bridge.loop import Director
    from python_bridge.sources import make_source
    from python_bridge.policy import make_policy
    from python_bridge.errors import PeerTimeoutError
    from python_bridge.unity.link import SceneClosed, UnityLink
    from python_bridge.unity.wire import percentile_ms

    source = make_source(args.kind, args.generator)
    shared = {}

    def policy_factory(agent_id: int):
        # PPO learns across players: one instance; the others adapt per player: one per session.
        if args.policy == "ppo":
            if "ppo" not in shared:
                shared["ppo"] = make_policy("ppo", source.action_dim, seed=args.seed)
            return shared["ppo"].session(args.seed + agent_id)
        return make_policy(args.policy, source.action_dim, seed=args.seed + agent_id)

    served = 0
    while not args.sessions or served < args.sessions:
        log.info("listening on %s:%d; press Play in the Unity editor (or run `vrbridge sim-unity --port %d`)",
                 args.host, args.port, args.port)
        try:
            link = UnityLink.open(port=args.port, host=args.host, timeout_s=args.wait, seed=args.seed,
                                  exchange_timeout_s=args.exchange_timeout)
        except PeerTimeoutError as exc:
            log.error("%s", exc)
            return 1
        director = Director(link, source, policy_factory, policy_name=args.policy, seed=args.seed)
        reason = "steps done"
        try:
            director.run(args.steps)
        except SceneClosed:
            reason = "scene left"
        except PeerTimeoutError:
            reason = f"scene stopped answering for {args.exchange_timeout:g} s"
        finally:
            director.close()
            link.close()
        served += 1
        st = director.stats
        print(json.dumps({
            "session": served, "reason": reason, "exchanges": st.exchanges, "decisions": st.decisions,
            "content_sent": st.content_sent, "content_applied": st.content_applied,
            "content_rejected": st.content_rejected, "feedback_events": st.feedback_events,
            "mean_reward": (sum(st.rewards) / len(st.rewards)) if st.rewards else None,
            "reply_ms_p50": percentile_ms(link.reply_ms, 50), "reply_ms_p99": percentile_ms(link.reply_ms, 99),
            "dropped": dict(link.dropped), "source": source.name,
        }), flush=True)
    return 0


def _sim_unity(args: argparse.Namespace) -> int:
    from python_bridge.unity.stand_in import run

    return run(args)
