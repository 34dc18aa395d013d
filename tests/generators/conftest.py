"""Tiny generator configs: a few dozen items, narrow nets, 1-2 epochs (seconds on one CPU core)."""
from __future__ import annotations

from pathlib import Path

import pytest
import torch
import yaml

from python_bridge.generators.config import GeneratorConfig, config_from_dict


@pytest.fixture(autouse=True)
def _one_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="session")
def corpus_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("corpora")


def tiny(tmp: Path, cache: Path, **overrides) -> GeneratorConfig:
    """A config small enough for a unit test; overrides win."""
    base = dict(kind="rooms", model="gan", corpus_size=96, holdout_fraction=0.25, epochs=1, batch_size=24,
                width=8, latent_dim=8, sheet_size=4, eval_samples=24, threads=1, log_every=1,
                out_dir=str(tmp / "runs"), corpus_cache=str(cache))
    base.update(overrides)
    return config_from_dict(base)


def write_yaml(path: Path, cfg: GeneratorConfig) -> Path:
    data = cfg.to_dict()
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.fixture
def make_cfg(tmp_path, corpus_cache):
    def _make(**overrides) -> GeneratorConfig:
        return tiny(tmp_path, corpus_cache, **overrides)
    return _make
