"""The trainer's end of the ML-Agents gRPC link: a loopback-first communicator and the environment over it.

mlagents-envs' ``RpcCommunicator`` binds every interface and hands each message between the
gRPC thread and the main thread through a ``multiprocessing.Pipe``, pickling it on the way
(about 1 ms per round trip here). ``LoopbackCommunicator`` keeps the real
``UnityToExternalProto.Exchange`` service, so a real Unity editor or player connects
unchanged, but hands messages over in-process queues, binds 127.0.0.1 unless told
otherwise, refuses a taken port with an error naming it, and never leaves a thread that
blocks interpreter exit. ``BridgeEnvironment`` is ``UnityEnvironment`` with that
communicator, defensive side-channel parsing and clear version errors.
"""
from __future__ import annotations

import logging
import queue
import socket
import struct
import threading
import time
import uuid
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable, Optional

import grpc
import numpy as np
from mlagents_envs.communicator import Communicator
from mlagents_envs.communicator_objects.unity_input_pb2 import UnityInputProto
from mlagents_envs.communicator_objects.unity_message_pb2 import UnityMessageProto
from mlagents_envs.communicator_objects.unity_output_pb2 import UnityOutputProto
from mlagents_envs.environment import UnityEnvironment
from mlagents_envs.exception import (
    UnityEnvironmentException,
    UnityTimeOutException,
    UnityWorkerInUseException,
)
from mlagents_envs.side_channel.incoming_message import IncomingMessage
from mlagents_envs.side_channel.side_channel import SideChannel
from mlagents_envs.side_channel.side_channel_manager import SideChannelManager

from python_bridge.errors import PeerTimeoutError, PortInUseError, ProtocolVersionError

log = logging.getLogger(__name__)

SERVICE = "communicator_objects.UnityToExternalProto"
# gRPC's default limit; Unity's side uses the same. Our content channel keeps each exchange
# under OUTGOING_SIDE_CHANNEL_BUDGET so nothing we send comes near it.
GRPC_MAX_MESSAGE_BYTES = 4 * 1024 * 1024
OUTGOING_SIDE_CHANNEL_BUDGET = 3 * 1024 * 1024 + 64 * 1024
# Largest side-channel message accepted from the scene before its channel even sees it.
INCOMING_SIDE_CHANNEL_MESSAGE_CAP = 2 * 1024 * 1024
_STATUS_OK, _STATUS_QUIT = 200, 400
REPLY_HISTORY = 100_000  # reply times kept for percentiles (a bounded window, not the whole run)


class PortTakenError(UnityWorkerInUseException, PortInUseError):
    """The port is taken; catchable as mlagents' UnityWorkerInUseException or our PortInUseError."""


class PeerTimeout(UnityTimeOutException, PeerTimeoutError):
    """The Unity peer did not answer in time."""


class VersionMismatch(UnityEnvironmentException, ProtocolVersionError):
    """The peer speaks an ML-Agents communication version we cannot talk to."""


def _timeout_message(port: int, seconds: float) -> str:
    return (
        f"The Unity peer on port {port} did not answer within {seconds:g} s. Likely causes: "
        "(1) nothing is connected: press Play in the editor, or start `vrbridge sim-unity "
        f"--port {port}`; (2) the player crashed or was closed (see its log file); (3) the "
        "scene's Behavior Parameters are not set to Behavior Type 'Default'; (4) a content "
        "message over gRPC's 4 MiB limit was refused (the bridge chunks its own content; check "
        "other side channels). Nothing already logged has been lost."
    )


