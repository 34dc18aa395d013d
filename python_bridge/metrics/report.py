"""One summary of a set of items of any content kind: validity, descriptors, diversity, novelty, tile KL, expressive range.

``kind`` is any object with the content registry's ``ContentKind`` interface (``validate``,
``descriptors_batch``, ``distance_features``, ``distance_metric``, ``descriptor_names``,
``descriptor_ranges``, ``repair``; optionally ``n_classes`` for tile grids). Nothing here
imports the content package, so metrics stay a leaf.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from python_bridge.metrics.distance import mean_pairwise_distance, novelty
from python_bridge.metrics.expressive import coverage, expressive_range
from python_bridge.metrics.image import batch_psnr_ssim
from python_bridge.metrics.tile_patterns import DEFAULT_SIZES, tile_pattern_kl


def validity_rate(kind, items: np.ndarray) -> tuple[float, dict[str, int]]:
    """Share of valid items (before any repair) and how many items fail each rule."""
    rules: Counter[str] = Counter()
    ok = 0
    for item in items:
        rep = kind.validate(item)
        ok += rep.valid
        rules.update(rep.rules_failed)
    return (ok / len(items) if len(items) else 0.0), dict(sorted(rules.items()))


def descriptor_summary(names, desc: np.ndarray) -> dict[str, dict[str, float]]:
    return {
        name: {"mean": float(desc[:, j].mean()), "std": float(desc[:, j].std()),
               "min": float(desc[:, j].min()), "max": float(desc[:, j].max())}
        for j, name in enumerate(names)
    } if len(desc) else {}


def corpus_report(
    kind,
    items: np.ndarray,
    reference: np.ndarray | None = None,
    *,
    valid: np.ndarray | None = None,
    rule_counts: dict[str, int] | None = None,
    descriptors: np.ndarray | None = None,
    max_items: int = 1000,
    repair: bool = False,
    er_pair: tuple[str, str] | None = None,
    er_bins: int = 10,
    seed: int = 0,
) -> dict[str, Any]:
    """Metrics of ``items`` (and against ``reference`` items of the same kind, when given).

    Keys: kind, n, validity (0..1, before repair), rules_failed, diversity (mean pairwise item
    distance in [0, 1] under ``kind.distance_metric``, over at most ``max_items`` items),
    descriptor_diversity (mean pairwise Euclidean distance of range-normalised descriptors),
    descriptors (mean/std/min/max), expressive_range ({x, y, bins, coverage}); with a reference:
    novelty (mean distance to the nearest reference item), tile_pattern_kl (grids only, sizes 2-4
    and their mean), descriptor_mean_shift; with ``repair``: repaired, validity_after_repair.
    """
    items = np.asarray(items)
    n = len(items)
    if valid is None:
        v_rate, rules = validity_rate(kind, items)
    else:
        v_rate, rules = float(np.mean(valid)) if n else 0.0, dict(sorted((rule_counts or {}).items()))
    desc = kind.descriptors_batch(items) if descriptors is None else descriptors
    names = list(kind.descriptor_names)
    lo = np.array([kind.descriptor_ranges[nm][0] for nm in names])
    hi = np.array([kind.descriptor_ranges[nm][1] for nm in names])
    norm = (desc - lo) / (hi - lo) if n else desc
    feats = kind.distance_features(items) if n else np.zeros((0, 1))
    out: dict[str, Any] = {
        "kind": kind.name,
        "n": int(n),
        "validity": float(v_rate),
        "rules_failed": rules,
        "diversity": mean_pairwise_distance(feats, kind.distance_metric, max_items, seed),
        "diversity_metric": kind.distance_metric,
        "descriptor_diversity": mean_pairwise_distance(norm, "euclidean", max_items, seed),
        "descriptors": descriptor_summary(names, desc),
    }
    x_name, y_name = er_pair or (names[0], names[1])
    xi, yi = names.index(x_name), names.index(y_name)
    if n:
        hist = expressive_range(desc[:, xi], desc[:, yi], kind.descriptor_ranges[x_name],
                                kind.descriptor_ranges[y_name], er_bins)
        out["expressive_range"] = {"x": x_name, "y": y_name, "bins": er_bins, "coverage": coverage(hist)}
    if reference is not None and len(reference) and n:
        ref = np.asarray(reference)
        ref_feats = kind.distance_features(ref)
        out["reference_n"] = int(len(ref))
        out["novelty"] = novelty(feats, ref_feats, kind.distance_metric, max_items, 10000, seed)
        ref_desc = kind.descriptors_batch(ref[:max(max_items, 2000)])
        out["descriptor_mean_shift"] = {
            nm: float(desc[:, j].mean() - ref_desc[:, j].mean()) for j, nm in enumerate(names)
        }
        if hasattr(kind, "n_classes"):
            kl = tile_pattern_kl(items[:5000], ref[:5000], DEFAULT_SIZES, n_classes=kind.n_classes)
            out["tile_pattern_kl"] = {str(k): v for k, v in kl.items()}
            out["tile_pattern_kl_mean"] = float(np.mean(list(kl.values())))
    if repair and n:
        fixed = 0
        ok_after = 0
        for item in items:
            if kind.validate(item).valid:
                ok_after += 1
                continue
            fixed += 1
            ok_after += kind.validate(kind.repair(item)).valid
        out["repaired"] = fixed
        out["validity_after_repair"] = ok_after / n
    return out


def reconstruction_report(originals: np.ndarray, reconstructions: np.ndarray, *, data_range: float,
                          channel_axis: int | None = None) -> dict[str, float]:
    """Mean PSNR (dB, capped at 100) and SSIM of item-by-item reconstructions."""
    p, s = batch_psnr_ssim(originals, reconstructions, data_range=data_range, channel_axis=channel_axis)
    return {"psnr_db": float(p.mean()), "ssim": float(s.mean()), "data_range": float(data_range)}
