"""The procedural room corpus: architecture (bsp, hall, cave), doors, then constructive furnishing."""
from __future__ import annotations

import numpy as np
from scipy import ndimage


from python_bridge.content.rooms.tiles import DOOR, FLOOR, H, INTERACTABLE, LARGE_PROP, LIGHT, SMALL_PROP, SPAWN, STYLES, VOID, W, WALL, _CROSS, _SQUARE, _pad, _shift_or, covered_2x2, dilate8, erode8, geodesic, outside_mask, walkable

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


