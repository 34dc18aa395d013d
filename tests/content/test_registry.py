"""The registry contract other packages code against: kinds, shapes, determinism, exact wire round trips."""
import numpy as np
import pytest

from python_bridge.content import (
    KINDS, ContentKind, content_from_proto, content_to_proto, contents_equal, get_kind, kind_for_proto,
)
from python_bridge.errors import ContentError
from python_bridge.protocol import pb
from python_bridge.types import Content, Provenance

SHAPES = {
    "rooms": ((32, 32), np.uint8),
    "textures": ((64, 64, 3), np.uint8),
    "terrain": ((64, 64), np.float32),
    "characters": ((25,), np.float32),
}


def test_all_four_kinds_are_registered_with_the_documented_shapes():
    assert set(KINDS) == set(SHAPES)
    for name, (shape, dtype) in SHAPES.items():
        k = get_kind(name)
        assert isinstance(k, ContentKind) and k.name == name
        assert k.item_shape == shape and k.dtype == np.dtype(dtype)
        assert kind_for_proto(k.proto_kind) is k
        assert set(k.descriptor_ranges) == set(k.descriptor_names)


def test_unknown_kind_names_the_registered_ones():
    with pytest.raises(ContentError, match="rooms"):
        get_kind("sounds")
    with pytest.raises(ContentError):
        kind_for_proto(pb.CONTENT_KIND_UNSPECIFIED)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_make_corpus_is_deterministic_and_item_i_ignores_n(name):
    k = get_kind(name)
    a = k.make_corpus(6, seed=3)
    b = k.make_corpus(6, seed=3)
    assert a.shape == (6, *k.item_shape) and a.dtype == k.dtype
    assert a.tobytes() == b.tobytes()
    one = k.make_corpus(1, seed=3)
    assert one[0].tobytes() == a[0].tobytes()
    assert k.make_items(3, 4, 5)[0].tobytes() == a[4].tobytes()
    assert k.make_corpus(6, seed=4).tobytes() != a.tobytes()


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_descriptors_lie_in_their_documented_ranges(name):
    k = get_kind(name)
    items = k.make_corpus(8, seed=1)
    d = k.descriptors_batch(items)
    assert d.shape == (8, len(k.descriptor_names))
    for j, nm in enumerate(k.descriptor_names):
        lo, hi = k.descriptor_ranges[nm]
        assert (d[:, j] >= lo - 1e-9).all() and (d[:, j] <= hi + 1e-9).all(), nm
    np.testing.assert_allclose(k.descriptors(items[0]), d[0])


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_wire_round_trip_is_exact_through_bytes(name):
    k = get_kind(name)
    item = k.make_corpus(1, seed=7)[0]
    prov = Provenance(generator=f"procedural/{name}@1", checkpoint_sha256="ab" * 32, latent=(0.5, -1.25, 3.0),
                      condition=(1.0,), seed=2**63 + 5, policy="bandit", created_unix_s=1795000000.123456)
    c = Content(kind=name, content_id=f"{name}-1", data=item, provenance=prov, slot="main_room")
    msg = k.to_proto(c)
    assert msg.kind == k.proto_kind and msg.header.major == 1
    wire = pb.ContentMessage.FromString(msg.SerializeToString())
    back = k.from_proto(wire)
    assert contents_equal(back, c)
    assert contents_equal(content_from_proto(content_to_proto(c)), c)


def test_room_message_carries_prop_placements_by_class():
    k = get_kind("rooms")
    grid = k.make_corpus(1, seed=0)[0]
    msg = k.to_proto(Content("rooms", "r", grid, Provenance("t")))
    props = msg.room.props
    assert msg.room.width == 32 and msg.room.height == 32 and msg.room.tile_size_m == 1.0
    assert len(props) > 0
    ids = {"small_prop": 5, "large_prop": 6, "light": 7, "interactable": 8}
    for p in props:
        assert grid[p.y, p.x] == ids[p.prop_id]
        assert p.interactable == (p.prop_id == "interactable")
    singles = sum(int((grid == c).sum()) for c in (5, 7, 8))
    assert sum(p.prop_id != "large_prop" for p in props) == singles


def test_to_proto_refuses_wrong_kind_shape_or_dtype_with_the_fix():
    k = get_kind("rooms")
    good = k.make_corpus(1, 0)[0]
    with pytest.raises(ContentError, match="get_kind"):
        k.to_proto(Content("terrain", "x", good, Provenance("t")))
    with pytest.raises(ContentError, match="astype"):
        k.to_proto(Content("rooms", "x", good.astype(np.int64), Provenance("t")))
    with pytest.raises(ContentError, match="shape"):
        k.to_proto(Content("rooms", "x", good[:16], Provenance("t")))


def test_from_proto_refuses_a_message_of_another_kind():
    rooms, terrain = get_kind("rooms"), get_kind("terrain")
    msg = terrain.to_proto(Content("terrain", "t", terrain.make_corpus(1, 0)[0], Provenance("t")))
    with pytest.raises(ContentError, match="CONTENT_KIND_TERRAIN"):
        rooms.from_proto(msg)


def test_validate_reports_a_shape_failure_instead_of_raising():
    rep = get_kind("textures").validate(np.zeros((8, 8), np.uint8))
    assert not rep.valid and rep.rules_failed == ("shape",)
    assert "shape" in rep.summary()
