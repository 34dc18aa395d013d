"""Terrain: 64x64 heightmaps in metres (2 m cells), their corpus (landforms), comfort rules, descriptors, picture.

Landforms: rolling hills, plateaus (terraced mesas), valleys (a meandering river valley),
mountains (ridged noise) and dunes (anisotropic waves). Each is fractal FFT noise shaped by the
landform, scaled to a drawn mean gradient but never so far that more than 10% of cells (25% for
mountains) exceed 28 deg,
and most get a footpath: a meandering band flattened towards a heavily smoothed surface.
"""
from __future__ import annotations

import numpy as np
from scipy import ndimage

from python_bridge.content.base import ContentKind, RuleFailure, item_rng
from python_bridge.content.noise import fbm, smoothstep
from python_bridge.errors import ContentError
from python_bridge.protocol import pb
from python_bridge.types import Content

S = 64
CELL_SIZE_M = 2.0
LANDFORMS = ("hills", "plateaus", "valley", "mountains", "dunes")
_YY, _XX = np.mgrid[0:S, 0:S].astype(np.float64)

# comfort and plausibility limits (see docs/content.md)
WALKABLE_SLOPE_DEG = 30.0     # steeper ground is not walkable in VR locomotion
MIN_WALKABLE = 0.6            # share of cells that must be walkable ...
MIN_WALKABLE_CONNECTED = 0.5  # ... and share of the map in the largest walkable connected area
SPIKE_M = 2.0                 # a cell this far above (or below) all 8 neighbours is a spike (or pit)
HEIGHT_RANGE_M = (-100.0, 500.0)


def slope_deg(h: np.ndarray) -> np.ndarray:
    """Slope of every cell in degrees (central differences, edges one-sided)."""
    gy, gx = np.gradient(np.asarray(h, dtype=np.float64), CELL_SIZE_M)
    return np.degrees(np.arctan(np.hypot(gx, gy)))


def _path_mask(rng: np.random.Generator) -> np.ndarray:
    """Distance (cells) to a meandering path crossing the map, as a (S, S) array."""
    horizontal = rng.random() < 0.5
    a, b = (_YY, _XX) if horizontal else (_XX, _YY)
    centre = rng.uniform(0.25, 0.75) * S
    amp = rng.uniform(2, 12)
    freq = rng.uniform(0.5, 2.0)
    phase = rng.uniform(0, 2 * np.pi)
    curve = centre + amp * np.sin(2 * np.pi * freq * b / S + phase)
    return np.abs(a - curve)


def make_terrain(rng: np.random.Generator) -> np.ndarray:
    """One procedural heightmap, ``(64, 64)`` float32 metres; its landform is the first draw."""
    form = LANDFORMS[rng.integers(len(LANDFORMS))]
    detail = rng.uniform(0.002, 0.012) * fbm(rng, beta=2.0)
    if form == "hills":
        h = fbm(rng, beta=rng.uniform(3.4, 4.2), high_cut=10)
    elif form == "plateaus":
        h = fbm(rng, beta=rng.uniform(3.4, 4.0), high_cut=10)
        steps = rng.uniform(2.5, 5)
        q = (h - h.min()) / (np.ptp(h) + 1e-9) * steps
        # terraces: flat treads, smoothstepped risers
        h = np.floor(q) + smoothstep((q - np.floor(q) - 0.5) * rng.uniform(2.0, 4.0) + 0.5)
        h = ndimage.gaussian_filter(h, 0.8, mode="wrap")
    elif form == "valley":
        h = fbm(rng, beta=rng.uniform(3.4, 4.0), high_cut=10)
        d = _path_mask(rng)
        width = rng.uniform(4, 9)
        h = 0.5 * h + 2.5 * smoothstep(d / (2.5 * width)) - 1.0
    elif form == "mountains":
        n = fbm(rng, beta=rng.uniform(3.2, 3.8), high_cut=12)
        h = (1 - np.minimum(np.abs(n), 2.5) / 2.5) ** 2 + 0.6 * fbm(rng, beta=4.0, high_cut=6)
        h = ndimage.gaussian_filter(h, 0.7, mode="wrap")
    else:  # dunes
        k = int(rng.integers(3, 7))
        warp = fbm(rng, beta=4.0, high_cut=8) * rng.uniform(0.3, 1.0)
        crest = np.sin(2 * np.pi * (k * _XX / S + 0.15 * warp))
        h = np.sign(crest) * np.abs(crest) ** 0.7 + 0.5 * fbm(rng, beta=4.0, high_cut=8)
        if rng.random() < 0.5:
            h = h.T
    h = (h - h.mean()) / (h.std() + 1e-9) + detail
    # scale to a drawn mean gradient, capped so that a set share of cells stays under 28 deg
    target = {"hills": (5, 14), "plateaus": (4, 10), "valley": (6, 14), "mountains": (14, 22), "dunes": (6, 12)}[form]
    grad = np.tan(np.radians(slope_deg(h)))
    cap_q = 75 if form == "mountains" else 90
    scale = min(np.tan(np.radians(rng.uniform(*target))) / max(grad.mean(), 1e-6),
                np.tan(np.radians(28.0)) / max(np.percentile(grad, cap_q), 1e-6))
    h = h * scale
    if rng.random() < 0.7:
        d = _path_mask(rng)
        w = smoothstep(1.0 - d / rng.uniform(2.0, 3.5))
        h = h * (1 - w) + ndimage.gaussian_filter(h, 5.0, mode="nearest") * w
    h = h - h.min() + rng.uniform(0.0, 20.0)
    return h.astype(np.float32)


