"""What simulated players perceive in a raw item: their own features per kind, and a fixed random network's.

These are the *players'* eyes, written apart from anything a policy uses (no policy imports this
module, and it imports nothing of the policy's): the families in ``families.py`` build their taste
on them. Each function maps a batch of items ``(N, *item_shape)`` to ``(N, k)`` raw features;
``Percept`` scales them to [0, 1] by percentiles over the kind's procedural corpus, a fixed
reference world (deterministic).
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Callable

import numpy as np
from scipy import ndimage

# Room tiles (content/rooms.py documents them): 0 void, 1 floor, 2 wall, 3 door, 4 spawn,
# 5 small prop, 6 large prop, 7 light, 8 interactable.
_WALKABLE = (1, 3, 4, 7, 8)


def texture_features(items: np.ndarray) -> np.ndarray:
    """``(N, H, W, 3)`` uint8 -> ``(N, 7)``: warmth, lightness, chroma, RMS contrast, edge density,
    spectral centroid (fine vs coarse pattern), blockiness (energy along the axes vs diagonals)."""
    x = np.asarray(items, dtype=np.float64) / 255.0
    r, g, b = x[..., 0], x[..., 1], x[..., 2]
    lum = 0.299 * r + 0.587 * g + 0.114 * b
    warmth = (r - b).mean(axis=(1, 2))
    lightness = lum.mean(axis=(1, 2))
    mx, mn = x.max(axis=-1), x.min(axis=-1)
    chroma = (mx - mn).mean(axis=(1, 2))
    contrast = lum.std(axis=(1, 2))
    gy, gx = np.gradient(lum, axis=(1, 2))
    mag = np.hypot(gx, gy)
    edges = (mag > 0.04).mean(axis=(1, 2))
    spec = np.abs(np.fft.fft2(lum - lum.mean(axis=(1, 2), keepdims=True))) ** 2
    h, w = lum.shape[1:]
    fy, fx = np.meshgrid(np.fft.fftfreq(h), np.fft.fftfreq(w), indexing="ij")
    radius = np.hypot(fy, fx)
    total = spec.sum(axis=(1, 2)) + 1e-12
    centroid = (spec * radius).sum(axis=(1, 2)) / total
    axis_band = (np.minimum(np.abs(fy), np.abs(fx)) < 0.02)
    blocky = (spec * axis_band).sum(axis=(1, 2)) / total
    return np.stack([warmth, lightness, chroma, contrast, edges, centroid, blocky], axis=1)


def _bfs_depth(walk: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Grid distances (4-neighbour) from ``starts`` over ``walk``; -1 where unreachable."""
    dist = np.full(walk.shape, -1, dtype=np.int32)
    frontier = starts & walk
    dist[frontier] = 0
    d = 0
    structure = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool)
    reached = frontier.copy()
    while frontier.any():
        d += 1
        grown = ndimage.binary_dilation(frontier, structure) & walk & ~reached
        dist[grown] = d
        reached |= grown
        frontier = grown
    return dist


def room_features(items: np.ndarray) -> np.ndarray:
    """``(N, 32, 32)`` tile grids -> ``(N, 7)``: openness (walkable share of the interior), path depth
    (farthest walkable tile from the spawn), clutter (props per walkable tile), corridor width (mean
    distance to the nearest obstacle), lighting (lights per walkable tile), compactness (area share
    of the grid), wall share."""
    out = np.zeros((len(items), 7))
    for i, grid in enumerate(np.asarray(items)):
        walk = np.isin(grid, _WALKABLE)
        interior = grid != 0
        n_walk = max(int(walk.sum()), 1)
        spawn = grid == 4
        depth = _bfs_depth(walk, spawn if spawn.any() else walk & (np.cumsum(walk.ravel()).reshape(walk.shape) == 1))
        props = np.isin(grid, (5, 6)).sum()
        width = ndimage.distance_transform_cdt(walk, metric="taxicab")
        out[i] = [
            n_walk / max(int(interior.sum()), 1),
            float(depth.max()) / 32.0,
            props / n_walk,
            float(width[walk].mean()) if walk.any() else 0.0,
            float((grid == 7).sum()) / n_walk,
            float(interior.mean()),
            float((grid == 2).sum()) / max(int(interior.sum()), 1),
        ]
    return out


def terrain_features(items: np.ndarray) -> np.ndarray:
    """``(N, H, W)`` heights -> ``(N, 5)``: relief, mean slope, roughness (Laplacian), plateau share, skew."""
    h = np.asarray(items, dtype=np.float64)
    relief = h.max(axis=(1, 2)) - h.min(axis=(1, 2))
    gy, gx = np.gradient(h, axis=(1, 2))
    slope = np.hypot(gx, gy)
    lap = np.abs(ndimage.laplace(h, mode="wrap") if h.ndim == 2 else np.stack([ndimage.laplace(a) for a in h]))
    flat = (slope < np.percentile(slope, 30)).mean(axis=(1, 2))
    centred = h - h.mean(axis=(1, 2), keepdims=True)
    skew = (centred**3).mean(axis=(1, 2)) / (centred.std(axis=(1, 2)) ** 3 + 1e-9)
    return np.stack([relief, slope.mean(axis=(1, 2)), lap.mean(axis=(1, 2)), flat, skew], axis=1)


