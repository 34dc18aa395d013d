"""Metrics of generated content: validity rate, diversity, novelty, tile-pattern KL, expressive range, PSNR/SSIM."""
from python_bridge.metrics.distance import (
    mean_pairwise_distance,
    nearest_distances,
    novelty,
    pairwise_distances,
)
from python_bridge.metrics.expressive import coverage, expressive_range, plot_expressive_range
from python_bridge.metrics.image import batch_psnr_ssim, psnr, ssim
from python_bridge.metrics.report import (
    corpus_report,
    descriptor_summary,
    reconstruction_report,
    validity_rate,
)
from python_bridge.metrics.tile_patterns import kl_from_counts, pattern_counts, tile_pattern_kl

__all__ = [
    "batch_psnr_ssim",
    "corpus_report",
    "coverage",
    "descriptor_summary",
    "expressive_range",
    "kl_from_counts",
    "mean_pairwise_distance",
    "nearest_distances",
    "novelty",
    "pairwise_distances",
    "pattern_counts",
    "plot_expressive_range",
    "psnr",
    "reconstruction_report",
    "ssim",
    "tile_pattern_kl",
    "validity_rate",
]
