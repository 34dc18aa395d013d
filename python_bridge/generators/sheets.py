"""Contact sheets: a grid of rendered items (the fixed-noise sheet of every epoch, eval sample sheets)."""
from __future__ import annotations

import math
from typing import Any

import numpy as np
from PIL import Image


def contact_sheet(kind: Any, items: np.ndarray, cell: int = 64, pad: int = 2) -> Image.Image:
    """Render ``items`` ``(B, *item_shape)`` with the kind's ``render`` into a square-ish RGB grid."""
    n = len(items)
    cols = int(math.ceil(math.sqrt(n)))
    rows = int(math.ceil(n / cols))
    sheet = Image.new("RGB", (cols * (cell + pad) + pad, rows * (cell + pad) + pad), (32, 32, 32))
    for i, item in enumerate(items):
        img = kind.render(item).convert("RGB")
        if img.size != (cell, cell):
            img = img.resize((cell, cell), Image.NEAREST)
        r, c = divmod(i, cols)
        sheet.paste(img, (pad + c * (cell + pad), pad + r * (cell + pad)))
    return sheet
