"""The generator models as nn.Modules: GAN (generator + critic), VAE, and the adversarial autoencoder (AAE).

All three share one decoding path, so every consumer sees the same latent interface:

    z (B, latent_dim) [+ condition (B, condition_dim) in descriptor units]
        -> decoder -> raw (B, *model_shape) -> codec -> content items

Conditions are the content kind's descriptors in their documented ranges; the model scales
them to [-1, 1] with buffers (``cond_lo``, ``cond_hi``) so the exported graph does it too.
"""
from __future__ import annotations

import torch
from torch import nn

from python_bridge.generators.codec import Codec
from python_bridge.generators.config import GeneratorConfig
from python_bridge.generators.nets import ConvCritic, ConvDecoder, ConvEncoder, MLPCritic, MLPDecoder, MLPEncoder


class ContentModel(nn.Module):
    """Base: owns the codec, the decoder and the condition scaling; subclasses add the rest."""

    has_encoder = False

    def __init__(self, cfg: GeneratorConfig, codec: Codec, cond_lo: list[float], cond_hi: list[float]) -> None:
        super().__init__()
        self.codec = codec
        self.latent_dim = cfg.flat_latent_dim
        self.latent_channels, self.grid = cfg.latent_dim, cfg.latent_grid
        self.cond_dim = len(cond_lo) if cfg.conditional else 0
        self.register_buffer("cond_lo", torch.tensor(cond_lo if self.cond_dim else [], dtype=torch.float32))
        self.register_buffer("cond_hi", torch.tensor(cond_hi if self.cond_dim else [], dtype=torch.float32))
        if codec.spatial:
            self.decoder = ConvDecoder(self.latent_dim + (self.cond_dim if cfg.latent_grid == 1 else 0),
                                       codec.channels, codec.size, cfg.width, grid=cfg.latent_grid,
                                       cond_dim=self.cond_dim if cfg.latent_grid > 1 else 0)
        else:
            self.decoder = MLPDecoder(self.latent_dim + self.cond_dim, codec.channels, cfg.width * 4)

    def scale_condition(self, cond: torch.Tensor | None) -> torch.Tensor | None:
        """Descriptor units ``(B, condition_dim)`` -> [-1, 1]; None for unconditional models."""
        if self.cond_dim == 0:
            return None
        if cond is None:
            raise ValueError(f"this model is conditional: pass a (B, {self.cond_dim}) condition")
        span = (self.cond_hi - self.cond_lo).clamp_min(1e-6)
        return (cond - self.cond_lo) / span * 2.0 - 1.0

    def decode(self, z: torch.Tensor, cond: torch.Tensor | None = None) -> torch.Tensor:
        """``z (B, latent_dim)``, scaled condition ``(B, cond_dim)`` or None -> raw ``(B, *model_shape)``."""
        return self.decoder(z, cond)

    def forward(self, z: torch.Tensor, cond: torch.Tensor | None = None) -> torch.Tensor:
        """The exported graph: latent (+ condition in descriptor units) -> content in item units."""
        return self.codec.to_units(self.decode(z, self.scale_condition(cond)))


def _critic(cfg: GeneratorConfig, codec: Codec, cond_dim: int) -> nn.Module:
    if codec.spatial:
        return ConvCritic(codec.channels, codec.size, cfg.width, cond_dim=cond_dim)
    return MLPCritic(codec.channels, cfg.width * 4, cond_dim=cond_dim)


class GAN(ContentModel):
    """DCGAN / WGAN-GP: ``decoder`` is the generator G(z, c); ``critic`` scores items D(x, c) -> (B,)."""

    def __init__(self, cfg: GeneratorConfig, codec: Codec, cond_lo: list[float], cond_hi: list[float]) -> None:
        super().__init__(cfg, codec, cond_lo, cond_hi)
        self.critic = _critic(cfg, codec, self.cond_dim)


class _Encoding(ContentModel):
    has_encoder = True

    def _make_encoder(self, cfg: GeneratorConfig, codec: Codec, per_unit: int) -> nn.Module:
        if not codec.spatial:
            return MLPEncoder(codec.channels + self.cond_dim, per_unit * self.latent_dim, cfg.width * 4)
        if cfg.latent_grid == 1:
            return ConvEncoder(codec.channels, codec.size, cfg.width, per_unit * self.latent_dim,
                               cond_dim=self.cond_dim)
        return ConvEncoder(codec.channels, codec.size, cfg.width, 0, grid=cfg.latent_grid,
                           out_channels=per_unit * cfg.latent_dim, cond_dim=self.cond_dim)

    def _flat(self, h: torch.Tensor, parts: int) -> list[torch.Tensor]:
        """Encoder output -> ``parts`` flat ``(B, latent_dim)`` tensors (vector or map layout)."""
        if h.dim() == 4:  # (B, parts * C, g, g) -> parts x (B, C * g * g)
            return [p.flatten(1) for p in h.chunk(parts, dim=1)]
        return list(h.chunk(parts, dim=1))


class VAE(_Encoding):
    """Gaussian VAE: ``encoder`` -> (mu, logvar) ``(B, latent_dim)`` each; prior N(0, I)."""

    def __init__(self, cfg: GeneratorConfig, codec: Codec, cond_lo: list[float], cond_hi: list[float]) -> None:
        super().__init__(cfg, codec, cond_lo, cond_hi)
        self.encoder = self._make_encoder(cfg, codec, per_unit=2)

    def encode_stats(self, x: torch.Tensor, cond: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        mu, logvar = self._flat(self.encoder(x, cond), 2)
        return mu, logvar.clamp(-12.0, 8.0)

    def encode_mean(self, x: torch.Tensor, cond: torch.Tensor | None = None) -> torch.Tensor:
        return self.encode_stats(x, cond)[0]


class AAE(_Encoding):
    """Adversarial autoencoder ("GAP"): deterministic ``encoder`` -> z ``(B, latent_dim)``;
    ``latent_critic`` tells encoded z from prior samples N(0, I) so the latent fills the prior;
    an optional item ``critic`` (cfg.item_adv_weight > 0) scores decoded prior samples."""

    def __init__(self, cfg: GeneratorConfig, codec: Codec, cond_lo: list[float], cond_hi: list[float]) -> None:
        super().__init__(cfg, codec, cond_lo, cond_hi)
        self.encoder = self._make_encoder(cfg, codec, per_unit=1)
        self.latent_critic = MLPCritic(self.latent_dim, max(cfg.width * 4, 64))
        self.critic = _critic(cfg, codec, self.cond_dim) if cfg.item_adv_weight > 0 else None

    def encode_mean(self, x: torch.Tensor, cond: torch.Tensor | None = None) -> torch.Tensor:
        return self._flat(self.encoder(x, cond), 1)[0]


MODEL_CLASSES = {"gan": GAN, "vae": VAE, "aae": AAE}


def build_model(cfg: GeneratorConfig, codec: Codec, cond_lo: list[float], cond_hi: list[float]) -> ContentModel:
    """The model cfg.model names, for cfg.kind's codec; deterministic under torch.manual_seed."""
    return MODEL_CLASSES[cfg.model](cfg, codec, cond_lo, cond_hi)
