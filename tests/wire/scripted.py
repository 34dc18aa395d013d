"""A scripted Unity peer for wire tests: plays the real protocol, sends whatever side-channel bytes a test asks for."""
from __future__ import annotations

import threading
import uuid

from mlagents_envs.communicator_objects.brain_parameters_pb2 import ActionSpecProto, BrainParametersProto
from mlagents_envs.communicator_objects.command_pb2 import RESET
from mlagents_envs.communicator_objects.observation_pb2 import NONE, ObservationProto

from python_bridge.unity.stand_in.peer import UnityPeer, pack_side_channel, unpack_side_channel

BEHAVIOR = "Scripted?team=0"


class ScriptedScene:
    """n agents with a vector observation; ``outgoing`` is a list of raw side-channel blobs, one per step."""

    def __init__(self, n_agents: int = 1, obs_size: int = 8, outgoing: list[bytes] | None = None):
        self.n_agents, self.obs_size = n_agents, obs_size
        self.outgoing = list(outgoing or [])
        self.received: list[tuple[uuid.UUID, bytes]] = []
        self.actions: list[list[float]] = []
        self.resets = 0
        self.t = 0
        self.blob_sizes: list[int] = []

    def brain_parameters(self):
        return [BrainParametersProto(brain_name=BEHAVIOR, is_training=True,
                                     action_spec=ActionSpecProto(num_continuous_actions=2))]

    def step(self, rl_input, reset_seed):
        self.blob_sizes.append(len(rl_input.side_channel))
        self.received += unpack_side_channel(rl_input.side_channel)
        if rl_input.command == RESET:
            self.resets += 1
            return
        for a in rl_input.agent_actions[BEHAVIOR].value:
            self.actions.append(list(a.continuous_actions))
        self.t += 1

    def collect(self, out):
        infos = out.agentInfos[BEHAVIOR].value
        for i in range(self.n_agents):
            obs = ObservationProto(shape=[self.obs_size], compression_type=NONE)
            obs.float_data.data.extend([float(self.t)] * self.obs_size)
            infos.add(id=i, observations=[obs])
        out.side_channel = self.outgoing.pop(0) if self.outgoing else b""


def start_peer(port: int, scene, max_steps=None, **kw) -> tuple[UnityPeer, threading.Thread, dict]:
    """Run a UnityPeer in a thread (it is a gRPC client; the trainer under test is the server)."""
    peer = UnityPeer(f"127.0.0.1:{port}", scene, connect_timeout_s=20, **kw)
    result: dict = {}

    def target():
        try:
            result["stats"] = peer.run(max_steps=max_steps)
        except Exception as exc:  # surfaced by the test that owns the thread
            result["error"] = exc

    th = threading.Thread(target=target, daemon=True)
    th.start()
    return peer, th, result


__all__ = ["BEHAVIOR", "ScriptedScene", "pack_side_channel", "start_peer"]