class LoopbackCommunicator(Communicator):
    """Python's end of the ML-Agents link: gRPC server, in-process hand-off, loopback by default.

    Unity is the gRPC client: each ``Exchange`` call carries Unity's output and waits for
    our input. The gRPC thread puts the request on ``_inbox`` and waits on ``_outbox``; the
    main thread answers. ``reply_ms`` records, per exchange, how long Python took between
    receiving Unity's message and sending its answer (the time Unity's main thread is held).
    """

    def __init__(
        self,
        worker_id: int = 0,
        base_port: int = 5005,
        timeout_wait: float = 60,
        host: str = "127.0.0.1",
    ):
        super().__init__(worker_id, base_port)
        self.port = base_port + worker_id
        self.worker_id = worker_id
        self.timeout_wait = timeout_wait
        self.host = host
        self.is_open = False
        self.reply_ms: deque[float] = deque(maxlen=REPLY_HISTORY)
        self._inbox: "queue.SimpleQueue[UnityMessageProto]" = queue.SimpleQueue()
        self._outbox: "queue.SimpleQueue[UnityMessageProto]" = queue.SimpleQueue()
        self._closed = threading.Event()
        self.peer_communication_version: str | None = None
        if host not in ("127.0.0.1", "localhost", "::1"):
            log.warning(
                "The trainer's gRPC port %d is open on %s: anyone who can reach this machine "
                "can connect and read player feedback. Use the default loopback binding unless "
                "a headset or player on another machine must connect.", self.port, host,
            )
        self._server = self._start_server()
        self.is_open = True
        # The gRPC handler threads belong to a ThreadPoolExecutor, which interpreter exit joins
        # *before* atexit handlers run (threading's own exit hook). A script that never calls
        # close() would hang there (mlagents-envs' does); release waiting handlers first.
        register = getattr(threading, "_register_atexit", None)
        if register is not None:
            register(self._closed.set)

    # -- gRPC thread ---------------------------------------------------------------------
    def _exchange(self, request: UnityMessageProto, context: grpc.ServicerContext) -> UnityMessageProto:
        t0 = time.perf_counter()
        self._inbox.put(request)
        while True:
            try:
                reply = self._outbox.get(timeout=0.25)
                # From the scene's message arriving to our answer leaving: what Unity's main thread waits.
                self.reply_ms.append((time.perf_counter() - t0) * 1000.0)
                return reply
            except queue.Empty:
                # Never hold a thread forever: the executor joins its threads at exit.
                if self._closed.is_set():
                    return _quit_message()
                if not context.is_active():
                    return _quit_message()

    # -- main thread ---------------------------------------------------------------------
    def _start_server(self) -> grpc.Server:
        _check_port_free(self.host, self.port)
        handler = grpc.method_handlers_generic_handler(
            SERVICE,
            {
                "Exchange": grpc.unary_unary_rpc_method_handler(
                    self._exchange,
                    request_deserializer=UnityMessageProto.FromString,
                    response_serializer=UnityMessageProto.SerializeToString,
                )
            },
        )
        # so_reuseport=0: a second trainer on the same port must fail, not share it silently.
        server = grpc.server(ThreadPoolExecutor(max_workers=2), options=[("grpc.so_reuseport", 0)])
        server.add_generic_rpc_handlers((handler,))
        address = f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"
        try:
            bound = server.add_insecure_port(address)
        except RuntimeError:
            bound = 0
        if not bound:
            server.stop(None)
            raise PortTakenError(_port_message(self.host, self.port))
        server.start()
        return server

    def _receive(self, poll_callback: Optional[Callable[[], None]]) -> UnityMessageProto:
        deadline = time.monotonic() + self.timeout_wait
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PeerTimeout(_timeout_message(self.port, self.timeout_wait))
            try:
                return self._inbox.get(timeout=min(1.0, remaining))
            except queue.Empty:
                if poll_callback is not None:
                    poll_callback()  # raises if a launched player has died

    def _send(self, msg: UnityMessageProto) -> None:
        self._outbox.put(msg)

    def initialize(self, inputs: UnityInputProto, poll_callback=None) -> UnityOutputProto:
        init = self._receive(poll_callback)
        self.peer_communication_version = init.unity_output.rl_initialization_output.communication_version
        if init.header.status != _STATUS_OK or not init.HasField("unity_output"):
            raise UnityEnvironmentException(
                f"The peer on port {self.port} opened with status {init.header.status} and no "
                "initialization output; is it an ML-Agents Unity scene?"
            )
        reply = UnityMessageProto()
        reply.header.status = _STATUS_OK
        reply.unity_input.CopyFrom(inputs)
        self._send(reply)
        self._receive(poll_callback)  # Unity's empty follow-up; answered by the first exchange
        return init.unity_output

    def exchange(self, inputs: UnityInputProto, poll_callback=None) -> Optional[UnityOutputProto]:
        msg = UnityMessageProto()
        msg.header.status = _STATUS_OK
        msg.unity_input.CopyFrom(inputs)
        self._send(msg)
        output = self._receive(poll_callback)
        if output.header.status != _STATUS_OK:
            # The scene is leaving (Play stopped, player quit): release its pending call.
            self._send(_quit_message())
            return None
        return output.unity_output

    def close(self) -> None:
        if not self.is_open:
            return
        self.is_open = False
        self._outbox.put(_quit_message())  # tells a waiting Unity to stop
        self._closed.set()
        self._server.stop(grace=0.5).wait(2.0)


def _quit_message() -> UnityMessageProto:
    msg = UnityMessageProto()
    msg.header.status = _STATUS_QUIT
    return msg


def _port_message(host: str, port: int) -> str:
    return (
        f"Port {port} on {host} is already in use, probably by another trainer, `vrbridge "
        f"serve` or mlagents-learn. Stop that process, or pick a free port (--port / "
        f"--base-port; workers use base port + worker id). On Linux `ss -ltnp | grep {port}` "
        "names the owner."
    )


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        # SO_REUSEADDR lets us rebind right after a previous trainer closed (TIME_WAIT),
        # while a port that is actually listening still fails.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise PortTakenError(_port_message(host, port)) from exc


