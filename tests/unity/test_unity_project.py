"""The Unity project's contract with Python, checked without mono or Unity.

Golden byte vectors (tests/unity/unity_golden.py) are what Python writes now and round-trip through
Python's own codec; the C# side's UUIDs, director spec and generated classes agree with Python's;
every asset has a .meta file with a unique GUID. The C# compile check and NUnit run need mono:
scripts/check_csharp.sh does them (CI runs it after pytest).
"""
from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import re
import zlib
from pathlib import Path

import pytest
from google.protobuf import descriptor_pb2

from python_bridge.errors import ProtocolVersionError
from python_bridge.protocol import ChunkAssembler, check_header, pb
from python_bridge.protocol.convert import ack_from_pb, feedback_from_pb
from tests.unity import unity_golden

ROOT = Path(__file__).resolve().parents[2]
UNITY = ROOT / "unity_project"
ASSETS = UNITY / "Assets"
RUNTIME = ASSETS / "VRBridge" / "Runtime"
GOLDEN = unity_golden.GOLDEN

MESSAGE_TYPES = {
    "feedback_batch.bin": pb.FeedbackBatch,
    "content_room.bin": pb.ContentMessage,
    "content_texture.bin": pb.ContentMessage,
    "content_terrain.bin": pb.ContentMessage,
    "content_character.bin": pb.ContentMessage,
    "ack_applied.bin": pb.ContentAck,
    "ack_rejected.bin": pb.ContentAck,
    "chunk_v2.bin": pb.ContentChunk,
}


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ----------------------------------------------------------------------------- golden vectors

def test_committed_golden_files_are_what_python_writes_now():
    fresh = unity_golden.files()
    committed = {p.name: p.read_bytes() for p in GOLDEN.iterdir() if not p.name.endswith(".meta")}
    assert sorted(committed) == sorted(fresh), "run: python -m tests.unity.unity_golden"
    for name, data in fresh.items():
        assert committed[name] == data, f"{name} is stale: run python -m tests.unity.unity_golden"


@pytest.mark.parametrize("name", sorted(MESSAGE_TYPES))
def test_golden_message_round_trips(name):
    data = (GOLDEN / name).read_bytes()
    msg = MESSAGE_TYPES[name]()
    msg.ParseFromString(data)
    assert msg.SerializeToString() == data
    if name != "chunk_v2.bin":
        check_header(msg.header, name)


def test_python_reads_what_the_scene_sends():
    # The C# tests prove the scene serialises acks and feedback to exactly these bytes.
    applied = pb.ContentAck.FromString((GOLDEN / "ack_applied.bin").read_bytes())
    rejected = pb.ContentAck.FromString((GOLDEN / "ack_rejected.bin").read_bytes())
    assert ack_from_pb(applied).applied and ack_from_pb(applied).apply_ms == 12.25
    assert not ack_from_pb(rejected).applied and "tile_class" in ack_from_pb(rejected).reason
    batch = pb.FeedbackBatch.FromString((GOLDEN / "feedback_batch.bin").read_bytes())
    events = [feedback_from_pb(e) for e in batch.events]
    assert [e.kind for e in events] == ["session_start", "gaze_dwell", "rating", "interaction", "comfort",
                                        "locomotion", "session_end"]
    assert events[2].value == 0.75            # rating 4 on [1, 5]
    assert events[1].detail == "head" and events[3].detail == "select"


def test_golden_chunks_reassemble_in_python_and_v2_is_refused():
    asm = ChunkAssembler()
    chunks = sorted(GOLDEN.glob("chunk_texture_*.bin"))
    assert len(chunks) == 4
    out = None
    for path in chunks:
        out = asm.add(pb.ContentChunk.FromString(path.read_bytes()))
    assert out is not None and out.SerializeToString() == (GOLDEN / "content_texture.bin").read_bytes()
    v2 = pb.ContentChunk.FromString((GOLDEN / "chunk_v2.bin").read_bytes())
    with pytest.raises(ProtocolVersionError, match=r"2\.1.*1\.0"):
        ChunkAssembler().add(v2)


def test_manifest_and_text_vectors():
    lines = [ln for ln in (GOLDEN / "manifest.txt").read_text().splitlines() if ln and not ln.startswith("#")]
    assert len(lines) == len(unity_golden.files()) - 1
    for line in lines:
        name, crc, size = line.split()
        data = (GOLDEN / name).read_bytes()
        assert (zlib.crc32(data), len(data)) == (int(crc), int(size)), name
    for line in (GOLDEN / "crc32.txt").read_text().splitlines()[1:]:
        crc, *rest = line.split()
        assert zlib.crc32(bytes.fromhex(rest[0] if rest else "")) == int(crc)
    salt, device, expected = (GOLDEN / "pseudonym.txt").read_text().splitlines()[1:4]
    assert expected == "p-" + hashlib.sha256(f"{salt}\n{device}".encode()).hexdigest()[:32]


# ----------------------------------------------------------------------------- shared constants

