"""What a room is like, in numbers: openness, prop density, lights, path length, symmetry, ..."""
from __future__ import annotations

import numpy as np
from scipy import ndimage


from python_bridge.content.rooms.tiles import DOOR, H, INTERACTABLE, LIGHT, SPAWN, VOID, W, WALL, _CROSS, _pad, erode8, geodesic, props_mask, touches_outside, walkable

# ---------------------------------------------------------------------------- descriptors
DESCRIPTOR_NAMES = (
    "openness", "area", "prop_density", "symmetry", "path_length", "light_density",
    "interactables", "rooms",
)
DESCRIPTOR_RANGES = {name: (0.0, 1.0) for name in DESCRIPTOR_NAMES}
DESCRIPTOR_DOCS = {
    "openness": "walkable tiles whose 8 neighbours are all walkable, over walkable tiles (0 = all corridor, 1 = open hall)",
    "area": "interior tiles (walkable + props) over the 1024 grid tiles",
    "prop_density": "prop tiles (classes 5-8) over interior tiles",
    "symmetry": "best of left-right / top-bottom mirror agreement of the non-void layout, over its tiles",
    "path_length": "shortest spawn -> nearest exit walk in tiles / 64, clipped to 1 (1 = no exit reachable)",
    "light_density": "light tiles per walkable tile x 20, clipped to 1",
    "interactables": "interactable tiles / 8, clipped to 1",
    "rooms": "(number of 4-connected parts of the interior once every 1-2 tile gap between walls is closed - 1) / 9, clipped to 1",
}


def room_descriptors(grid: np.ndarray) -> np.ndarray:
    w = walkable(grid)
    props = props_mask(grid)
    interior = w | props
    n_w, n_in = max(1, int(w.sum())), max(1, int(interior.sum()))
    open8 = erode8(w)
    nonvoid = grid != VOID
    sym = 0.0
    if nonvoid.any():
        for flipped in (grid[:, ::-1], grid[::-1, :]):
            both = nonvoid | (flipped != VOID)
            sym = max(sym, float((grid == flipped)[both].mean()))
    spawn = grid == SPAWN
    exits = (grid == DOOR) & touches_outside(grid)
    path = 64.0
    if spawn.any() and exits.any():
        d = geodesic(w, spawn)[exits]
        if (d >= 0).any():
            path = float(d[d >= 0].min())
    # rooms: interior space with every gap of 1-2 tiles between walls closed (doorways)
    wall = _pad(grid == WALL, 2, False)
    gap = np.zeros_like(w)
    for axis_shift in ((1, 0), (0, 1)):
        dr, dc = axis_shift
        def wsh(k: int) -> np.ndarray:
            return wall[2 + k * dr:2 + k * dr + H, 2 + k * dc:2 + k * dc + W]
        gap |= (wsh(-1) & (wsh(1) | wsh(2))) | (wsh(1) & wsh(-2))
    _, n_rooms = ndimage.label(interior & ~gap, _CROSS)
    return np.array([
        open8.sum() / n_w,
        n_in / grid.size,
        props.sum() / n_in,
        sym,
        min(1.0, path / 64.0),
        min(1.0, (grid == LIGHT).sum() / n_w * 20.0),
        min(1.0, (grid == INTERACTABLE).sum() / 8.0),
        min(1.0, max(0, n_rooms - 1) / 9.0),
    ], dtype=np.float64)


