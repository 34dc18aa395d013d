"""The content commands as a user runs them: corpus make / import, preview, metrics --json."""
import json

import numpy as np
import pytest
from PIL import Image

from python_bridge.cli import main


@pytest.mark.parametrize("kind", ["rooms", "textures", "terrain", "characters"])
def test_make_then_metrics_json_then_preview(tmp_path, capsys, kind):
    out = tmp_path / kind
    assert main(["corpus", "make", "--kind", kind, "--n", "12", "--out", str(out), "--seed", "3", "--workers", "1"]) == 0
    assert (out / "items.npy").is_file() and (out / "manifest.json").is_file()
    capsys.readouterr()
    assert main(["metrics", str(out), "--json", "--workers", "1"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    report = json.loads(last)
    assert report["kind"] == kind and report["n"] == 12
    assert 0.0 <= report["validity"] <= 1.0 and report["validity"] >= 11 / 12
    assert 0.0 < report["diversity"] <= 1.0
    png = tmp_path / f"{kind}.png"
    er = tmp_path / f"{kind}_er.png"
    assert main(["preview", str(out), "--out", str(png), "--er-out", str(er)]) == 0
    with Image.open(png) as img:
        assert img.format == "PNG" and img.width > 300 and img.height > 100
    assert er.stat().st_size > 1000


def test_metrics_against_a_reference_reports_novelty_and_tile_kl(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    main(["corpus", "make", "--kind", "rooms", "--n", "10", "--out", str(a), "--seed", "1", "--workers", "1"])
    main(["corpus", "make", "--kind", "rooms", "--n", "10", "--out", str(b), "--seed", "2", "--workers", "1"])
    capsys.readouterr()
    assert main(["metrics", str(a), "--reference", str(a), "--json", "--repair", "--workers", "1"]) == 0
    same = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert same["novelty"] == 0.0 and same["tile_pattern_kl_mean"] == 0.0
    assert same["validity_after_repair"] >= same["validity"]
    assert main(["metrics", str(a), "--reference", str(b), "--json", "--workers", "1"]) == 0
    other = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert other["novelty"] > 0.05 and other["tile_pattern_kl_mean"] > 0.0


def test_metrics_reconstruction_of_itself_is_perfect(tmp_path, capsys):
    a = tmp_path / "t"
    main(["corpus", "make", "--kind", "textures", "--n", "4", "--out", str(a), "--workers", "1"])
    capsys.readouterr()
    main(["metrics", str(a), "--reconstruction-of", str(a), "--json", "--workers", "1"])
    rec = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["reconstruction"]
    assert rec["psnr_db"] == 100.0 and rec["ssim"] == 1.0 and rec["data_range"] == 255.0


def test_import_command_and_its_errors(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(src / "a.png")
    assert main(["corpus", "import", str(src), "--kind", "textures", "--out", str(tmp_path / "o")]) == 0
    assert json.loads((tmp_path / "o" / "manifest.json").read_text())["extra"]["files"] == ["a.png"]
    (src / "notes.txt").write_text("hello")
    assert main(["corpus", "import", str(src), "--kind", "textures", "--out", str(tmp_path / "o2")]) == 2
    err = capsys.readouterr().err
    assert "notes.txt is not a PNG file" in err


def test_metrics_of_a_missing_dir_fails_with_advice(tmp_path, capsys):
    assert main(["metrics", str(tmp_path / "nope"), "--json"]) == 2
    assert "corpus make" in capsys.readouterr().err
