"""Room tiles: the classes, palette and grid helpers (walkable, outside, geodesic distance) every other part uses."""
from __future__ import annotations

import numpy as np
from scipy import ndimage
from skimage.graph import MCP



H = W = 32
VOID, FLOOR, WALL, DOOR, SPAWN, SMALL_PROP, LARGE_PROP, LIGHT, INTERACTABLE = range(9)
N_CLASSES = 9
CLASS_NAMES = (
    "void", "floor", "wall", "door", "spawn", "small_prop", "large_prop", "light", "interactable",
)
WALKABLE_CLASSES = (FLOOR, DOOR, SPAWN)
PROP_CLASSES = (SMALL_PROP, LARGE_PROP, LIGHT, INTERACTABLE)
# prefab keys the scene maps to assets, one per prop class (PropPlacement.prop_id)
PROP_IDS = {SMALL_PROP: "small_prop", LARGE_PROP: "large_prop", LIGHT: "light", INTERACTABLE: "interactable"}
TILE_SIZE_M = 1.0
# legible preview palette (RGB) by class
PALETTE = np.array([
    (18, 20, 28),     # void: near black
    (226, 210, 176),  # floor: warm beige
    (74, 78, 92),     # wall: slate
    (235, 120, 20),   # door: orange
    (40, 200, 80),    # spawn: green
    (70, 140, 220),   # small prop: blue
    (140, 84, 44),    # large prop: brown
    (255, 235, 60),   # light: yellow
    (220, 50, 170),   # interactable: magenta
], dtype=np.uint8)
STYLES = ("bsp", "hall", "cave")
_CROSS = ndimage.generate_binary_structure(2, 1)
_SQUARE = np.ones((3, 3), dtype=bool)


# ---------------------------------------------------------------------------- grid helpers
def walkable(grid: np.ndarray) -> np.ndarray:
    return (grid == FLOOR) | (grid == DOOR) | (grid == SPAWN)


def props_mask(grid: np.ndarray) -> np.ndarray:
    return grid >= SMALL_PROP


def covered_2x2(w: np.ndarray) -> np.ndarray:
    """Tiles of ``w`` (bool, ``(..., H, W)``) that lie in at least one all-true 2x2 block."""
    b = w[..., :-1, :-1] & w[..., 1:, :-1] & w[..., :-1, 1:] & w[..., 1:, 1:]
    c = np.zeros_like(w)
    c[..., :-1, :-1] |= b
    c[..., 1:, :-1] |= b
    c[..., :-1, 1:] |= b
    c[..., 1:, 1:] |= b
    return c


def _pad(a: np.ndarray, k: int, value=0) -> np.ndarray:
    """``a`` with a ``k``-wide border of ``value`` (a cheap np.pad for small grids)."""
    out = np.full((a.shape[0] + 2 * k, a.shape[1] + 2 * k), value, dtype=a.dtype)
    out[k:-k, k:-k] = a
    return out


def dilate8(m: np.ndarray, iterations: int = 1) -> np.ndarray:
    """Binary dilation with a 3x3 square (same result as scipy's, faster on small grids)."""
    for _ in range(iterations):
        p = _pad(m, 1, False)
        m = (p[:-2, :-2] | p[:-2, 1:-1] | p[:-2, 2:] | p[1:-1, :-2] | p[1:-1, 1:-1] | p[1:-1, 2:]
             | p[2:, :-2] | p[2:, 1:-1] | p[2:, 2:])
    return m


def erode8(m: np.ndarray, iterations: int = 1) -> np.ndarray:
    """Binary erosion with a 3x3 square, outside the grid counting as False."""
    for _ in range(iterations):
        p = _pad(m, 1, False)
        m = (p[:-2, :-2] & p[:-2, 1:-1] & p[:-2, 2:] & p[1:-1, :-2] & p[1:-1, 1:-1] & p[1:-1, 2:]
             & p[2:, :-2] & p[2:, 1:-1] & p[2:, 2:])
    return m


def _shift_or(m: np.ndarray) -> np.ndarray:
    """4-neighbourhood dilation without the centre."""
    nb = np.zeros_like(m)
    nb[1:] |= m[:-1]
    nb[:-1] |= m[1:]
    nb[:, 1:] |= m[:, :-1]
    nb[:, :-1] |= m[:, 1:]
    return nb


def geodesic(passable: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """4-connected step distance from ``sources`` through ``passable``; -1 where unreachable.

    Uses scikit-image's minimum-cost-path search with unit cost per tile.
    """
    starts = np.argwhere(sources & passable)
    if len(starts) == 0:
        return np.full(passable.shape, -1, dtype=np.int32)
    cost = np.where(passable, 1.0, np.inf)
    total, _ = MCP(cost, fully_connected=False).find_costs([tuple(p) for p in starts])
    # MCP counts the start tile's own cost, so one step away costs 2
    return np.where(np.isfinite(total), total - 1.0, -1.0).astype(np.int32)


def outside_mask(grid: np.ndarray) -> np.ndarray:
    """``(H+2, W+2)`` mask of void tiles plus a one-tile ring standing for 'off the grid'."""
    out = np.ones((grid.shape[0] + 2, grid.shape[1] + 2), dtype=bool)
    out[1:-1, 1:-1] = grid == VOID
    return out


def touches_outside(grid: np.ndarray) -> np.ndarray:
    """Tiles with a 4-neighbour that is void or off the grid."""
    o = outside_mask(grid)
    return o[:-2, 1:-1] | o[2:, 1:-1] | o[1:-1, :-2] | o[1:-1, 2:]


def _rc(mask_or_idx) -> str:
    r, c = mask_or_idx
    return f"row {int(r)}, col {int(c)}"


def _where_list(mask: np.ndarray, limit: int = 4) -> str:
    idx = np.argwhere(mask)
    parts = [f"({int(r)},{int(c)})" for r, c in idx[:limit]]
    more = len(idx) - limit
    return "tiles (row,col) " + ", ".join(parts) + (f" and {more} more" if more > 0 else "")


