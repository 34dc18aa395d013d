"""Agent-steps/s through UnityEnvironment.step(): stock mlagents-envs vs the bridge, in one run.

Stock = mlagents-envs 1.1.0 as shipped: its own *_pb2 modules on protobuf 3.20.3's pure-Python
backend (the only one they import on) and its RpcCommunicator (multiprocessing.Pipe hop),
run in a subprocess with that protobuf on its path. Ours = BridgeEnvironment: rebuilt modules
on protobuf's upb backend and LoopbackCommunicator. Both drive the same Unity peer (our
stand-in's UnityPeer in its own process, playing a fixed scene), over real gRPC on loopback.

Cases: 1 agent and 64 agents with 32-float vector observations, and 1 agent with one
64x64x3 raw-float visual observation. Prints a table, then one JSON line with the ratios.

    python benchmarks/bench_wire.py [--seconds 4] [--repeats 3]
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STOCK_SITE = ROOT / ".cache" / "bench-stock-protobuf"
CASES = {
    "1_agent": dict(agents=1, obs=(32,)),
    "64_agents": dict(agents=64, obs=(32,)),
    "visual_64x64x3": dict(agents=1, obs=(3, 64, 64)),  # mlagents-envs 1.x: CHW
}
BEHAVIOR = "Bench?team=0"


# ------------------------------------------------------------------------------ the peer
def run_peer(case: str, port: int) -> None:
    import python_bridge.unity  # noqa: F401  (fast protobuf modules)
    from mlagents_envs.communicator_objects.brain_parameters_pb2 import ActionSpecProto, BrainParametersProto
    from mlagents_envs.communicator_objects.observation_pb2 import NONE, ObservationProto
    from mlagents_envs.communicator_objects.unity_rl_output_pb2 import UnityRLOutputProto

    from python_bridge.unity.stand_in.peer import UnityPeer

    spec = CASES[case]
    # The scene is fixed, so the peer builds its output once: it must not be the bottleneck.
    template = UnityRLOutputProto()
    infos = template.agentInfos[BEHAVIOR].value
    size = 1
    for d in spec["obs"]:
        size *= d
    for i in range(spec["agents"]):
        obs = ObservationProto(shape=list(spec["obs"]), compression_type=NONE)
        obs.float_data.data.extend([0.5] * size)
        infos.add(id=i, observations=[obs])

    class FixedScene:
        def brain_parameters(self):
            return [BrainParametersProto(brain_name=BEHAVIOR, is_training=True,
                                         action_spec=ActionSpecProto(num_continuous_actions=2))]

        def step(self, rl_input, reset_seed):
            pass

        def collect(self, out):
            out.MergeFrom(template)

    UnityPeer(f"127.0.0.1:{port}", FixedScene(), connect_timeout_s=60).run()


# --------------------------------------------------------------------------- the trainer
def run_trainer(impl: str, case: str, port: int, seconds: float) -> None:
    import numpy as np

    if impl == "ours":
        from python_bridge.unity import BridgeEnvironment as Env
        from python_bridge.unity.fast_pb import backend
    else:
        import warnings

        warnings.simplefilter("ignore")
        from mlagents_envs.environment import UnityEnvironment as Env
        from google.protobuf.internal import api_implementation

        def backend():
            return api_implementation.Type()

    from mlagents_envs.base_env import ActionTuple

    env = Env(file_name=None, base_port=port, timeout_wait=60)
    try:
        env.reset()
        n_agents = CASES[case]["agents"]
        action = ActionTuple(continuous=np.zeros((n_agents, 2), np.float32))

        def one_step():
            ds, _ = env.get_steps(BEHAVIOR)
            env.set_actions(BEHAVIOR, action)
            env.step()
            return ds

        for _ in range(10):
            one_step()
        step_ms, t_end = [], time.perf_counter() + seconds
        while time.perf_counter() < t_end:
            t0 = time.perf_counter()
            ds = one_step()
            step_ms.append((time.perf_counter() - t0) * 1000)
        assert len(ds) == n_agents and ds.obs[0].shape[1:] == CASES[case]["obs"]
        total = sum(step_ms) / 1000
        print(json.dumps({
            "impl": impl, "case": case, "backend": backend(), "steps": len(step_ms),
            "steps_per_s": len(step_ms) / total, "agent_steps_per_s": n_agents * len(step_ms) / total,
            "step_ms_p50": float(np.percentile(step_ms, 50)), "step_ms_p99": float(np.percentile(step_ms, 99)),
        }), flush=True)
    finally:
        env.close()


# ------------------------------------------------------------------------------- driver
def ensure_stock_protobuf() -> None:
    """Install protobuf 3.20.3 into a private folder: the only version ML-Agents' own modules import on."""
    if (STOCK_SITE / "google" / "protobuf").exists():
        return
    print("installing protobuf==3.20.3 for the stock baseline into", STOCK_SITE, file=sys.stderr)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(STOCK_SITE),
                    "protobuf==3.20.3"], check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(impl: str, case: str, seconds: float) -> dict:
    port = free_port()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    trainer_env = dict(env)
    if impl == "stock":
        trainer_env["PYTHONPATH"] = os.pathsep.join([str(STOCK_SITE), env["PYTHONPATH"]])
        trainer_env["PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION"] = "python"
    me = str(Path(__file__).resolve())
    trainer = subprocess.Popen([sys.executable, me, "--role", "trainer", "--impl", impl, "--case", case,
                                "--port", str(port), "--seconds", str(seconds)],
                               env=trainer_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)  # not a correctness wait: the peer retries until the trainer listens
    peer = subprocess.Popen([sys.executable, me, "--role", "peer", "--case", case, "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        out, err = trainer.communicate(timeout=seconds + 120)
    finally:
        try:
            peer.wait(timeout=30)
        except subprocess.TimeoutExpired:
            peer.kill()
    lines = [ln for ln in out.splitlines() if ln.startswith("{")]
    if trainer.returncode != 0 or not lines:
        raise RuntimeError(f"{impl}/{case} trainer failed (exit {trainer.returncode}):\n{err[-3000:]}")
    return json.loads(lines[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--role", choices=["driver", "peer", "trainer"], default="driver")
    ap.add_argument("--impl", choices=["stock", "ours"], default="ours")
    ap.add_argument("--case", choices=list(CASES), default="1_agent")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--seconds", type=float, default=4.0, help="measured time per case and implementation")
    ap.add_argument("--repeats", type=int, default=3, help="alternating stock/ours runs per case; the median counts")
    args = ap.parse_args()
    if args.role == "peer":
        return run_peer(args.case, args.port)
    if args.role == "trainer":
        return run_trainer(args.impl, args.case, args.port, args.seconds)

    import statistics

    ensure_stock_protobuf()
    summary: dict = {}
    print(f"{'case':<16}{'impl':<7}{'backend':<9}{'agent-steps/s':>14}{'step p50 ms':>13}{'step p99 ms':>13}")
    for case in CASES:
        runs: dict[str, list[dict]] = {"stock": [], "ours": []}
        for _ in range(args.repeats):
            for impl in ("stock", "ours"):  # alternate, so drift on a shared machine hits both
                r = measure(impl, case, args.seconds)
                runs[impl].append(r)
                print(f"{case:<16}{impl:<7}{r['backend']:<9}{r['agent_steps_per_s']:>14.0f}"
                      f"{r['step_ms_p50']:>13.3f}{r['step_ms_p99']:>13.3f}", flush=True)
        med = {impl: statistics.median(r["agent_steps_per_s"] for r in rs) for impl, rs in runs.items()}
        summary[case] = {
            "stock_agent_steps_per_s": med["stock"], "ours_agent_steps_per_s": med["ours"],
            "ratio": med["ours"] / med["stock"],
            "stock_backend": runs["stock"][0]["backend"], "ours_backend": runs["ours"][0]["backend"],
            "ours_step_ms_p50": statistics.median(r["step_ms_p50"] for r in runs["ours"]),
            "ours_step_ms_p99": statistics.median(r["step_ms_p99"] for r in runs["ours"]),
            "stock_step_ms_p50": statistics.median(r["step_ms_p50"] for r in runs["stock"]),
            "stock_step_ms_p99": statistics.median(r["step_ms_p99"] for r in runs["stock"]),
        }
    print(json.dumps({
        "backend": summary["1_agent"]["ours_backend"],
        "stock_backend": summary["1_agent"]["stock_backend"],
        "ratio_1_agent": round(summary["1_agent"]["ratio"], 2),
        "ratio_64_agents": round(summary["64_agents"]["ratio"], 2),
        "ratio_visual": round(summary["visual_64x64x3"]["ratio"], 2),
        "cases": summary,
        "seconds_per_run": args.seconds, "repeats": args.repeats,
    }))


if __name__ == "__main__":
    main()
