"""Config files: every knob known, unknown keys and bad values rejected with the key named."""
from __future__ import annotations

import pytest

from python_bridge.cli import main
from python_bridge.errors import ConfigError
from python_bridge.generators.config import load_config, shipped_configs


def test_unknown_key_is_an_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("kind: rooms\nmodel: gan\nlearning_rate: 0.1\n")
    with pytest.raises(ConfigError, match="learning_rate"):
        load_config(path)


def test_cli_reports_unknown_key_and_exits_2(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text("kind: rooms\nepocs: 3\n")
    assert main(["train-generator", "--config", str(path)]) == 2
    assert "epocs" in capsys.readouterr().err


@pytest.mark.parametrize("text, key", [
    ("kind: caves\n", "kind"),
    ("model: diffusion\n", "model"),
    ("epochs: ten\n", "epochs"),
    ("conditional: 1\n", "conditional"),
    ("sheet_size: 10\n", "sheet_size"),
])
def test_bad_values_are_errors(tmp_path, text, key):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=key):
        load_config(path)


def test_shipped_configs_load_and_name_their_run():
    names = shipped_configs()
    assert {"rooms_gan.yaml", "textures_vae.yaml", "terrain_vae.yaml", "characters_vae.yaml"} <= set(names)
    for name in names:
        cfg = load_config(name)
        assert name.startswith(cfg.kind) and cfg.model in name