def test_channel_ids_match_python_and_the_architecture():
    cs = (RUNTIME / "Protocol" / "ChannelIds.cs").read_text()
    ids = dict(re.findall(r'const string (\w+)Uuid = "([0-9a-f-]{36})"', cs))
    py = (ROOT / "python_bridge" / "unity" / "channels.py").read_text()
    py_ids = dict(re.findall(r'(\w+)_CHANNEL_ID = uuid\.UUID\("([0-9a-f-]{36})"\)', py))
    assert ids == {"Feedback": py_ids["FEEDBACK"], "Content": py_ids["CONTENT"], "Ack": py_ids["ACK"]}
    arch = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    for uuid in ids.values():
        assert uuid in arch


def test_director_spec_matches_python():
    spec = _load("vrbridge_spec", ROOT / "python_bridge" / "unity" / "spec.py")
    cs = (RUNTIME / "Logic" / "DirectorSpec.cs").read_text()
    consts = dict(re.findall(r"public const (?:int|string) (\w+) = ([^;]+);", cs))
    assert consts["BehaviorName"].strip('"') + "?team=" + consts["TeamId"] == spec.BEHAVIOR_NAME
    assert int(consts["ObservationSize"]) == spec.OBSERVATION_SIZE
    assert int(consts["ActionSize"]) == spec.ACTION_SIZE


def test_generated_csharp_carries_the_same_descriptor_as_python():
    """A protoc-free drift check: the FileDescriptorProto embedded in Vrbridge.cs equals the one in
    vrbridge_pb2 (json_name aside, which only protoc's C# output fills in)."""
    cs = (RUNTIME / "Protocol" / "Vrbridge.cs").read_text()
    block = re.search(r"descriptorData = global::System\.Convert\.FromBase64String\(\s*string\.Concat\((.*?)\)\);", cs, re.S)
    assert block, "Vrbridge.cs has no embedded descriptor; regenerate with scripts/gen_csharp.sh"
    b64 = "".join(re.findall(r'"([^"]*)"', block.group(1)))
    from_cs = descriptor_pb2.FileDescriptorProto.FromString(base64.b64decode(b64))
    from_py = descriptor_pb2.FileDescriptorProto()
    pb.DESCRIPTOR.CopyToProto(from_py)
    for fdp in (from_cs, from_py):
        for msg in fdp.message_type:
            for field in msg.field:
                field.ClearField("json_name")
    assert from_cs == from_py, "Vrbridge.cs is stale: run scripts/gen_csharp.sh"


# ----------------------------------------------------------------------------- project files

def test_every_asset_has_a_meta_with_a_unique_guid():
    gen_meta = _load("vrbridge_gen_meta", UNITY / "CompileCheck" / "gen_meta.py")
    assert gen_meta.problems() == []


def test_packages_and_editor_version():
    deps = json.loads((UNITY / "Packages" / "manifest.json").read_text())["dependencies"]
    version = lambda name: tuple(int(x) for x in re.match(r"(\d+)\.(\d+)\.(\d+)", deps[name]).groups())
    assert version("com.unity.ml-agents") >= (4, 1, 0)          # 4.0.x player builds break (issue 6310)
    assert version("com.unity.xr.interaction.toolkit")[0] == 3
    for name in ("com.unity.xr.openxr", "com.unity.inputsystem", "com.unity.test-framework"):
        assert name in deps
    editor = (UNITY / "ProjectSettings" / "ProjectVersion.txt").read_text()
    assert re.search(r"^m_EditorVersion: 6000\.", editor, re.M)


def test_asmdefs_reference_each_other_by_name():
    asmdefs = {json.loads(p.read_text())["name"]: json.loads(p.read_text()) for p in ASSETS.rglob("*.asmdef")}
    assert {"VRBridge.Protocol", "VRBridge.Logic", "VRBridge.Runtime", "VRBridge.Editor", "VRBridge.Tests"} <= set(asmdefs)
    # the pure-logic assemblies and the tests run under mono: no UnityEngine
    for name in ("VRBridge.Protocol", "VRBridge.Logic", "VRBridge.Tests"):
        assert asmdefs[name]["noEngineReferences"] is True
    for name, a in asmdefs.items():
        for ref in a.get("references", []):
            assert ref in asmdefs or ref.startswith("Unity"), f"{name} -> {ref}"
        if a.get("overrideReferences"):
            assert "Google.Protobuf_Packed.dll" in a["precompiledReferences"], name


CSHARP8 = [(r"\?\?=", "??="), (r"\busing\s+var\b", "using var"), (r"=\s*new\s*\(\s*\)", "target-typed new()"),
           (r"\bis\s+not\b", "is not"), (r"\brecord\s+(class\s+|struct\s+)?[A-Z]", "records")]


def test_checked_scripts_stay_in_csharp_7_2():
    offenders = []
    for path in ASSETS.rglob("*.cs"):
        if path.name == "Vrbridge.cs":
            continue
        code = re.sub(r'"(?:\\.|[^"\\])*"', '""', path.read_text())   # string literals
        code = re.sub(r"//.*", "", code)
        for pattern, what in CSHARP8:
            if re.search(pattern, code):
                offenders.append(f"{path.relative_to(UNITY)}: {what}")
    assert offenders == []
