"""Characters: parameter vectors a Unity rig applies (proportions, colours, accessories), corpus, rules, picture.

The corpus draws correlated proportions from a multivariate normal (tall people have long legs
and broad shoulders, larger heads relative to height on shorter bodies), skin colours along a
skin-tone locus, hair colours conditioned on skin tone, clothing from palettes with harmony
rules (a bold top usually comes with neutral trousers), and accessories as 0/1 flags.
"""
from __future__ import annotations

import numpy as np

from python_bridge.content.base import ContentKind, RuleFailure
from python_bridge.errors import ContentError
from python_bridge.protocol import pb
from python_bridge.types import Content

# (name, lo, hi): the rig reads these; colours are linear 0..1 RGB; accessories are on when >= 0.5
PARAMS: tuple[tuple[str, float, float], ...] = (
    ("height_m", 1.40, 2.10),
    ("head_scale", 0.85, 1.15),
    ("shoulder_width", 0.80, 1.25),
    ("hip_width", 0.80, 1.25),
    ("torso_length", 0.85, 1.15),
    ("arm_length", 0.85, 1.15),
    ("leg_length", 0.85, 1.15),
    ("body_mass", 0.0, 1.0),
    ("skin_r", 0.0, 1.0), ("skin_g", 0.0, 1.0), ("skin_b", 0.0, 1.0),
    ("hair_r", 0.0, 1.0), ("hair_g", 0.0, 1.0), ("hair_b", 0.0, 1.0),
    ("hair_length", 0.0, 1.0),
    ("top_r", 0.0, 1.0), ("top_g", 0.0, 1.0), ("top_b", 0.0, 1.0),
    ("bottom_r", 0.0, 1.0), ("bottom_g", 0.0, 1.0), ("bottom_b", 0.0, 1.0),
    ("hat", 0.0, 1.0), ("glasses", 0.0, 1.0), ("backpack", 0.0, 1.0), ("beard", 0.0, 1.0),
)
PARAM_NAMES = tuple(p[0] for p in PARAMS)
D = len(PARAMS)
LO = np.array([p[1] for p in PARAMS], dtype=np.float32)
HI = np.array([p[2] for p in PARAMS], dtype=np.float32)
IDX = {name: i for i, name in enumerate(PARAM_NAMES)}
SKIN, HAIR, TOP, BOTTOM = (slice(IDX[f"{p}_r"], IDX[f"{p}_r"] + 3) for p in ("skin", "hair", "top", "bottom"))
ACCESSORIES = ("hat", "glasses", "backpack", "beard")
_ACC = [IDX[a] for a in ACCESSORIES]

# skin-tone locus, light to dark (piecewise linear in RGB)
SKIN_LOCUS = np.array([
    (0.98, 0.87, 0.78), (0.94, 0.77, 0.64), (0.84, 0.63, 0.48),
    (0.66, 0.45, 0.32), (0.45, 0.30, 0.21), (0.27, 0.18, 0.13),
])
MAX_SKIN_DISTANCE = 0.12
# proportions (height, shoulder, hip, torso, arm, leg, head, mass): correlation of z-scores
_PROP_CORR = np.array([
    [1.0, 0.5, 0.3, 0.3, 0.5, 0.6, -0.3, 0.2],
    [0.5, 1.0, 0.1, 0.2, 0.3, 0.3, -0.1, 0.4],
    [0.3, 0.1, 1.0, 0.1, 0.1, 0.1, 0.0, 0.5],
    [0.3, 0.2, 0.1, 1.0, 0.0, -0.4, 0.0, 0.1],
    [0.5, 0.3, 0.1, 0.0, 1.0, 0.5, -0.1, 0.0],
    [0.6, 0.3, 0.1, -0.4, 0.5, 1.0, -0.2, 0.0],
    [-0.3, -0.1, 0.0, 0.0, -0.1, -0.2, 1.0, 0.0],
    [0.2, 0.4, 0.5, 0.1, 0.0, 0.0, 0.0, 1.0],
])
_PROP_CHOL = np.linalg.cholesky(_PROP_CORR)
_PROP_MEAN = np.array([1.72, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.45])
_PROP_STD = np.array([0.09, 0.08, 0.08, 0.05, 0.05, 0.05, 0.05, 0.2])
_PROP_IDX = [IDX[n] for n in ("height_m", "shoulder_width", "hip_width", "torso_length", "arm_length",
                               "leg_length", "head_scale", "body_mass")]
