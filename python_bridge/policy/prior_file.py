"""The adaptive policy's prior on disk: written by ``vrbridge fit-prior``, read by ``vrbridge playtest``.

One ``.npz`` (no pickles: ``np.load(allow_pickle=False)``), written atomically, size-capped, and
checked on load: format, what it was fitted for (kind, generator, latent size), shapes and finite
values. It holds the GP hyperparameters and population mean (``gp_taste.GPHyper``), the content
embedding's fitted arrays (``embedding.ContentEmbedding``) and the described candidate pool, so a
playtest starts asking at once. The embedding's kind and the generator that turns actions into
content are the caller's (``embed_factory``): the file stores numbers only.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Mapping

import numpy as np

from python_bridge.errors import ConfigError
from python_bridge.files import write_atomic
from python_bridge.policy.embedding import ContentEmbedding
from python_bridge.policy.gp_taste import Embed, GPHyper, GPPrior

PRIOR_FORMAT = "vrbridge-gp-prior/1"
MAX_BYTES = 256 * 2**20
"""A prior is a few MB (the pool and the population-mean points); anything far larger is not one of ours."""

_HYPER = ("w", "w0", "offset_var", "signal_var", "lengthscales", "rho", "tau", "noise_var", "mean_x", "mean_alpha")
_EMBED = ("mean", "scale", "basis", "pca_scale", "desc_lo", "desc_span")


def save_gp_prior(prior: GPPrior, embedding: ContentEmbedding, path: str | os.PathLike, *,
                  meta: Mapping[str, object]) -> Path:
    """Write ``prior`` (and the ``embedding`` its pool and hyperparameters live in) to ``path`` atomically.

    ``meta``: what the prior is valid with, checked by ``load_gp_prior`` (the CLI passes the kind,
    descriptor names, generator and latent size, plus how many players it learned from).
    """
    h = prior.hyper
    arrays: dict[str, Any] = {f"hyper_{k}": np.asarray(getattr(h, k), dtype=np.float64) for k in _HYPER}
    arrays.update({f"embed_{k}": np.asarray(getattr(embedding, k), dtype=np.float64) for k in _EMBED})
    arrays.update(pool_actions=np.asarray(prior.pool_actions, dtype=np.float64),
                  pool_x=np.asarray(prior.pool_x, dtype=np.float64),
                  meta=np.array(json.dumps({"format": PRIOR_FORMAT, **meta, "info": prior.info}, default=str)))
    return write_atomic(path, lambda fh: np.savez(fh, **arrays))


def load_gp_prior(path: str | os.PathLike, kind: Any, embed_factory: Callable[[ContentEmbedding], Embed], *,
                  expect: Mapping[str, object]) -> tuple[GPPrior, ContentEmbedding]:
    """Read a prior written by ``save_gp_prior`` for content of ``kind`` (the content kind object).

    ``embed_factory(embedding)`` gives the function from actions to embeddings (the caller's
    generator). ``expect``: metadata that must match; any fault raises ``ConfigError`` naming the
    file, the fault and the fix.
    """
    path = Path(path)
    refit = "refit it with `vrbridge fit-prior --db SESSIONS.sqlite --out PRIOR.npz`"
    if not path.is_file():
        raise ConfigError(f"no prior at {path}; fit one with `vrbridge fit-prior --db SESSIONS.sqlite --out {path}`")
    if path.stat().st_size > MAX_BYTES:
        raise ConfigError(f"{path} is {path.stat().st_size} bytes, over the {MAX_BYTES}-byte cap for a prior; {refit}")
    try:
        with np.load(path, allow_pickle=False) as z:
            a = {k: z[k] for k in z.files}
        meta = json.loads(str(a.pop("meta")))
    except Exception as exc:  # noqa: BLE001 - any unreadable file gets the same advice
        raise ConfigError(f"{path} is not a vrbridge prior ({type(exc).__name__}: {exc}); {refit}") from exc
    if not isinstance(meta, dict) or meta.get("format") != PRIOR_FORMAT:
        got = meta.get("format") if isinstance(meta, dict) else None
        raise ConfigError(f"{path} has format {got!r}, this vrbridge reads {PRIOR_FORMAT!r}; {refit}")
    for key, want in expect.items():
        if meta.get(key) != json.loads(json.dumps(want)):  # compared as saved: tuples become lists
            raise ConfigError(f"{path} was fitted for {key} {meta.get(key)!r}, this run has {want!r}; run with the "
                              f"kind and generator it was fitted for, or {refit}")
    need = [f"hyper_{k}" for k in _HYPER] + [f"embed_{k}" for k in _EMBED] + ["pool_actions", "pool_x"]
    missing = [k for k in need if k not in a]
    if missing:
        raise ConfigError(f"{path} lacks {missing}; {refit}")
    if not all(a[k].dtype.kind == "f" and np.all(np.isfinite(a[k])) for k in need):
        raise ConfigError(f"{path} is damaged (non-numeric or non-finite values); {refit}")
    hyper = GPHyper(**{k: (a[f"hyper_{k}"] if a[f"hyper_{k}"].ndim else float(a[f"hyper_{k}"])) for k in _HYPER})
    embedding = ContentEmbedding(**{k: a[f"embed_{k}"] for k in _EMBED}, kind=kind)
    d, p = embedding.dim, a["embed_basis"].shape
    consistent = (len(p) == 2 and p[0] == len(a["embed_mean"]) == len(a["embed_scale"]) and p[1] == len(a["embed_pca_scale"])
                  and len(a["embed_desc_lo"]) == len(a["embed_desc_span"]) == len(getattr(kind, "descriptor_names", ()))
                  and hyper.w.shape == hyper.lengthscales.shape == (d,) and a["pool_x"].shape == (len(a["pool_actions"]), d)
                  and (hyper.mean_x.size == 0 or hyper.mean_x.shape[1:] == (d,)) and hyper.mean_alpha.shape == hyper.mean_x.shape[:1]
                  and a["pool_actions"].ndim == 2 and len(a["pool_actions"]) > 0
                  and min(hyper.offset_var, hyper.signal_var, hyper.noise_var, hyper.tau) > 0 and 0 <= hyper.rho <= 1)
    if not consistent:
        raise ConfigError(f"{path} is damaged (shapes or values that do not fit together); {refit}")
    prior = GPPrior(hyper, embed_factory(embedding), a["pool_actions"], a["pool_x"], dict(meta.get("info") or {}))
    return prior, embedding
