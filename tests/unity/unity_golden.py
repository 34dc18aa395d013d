"""Golden byte vectors for the Unity side, written by Python's protobuf and codec.

The C# NUnit tests (unity_project/Assets/VRBridge/Tests/) read these files: they parse them, rebuild
the same messages in C# and compare bytes, reassemble the chunks with the C# ChunkAssembler, and check
their CRC-32 against the values zlib wrote here. tests/unity/test_unity_golden.py checks that the
committed files equal what this module writes now and that each one round-trips in Python.

    python -m tests.unity.unity_golden        rewrite unity_project/Assets/VRBridge/Tests/Golden/

Every value is exact in float32, and nothing depends on the clock, so the bytes are stable.
"""
from __future__ import annotations

import hashlib
import sys
import zlib
from pathlib import Path

import numpy as np

from python_bridge.content.rooms import prop_placements
from python_bridge.protocol import header, pb, split_into_chunks

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "unity_project" / "Assets" / "VRBridge" / "Tests" / "Golden"
GOLDEN_CHUNK_BYTES = 4096   # small chunks so a 64x64 texture becomes several
PLAYER = "p-0123456789abcdef0123456789abcdef"
SESSION = "s-20250101T000000-00c0ffee"
CONTENT = "room-0001"
PSEUDONYM_SALT, PSEUDONYM_DEVICE = "golden-salt", "golden-device-id"


def feedback_batch() -> pb.FeedbackBatch:
    """One event of every kind; FeedbackAggregatorGoldenTests drives the C# aggregator through the same."""
    def ev(t: float, content: str = CONTENT) -> pb.FeedbackEvent:
        return pb.FeedbackEvent(player_id=PLAYER, session_id=SESSION, timestamp_s=t, content_id=content)

    events = []
    e = ev(0.0, "")
    e.session_start.device, e.session_start.app_version = "Quest 3 via Link", "0.1.0"
    events.append(e)
    e = ev(1.5)
    e.gaze_dwell.element_id, e.gaze_dwell.dwell_s, e.gaze_dwell.source = "room/prop/3", 2.25, pb.GAZE_SOURCE_HEAD
    events.append(e)
    e = ev(3.0)
    e.rating.value, e.rating.scale_min, e.rating.scale_max = 4.0, 1.0, 5.0
    events.append(e)
    e = ev(4.25)
    e.interaction.element_id, e.interaction.kind, e.interaction.duration_s = "room/prop/7", pb.INTERACTION_KIND_SELECT, 1.5
    events.append(e)
    e = ev(5.0)
    e.comfort.discomfort, e.comfort.reason = 0.5, "motion"
    events.append(e)
    e = ev(10.0)
    e.locomotion.speed_mps, e.locomotion.distance_m, e.locomotion.turn_rate_dps, e.locomotion.window_s = 0.75, 3.75, 12.5, 5.0
    events.append(e)
    e = ev(60.0, "")
    e.session_end.reason, e.session_end.duration_s = "quit", 60.0
    events.append(e)
    return pb.FeedbackBatch(header=header(), events=events)


def provenance() -> pb.Provenance:
    return pb.Provenance(generator="procedural/golden@1", latent=[0.5, -0.25], condition=[1.0], seed=7,
                         policy="golden", created_unix_s=1700000000.0)


def room_grid() -> np.ndarray:
    """32x32: walls round the edge, a door north, spawn south, every prop class (a 2x2 large prop)."""
    g = np.full((32, 32), 1, dtype=np.uint8)
    g[0, :] = g[-1, :] = g[:, 0] = g[:, -1] = 2
    g[0, 16] = 3
    g[30, 16] = 4
    g[1, 5] = g[5, 26] = 5          # small props, one against the north wall
    g[10:12, 10:12] = 6             # one 2x2 large prop
    g[16, 16] = 7
    g[20, 30] = 8                   # an interactable against the east wall
    return g


def content_room() -> pb.ContentMessage:
    g = room_grid()
    msg = pb.ContentMessage(header=header(), content_id=CONTENT, kind=pb.CONTENT_KIND_ROOM,
                            provenance=provenance(), slot="main_room")
    msg.room.width, msg.room.height = 32, 32
    msg.room.tiles = g.tobytes()
    msg.room.tile_size_m = 1.0
    msg.room.props.extend(prop_placements(g))
    return msg


