"""The latent interface: deterministic, batched, shapes as documented; checkpoints load safely."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from python_bridge.errors import CheckpointError
from python_bridge.generators import load_generator
from python_bridge.generators.checkpoint import load_checkpoint
from python_bridge.generators.train import train


@pytest.fixture(scope="module")
def rooms_ckpt(tmp_path_factory, corpus_cache):
    from tests.generators.conftest import tiny

    torch.set_num_threads(1)
    return train(tiny(tmp_path_factory.mktemp("gen"), corpus_cache, model="vae"), progress=False)


def test_generate_is_deterministic_and_batch_independent(rooms_ckpt):
    gen = load_generator(rooms_ckpt)
    z = gen.sample_latent(5, seed=3)
    assert np.array_equal(z, gen.sample_latent(5, seed=3))
    a = gen.generate(z)
    assert a.shape == (5, 32, 32) and a.dtype == np.uint8 and a.max() <= 8
    assert np.array_equal(a, gen.generate(z))
    assert np.array_equal(a[2:3], gen.generate(z[2]))              # one latent = a batch of one
    assert np.array_equal(a, load_generator(rooms_ckpt).generate(z))  # a fresh load agrees


def test_same_seed_training_gives_identical_weights(make_cfg):
    a = load_checkpoint(train(make_cfg(run_name="a"), progress=False))["model"]
    b = load_checkpoint(train(make_cfg(run_name="b"), progress=False))["model"]
    c = load_checkpoint(train(make_cfg(run_name="c", seed=2), progress=False))["model"]
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert not all(torch.equal(a[k], c[k]) for k in a)


def test_wrong_shapes_are_refused(rooms_ckpt):
    gen = load_generator(rooms_ckpt)
    with pytest.raises(ValueError, match="latent_dim|shape"):
        gen.generate(np.zeros((2, gen.latent_dim + 1), np.float32))
    with pytest.raises(ValueError, match="unconditional"):
        gen.generate(gen.sample_latent(1, 0), np.zeros((1, 8), np.float32))


def test_checkpoint_is_plain_tensors_loadable_with_weights_only(rooms_ckpt):
    ckpt = torch.load(rooms_ckpt, weights_only=True)
    assert ckpt["format"] == "vrbridge-generator/1"
    assert ckpt["meta"]["kind"] == "rooms"


class _Evil:
    def __reduce__(self):
        return (print, ("this must never run",))


def test_unsafe_or_corrupt_checkpoints_raise_checkpoint_error(tmp_path, rooms_ckpt):
    evil = tmp_path / "evil.pt"
    torch.save({"format": "vrbridge-generator/1", "meta": _Evil()}, evil)
    with pytest.raises(CheckpointError, match="cannot be read safely"):
        load_generator(evil)
    broken = tmp_path / "broken.pt"
    broken.write_bytes(rooms_ckpt.read_bytes()[:1000])
    with pytest.raises(CheckpointError):
        load_generator(broken)
    foreign = tmp_path / "foreign.pt"
    torch.save({"weights": torch.zeros(2)}, foreign)
    with pytest.raises(CheckpointError, match="not a vrbridge generator"):
        load_generator(foreign)
    with pytest.raises(CheckpointError, match="kind"):
        load_generator(rooms_ckpt, kind="textures")
    with pytest.raises(CheckpointError, match="does not exist"):
        load_generator(tmp_path / "missing.pt")


def test_slim_checkpoint_generates_the_same_items(tmp_path, rooms_ckpt):
    from python_bridge.generators.checkpoint import save_checkpoint, slim

    small = save_checkpoint(tmp_path / "slim.pt", slim(load_checkpoint(rooms_ckpt)))
    assert small.stat().st_size < rooms_ckpt.stat().st_size
    assert "optim" not in torch.load(small, weights_only=True)
    full, lean = load_generator(rooms_ckpt), load_generator(small)
    z = full.sample_latent(4, seed=1)
    assert np.array_equal(full.generate(z), lean.generate(z))
    assert np.array_equal(full.encode(full.generate(z)), lean.encode(full.generate(z)))


def test_decoder_only_checkpoint_generates_the_same_items_and_says_why_it_cannot_encode(tmp_path, make_cfg):
    from python_bridge.generators.checkpoint import save_checkpoint, slim
    from python_bridge.generators.train import train

    ckpt = train(make_cfg(kind="rooms", model="vae", room_layers=True, corpus_size=64, batch_size=16), progress=False)
    small = save_checkpoint(tmp_path / "decoder.pt", slim(load_checkpoint(ckpt), decoder_only=True))
    assert not any(k.startswith("encoder.") for k in torch.load(small, weights_only=True)["model"])
    full, lean = load_generator(ckpt), load_generator(small)
    z = full.sample_latent(4, seed=1)
    assert np.array_equal(full.generate(z), lean.generate(z))
    assert full.has_encoder and not lean.has_encoder
    with pytest.raises(NotImplementedError, match="without its encoder"):
        lean.encode(full.generate(z))


@pytest.mark.parametrize("kind, conditional", [("rooms", False), ("textures", True)])
def test_onnxruntime_backend_gives_the_same_items(make_cfg, kind, conditional):
    grid = {"latent_grid": 4, "model": "vae"} if kind == "textures" else {}
    ckpt = train(make_cfg(kind=kind, conditional=conditional, corpus_size=64, batch_size=16, **grid), progress=False)
    slow, fast = load_generator(ckpt, backend="torch"), load_generator(ckpt, backend="onnxruntime")
    z = slow.sample_latent(6, seed=4)
    cond = np.full((6, slow.condition_dim), 0.4, np.float32) if conditional else None
    a, b = slow.generate(z, cond), fast.generate(z, cond)
    assert a.shape == b.shape and a.dtype == b.dtype
    if kind == "rooms":
        assert np.array_equal(a, b)
    else:
        assert np.abs(a.astype(int) - b.astype(int)).max() <= 1  # uint8 rounding of floats 1e-5 apart
    assert np.array_equal(b, fast.generate(z, cond))
    with pytest.raises(ValueError):
        load_generator(ckpt, backend="tensorrt")
