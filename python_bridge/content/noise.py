"""Periodic (tileable) noise fields by spectral synthesis with numpy's FFT, shared by textures and terrain."""
from __future__ import annotations

from functools import lru_cache

import numpy as np


@lru_cache(maxsize=8)
def _freqs(h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    fy = np.fft.fftfreq(h)[:, None] * h   # cycles per image, integer
    fx = np.fft.rfftfreq(w)[None, :] * w
    return fy, fx


def fbm(
    rng: np.random.Generator,
    shape: tuple[int, int] = (64, 64),
    beta: float = 2.0,
    stretch: tuple[float, float] = (1.0, 1.0),
    low_cut: float = 1.0,
    high_cut: float | None = None,
) -> np.ndarray:
    """Fractal (1/f^beta power) noise, zero mean and unit std, periodic in both axes.

    ``stretch = (sy, sx)`` scales frequencies per axis: ``sx > 1`` makes features long along x
    (grain). ``low_cut``/``high_cut`` bound the radial frequency in cycles per image.
    """
    h, w = shape
    fy, fx = _freqs(h, w)
    f = np.sqrt((fy * stretch[0]) ** 2 + (fx * stretch[1]) ** 2)
    amp = np.zeros_like(f)
    keep = f >= low_cut
    if high_cut is not None:
        keep &= f <= high_cut
    amp[keep] = f[keep] ** (-beta / 2.0)
    spec = np.fft.rfft2(rng.standard_normal(shape)) * amp
    out = np.fft.irfft2(spec, s=shape)
    std = out.std()
    return (out - out.mean()) / (std if std > 0 else 1.0)


def wrap_distance(coords: np.ndarray, points: np.ndarray, size: int) -> np.ndarray:
    """Periodic 1-D distance between ``coords`` (grid) and each of ``points`` (n,) -> (n, *grid)."""
    d = np.abs(coords[None] - points.reshape(-1, *([1] * coords.ndim)))
    return np.minimum(d, size - d)


def voronoi(rng: np.random.Generator, n: int, shape: tuple[int, int] = (64, 64), jitter: float = 1.0):
    """Periodic Voronoi: ``(cell_id, d1, d2)`` per pixel for ``n`` random sites (d = distance in px)."""
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    # sites on a jittered grid look more like laid stones than uniform ones
    g = int(np.ceil(np.sqrt(n)))
    gy, gx = np.divmod(np.arange(g * g), g)
    py = ((gy + 0.5 + jitter * (rng.random(g * g) - 0.5)) * h / g) % h
    px = ((gx + 0.5 + jitter * (rng.random(g * g) - 0.5)) * w / g) % w
    d = np.sqrt(wrap_distance(yy, py.astype(np.float32), h) ** 2 + wrap_distance(xx, px.astype(np.float32), w) ** 2)
    order = np.argsort(d, axis=0)
    cell = order[0]
    d_sorted = np.take_along_axis(d, order[:2], axis=0)
    return cell, d_sorted[0], d_sorted[1]


def smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)