_HAIR = np.array([
    (0.08, 0.06, 0.05), (0.23, 0.15, 0.10), (0.45, 0.32, 0.20), (0.80, 0.66, 0.42),
    (0.62, 0.27, 0.12), (0.72, 0.72, 0.72),
])
_NEUTRAL = np.array([
    (0.12, 0.12, 0.14), (0.20, 0.27, 0.45), (0.55, 0.50, 0.40), (0.45, 0.45, 0.47), (0.85, 0.83, 0.78),
])
STYLES = ("casual", "bold", "monochrome", "outdoor")


def skin_distance(rgb: np.ndarray) -> float:
    """Distance from an RGB colour to the nearest point of the skin-tone locus."""
    a, b = SKIN_LOCUS[:-1], SKIN_LOCUS[1:]
    ab = b - a
    t = np.clip(((rgb - a) * ab).sum(1) / (ab * ab).sum(1), 0, 1)
    return float(np.linalg.norm(a + t[:, None] * ab - rgb, axis=1).min())


def _on_locus(t: float) -> np.ndarray:
    x = t * (len(SKIN_LOCUS) - 1)
    i = min(int(x), len(SKIN_LOCUS) - 2)
    return SKIN_LOCUS[i] + (x - i) * (SKIN_LOCUS[i + 1] - SKIN_LOCUS[i])


def _hsv(h: float, s: float, v: float) -> np.ndarray:
    import colorsys

    return np.array(colorsys.hsv_to_rgb(h % 1.0, s, v))


def make_character(rng: np.random.Generator) -> np.ndarray:
    """One procedural character, ``(25,)`` float32 in PARAMS order."""
    x = np.zeros(D, dtype=np.float64)
    z = _PROP_CHOL @ rng.standard_normal(8)
    x[_PROP_IDX] = _PROP_MEAN + _PROP_STD * z
    tone = rng.beta(1.6, 1.6)
    x[SKIN] = _on_locus(tone) + rng.normal(0, 0.015, 3)
    # hair: darker skin -> darker hair more often; grey and dyed hair at any tone
    p = np.array([0.25 + 0.5 * tone, 0.3, 0.2 * (1 - tone), 0.2 * (1 - tone) ** 2, 0.08 * (1 - tone), 0.1])
    hair = _HAIR[rng.choice(len(_HAIR), p=p / p.sum())]
    if rng.random() < 0.06:
        hair = _hsv(rng.random(), 0.7, 0.8)
    x[HAIR] = hair + rng.normal(0, 0.03, 3)
    x[IDX["hair_length"]] = rng.beta(1.2, 1.8)
    style = STYLES[rng.integers(len(STYLES))]
    hue = rng.random()
    if style == "bold":
        top, bottom = _hsv(hue, rng.uniform(0.6, 0.95), rng.uniform(0.6, 0.95)), _NEUTRAL[rng.integers(len(_NEUTRAL))]
    elif style == "monochrome":
        v = rng.uniform(0.1, 0.9)
        top, bottom = _hsv(hue, rng.uniform(0, 0.15), v), _hsv(hue, rng.uniform(0, 0.15), np.clip(v + rng.normal(0, 0.2), 0.05, 0.95))
    elif style == "outdoor":
        earth = rng.uniform(0.05, 0.35)
        top = _hsv(earth if rng.random() < 0.7 else 0.55, rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7))
        bottom = _hsv(rng.uniform(0.05, 0.15), rng.uniform(0.2, 0.5), rng.uniform(0.2, 0.5))
    else:
        top = _hsv(hue, rng.uniform(0.2, 0.6), rng.uniform(0.4, 0.9))
        bottom = _hsv(hue + rng.choice([0.5, 0.33, -0.33]), rng.uniform(0.2, 0.6), rng.uniform(0.2, 0.6))
    x[TOP] = top + rng.normal(0, 0.02, 3)
    x[BOTTOM] = bottom + rng.normal(0, 0.02, 3)
    x[IDX["hat"]] = rng.random() < (0.35 if style == "outdoor" else 0.15)
    x[IDX["glasses"]] = rng.random() < 0.25
    x[IDX["backpack"]] = rng.random() < (0.5 if style == "outdoor" else 0.1)
    x[IDX["beard"]] = rng.random() < 0.3 * (1 - x[IDX["hair_length"]])
    return np.clip(x, LO, HI).astype(np.float32)


