"""Textures: tileable 64x64 RGB material images, their corpus (material families), rules, descriptors and picture.

Every procedural texture is periodic by construction (FFT noise, integer periods, wrap-around
Voronoi), so it tiles without a seam. Families: wood (rings, grain, planks), stone (flagstones,
cobbles), brick (stretcher bond), marble (veins), fabric (plain weave, stripes, tartan), metal
(brushed, tread plate, panels with rivets, rust) and ceramic tiles.
"""
from __future__ import annotations

import re

import numpy as np

from python_bridge.content.base import ContentKind, RuleFailure, item_rng
from python_bridge.content.noise import fbm, smoothstep, voronoi
from python_bridge.errors import ContentError
from python_bridge.protocol import pb
from python_bridge.types import Content

S = 64
FAMILIES = ("wood", "stone", "brick", "marble", "fabric", "metal", "tiles")
_YY, _XX = np.mgrid[0:S, 0:S]
_LUMA = np.array([0.299, 0.587, 0.114])

# thresholds of the validity rules
MAX_CLIPPED = 0.05        # share of channel values at exactly 0 or 255
MIN_LUMA_STD = 3.0        # 8-bit luminance std below this is a flat, featureless image
LUMA_MEAN_RANGE = (12.0, 243.0)
MAX_SEAM_RATIO = 2.5      # wrap seam step vs the largest step between adjacent interior rows/cols


def _c(*rgb: float) -> np.ndarray:
    return np.array(rgb, dtype=np.float64)


def _jitter(rng: np.random.Generator, colour: np.ndarray, amount: float) -> np.ndarray:
    return np.clip(colour * rng.uniform(1 - amount, 1 + amount) + rng.normal(0, amount / 3, 3), 0, 1)


def _lerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    return a + (b - a) * t[..., None]


# ------------------------------------------------------------------------------- families
def _wood(rng: np.random.Generator) -> np.ndarray:
    light = _jitter(rng, [
        _c(0.86, 0.69, 0.46), _c(0.74, 0.54, 0.33), _c(0.48, 0.32, 0.19),
        _c(0.66, 0.36, 0.22), _c(0.72, 0.66, 0.58), _c(0.80, 0.60, 0.38),
    ][rng.integers(6)], 0.08)
    dark = light * rng.uniform(0.45, 0.72)
    n_planks = int(rng.choice([1, 2, 4, 4, 8]))
    ph = S // n_planks
    plank = _YY // ph
    k = int(rng.integers(2, 7)) * n_planks          # ring bands, integer per image -> periodic
    warp = fbm(rng, beta=2.6, stretch=(1.0, 5.0)) * rng.uniform(0.2, 0.9)
    phase = rng.random(n_planks)[plank]
    rings = 0.5 + 0.5 * np.sin(2 * np.pi * (k * _YY / S + phase + 0.12 * warp))
    rings = rings ** rng.uniform(0.5, 2.5)
    grain = fbm(rng, beta=1.0, stretch=(1.0, 14.0))
    t = np.clip(0.7 * rings + 0.12 * grain + 0.1, 0, 1)
    img = _lerp(dark, light, t)
    img *= (1 + rng.normal(0, 0.05, n_planks))[plank][..., None]
    if n_planks > 1:
        img[(_YY % ph) == 0] *= 0.55                   # plank seams
        # butt joints, staggered per plank
        joint = (rng.integers(0, S, n_planks)[plank] == _XX) & (rng.random(n_planks)[plank] < 0.6)
        img[joint] *= 0.6
    return img.transpose(1, 0, 2) if rng.random() < 0.5 else img


