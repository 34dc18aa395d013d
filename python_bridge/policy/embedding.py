"""What content *is*, as the adaptive policy sees it: an embedding of raw items learned from the kind's corpus.

``ContentEmbedding.fit(kind)`` learns, from a procedural corpus of the kind (no players involved):
generic statistics of the item array (colour and intensity moments, gradient energy, spectral
band energies, orientation coherence, a coarse layout; class shares and boundaries for tile
grids), standardised, reduced by PCA to the directions that carry 95 % of the corpus's variance
(at most ``max_pca``), then joined by the kind's own descriptors (scaled to [0, 1]). Descriptors
are part of it, not all of it: a taste that follows something no descriptor names still has
somewhere to live. ``embedding(items) -> (N, dim)`` float64, finite.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


def _spectral_bands(img: np.ndarray, n_bands: int = 4) -> np.ndarray:
    """``(N, H, W)`` -> ``(N, n_bands + 1)``: log energy share per radial frequency band, and orientation coherence."""
    x = img - img.mean(axis=(1, 2), keepdims=True)
    spec = np.abs(np.fft.fft2(x)) ** 2
    h, w = img.shape[1:]
    fy, fx = np.meshgrid(np.fft.fftfreq(h), np.fft.fftfreq(w), indexing="ij")
    r = np.hypot(fy, fx)
    edges = np.geomspace(1.0 / max(h, w), 0.5 * np.sqrt(2) + 1e-9, n_bands + 1)
    total = spec.sum(axis=(1, 2)) + 1e-12
    bands = [np.log((spec * ((r >= lo) & (r < hi))).sum(axis=(1, 2)) / total + 1e-6) for lo, hi in zip(edges[:-1], edges[1:])]
    gy, gx = np.gradient(img, axis=(1, 2))
    jxx, jyy, jxy = (gx * gx).mean(axis=(1, 2)), (gy * gy).mean(axis=(1, 2)), (gx * gy).mean(axis=(1, 2))
    coherence = np.sqrt((jxx - jyy) ** 2 + 4 * jxy**2) / (jxx + jyy + 1e-9)
    return np.stack(bands + [coherence], axis=1)


def _pool(img: np.ndarray, cells: int) -> np.ndarray:
    """``(N, H, W, ...)`` -> ``(N, cells * cells * ...)`` block means (a coarse layout)."""
    n, h, w = img.shape[:3]
    hh, ww = h // cells * cells, w // cells * cells
    x = img[:, :hh, :ww].reshape(n, cells, hh // cells, cells, ww // cells, *img.shape[3:]).mean(axis=(2, 4))
    return x.reshape(n, -1)


def item_statistics(items: np.ndarray) -> np.ndarray:
    """Generic statistics of a batch of item arrays, whatever the kind: ``(N, k)``."""
    a = np.asarray(items)
    x = a.astype(np.float64)
    n = len(x)
    if x.ndim == 2:  # parameter vectors: the vector itself
        return x.reshape(n, -1)
    if x.ndim == 3 and np.issubdtype(a.dtype, np.integer):  # tile grids: classes
        k = int(max(x.max(), 0)) + 1 if n else 1
        onehot = np.eye(max(k, 9))[a.astype(int)]                       # (N, H, W, C)
        shares = onehot.mean(axis=(1, 2))
        boundary = (np.abs(np.diff(onehot, axis=1)).mean(axis=(1, 2)) + np.abs(np.diff(onehot, axis=2)).mean(axis=(1, 2)))
        occupied = (a != 0).astype(np.float64)
        return np.concatenate([shares, boundary, _pool(onehot, 4), _spectral_bands(occupied)], axis=1)
    if x.ndim == 3:  # height fields
        gy, gx = np.gradient(x, axis=(1, 2))
        g = np.hypot(gx, gy)
        z = (x - x.mean(axis=(1, 2), keepdims=True)) / (x.std(axis=(1, 2), keepdims=True) + 1e-9)
        return np.concatenate([np.stack([x.mean(axis=(1, 2)), x.std(axis=(1, 2)), g.mean(axis=(1, 2)), g.std(axis=(1, 2))], 1),
                               _spectral_bands(x), _pool(z, 4)], axis=1)
    # images (N, H, W, C)
    if a.dtype == np.uint8:
        x = x / 255.0
    lum = x.mean(axis=-1)
    gy, gx = np.gradient(lum, axis=(1, 2))
    g = np.hypot(gx, gy)
    moments = np.concatenate([x.mean(axis=(1, 2)), x.std(axis=(1, 2)),
                              np.stack([g.mean(axis=(1, 2)), g.std(axis=(1, 2)), (x.max(-1) - x.min(-1)).mean(axis=(1, 2))], 1)], axis=1)
    return np.concatenate([moments, _spectral_bands(lum), _pool(x, 2), _pool(lum, 4)], axis=1)


@dataclass
class ContentEmbedding:
    """Fitted on a corpus: standardisation, PCA basis, descriptor ranges. Callable on item batches."""

    mean: np.ndarray
    scale: np.ndarray
    basis: np.ndarray
    """``(k, p)`` PCA directions of the standardised statistics."""
    pca_scale: np.ndarray
    kind: Any
    """the content kind (anything with ``descriptor_names``, ``descriptor_ranges``, ``descriptors_batch``)"""
    desc_lo: np.ndarray
    desc_span: np.ndarray

    @property
    def dim(self) -> int:
        return int(self.basis.shape[1] + len(self.desc_lo))

    @classmethod
    def fit(cls, kind, n: int = 512, seed: int = 0, max_pca: int = 10, variance: float = 0.95) -> "ContentEmbedding":
        """Learn the embedding from ``n`` corpus items of ``kind`` (a content kind object)."""
        items = kind.make_corpus(n, seed=seed)
        stats = item_statistics(items)
        mean, scale = stats.mean(axis=0), stats.std(axis=0) + 1e-9
        z = (stats - mean) / scale
        _, s, vt = np.linalg.svd(z, full_matrices=False)
        share = np.cumsum(s**2) / np.sum(s**2)
        p = int(min(max_pca, np.searchsorted(share, variance) + 1))
        basis = vt[:p].T
        proj = z @ basis
        names = kind.descriptor_names
        lo = np.array([kind.descriptor_ranges[m][0] for m in names], dtype=np.float64)
        span = np.array([kind.descriptor_ranges[m][1] for m in names], dtype=np.float64) - lo
        return cls(mean, scale, basis, proj.std(axis=0) + 1e-9, kind, lo, np.maximum(span, 1e-12))

    def __call__(self, items: np.ndarray) -> np.ndarray:
        items = np.asarray(items)
        z = (item_statistics(items) - self.mean) / self.scale
        pca = (z @ self.basis) / self.pca_scale
        # Descriptors in [0, 1] -> about unit spread, like the PCA part (uniform [0, 1] has sd 0.29).
        desc = (self.kind.descriptors_batch(items) - self.desc_lo) / self.desc_span
        out = np.concatenate([np.clip(pca, -4, 4) / 2.0, (np.clip(desc, 0, 1) - 0.5) / 0.58], axis=1)
        return np.nan_to_num(out, nan=0.0, posinf=0.0, neginf=0.0)
