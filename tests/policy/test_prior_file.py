"""The adaptive policy's prior on disk: what fit-prior writes, playtest reads back exactly, and refuses when wrong."""
from __future__ import annotations

import numpy as np
import pytest

from python_bridge.content.registry import get_kind
from python_bridge.errors import ConfigError
from python_bridge.policy import make_policy
from python_bridge.policy.embedding import ContentEmbedding
from python_bridge.policy.gp_taste import fit_gp_prior
from python_bridge.policy.prior_file import load_gp_prior, save_gp_prior

KIND = get_kind("textures")
META = {"kind": "textures", "generator": "procedural/textures", "action_dim": 4}


@pytest.fixture(scope="module")
def fitted():
    embedding = ContentEmbedding.fit(KIND, n=64, seed=0)
    rng = np.random.default_rng(0)
    items = KIND.make_corpus(48, seed=1)
    x = embedding(items)
    w = rng.normal(size=x.shape[1])

    def embed(actions):  # a stand-in generator: action row i -> corpus item i mod 48
        return x[np.asarray(actions[:, 0] * 0 + np.arange(len(actions)) % 48, dtype=int)]

    sessions = []
    for p in range(6):
        idx = rng.choice(48, size=8, replace=False)
        sessions.append((x[idx], x[idx] @ w + rng.normal(scale=0.1, size=8) + p * 0.1))
    prior = fit_gp_prior(sessions, embed, rng.uniform(-1, 1, (32, 4)), steps=30, pool_x=x[:32])
    return prior, embedding, embed


def test_a_saved_prior_loads_back_and_drives_the_same_asks(fitted, tmp_path):
    prior, embedding, embed = fitted
    path = save_gp_prior(prior, embedding, tmp_path / "priors" / "prior.npz", meta=META)
    loaded, emb2 = load_gp_prior(path, KIND, lambda e: embed, expect=META)
    assert np.array_equal(loaded.pool_actions, prior.pool_actions) and np.allclose(emb2.basis, embedding.basis)
    items = KIND.make_corpus(4, seed=9)
    assert np.allclose(emb2(items), embedding(items))
    asks = []
    for p in (prior, loaded):
        policy = make_policy("adaptive", 4, seed=3, prior=p, search_rounds=0)
        a = policy.ask(None)
        policy.tell(0.7)
        asks.append((a, policy.ask(None)))
    assert all(np.allclose(u, v) for u, v in zip(*asks))
    assert not list(path.parent.glob("*.tmp*")), "written atomically: no temporary file left"


def test_the_wrong_prior_is_refused_with_the_fix(fitted, tmp_path):
    prior, embedding, embed = fitted
    path = save_gp_prior(prior, embedding, tmp_path / "prior.npz", meta=META)
    with pytest.raises(ConfigError, match="was fitted for generator 'procedural/textures'.*fit-prior"):
        load_gp_prior(path, KIND, lambda e: embed, expect={**META, "generator": "vae/textures"})
    with pytest.raises(ConfigError, match="no prior at .*fit-prior"):
        load_gp_prior(tmp_path / "absent.npz", KIND, lambda e: embed, expect=META)
    damaged = tmp_path / "damaged.npz"
    damaged.write_bytes(path.read_bytes()[:500])
    with pytest.raises(ConfigError, match="not a vrbridge prior"):
        load_gp_prior(damaged, KIND, lambda e: embed, expect=META)
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["hyper_lengthscales"] = arrays["hyper_lengthscales"] * np.nan
    np.savez(tmp_path / "nan.npz", **arrays)
    with pytest.raises(ConfigError, match="damaged"):
        load_gp_prior(tmp_path / "nan.npz", KIND, lambda e: embed, expect=META)
    arrays = {k: v for k, v in arrays.items() if k != "hyper_lengthscales"}
    np.savez(tmp_path / "short.npz", **arrays)
    with pytest.raises(ConfigError, match="lacks"):
        load_gp_prior(tmp_path / "short.npz", KIND, lambda e: embed, expect=META)
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, meta=np.array([{"format": "x"}], dtype=object))
    with pytest.raises(ConfigError, match="not a vrbridge prior"):
        load_gp_prior(pickled, KIND, lambda e: embed, expect=META)
