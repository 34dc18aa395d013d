"""Rooms: 32x32 tile grids (walls, doors, spawn, props, lights, interactables), their corpus, rules and picture.

Tile classes (row 0 = north, 1 tile = 1 m): 0 void, 1 floor, 2 wall, 3 door, 4 spawn, 5 small prop,
6 large prop, 7 light, 8 interactable. Floor, door and spawn are walkable; classes 5-8 are the
room's interactive elements and obstacles. A door is an exit: a walkable tile in the outer wall
that touches the outside (void or the grid edge).

The procedural corpus mixes three architectures, each furnished the same way:
  ``bsp``  a building footprint (rectangle, L, T, U or cross) split by binary space partition
           into rooms joined by 2-wide doorways (a random spanning tree plus a few loops);
  ``hall`` one large footprint with a regular grid of 2x2 pillars;
  ``cave`` a cellular-automata cave (4-5 rule), opened to 2-wide passages, largest part kept.
About a third of bsp/hall layouts are mirror-symmetric. Furnishing is constructive: props go
against walls (large ones also free-standing) only where the room stays connected, every
walkable tile stays inside a 2x2 walkable block, and no tile on a shortest spawn->exit path or
next to a door or the spawn is used. Nothing is rejected or repaired after the fact.
"""
from __future__ import annotations

import numpy as np
from scipy import ndimage
from skimage.graph import MCP

from python_bridge.content.base import ContentKind, RuleFailure
from python_bridge.errors import ContentError
from python_bridge.protocol import pb
from python_bridge.types import Content

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


