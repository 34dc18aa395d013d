"""ONNX export of a generator's decoder for Unity's Inference Engine (Sentis 1.x / Inference Engine 2.x).

    vrbridge export-onnx CHECKPOINT --out rooms.onnx

The graph: inputs ``z`` ``(batch, latent_dim)`` float32 (+ ``condition`` ``(batch, condition_dim)``
in descriptor units for conditional models); outputs by kind:
  rooms:      ``logits`` (batch, 9, 32, 32) float32 and ``tiles`` (batch, 32, 32) int64 (ArgMax);
              layered rooms (``room_layers``): ``layers`` (batch, 9, 32, 32) float32, decoded on the
              headset by ``GeneratorOutputs.RoomFromLayers`` (the C# twin of rooms.room_from_layers)
  textures:   ``rgb``    (batch, 3, 64, 64) float32 in [0, 1]
  terrain:    ``height`` (batch, 1, 64, 64) float32 metres
  characters: ``params`` (batch, D) float32
Opset pinned to 15; BatchNorm folded into the preceding conv / linear in eval mode (Inference
Engine ignores BatchNormalization's training_mode); every node is checked against
SUPPORTED_OPS; onnxruntime and torch must agree within 1e-4 (max abs diff).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from python_bridge.generators import checkpoint as ckpt_mod
from python_bridge.generators.fold import OPSET, fold_batchnorm
from python_bridge.generators.generator import model_from_checkpoint
from python_bridge.generators.models import ContentModel

PARITY_TOLERANCE = 1e-4
# ONNX operators Unity Inference Engine imports on every backend (from its "Supported ONNX
# operators" table) that a generator graph may use. Anything else fails the export.
SUPPORTED_OPS = frozenset({
    "Add", "ArgMax", "Cast", "Clip", "Concat", "Constant", "ConstantOfShape", "Conv", "ConvTranspose",
    "Div", "Expand", "Flatten", "Gather", "Gemm", "Identity", "LeakyRelu", "MatMul", "Max", "Min", "Mul",
    "Relu", "Reshape", "Shape", "Sigmoid", "Sign", "Slice", "Softmax", "Squeeze", "Sub", "Tanh", "Transpose",
    "Unsqueeze",
})
OUTPUTS = {"rooms": ["logits", "tiles"], "rooms_layers": ["layers"], "textures": ["rgb"], "terrain": ["height"], "characters": ["params"]}


class ExportGraph(nn.Module):
    """What the headset runs: latent (+ condition) -> the kind's outputs (see module docstring)."""

    def __init__(self, model: ContentModel) -> None:
        super().__init__()
        self.model = model
        self.kind = model.codec.kind

    def forward(self, z: torch.Tensor, condition: torch.Tensor | None = None):
        raw = self.model.decode(z, self.model.scale_condition(condition))
        if self.model.codec.room_layers:
            return raw  # layer logits: content.rooms.room_from_layers (C#: GeneratorOutputs.RoomFromLayers)
        if self.kind == "rooms":
            return raw, raw.argmax(dim=1)
        if self.kind == "textures":
            return (torch.tanh(raw) + 1.0) * 0.5
        return self.model.codec.to_units(raw)


def _inputs(model: ContentModel, batch: int, seed: int) -> tuple[torch.Tensor, torch.Tensor | None]:
    g = torch.Generator().manual_seed(seed)
    z = torch.randn(batch, model.latent_dim, generator=g)
    cond = None
    if model.cond_dim:
        u = torch.rand(batch, model.cond_dim, generator=g)
        cond = model.cond_lo + u * (model.cond_hi - model.cond_lo)
    return z, cond


def check_graph(path: str | Path) -> dict[str, Any]:
    """Structural checks on an exported file: onnx.checker, opset, operators, no BatchNorm left."""
    import onnx

    proto = onnx.load(str(path))
    onnx.checker.check_model(proto)
    opsets = {o.domain or "ai.onnx": o.version for o in proto.opset_import}
    ops = sorted({n.op_type for n in proto.graph.node})
    unsupported = sorted(set(ops) - SUPPORTED_OPS)
    if opsets.get("ai.onnx") != OPSET:
        raise ValueError(f"exported opset {opsets} is not the pinned {OPSET}")
    if unsupported:
        raise ValueError(f"operators Unity Inference Engine does not run: {unsupported}")
    return {"opset": opsets["ai.onnx"], "ops": ops}


