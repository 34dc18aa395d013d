"""The rebuilt protobuf modules and the loopback communicator, over real gRPC with a scripted Unity peer."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import uuid

import numpy as np
import pytest

import python_bridge.unity as unity
from mlagents_envs.base_env import ActionTuple
from mlagents_envs.side_channel.outgoing_message import OutgoingMessage
from mlagents_envs.side_channel.raw_bytes_channel import RawBytesChannel
from python_bridge.errors import PeerTimeoutError, PortInUseError, ProtocolVersionError
from python_bridge.unity import fast_pb

from tests.wire.scripted import BEHAVIOR, ScriptedScene, pack_side_channel, start_peer


def test_backend_is_upb_and_modules_are_rebuilt():
    import mlagents_envs.communicator_objects.unity_message_pb2 as m

    assert fast_pb.backend() == "upb"
    assert str(fast_pb.install()) in m.__file__, "mlagents_envs must use the rebuilt module"
    assert "site-packages" not in m.__file__


def test_rebuilt_descriptors_equal_the_shipped_ones():
    import mlagents_envs.communicator_objects.agent_info_pb2 as m
    from google.protobuf import descriptor_pb2

    shipped = fast_pb.extract_descriptors(fast_pb.stock_dir())
    rebuilt = descriptor_pb2.FileDescriptorProto()
    m.DESCRIPTOR.CopyToProto(rebuilt)
    original = descriptor_pb2.FileDescriptorProto.FromString(shipped[m.DESCRIPTOR.name])
    assert rebuilt.message_type == original.message_type  # wire-identical by construction


def test_handshake_steps_and_side_channels_both_ways(free_port):
    echo_id = uuid.uuid4()
    blobs = [pack_side_channel([(echo_id, f"from unity {i}".encode())]) for i in range(250)]
    scene = ScriptedScene(n_agents=3, outgoing=blobs)
    _, thread, result = start_peer(free_port, scene)
    received = []

    class Echo(RawBytesChannel):
        def on_message_received(self, msg):
            received.append(msg.get_raw_bytes())

    echo = Echo(echo_id)
    env = unity.BridgeEnvironment(file_name=None, base_port=free_port, timeout_wait=20, side_channels=[echo])
    try:
        env.reset()
        assert list(env.behavior_specs) == [BEHAVIOR]
        for i in range(220):
            ds, _ = env.get_steps(BEHAVIOR)
            assert len(ds) == 3
            assert ds.obs[0][0, 0] == i  # the scene's step counter comes back as the observation
            echo.send_raw_data(bytearray(f"from python {i}".encode()))
            env.set_actions(BEHAVIOR, ActionTuple(continuous=np.full((3, 2), i, np.float32)))
            env.step()
    finally:
        env.close()
    thread.join(10)
    assert not thread.is_alive() and "error" not in result
    assert result["stats"].quit_reason == "trainer closed"
    assert received[:3] == [b"from unity 0", b"from unity 1", b"from unity 2"] and len(received) == 221
    assert scene.actions[-1] == [219.0, 219.0]
    sent = [p for cid, p in scene.received if cid == echo_id]
    assert sent[0] == b"from python 0" and len(sent) == 220
    assert len(env.reply_ms) >= 220 and all(ms >= 0 for ms in env.reply_ms)


def test_bad_side_channel_data_is_counted_and_dropped_never_raised(free_port):
    good = uuid.uuid4()
    ok = lambda s: (good, s)  # noqa: E731
    blobs = [
        pack_side_channel([ok(b"a"), (uuid.uuid4(), b"unknown channel"), ok(b"b")]),   # unknown id
        pack_side_channel([ok(b"c")]) + b"\x01\x02\x03",                                # stray tail
        pack_side_channel([ok(b"d")]) + uuid.uuid4().bytes_le + (10_000).to_bytes(4, "little") + b"x",  # short
        pack_side_channel([ok(b"e"), ok(b"x" * (3 * 1024 * 1024)), ok(b"f")]),          # oversized middle
        pack_side_channel([ok(b"g")]),
    ]
    scene = ScriptedScene(outgoing=blobs)
    _, thread, _ = start_peer(free_port, scene)
    got = []

    class Collect(RawBytesChannel):
        def on_message_received(self, msg):
            got.append(msg.get_raw_bytes())

    env = unity.BridgeEnvironment(file_name=None, base_port=free_port, timeout_wait=20, side_channels=[Collect(good)])
    try:
        env.reset()
        for _ in range(6):
            env.step()
    finally:
        env.close()
    thread.join(10)
    assert got == [b"a", b"b", b"c", b"d", b"e", b"f", b"g"]
    assert env.dropped == {"unknown_channel": 1, "truncated_frame": 1, "bad_frame_length": 1, "oversized": 1}


def test_outgoing_side_channel_data_is_spread_under_the_grpc_limit(free_port):
    scene = ScriptedScene()
    _, thread, _ = start_peer(free_port, scene)
    cid = uuid.uuid4()
    big = RawBytesChannel(cid)
    env = unity.BridgeEnvironment(file_name=None, base_port=free_port, timeout_wait=20, side_channels=[big])
    try:
        env.reset()
        for i in range(6):  # 6 MiB in all: one exchange would break gRPC's 4 MiB limit
            big.send_raw_data(bytearray([i]) * (1024 * 1024))
        for _ in range(4):
            env.step()
    finally:
        env.close()
    thread.join(10)
    got = [p for c, p in scene.received if c == cid]
    assert [p[0] for p in got] == list(range(6)) and all(len(p) == 1024 * 1024 for p in got)
    from python_bridge.unity.wire import OUTGOING_SIDE_CHANNEL_BUDGET
    assert max(scene.blob_sizes) <= OUTGOING_SIDE_CHANNEL_BUDGET < 4 * 1024 * 1024
    assert sum(1 for n in scene.blob_sizes if n > 0) >= 2, "spread over several exchanges"


def test_port_in_use_names_the_port_and_the_fix(free_port):
    first = unity.LoopbackCommunicator(base_port=free_port, timeout_wait=1)
    try:
        with pytest.raises(PortInUseError, match=f"Port {free_port}.*in use.*--port"):
            unity.BridgeEnvironment(file_name=None, base_port=free_port, timeout_wait=1)
    finally:
        first.close()


def test_binds_loopback_by_default(free_port):
    import socket

    comm = unity.LoopbackCommunicator(base_port=free_port, timeout_wait=1)
    try:
        assert comm.host == "127.0.0.1"
        # Another interface of this machine is refused; loopback is accepted.
        addr = socket.gethostbyname(socket.gethostname())
        if not addr.startswith("127."):
            with pytest.raises(OSError):
                socket.create_connection((addr, free_port), timeout=1).close()
        socket.create_connection(("127.0.0.1", free_port), timeout=1).close()
    finally:
        comm.close()


def test_open_to_network_is_explicit_and_warns(free_port, caplog):
    comm = unity.LoopbackCommunicator(base_port=free_port, timeout_wait=1, host="0.0.0.0")
    comm.close()
    assert any("open on 0.0.0.0" in r.message for r in caplog.records)


def test_no_peer_times_out_with_causes(free_port):
    with pytest.raises(PeerTimeoutError, match=f"port {free_port}.*Play"):
        unity.BridgeEnvironment(file_name=None, base_port=free_port, timeout_wait=1)


@pytest.mark.parametrize("version", ["2.0.0", "0.15.0", "banana", ""])
def test_incompatible_communication_version_is_refused_clearly(free_port, version):
    scene = ScriptedScene()
    _, thread, result = start_peer(free_port, scene, communication_version=version)
    with pytest.raises(ProtocolVersionError, match="communication version"):
        unity.BridgeEnvironment(file_name=None, base_port=free_port, timeout_wait=10)
    thread.join(10)
    assert not thread.is_alive(), "the refused peer must be told to quit, not left hanging"


def test_peer_vanishing_mid_run_is_a_clear_timeout(free_port):
    scene = ScriptedScene()
    peer, thread, _ = start_peer(free_port, scene, max_steps=5)
    env = unity.BridgeEnvironment(file_name=None, base_port=free_port, timeout_wait=3)
    try:
        env.reset()
        with pytest.raises(Exception) as info:
            for _ in range(20):
                env.step()
        # A peer that says goodbye (Play stopped) surfaces as the communicator having exited.
        assert "exited" in str(info.value) or isinstance(info.value, PeerTimeoutError)
    finally:
        env.close()
    thread.join(10)


def test_script_that_forgets_close_exits_promptly(tmp_path, free_port):
    # mlagents-envs' own communicator hangs the interpreter at exit here; ours must not.
    script = tmp_path / "forget.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(tmp_path.parent)!r})
        import python_bridge.unity as unity
        from tests.wire.scripted import ScriptedScene, start_peer
        start_peer({free_port}, ScriptedScene())
        env = unity.BridgeEnvironment(file_name=None, base_port={free_port}, timeout_wait=10)
        env.reset(); env.step()
        print("done", flush=True)
    """))
    import os
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60,
                          cwd=root, env={**os.environ, "PYTHONPATH": root})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "done" in proc.stdout
