"""Room validity: the rules a room must pass (with where it fails) and a repair that makes most rooms pass."""
from __future__ import annotations

import numpy as np
from scipy import ndimage

from python_bridge.content.base import RuleFailure

from python_bridge.content.rooms.tiles import DOOR, FLOOR, H, N_CLASSES, SPAWN, VOID, W, WALL, _CROSS, _SQUARE, _pad, _rc, _shift_or, _where_list, covered_2x2, dilate8, erode8, geodesic, props_mask, touches_outside, walkable
from python_bridge.content.rooms.generate import _add_doors

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


