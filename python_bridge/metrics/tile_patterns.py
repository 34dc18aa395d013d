"""Tile-pattern KL divergence between sets of tile grids (Lucas & Volz 2019; pattern sizes 2-4 as in TOAD-GAN)."""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

DEFAULT_SIZES = (2, 3, 4)
DEFAULT_EPS = 1e-6


def pattern_counts(levels: np.ndarray, size: int, n_classes: int | None = None) -> dict[int, int]:
    """Counts of every ``size x size`` tile pattern over a batch ``(n, H, W)`` of integer grids.

    A pattern is keyed by its base-``n_classes`` code (row-major), so equal keys mean equal patterns.
    """
    lv = np.asarray(levels)
    if lv.ndim == 2:
        lv = lv[None]
    if n_classes is None:
        n_classes = int(lv.max()) + 1 if lv.size else 1
    if n_classes ** (size * size) >= 2 ** 63:
        raise ValueError(f"{size}x{size} patterns over {n_classes} classes do not fit a 64-bit code")
    win = sliding_window_view(lv.astype(np.int64), (size, size), axis=(1, 2))   # (n, H-s+1, W-s+1, s, s)
    weights = n_classes ** np.arange(size * size, dtype=np.int64)
    codes = (win.reshape(*win.shape[:3], size * size) * weights).sum(-1).ravel()
    keys, counts = np.unique(codes, return_counts=True)
    return dict(zip(keys.tolist(), counts.tolist()))


def _kl(p: np.ndarray, q: np.ndarray) -> float:
    return float(np.sum(p * np.log(p / q)))


def kl_from_counts(p_counts: dict[int, int], q_counts: dict[int, int], eps: float = DEFAULT_EPS, w: float = 0.5) -> float:
    """``w * KL(P||Q) + (1 - w) * KL(Q||P)`` over the union of patterns, each distribution
    smoothed as ``(count / total + eps) / (1 + eps * n_patterns)`` so unseen patterns stay finite."""
    keys = sorted(set(p_counts) | set(q_counts))
    p = np.array([p_counts.get(k, 0) for k in keys], dtype=np.float64)
    q = np.array([q_counts.get(k, 0) for k in keys], dtype=np.float64)
    if p.sum() == 0 or q.sum() == 0:
        raise ValueError("tile-pattern KL needs grids at least as large as the pattern size in both sets")
    p = (p / p.sum() + eps) / (1 + eps * len(keys))
    q = (q / q.sum() + eps) / (1 + eps * len(keys))
    return w * _kl(p, q) + (1 - w) * _kl(q, p)


def tile_pattern_kl(
    levels: np.ndarray, reference: np.ndarray, sizes: tuple[int, ...] = DEFAULT_SIZES,
    n_classes: int | None = None, eps: float = DEFAULT_EPS, w: float = 0.5,
) -> dict[int, float]:
    """Tile-pattern KL of ``levels`` against ``reference`` (both ``(n, H, W)`` integer grids), per size.

    0 when both sets have the same pattern distribution; ``w = 1`` gives KL(levels || reference).
    """
    if n_classes is None:
        n_classes = int(max(np.max(levels), np.max(reference))) + 1
    return {
        s: kl_from_counts(pattern_counts(levels, s, n_classes), pattern_counts(reference, s, n_classes), eps, w)
        for s in sizes
    }