# ------------------------------------------------------------------------------- rules
def character_failures(x: np.ndarray) -> list[RuleFailure]:
    fails = []
    if not np.isfinite(x).all():
        bad = [PARAM_NAMES[i] for i in np.flatnonzero(~np.isfinite(x))]
        return [RuleFailure("finite", ", ".join(bad), "parameter is NaN or infinite")]
    out = (x < LO) | (x > HI)
    for i in np.flatnonzero(out):
        fails.append(RuleFailure("range", PARAM_NAMES[i], f"{x[i]:.3f} outside [{LO[i]:g}, {HI[i]:g}]"))
    d = skin_distance(x[SKIN].astype(np.float64))
    if d > MAX_SKIN_DISTANCE:
        fails.append(RuleFailure("skin_tone", "skin_r..skin_b", f"{d:.2f} from the skin-tone locus (max {MAX_SKIN_DISTANCE})"))
    leg, torso = x[IDX["leg_length"]], x[IDX["torso_length"]]
    if abs(leg - torso) > 0.25:
        fails.append(RuleFailure("proportions", "leg_length/torso_length", f"legs {leg:.2f} vs torso {torso:.2f}: differ by > 0.25"))
    for i in _ACC:
        if 0.2 < x[i] < 0.8:
            fails.append(RuleFailure("accessory", PARAM_NAMES[i], f"{x[i]:.2f} is neither off (<= 0.2) nor on (>= 0.8)"))
    return fails


def repair_character(x: np.ndarray) -> np.ndarray:
    """Clip to ranges, round accessories, pull the skin colour onto the locus, balance legs/torso."""
    y = np.nan_to_num(np.asarray(x, dtype=np.float64), nan=0.5)
    y = np.clip(y, LO, HI)
    y[_ACC] = np.round(y[_ACC])
    skin = y[SKIN]
    if skin_distance(skin) > MAX_SKIN_DISTANCE:
        ts = np.linspace(0, 1, 101)
        pts = np.array([_on_locus(t) for t in ts])
        y[SKIN] = pts[np.argmin(np.linalg.norm(pts - skin, axis=1))]
    leg, torso = IDX["leg_length"], IDX["torso_length"]
    if abs(y[leg] - y[torso]) > 0.25:
        mid = (y[leg] + y[torso]) / 2
        y[leg], y[torso] = mid + np.sign(y[leg] - mid) * 0.12, mid + np.sign(y[torso] - mid) * 0.12
    return y.astype(np.float32)


# ------------------------------------------------------------------------------- descriptors
DESCRIPTOR_NAMES = ("height", "build", "warmth", "contrast", "colourfulness", "skin_lightness", "accessories")
DESCRIPTOR_RANGES = {name: (0.0, 1.0) for name in DESCRIPTOR_NAMES}
DESCRIPTOR_RANGES["warmth"] = (-1.0, 1.0)
DESCRIPTOR_DOCS = {
    "height": "(height_m - 1.40) / 0.70",
    "build": "body_mass blended with shoulder+hip width: 0 slight .. 1 heavy",
    "warmth": "clothing (top + bottom) mean red minus mean blue",
    "contrast": "|luma(top) - luma(bottom)|",
    "colourfulness": "mean HSV saturation of top and bottom",
    "skin_lightness": "luma of the skin colour",
    "accessories": "number of accessories on (hat, glasses, backpack, beard) / 4",
}
_LUMA = np.array([0.299, 0.587, 0.114])