class SafeSideChannelManager(SideChannelManager):
    """SideChannelManager that never raises out of ``step()``.

    A broken frame, an oversized or unknown message, or a channel that fails on its message
    is counted in ``dropped`` (cause -> count), logged with its cause, and skipped; the
    messages before it and, where the framing allows, after it are still delivered. The
    outgoing side keeps each exchange under ``budget`` bytes, leaving the rest queued.
    """

    def __init__(self, side_channels: Iterable[SideChannel], budget: int = OUTGOING_SIDE_CHANNEL_BUDGET,
                 message_cap: int = INCOMING_SIDE_CHANNEL_MESSAGE_CAP):
        super().__init__(list(side_channels))
        self.budget = budget
        self.message_cap = message_cap
        self.dropped: Counter[str] = Counter()
        self._next_start = 0

    def _drop(self, cause: str, detail: str) -> None:
        self.dropped[cause] += 1
        log.warning("dropped side-channel data (%s): %s", cause, detail)

    def process_side_channel_message(self, data: bytes) -> None:
        view = memoryview(data)
        offset, end = 0, len(data)
        while offset < end:
            if end - offset < 20:
                self._drop("truncated_frame", f"{end - offset} stray bytes at the end of the blob")
                return
            channel_id = uuid.UUID(bytes_le=bytes(view[offset : offset + 16]))
            (length,) = struct.unpack_from("<i", data, offset + 16)
            offset += 20
            if length < 0 or length > end - offset:
                # The length is the only framing there is: after a bad one nothing can be trusted.
                self._drop("bad_frame_length", f"channel {channel_id} claims {length} bytes, {end - offset} left")
                return
            payload = bytes(view[offset : offset + length])
            offset += length
            if length > self.message_cap:
                self._drop("oversized", f"{length} bytes on channel {channel_id} (cap {self.message_cap})")
                continue
            channel = self._side_channels_dict.get(channel_id)
            if channel is None:
                self._drop("unknown_channel", f"{channel_id}: register a channel with this id or stop sending it")
                continue
            try:
                channel.on_message_received(IncomingMessage(payload))
            except Exception as exc:  # a channel's bug must not take the exchange down
                self._drop("channel_error", f"{type(channel).__name__}: {exc!r}")

    def generate_side_channel_messages(self) -> bytearray:
        result = bytearray()
        # Start at a different channel each exchange, so a busy channel (content chunks) cannot
        # hold the others (acks, settings) back for as long as it has data queued.
        channels = list(self._side_channels_dict.items())
        if channels:
            start = self._next_start % len(channels)
            channels = channels[start:] + channels[:start]
            self._next_start = start + 1
        for channel_id, channel in channels:
            sent = 0
            for message in channel.message_queue:
                # The first message of an exchange always goes (chunks are <= 1 MiB by construction).
                if result and len(result) + 20 + len(message) > self.budget:
                    break
                result += channel_id.bytes_le
                result += struct.pack("<i", len(message))
                result += message
                sent += 1
            channel.message_queue = channel.message_queue[sent:]
        return result


class BridgeEnvironment(UnityEnvironment):
    """``UnityEnvironment`` over ``LoopbackCommunicator``, with safe side channels.

    Same constructor as mlagents' plus ``host`` (default 127.0.0.1; pass ``"0.0.0.0"`` to
    accept a peer from another machine, which logs a warning). ``reply_ms`` lists the time
    Python held each exchange.
    """

    def __init__(self, *args, host: str = "127.0.0.1", **kwargs):
        self._host = host
        try:
            super().__init__(*args, **kwargs)
        except (ValueError, AttributeError, TypeError, UnityEnvironmentException) as exc:
            # mlagents-envs checks the peer's version by class name (no override hook) and
            # crashes with a bare ValueError on a non-numeric one, leaving the peer hanging.
            version = getattr(getattr(self, "_communicator", None), "peer_communication_version", None)
            if version is None or isinstance(exc, (PortTakenError, PeerTimeout)):
                if hasattr(self, "_communicator") and not isinstance(exc, PeerTimeout):
                    self._close(0)  # never leave the port bound and the scene waiting
                raise
            if not isinstance(exc, UnityEnvironmentException) or "not compatible" in str(exc):
                self._close(0)
                raise VersionMismatch(
                    f"The Unity peer speaks ML-Agents communication version {version!r}; this "
                    f"bridge speaks {UnityEnvironment.API_VERSION} (mlagents-envs 1.1.0). Use "
                    "com.unity.ml-agents 4.1.0 or later in the Unity project (any 1.x "
                    "communication version works)."
                ) from exc
            raise
        # Replace the stock manager (it raises out of step() on bad data) with ours.
        self._side_channel_manager = SafeSideChannelManager(self._side_channel_manager._side_channels_dict.values())

    def _get_communicator(self, worker_id, base_port, timeout_wait):  # type: ignore[override]
        return LoopbackCommunicator(worker_id, base_port, timeout_wait, host=self._host)

    @property
    def reply_ms(self) -> "deque[float]":
        return self._communicator.reply_ms

    @property
    def dropped(self) -> Counter[str]:
        return self._side_channel_manager.dropped

    def close(self) -> None:
        if self._loaded:
            self._close()

    def _close(self, timeout=None) -> None:
        if hasattr(self, "_communicator"):  # atexit may call this for a half-built instance
            super()._close(timeout)


def percentile_ms(values: Iterable[float], q: float) -> float:
    """The q-th percentile of ``values`` (0 if empty), for reply-time reports."""
    values = list(values)
    return float(np.percentile(values, q)) if values else 0.0
