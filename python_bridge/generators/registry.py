"""Where generator checkpoints live: the shipped defaults (package assets) and training runs."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from python_bridge.errors import CheckpointError
from python_bridge.generators import checkpoint as ckpt_mod
from python_bridge.generators.generator import Generator, load_generator

SHIPPED_DIR = Path(__file__).resolve().parents[1] / "assets" / "checkpoints"
RUNS_DIR = Path("runs/generators")
# The shipped checkpoint each kind's default_generator() loads, in order of preference.
DEFAULTS: dict[str, tuple[str, ...]] = {
    "rooms": ("rooms_vae.pt", "rooms_gan.pt", "rooms_aae.pt"),
    "textures": ("textures_vae.pt", "textures_aae.pt", "textures_gan.pt"),
    "terrain": ("terrain_vae.pt", "terrain_gan.pt", "terrain_aae.pt"),
    "characters": ("characters_vae.pt", "characters_gan.pt", "characters_aae.pt"),
}


def default_checkpoint(kind: str) -> Path:
    """The shipped checkpoint path for ``kind``; CheckpointError naming the fix when none ships."""
    if kind not in DEFAULTS:
        raise CheckpointError(f"no generators for kind {kind!r}; kinds: {sorted(DEFAULTS)}")
    for name in DEFAULTS[kind]:
        if (SHIPPED_DIR / name).is_file():
            return SHIPPED_DIR / name
    raise CheckpointError(f"no shipped {kind} checkpoint in {SHIPPED_DIR}; "
                          "run scripts/train_default_generators.sh to produce them")


def default_generator(kind: str, backend: str = "torch") -> Generator:
    """The shipped generator of ``kind`` (rooms VAE over layers, textures VAE, terrain VAE, characters VAE);
    ``backend="onnxruntime"`` for the fast one-item path (see load_generator)."""
    return load_generator(default_checkpoint(kind), kind=kind, backend=backend)


def list_models(runs_dir: str | Path | None = None) -> list[dict[str, Any]]:
    """Shipped checkpoints and those under ``runs_dir`` (default runs/generators): one dict each."""
    found: list[tuple[str, Path]] = [("shipped", p) for p in sorted(SHIPPED_DIR.glob("*.pt"))]
    runs = Path(runs_dir) if runs_dir is not None else RUNS_DIR
    if runs.is_dir():
        found += [("run", p) for p in sorted(runs.glob("*/checkpoint.pt"))]
    rows = []
    for source, path in found:
        row: dict[str, Any] = {"name": path.stem if source == "shipped" else path.parent.name,
                               "source": source, "path": str(path),
                               "size_mb": round(path.stat().st_size / 2**20, 2)}
        try:
            meta = ckpt_mod.load_checkpoint(path)["meta"]
            row.update(kind=meta["kind"], model=meta["model"], epoch=meta.get("epoch"),
                       latent_dim=meta.get("latent_dim"), condition_dim=meta.get("condition_dim"))
        except CheckpointError as exc:
            row.update(kind="?", model="?", error=str(exc))
        rows.append(row)
    return rows


def ship(checkpoint: str | Path, name: str | None = None, extra_meta: dict[str, Any] | None = None,
         decoder_only: bool = False) -> Path:
    """Copy a trained checkpoint into the package assets as a slim one (no optimiser / RNG /
    critic state; with ``decoder_only`` no encoder either), named ``{kind}_{model}.pt`` unless
    ``name`` is given; returns its path."""
    ckpt = ckpt_mod.load_checkpoint(checkpoint)
    slim = ckpt_mod.slim(ckpt, decoder_only)
    if extra_meta:
        slim["meta"] = {**slim["meta"], **extra_meta}
    meta = slim["meta"]
    out = SHIPPED_DIR / (name or f"{meta['kind']}_{meta['model']}.pt")
    return ckpt_mod.save_checkpoint(out, slim)