def vector_features(items: np.ndarray) -> np.ndarray:
    """``(N, D)`` parameter vectors (characters) -> ``(N, 6)``: a fixed mixing of the parameters."""
    x = np.asarray(items, dtype=np.float64).reshape(len(items), -1)
    rng = np.random.default_rng(1234)
    mix = rng.normal(size=(x.shape[1], 6)) / np.sqrt(x.shape[1])
    return np.tanh(x @ mix)


FEATURES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "textures": texture_features, "rooms": room_features, "terrain": terrain_features, "characters": vector_features,
}


def _as_image(items: np.ndarray) -> np.ndarray:
    """Any item batch as ``(N, H, W, C)`` floats in about [0, 1] for the random network."""
    x = np.asarray(items, dtype=np.float64)
    if x.ndim == 2:  # vectors: a 1-pixel-high image
        return x[:, None, :, None]
    if x.ndim == 3:
        if np.issubdtype(np.asarray(items).dtype, np.integer):
            # categorical grids (rooms): one channel per tile class
            k = int(max(9, x.max() + 1))
            return np.eye(k)[x.astype(int)]
        lo = x.min(axis=(1, 2), keepdims=True)
        return ((x - lo) / (x.max(axis=(1, 2), keepdims=True) - lo + 1e-9))[..., None]
    return x / 255.0 if np.asarray(items).dtype == np.uint8 else x


class RandomNetwork:
    """A fixed random two-layer convolutional network (seeded): ``items -> (N, width)`` features.

    Random filters, ReLU, 2x2 average pooling, random filters again, global mean and standard
    deviation per channel: rich, smooth-ish features of the content that no descriptor names.
    """

    def __init__(self, channels: int, width: int = 16, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        self.w1 = rng.normal(size=(12, channels, 3, 3)) / np.sqrt(9 * channels)
        self.w2 = rng.normal(size=(width // 2, 12, 3, 3)) / np.sqrt(9 * 12)

    @staticmethod
    def _conv(x: np.ndarray, w: np.ndarray) -> np.ndarray:
        # x (N, H, W, C) -> (N, H, W, O), 'same' padding with wrap (textures tile)
        n, h, wd, c = x.shape
        kh, kw = w.shape[2], w.shape[3]
        out = np.zeros((n, h, wd, w.shape[0]))
        for dy in range(kh):
            for dx in range(kw):
                shifted = np.roll(x, (dy - kh // 2, dx - kw // 2), axis=(1, 2))
                out += shifted @ w[:, :, dy, dx].T
        return out

    def __call__(self, items: np.ndarray) -> np.ndarray:
        x = _as_image(items)
        h = np.maximum(self._conv(x, self.w1), 0.0)
        if h.shape[1] >= 2 and h.shape[2] >= 2:
            n, hh, ww, c = h.shape
            h = h[:, : hh // 2 * 2, : ww // 2 * 2].reshape(n, hh // 2, 2, ww // 2, 2, c).mean(axis=(2, 4))
        h = np.maximum(self._conv(h, self.w2), 0.0)
        return np.concatenate([h.mean(axis=(1, 2)), h.std(axis=(1, 2))], axis=1)


class Percept:
    """Features of a kind's items scaled to [0, 1] by the 2nd-98th percentiles over its procedural corpus.

    Results for the 16 most recently used batches are cached by content (evaluation scores the same candidates
    for every player).
    """

    def __init__(self, kind: str, fn: Callable[[np.ndarray], np.ndarray], reference: np.ndarray) -> None:
        self.kind, self.fn = kind, fn
        ref = fn(reference)
        self.lo = np.percentile(ref, 2, axis=0)
        self.hi = np.percentile(ref, 98, axis=0)
        self._cache: OrderedDict[tuple, np.ndarray] = OrderedDict()

    def __call__(self, items: np.ndarray) -> np.ndarray:
        items = np.asarray(items)
        key = (items.shape, hash(items.tobytes()))
        hit = self._cache.get(key)
        if hit is None:
            raw = self.fn(items)
            hit = np.clip((raw - self.lo) / np.maximum(self.hi - self.lo, 1e-9), -0.25, 1.25)
            self._cache[key] = hit
            while len(self._cache) > 16:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)  # least recently used goes first
        return hit


_PERCEPTS: dict[tuple[str, str], Percept] = {}
_REFERENCE: dict[str, np.ndarray] = {}


def reference_items(kind: str) -> np.ndarray:
    """The fixed reference world of ``kind`` the players calibrate against: 256 procedural items."""
    if kind not in _REFERENCE:
        from python_bridge.content.registry import get_kind  # lazy: players/ does not import content/ at import time

        _REFERENCE[kind] = get_kind(kind).make_corpus(256, seed=987_654)
    return _REFERENCE[kind]


def percept(kind: str, which: str = "own") -> Percept:
    """The shared ``Percept`` of ``kind``: ``which="own"`` hand-written features, ``"net"`` the random network's."""
    key = (kind, which)
    if key not in _PERCEPTS:
        reference = reference_items(kind)
        if which == "own":
            fn = FEATURES.get(kind) or (lambda items: RandomNetwork(_as_image(items[:1]).shape[-1], 8, seed=7)(items))
        else:
            net = RandomNetwork(_as_image(reference[:1]).shape[-1], 16, seed=11)
            fn = net
        _PERCEPTS[key] = Percept(kind, fn, reference)
    return _PERCEPTS[key]
