"""Import of user content: folders of PNG textures or heightmaps, and room layouts as JSON or indexed PNG.

Every bad file raises ContentError naming the file, what is wrong and how to fix it.

Textures
    ``*.png``, 8-bit RGB (RGBA with an opaque alpha, greyscale and palette images are converted),
    exactly 64x64 unless ``resize=True`` (then resampled with Lanczos; a non-square image is refused).
Heightmaps
    ``*.png``, greyscale 8-bit (``L``) or 16-bit (``I;16``/``I``); heights in metres are
    ``value / max_value * height_scale_m`` (max_value 255 or 65535). 64x64 unless ``resize=True``.
Rooms
    ``*.json`` as ``{"tiles": [[0, 2, ...], ...]}`` (32 rows of 32 class ids) or
    ``{"rows": ["####", "#..#", ...], "legend": {"#": 2, ...}}`` (legend optional, default
    ``ROOM_LEGEND``); or ``*.png`` with palette (``P``) or greyscale (``L``) pixel values equal to
    the class ids, or RGB pixels in the preview palette. Always 32x32 (no resizing of layouts).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from python_bridge.content import rooms as rooms_mod
from python_bridge.errors import ContentError

TEX = 64
ROOM = 32
# characters for the "rows" JSON form: one per tile class
ROOM_LEGEND = {" ": 0, ".": 1, "#": 2, "D": 3, "S": 4, "p": 5, "P": 6, "L": 7, "I": 8}
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _open_png(path: Path):
    from PIL import Image, UnidentifiedImageError

    with open(path, "rb") as fh:
        head = fh.read(8)
    if head != _PNG_MAGIC:
        raise ContentError(f"{path} is not a PNG file; export it as PNG (other formats are not imported).")
    try:
        img = Image.open(path)
        img.load()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ContentError(f"{path} is a damaged PNG ({exc}); export it again.") from exc
    return img


def _sized(img, path: Path, size: int, resize: bool, what: str):
    from PIL import Image

    if img.size == (size, size):
        return img
    if not resize:
        raise ContentError(
            f"{path} is {img.width}x{img.height}; {what} must be {size}x{size}. Export at {size}x{size} "
            f"or pass --resize to resample it."
        )
    if img.width != img.height:
        raise ContentError(f"{path} is {img.width}x{img.height}, not square; crop it to a square before importing.")
    return img.resize((size, size), Image.Resampling.LANCZOS)


def load_texture_png(path: str | os.PathLike, resize: bool = False) -> np.ndarray:
    """One texture PNG -> ``(64, 64, 3)`` uint8."""
    path = Path(path)
    img = _open_png(path)
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        alpha = np.asarray(img.convert("RGBA"))[..., 3]
        if alpha.min() < 255:
            raise ContentError(
                f"{path} has transparent pixels; textures are opaque RGB. Flatten it onto a background and export again."
            )
    if img.mode not in ("RGB", "RGBA", "L", "LA", "P", "PA"):
        raise ContentError(
            f"{path} has pixel mode {img.mode!r}; textures must be 8-bit RGB. Convert it to 8-bit RGB and export again."
        )
    img = _sized(img.convert("RGB"), path, TEX, resize, "textures")
    return np.asarray(img, dtype=np.uint8).copy()


def load_heightmap_png(path: str | os.PathLike, height_scale_m: float = 50.0, resize: bool = False) -> np.ndarray:
    """One greyscale heightmap PNG -> ``(64, 64)`` float32 metres."""
    path = Path(path)
    img = _open_png(path)
    if img.mode == "L":
        max_value = 255.0
    elif img.mode in ("I;16", "I;16B", "I;16L", "I"):
        max_value = 65535.0
    else:
        raise ContentError(
            f"{path} has pixel mode {img.mode!r}; heightmaps must be greyscale PNG (8-bit 'L' or 16-bit). "
            f"Export the heightmap as a 16-bit greyscale PNG."
        )
    arr = np.asarray(img).astype(np.float64)
    if img.size != (TEX, TEX):
        from PIL import Image

        if not resize:
            _sized(img, path, TEX, False, "heightmaps")
        if img.width != img.height:
            raise ContentError(f"{path} is {img.width}x{img.height}, not square; crop it to a square before importing.")
        arr = np.asarray(Image.fromarray(arr.astype(np.float32), "F").resize((TEX, TEX), Image.Resampling.BILINEAR))
    return (arr / max_value * float(height_scale_m)).astype(np.float32)


def _room_from_grid(grid: list, path: Path) -> np.ndarray:
    try:
        arr = np.array(grid, dtype=np.int64)
    except (ValueError, TypeError) as exc:
        raise ContentError(f"{path}: 'tiles' must be {ROOM} lists of {ROOM} integers ({exc}).") from exc
    return arr


def load_room_json(path: str | os.PathLike) -> np.ndarray:
    """One room layout JSON -> ``(32, 32)`` uint8 tile classes."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text())
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path} is not UTF-8 text; export the layout as JSON.") from exc
    except json.JSONDecodeError as exc:
        raise ContentError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); fix the file or export it again."
        ) from exc
    if not isinstance(doc, dict) or ("tiles" not in doc and "rows" not in doc):
        raise ContentError(
            f"{path} has neither 'tiles' (rows of class ids) nor 'rows' (strings with a legend); "
            f'write {{"tiles": [[...], ...]}} with {ROOM} rows of {ROOM} ids.'
        )
    if "tiles" in doc:
        arr = _room_from_grid(doc["tiles"], path)
    else:
        legend = doc.get("legend", ROOM_LEGEND)
        rows = doc["rows"]
        if not isinstance(rows, list) or not all(isinstance(r, str) for r in rows):
            raise ContentError(f"{path}: 'rows' must be a list of strings, one per tile row.")
        if len({len(r) for r in rows}) > 1:
            raise ContentError(f"{path}: rows have different lengths {sorted({len(r) for r in rows})}; pad them to {ROOM}.")
        arr = np.zeros((len(rows), len(rows[0]) if rows else 0), dtype=np.int64)
        for r, line in enumerate(rows):
            for c, ch in enumerate(line):
                if ch not in legend:
                    raise ContentError(
                        f"{path}: unknown tile character {ch!r} at row {r}, column {c}; use one of "
                        f"{''.join(sorted(legend))!r} or add it to \"legend\"."
                    )
                arr[r, c] = int(legend[ch])
    return _check_room(arr, path)


