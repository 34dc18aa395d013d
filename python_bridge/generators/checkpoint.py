"""Generator checkpoints: atomic writes, self-describing metadata, loaded with torch.load(weights_only=True).

A checkpoint is a plain dict of tensors and primitives (nothing pickled beyond that):

    format       "vrbridge-generator/1"
    meta         kind, model, config (every knob), corpus (manifest sha256, size, seed, dir),
                 versions (vrbridge, torch, numpy, python), epoch, step, item_shape, dtype,
                 latent_dim, condition_dim, condition_names, created_unix_s, reproduce (command)
    model        the model's state_dict (codec statistics and condition ranges included)
    fixed_noise  the contact-sheet latents
    optim, rng   training state for an exact --resume (left out of slim, shipped checkpoints)
"""
from __future__ import annotations

import hashlib
import platform
from pathlib import Path
from typing import Any

import numpy as np
import torch

from python_bridge.errors import CheckpointError
from python_bridge.files import write_atomic

FORMAT = "vrbridge-generator/1"


def versions() -> dict[str, str]:
    from python_bridge import __version__

    return {"vrbridge": __version__, "torch": str(torch.__version__), "numpy": str(np.__version__),
            "python": platform.python_version()}


def save_checkpoint(path: str | Path, payload: dict[str, Any]) -> Path:
    """Write ``payload`` atomically: a temporary file in the same folder, fsync, then rename."""
    payload = {"format": FORMAT, **payload}
    return write_atomic(path, lambda fh: torch.save(payload, fh))


def load_checkpoint(path: str | Path, kind: str | None = None, model: str | None = None) -> dict[str, Any]:
    """Read a checkpoint with ``torch.load(weights_only=True)``; CheckpointError says what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"checkpoint {path} does not exist; train one with "
                              "`vrbridge train-generator --config FILE.yaml` or list them with `vrbridge models list`")
    try:
        ckpt = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # truncated file, foreign pickle, not a torch file at all
        raise CheckpointError(f"checkpoint {path} cannot be read safely ({type(exc).__name__}: {exc}); "
                              "it is corrupt or not a vrbridge generator checkpoint: retrain or re-copy it") from exc
    if not isinstance(ckpt, dict) or ckpt.get("format") != FORMAT:
        raise CheckpointError(f"{path} is not a vrbridge generator checkpoint (format "
                              f"{ckpt.get('format') if isinstance(ckpt, dict) else type(ckpt).__name__!r}, "
                              f"expected {FORMAT!r})")
    meta = ckpt.get("meta", {})
    if kind is not None and meta.get("kind") != kind:
        raise CheckpointError(f"{path} was made for kind {meta.get('kind')!r}, not {kind!r}")
    if model is not None and meta.get("model") != model:
        raise CheckpointError(f"{path} holds a {meta.get('model')!r} model, not {model!r}")
    return ckpt


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def slim(ckpt: dict[str, Any], decoder_only: bool = False) -> dict[str, Any]:
    """A copy without training state (optimisers, RNG, critics): what ships and what Unity needs.

    ``decoder_only`` also drops an autoencoder's encoder (most of a conv VAE's weights): enough to
    generate, not to ``encode``; the run checkpoint keeps it.
    """
    dropped = ("critic.", "latent_critic.") + (("encoder.",) if decoder_only else ())
    out = {k: v for k, v in ckpt.items() if k not in ("optim", "rng", "format")}
    out["model"] = {k: v for k, v in ckpt["model"].items() if not k.startswith(dropped)}
    out["meta"] = {**ckpt["meta"], "slim": True, "decoder_only": bool(decoder_only)}
    return out
