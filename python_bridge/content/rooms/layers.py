"""Rooms as stacked binary layers, the form the generators learn and output, and back to tiles."""
from __future__ import annotations

import numpy as np


from python_bridge.content.rooms.tiles import DOOR, FLOOR, INTERACTABLE, LARGE_PROP, LIGHT, SMALL_PROP, SPAWN, WALL, dilate8, props_mask
from python_bridge.content.rooms.generate import _door_candidates

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


