"""The one place every generator-training knob lives: a dataclass, read from YAML; unknown keys are an error."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from python_bridge.names import DEFAULT_KIND, KIND_NAMES
from python_bridge.errors import ConfigError

KINDS = KIND_NAMES
MODELS = ("gan", "vae", "aae")
ADVERSARIAL_LOSSES = ("dcgan", "wgan-gp")
CONFIG_DIR = Path(__file__).resolve().parent / "configs"


@dataclass
class GeneratorConfig:
    """Everything `vrbridge train-generator` needs, CleanRL-style: one field, one knob."""

    # --- what to model -------------------------------------------------------------------------
    kind: str = DEFAULT_KIND
    """content kind: rooms | textures | terrain | characters"""
    model: str = "gan"
    """gan (generator + critic) | vae (encoder + decoder, KL prior) | aae (encoder + decoder whose
    latent is shaped by a latent discriminator, plus an optional item discriminator)"""
    adversarial_loss: str = "wgan-gp"
    """gan / aae item discriminator: 'dcgan' (non-saturating BCE) or 'wgan-gp' (Wasserstein + GP)"""
    conditional: bool = False
    """condition the decoder (and critic / encoder) on the item's descriptors, scaled to [-1, 1]"""
    latent_dim: int = 32
    """latent channels; the flat latent a consumer sees is latent_dim * latent_grid**2"""
    latent_grid: int = 1
    """1: a vector latent; g > 1: a spatial latent of latent_dim channels on a g x g map
    (conv kinds only; keeps texture detail an autoencoder must reconstruct)"""
    width: int = 32
    """base channel count of the conv nets (hidden units / 4 for the characters MLPs)"""

    # --- data ----------------------------------------------------------------------------------
    corpus_size: int = 4000
    """items drawn from the kind's make_corpus(corpus_size, corpus_seed)"""
    corpus_seed: int = 0
    """seed of the procedural corpus"""
    corpus_dir: str = ""
    """if set, read the corpus from this directory (content.corpus format) instead"""
    corpus_cache: str = "runs/corpora"
    """folder caching generated corpora as .npy (keyed by kind, size, seed); empty disables"""
    holdout_fraction: float = 0.1
    """share of the corpus held out of training (autoencoder PSNR/SSIM, novelty reference)"""

    # --- optimisation --------------------------------------------------------------------------
    epochs: int = 20
    """passes over the training split"""
    batch_size: int = 64
    """items per update"""
    lr: float = 2e-4
    """Adam learning rate of the generator / decoder / encoder"""
    lr_critic: float = 2e-4
    """Adam learning rate of the discriminators"""
    beta1: float = 0.5
    """Adam beta1 (0.5 for GANs as in DCGAN; 0.9 for autoencoders)"""
    beta2: float = 0.999
    """Adam beta2"""
    n_critic: int = 1
    """discriminator updates per generator update (5 is usual for wgan-gp)"""
    gp_weight: float = 10.0
    """wgan-gp gradient-penalty weight"""
    kl_weight: float = 1.0
    """vae: weight of the KL term per latent unit relative to the per-item reconstruction loss"""
    kl_warmup_epochs: int = 0
    """vae: linearly ramp the KL weight from 0 over this many epochs"""
    adv_weight: float = 1.0
    """aae: weight of the latent-adversary term in the encoder's loss"""
    item_adv_weight: float = 0.0
    """aae: weight of the item discriminator on decoded prior samples (0 switches it off)"""
    recon_weight: float = 1.0
    """vae / aae: weight of the reconstruction term"""
    room_layers: bool = False
    """rooms: model a room as layers (which 2x2 blocks are walkable, which tiles beside them hold
    which prop, one spawn position, doors on the wall ring; content.rooms.room_layers) instead of
    per-tile classes: narrow passages, a second spawn and doors off the wall become impossible to output"""
    room_block_threshold: float = 0.5
    """rooms with room_layers: probability above which a 2x2 block is walkable when decoding"""
    room_prop_threshold: float = 0.5
    """rooms with room_layers: probability above which a tile next to the walkable area holds a prop when decoding"""
    room_passage_weight: float = 1.0
    """rooms with room_layers: block-loss weight on blocks at 2-wide passages (doorways, corridors),
    where a missed block disconnects the room"""
    room_temperature: float = 1.0
    """rooms gan/aae: softmax temperature of the generated tiles the critic sees (< 1: sharper)"""
    room_gumbel: bool = False
    """rooms gan/aae: show the critic straight-through Gumbel-softmax one-hot tiles (hard fakes
    against hard reals) instead of softmax probabilities"""
    real_label_smoothing: float = 0.0
    """rooms gan/aae: mix this much uniform mass into real one-hot tiles the critic sees"""
    lr_decay: bool = True
    """cosine-decay every learning rate to 10 % over the run"""

    # --- run -----------------------------------------------------------------------------------
    seed: int = 1
    """seed of initialisation, shuffling and noise"""
    threads: int = 1
    """torch intra-op threads (results are exactly reproducible for a fixed value)"""
    out_dir: str = "runs/generators"
    """runs are written to out_dir/run_name"""
    run_name: str = ""
    """derived when empty: {kind}_{model}_s{seed}"""
    sheet_size: int = 64
    """fixed-noise contact sheet size (a square number), rendered every epoch"""
    log_every: int = 25
    """TensorBoard scalars every this many updates"""
    eval_samples: int = 1000
    """samples drawn by eval-generator"""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ConfigError(f"kind {self.kind!r} is not one of {KINDS}")
        if self.model not in MODELS:
            raise ConfigError(f"model {self.model!r} is not one of {MODELS}")
        if self.adversarial_loss not in ADVERSARIAL_LOSSES:
            raise ConfigError(f"adversarial_loss {self.adversarial_loss!r} is not one of {ADVERSARIAL_LOSSES}")
        if self.latent_grid < 1:
            raise ConfigError("latent_grid must be >= 1 (1 = vector latent)")
        if self.latent_grid > 1 and self.kind == "characters":
            raise ConfigError("latent_grid > 1 needs a spatial kind; characters take a vector latent")
        if self.latent_grid > 1 and self.model == "gan":
            raise ConfigError("latent_grid > 1 is for autoencoders (vae / aae); a gan takes a vector latent")
        for name in ("latent_dim", "width", "corpus_size", "epochs", "batch_size", "n_critic", "threads"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be >= 1, got {getattr(self, name)}")
        if self.room_layers and (self.kind != "rooms" or self.room_gumbel):
            raise ConfigError("room_layers is for kind rooms, without room_gumbel (layers are not one-hot tiles)")
        for name in ("room_block_threshold", "room_prop_threshold"):
            if not 0.0 < getattr(self, name) < 1.0:
                raise ConfigError(f"{name} must be in (0, 1), got {getattr(self, name)}")
        if not 0.0 <= self.holdout_fraction < 0.9:
            raise ConfigError("holdout_fraction must be in [0, 0.9)")
        root = int(round(self.sheet_size ** 0.5))
        if root * root != self.sheet_size:
            raise ConfigError(f"sheet_size must be a square number, got {self.sheet_size}")
        if not self.run_name:
            self.run_name = f"{self.kind}_{self.model}_s{self.seed}"

    @property
    def flat_latent_dim(self) -> int:
        """Size of the flat latent vector consumers pass to generate()."""
        return self.latent_dim * self.latent_grid * self.latent_grid

    @property
    def run_dir(self) -> Path:
        return Path(self.out_dir) / self.run_name

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def config_from_dict(data: dict[str, Any], source: str = "config") -> GeneratorConfig:
    """Build a config; unknown keys and wrongly typed values raise ConfigError naming them."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of knobs, got {type(data).__name__}")
    fields = {f.name: f for f in dataclasses.fields(GeneratorConfig)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ConfigError(
            f"{source}: unknown key(s) {unknown}; known keys are {sorted(fields)} "
            "(see python_bridge/generators/config.py)"
        )
    clean: dict[str, Any] = {}
    for key, value in data.items():
        default = fields[key].default
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise ConfigError(f"{source}: {key} must be true or false, got {value!r}")
        elif isinstance(default, int):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ConfigError(f"{source}: {key} must be an integer, got {value!r}")
        elif isinstance(default, float):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(f"{source}: {key} must be a number, got {value!r}")
            value = float(value)
        elif isinstance(default, str):
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise ConfigError(f"{source}: {key} must be a string, got {value!r}")
        clean[key] = value
    return GeneratorConfig(**clean)


def load_config(path: str | Path, **overrides: Any) -> GeneratorConfig:
    """Read a YAML config file (only known keys) and apply keyword overrides on top."""
    path = Path(path)
    if not path.is_file():
        shipped = CONFIG_DIR / path.name
        if shipped.is_file():
            path = shipped
        else:
            raise ConfigError(f"config file {path} not found; shipped configs: {shipped_configs()}")
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of knobs at the top level")
    data.update({k: v for k, v in overrides.items() if v is not None})
    return config_from_dict(data, source=str(path))


def shipped_configs() -> list[str]:
    return sorted(p.name for p in CONFIG_DIR.glob("*.yaml"))