def character_descriptors_batch(X: np.ndarray) -> np.ndarray:
    X = np.clip(np.nan_to_num(np.asarray(X, dtype=np.float64)), LO, HI)
    top, bottom, skin = X[:, TOP], X[:, BOTTOM], X[:, SKIN]

    def sat(c):
        mx, mn = c.max(1), c.min(1)
        return np.where(mx > 0, (mx - mn) / np.maximum(mx, 1e-9), 0.0)

    width = (X[:, IDX["shoulder_width"]] + X[:, IDX["hip_width"]] - 1.6) / 0.9
    return np.stack([
        (X[:, IDX["height_m"]] - 1.40) / 0.70,
        np.clip(0.6 * X[:, IDX["body_mass"]] + 0.4 * width, 0, 1),
        ((top[:, 0] + bottom[:, 0]) - (top[:, 2] + bottom[:, 2])) / 2,
        np.abs(top @ _LUMA - bottom @ _LUMA),
        (sat(top) + sat(bottom)) / 2,
        skin @ _LUMA,
        (X[:, _ACC] >= 0.5).sum(1) / 4.0,
    ], axis=1)


def render_character(x: np.ndarray, scale: int = 2):
    """A front-view figure on a swatch card: proportions to scale, skin/hair/clothes colours, accessories."""
    from PIL import Image, ImageDraw

    x = np.clip(np.nan_to_num(np.asarray(x, dtype=np.float64)), LO, HI)
    W_, H_ = 64 * scale, 96 * scale

    def col(sl_or_rgb) -> tuple[int, int, int]:
        rgb = x[sl_or_rgb] if isinstance(sl_or_rgb, slice) else sl_or_rgb
        return tuple(int(v) for v in np.clip(np.asarray(rgb) * 255, 0, 255))

    img = Image.new("RGB", (W_, H_), (236, 236, 232))
    d = ImageDraw.Draw(img)
    # swatch strip at the bottom: skin, hair, top, bottom
    for i, sl in enumerate((SKIN, HAIR, TOP, BOTTOM)):
        d.rectangle([i * W_ // 4, H_ - 10 * scale, (i + 1) * W_ // 4 - 1, H_ - 1], fill=col(sl))
    px_per_m = (H_ - 14 * scale) / 2.15
    height = x[IDX["height_m"]] * px_per_m
    ground = H_ - 12 * scale
    cx = W_ / 2
    head_r = height * 0.065 * x[IDX["head_scale"]]
    leg_h = height * 0.47 * x[IDX["leg_length"]] / (0.47 * x[IDX["leg_length"]] + 0.40 * x[IDX["torso_length"]]) * 0.87
    torso_h = height * 0.87 - leg_h
    mass = x[IDX["body_mass"]]
    sh = height * 0.13 * x[IDX["shoulder_width"]] * (0.9 + 0.3 * mass)
    hip = height * 0.10 * x[IDX["hip_width"]] * (0.9 + 0.3 * mass)
    hip_y, sh_y = ground - leg_h, ground - leg_h - torso_h
    leg_w = hip * 0.45
    d.rectangle([cx - hip, hip_y, cx - hip + 2 * leg_w - hip * 0.1, ground], fill=col(BOTTOM))
    d.rectangle([cx + hip - 2 * leg_w + hip * 0.1, hip_y, cx + hip, ground], fill=col(BOTTOM))
    if x[IDX["backpack"]] >= 0.5:
        d.rectangle([cx - sh * 0.9, sh_y + torso_h * 0.1, cx + sh * 0.9, sh_y + torso_h * 0.75], fill=(70, 60, 50))
    d.polygon([(cx - sh, sh_y), (cx + sh, sh_y), (cx + hip, hip_y), (cx - hip, hip_y)], fill=col(TOP))
    arm = torso_h * 1.05 * x[IDX["arm_length"]]
    aw = max(2, sh * 0.28)
    for side in (-1, 1):
        x0 = cx + side * sh
        d.rectangle([min(x0, x0 + side * aw), sh_y, max(x0, x0 + side * aw), sh_y + arm * 0.45], fill=col(TOP))
        d.rectangle([min(x0, x0 + side * aw), sh_y + arm * 0.45, max(x0, x0 + side * aw), sh_y + arm], fill=col(SKIN))
    hy = sh_y - head_r * 1.15
    hair_len = x[IDX["hair_length"]]
    if hair_len > 0.15:
        d.rectangle([cx - head_r * 1.1, hy, cx + head_r * 1.1, hy + head_r * (0.6 + 1.8 * hair_len)], fill=col(HAIR))
    d.ellipse([cx - head_r, hy - head_r, cx + head_r, hy + head_r], fill=col(SKIN))
    d.chord([cx - head_r * 1.05, hy - head_r * 1.1, cx + head_r * 1.05, hy + head_r * 0.6], 180, 360, fill=col(HAIR))
    if x[IDX["beard"]] >= 0.5:
        d.chord([cx - head_r * 0.85, hy - head_r * 0.3, cx + head_r * 0.85, hy + head_r * 1.05], 0, 180, fill=col(HAIR))
    if x[IDX["glasses"]] >= 0.5:
        for side in (-1, 1):
            ex = cx + side * head_r * 0.42
            d.ellipse([ex - head_r * 0.3, hy - head_r * 0.25, ex + head_r * 0.3, hy + head_r * 0.2], outline=(20, 20, 20), width=max(1, scale))
    if x[IDX["hat"]] >= 0.5:
        d.rectangle([cx - head_r * 1.4, hy - head_r * 0.75, cx + head_r * 1.4, hy - head_r * 0.55], fill=(60, 40, 30))
        d.rectangle([cx - head_r * 0.9, hy - head_r * 1.6, cx + head_r * 0.9, hy - head_r * 0.6], fill=(60, 40, 30))
    return img


class CharactersKind(ContentKind):
    """Characters: ``(25,)`` float32 parameter vectors in ``PARAM_NAMES`` order."""

    name = "characters"
    proto_kind = pb.CONTENT_KIND_CHARACTER
    payload_field = "character"
    item_shape = (D,)
    dtype = np.dtype(np.float32)
    descriptor_names = DESCRIPTOR_NAMES
    descriptor_ranges = DESCRIPTOR_RANGES
    generator_name = "procedural/characters"
    generator_version = 1
    distance_metric = "cityblock_mean"
    param_names = PARAM_NAMES
    param_lo = LO
    param_hi = HI

    def make_item(self, rng: np.random.Generator) -> np.ndarray:
        return make_character(rng)

    def check_rules(self, item: np.ndarray) -> list[RuleFailure]:
        return character_failures(item)

    def repair(self, item: np.ndarray) -> np.ndarray:
        return repair_character(self.check_item(item))

    def descriptors(self, item: np.ndarray) -> np.ndarray:
        return character_descriptors_batch(self.check_item(item)[None])[0]

    def descriptors_batch(self, items: np.ndarray) -> np.ndarray:
        return character_descriptors_batch(np.asarray(items).reshape(-1, D))

    def distance_features(self, items: np.ndarray) -> np.ndarray:
        X = np.nan_to_num(np.asarray(items, dtype=np.float32).reshape(-1, D))
        return np.clip((X - LO) / (HI - LO), 0, 1)

    def _payload_to_proto(self, data: np.ndarray, payload, content: Content) -> None:
        payload.names.extend(PARAM_NAMES)
        payload.values.extend(data.tolist())

    def _payload_from_proto(self, payload, content_id: str) -> np.ndarray:
        if tuple(payload.names) != PARAM_NAMES or len(payload.values) != D:
            raise ContentError(
                f"character {content_id!r} carries parameters {list(payload.names)[:4]}... ({len(payload.values)} "
                f"values); kind 'characters' expects the {D} names of python_bridge.content.characters.PARAM_NAMES in order."
            )
        return np.asarray(payload.values, dtype=np.float32)

    def render(self, item: np.ndarray):
        return render_character(np.asarray(item))


KIND = CharactersKind()