def content_texture() -> pb.ContentMessage:
    y, x = np.mgrid[0:64, 0:64]
    rgb = np.stack([(x * 4) & 255, (y * 4) & 255, ((x + y) * 2) & 255], axis=-1).astype(np.uint8)
    msg = pb.ContentMessage(header=header(), content_id="texture-0001", kind=pb.CONTENT_KIND_TEXTURE,
                            provenance=provenance(), slot="wall_texture")
    msg.texture.width, msg.texture.height = 64, 64
    msg.texture.rgb8 = rgb.tobytes()
    msg.texture.tileable = True
    msg.texture.material_family = "golden"
    return msg


def content_terrain() -> pb.ContentMessage:
    y, x = np.mgrid[0:64, 0:64]
    h = (0.25 * x - 0.125 * y + 1.0).astype(np.float32)
    msg = pb.ContentMessage(header=header(), content_id="terrain-0001", kind=pb.CONTENT_KIND_TERRAIN,
                            provenance=provenance(), slot="terrain")
    msg.terrain.width, msg.terrain.height = 64, 64
    msg.terrain.heights_m.extend(h.ravel().tolist())
    msg.terrain.cell_size_m = 1.0
    return msg


def content_character() -> pb.ContentMessage:
    msg = pb.ContentMessage(header=header(), content_id="character-0001", kind=pb.CONTENT_KIND_CHARACTER,
                            provenance=provenance(), slot="character")
    msg.character.names.extend(["scale", "color.skin.r", "color.skin.g", "color.skin.b", "smile"])
    msg.character.values.extend([1.25, 0.5, 0.25, 0.75, 0.5])
    return msg


def ack_applied() -> pb.ContentAck:
    return pb.ContentAck(header=header(), content_id=CONTENT, status=pb.ACK_STATUS_APPLIED,
                         timestamp_s=2.5, apply_ms=12.25)


def ack_rejected() -> pb.ContentAck:
    return pb.ContentAck(header=header(), content_id=CONTENT, status=pb.ACK_STATUS_REJECTED,
                         reason="tile_class at (3, 7): 12 is not a tile class (0..8)", timestamp_s=3.0)


def chunk_v2() -> pb.ContentChunk:
    """A chunk from a peer on schema 2.1: the C# side must refuse it naming both versions."""
    data = content_character().SerializeToString()
    return pb.ContentChunk(header=pb.SchemaHeader(major=2, minor=1), content_id="character-0001", index=0,
                           count=1, total_bytes=len(data), crc32=zlib.crc32(data), data=data)


CRC_INPUTS = [b"", b"a", b"123456789", bytes(range(256)), b"The quick brown fox jumps over the lazy dog"]


def files() -> dict[str, bytes]:
    """Every golden file by name."""
    out = {
        "feedback_batch.bin": feedback_batch().SerializeToString(),
        "content_room.bin": content_room().SerializeToString(),
        "content_texture.bin": content_texture().SerializeToString(),
        "content_terrain.bin": content_terrain().SerializeToString(),
        "content_character.bin": content_character().SerializeToString(),
        "ack_applied.bin": ack_applied().SerializeToString(),
        "ack_rejected.bin": ack_rejected().SerializeToString(),
        "chunk_v2.bin": chunk_v2().SerializeToString(),
    }
    for i, chunk in enumerate(split_into_chunks(content_texture(), GOLDEN_CHUNK_BYTES)):
        out[f"chunk_texture_{i:03d}.bin"] = chunk.SerializeToString()
    crc_lines = [f"{zlib.crc32(b)} {b.hex()}" for b in CRC_INPUTS]
    out["crc32.txt"] = ("# zlib.crc32(data) hex(data), one per line\n" + "\n".join(crc_lines) + "\n").encode()
    digest = hashlib.sha256(f"{PSEUDONYM_SALT}\n{PSEUDONYM_DEVICE}".encode()).hexdigest()[:32]
    out["pseudonym.txt"] = (f"# salt, device id, expected PlayerIdentity.Pseudonym\n{PSEUDONYM_SALT}\n"
                            f"{PSEUDONYM_DEVICE}\np-{digest}\n").encode()
    manifest = [f"{name} {zlib.crc32(data)} {len(data)}" for name, data in sorted(out.items())]
    out["manifest.txt"] = ("# file, zlib.crc32, bytes\n" + "\n".join(manifest) + "\n").encode()
    return out


def write(folder: Path = GOLDEN) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files().items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write(Path(sys.argv[1]) if len(sys.argv) > 1 else GOLDEN):
        print(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p)
