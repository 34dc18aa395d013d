"""The one latent interface every consumer uses: Generator.generate(z, condition) -> content items."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch

from python_bridge.errors import CheckpointError
from python_bridge.generators import checkpoint as ckpt_mod
from python_bridge.generators.codec import Codec
from python_bridge.generators.config import config_from_dict
from python_bridge.generators.models import ContentModel, build_model

BACKENDS = ("torch", "onnxruntime")


class Generator:
    """A trained generator of one content kind, in eval mode, for inference.

    Attributes: ``kind`` (content kind name), ``model_name`` (gan | vae | aae), ``latent_dim``,
    ``condition_dim`` (0 when unconditional), ``condition_names`` (the kind's descriptors the
    condition lists, in order), ``item_shape``, ``dtype``, ``path``, ``sha256``, ``meta``.
    """

    def __init__(self, model: ContentModel, meta: dict[str, Any], path: Path | None = None, sha256: str = "",
                 backend: str = "torch") -> None:
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
        self.model = model.eval()
        self.backend = backend
        self._session = _onnx_session(self.model) if backend == "onnxruntime" else None
        self.meta = meta
        self.kind: str = meta["kind"]
        self.model_name: str = meta["model"]
        self.latent_dim: int = int(meta["latent_dim"])
        self.condition_dim: int = int(meta["condition_dim"])
        self.condition_names: tuple[str, ...] = tuple(meta.get("condition_names", ()))
        self.item_shape: tuple[int, ...] = tuple(meta["item_shape"])
        self.dtype = np.dtype(meta["dtype"])
        self.path = path
        self.sha256 = sha256

    @property
    def has_encoder(self) -> bool:
        return self.model.has_encoder

    @property
    def condition_ranges(self) -> dict[str, tuple[float, float]]:
        lo, hi = self.model.cond_lo.tolist(), self.model.cond_hi.tolist()
        return {n: (lo[i], hi[i]) for i, n in enumerate(self.condition_names)}

    def sample_latent(self, n: int, seed: int) -> np.ndarray:
        """``(n, latent_dim)`` float32 draws from the prior N(0, I), deterministic under ``seed``."""
        return np.random.default_rng(seed).standard_normal((n, self.latent_dim)).astype(np.float32)

    def _condition(self, condition: np.ndarray | None, batch: int) -> torch.Tensor | None:
        if self.condition_dim == 0:
            if condition is not None:
                raise ValueError(f"{self.kind} {self.model_name} generator is unconditional: pass condition=None")
            return None
        if condition is None:
            raise ValueError(f"this generator is conditional: pass condition of shape ({batch}, {self.condition_dim}) "
                             f"with {self.condition_names} in their descriptor ranges")
        c = np.asarray(condition, dtype=np.float32)
        if c.ndim == 1:
            c = np.broadcast_to(c, (batch, c.shape[0])).copy()
        if c.shape != (batch, self.condition_dim):
            raise ValueError(f"condition must have shape ({batch}, {self.condition_dim}), got {c.shape}")
        return self.model.scale_condition(torch.as_tensor(np.ascontiguousarray(c)))

    @torch.no_grad()
    def generate(self, z: np.ndarray, condition: np.ndarray | None = None) -> np.ndarray:
        """Decode latents into content.

        z: ``(B, latent_dim)`` float (prior N(0, I); a single ``(latent_dim,)`` vector is B = 1).
        condition: ``(B, condition_dim)`` descriptor values in the kind's ranges, or None for
        unconditional generators (a ``(condition_dim,)`` vector is broadcast over the batch).
        Returns ``(B, *item_shape)`` in the kind's dtype: rooms uint8 tile classes (argmax of the
        per-tile logits, or ``rooms.room_from_layers`` for layered models), textures uint8 RGB, terrain float32 metres, characters float32.
        Deterministic: the same z and condition always give the same items.
        """
        z_arr = np.asarray(z, dtype=np.float32)
        if z_arr.ndim == 1:
            z_arr = z_arr[None]
        if z_arr.ndim != 2 or z_arr.shape[1] != self.latent_dim:
            raise ValueError(f"z must have shape (B, {self.latent_dim}), got {np.shape(z)}")
        if self._session is not None:  # the exported graph (BatchNorm folded) on onnxruntime
            feed = {"z": np.ascontiguousarray(z_arr)}
            if self.condition_dim or condition is not None:
                self._condition(condition, len(z_arr))  # same checks as the torch path
                c = np.asarray(condition, dtype=np.float32)
                feed["condition"] = np.ascontiguousarray(np.broadcast_to(c, (len(z_arr), self.condition_dim)))
            raw = torch.from_numpy(self._session.run(["raw"], feed)[0])
        else:
            zt = torch.as_tensor(np.ascontiguousarray(z_arr))
            raw = self.model.decode(zt, self._condition(condition, len(z_arr)))
        return self.model.codec.to_items(raw).astype(self.dtype, copy=False)

    @torch.no_grad()
    def encode(self, items: np.ndarray, condition: np.ndarray | None = None) -> np.ndarray:
        """Items ``(B, *item_shape)`` -> latents ``(B, latent_dim)`` float32 (posterior mean / encoder
        output). Only VAE and AAE models have an encoder; a GAN, or a checkpoint shipped decoder-only,
        raises NotImplementedError."""
        if not self.has_encoder:
            if self.meta.get("decoder_only"):
                raise NotImplementedError(f"{self.path} was shipped without its encoder (decoder only); encode with "
                                          "the run checkpoint (scripts/train_default_generators.sh makes it)")
            raise NotImplementedError(f"a {self.model_name} has no encoder; use a vae or aae checkpoint")
        x = self.model.codec.to_model(np.asarray(items))
        return self.model.encode_mean(x, self._condition(condition, len(x))).numpy().astype(np.float32)

    @torch.no_grad()
    def reconstruct(self, items: np.ndarray, condition: np.ndarray | None = None) -> np.ndarray:
        """decode(encode(items)): ``(B, *item_shape)`` -> ``(B, *item_shape)``."""
        return self.generate(self.encode(items, condition), condition)

    def __repr__(self) -> str:
        return (f"Generator(kind={self.kind!r}, model={self.model_name!r}, latent_dim={self.latent_dim}, "
                f"condition_dim={self.condition_dim}, backend={self.backend!r}, "
                f"path={str(self.path) if self.path else None!r})")


class _RawDecoder(torch.nn.Module):
    """latent (+ condition in descriptor units) -> the decoder's raw output (what to_items reads)."""

    def __init__(self, model: ContentModel) -> None:
        super().__init__()
        self.model = model

    def forward(self, z: torch.Tensor, condition: torch.Tensor | None = None) -> torch.Tensor:
        return self.model.decode(z, self.model.scale_condition(condition))


