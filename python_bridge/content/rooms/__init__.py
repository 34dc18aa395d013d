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

The package splits by concern: ``tiles`` (classes and grid helpers), ``generate`` (the corpus),
``rules`` (validity and repair), ``layers`` (the generators' form), ``descriptors`` and ``kind``
(wire form, picture and the ``ContentKind``).
"""
from __future__ import annotations

from python_bridge.content.rooms.tiles import (  # noqa: F401
    CLASS_NAMES, DOOR, FLOOR, H, INTERACTABLE, LARGE_PROP, LIGHT, N_CLASSES, PALETTE, PROP_CLASSES, PROP_IDS, SMALL_PROP, SPAWN, STYLES, TILE_SIZE_M, VOID, W, WALKABLE_CLASSES, WALL, covered_2x2, dilate8, erode8, geodesic, outside_mask, props_mask, touches_outside, walkable,
)
from python_bridge.content.rooms.generate import (  # noqa: F401
    make_room, single_prop_ok,
)
from python_bridge.content.rooms.rules import (  # noqa: F401
    repair_room, room_failures,
)
from python_bridge.content.rooms.layers import (  # noqa: F401
    N_LAYERS, PROP_LAYER_CLASSES, room_from_layers, room_layers,
)
from python_bridge.content.rooms.descriptors import (  # noqa: F401
    DESCRIPTOR_DOCS, DESCRIPTOR_NAMES, DESCRIPTOR_RANGES, room_descriptors,
)
from python_bridge.content.rooms.kind import (  # noqa: F401
    KIND, RoomsKind, prop_placements, render_room,
)
