"""Unity's side of the ML-Agents gRPC protocol: the client that a Unity editor or player runs.

It speaks to ``UnityToExternalProto.Exchange`` exactly as com.unity.ml-agents does (see its
``RpcCommunicator.cs``): one Exchange carrying the initialization output (communication
version, package version, capabilities), one empty Exchange whose answer is the trainer's
first command, then one Exchange per academy step that has decision requests, each carrying
the agents' infos and the side-channel blob. A reply with header status 400 means "quit".
What happens inside the scene is a ``Scene``'s business (see scene.py).
"""
from __future__ import annotations

import logging
import struct
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Protocol

import grpc
from mlagents_envs.communicator_objects.brain_parameters_pb2 import BrainParametersProto
from mlagents_envs.communicator_objects.capabilities_pb2 import UnityRLCapabilitiesProto
from mlagents_envs.communicator_objects.command_pb2 import QUIT, RESET
from mlagents_envs.communicator_objects.unity_input_pb2 import UnityInputProto
from mlagents_envs.communicator_objects.unity_message_pb2 import UnityMessageProto
from mlagents_envs.communicator_objects.unity_output_pb2 import UnityOutputProto
from mlagents_envs.communicator_objects.unity_rl_output_pb2 import UnityRLOutputProto

log = logging.getLogger(__name__)

COMMUNICATION_VERSION = "1.5.0"   # what com.unity.ml-agents 4.x speaks
PACKAGE_VERSION = "4.1.0"         # the Unity package version the stand-in impersonates
EXCHANGE_METHOD = "/communicator_objects.UnityToExternalProto/Exchange"


class Scene(Protocol):
    """What the peer needs from a scene model."""

    def brain_parameters(self) -> list[BrainParametersProto]:
        """One entry per behaviour, sent with the first observation (as Unity does)."""

    def step(self, rl_input, reset_seed: int) -> None:
        """Read the trainer's side channels; then reset (command RESET, seeded by ``reset_seed``
        unless the trainer sent a seed) or apply its actions and advance one decision step."""

    def collect(self, out: UnityRLOutputProto) -> None:
        """Fill ``out.agentInfos`` for agents requesting a decision, and ``out.side_channel``."""


@dataclass
class PeerStats:
    steps: int = 0
    resets: int = 0
    quit_reason: str = ""
    exchange_ms: deque = field(default_factory=lambda: deque(maxlen=100_000))


class PeerError(RuntimeError):
    """The trainer refused us or went away."""


def _capabilities() -> UnityRLCapabilitiesProto:
    return UnityRLCapabilitiesProto(
        baseRLCapabilities=True, concatenatedPngObservations=True, compressedChannelMapping=True,
        hybridActions=True, trainingAnalytics=True, variableLengthObservation=True, multiAgentGroups=True,
    )


class UnityPeer:
    """A gRPC client that plays a Unity scene against a trainer listening on ``address``."""

    def __init__(self, address: str, scene: Scene, connect_timeout_s: float = 60.0,
                 communication_version: str = COMMUNICATION_VERSION, name: str = "vrbridge-sim-unity"):
        self.address = address
        self.scene = scene
        self.connect_timeout_s = connect_timeout_s
        self.communication_version = communication_version
        self.name = name
        self.stats = PeerStats()
        # Unity's client accepts messages of any size from the trainer (int.MaxValue).
        self._channel = grpc.insecure_channel(address, options=[("grpc.max_receive_message_length", -1)])
        self._call = self._channel.unary_unary(
            EXCHANGE_METHOD,
            request_serializer=UnityMessageProto.SerializeToString,
            response_deserializer=UnityMessageProto.FromString,
        )
        self._brains_sent = False

    def _exchange(self, msg: UnityMessageProto, wait_for_ready: bool = False) -> UnityMessageProto:
        t0 = time.perf_counter()
        try:
            reply = self._call(msg, wait_for_ready=wait_for_ready,
                               timeout=self.connect_timeout_s if wait_for_ready else None)
        except grpc.RpcError as exc:
            code = exc.code() if hasattr(exc, "code") else None
            raise PeerError(f"the trainer at {self.address} went away or refused the exchange ({code})") from exc
        self.stats.exchange_ms.append((time.perf_counter() - t0) * 1000.0)
        return reply

    def handshake(self) -> int:
        """Send the initialization output; return the seed the trainer chose."""
        out = UnityOutputProto()
        init = out.rl_initialization_output
        init.name = self.name
        init.communication_version = self.communication_version
        init.package_version = PACKAGE_VERSION
        init.capabilities.CopyFrom(_capabilities())
        msg = UnityMessageProto()
        msg.header.status = 200
        msg.unity_output.CopyFrom(out)
        reply = self._exchange(msg, wait_for_ready=True)
        if reply.header.status != 200:
            raise PeerError(f"the trainer refused the handshake with status {reply.header.status}")
        return reply.unity_input.rl_initialization_input.seed

    def run(self, max_steps: int | None = None) -> PeerStats:
        """Handshake, then exchange until the trainer quits or ``max_steps`` steps were played."""
        seed = self.handshake()
        empty = UnityMessageProto()
        empty.header.status = 200
        reply = self._exchange(empty)
        try:
            while True:
                if reply.header.status != 200:
                    self.stats.quit_reason = "trainer closed"
                    break
                rl_in = reply.unity_input.rl_input
                if rl_in.command == QUIT:
                    self.stats.quit_reason = "quit command"
                    break
                self.scene.step(rl_in, seed + self.stats.resets)
                if rl_in.command == RESET:
                    self.stats.resets += 1
                if max_steps is not None and self.stats.steps >= max_steps:
                    self.stats.quit_reason = f"played {max_steps} steps"
                    self._goodbye()
                    break
                reply = self._exchange(self._output())
                self.stats.steps += 1
        finally:
            self._channel.close()
        return self.stats

    def _goodbye(self) -> None:
        # What Unity does when Play stops or the player quits: an Exchange with status 400.
        msg = UnityMessageProto()
        msg.header.status = 400
        try:
            self._call(msg, timeout=2.0)
        except grpc.RpcError:
            pass  # the trainer may already be gone; we are leaving anyway

    def _output(self) -> UnityMessageProto:
        msg = UnityMessageProto()
        msg.header.status = 200
        out = msg.unity_output
        if not self._brains_sent:
            # Unity announces a behaviour with the first message that carries its agents.
            out.rl_initialization_output.brain_parameters.extend(self.scene.brain_parameters())
            self._brains_sent = True
        self.scene.collect(out.rl_output)
        return msg


def pack_side_channel(messages: list[tuple[uuid.UUID, bytes]]) -> bytes:
    """Frame messages as ML-Agents does: 16-byte channel GUID (little-endian), int32 length, payload."""
    blob = bytearray()
    for channel_id, payload in messages:
        blob += channel_id.bytes_le
        blob += struct.pack("<i", len(payload))
        blob += payload
    return bytes(blob)


def unpack_side_channel(data: bytes) -> list[tuple[uuid.UUID, bytes]]:
    """Inverse of pack_side_channel; a broken frame ends the list (and is logged)."""
    out, offset = [], 0
    while offset + 20 <= len(data):
        channel_id = uuid.UUID(bytes_le=bytes(data[offset : offset + 16]))
        (length,) = struct.unpack_from("<i", data, offset + 16)
        offset += 20
        if length < 0 or offset + length > len(data):
            log.warning("broken side-channel frame from the trainer (length %d)", length)
            break
        out.append((channel_id, bytes(data[offset : offset + length])))
        offset += length
    return out
