"""Reconstruction quality of image-like items: PSNR and SSIM (scikit-image) with an explicit data range."""
from __future__ import annotations

import numpy as np
from skimage.metrics import peak_signal_noise_ratio, structural_similarity


def psnr(reference: np.ndarray, test: np.ndarray, *, data_range: float) -> float:
    """Peak signal-to-noise ratio in dB: ``10 log10(data_range^2 / MSE)``; inf when identical."""
    ref = np.asarray(reference, dtype=np.float64)
    tst = np.asarray(test, dtype=np.float64)
    if ref.shape != tst.shape:
        raise ValueError(f"psnr needs equal shapes, got {ref.shape} and {tst.shape}")
    if np.array_equal(ref, tst):
        return float("inf")
    return float(peak_signal_noise_ratio(ref, tst, data_range=data_range))


def ssim(reference: np.ndarray, test: np.ndarray, *, data_range: float, channel_axis: int | None = None) -> float:
    """Structural similarity in [-1, 1] (1 = identical); ``channel_axis=-1`` for RGB."""
    ref = np.asarray(reference, dtype=np.float64)
    tst = np.asarray(test, dtype=np.float64)
    if ref.shape != tst.shape:
        raise ValueError(f"ssim needs equal shapes, got {ref.shape} and {tst.shape}")
    return float(structural_similarity(ref, tst, data_range=data_range, channel_axis=channel_axis))


def batch_psnr_ssim(
    reference: np.ndarray, test: np.ndarray, *, data_range: float, channel_axis: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per-item ``(psnr, ssim)`` arrays of two equal ``(n, ...)`` batches (PSNR capped at 100 dB)."""
    if len(reference) != len(test):
        raise ValueError(f"batches differ in length: {len(reference)} vs {len(test)}")
    p = np.array([min(100.0, psnr(a, b, data_range=data_range)) for a, b in zip(reference, test)])
    s = np.array([ssim(a, b, data_range=data_range, channel_axis=channel_axis) for a, b in zip(reference, test)])
    return p, s
