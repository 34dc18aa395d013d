"""ONNX export for Unity Inference Engine: pinned opset, folded BatchNorm, supported ops, parity."""
from __future__ import annotations

import json

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from python_bridge.cli import main
from python_bridge.generators import load_generator
from python_bridge.generators.export import OPSET, SUPPORTED_OPS, export_onnx
from python_bridge.generators.train import train


@pytest.mark.parametrize("kind, model, conditional", [
    ("rooms", "gan", False),
    ("textures", "vae", True),
    ("terrain", "aae", False),
    ("characters", "gan", True),
])
def test_export_parity_opset_and_operators(make_cfg, tmp_path, kind, model, conditional):
    grid = {"latent_grid": 4} if kind == "textures" else {}  # the shipped textures VAE's spatial latent
    ckpt = train(make_cfg(kind=kind, model=model, conditional=conditional, corpus_size=64, batch_size=16, **grid),
                 progress=False)
    out = tmp_path / f"{kind}.onnx"
    info = export_onnx(ckpt, out)
    assert info["opset"] == OPSET == 15
    assert info["max_abs_diff"] <= 1e-4 and info["parity_ok"]
    proto = onnx.load(str(out))
    ops = {n.op_type for n in proto.graph.node}
    assert ops <= SUPPORTED_OPS and "BatchNormalization" not in ops
    assert {o.version for o in proto.opset_import if o.domain in ("", "ai.onnx")} == {15}
    meta = {p.key: p.value for p in proto.metadata_props}
    assert meta["vrbridge.kind"] == kind
    if kind == "rooms" and "tiles" in info["outputs"]:
        assert info["tiles_agreement"] == 1.0
        # the exported tiles are exactly what Generator.generate returns
        gen = load_generator(ckpt)
        z = gen.sample_latent(4, seed=9)
        sess = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
        tiles = sess.run(["tiles"], {"z": z})[0]
        assert np.array_equal(tiles.astype(np.uint8), gen.generate(z))


def test_layered_rooms_export_layers_that_decode_to_the_same_rooms(make_cfg, tmp_path):
    from python_bridge.content.rooms import room_from_layers

    ckpt = train(make_cfg(kind="rooms", model="vae", room_layers=True, room_block_threshold=0.2, corpus_size=64,
                          batch_size=16), progress=False)
    info = export_onnx(ckpt, tmp_path / "rooms.onnx")
    assert info["outputs"] == ["layers"] and info["parity_ok"]
    meta = {p.key: p.value for p in onnx.load(str(tmp_path / "rooms.onnx")).metadata_props}
    assert float(meta["vrbridge.room_block_threshold"]) == 0.2
    gen = load_generator(ckpt)
    z = gen.sample_latent(4, seed=9)
    layers = ort.InferenceSession(str(tmp_path / "rooms.onnx"), providers=["CPUExecutionProvider"]).run(["layers"], {"z": z})[0]
    assert np.array_equal(np.stack([room_from_layers(x, 0.2) for x in layers]), gen.generate(z))


def test_cli_export_ends_with_a_json_line(make_cfg, tmp_path, capsys):
    ckpt = train(make_cfg(), progress=False)
    out = tmp_path / "x.onnx"
    assert main(["export-onnx", str(ckpt), "--out", str(out)]) == 0
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert last["opset"] == 15 and last["max_abs_diff"] <= 1e-4 and out.is_file()
