"""Every metric on cases whose answer is known by hand."""
import math

import numpy as np
import pytest

from python_bridge.metrics import (
    corpus_report, coverage, expressive_range, kl_from_counts, mean_pairwise_distance, nearest_distances,
    novelty, pattern_counts, psnr, ssim, tile_pattern_kl, validity_rate,
)


def test_diversity_of_identical_items_is_zero_and_of_known_points_is_exact():
    same = np.ones((5, 7))
    assert mean_pairwise_distance(same) == 0.0
    corners = np.array([[0.0, 0.0], [3.0, 4.0], [0.0, 8.0]])   # pair distances 5, 8, 5
    assert mean_pairwise_distance(corners) == pytest.approx(6.0)
    assert mean_pairwise_distance(corners, "cityblock_mean") == pytest.approx(((3 + 4) / 2 + 8 / 2 + (3 + 4) / 2) / 3)
    bits = np.array([[0, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 1]])  # hamming 0.5, 1, 0.5
    assert mean_pairwise_distance(bits, "hamming") == pytest.approx(2 / 3)
    assert mean_pairwise_distance(np.zeros((1, 3))) == 0.0


def test_diversity_subsample_is_seeded():
    x = np.random.default_rng(0).random((50, 4))
    assert mean_pairwise_distance(x, max_items=20, seed=1) == mean_pairwise_distance(x, max_items=20, seed=1)


def test_novelty_is_distance_to_the_nearest_reference():
    ref = np.array([[0.0, 0.0], [10.0, 0.0]])
    x = np.array([[1.0, 0.0], [10.0, 2.0], [0.0, 0.0]])
    np.testing.assert_allclose(nearest_distances(x, ref), [1.0, 2.0, 0.0])
    assert novelty(x, ref) == pytest.approx(1.0)
    assert novelty(ref, ref) == 0.0


def test_tile_pattern_kl_is_zero_for_identical_sets_and_matches_a_hand_computation():
    rng = np.random.default_rng(0)
    levels = rng.integers(0, 4, (5, 8, 8))
    assert all(v == 0.0 for v in tile_pattern_kl(levels, levels.copy()).values())
    # 2x2 patterns of a 2x3 grid: two windows. A = {p, p}, B = {p, q}
    a = np.array([[[0, 0, 0], [0, 0, 0]]])
    b = np.array([[[0, 0, 1], [0, 0, 1]]])
    assert pattern_counts(a, 2) == {0: 2}
    assert sorted(pattern_counts(b, 2, n_classes=2).values()) == [1, 1]
    eps = 1e-6
    p = np.array([(1 + eps) / (1 + 2 * eps), eps / (1 + 2 * eps)])
    q = np.array([(0.5 + eps) / (1 + 2 * eps)] * 2)
    kl_pq = float(np.sum(p * np.log(p / q)))
    kl_qp = float(np.sum(q * np.log(q / p)))
    got = tile_pattern_kl(a, b, sizes=(2,), n_classes=2)[2]
    assert got == pytest.approx(0.5 * kl_pq + 0.5 * kl_qp, rel=1e-12)
    assert tile_pattern_kl(a, b, sizes=(2,), n_classes=2, w=1.0)[2] == pytest.approx(kl_pq, rel=1e-12)
    assert kl_from_counts({1: 3}, {1: 7}) == 0.0


def test_tile_pattern_kl_grows_as_sets_differ():
    rng = np.random.default_rng(1)
    base = rng.integers(0, 3, (20, 16, 16))
    near = base.copy()
    near[:, :2] = 0
    far = np.zeros_like(base)
    kl_near = tile_pattern_kl(near, base, sizes=(2,))[2]
    kl_far = tile_pattern_kl(far, base, sizes=(2,))[2]
    assert 0 < kl_near < kl_far


def test_psnr_of_a_known_mse_and_ssim_of_identical_images():
    a = np.zeros((16, 16))
    b = a + 2.0                                    # MSE = 4
    assert psnr(a, b, data_range=255.0) == pytest.approx(10 * math.log10(255.0 ** 2 / 4.0))
    assert psnr(a, b, data_range=1.0) == pytest.approx(10 * math.log10(1 / 4.0))
    assert psnr(a, a, data_range=1.0) == math.inf
    img = np.random.default_rng(0).integers(0, 255, (32, 32, 3)).astype(np.uint8)
    assert ssim(img, img, data_range=255.0, channel_axis=-1) == pytest.approx(1.0)
    noisy = np.clip(img + np.random.default_rng(1).normal(0, 40, img.shape), 0, 255)
    assert ssim(img, noisy, data_range=255.0, channel_axis=-1) < 0.9
    with pytest.raises(TypeError):
        psnr(a, b)  # the data range is never guessed


def test_expressive_range_histogram_and_coverage():
    x = np.array([0.05, 0.05, 0.95, 0.55])
    y = np.array([0.05, 0.05, 0.95, 0.15])
    h = expressive_range(x, y, (0, 1), (0, 1), bins=10)
    assert h.shape == (10, 10) and h.sum() == pytest.approx(1.0)
    assert h[0, 0] == 0.5 and h[9, 9] == 0.25 and h[5, 1] == 0.25
    assert coverage(h) == pytest.approx(3 / 100)


class _Halves:
    """A toy kind: items are 4-vectors, valid when their sum is even."""

    name = "toy"
    descriptor_names = ("first", "last")
    descriptor_ranges = {"first": (0.0, 1.0), "last": (0.0, 1.0)}
    distance_metric = "cityblock_mean"

    class _Rep:
        def __init__(self, ok):
            self.valid = ok
            self.rules_failed = () if ok else ("odd",)

    def validate(self, x):
        return self._Rep(int(x.sum()) % 2 == 0)

    def repair(self, x):
        y = x.copy()
        y[0] = 1 - y[0]
        return y

    def descriptors_batch(self, items):
        return items[:, [0, -1]].astype(float)

    def distance_features(self, items):
        return items.astype(float)


def test_corpus_report_on_a_toy_kind():
    items = np.array([[0, 0, 0, 0], [1, 1, 0, 0], [1, 0, 0, 0], [1, 1, 1, 1]])
    assert validity_rate(_Halves(), items) == (0.75, {"odd": 1})
    r = corpus_report(_Halves(), items, reference=items, repair=True)
    assert r["kind"] == "toy" and r["n"] == 4 and r["validity"] == 0.75
    assert r["rules_failed"] == {"odd": 1}
    assert r["novelty"] == 0.0
    assert r["repaired"] == 1 and r["validity_after_repair"] == 1.0
    d = np.abs(items[:, None, :] - items[None, :, :]).mean(-1)
    assert r["diversity"] == pytest.approx(d[np.triu_indices(4, 1)].mean())