# ------------------------------------------------------------------------------- rules
def _cells(mask: np.ndarray, limit: int = 4) -> str:
    idx = np.argwhere(mask)
    s = ", ".join(f"({int(r)},{int(c)})" for r, c in idx[:limit])
    return "cells (row,col) " + s + (f" and {len(idx) - limit} more" if len(idx) > limit else "")


def spikes(h: np.ndarray) -> np.ndarray:
    """Cells more than SPIKE_M above all 8 neighbours, or below all of them."""
    f = np.asarray(h, dtype=np.float64)
    fp = np.pad(f, 1, mode="edge")
    nb = np.stack([fp[1 + dr:1 + dr + S, 1 + dc:1 + dc + S]
                   for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (dr, dc) != (0, 0)])
    return (f - nb.max(0) > SPIKE_M) | (nb.min(0) - f > SPIKE_M)


def terrain_failures(h: np.ndarray) -> list[RuleFailure]:
    fails = []
    bad = ~np.isfinite(h)
    if bad.any():
        return [RuleFailure("finite", _cells(bad), "height is NaN or infinite")]
    out = (h < HEIGHT_RANGE_M[0]) | (h > HEIGHT_RANGE_M[1])
    if out.any():
        fails.append(RuleFailure("height_range", _cells(out), f"height outside {HEIGHT_RANGE_M} m"))
    sl = slope_deg(h)
    walk = sl <= WALKABLE_SLOPE_DEG
    frac = float(walk.mean())
    if frac < MIN_WALKABLE:
        fails.append(RuleFailure(
            "walkable_slope", _cells(sl >= np.sort(sl.ravel())[-4]),
            f"only {frac:.0%} of cells are at most {WALKABLE_SLOPE_DEG:g} deg (need {MIN_WALKABLE:.0%}); steepest shown",
        ))
    else:
        lab, n = ndimage.label(walk)
        largest = np.bincount(lab.ravel())[1:].max() / h.size if n else 0.0
        if largest < MIN_WALKABLE_CONNECTED:
            fails.append(RuleFailure(
                "walkable_slope", "map",
                f"the largest connected walkable area is {largest:.0%} of the map (need {MIN_WALKABLE_CONNECTED:.0%})",
            ))
    sp = spikes(h)
    if sp.any():
        fails.append(RuleFailure("spike", _cells(sp), f"cell sticks out more than {SPIKE_M:g} m from all neighbours"))
    return fails


def repair_terrain(h: np.ndarray) -> np.ndarray:
    """Replace non-finite cells and spikes by their neighbourhood median, clamp the range, and
    smooth (up to 8 passes) while too little ground is walkable."""
    f = np.asarray(h, dtype=np.float64).copy()
    bad = ~np.isfinite(f)
    if bad.any():
        f[bad] = np.nanmedian(f) if np.isfinite(f).any() else 0.0
    f = np.clip(f, *HEIGHT_RANGE_M)
    for _ in range(3):
        sp = spikes(f)
        if not sp.any():
            break
        f[sp] = ndimage.median_filter(f, size=3, mode="nearest")[sp]
    for _ in range(8):
        if not any(x.rule == "walkable_slope" for x in terrain_failures(f.astype(np.float32))):
            break
        f = ndimage.gaussian_filter(f, 1.0, mode="nearest")
        sl = slope_deg(f)
        if (sl <= WALKABLE_SLOPE_DEG).mean() < MIN_WALKABLE:
            f = f.mean() + (f - f.mean()) * 0.8
    return f.astype(np.float32)


# ------------------------------------------------------------------------------- descriptors
DESCRIPTOR_NAMES = ("relief", "mean_slope", "roughness", "walkable", "flatness", "peakiness")
DESCRIPTOR_RANGES = {name: (0.0, 1.0) for name in DESCRIPTOR_NAMES}
DESCRIPTOR_DOCS = {
    "relief": "(max - min height) / 60 m, clipped to 1",
    "mean_slope": "mean slope / 45 deg, clipped to 1",
    "roughness": "std of height minus its 2-cell Gaussian blur / 1 m, clipped to 1 (small-scale bumpiness)",
    "walkable": f"share of cells with slope <= {WALKABLE_SLOPE_DEG:g} deg",
    "flatness": "share of cells with slope <= 5 deg (plateaus, valley floors, paths)",
    "peakiness": "(skewness of heights + 2) / 4, clipped: < 0.5 valleys dominate, > 0.5 peaks dominate",
}