def _onnx_session(model: ContentModel) -> Any:
    """An onnxruntime session over the model's decoder with BatchNorm folded (built in memory)."""
    import io
    import warnings

    import onnxruntime as ort

    from python_bridge.generators.fold import OPSET, fold_batchnorm

    graph = _RawDecoder(fold_batchnorm(model)).eval()
    z = torch.zeros(1, model.latent_dim)
    args: tuple[torch.Tensor, ...] = (z,)
    names = ["z"]
    if model.cond_dim:
        args, names = (z, model.cond_lo[None].clone()), ["z", "condition"]
    buf = io.BytesIO()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(graph, args, buf, dynamo=False, opset_version=OPSET, input_names=names,
                          output_names=["raw"], dynamic_axes={n: {0: "batch"} for n in names + ["raw"]})
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = torch.get_num_threads()
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(buf.getvalue(), opts, providers=["CPUExecutionProvider"])


def model_from_checkpoint(ckpt: dict[str, Any], path: Path | str = "checkpoint") -> ContentModel:
    """Rebuild the nn.Module a checkpoint holds (critics are optional: slim checkpoints drop them)."""
    meta = ckpt["meta"]
    try:
        cfg = config_from_dict(dict(meta["config"]), source=f"{path} config")
        codec = Codec.for_config(cfg, tuple(meta["item_shape"]))
        state = ckpt["model"]
        model = build_model(cfg, codec, state["cond_lo"].tolist(), state["cond_hi"].tolist())
    except (KeyError, ValueError) as exc:
        raise CheckpointError(f"{path}: metadata incomplete or inconsistent ({exc}); retrain it") from exc
    missing, unexpected = model.load_state_dict(state, strict=False)
    optional = ("critic.", "latent_critic.") + (("encoder.",) if meta.get("decoder_only") else ())
    missing = [k for k in missing if not k.startswith(optional)]
    if missing or unexpected:
        raise CheckpointError(f"{path}: weights do not fit the {meta['kind']} {meta['model']} model "
                              f"(missing {missing[:5]}, unexpected {unexpected[:5]}); it was made by another version")
    if meta.get("decoder_only") and model.has_encoder:
        model.encoder, model.has_encoder = None, False  # shipped without it: generate only
    return model.eval()


def load_generator(path: str | Path, kind: str | None = None, backend: str = "torch") -> Generator:
    """Load a generator checkpoint (``torch.load(weights_only=True)``) for inference.

    ``backend``: "torch" decodes with the nn.Module under torch.no_grad(); "onnxruntime" decodes
    with the same graph `export-onnx` writes (BatchNorm folded) on onnxruntime, several times
    faster for one item at a time; both give the same items (floats agree within 1e-4).
    Raises CheckpointError when the file is missing, unsafe or corrupt, or is for another kind.
    """
    path = Path(path)
    ckpt = ckpt_mod.load_checkpoint(path, kind=kind)
    model = model_from_checkpoint(ckpt, path)
    return Generator(model, dict(ckpt["meta"]), path=path, sha256=ckpt_mod.file_sha256(path), backend=backend)
