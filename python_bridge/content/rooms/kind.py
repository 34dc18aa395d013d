"""The rooms content kind: wire form (prop placements), picture, and the ``ContentKind`` tying the parts together."""
from __future__ import annotations

import numpy as np
from scipy import ndimage

from python_bridge.content.base import ContentKind, RuleFailure
from python_bridge.errors import ContentError
from python_bridge.protocol import pb
from python_bridge.types import Content

from python_bridge.content.rooms.tiles import CLASS_NAMES, FLOOR, H, INTERACTABLE, LARGE_PROP, N_CLASSES, PALETTE, PROP_IDS, SMALL_PROP, STYLES, TILE_SIZE_M, W, WALL, _CROSS, _pad, _where_list
from python_bridge.content.rooms.descriptors import DESCRIPTOR_NAMES, DESCRIPTOR_RANGES, room_descriptors
from python_bridge.content.rooms.generate import make_room
from python_bridge.content.rooms.rules import repair_room, room_failures

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