def _check_room(arr: np.ndarray, path: Path) -> np.ndarray:
    if arr.ndim != 2 or arr.shape != (ROOM, ROOM):
        raise ContentError(
            f"{path} is a {'x'.join(map(str, arr.shape))} layout; rooms are {ROOM}x{ROOM} tiles. "
            f"Pad it with void (0) or crop it to {ROOM}x{ROOM}."
        )
    bad = (arr < 0) | (arr >= rooms_mod.N_CLASSES)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise ContentError(
            f"{path}: unknown tile class {int(arr[r, c])} at row {r}, column {c}; classes are "
            + ", ".join(f"{i} {n}" for i, n in enumerate(rooms_mod.CLASS_NAMES)) + "."
        )
    return arr.astype(np.uint8)


def load_room_png(path: str | os.PathLike) -> np.ndarray:
    """One indexed (or greyscale) PNG whose pixel values are tile classes -> ``(32, 32)`` uint8."""
    path = Path(path)
    img = _open_png(path)
    if img.mode in ("P", "L"):
        arr = np.asarray(img).astype(np.int64)
    elif img.mode in ("RGB", "RGBA"):
        rgb = np.asarray(img.convert("RGB")).astype(np.int64)
        key = rgb[..., 0] * 65536 + rgb[..., 1] * 256 + rgb[..., 2]
        pal = rooms_mod.PALETTE.astype(np.int64)
        pal_key = pal[:, 0] * 65536 + pal[:, 1] * 256 + pal[:, 2]
        arr = np.full(key.shape, -1, dtype=np.int64)
        for cls, k in enumerate(pal_key):
            arr[key == k] = cls
        if (arr < 0).any():
            r, c = np.argwhere(arr < 0)[0]
            raise ContentError(
                f"{path}: pixel at row {r}, column {c} has colour {tuple(rgb[r, c])}, not a tile class colour; "
                f"export the layout as an indexed PNG whose palette index is the tile class (0..8)."
            )
    else:
        raise ContentError(
            f"{path} has pixel mode {img.mode!r}; room layouts must be indexed (palette) PNG whose index is the "
            f"tile class. Re-export it as an indexed PNG."
        )
    return _check_room(arr, path)


def _files(src: Path, exts: tuple[str, ...]) -> list[Path]:
    if src.is_file():
        return [src]
    if not src.is_dir():
        raise ContentError(f"{src} does not exist; pass a folder of files to import.")
    files = sorted(p for p in src.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise ContentError(f"{src} is empty; put {' or '.join(exts)} files in it.")
    return files


def import_folder(
    kind: str, src: str | os.PathLike, *, resize: bool = False, height_scale_m: float = 50.0,
) -> tuple[np.ndarray, list[str]]:
    """Load every file of a folder as items of ``kind``: ``(items (n, *item_shape), file names)``.

    Any file that is not of an accepted type or fails its checks stops the import with a
    ContentError naming it, so a corpus never silently drops user data.
    """
    src = Path(src)
    if kind == "textures":
        files = _files(src, (".png",))
        items = [load_texture_png(f, resize) for f in files]
    elif kind == "terrain":
        files = _files(src, (".png",))
        items = [load_heightmap_png(f, height_scale_m, resize) for f in files]
    elif kind == "rooms":
        files = _files(src, (".json", ".png"))
        items = []
        for f in files:
            suffix = f.suffix.lower()
            if suffix == ".json":
                items.append(load_room_json(f))
            elif suffix == ".png":
                items.append(load_room_png(f))
            else:
                raise ContentError(f"{f} is neither .json nor .png; room layouts are imported from JSON or indexed PNG.")
    else:
        raise ContentError(
            f"kind {kind!r} cannot be imported from files; import textures, terrain (heightmaps) or rooms."
        )
    return np.stack(items), [f.name for f in files]
