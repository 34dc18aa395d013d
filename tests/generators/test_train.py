"""Training runs end to end, resumes exactly, and writes what it promises."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from python_bridge.errors import CheckpointError, ConfigError
from python_bridge.generators import load_generator
from python_bridge.generators.checkpoint import load_checkpoint
from python_bridge.generators.train import train


@pytest.mark.parametrize("model", ["gan", "vae", "aae"])
def test_resume_continues_exactly(make_cfg, model):
    extra = {"item_adv_weight": 1.0} if model == "aae" else {}
    straight = train(make_cfg(model=model, epochs=2, run_name="straight", **extra), progress=False)
    train(make_cfg(model=model, epochs=1, run_name="split", **extra), progress=False)
    resumed = train(make_cfg(model=model, epochs=2, run_name="split", **extra), resume=True, progress=False)
    a, b = load_checkpoint(straight), load_checkpoint(resumed)
    assert a["meta"]["epoch"] == b["meta"]["epoch"] == 2
    assert a["meta"]["step"] == b["meta"]["step"]
    for key, value in a["model"].items():
        assert torch.equal(value, b["model"][key]), key


def test_run_writes_sheets_tensorboard_and_metadata(make_cfg):
    cfg = make_cfg(epochs=2)
    path = train(cfg, progress=False)
    run = cfg.run_dir
    assert sorted(p.name for p in (run / "samples").glob("*.png")) == ["epoch_001.png", "epoch_002.png"]
    assert list((run / "tb").glob("events.out.tfevents.*"))
    meta = load_checkpoint(path)["meta"]
    assert meta["kind"] == "rooms" and meta["model"] == "gan"
    assert len(meta["corpus"]["manifest_sha256"]) == 64
    assert {"vrbridge", "torch", "numpy"} <= set(meta["versions"])
    assert meta["config"]["width"] == cfg.width


def test_existing_run_needs_resume_or_overwrite(make_cfg):
    cfg = make_cfg()
    train(cfg, progress=False)
    with pytest.raises(ConfigError, match="--resume"):
        train(cfg, progress=False)
    train(cfg, progress=False, overwrite=True)


def test_resume_refuses_a_changed_config(make_cfg):
    train(make_cfg(run_name="r"), progress=False)
    with pytest.raises(ConfigError, match="lr"):
        train(make_cfg(run_name="r", lr=1e-3, epochs=2), resume=True, progress=False)
    with pytest.raises(CheckpointError):
        train(make_cfg(run_name="never-ran"), resume=True, progress=False)


@pytest.mark.parametrize("kind, model, conditional", [
    ("rooms", "vae", True),
    ("rooms-layers", "vae", False),
    ("textures", "vae", False),
    ("terrain", "gan", False),
    ("characters", "aae", True),
])
def test_every_kind_trains_and_generates_its_item_type(make_cfg, kind, model, conditional):
    grid = {"latent_grid": 4} if (kind == "textures") else {}
    if kind == "rooms-layers":
        kind, grid = "rooms", {"room_layers": True}
    cfg = make_cfg(kind=kind, model=model, conditional=conditional, corpus_size=64, batch_size=16, **grid)
    gen = load_generator(train(cfg, progress=False))
    from python_bridge.content.registry import get_kind

    k = get_kind(kind)
    assert gen.kind == kind and gen.latent_dim == cfg.flat_latent_dim
    cond = None
    if conditional:
        assert gen.condition_dim == len(k.descriptor_names)
        cond = np.full((3, gen.condition_dim), 0.5, dtype=np.float32)
    items = gen.generate(gen.sample_latent(3, seed=0), cond)
    assert items.shape == (3, *k.item_shape) and items.dtype == k.dtype
    if gen.has_encoder:
        z = gen.encode(items, cond)
        assert z.shape == (3, gen.latent_dim) and z.dtype == np.float32