# ---------------------------------------------------------------------------- architecture
def _footprint(rng: np.random.Generator, symmetric: bool) -> np.ndarray:
    f = np.zeros((H, W), dtype=bool)
    top, left = rng.integers(0, 4), rng.integers(0, 4)
    bottom, right = H - 1 - rng.integers(0, 4), W - 1 - rng.integers(0, 4)
    if symmetric:
        right = W - 1 - left
    f[top:bottom + 1, left:right + 1] = True
    shape = rng.choice(["rect", "L", "T", "U", "cross"], p=[0.3, 0.25, 0.15, 0.15, 0.15])
    hh, ww = bottom - top + 1, right - left + 1
    ch, cw = int(rng.integers(hh // 4, hh // 2)), int(rng.integers(ww // 4, ww // 2 - 1))
    if shape == "L":
        corner = rng.integers(4)
        rs = slice(top, top + ch) if corner < 2 else slice(bottom - ch + 1, bottom + 1)
        cs = slice(left, left + cw) if corner % 2 == 0 else slice(right - cw + 1, right + 1)
        f[rs, cs] = False
    elif shape == "T":
        f[bottom - ch + 1:bottom + 1, left:left + cw] = False
        f[bottom - ch + 1:bottom + 1, right - cw + 1:right + 1] = False
    elif shape == "U":
        mid = (left + right) // 2
        half = int(rng.integers(3, max(4, ww // 5)))
        f[top:top + ch, mid - half:mid + half + 1] = False
    elif shape == "cross":
        ch, cw = max(4, ch * 2 // 3), max(4, cw * 2 // 3)
        for rs in (slice(top, top + ch), slice(bottom - ch + 1, bottom + 1)):
            for cs in (slice(left, left + cw), slice(right - cw + 1, right + 1)):
                f[rs, cs] = False
    if symmetric:
        f = f | f[:, ::-1]
    return f


def _bsp_walls(rng: np.random.Generator, interior: np.ndarray, max_col: int, min_size: int = 4) -> np.ndarray:
    """Split lines of a binary space partition of ``interior``'s bounding box (cols <= max_col)."""
    walls = np.zeros_like(interior)
    rows, cols = np.nonzero(interior[:, :max_col + 1])
    if len(rows) == 0:
        return walls
    depth_max = int(rng.integers(2, 5))
    stack = [(rows.min(), cols.min(), rows.max(), cols.max(), 0)]
    while stack:
        t, l, b, r, depth = stack.pop()
        h, w = b - t + 1, r - l + 1
        can_v, can_h = w >= 2 * min_size + 1, h >= 2 * min_size + 1
        if depth >= depth_max or not (can_v or can_h) or (depth > 0 and rng.random() < 0.2):
            continue
        if can_v and (not can_h or w > h * 1.2 or (h <= w * 1.2 and rng.random() < 0.5)):
            x = int(rng.integers(l + min_size, r - min_size + 1))
            walls[t:b + 1, x] = True
            stack += [(t, l, b, x - 1, depth + 1), (t, x + 1, b, r, depth + 1)]
        else:
            y = int(rng.integers(t + min_size, b - min_size + 1))
            walls[y, l:r + 1] = True
            stack += [(t, l, y - 1, r, depth + 1), (y + 1, l, b, r, depth + 1)]
    return walls & interior


def _pillars(rng: np.random.Generator, interior: np.ndarray, symmetric: bool) -> np.ndarray:
    walls = np.zeros_like(interior)
    period = int(rng.integers(5, 9))
    r0, c0 = int(rng.integers(3, 3 + period)), int(rng.integers(3, 3 + period))
    for r in range(r0, H - 4, period):
        for c in range(c0, W - 4, period):
            walls[r:r + 2, c:c + 2] = True
    if symmetric:
        walls = walls | walls[:, ::-1]
    # a pillar must stand 2 free tiles away from the outer wall
    keep = erode8(interior, 2)
    lab, n = ndimage.label(walls)
    ok = ndimage.minimum(keep, lab, index=np.arange(1, n + 1)) if n else []
    for k, good in enumerate(ok, start=1):
        if not good:
            walls[lab == k] = False
    return walls


def _cave(rng: np.random.Generator) -> np.ndarray:
    """Floor mask of a cellular-automata cave, one tile inside the grid edge."""
    fill = rng.uniform(0.38, 0.48)
    solid = rng.random((H, W)) < fill
    solid[:2, :] = solid[-2:, :] = True
    solid[:, :2] = solid[:, -2:] = True
    for _ in range(int(rng.integers(4, 6))):
        n = ndimage.convolve(solid.astype(np.int8), np.ones((3, 3), np.int8), mode="constant", cval=1)
        solid = n >= 5
        solid[:1, :] = solid[-1:, :] = True
        solid[:, :1] = solid[:, -1:] = True
    floor = ~solid
    floor[:1, :] = floor[-1:, :] = False
    floor[:, :1] = floor[:, -1:] = False
    floor &= covered_2x2(floor)
    return floor


def _largest(mask: np.ndarray) -> np.ndarray:
    lab, n = ndimage.label(mask, _CROSS)
    if n <= 1:
        return mask
    sizes = np.bincount(lab.ravel())[1:]
    return lab == (1 + int(np.argmax(sizes)))


def _openings(rng: np.random.Generator, grid: np.ndarray) -> None:
    """Join the floor regions of ``grid`` with 2-wide doorways through 1-thick walls (in place)."""
    floor = grid == FLOOR
    lab, n = ndimage.label(floor, _CROSS)
    if n <= 1:
        return
    wall = grid == WALL
    cands = []  # (label_a, label_b, tiles)
    # horizontal walls: floor above and below; vertical walls: floor left and right
    for axis in (0, 1):
        lab_t = lab if axis == 0 else lab.T
        wall_t = wall if axis == 0 else wall.T
        a, b = lab_t[:-2, :], lab_t[2:, :]
        mid = wall_t[1:-1, :]
        ok = mid & (a > 0) & (b > 0) & (a != b)
        pair = ok[:, :-1] & ok[:, 1:] & (a[:, :-1] == a[:, 1:]) & (b[:, :-1] == b[:, 1:])
        for r, c in np.argwhere(pair):
            tiles = ((r + 1, c), (r + 1, c + 1)) if axis == 0 else ((c, r + 1), (c + 1, r + 1))
            cands.append((int(a[r, c]), int(b[r, c]), tiles))
    order = rng.permutation(len(cands))
    parent = list(range(n + 1))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    used_pairs: set[tuple[int, int]] = set()
    for k in order:
        la, lb, tiles = cands[k]
        ra, rb = find(la), find(lb)
        key = (min(la, lb), max(la, lb))
        extra = ra == rb and key not in used_pairs and rng.random() < 0.08
        if ra != rb or extra:
            if any(grid[t] != WALL for t in tiles):
                continue
            parent[ra] = rb
            used_pairs.add(key)
            for t in tiles:
                grid[t] = FLOOR


def _door_candidates(grid: np.ndarray) -> list[tuple[tuple[int, int], tuple[int, int], str]]:
    """Pairs of outer-wall tiles with floor 2 deep inside and the outside beyond: (tile, tile, side)."""
    o = outside_mask(grid)
    fl = np.zeros((H + 4, W + 4), dtype=bool)
    fl[2:-2, 2:-2] = grid == FLOOR
    wall = grid == WALL
    cands = []
    rr, cc = np.meshgrid(np.arange(H), np.arange(W), indexing="ij")
    # For side s, 'in' is the step towards the room, 'out' the step away.
    for side, (dr, dc) in (("north", (1, 0)), ("south", (-1, 0)), ("west", (0, 1)), ("east", (0, -1))):
        inside1 = fl[2 + dr:2 + dr + H, 2 + dc:2 + dc + W]
        inside2 = fl[2 + 2 * dr:2 + 2 * dr + H, 2 + 2 * dc:2 + 2 * dc + W]
        out = o[1 - dr:1 - dr + H, 1 - dc:1 - dc + W]
        ok = wall & inside1 & inside2 & out
        # the partner tile is the next one along the wall
        sr, sc = (0, 1) if dr else (1, 0)
        okp = np.zeros_like(ok)
        okp[:H - sr, :W - sc] = ok[:H - sr, :W - sc] & ok[sr:, sc:]
        for r, c in zip(rr[okp], cc[okp]):
            cands.append(((int(r), int(c)), (int(r + sr), int(c + sc)), side))
    return cands


def _add_doors(rng: np.random.Generator, grid: np.ndarray, n_doors: int, mirror: bool) -> int:
    cands = _door_candidates(grid)
    if not cands:
        return 0
    placed, sides = 0, []
    pairs = {(t1, t2) for t1, t2, _ in cands}
    for k in rng.permutation(len(cands)):
        if placed >= n_doors:
            break
        t1, t2, side = cands[k]
        if grid[t1] != WALL or grid[t2] != WALL:
            continue
        # keep doors apart: no other door within 4 tiles
        r0, c0 = max(0, t1[0] - 4), max(0, t1[1] - 4)
        if (grid[r0:t2[0] + 5, c0:t2[1] + 5] == DOOR).any():
            continue
        if side in sides and rng.random() < 0.7:
            continue
        group = [t1, t2]
        if mirror and t2[1] < W // 2 - 1:
            m1, m2 = (t2[0], W - 1 - t2[1]), (t1[0], W - 1 - t1[1])
            if ((m1, m2) in pairs or (m2, m1) in pairs) and grid[m1] == WALL and grid[m2] == WALL:
                group += [m1, m2]
        for t in group:
            grid[t] = DOOR
        sides.append(side)
        placed += 1
    return placed


def _architecture(rng: np.random.Generator, style: str, symmetric: bool) -> np.ndarray:
    grid = np.zeros((H, W), dtype=np.uint8)
    if style == "cave":
        floor = _largest(_cave(rng))
        grid[dilate8(floor)] = WALL
        grid[floor] = FLOOR
        return grid
    foot = _footprint(rng, symmetric)
    interior = erode8(foot)
    if style == "hall":
        inner = _pillars(rng, interior, symmetric)
    else:
        inner = _bsp_walls(rng, interior, W // 2 - 1 if symmetric else W - 1)
        if symmetric:
            inner = inner | inner[:, ::-1]
    floor = interior & ~inner
    floor &= covered_2x2(floor)
    lab, n = ndimage.label(floor, _CROSS)
    if n > 1:
        sizes = np.bincount(lab.ravel())
        floor &= sizes[lab] >= 8
    grid[foot] = WALL
    grid[floor] = FLOOR
    _openings(rng, grid)
    floor = _largest(grid == FLOOR)
    grid[(grid == FLOOR) & ~floor] = WALL
    # walls with no floor near them (thick leftovers) become void so the outline stays crisp
    near = dilate8(floor)
    grid[(grid == WALL) & ~near] = VOID
    return grid


# ---------------------------------------------------------------------------- furnishing
def _placement_ok(grid: np.ndarray, tiles: list[tuple[int, int]]) -> bool:
    """True when turning walkable ``tiles`` into props keeps the room valid around them.

    Local and exact for the 2x2 rule (a tile's coverage depends only on tiles within 1 step, so
    the window of the tiles +-2 decides it); for connectivity it is conservative: the walkable
    tiles next to the prop must stay joined inside the window, so any path through the prop can
    go around it.
    """
    rows = [r for r, _ in tiles]
    cols = [c for _, c in tiles]
    r0, r1 = max(0, min(rows) - 2), min(H, max(rows) + 3)
    c0, c1 = max(0, min(cols) - 2), min(W, max(cols) + 3)
    win = walkable(grid[r0:r1, c0:c1])
    for r, c in tiles:
        win[r - r0, c - c0] = False
    cov = covered_2x2(win)
    near = np.zeros_like(win)
    near[max(0, min(rows) - 1 - r0):max(rows) + 2 - r0, max(0, min(cols) - 1 - c0):max(cols) + 2 - c0] = True
    if (win & near & ~cov).any():
        return False
    lab, _ = ndimage.label(win, _CROSS)
    touching = set()
    for r, c in tiles:
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            rr, cc = r + dr - r0, c + dc - c0
            if 0 <= rr < win.shape[0] and 0 <= cc < win.shape[1] and lab[rr, cc]:
                touching.add(int(lab[rr, cc]))
    return len(touching) <= 1


_LARGE_SHAPES = ([(0, 0), (0, 1), (1, 0), (1, 1)], [(0, 0), (0, 1)], [(0, 0), (1, 0)], [(0, 0), (0, 1), (0, 2)])
_MOVES4 = ((1, 0), (-1, 0), (0, 1), (0, -1))
_OFFSETS8 = [(dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (dr, dc) != (0, 0)]


def single_prop_ok(grid: np.ndarray) -> np.ndarray:
    """Floor tiles where one prop keeps the room valid: every walkable tile around it stays in a
    2x2 walkable block (exact) and its walkable 4-neighbours stay joined through its 8-ring
    (conservative connectivity). Two such tiles 3+ apart (Chebyshev) can both take props."""
    w = walkable(grid)
    P = _pad(w, 3, False)
    # blk[i, j]: the 2x2 block with top-left tile (i-3, j-3) is all walkable
    blk = (P[:-1, :-1] & P[1:, :-1] & P[:-1, 1:] & P[1:, 1:]).astype(np.int8)
    # cnt[i, j]: number of walkable blocks containing tile (i-2, j-2)
    cnt = blk[:-1, :-1] + blk[1:, :-1] + blk[:-1, 1:] + blk[1:, 1:]

    def B(a: int, b: int) -> np.ndarray:  # block with top-left (r-1+a, c-1+b), per tile (r, c)
        return blk[2 + a:2 + a + H, 2 + b:2 + b + W]

    Wp = _pad(w, 1, False)

    def Ws(dr: int, dc: int) -> np.ndarray:  # walkable at (r+dr, c+dc)
        return Wp[1 + dr:1 + dr + H, 1 + dc:1 + dc + W]

    ok = grid == FLOOR
    for dr, dc in _OFFSETS8:
        # a neighbour u = t + (dr, dc) loses the blocks it shares with t
        shared = sum(B(a, b) for a in (0, 1) if a - dr in (0, 1) for b in (0, 1) if b - dc in (0, 1))
        left = cnt[2 + dr:2 + dr + H, 2 + dc:2 + dc + W] - shared
        ok &= ~(Ws(dr, dc) & (left <= 0))
    n, e, s_, w_ = Ws(-1, 0), Ws(0, 1), Ws(1, 0), Ws(0, -1)
    joins = (n & Ws(-1, 1) & e).astype(np.int8) + (e & Ws(1, 1) & s_) + (s_ & Ws(1, -1) & w_) + (w_ & Ws(-1, -1) & n)
    comps = n.astype(np.int8) + e + s_ + w_ - joins
    comps[joins == 4] = 1
    return ok & (comps <= 1)


def _trace(rng: np.random.Generator, dist: np.ndarray, start) -> np.ndarray:
    """Tiles of one shortest walk from ``start`` down ``dist`` to 0, keeping straight where it can."""
    path = np.zeros(dist.shape, dtype=bool)
    d = _pad(dist, 1, -1).tolist()
    r, c = int(start[0]), int(start[1])
    path[r, c] = True
    step = (0, 0)
    turns = rng.random(H * W).tolist()
    k = 0
    while d[r + 1][c + 1] > 0:
        want = d[r + 1][c + 1] - 1
        moves = [m for m in _MOVES4 if d[r + 1 + m[0]][c + 1 + m[1]] == want]
        if not (step in moves and turns[k] < 0.8):
            step = moves[int(turns[k + 1] * len(moves)) % len(moves)]
        k += 2
        r, c = r + step[0], c + step[1]
        path[r, c] = True
    return path


def _furnish(rng: np.random.Generator, grid: np.ndarray, symmetric: bool) -> None:
    floor = grid == FLOOR
    open8 = erode8(walkable(grid))
    spots = np.argwhere(open8 & floor)
    if len(spots) == 0:
        spots = np.argwhere(floor)
    if symmetric:
        left = spots[spots[:, 1] < W // 2]
        spots = left if len(left) else spots
    sr, sc = spots[rng.integers(len(spots))]
    grid[sr, sc] = SPAWN

    w = walkable(grid)
    spawn = grid == SPAWN
    doors = grid == DOOR
    d_spawn = geodesic(w, spawn)
    clear = dilate8(spawn | doors, 2)
    lab_doors, n_doors = ndimage.label(doors, _SQUARE)
    for k in range(1, n_doors + 1):
        # one shortest spawn->door walk, kept 3 tiles wide, is enough for the path rule
        door = np.argwhere(lab_doors == k)
        dd = d_spawn[lab_doors == k]
        if (dd >= 0).any():
            clear |= dilate8(_trace(rng, d_spawn, door[dd == dd[dd >= 0].min()][0]))
    # doorways between rooms: keep the tiles in and around them free
    wall = grid == WALL
    pw = _pad(wall, 1, False)
    thin = floor & ((pw[:-2, 1:-1] & pw[2:, 1:-1]) | (pw[1:-1, :-2] & pw[1:-1, 2:]))
    clear |= dilate8(thin)

    n_walk = int(w.sum())
    density = rng.uniform(0.03, 0.16)
    against = floor & _shift_or(wall) & ~clear
    free_open = floor & ~clear & erode8(floor | clear, 1)
    if symmetric:
        half = np.zeros_like(floor)
        half[:, :W // 2 - 2] = True
    else:
        half = np.ones_like(floor)

    # large props (tables, beds, shelves): a few pieces, one at a time with a local check
    n_large = int(round(n_walk * density * rng.uniform(0.15, 0.35) / 3))
    if n_large > 0:
        free = (grid == FLOOR) & ~clear & single_prop_ok(grid)
        anchor = (against | free_open) & half
        for _ in range(n_large + 4):
            if n_large <= 0:
                break
            shape = _LARGE_SHAPES[int(rng.integers(len(_LARGE_SHAPES)))]
            fits = anchor.copy()
            for dr, dc in shape:  # every tile of the piece must be free
                fits[:H - dr, :W - dc] &= free[dr:, dc:]
                if dr:
                    fits[H - dr:, :] = False
                if dc:
                    fits[:, W - dc:] = False
            pool = np.flatnonzero(fits)
            if len(pool) == 0:
                continue
            r, c = divmod(int(pool[rng.integers(len(pool))]), W)
            tiles = [(r + dr, c + dc) for dr, dc in shape]
            if symmetric:
                tiles = list(dict.fromkeys(tiles + [(rr, W - 1 - cc) for rr, cc in tiles]))
                if any(grid[t] != FLOOR or clear[t] for t in tiles):
                    continue
            if _placement_ok(grid, tiles):
                for t in tiles:
                    grid[t] = LARGE_PROP
                    free[max(0, t[0] - 1):t[0] + 2, max(0, t[1] - 1):t[1] + 2] = False
                n_large -= 1

    # single-tile props in rounds: every round places a set of mutually independent tiles
    inter_where = against | free_open if rng.random() < 0.5 else against
    queue = (
        [LIGHT] * max(1, int(round(n_walk / rng.uniform(50, 110))))
        + [INTERACTABLE] * int(rng.integers(1, 5))
        + [SMALL_PROP] * int(round(n_walk * density * rng.uniform(0.4, 0.7)))
    )
    for _ in range(5):
        if not queue:
            break
        ok = single_prop_ok(grid) & inter_where & ~clear
        if symmetric:
            ok &= ok[:, ::-1] & half
        cand = np.argwhere(ok)
        if len(cand) == 0:
            break
        blocked = np.zeros_like(ok)
        against_l = against.tolist()
        for r, c in cand[rng.permutation(len(cand))].tolist():
            if blocked[r, c]:
                continue
            if against_l[r][c]:
                cls = queue.pop(0)
            elif INTERACTABLE in queue[:8]:
                cls = queue.pop(queue.index(INTERACTABLE))
            else:
                continue
            grid[r, c] = cls
            blocked[max(0, r - 2):r + 3, max(0, c - 2):c + 3] = True
            if symmetric:
                grid[r, W - 1 - c] = cls
                blocked[max(0, r - 2):r + 3, max(0, W - 3 - c):W + 2 - c] = True
                if queue:
                    queue.pop(0)
            if not queue:
                break


def make_room(rng: np.random.Generator) -> np.ndarray:
    """One furnished procedural room, ``(32, 32)`` uint8 tile classes."""
    style = STYLES[rng.choice(3, p=[0.5, 0.2, 0.3])]
    symmetric = style != "cave" and rng.random() < 0.35
    for _ in range(8):
        grid = _architecture(rng, style, symmetric)
        n_doors = int(rng.choice([1, 2, 3], p=[0.45, 0.4, 0.15]))
        if (grid == FLOOR).sum() >= 40 and _add_doors(rng, grid, n_doors, symmetric) > 0:
            break
        # a cave with no straight outer wall or a tiny footprint: draw the architecture again
    _furnish(rng, grid, symmetric)
    return grid


# ---------------------------------------------------------------------------- rules
def room_failures(grid: np.ndarray) -> list[RuleFailure]:
    """Every broken rule of a ``(H, W)`` uint8 room, each with where it broke."""
    fails: list[RuleFailure] = []
    bad = grid >= N_CLASSES
    if bad.any():
        return [RuleFailure("tile_class", _where_list(bad), f"class ids must be 0..{N_CLASSES - 1}")]
    spawn = grid == SPAWN
    n_spawn = int(spawn.sum())
    if n_spawn != 1:
        fails.append(RuleFailure(
            "spawn", _where_list(spawn) if n_spawn else "room",
            f"exactly one spawn tile is required, found {n_spawn}",
        ))
    w = walkable(grid)
    doors = grid == DOOR
    exits = doors & touches_outside(grid)
    if not doors.any():
        fails.append(RuleFailure("door", "room", "no door tile (class 3); the room needs an exit"))
    elif not exits.any():
        fails.append(RuleFailure("door", _where_list(doors), "no door touches the outside (void or grid edge)"))
    inner_doors = doors & ~exits
    if inner_doors.any():
        fails.append(RuleFailure("door", _where_list(inner_doors), "door does not touch the outside"))
    uncovered = w & ~covered_2x2(w)
    if uncovered.any():
        fails.append(RuleFailure(
            "corridor_width", _where_list(uncovered),
            "walkable tile not inside any 2x2 walkable block (passage or door narrower than 2 tiles)",
        ))
    props = props_mask(grid)
    near_door = dilate8(doors) & props
    if near_door.any():
        fails.append(RuleFailure("door_blocked", _where_list(near_door), "prop next to a door"))
    if n_spawn >= 1:
        d1 = geodesic(w, spawn)
        unreachable = w & (d1 < 0)
        if unreachable.any():
            fails.append(RuleFailure(
                "reachable", _where_list(unreachable), "walkable tile not reachable from the spawn",
            ))
        if exits.any():
            d0 = geodesic(w | props, spawn)
            lab, n = ndimage.label(exits, _SQUARE)
            for k in range(1, n + 1):
                door = lab == k
                best_free = d0[door].min()
                reached = d1[door]
                best = reached[reached >= 0].min() if (reached >= 0).any() else -1
                if best != best_free:
                    dd = geodesic(w | props, door)
                    on_path = props & (d0 + dd == best_free) & (d0 >= 0) & (dd >= 0)
                    where = _where_list(on_path) if on_path.any() else _where_list(door)
                    what = "unreachable" if best < 0 else f"{best} steps instead of {best_free}"
                    fails.append(RuleFailure(
                        "path_clear", where,
                        f"props on the walking path from spawn to the door at {_rc(np.argwhere(door)[0])} ({what})",
                    ))
    return fails


def repair_room(grid: np.ndarray) -> np.ndarray:
    """Fix what can be fixed locally, in this order: unknown classes -> void; keep the spawn with
    the most reachable floor; drop everything not attached to the room; fill enclosed void and
    stray single walls with floor; doors that lead nowhere -> floor; clear props at doors, on the
    spawn->exit path and beside narrow spots; wall off what is still narrow or unreachable; add a
    spawn or an exit door when missing."""
    g = np.array(grid, dtype=np.uint8, copy=True)
    g[g >= N_CLASSES] = VOID
    spawns = np.argwhere(g == SPAWN)
    if len(spawns) > 1:
        w = walkable(g)
        sizes = [int((geodesic(w, np.eye(1, H * W, r * W + c, dtype=bool).reshape(H, W)) >= 0).sum())
                 for r, c in spawns]
        keep = spawns[int(np.argmax(sizes))]
        g[(g == SPAWN)] = FLOOR
        g[tuple(keep)] = SPAWN
    # the room is the non-void part attached to the spawn (or the largest non-void part)
    solid = g != VOID
    lab, n = ndimage.label(solid, _CROSS)
    if n > 1:
        sp = np.argwhere(g == SPAWN)
        k = lab[tuple(sp[0])] if len(sp) else 1 + int(np.argmax(np.bincount(lab.ravel())[1:]))
        g[solid & (lab != k)] = VOID
    # enclosed void (not joined to the grid edge through void) is a hole in the floor
    ring = _pad(np.zeros((H, W), bool), 1, True)
    outside = ndimage.binary_propagation(ring, mask=_pad(g == VOID, 1, True), structure=_CROSS)[1:-1, 1:-1]
    g[(g == VOID) & ~outside] = FLOOR
    wall = g == WALL
    stray = wall & ~_shift_or(wall) & ~touches_outside(g)
    g[stray] = FLOOR
    g[(g == DOOR) & ~touches_outside(g)] = FLOOR
    g[dilate8(g == DOOR) & props_mask(g)] = FLOOR
    sp = g == SPAWN
    if sp.any() and not covered_2x2(walkable(g))[sp].all():
        g[sp] = FLOOR  # a spawn in a 1-wide spot: pick a roomier one below
    if not (g == SPAWN).any():
        w = walkable(g)
        open8 = erode8(w) & (g == FLOOR)
        pick = np.argwhere(open8 if open8.any() else (g == FLOOR))
        if len(pick):
            r, c = pick[len(pick) // 2]
            g[r, c] = SPAWN
    for _ in range(6):
        fails = {f.rule for f in room_failures(g)}
        if not fails:
            break
        if "path_clear" in fails:
            w, props, spawn = walkable(g), props_mask(g), g == SPAWN
            d0 = geodesic(w | props, spawn)
            for rr, cc in np.argwhere(g == DOOR):
                dd = geodesic(w | props, np.eye(1, H * W, rr * W + cc, dtype=bool).reshape(H, W))
                g[props & (d0 + dd == d0[rr, cc]) & (d0 >= 0)] = FLOOR
        w = walkable(g)
        uncovered = w & ~covered_2x2(w)
        if uncovered.any():
            # first free space by removing props beside the narrow tiles, then wall off the rest
            g[dilate8(uncovered) & props_mask(g)] = FLOOR
            w = walkable(g)
            g[w & ~covered_2x2(w) & (g != SPAWN)] = WALL
        w, spawn = walkable(g), g == SPAWN
        if spawn.any():
            g[w & (geodesic(w, spawn) < 0)] = WALL
        if not ((g == DOOR) & touches_outside(g)).any():
            _add_doors(np.random.default_rng(0), g, 1, False)
    return g


# ---------------------------------------------------------------------------- layers
# A room is also five layers, and they say nearly the same thing (99.5 % of the 4000-room corpus
# round-trips exactly; the rest have a door whose slot lacks floor two deep, or a prop more than 2
# tiles from the floor): the walkable tiles (floor and spawn) are a union of all-walkable 2x2
# blocks; props stand on tiles at most 2 steps from them; and the walls (with the doors set in
# them) are exactly the tiles 8-adjacent to walkable-or-prop tiles. So a room is
#   blocks  which 2x2 blocks are walkable (walkable = their union: no passage narrower than 2),
#   props   which other tiles hold a prop, and which of the four prop classes,
#   spawn   one position,
#   doors   which tiles of the wall ring are doors.
# Generators that output these layers (``room_from_layers``) cannot make a narrow passage (props
# sit outside the walkable blocks), a second spawn, or a door off the wall; connectivity and where
# props may stand (clear of doors and of the walk to them) they must still learn.
PROP_LAYER_CLASSES = np.array([SMALL_PROP, LARGE_PROP, LIGHT, INTERACTABLE], dtype=np.uint8)
N_LAYERS = 9
"""Channels of a layered room: 0 walkable blocks, 1 props, 2-5 prop classes (``PROP_LAYER_CLASSES``
order), 6 spawn, 7 doors, 8 wall ring."""


def _union_of_blocks(blocks: np.ndarray) -> np.ndarray:
    """``(H, W)`` bool, block (r, c) = tiles r..r+1 x c..c+1 (last row and column unused) -> tiles covered."""
    b = blocks[:-1, :-1]
    out = np.zeros(blocks.shape, dtype=bool)
    out[:-1, :-1] |= b
    out[1:, :-1] |= b
    out[:-1, 1:] |= b
    out[1:, 1:] |= b
    return out


def room_layers(grid: np.ndarray) -> np.ndarray:
    """``(H, W)`` room -> ``(9, H, W)`` float32 layers (see ``N_LAYERS``); the inverse of ``room_from_layers``.

    Channel 1 is 1 on prop tiles; channels 2-5 one-hot on prop tiles, 0 elsewhere; channel 6
    one-hot at the spawn; channel 7 1 at doors; channel 8 marks the wall ring (where channel 7
    means anything).
    """
    walk = (grid == FLOOR) | (grid == SPAWN)
    props = props_mask(grid)
    out = np.zeros((N_LAYERS,) + grid.shape, dtype=np.float32)
    out[0, :-1, :-1] = walk[:-1, :-1] & walk[1:, :-1] & walk[:-1, 1:] & walk[1:, 1:]
    out[1] = props
    for k, c in enumerate(PROP_LAYER_CLASSES):
        out[2 + k] = grid == c
    out[6] = grid == SPAWN
    out[7] = grid == DOOR
    interior = walk | props
    out[8] = dilate8(interior) & ~interior
    return out


def room_from_layers(layers: np.ndarray, block_threshold: float = 0.5, prop_threshold: float = 0.5) -> np.ndarray:
    """``(9, H, W)`` layer logits -> ``(H, W)`` uint8 room.

    Decoding, in order: walkable = union of the blocks whose probability exceeds
    ``block_threshold``; props = the other tiles within 2 steps (8-connected) of a walkable one
    whose prop probability exceeds ``prop_threshold``, each of its highest-scoring prop class; walls = the ring around
    walkable and props, void beyond; the spawn goes on the highest-scoring walkable tile; doors go
    on the wall slots where a 2-wide exit fits (``_door_candidates``: outside beyond, walkable two
    deep) and score above even, and on the best such slot whatever its score (a room has an exit).
    Nothing looks at the rules; a layout the model gets wrong stays wrong.
    """
    layers = np.asarray(layers, dtype=np.float32)
    block_logit = float(np.log(block_threshold / (1.0 - block_threshold)))
    prop_logit = float(np.log(prop_threshold / (1.0 - prop_threshold)))
    walk = _union_of_blocks(layers[0] > block_logit)
    props = (layers[1] > prop_logit) & ~walk & dilate8(walk, 2)
    interior = walk | props
    grid = np.zeros(layers.shape[1:], dtype=np.uint8)
    grid[dilate8(interior) & ~interior] = WALL
    grid[walk] = FLOOR
    grid[props] = PROP_LAYER_CLASSES[np.argmax(layers[2:6], axis=0)][props]
    spawn = np.where(walk, layers[6], -np.inf)
    if np.isfinite(spawn).any():
        grid[np.unravel_index(int(np.argmax(spawn)), spawn.shape)] = SPAWN
    # Door slots need walkable floor two deep (doors come before furnishing in the corpus).
    slots = _door_candidates(np.where(walk, FLOOR, grid).astype(np.uint8))
    if slots:
        score = [(layers[7][t1] + layers[7][t2]) / 2 for t1, t2, _ in slots]
        best = int(np.argmax(score))
        for k, (t1, t2, _) in enumerate(slots):
            if (k == best or score[k] > 0) and grid[t1] == WALL and grid[t2] == WALL:
                grid[t1] = grid[t2] = DOOR
    return grid


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


# ---------------------------------------------------------------------------- wire + picture
def prop_placements(grid: np.ndarray) -> list[pb.PropPlacement]:
    """Props the scene spawns: one per small prop / light / interactable tile, one per large-prop
    piece (4-connected) at its top-left tile with ``scale`` = its longer side in tiles. A prop
    beside a wall faces away from it (rotation 0 = facing south, clockwise degrees)."""
    wall = _pad(grid == WALL, 1, False)
    out: list[pb.PropPlacement] = []

    def facing(r: int, c: int) -> float:
        # the wall behind the prop: north wall -> faces south (0), east -> west (90), ...
        if wall[r, c + 1]:
            return 0.0
        if wall[r + 1, c + 2]:
            return 90.0
        if wall[r + 2, c + 1]:
            return 180.0
        if wall[r + 1, c]:
            return 270.0
        return 0.0

    lab, _ = ndimage.label(grid == LARGE_PROP, _CROSS)
    seen: set[int] = set()
    for r in range(grid.shape[0]):
        for c in range(grid.shape[1]):
            cls = int(grid[r, c])
            if cls < SMALL_PROP:
                continue
            scale = 1.0
            if cls == LARGE_PROP:
                k = int(lab[r, c])
                if k in seen:
                    continue
                seen.add(k)
                rows, cols = np.nonzero(lab == k)
                scale = float(max(np.ptp(rows) + 1, np.ptp(cols) + 1))
            out.append(pb.PropPlacement(
                prop_id=PROP_IDS[cls], x=c, y=r, rotation_deg=facing(r, c), scale=scale,
                interactable=cls == INTERACTABLE,
            ))
    return out


def render_room(grid: np.ndarray, scale: int = 6):
    from PIL import Image

    rgb = PALETTE[np.clip(grid, 0, N_CLASSES - 1)]
    img = np.repeat(np.repeat(rgb, scale, axis=0), scale, axis=1)
    if scale >= 4:
        # thin grid lines on the floor make tile size readable; props get a dark outline
        fl = np.repeat(np.repeat(grid == FLOOR, scale, 0), scale, 1)
        lines = np.zeros(img.shape[:2], dtype=bool)
        lines[::scale, :] = lines[:, ::scale] = True
        img[fl & lines] = (img[fl & lines] * 0.9).astype(np.uint8)
        pr = np.repeat(np.repeat(grid >= SMALL_PROP, scale, 0), scale, 1)
        edge = pr & lines
        img[edge] = (img[edge] * 0.55).astype(np.uint8)
    return Image.fromarray(img, "RGB")


class RoomsKind(ContentKind):
    """Rooms: ``(32, 32)`` uint8 tile grids; see the module docstring for classes and rules."""

    name = "rooms"
    proto_kind = pb.CONTENT_KIND_ROOM
    payload_field = "room"
    item_shape = (H, W)
    dtype = np.dtype(np.uint8)
    descriptor_names = DESCRIPTOR_NAMES
    descriptor_ranges = DESCRIPTOR_RANGES
    generator_name = "procedural/rooms"
    generator_version = 1
    distance_metric = "hamming"
    class_names = CLASS_NAMES
    n_classes = N_CLASSES
    palette = PALETTE

    def make_item(self, rng: np.random.Generator) -> np.ndarray:
        return make_room(rng)

    def family_of(self, seed: int, index: int) -> str:
        from python_bridge.content.base import item_rng

        return STYLES[item_rng(seed, index).choice(3, p=[0.5, 0.2, 0.3])]

    def check_rules(self, item: np.ndarray) -> list[RuleFailure]:
        return room_failures(item)

    def repair(self, item: np.ndarray) -> np.ndarray:
        return repair_room(self.check_item(item))

    def descriptors(self, item: np.ndarray) -> np.ndarray:
        return room_descriptors(self.check_item(item))

    def distance_features(self, items: np.ndarray) -> np.ndarray:
        return np.asarray(items, dtype=np.uint8).reshape(len(items), -1)

    def _payload_to_proto(self, data: np.ndarray, payload, content: Content) -> None:
        if (data >= N_CLASSES).any():
            raise ContentError(
                f"room {content.content_id!r} has tile classes above {N_CLASSES - 1} at "
                f"{_where_list(data >= N_CLASSES)}; use the classes in python_bridge.content.rooms."
            )
        payload.width, payload.height = W, H
        payload.tiles = data.tobytes()
        payload.tile_size_m = TILE_SIZE_M
        payload.props.extend(prop_placements(data))

    def _payload_from_proto(self, payload, content_id: str) -> np.ndarray:
        if (payload.height, payload.width) != (H, W) or len(payload.tiles) != H * W:
            raise ContentError(
                f"room {content_id!r} is {payload.width}x{payload.height} with {len(payload.tiles)} "
                f"tile bytes; kind 'rooms' carries {W}x{H} grids ({W * H} bytes)."
            )
        grid = np.frombuffer(payload.tiles, dtype=np.uint8).reshape(H, W).copy()
        if (grid >= N_CLASSES).any():
            raise ContentError(f"room {content_id!r} has unknown tile classes at {_where_list(grid >= N_CLASSES)}.")
        return grid

    def render(self, item: np.ndarray):
        return render_room(np.asarray(item))


KIND = RoomsKind()
