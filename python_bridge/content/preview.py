"""Pictures of content: PNG contact sheets of any kind (rooms with a class legend, textures tiled 2x2, terrain shaded, characters as figures)."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from python_bridge.content.base import ContentKind

_BG = (250, 250, 248)
_INK = (30, 30, 34)


def _font(size: int = 12):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has one bitmap size
        return ImageFont.load_default()


def contact_sheet(
    kind: ContentKind,
    items: np.ndarray,
    *,
    cols: int = 8,
    max_items: int = 48,
    title: str = "",
    labels: Sequence[str] | None = None,
    pad: int = 6,
) -> Image.Image:
    """A grid of ``kind.render(item)`` tiles for the first ``max_items`` items, with a title bar,
    optional per-item labels and, for rooms, a colour legend of the tile classes."""
    items = np.asarray(items)[:max_items]
    tiles = [kind.render(x).convert("RGB") for x in items]
    if not tiles:
        tiles = [Image.new("RGB", (64, 64), _BG)]
    tw = max(t.width for t in tiles)
    th = max(t.height for t in tiles)
    label_h = 14 if labels else 0
    cols = max(1, min(cols, len(tiles)))
    rows = (len(tiles) + cols - 1) // cols
    head = 26
    legend = getattr(kind, "palette", None) is not None and getattr(kind, "class_names", None) is not None
    legend_h = 22 if legend else 0
    width = max(cols * (tw + pad) + pad, 520 if legend else 0)
    sheet = Image.new("RGB", (width, head + legend_h + rows * (th + label_h + pad) + pad), _BG)
    d = ImageDraw.Draw(sheet)
    d.text((pad, 6), title or f"{kind.name}: {len(items)} items", fill=_INK, font=_font(14))
    if legend:
        x = pad
        for name, rgb in zip(kind.class_names, kind.palette):
            d.rectangle([x, head + 3, x + 12, head + 15], fill=tuple(int(v) for v in rgb), outline=_INK)
            d.text((x + 16, head + 3), name.replace("_", " "), fill=_INK, font=_font(11))
            x += 18 + int(d.textlength(name, font=_font(11))) + 10
    for i, tile in enumerate(tiles):
        r, c = divmod(i, cols)
        x0 = pad + c * (tw + pad)
        y0 = head + legend_h + pad + r * (th + label_h + pad)
        sheet.paste(tile, (x0, y0))
        if labels is not None and i < len(labels):
            d.text((x0, y0 + th + 1), str(labels[i])[:22], fill=_INK, font=_font(10))
    return sheet


def save_contact_sheet(kind: ContentKind, items: np.ndarray, out: str | Path, **kwargs) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    contact_sheet(kind, items, **kwargs).save(out, format="PNG")
    return out
