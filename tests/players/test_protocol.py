"""The player protocol: shipped families, populations from a file or module, and each fault in one line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from python_bridge.content.registry import get_kind
from python_bridge.players.families import FAMILY_NAMES, spec_of
from python_bridge.players.protocol import PopulationError, dry_run, make_players, utilities

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "docs" / "example_population.py") + ":make_players"


@pytest.fixture(scope="module")
def textures() -> np.ndarray:
    return get_kind("textures").make_corpus(24, seed=5)


@pytest.mark.parametrize("family", FAMILY_NAMES)
def test_shipped_families_keep_the_protocol_and_see_the_item(family, textures):
    players = make_players(spec_of(family), 4, 0, "textures")
    dry_run(spec_of(family), players, textures[0])
    u = np.stack([utilities(p, textures, 0) for p in players])
    assert u.shape == (4, 24) and np.all((u >= 0) & (u <= 1))
    assert u.std(axis=1).min() > 0, "taste must depend on the content shown"
    again = np.stack([utilities(p, textures, 0) for p in make_players(spec_of(family), 4, 0, "textures")])
    other = np.stack([utilities(p, textures, 0) for p in make_players(spec_of(family), 4, 1, "textures")])
    assert np.allclose(u, again) and not np.allclose(u, other), "same seed, same people; another seed, other people"


def test_families_differ_in_who_likes_what(textures):
    # Structurally different families rank the same content differently.
    means = {f: np.mean([utilities(p, textures) for p in make_players(spec_of(f), 8, 0, "textures")], axis=0)
             for f in FAMILY_NAMES}
    corr = np.corrcoef(np.stack(list(means.values())))
    assert corr[np.triu_indices(len(means), 1)].max() < 0.95


def test_drifting_taste_moves_with_the_decision(textures):
    p = make_players(spec_of("drifting"), 1, 3, "textures")[0]
    assert p.drifts and not np.allclose(utilities(p, textures, 0), utilities(p, textures, 19))


def test_perceptual_raters_use_personal_likert_thresholds(textures):
    players = make_players(spec_of("perceptual"), 6, 0, "textures")
    rng = np.random.default_rng(0)
    for p in players:
        p.session_start(0.0, "s")
        ratings = [e.value for item in textures for e in p.experience("c", item, "director-0", 0.0, rng) if e.kind == "rating"]
        assert set(np.round(np.array(ratings) * 4, 6)) <= {0.0, 1.0, 2.0, 3.0, 4.0}
    cuts = {p.responder.thresholds for p in players}
    assert len(cuts) == len(players), "each rater has their own thresholds"


def test_a_population_from_a_file_works(textures):
    players = make_players(EXAMPLE, 3, 0, "textures")
    dry_run(EXAMPLE, players, textures[0])
    assert len({p.player_id for p in players}) == 3


def _write(tmp_path: Path, body: str) -> str:
    path = tmp_path / "pop.py"
    path.write_text(body)
    return f"{path}:make"


@pytest.mark.parametrize("body, needle", [
    ("raise RuntimeError('boom')\n", "importing .*pop.py failed with RuntimeError: boom"),
    ("def make(n, seed, kind):\n    return []\n", "asked for 2 players, the factory returned 0"),
    ("def make(n, seed, kind):\n    return 5\n", "returned int, not a list of players"),
    ("def make(n, seed, kind):\n    raise KeyError(kind)\n", r"make\(2, 0, 'textures'\) raised KeyError"),
    ("class P:\n    player_id = 'a'\ndef make(n, seed, kind):\n    return [P(), P()]\n", "lacks session_start"),
    ("other = 1\n", "has no callable 'make'"),
])
def test_a_bad_population_is_one_line_naming_the_file_and_the_fault(tmp_path, body, needle):
    spec = _write(tmp_path, body)
    with pytest.raises(PopulationError, match=needle) as err:
        make_players(spec, 2, 0, "textures")
    assert "pop.py" in str(err.value) and "\n" not in str(err.value)


def test_missing_file_and_module_are_named(tmp_path):
    with pytest.raises(PopulationError, match="no file"):
        make_players(str(tmp_path / "nope.py") + ":make", 2, 0, "textures")
    with pytest.raises(PopulationError, match="cannot import module 'no_such_module_xyz'"):
        make_players("no_such_module_xyz:make", 2, 0, "textures")
    with pytest.raises(PopulationError, match="FILE.py:FACTORY"):
        make_players("just-a-name", 2, 0, "textures")


def test_malformed_events_are_caught_before_a_run(tmp_path, textures):
    body = (Path(EXAMPLE.rpartition(":")[0]).read_text()
            + "\nclass Bad(ExamplePlayer):\n    def experience(self, *a, **k):\n        return ['not an event']\n"
            + "def make(n, seed, kind):\n    return [Bad(f'p{i}', np.zeros(2), 0.0) for i in range(n)]\n")
    spec = _write(tmp_path, body)
    players = make_players(spec, 2, 0, "textures")
    with pytest.raises(PopulationError, match="returned a str, not a FeedbackEvent"):
        dry_run(spec, players, textures[0])


def test_the_stand_in_refuses_a_bad_population_in_one_line(tmp_path):
    spec = _write(tmp_path, "def make(n, seed, kind):\n    return [1] * n\n")
    r = subprocess.run([sys.executable, "-m", "python_bridge", "sim-unity", "--port", "1", "--steps", "1",
                        "--kind", "textures", "--population", spec], capture_output=True, text=True, timeout=120,
                       cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 2
    assert json.loads(r.stdout.strip().splitlines()[-1])["quit_reason"] == "bad population"
    assert "pop.py" in r.stderr and "lacks session_start" in r.stderr
