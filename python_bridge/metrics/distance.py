"""Set-level distances between items: diversity (mean pairwise distance) and novelty (distance to the nearest reference item)."""
from __future__ import annotations

import numpy as np
from scipy.spatial.distance import cdist, pdist

# "cityblock_mean" is the mean absolute difference per feature (cityblock / n_features), so with
# features in [0, 1] every distance lies in [0, 1]; "hamming" is the share of differing features.
METRICS = ("cityblock_mean", "hamming", "euclidean")


def _scipy_metric(metric: str) -> tuple[str, float]:
    if metric not in METRICS:
        raise ValueError(f"unknown distance metric {metric!r}; use one of {METRICS}")
    return ("cityblock", 1.0) if metric == "cityblock_mean" else (metric, 0.0)


def _subsample(x: np.ndarray, max_items: int | None, seed: int) -> np.ndarray:
    if max_items is None or len(x) <= max_items:
        return x
    idx = np.sort(np.random.default_rng(seed).choice(len(x), size=max_items, replace=False))
    return x[idx]


def pairwise_distances(a: np.ndarray, b: np.ndarray, metric: str = "euclidean") -> np.ndarray:
    """``(len(a), len(b))`` distances between the rows of two ``(n, F)`` feature arrays."""
    name, per_feature = _scipy_metric(metric)
    a = np.asarray(a, dtype=np.float64).reshape(len(a), -1)
    b = np.asarray(b, dtype=np.float64).reshape(len(b), -1)
    d = cdist(a, b, metric=name)
    return d / a.shape[1] if per_feature else d


def mean_pairwise_distance(
    features: np.ndarray, metric: str = "euclidean", max_items: int | None = 1000, seed: int = 0,
) -> float:
    """Diversity: the mean distance over all unordered pairs of rows (0 for fewer than 2 rows).

    With more than ``max_items`` rows a seeded random subset of ``max_items`` is used.
    """
    x = _subsample(np.asarray(features).reshape(len(features), -1), max_items, seed)
    if len(x) < 2:
        return 0.0
    name, per_feature = _scipy_metric(metric)
    d = pdist(x.astype(np.float64), metric=name)
    return float(d.mean() / (x.shape[1] if per_feature else 1.0))


def nearest_distances(
    features: np.ndarray, reference: np.ndarray, metric: str = "euclidean", chunk: int = 256,
) -> np.ndarray:
    """``(n,)`` distance from each row of ``features`` to its nearest row of ``reference``."""
    x = np.asarray(features).reshape(len(features), -1)
    r = np.asarray(reference).reshape(len(reference), -1)
    if len(r) == 0:
        raise ValueError("novelty needs a non-empty reference set")
    out = np.empty(len(x))
    for s in range(0, len(x), chunk):
        out[s:s + chunk] = pairwise_distances(x[s:s + chunk], r, metric).min(axis=1)
    return out


def novelty(
    features: np.ndarray, reference: np.ndarray, metric: str = "euclidean",
    max_items: int | None = 1000, max_reference: int | None = 10000, seed: int = 0,
) -> float:
    """Mean distance from each item to its nearest reference item (0 = everything is copied)."""
    x = _subsample(np.asarray(features).reshape(len(features), -1), max_items, seed)
    r = _subsample(np.asarray(reference).reshape(len(reference), -1), max_reference, seed + 1)
    return float(nearest_distances(x, r, metric).mean()) if len(x) else 0.0