def export_onnx(checkpoint: str | Path, out: str | Path, parity_batch: int = 16, seed: int = 0) -> dict[str, Any]:
    """Export CHECKPOINT's decoder to ``out``; check the graph and onnxruntime-vs-torch parity.

    Returns a summary dict: out, kind, model, opset, ops, inputs, outputs, max_abs_diff (float
    outputs), tiles_agreement (rooms), parity_ok. Raises ValueError if a check fails.
    """
    import onnx
    import onnxruntime as ort

    checkpoint, out = Path(checkpoint), Path(out)
    ckpt = ckpt_mod.load_checkpoint(checkpoint)
    reference = model_from_checkpoint(ckpt, checkpoint)
    kind = ckpt["meta"]["kind"]
    graph = ExportGraph(fold_batchnorm(reference)).eval()
    z, cond = _inputs(reference, 2, seed)
    names_in = ["z"] + (["condition"] if cond is not None else [])
    names_out = OUTPUTS["rooms_layers" if reference.codec.room_layers else kind]
    dynamic = {n: {0: "batch"} for n in names_in + names_out}
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with torch.no_grad():
        torch.onnx.export(graph, (z, cond) if cond is not None else (z,), str(tmp), dynamo=False,
                          opset_version=OPSET, input_names=names_in, output_names=names_out,
                          dynamic_axes=dynamic, do_constant_folding=True)
    proto = onnx.load(str(tmp))
    meta = ckpt["meta"]
    props = {"vrbridge.kind": kind, "vrbridge.model": meta["model"], "vrbridge.latent_dim": str(meta["latent_dim"]),
             "vrbridge.condition_dim": str(meta["condition_dim"]),
             "vrbridge.condition_names": json.dumps(meta.get("condition_names", [])),
             "vrbridge.condition_lo": json.dumps(reference.cond_lo.tolist()),
             "vrbridge.condition_hi": json.dumps(reference.cond_hi.tolist()),
             "vrbridge.outputs": json.dumps(names_out),
             "vrbridge.checkpoint_sha256": ckpt_mod.file_sha256(checkpoint)}
    if reference.codec.room_layers:  # the decoding thresholds RoomFromLayers needs on the headset
        props["vrbridge.room_block_threshold"] = str(reference.codec.block_threshold)
        props["vrbridge.room_prop_threshold"] = str(reference.codec.prop_threshold)
    for k, v in props.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = k, v
    proto.producer_name = "vrbridge"
    onnx.save(proto, str(tmp))
    try:
        info = check_graph(tmp)
    except Exception:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(out)

    # parity: the unfolded torch model in eval mode vs onnxruntime on the exported file
    z, cond = _inputs(reference, parity_batch, seed + 1)
    with torch.no_grad():
        expected = ExportGraph(reference).eval()(z, cond)
    expected = expected if isinstance(expected, tuple) else (expected,)
    sess = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    feed = {"z": z.numpy()}
    if cond is not None:
        feed["condition"] = cond.numpy()
    got = sess.run(names_out, feed)
    max_abs = 0.0
    result: dict[str, Any] = {}
    for name, e, g in zip(names_out, expected, got):
        e = e.numpy()
        if np.issubdtype(e.dtype, np.floating):
            max_abs = max(max_abs, float(np.max(np.abs(e - g))))
        else:
            result["tiles_agreement"] = float(np.mean(e == g))
    result.update({"out": str(out), "kind": kind, "model": meta["model"], **info,
                   "inputs": {n: list(v.shape[1:]) for n, v in zip(names_in, [z, cond])},
                   "outputs": names_out, "parity_batch": parity_batch, "max_abs_diff": max_abs,
                   "parity_ok": max_abs <= PARITY_TOLERANCE, "size_mb": round(out.stat().st_size / 2**20, 3)})
    if max_abs > PARITY_TOLERANCE:
        raise ValueError(f"onnxruntime and torch disagree by {max_abs:.3g} > {PARITY_TOLERANCE} on {out}")
    return result
