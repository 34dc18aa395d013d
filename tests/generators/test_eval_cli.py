"""train-generator -> eval-generator -> models list through the vrbridge command."""
from __future__ import annotations

import json


from python_bridge.cli import main
from python_bridge.generators.evaluate import collapse_reasons
from tests.generators.conftest import write_yaml


def test_cli_train_eval_and_list(make_cfg, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = make_cfg(model="vae", epochs=1)
    path = write_yaml(tmp_path / "tiny.yaml", cfg)
    assert main(["train-generator", "--config", str(path), "--no-progress"]) == 0
    ckpt = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["checkpoint"]

    assert main(["eval-generator", ckpt, "--json", "--samples", "24"]) == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    for key in ("kind", "model", "validity_before_repair", "diversity", "corpus_diversity", "psnr", "ssim",
                "novelty", "tile_pattern_kl", "expressive_range", "mode_collapse", "validity_after_repair"):
        assert key in report, key
    assert report["kind"] == "rooms" and report["model"] == "vae"
    assert 0.0 <= report["validity_before_repair"] <= 1.0
    out = tmp_path / "runs" / "eval-generator" / "checkpoint"  # under the working directory, not the checkpoint's
    assert report["out_dir"] == str(out.relative_to(tmp_path))
    assert not any(p.name.startswith("eval") for p in cfg.run_dir.iterdir())
    assert {"eval.json", "samples.png", "expressive_range.png", "reconstructions.png"} <= {
        p.name for p in out.iterdir()}

    assert main(["models", "list", "--runs-dir", str(cfg.out_dir)]) == 0
    listing = capsys.readouterr().out
    assert cfg.run_name in listing and ckpt in listing


def test_mode_collapse_is_flagged():
    assert collapse_reasons(diversity=0.01, corpus_diversity=0.3, unique_fraction=1.0)
    assert collapse_reasons(diversity=0.3, corpus_diversity=0.3, unique_fraction=0.1)
    assert not collapse_reasons(diversity=0.28, corpus_diversity=0.3, unique_fraction=0.9)
    assert collapse_reasons(diversity=float("nan"), corpus_diversity=0.3, unique_fraction=1.0)


def test_conditional_autoencoder_eval_reports_exemplar_samples_beside_prior_samples(make_cfg, tmp_path):
    from python_bridge.generators.evaluate import evaluate
    from python_bridge.generators.train import train

    ckpt = train(make_cfg(kind="textures", model="vae", conditional=True, corpus_size=64, batch_size=16,
                          latent_grid=8, latent_dim=4, epochs=1), progress=False)
    report = evaluate(ckpt, out_dir=tmp_path / "eval", n_samples=16)
    ex = report["exemplar_samples"]
    assert ex["samples"] == min(16, report["heldout_items"]) > 1
    assert 0.0 <= ex["validity_before_repair"] <= 1.0 and ex["diversity"] > 0
    assert isinstance(ex["mode_collapse"], bool) and ex["condition_mae"] >= 0
    assert (tmp_path / "eval" / "exemplar_samples.png").is_file()
    assert "diversity" in report and "mode_collapse" in report  # the prior samples stay the headline