def _stone(rng: np.random.Generator) -> np.ndarray:
    base = _jitter(rng, [
        _c(0.55, 0.55, 0.54), _c(0.66, 0.60, 0.50), _c(0.42, 0.45, 0.50),
        _c(0.62, 0.45, 0.36), _c(0.35, 0.35, 0.34),
    ][rng.integers(5)], 0.08)
    n = int(rng.integers(6, 40))
    cell, d1, d2 = voronoi(rng, n, jitter=rng.uniform(0.6, 1.0))
    width = rng.uniform(0.6, 2.2)
    edge = smoothstep((d2 - d1) / (2 * width))
    tint = 1 + rng.normal(0, rng.uniform(0.04, 0.14), cell.max() + 1)
    stone = base[None, None] * tint[cell][..., None]
    stone = stone * (1 + 0.10 * fbm(rng, beta=1.6))[..., None]
    bevel = 0.75 + 0.25 * smoothstep((d2 - d1) / (6 * width))
    stone = stone * bevel[..., None]
    mortar = _jitter(rng, _c(0.30, 0.29, 0.27) if rng.random() < 0.6 else _c(0.70, 0.68, 0.63), 0.1)
    mortar = mortar[None, None] * (1 + 0.08 * fbm(rng, beta=1.0))[..., None]
    return mortar + (stone - mortar) * edge[..., None]


