"""Room rules on hand-made layouts (each rule fails where expected), repair, and the procedural corpus."""
import numpy as np

from python_bridge.content import get_kind
from python_bridge.content.rooms import room_descriptors

ROOMS = get_kind("rooms")
LEGEND = {" ": 0, ".": 1, "#": 2, "D": 3, "S": 4, "p": 5, "P": 6, "L": 7, "I": 8}


def room(rows: list[str]) -> np.ndarray:
    """A 32x32 grid from a smaller sketch placed at the top-left, void elsewhere."""
    g = np.zeros((32, 32), np.uint8)
    for r, line in enumerate(rows):
        for c, ch in enumerate(line):
            g[r, c] = LEGEND[ch]
    return g


GOOD = [
    "##DD######",
    "#........#",
    "#........#",
    "#....S...#",
    "#.......p#",
    "#L......I#",
    "##########",
]


def rules(grid):
    return set(ROOMS.validate(grid).rules_failed)


def test_a_simple_furnished_room_is_valid():
    rep = ROOMS.validate(room(GOOD))
    assert rep.valid, rep.summary()


def test_missing_spawn_and_missing_door_are_named():
    g = room([r.replace("S", ".") for r in GOOD])
    assert "spawn" in rules(g)
    g = room([GOOD[0].replace("DD", "##")] + GOOD[1:])
    assert "door" in rules(g)


def test_a_door_must_lead_outside():
    inner = room(["##DD######", "#........#", "#...S....#", "#####DD###", "#........#", "##########"])
    rep = ROOMS.validate(inner)
    assert "door" in rep.rules_failed
    assert any("row 3" in f.where or "(3," in f.where for f in rep.failures if f.rule == "door")


def test_unreachable_floor_and_narrow_corridor_are_found_with_their_tiles():
    g = room([
        "##DD#######",
        "#....#....#",
        "#..S.#....#",
        "#....#....#",
        "###########",
    ])
    rep = ROOMS.validate(g)
    assert "reachable" in rep.rules_failed
    where = next(f.where for f in rep.failures if f.rule == "reachable")
    assert "(1,6)" in where
    narrow = room([
        "##DD######",
        "#........#",
        "#...S....#",
        "####.#####",
        "#........#",
        "##########",
    ])
    rep = ROOMS.validate(narrow)
    assert "corridor_width" in rep.rules_failed
    assert "(3,4)" in next(f.where for f in rep.failures if f.rule == "corridor_width")


def test_props_at_a_door_or_on_the_only_path_fail():
    g = room(GOOD)
    g[1, 2] = 5  # right inside the door
    assert "door_blocked" in rules(g)
    corridor = room([
        "##DD####",
        "#......#",
        "#......#",
        "###..###",
        "#......#",
        "#..S...#",
        "########",
    ])
    assert ROOMS.validate(corridor).valid
    corridor[3, 3:5] = 6  # a table plugs the only passage to the door
    rep = ROOMS.validate(corridor)
    assert "path_clear" in rep.rules_failed or "reachable" in rep.rules_failed
    detour = room([
        "##DD######",
        "#........#",
        "#........#",
        "#........#",
        "#...S....#",
        "##########",
    ])
    detour[2, 1:5] = 6
    detour[2, 5:9] = 5  # a wall of props across the room with a gap only at the far end
    detour[2, 8] = 1
    detour[2, 7] = 1
    assert "path_clear" in rules(detour)


def test_repair_fixes_what_it_can_and_validity_is_reported_first():
    g = room(GOOD)
    g[1, 2] = 5
    g[3, 5] = 1  # no spawn any more
    assert {"door_blocked", "spawn"} <= rules(g)
    fixed = ROOMS.repair(g)
    assert ROOMS.validate(fixed).valid, ROOMS.validate(fixed).summary()
    assert not ROOMS.validate(g).valid  # repair returns a copy


