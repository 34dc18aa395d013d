"""Corpus directories: building procedural corpora, writing and reading ``items.npy`` + ``manifest.json``.

A corpus directory (written by ``vrbridge corpus make`` / ``corpus import``, and by generators for
their samples) holds:

``items.npy``
    ``(n, *item_shape)`` array of the kind's dtype, saved with ``np.save`` (no pickle): rooms
    ``(n, 32, 32)`` uint8, textures ``(n, 64, 64, 3)`` uint8, terrain ``(n, 64, 64)`` float32 m,
    characters ``(n, 25)`` float32.
``manifest.json``
    ``{"format": "vrbridge-corpus", "format_version": 1, "kind": "rooms", "n": 10000,
    "item_shape": [32, 32], "dtype": "uint8", "generator": "procedural/rooms",
    "generator_version": 1, "seed": 0, "created_unix_s": ..., "timings_s": {"make_s", "check_s"},
    "descriptor_names": [...], "descriptor_stats": {name: {"min", "max", "mean", "std"}},
    "validity": {"rate": 0.999, "n_checked": 10000, "rules": {rule: count}},
    "families": {family: count}, "source": "procedural" | "<import folder>", "extra": {...}}``.
    Only ``kind`` and ``n`` are required to read a directory back; the rest describes how it was
    made. Generators should set ``generator``/``generator_version`` (e.g. a checkpoint sha).
"""
from __future__ import annotations

import json
import math
import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from python_bridge.content.base import ContentKind
from python_bridge.content.registry import get_kind
from python_bridge.errors import ContentError
from python_bridge.files import write_atomic

FORMAT = "vrbridge-corpus"
FORMAT_VERSION = 1
ITEMS_FILE = "items.npy"
MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class Corpus:
    """A corpus read back from disk: the kind, ``(n, *item_shape)`` items and the manifest."""

    kind: ContentKind
    items: np.ndarray
    manifest: dict[str, Any]
    path: Path


@dataclass(frozen=True)
class Analysis:
    """Per-item validity and descriptors of a batch (validity before any repair)."""

    valid: np.ndarray              # (n,) bool
    rule_counts: dict[str, int]    # items failing each rule
    descriptors: np.ndarray        # (n, n_descriptors)


def analyse(kind: ContentKind, items: np.ndarray, workers: int = 1) -> Analysis:
    """Validate every item and compute its descriptors, over ``workers`` processes."""
    n = len(items)
    workers = _workers(workers)
    if workers == 1 or n < 256:
        return _analyse_chunk(kind, items)
    step = math.ceil(n / (workers * 2))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(_analyse_job, [(kind.name, items[s:s + step]) for s in range(0, n, step)]))
    return _merge(parts)


def _analyse_chunk(kind: ContentKind, items: np.ndarray) -> Analysis:
    valid = np.zeros(len(items), dtype=bool)
    rules: Counter[str] = Counter()
    for j, item in enumerate(items):
        rep = kind.validate(item)
        valid[j] = rep.valid
        rules.update(rep.rules_failed)
    desc = kind.descriptors_batch(items) if len(items) else np.zeros((0, len(kind.descriptor_names)))
    return Analysis(valid, dict(rules), desc)


def _analyse_job(args: tuple[str, np.ndarray]) -> Analysis:
    name, items = args
    return _analyse_chunk(get_kind(name), items)


def _make_job(args: tuple[str, int, int, int]) -> np.ndarray:
    name, seed, start, stop = args
    return get_kind(name).make_items(seed, start, stop)


def _merge(parts: list[Analysis]) -> Analysis:
    rules: Counter[str] = Counter()
    for p in parts:
        rules.update(p.rule_counts)
    return Analysis(
        np.concatenate([p.valid for p in parts]),
        dict(rules),
        np.concatenate([p.descriptors for p in parts]),
    )


def _workers(workers: int | None) -> int:
    if workers is None or workers <= 0:
        workers = os.cpu_count() or 1
    return max(1, min(int(workers), os.cpu_count() or 1))


