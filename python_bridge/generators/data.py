"""Corpora for generator training: the content registry's make_corpus (or a corpus folder), splits, conditions."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from python_bridge.errors import ConfigError, ContentError
from python_bridge.files import write_atomic
from python_bridge.generators.config import GeneratorConfig


def get_kind(name: str) -> Any:
    """The content registry's ContentKind (imported late: content/ owns it)."""
    from python_bridge.content.registry import get_kind as _get_kind

    return _get_kind(name)


@dataclass
class Corpus:
    """A corpus and where it came from. ``items``: ``(N, *item_shape)`` in the kind's dtype."""

    items: np.ndarray
    manifest_sha256: str
    source: dict[str, Any]

    def split(self, holdout_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
        """Deterministic (train_idx, holdout_idx) permutation split; holdout_idx may be empty."""
        n = len(self.items)
        perm = np.random.default_rng(seed).permutation(n)
        n_hold = int(round(n * holdout_fraction))
        return np.sort(perm[n_hold:]), np.sort(perm[:n_hold])


def items_sha256(items: np.ndarray) -> str:
    h = hashlib.sha256()
    h.update(f"{items.dtype.str}{items.shape}".encode())
    h.update(np.ascontiguousarray(items).tobytes())
    return h.hexdigest()


def load_corpus(cfg: GeneratorConfig) -> Corpus:
    """The corpus cfg describes: read from cfg.corpus_dir, else kind.make_corpus(size, seed)."""
    kind = get_kind(cfg.kind)
    if cfg.corpus_dir:
        items, manifest = _read_corpus_dir(Path(cfg.corpus_dir), cfg.kind)
        if len(items) > cfg.corpus_size:
            items = items[: cfg.corpus_size]
        digest = manifest.get("sha256") or items_sha256(items)
        source = {"dir": str(cfg.corpus_dir), "size": int(len(items)), "manifest": manifest}
    else:
        items = _generated_corpus(kind, cfg)
        digest = items_sha256(items)
        source = {"make_corpus": {"n": cfg.corpus_size, "seed": cfg.corpus_seed}, "size": int(len(items))}
    expected = tuple(kind.item_shape)
    if items.shape[1:] != expected:
        raise ContentError(f"{cfg.kind} corpus items have shape {items.shape[1:]}, expected {expected}")
    return Corpus(items=items, manifest_sha256=digest, source=source)


def _generated_corpus(kind: Any, cfg: GeneratorConfig) -> np.ndarray:
    """kind.make_corpus(size, seed), through an .npy cache when cfg.corpus_cache is set."""
    version = getattr(kind, "generator_version", 0)
    cache = Path(cfg.corpus_cache) / f"{cfg.kind}_v{version}_n{cfg.corpus_size}_s{cfg.corpus_seed}.npy" \
        if cfg.corpus_cache else None
    if cache is not None and cache.is_file():
        items = np.load(cache, allow_pickle=False)
        if items.shape == (cfg.corpus_size, *kind.item_shape) and items.dtype == np.dtype(kind.dtype):
            return items
    items = np.asarray(kind.make_corpus(cfg.corpus_size, cfg.corpus_seed, workers=2))
    if cache is not None:
        write_atomic(cache, lambda fh: np.save(fh, items, allow_pickle=False))
    return items


def _read_corpus_dir(path: Path, kind_name: str) -> tuple[np.ndarray, dict[str, Any]]:
    if not path.is_dir():
        raise ConfigError(f"corpus_dir {path} is not a folder; write one with the content commands "
                          "or leave corpus_dir empty to use make_corpus")
    try:
        from python_bridge.content import corpus as corpus_mod
    except ImportError as exc:  # pragma: no cover - content/ ships corpus.py
        raise ConfigError("python_bridge.content.corpus is missing: cannot read corpus_dir") from exc
    loaded = corpus_mod.read_corpus(path)
    manifest: dict[str, Any] = {}
    items = loaded
    if isinstance(loaded, tuple):
        items, manifest = loaded[0], dict(loaded[1] or {})
    elif hasattr(loaded, "items") and not isinstance(loaded, np.ndarray):
        items = loaded.items
        manifest = dict(getattr(loaded, "manifest", {}) or {})
    manifest_file = path / "manifest.json"
    if manifest_file.is_file():
        raw = manifest_file.read_bytes()
        manifest.setdefault("sha256", hashlib.sha256(raw).hexdigest())
        try:
            kind_in = json.loads(raw).get("kind")
        except (ValueError, AttributeError):
            kind_in = None
        if kind_in and kind_in != kind_name:
            raise ConfigError(f"corpus_dir {path} holds {kind_in!r} items, the config trains {kind_name!r}")
    return np.asarray(items), manifest


def descriptor_matrix(kind: Any, items: np.ndarray) -> np.ndarray:
    """``(N, len(kind.descriptor_names))`` float32 descriptors of each item."""
    if hasattr(kind, "descriptors_batch"):
        return np.asarray(kind.descriptors_batch(items), dtype=np.float32)
    return np.stack([np.asarray(kind.descriptors(it), dtype=np.float32) for it in items]).astype(np.float32)


def condition_ranges(kind: Any) -> tuple[list[float], list[float]]:
    """(lo, hi) lists of the kind's descriptor ranges in descriptor_names order."""
    lo = [float(kind.descriptor_ranges[n][0]) for n in kind.descriptor_names]
    hi = [float(kind.descriptor_ranges[n][1]) for n in kind.descriptor_names]
    return lo, hi