def test_descriptors_of_known_layouts():
    d = dict(zip(ROOMS.descriptor_names, room_descriptors(room(GOOD))))
    assert d["path_length"] == 5 / 64          # spawn (3,5) -> door tile (0,3): 3 + 2 steps
    assert d["area"] == 42 / 1024               # 8 x 5 interior tiles + 2 door tiles
    assert d["prop_density"] == 3 / 42
    assert d["interactables"] == 1 / 8
    mirrored = room(GOOD)
    mirrored[:, 16:] = mirrored[:, :16][:, ::-1]
    mirrored[mirrored == 4] = 1
    mirrored[3, 5] = 4
    mirrored[3, 26] = 4
    assert dict(zip(ROOMS.descriptor_names, room_descriptors(mirrored)))["symmetry"] == 1.0


def test_procedural_rooms_are_valid_varied_and_look_like_rooms():
    items = ROOMS.make_corpus(40, seed=11)
    reports = [ROOMS.validate(x) for x in items]
    assert sum(r.valid for r in reports) >= 39, [r.summary() for r in reports if not r.valid]
    for g in items:
        assert (g == 4).sum() == 1 and (g == 3).sum() >= 2 and (g == 2).sum() > 40
        assert ((g >= 5) & (g <= 8)).any()
    assert len({g.tobytes() for g in items}) == 40
    styles = {ROOMS.family_of(11, i) for i in range(40)}
    assert styles == {"bsp", "hall", "cave"}


def test_render_is_an_rgb_picture_in_the_palette():
    img = ROOMS.render(room(GOOD))
    assert img.mode == "RGB" and img.size[0] == img.size[1] >= 128
    colours = {tuple(c) for c in np.asarray(img).reshape(-1, 3)}
    assert tuple(ROOMS.palette[3]) in colours and tuple(ROOMS.palette[4]) in colours


def test_repair_restores_most_noisy_procedural_rooms():
    rng = np.random.default_rng(0)
    noisy = []
    for g in ROOMS.make_corpus(20, seed=5):
        g = g.copy()
        m = rng.random((32, 32)) < 0.03
        g[m] = rng.integers(0, 9, int(m.sum()))
        noisy.append(g)
    assert sum(ROOMS.validate(g).valid for g in noisy) <= 2           # the noise breaks them ...
    assert sum(ROOMS.validate(ROOMS.repair(g)).valid for g in noisy) >= 18  # ... repair mends them


def test_layers_say_the_same_as_the_tiles():
    from python_bridge.content.rooms import room_from_layers, room_layers

    rooms = get_kind("rooms").make_corpus(120, seed=5)
    decoded = [room_from_layers(np.where(room_layers(g) > 0.5, 6.0, -6.0)) for g in rooms]
    exact = np.mean([np.array_equal(d, g) for d, g in zip(decoded, rooms)])
    # 0.5 % of the 4000-room corpus has a door slot without floor two deep or a prop far from the floor.
    assert exact >= 0.97, exact


def test_layers_make_narrow_passages_extra_spawns_and_doors_off_the_wall_impossible():
    from python_bridge.content.rooms import DOOR, FLOOR, SPAWN, covered_2x2, room_from_layers, touches_outside

    rng = np.random.default_rng(0)
    for k in range(25):
        layers = rng.normal(0.0, 3.0, size=(9, 32, 32)).astype(np.float32)
        layers[0] += 1.5 if k % 2 else 0.0  # from sparse to mostly walkable
        g = room_from_layers(layers, block_threshold=0.3, prop_threshold=0.4)
        walk = (g == FLOOR) | (g == SPAWN)
        assert np.array_equal(covered_2x2(walk), walk), "every floor tile lies in an all-floor 2x2 block, props or not"
        assert (g == SPAWN).sum() == (1 if walk.any() else 0)
        doors = g == DOOR
        assert not (doors & ~touches_outside(g)).any(), "doors only where the wall meets the outside"