def terrain_descriptors(h: np.ndarray) -> np.ndarray:
    f = np.asarray(h, dtype=np.float64)
    if not np.isfinite(f).all():
        f = np.nan_to_num(f, nan=0.0, posinf=0.0, neginf=0.0)
    sl = slope_deg(f)
    detail = f - ndimage.gaussian_filter(f, 2.0, mode="nearest")
    sd = f.std()
    skew = float(((f - f.mean()) ** 3).mean() / sd ** 3) if sd > 1e-9 else 0.0
    return np.array([
        min(1.0, np.ptp(f) / 60.0),
        min(1.0, sl.mean() / 45.0),
        min(1.0, detail.std() / 1.0),
        (sl <= WALKABLE_SLOPE_DEG).mean(),
        (sl <= 5.0).mean(),
        float(np.clip((skew + 2) / 4, 0, 1)),
    ])


_LAND = None


def _land_cmap():
    global _LAND
    if _LAND is None:
        from matplotlib.colors import LinearSegmentedColormap

        _LAND = LinearSegmentedColormap.from_list("vrbridge_land", [
            (0.00, (0.20, 0.38, 0.18)), (0.25, (0.38, 0.56, 0.27)), (0.50, (0.70, 0.68, 0.42)),
            (0.72, (0.58, 0.45, 0.30)), (0.88, (0.55, 0.53, 0.52)), (1.00, (0.96, 0.96, 0.97)),
        ])
    return _LAND


def render_terrain(h: np.ndarray, scale: int = 2):
    """Hill-shaded, height-tinted picture (matplotlib LightSource; green lowland to snowy peaks 30+ m above the lowest cell)."""
    from matplotlib.colors import LightSource, Normalize
    from PIL import Image

    f = np.nan_to_num(np.asarray(h, dtype=np.float64))
    lo = f.min()
    norm = Normalize(vmin=lo, vmax=lo + max(30.0, np.ptp(f)))
    ls = LightSource(azdeg=315, altdeg=35)
    rgb = ls.shade(f, cmap=_land_cmap(), norm=norm, vert_exag=3.0, dx=CELL_SIZE_M, dy=CELL_SIZE_M,
                   blend_mode="soft")[..., :3]
    img = (np.clip(rgb, 0, 1) * 255).astype(np.uint8)
    img = np.repeat(np.repeat(img, scale, 0), scale, 1)
    return Image.fromarray(img, "RGB")


class TerrainKind(ContentKind):
    """Terrain: ``(64, 64)`` float32 heights in metres, row 0 = north, 2 m cells (128 m square)."""

    name = "terrain"
    proto_kind = pb.CONTENT_KIND_TERRAIN
    payload_field = "terrain"
    item_shape = (S, S)
    dtype = np.dtype(np.float32)
    descriptor_names = DESCRIPTOR_NAMES
    descriptor_ranges = DESCRIPTOR_RANGES
    generator_name = "procedural/terrain"
    generator_version = 1
    distance_metric = "cityblock_mean"
    cell_size_m = CELL_SIZE_M
    families = LANDFORMS

    def make_item(self, rng: np.random.Generator) -> np.ndarray:
        return make_terrain(rng)

    def family_of(self, seed: int, index: int) -> str:
        return LANDFORMS[item_rng(seed, index).integers(len(LANDFORMS))]

    def check_rules(self, item: np.ndarray) -> list[RuleFailure]:
        return terrain_failures(item)

    def repair(self, item: np.ndarray) -> np.ndarray:
        return repair_terrain(self.check_item(item))

    def descriptors(self, item: np.ndarray) -> np.ndarray:
        return terrain_descriptors(self.check_item(item))

    def distance_features(self, items: np.ndarray) -> np.ndarray:
        # shape of the land (mean removed) on a 32x32 grid, in units of 20 m and clipped, so a
        # mean absolute difference lies in [0, 1]
        f = np.asarray(items, dtype=np.float32)
        f = np.nan_to_num(f - np.nanmean(f, axis=(1, 2), keepdims=True))
        f = f.reshape(len(f), 32, 2, 32, 2).mean((2, 4))
        return np.clip(f / 40.0 + 0.5, 0.0, 1.0).reshape(len(f), -1)

    def _payload_to_proto(self, data: np.ndarray, payload, content: Content) -> None:
        payload.width, payload.height = S, S
        payload.heights_m.extend(data.ravel().tolist())
        payload.cell_size_m = CELL_SIZE_M

    def _payload_from_proto(self, payload, content_id: str) -> np.ndarray:
        if (payload.width, payload.height) != (S, S) or len(payload.heights_m) != S * S:
            raise ContentError(
                f"terrain {content_id!r} is {payload.width}x{payload.height} with {len(payload.heights_m)} "
                f"heights; kind 'terrain' carries {S}x{S} heightmaps."
            )
        return np.asarray(payload.heights_m, dtype=np.float32).reshape(S, S).copy()

    def render(self, item: np.ndarray):
        return render_terrain(np.asarray(item))


KIND = TerrainKind()
