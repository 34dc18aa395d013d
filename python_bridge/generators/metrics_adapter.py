"""Adapter from generator evaluation to python_bridge.metrics, which owns every metric's definition.

What this file adds is only the per-kind choice of inputs: item distances use the kind's own
``distance_features`` / ``distance_metric``; PSNR / SSIM get a data range per kind (textures
255 with RGB channels; terrain the held-out height range in metres; characters the parameters'
spread; rooms the one-hot tile maps, range 1); tile-pattern KL is for rooms only.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from python_bridge.metrics.distance import mean_pairwise_distance, novelty as _novelty
from python_bridge.metrics.expressive import coverage, expressive_range, plot_expressive_range
from python_bridge.metrics.image import batch_psnr_ssim, psnr
from python_bridge.metrics.tile_patterns import tile_pattern_kl as _tile_pattern_kl


def diversity(kind: Any, items: np.ndarray) -> float:
    """Mean pairwise distance between items (the kind's distance, in [0, 1])."""
    return float(mean_pairwise_distance(kind.distance_features(items), kind.distance_metric))


def novelty(kind: Any, items: np.ndarray, reference: np.ndarray) -> float:
    """Mean distance from each item to its nearest reference (training) item."""
    return float(_novelty(kind.distance_features(items), kind.distance_features(reference), kind.distance_metric))


def tile_pattern_kl(kind: Any, items: np.ndarray, reference: np.ndarray) -> dict[str, float] | None:
    """Rooms: symmetric tile-pattern KL per pattern size (2, 3, 4) and their mean; None otherwise."""
    if kind.name != "rooms":
        return None
    per_size = _tile_pattern_kl(np.asarray(items), np.asarray(reference), n_classes=int(kind.n_classes))
    out = {f"size_{s}": float(v) for s, v in per_size.items()}
    out["mean"] = float(np.mean(list(per_size.values())))
    return out


def expressive_range_summary(kind: Any, desc_samples: np.ndarray, desc_corpus: np.ndarray,
                             out_png: str | Path | None = None, bins: int = 20) -> dict[str, Any]:
    """Coverage of the (first two descriptors) expressive-range histogram, samples vs corpus; per-
    descriptor mean/std of both; optionally the side-by-side heatmap PNG."""
    names = list(kind.descriptor_names)
    xr, yr = tuple(kind.descriptor_ranges[names[0]]), tuple(kind.descriptor_ranges[names[1]])
    hs = expressive_range(desc_samples[:, 0], desc_samples[:, 1], xr, yr, bins)
    hc = expressive_range(desc_corpus[:, 0], desc_corpus[:, 1], xr, yr, bins)
    if out_png is not None:
        plot_expressive_range([("corpus", desc_corpus[:, 0], desc_corpus[:, 1]),
                               ("samples", desc_samples[:, 0], desc_samples[:, 1])],
                              names[0], names[1], xr, yr, out_png, bins, title=f"{kind.name}: expressive range")
    return {
        "axes": names[:2], "bins": bins, "coverage": coverage(hs), "corpus_coverage": coverage(hc),
        "overlap": float(np.minimum(hs, hc).sum()),
        "descriptors": {n: {"mean": float(desc_samples[:, j].mean()), "std": float(desc_samples[:, j].std()),
                            "corpus_mean": float(desc_corpus[:, j].mean()),
                            "corpus_std": float(desc_corpus[:, j].std())} for j, n in enumerate(names)},
    }


def reconstruction_scores(kind: Any, items: np.ndarray, recon: np.ndarray) -> dict[str, float | None]:
    """Mean per-item PSNR (dB, capped at 100) and SSIM of reconstructions of held-out items."""
    items, recon = np.asarray(items), np.asarray(recon)
    out: dict[str, float | None] = {}
    if kind.name == "rooms":
        eye = np.eye(int(kind.n_classes), dtype=np.float64)
        a, b, rng, axis = eye[items], eye[recon], 1.0, -1
        out["tile_accuracy"] = float((items == recon).mean())
    elif kind.name == "textures":
        a, b, rng, axis = items, recon, 255.0, -1
    elif kind.name == "terrain":
        a, b, axis = items, recon, None
        rng = float(items.max() - items.min())
    else:  # parameter vectors: one range for all parameters; SSIM over the vector as a 1-D signal
        a, b, axis = items, recon, None
        rng = float(items.max() - items.min())
        p = np.array([min(100.0, psnr(x, y, data_range=rng)) for x, y in zip(a, b)])
        out["psnr"], out["ssim"] = float(p.mean()), None
        out["mae"] = float(np.abs(items - recon).mean())
        return out
    p, s = batch_psnr_ssim(a, b, data_range=rng, channel_axis=axis)
    out["psnr"], out["ssim"] = float(p.mean()), float(s.mean())
    return out