def build_corpus(
    kind_name: str, n: int, seed: int = 0, workers: int | None = None, check: bool = True,
) -> tuple[np.ndarray, Analysis | None, dict[str, float]]:
    """Make ``n`` procedural items of a kind in parallel, then (when ``check``) analyse them.

    Returns ``(items, analysis, timings)`` with ``timings = {"make_s", "check_s"}``; the items
    equal ``get_kind(kind_name).make_corpus(n, seed)`` whatever the number of workers.
    """
    kind = get_kind(kind_name)
    if n <= 0:
        raise ContentError(f"corpus size must be positive, got {n}; pass --n 1 or more.")
    workers = _workers(workers)
    t0 = time.perf_counter()
    if workers == 1 or n < 64:
        items = kind.make_items(seed, 0, n)
    else:
        step = max(16, math.ceil(n / (workers * 8)))
        jobs = [(kind.name, seed, s, min(n, s + step)) for s in range(0, n, step)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            items = np.concatenate(list(pool.map(_make_job, jobs)))
    t1 = time.perf_counter()
    analysis = analyse(kind, items, workers) if check else None
    return items, analysis, {"make_s": t1 - t0, "check_s": time.perf_counter() - t1}


def descriptor_stats(kind: ContentKind, desc: np.ndarray) -> dict[str, dict[str, float]]:
    out = {}
    for j, name in enumerate(kind.descriptor_names):
        col = desc[:, j] if len(desc) else np.zeros(1)
        out[name] = {
            "min": float(col.min()), "max": float(col.max()),
            "mean": float(col.mean()), "std": float(col.std()),
        }
    return out


def write_corpus(
    out_dir: str | os.PathLike,
    kind: ContentKind | str,
    items: np.ndarray,
    *,
    analysis: Analysis | None = None,
    seed: int | None = None,
    generator: str | None = None,
    generator_version: int | str | None = None,
    source: str = "procedural",
    timings: dict[str, float] | None = None,
    families: dict[str, int] | None = None,
    extra: dict[str, Any] | None = None,
) -> Path:
    """Write ``items`` (and a manifest describing them) into ``out_dir``; returns the directory.

    Descriptor statistics are computed here when no ``analysis`` is given.
    """
    kind = get_kind(kind) if isinstance(kind, str) else kind
    items = np.asarray(items)
    if items.ndim != len(kind.item_shape) + 1 or items.shape[1:] != kind.item_shape or items.dtype != kind.dtype:
        raise ContentError(
            f"items of shape {items.shape} dtype {items.dtype} are not a batch of kind {kind.name!r} "
            f"(expected (n, {', '.join(map(str, kind.item_shape))}) {kind.dtype}); convert them before writing."
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if analysis is None:
        desc = kind.descriptors_batch(items)
        validity = None
    else:
        desc = analysis.descriptors
        validity = {
            "rate": float(analysis.valid.mean()) if len(items) else 0.0,
            "n_checked": int(len(analysis.valid)),
            "rules": dict(sorted(analysis.rule_counts.items())),
            "before_repair": True,
        }
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kind": kind.name,
        "n": int(len(items)),
        "item_shape": list(kind.item_shape),
        "dtype": np.dtype(kind.dtype).name,
        "generator": generator if generator is not None else kind.generator_name,
        "generator_version": generator_version if generator_version is not None else kind.generator_version,
        "seed": seed,
        "source": source,
        "created_unix_s": time.time(),
        "timings_s": timings or {},
        "descriptor_names": list(kind.descriptor_names),
        "descriptor_ranges": {k: list(v) for k, v in kind.descriptor_ranges.items()},
        "descriptor_stats": descriptor_stats(kind, desc),
        "validity": validity,
        "families": families or {},
        "extra": extra or {},
    }
    write_atomic(out / ITEMS_FILE, lambda fh: np.save(fh, items, allow_pickle=False))
    (out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
    return out


def read_corpus(path: str | os.PathLike) -> Corpus:
    """Read a corpus directory (see the module docstring); ContentError says what is wrong."""
    p = Path(path)
    man_path, items_path = p / MANIFEST_FILE, p / ITEMS_FILE
    if not p.is_dir():
        raise ContentError(f"{p} is not a directory; pass a corpus directory made by `vrbridge corpus make`.")
    if not man_path.is_file() or not items_path.is_file():
        raise ContentError(
            f"{p} has no {MANIFEST_FILE} and {ITEMS_FILE}; make one with `vrbridge corpus make --kind K --n N --out {p}` "
            f"or `vrbridge corpus import`."
        )
    try:
        manifest = json.loads(man_path.read_text())
    except json.JSONDecodeError as exc:
        raise ContentError(f"{man_path} is not valid JSON ({exc}); rewrite it or remake the corpus.") from exc
    if not isinstance(manifest, dict) or "kind" not in manifest:
        raise ContentError(f"{man_path} has no 'kind'; add \"kind\": \"rooms\" (or textures, terrain, characters).")
    kind = get_kind(manifest["kind"])
    try:
        items = np.load(items_path, allow_pickle=False)
    except (ValueError, OSError) as exc:
        raise ContentError(f"{items_path} is not a numpy array file ({exc}); write it with np.save.") from exc
    if items.shape[1:] != kind.item_shape or items.dtype != kind.dtype:
        raise ContentError(
            f"{items_path} holds {items.shape} {items.dtype}, but kind {kind.name!r} items are "
            f"{kind.item_shape} {np.dtype(kind.dtype).name}; save (n, {', '.join(map(str, kind.item_shape))}) "
            f"{np.dtype(kind.dtype).name}."
        )
    if "n" in manifest and manifest["n"] != len(items):
        raise ContentError(f"{man_path} says n={manifest['n']} but {items_path} holds {len(items)} items; fix the manifest.")
    return Corpus(kind, items, manifest, p)


def family_counts(kind: ContentKind, n: int, seed: int) -> dict[str, int]:
    """How many of the first ``n`` procedural items come from each family/style."""
    if type(kind).family_of is ContentKind.family_of:
        return {}
    return dict(sorted(Counter(kind.family_of(seed, i) for i in range(n)).items()))
