"""Rules, repair, descriptors and pictures of textures, terrain and characters on cases with known answers."""
import numpy as np

from python_bridge.content import get_kind
from python_bridge.content.characters import IDX, PARAM_NAMES, SKIN_LOCUS
from python_bridge.content.terrain import CELL_SIZE_M, slope_deg
from python_bridge.content.textures import seam_ratio

TEX, TER, CHA = get_kind("textures"), get_kind("terrain"), get_kind("characters")
YY, XX = np.mgrid[0:64, 0:64]


def test_a_periodic_texture_tiles_and_a_ramp_does_not():
    stripes = (128 + 60 * np.sin(2 * np.pi * 4 * XX / 64))[..., None].repeat(3, -1).astype(np.uint8)
    assert TEX.validate(stripes).valid
    ramp = np.repeat(np.linspace(30, 220, 64)[None, :, None], 64, 0).repeat(3, -1).astype(np.uint8)
    rep = TEX.validate(ramp)
    assert rep.rules_failed == ("seam",)
    assert "left/right" in rep.failures[0].where
    sx, sy = seam_ratio(ramp)
    assert sx > 10 and sy == 0.0
    fixed = TEX.repair(ramp)
    assert TEX.validate(fixed).valid, TEX.validate(fixed).summary()


def test_flat_and_clipped_textures_fail_their_rules():
    assert "flat" in TEX.validate(np.full((64, 64, 3), 120, np.uint8)).rules_failed
    clipped = np.where((XX // 8 + YY // 8)[..., None] % 2 == 0, 0, 255).repeat(3, -1).astype(np.uint8)
    assert "value_range" in TEX.validate(clipped).rules_failed


def test_texture_descriptors_of_known_images():
    grey = np.full((64, 64, 3), 100, np.uint8)
    grey[::2] = 140
    d = dict(zip(TEX.descriptor_names, TEX.descriptors(grey)))
    assert abs(d["brightness"] - 120 / 255) < 1e-9
    assert d["saturation"] == 0.0 and d["warmth"] == 0.0
    assert d["anisotropy"] == 1.0          # all change is along y
    assert d["regularity"] > 0.99          # perfectly periodic
    red = np.zeros((64, 64, 3), np.uint8)
    red[..., 0] = 200
    red[::2, :, 0] = 150
    assert TEX.descriptors(red)[TEX.descriptor_names.index("warmth")] > 0.6


def test_procedural_textures_cover_the_material_families():
    items = TEX.make_corpus(28, seed=2)
    assert sum(TEX.validate(x).valid for x in items) >= 27
    assert {TEX.family_of(2, i) for i in range(28)} >= {"wood", "stone", "brick", "marble", "fabric", "metal"}
    img = TEX.render(items[0])
    assert img.size == (128, 128)                       # tiled 2x2
    a = np.asarray(img)
    assert (a[:64, :64] == a[64:, 64:]).all()


def test_terrain_slope_rule_and_spike_rule_use_metres():
    flat = np.zeros((64, 64), np.float32)
    assert TER.validate(flat).valid
    ramp = (XX * CELL_SIZE_M * np.tan(np.radians(20))).astype(np.float32)   # 20 deg everywhere
    np.testing.assert_allclose(slope_deg(ramp), 20.0, atol=1e-4)
    assert TER.validate(ramp).valid
    steep = (XX * CELL_SIZE_M * np.tan(np.radians(40))).astype(np.float32)
    assert TER.validate(steep).rules_failed == ("walkable_slope",)
    spiky = flat.copy()
    spiky[10, 20] = 5.0
    rep = TER.validate(spiky)
    assert "spike" in rep.rules_failed
    assert "(10,20)" in next(f.where for f in rep.failures if f.rule == "spike")
    assert TER.validate(TER.repair(spiky)).valid
    nan = flat.copy()
    nan[1, 1] = np.nan
    assert TER.validate(nan).rules_failed == ("finite",)


def test_terrain_descriptors_of_known_surfaces():
    ramp = (XX * CELL_SIZE_M * np.tan(np.radians(9))).astype(np.float32)
    d = dict(zip(TER.descriptor_names, TER.descriptors(ramp)))
    assert abs(d["mean_slope"] - 9 / 45) < 1e-4
    assert d["walkable"] == 1.0 and d["flatness"] == 0.0
    assert abs(d["relief"] - min(1.0, 63 * CELL_SIZE_M * np.tan(np.radians(9)) / 60)) < 1e-5


def test_procedural_terrain_is_walkable_varied_landscape():
    items = TER.make_corpus(20, seed=5)
    assert sum(TER.validate(x).valid for x in items) >= 19
    assert len({TER.family_of(5, i) for i in range(20)}) >= 4
    assert items.std(axis=(1, 2)).min() > 0.2             # none is flat
    assert TER.render(items[0]).size == (128, 128)


def test_character_rules_name_the_parameter():
    x = CHA.make_corpus(1, seed=0)[0].copy()
    assert CHA.validate(x).valid
    y = x.copy()
    y[IDX["height_m"]] = 2.5
    rep = CHA.validate(y)
    assert rep.rules_failed == ("range",) and rep.failures[0].where == "height_m"
    z = x.copy()
    z[IDX["skin_r"]:IDX["skin_r"] + 3] = (0.1, 0.9, 0.1)   # green skin
    assert "skin_tone" in CHA.validate(z).rules_failed
    assert CHA.validate(CHA.repair(z)).valid
    w = x.copy()
    w[IDX["hat"]] = 0.5
    assert "accessory" in CHA.validate(w).rules_failed


def test_character_corpus_has_the_intended_correlations():
    X = CHA.make_corpus(600, seed=9)
    assert X.shape == (600, len(PARAM_NAMES))
    h, leg = X[:, IDX["height_m"]], X[:, IDX["leg_length"]]
    assert np.corrcoef(h, leg)[0, 1] > 0.4
    skin = X[:, IDX["skin_r"]:IDX["skin_r"] + 3]
    assert skin.min() >= SKIN_LOCUS.min() - 0.1
    assert sum(CHA.validate(x).valid for x in X) / 600 > 0.98
    img = CHA.render(X[0])
    assert img.mode == "RGB" and img.size[1] > img.size[0]
