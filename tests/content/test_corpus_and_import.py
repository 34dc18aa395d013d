"""Corpus directories (write/read/manifest) and import of user files, including every kind of bad file."""
import json

import numpy as np
import pytest
from PIL import Image

from python_bridge.content import get_kind
from python_bridge.content.corpus import build_corpus, read_corpus, write_corpus
from python_bridge.content.importers import import_folder
from python_bridge.errors import ContentError


def test_build_write_read_round_trip_with_manifest(tmp_path):
    items, analysis, timings = build_corpus("rooms", 12, seed=4, workers=1)
    assert items.tobytes() == get_kind("rooms").make_corpus(12, 4).tobytes()
    out = write_corpus(tmp_path / "c", "rooms", items, analysis=analysis, seed=4, timings=timings)
    back = read_corpus(out)
    assert back.kind.name == "rooms" and back.items.tobytes() == items.tobytes()
    m = back.manifest
    assert m["kind"] == "rooms" and m["n"] == 12 and m["seed"] == 4 and m["generator_version"] == 1
    assert m["validity"]["rate"] == analysis.valid.mean() and m["validity"]["before_repair"]
    assert set(m["descriptor_stats"]) == set(get_kind("rooms").descriptor_names)


def test_parallel_build_equals_serial(tmp_path):
    a, _, _ = build_corpus("characters", 200, seed=1, workers=1, check=False)
    b, _, _ = build_corpus("characters", 200, seed=1, workers=2, check=False)
    assert a.tobytes() == b.tobytes()


def test_reading_bad_corpus_dirs_says_what_to_do(tmp_path):
    with pytest.raises(ContentError, match="corpus make"):
        read_corpus(tmp_path)
    d = tmp_path / "x"
    d.mkdir()
    np.save(d / "items.npy", np.zeros((3, 5), np.float32))
    (d / "manifest.json").write_text(json.dumps({"kind": "rooms", "n": 3}))
    with pytest.raises(ContentError, match="32, 32"):
        read_corpus(d)
    (d / "manifest.json").write_text("{not json")
    with pytest.raises(ContentError, match="not valid JSON"):
        read_corpus(d)
    with pytest.raises(ContentError):
        write_corpus(d, "terrain", np.zeros((2, 64, 64), np.float64))


def _png(path, arr, mode=None):
    Image.fromarray(arr, mode).save(path) if mode else Image.fromarray(arr).save(path)
    return path


def test_import_textures_heightmaps_and_rooms(tmp_path):
    tex = tmp_path / "tex"
    tex.mkdir()
    rng = np.random.default_rng(0)
    _png(tex / "a.png", rng.integers(0, 255, (64, 64, 3), dtype=np.uint8))
    _png(tex / "b.png", rng.integers(0, 255, (128, 128, 3), dtype=np.uint8))
    with pytest.raises(ContentError, match=r"b\.png is 128x128.*--resize"):
        import_folder("textures", tex)
    items, names = import_folder("textures", tex, resize=True)
    assert items.shape == (2, 64, 64, 3) and names == ["a.png", "b.png"]

    hm = tmp_path / "hm"
    hm.mkdir()
    Image.fromarray(np.full((64, 64), 65535, np.uint16)).save(hm / "h16.png")
    _png(hm / "h8.png", np.full((64, 64), 255, np.uint8), "L")
    items, _ = import_folder("terrain", hm, height_scale_m=40.0)
    assert items.dtype == np.float32 and np.allclose(items, 40.0)

    rooms = tmp_path / "rooms"
    rooms.mkdir()
    grid = get_kind("rooms").make_corpus(1, 0)[0]
    (rooms / "a.json").write_text(json.dumps({"tiles": grid.tolist()}))
    legend = " .#DSpPLI"
    (rooms / "b.json").write_text(json.dumps({"rows": ["".join(legend[v] for v in row) for row in grid]}))
    p = Image.fromarray(grid, "P")
    p.putpalette(get_kind("rooms").palette.ravel().tolist())
    p.save(rooms / "c.png")
    get_kind("rooms").render(grid).resize((32, 32), Image.Resampling.NEAREST).save(rooms / "d.png")
    items, names = import_folder("rooms", rooms)
    assert len(items) == 4 and all(x.tobytes() == grid.tobytes() for x in items)


@pytest.mark.parametrize("case, pattern", [
    ("not_png", r"bad\.png is not a PNG file"),
    ("wrong_mode_heightmap", r"bad\.png has pixel mode 'RGB'.*greyscale"),
    ("unknown_class_json", r"bad\.json: unknown tile class 12 at row 0, column 3"),
    ("bad_json", r"bad\.json is not valid JSON \(line 1"),
    ("unknown_char", r"unknown tile character 'x' at row 0, column 1"),
    ("wrong_room_size", r"bad\.json is a 3x3 layout; rooms are 32x32"),
    ("rgb_room_png", r"bad\.png: pixel at row 0, column 0 has colour"),
    ("transparent_texture", r"bad\.png has transparent pixels"),
    ("wrong_mode_texture", r"bad\.png has pixel mode 'I;16'"),
])
def test_bad_files_raise_content_error_naming_file_and_fix(tmp_path, case, pattern):
    d = tmp_path / "in"
    d.mkdir()
    kind = "rooms"
    if case == "not_png":
        (d / "bad.png").write_bytes(b"GIF89a not a png")
        kind = "textures"
    elif case == "wrong_mode_heightmap":
        _png(d / "bad.png", np.zeros((64, 64, 3), np.uint8))
        kind = "terrain"
    elif case == "unknown_class_json":
        tiles = np.zeros((32, 32), int)
        tiles[0, 3] = 12
        (d / "bad.json").write_text(json.dumps({"tiles": tiles.tolist()}))
    elif case == "bad_json":
        (d / "bad.json").write_text('{"tiles": [1, 2,')
    elif case == "unknown_char":
        (d / "bad.json").write_text(json.dumps({"rows": ["#x" + "#" * 30] * 32}))
    elif case == "wrong_room_size":
        (d / "bad.json").write_text(json.dumps({"tiles": [[0, 0, 0]] * 3}))
    elif case == "rgb_room_png":
        _png(d / "bad.png", np.full((32, 32, 3), 77, np.uint8))
    elif case == "transparent_texture":
        _png(d / "bad.png", np.zeros((64, 64, 4), np.uint8))
        kind = "textures"
    elif case == "wrong_mode_texture":
        Image.fromarray(np.zeros((64, 64), np.uint16)).save(d / "bad.png")
        kind = "textures"
    with pytest.raises(ContentError, match=pattern):
        import_folder(kind, d)


def test_import_of_characters_or_an_empty_folder_is_refused(tmp_path):
    with pytest.raises(ContentError, match="cannot be imported"):
        import_folder("characters", tmp_path)
    with pytest.raises(ContentError, match="empty"):
        import_folder("rooms", tmp_path)