def _brick(rng: np.random.Generator) -> np.ndarray:
    rows, per_row = [(8, 4), (8, 4), (4, 2), (8, 2), (16, 4)][rng.integers(5)]
    bh, bw = S // rows, S // per_row
    mt = int(rng.choice([1, 1, 2])) if bh >= 8 else 1
    row = _YY // bh
    xo = (_XX + (row % 2) * (bw // 2)) % S
    brick_id = row * per_row + xo // bw
    base = _jitter(rng, [
        _c(0.62, 0.27, 0.20), _c(0.55, 0.33, 0.24), _c(0.72, 0.58, 0.40),
        _c(0.45, 0.42, 0.40), _c(0.70, 0.38, 0.28),
    ][rng.integers(5)], 0.06)
    spread = rng.uniform(0.04, 0.15)
    tints = np.clip(1 + rng.normal(0, spread, (rows * per_row, 3)) * [1, 0.8, 0.6], 0.5, 1.5)
    img = base * tints[brick_id]
    img = img * (1 + 0.10 * fbm(rng, beta=1.3))[..., None]
    # mortar: a horizontal band per course, a vertical joint per brick
    in_y, in_x = _YY % bh, xo % bw
    mortar_mask = (in_y < mt) | (in_x < mt)
    edge_shade = ((in_y == mt) | (in_x == mt))
    img[edge_shade] *= 0.85
    mortar = _jitter(rng, _c(0.72, 0.70, 0.65) if rng.random() < 0.7 else _c(0.32, 0.31, 0.30), 0.08)
    img[mortar_mask] = mortar * (1 + 0.06 * rng.standard_normal((mortar_mask.sum(), 1)))
    return img


def _marble(rng: np.random.Generator) -> np.ndarray:
    kind = rng.integers(5)
    base = _jitter(rng, [
        _c(0.88, 0.87, 0.84), _c(0.70, 0.70, 0.70), _c(0.14, 0.14, 0.15),
        _c(0.22, 0.36, 0.29), _c(0.86, 0.74, 0.71),
    ][kind], 0.04)
    vein_col = _c(0.38, 0.38, 0.40) if kind in (0, 1, 4) else _c(0.85, 0.83, 0.80)
    img = np.broadcast_to(base, (S, S, 3)).copy()
    # two vein systems: broad soft veins and a few sharp thin ones, both warped by smooth noise
    for scale, sharp, strength in ((1, rng.uniform(2, 5), rng.uniform(0.25, 0.5)),
                                   (2, rng.uniform(8, 14), rng.uniform(0.4, 0.8))):
        fx, fy = 0, 0
        while fx == 0 and fy == 0:
            fx, fy = int(rng.integers(-2, 3)) * scale, int(rng.integers(0, 3)) * scale
        turb = fbm(rng, beta=3.2, high_cut=10) * rng.uniform(1.0, 2.5)
        v = np.sin(2 * np.pi * (fx * _XX + fy * _YY) / S + turb)
        vein = (1 - np.abs(v)) ** sharp
        img += (vein_col - base) * (vein * strength)[..., None]
    cloud = 0.05 * fbm(rng, beta=2.8)
    return img + cloud[..., None]


def _fabric(rng: np.random.Generator) -> np.ndarray:
    t = int(rng.choice([2, 4]))
    hue = rng.random()
    from skimage.color import hsv2rgb

    def colour(h: float) -> np.ndarray:
        return hsv2rgb(np.array([[[h % 1.0, rng.uniform(0.25, 0.8), rng.uniform(0.35, 0.85)]]]))[0, 0]

    warp_c, weft_c = colour(hue), colour(hue + rng.normal(0, 0.05))
    pattern = rng.choice(["solid", "stripes", "tartan"], p=[0.35, 0.35, 0.3])
    if pattern != "solid":
        p = int(rng.choice([8, 16, 32]))
        alt = colour(hue + rng.choice([0.5, 0.33, 0.1]))
        band_x = ((_XX // (p // 2)) % 2).astype(float)
        band_y = ((_YY // (p // 2)) % 2).astype(float)
        warp_img = _lerp(warp_c, alt, band_x)
        weft_img = _lerp(weft_c, alt, band_y if pattern == "tartan" else np.zeros_like(band_y))
    else:
        warp_img = np.broadcast_to(warp_c, (S, S, 3))
        weft_img = np.broadcast_to(weft_c, (S, S, 3))
    over = ((_XX // t) + (_YY // t)) % 2 == 0       # plain weave: warp on top where True
    prof_x = np.sin(np.pi * ((_XX % t) + 0.5) / t)    # a thread is bright in the middle
    prof_y = np.sin(np.pi * ((_YY % t) + 0.5) / t)
    shade = np.where(over, 0.65 + 0.35 * prof_x, 0.65 + 0.35 * prof_y)
    img = np.where(over[..., None], warp_img, weft_img) * shade[..., None]
    return img * (1 + 0.06 * fbm(rng, beta=1.5))[..., None]


def _metal(rng: np.random.Generator) -> np.ndarray:
    tone = _jitter(rng, [
        _c(0.60, 0.62, 0.65), _c(0.32, 0.32, 0.34), _c(0.72, 0.45, 0.30),
        _c(0.75, 0.62, 0.35), _c(0.78, 0.79, 0.80),
    ][rng.integers(5)], 0.05)
    style = rng.choice(["brushed", "tread", "panels"])
    brushed = fbm(rng, beta=1.0, stretch=(1.0, 25.0))
    height = 0.06 * brushed + 0.07 * fbm(rng, beta=3.0)
    if style == "tread":
        p = int(rng.choice([8, 16]))
        u, v = (_XX % p) - p / 2 + 0.5, (_YY % p) - p / 2 + 0.5
        flip = ((_XX // p + _YY // p) % 2) == 0
        a, b = np.where(flip, u + v, u - v), np.where(flip, u - v, u + v)
        bump = (np.abs(a) < p * 0.35) & (np.abs(b) < p * 0.1)
        height = height + 0.25 * bump - 0.12 * np.roll(bump, 1, axis=0)
    elif style == "panels":
        p = int(rng.choice([32, 64]))
        seam = ((_XX % p) == 0) | ((_YY % p) == 0)
        height = height - 0.3 * seam
        rv = int(rng.choice([4, 8]))
        riv = (((_XX % p) - 3) % rv == 0) & (((_YY % p) == 3) | ((_YY % p) == p - 3))
        riv |= (((_YY % p) - 3) % rv == 0) & (((_XX % p) == 3) | ((_XX % p) == p - 3))
        height = height + 0.25 * riv
    img = tone[None, None] * (1 + height)[..., None]
    if rng.random() < 0.3:
        rust = smoothstep((fbm(rng, beta=2.2) - rng.uniform(0.3, 1.2)) * 2)
        img = _lerp(img, np.broadcast_to(_c(0.45, 0.22, 0.10), img.shape) * (1 + 0.2 * fbm(rng, beta=1.2))[..., None], rust)
    return img


def _tiles(rng: np.random.Generator) -> np.ndarray:
    from skimage.color import hsv2rgb

    size = int(rng.choice([8, 16, 16, 32]))
    hue = rng.random()
    a = hsv2rgb(np.array([[[hue, rng.uniform(0.0, 0.6), rng.uniform(0.55, 0.95)]]]))[0, 0]
    b = a if rng.random() < 0.5 else hsv2rgb(np.array([[[rng.random(), rng.uniform(0.0, 0.6), rng.uniform(0.2, 0.7)]]]))[0, 0]
    checker = ((_XX // size + _YY // size) % 2).astype(float)
    img = _lerp(a, b, checker)
    tid = (_YY // size) * (S // size) + _XX // size
    img = img * (1 + rng.normal(0, 0.03, (S // size) ** 2))[tid][..., None]
    img = img * (1 + 0.03 * fbm(rng, beta=2.0))[..., None]
    # a soft highlight per tile reads as glaze
    u, v = (_XX % size) / size, (_YY % size) / size
    img = img * (1 + 0.06 * (1 - u - v))[..., None]
    grout = ((_XX % size) == 0) | ((_YY % size) == 0)
    img[grout] = _jitter(rng, _c(0.82, 0.80, 0.76) if rng.random() < 0.6 else _c(0.25, 0.25, 0.25), 0.05)
    return img


_MAKERS = {
    "wood": _wood, "stone": _stone, "brick": _brick, "marble": _marble,
    "fabric": _fabric, "metal": _metal, "tiles": _tiles,
}


def make_texture(rng: np.random.Generator) -> np.ndarray:
    """One procedural material, ``(64, 64, 3)`` uint8, tileable; its family is the first draw."""
    family = FAMILIES[rng.integers(len(FAMILIES))]
    img = _MAKERS[family](rng)
    # lighting variation: overall exposure, kept away from clipping
    img = img * rng.uniform(0.85, 1.05)
    return np.clip(np.round(img * 255.0), 1, 254).astype(np.uint8)


# ------------------------------------------------------------------------------- rules
def luminance(img: np.ndarray) -> np.ndarray:
    return np.asarray(img, dtype=np.float64) @ _LUMA


def seam_ratio(img: np.ndarray) -> tuple[float, float]:
    """(columns, rows): the step across the wrap seam over the largest interior step, per axis.

    1 or below means the seam is no harsher than the image's own edges, so it tiles cleanly.
    """
    f = np.asarray(img, dtype=np.float64)
    out = []
    for axis in (1, 0):
        steps = np.abs(np.diff(f, axis=axis)).mean(axis=tuple(a for a in range(f.ndim) if a != axis))
        first = np.take(f, [0], axis=axis)
        last = np.take(f, [-1], axis=axis)
        seam = np.abs(first - last).mean()
        out.append(float(seam / (steps.max() + 1.0)))
    return out[0], out[1]


def texture_failures(img: np.ndarray) -> list[RuleFailure]:
    fails = []
    clipped = float(((img == 0) | (img == 255)).mean())
    if clipped > MAX_CLIPPED:
        fails.append(RuleFailure(
            "value_range", "image", f"{clipped:.1%} of channel values are clipped at 0 or 255 (max {MAX_CLIPPED:.0%})",
        ))
    lum = luminance(img)
    if not LUMA_MEAN_RANGE[0] <= lum.mean() <= LUMA_MEAN_RANGE[1]:
        fails.append(RuleFailure(
            "value_range", "image", f"mean luminance {lum.mean():.1f} outside {LUMA_MEAN_RANGE} (too dark or too bright)",
        ))
    if lum.std() < MIN_LUMA_STD:
        fails.append(RuleFailure("flat", "image", f"luminance std {lum.std():.2f} < {MIN_LUMA_STD}: no visible pattern"))
    sx, sy = seam_ratio(img)
    if sx > MAX_SEAM_RATIO:
        fails.append(RuleFailure("seam", "left/right edge", f"seam step {sx:.2f}x the largest interior step (max {MAX_SEAM_RATIO})"))
    if sy > MAX_SEAM_RATIO:
        fails.append(RuleFailure("seam", "top/bottom edge", f"seam step {sy:.2f}x the largest interior step (max {MAX_SEAM_RATIO})"))
    return fails


def repair_texture(img: np.ndarray) -> np.ndarray:
    """Cross-fade the edges with the wrapped image (removes seams), then stretch/clip the range."""
    f = np.asarray(img, dtype=np.float64)
    sx, sy = seam_ratio(img)
    band = 12
    if sx > MAX_SEAM_RATIO or sy > MAX_SEAM_RATIO:
        # blend each edge band towards the half-shifted copy, whose middle has no seam
        shifted = np.roll(f, (S // 2, S // 2), axis=(0, 1))
        w = np.ones(S)
        ramp = smoothstep(np.arange(band) / band)
        w[:band], w[-band:] = ramp, ramp[::-1]
        weight = np.minimum(w[:, None], w[None, :])
        f = f * weight[..., None] + shifted * (1 - weight[..., None])
    lo, hi = np.percentile(f, [1, 99])
    if hi - lo < 3 * MIN_LUMA_STD:
        f = (f - f.mean()) * (6 * MIN_LUMA_STD / max(hi - lo, 1e-6)) + 128
    lum = f @ _LUMA
    if not LUMA_MEAN_RANGE[0] <= lum.mean() <= LUMA_MEAN_RANGE[1]:
        f = f + (np.clip(lum.mean(), *LUMA_MEAN_RANGE) - lum.mean())
    return np.clip(np.round(f), 1, 254).astype(np.uint8)


# ------------------------------------------------------------------------------- descriptors
DESCRIPTOR_NAMES = ("brightness", "contrast", "warmth", "saturation", "roughness", "anisotropy", "regularity")
DESCRIPTOR_RANGES = {
    "brightness": (0.0, 1.0), "contrast": (0.0, 1.0), "warmth": (-1.0, 1.0), "saturation": (0.0, 1.0),
    "roughness": (0.0, 1.0), "anisotropy": (0.0, 1.0), "regularity": (0.0, 1.0),
}
DESCRIPTOR_DOCS = {
    "brightness": "mean luminance / 255",
    "contrast": "luminance std / 64, clipped to 1",
    "warmth": "(mean red - mean blue) / 255: warm > 0 > cool",
    "saturation": "mean HSV saturation",
    "roughness": "share of luminance spectral energy above 8 cycles per image (fine detail)",
    "anisotropy": "|Gx - Gy| / (Gx + Gy) of squared gradient energy: 0 isotropic, 1 all grain one way",
    "regularity": "highest normalised autocorrelation of luminance outside a 3-px radius (1 = perfectly periodic)",
}
_FY = np.fft.fftfreq(S)[:, None] * S
_FXR = np.fft.rfftfreq(S)[None, :] * S
_HIGH = np.sqrt(_FY ** 2 + _FXR ** 2) > 8
_NEAR = (np.minimum(_YY, S - _YY) ** 2 + np.minimum(_XX, S - _XX) ** 2) <= 9


def texture_descriptors_batch(imgs: np.ndarray) -> np.ndarray:
    f = np.asarray(imgs, dtype=np.float64)
    lum = f @ _LUMA                                     # (n, S, S)
    n = len(f)
    mx, mn = f.max(-1), f.min(-1)
    sat = np.where(mx > 0, (mx - mn) / np.maximum(mx, 1e-9), 0.0).mean((1, 2))
    z = lum - lum.mean((1, 2), keepdims=True)
    spec = np.abs(np.fft.rfft2(z)) ** 2
    spec[:, :, 1:-1] *= 2                              # rfft halves: count the mirrored columns
    total = spec.sum((1, 2))
    rough = np.where(total > 0, (spec * _HIGH).sum((1, 2)) / np.maximum(total, 1e-12), 0.0)
    gx = np.diff(lum, axis=2, append=lum[:, :, :1]) ** 2
    gy = np.diff(lum, axis=1, append=lum[:, :1, :]) ** 2
    ex, ey = gx.sum((1, 2)), gy.sum((1, 2))
    aniso = np.abs(ex - ey) / np.maximum(ex + ey, 1e-12)
    ac = np.fft.irfft2(np.abs(np.fft.rfft2(z)) ** 2, s=(S, S))
    ac0 = np.maximum(ac[:, 0, 0], 1e-12)
    reg = np.clip(np.where(_NEAR, -np.inf, ac).reshape(n, -1).max(1) / ac0, 0, 1)
    out = np.stack([
        lum.mean((1, 2)) / 255.0,
        np.minimum(1.0, lum.std((1, 2)) / 64.0),
        (f[..., 0].mean((1, 2)) - f[..., 2].mean((1, 2))) / 255.0,
        sat,
        rough,
        aniso,
        reg,
    ], axis=1)
    return out


_FAMILY_RE = re.compile(r"^procedural/textures/(\w+)@")


class TexturesKind(ContentKind):
    """Textures: ``(64, 64, 3)`` uint8 RGB, row 0 = top, meant to tile."""

    name = "textures"
    proto_kind = pb.CONTENT_KIND_TEXTURE
    payload_field = "texture"
    item_shape = (S, S, 3)
    dtype = np.dtype(np.uint8)
    descriptor_names = DESCRIPTOR_NAMES
    descriptor_ranges = DESCRIPTOR_RANGES
    generator_name = "procedural/textures"
    generator_version = 1
    distance_metric = "cityblock_mean"
    families = FAMILIES

    def make_item(self, rng: np.random.Generator) -> np.ndarray:
        return make_texture(rng)

    def family_of(self, seed: int, index: int) -> str:
        return FAMILIES[item_rng(seed, index).integers(len(FAMILIES))]

    def check_rules(self, item: np.ndarray) -> list[RuleFailure]:
        return texture_failures(item)

    def repair(self, item: np.ndarray) -> np.ndarray:
        return repair_texture(self.check_item(item))

    def descriptors(self, item: np.ndarray) -> np.ndarray:
        return texture_descriptors_batch(self.check_item(item)[None])[0]

    def descriptors_batch(self, items: np.ndarray) -> np.ndarray:
        return np.concatenate([texture_descriptors_batch(items[i:i + 512]) for i in range(0, len(items), 512)]) \
            if len(items) else np.zeros((0, len(DESCRIPTOR_NAMES)))

    def distance_features(self, items: np.ndarray) -> np.ndarray:
        # 16x16 block means: a distance of colour layout that ignores sub-4-px phase
        f = np.asarray(items, dtype=np.float32).reshape(len(items), 16, 4, 16, 4, 3).mean((2, 4))
        return (f / 255.0).reshape(len(items), -1)

    def _payload_to_proto(self, data: np.ndarray, payload, content: Content) -> None:
        payload.width, payload.height = S, S
        payload.rgb8 = data.tobytes()
        sx, sy = seam_ratio(data)
        payload.tileable = max(sx, sy) <= MAX_SEAM_RATIO
        m = _FAMILY_RE.match(content.provenance.generator)
        payload.material_family = m.group(1) if m and m.group(1) in FAMILIES else ""

    def _payload_from_proto(self, payload, content_id: str) -> np.ndarray:
        if (payload.width, payload.height) != (S, S) or len(payload.rgb8) != S * S * 3:
            raise ContentError(
                f"texture {content_id!r} is {payload.width}x{payload.height} with {len(payload.rgb8)} bytes; "
                f"kind 'textures' carries {S}x{S} RGB ({S * S * 3} bytes)."
            )
        return np.frombuffer(payload.rgb8, dtype=np.uint8).reshape(S, S, 3).copy()

    def render(self, item: np.ndarray):
        from PIL import Image

        return Image.fromarray(np.tile(np.asarray(item, dtype=np.uint8), (2, 2, 1)), "RGB")


KIND = TexturesKind()
