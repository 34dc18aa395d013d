"""Network building blocks of the generators: conv decoders / encoders / critics for grid kinds, MLPs for vectors.

Every block works in the model's normalised item space (see codec.py): ``(B, C, S, S)`` for
rooms (C = 9 one-hot tile classes, S = 32), textures (C = 3, S = 64) and terrain (C = 1,
S = 64); ``(B, D)`` for characters. Only operators Unity's Inference Engine runs are used
(Conv, ConvTranspose, BatchNorm -> folded at export, ReLU, LeakyReLU, Gemm, Reshape, Concat).
"""
from __future__ import annotations

import math

import torch
from torch import nn


def _n_doublings(size: int, start: int = 4) -> int:
    n = int(round(math.log2(size / start)))
    if start * 2 ** n != size:
        raise ValueError(f"item size {size} must be {start} * 2**k")
    return n


class ConvDecoder(nn.Module):
    """DCGAN-style decoder: ``z (B, in_dim)`` -> raw output ``(B, out_channels, size, size)``.

    ``in_dim`` = latent (+ condition) size. Spatial latents (``grid > 1``) enter as a
    ``(B, latent_dim, grid, grid)`` map instead of being projected to 4 x 4 (autoencoders only).
    Each up-stage doubles the side: ConvTranspose(4, 2, 1) + BatchNorm + ReLU; a 3x3 refine conv
    at full size then a 1x1 head give each output pixel a local context.
    """

    def __init__(self, in_dim: int, out_channels: int, size: int, width: int, grid: int = 1,
                 cond_dim: int = 0) -> None:
        super().__init__()
        self.in_dim, self.grid, self.cond_dim, self.size = in_dim, grid, cond_dim, size
        start = 4 if grid == 1 else grid
        n_up = _n_doublings(size, start)
        ch = width * 2 ** max(n_up - 1, 0)
        if grid == 1:
            # input is Z, going into a convolution: (B, in_dim, 1, 1)
            self.stem = nn.Sequential(
                nn.ConvTranspose2d(in_dim, ch, 4, 1, 0, bias=False),
                nn.BatchNorm2d(ch),
                nn.ReLU(True),
            )  # state size. ch x 4 x 4
        else:
            # input is a latent map (B, in_dim // grid**2 + cond_dim, grid, grid)
            self.stem = nn.Sequential(
                nn.Conv2d(in_dim // (grid * grid) + cond_dim, ch, 3, 1, 1, bias=False),
                nn.BatchNorm2d(ch),
                nn.ReLU(True),
            )  # state size. ch x grid x grid
        ups: list[nn.Module] = []
        side = start
        for _ in range(n_up):
            nxt = max(ch // 2, width)
            ups += [nn.ConvTranspose2d(ch, nxt, 4, 2, 1, bias=False), nn.BatchNorm2d(nxt), nn.ReLU(True)]
            ch, side = nxt, side * 2  # state size. ch x side x side
        self.ups = nn.Sequential(*ups)
        self.refine = nn.Sequential(nn.Conv2d(ch, ch, 3, 1, 1, bias=False), nn.BatchNorm2d(ch), nn.ReLU(True))
        # state size. width x size x size
        self.head = nn.Conv2d(ch, out_channels, 1, 1, 0)
        # state size. out_channels x size x size (raw: logits / pre-tanh / standardised values)

    def forward(self, z: torch.Tensor, cond: torch.Tensor | None = None) -> torch.Tensor:
        if self.grid == 1:
            h = z if cond is None else torch.cat([z, cond], dim=1)
            h = h.reshape(h.shape[0], h.shape[1], 1, 1)
        else:
            h = z.reshape(z.shape[0], -1, self.grid, self.grid)
            if cond is not None:  # broadcast by a constant map (exports as Mul, not Expand/Where)
                h = torch.cat([h, cond[:, :, None, None] * h.new_ones(1, 1, self.grid, self.grid)], dim=1)
        return self.head(self.refine(self.ups(self.stem(h))))


class ConvEncoder(nn.Module):
    """Strided-conv encoder: item ``(B, C, size, size)`` -> ``(B, out_dim)`` or a latent map.

    Vector latents: conv stages halve the side down to 4 x 4, then one linear layer gives
    ``out_dim`` numbers (2 x latent for a VAE: mean and log-variance). Spatial latents
    (``grid > 1``) stop at ``grid x grid`` and a 1x1 conv gives ``out_channels`` maps, flattened.
    """

    def __init__(self, in_channels: int, size: int, width: int, out_dim: int, grid: int = 1,
                 out_channels: int = 0, cond_dim: int = 0, norm: bool = True) -> None:
        super().__init__()
        self.grid, self.cond_dim = grid, cond_dim
        stop = 4 if grid == 1 else grid
        n_down = _n_doublings(size, stop)
        layers: list[nn.Module] = [nn.Conv2d(in_channels + (cond_dim if grid > 1 else 0), width, 3, 1, 1),
                                   nn.LeakyReLU(0.2, True)]
        ch, side = width, size  # state size. width x size x size
        for _ in range(n_down):
            nxt = min(ch * 2, width * 8)
            layers += [nn.Conv2d(ch, nxt, 4, 2, 1, bias=not norm)]
            if norm:
                layers.append(nn.BatchNorm2d(nxt))
            layers.append(nn.LeakyReLU(0.2, True))
            ch, side = nxt, side // 2  # state size. ch x side x side
        self.body = nn.Sequential(*layers)
        if grid == 1:
            self.head = nn.Linear(ch * 4 * 4 + cond_dim, out_dim)  # (B, out_dim)
        else:
            self.head = nn.Conv2d(ch, out_channels, 1, 1, 0)  # (B, out_channels, grid, grid)

    def forward(self, x: torch.Tensor, cond: torch.Tensor | None = None) -> torch.Tensor:
        if self.grid > 1:
            if cond is not None:
                x = torch.cat([x, cond[:, :, None, None].expand(-1, -1, x.shape[2], x.shape[3])], dim=1)
            return self.head(self.body(x))  # (B, out_channels, grid, grid)
        h = self.body(x).flatten(1)
        if cond is not None:
            h = torch.cat([h, cond], dim=1)
        return self.head(h)


class ConvCritic(nn.Module):
    """Discriminator / WGAN critic over items: ``(B, C, size, size)`` -> score ``(B,)``.

    No batch norm (the WGAN-GP penalty is per-sample); conditional critics take the condition
    next to the pooled features (concatenated before the last linear layer).
    """

    def __init__(self, in_channels: int, size: int, width: int, cond_dim: int = 0) -> None:
        super().__init__()
        self.features = ConvEncoder(in_channels, size, width, out_dim=1, cond_dim=cond_dim, norm=False)

    def forward(self, x: torch.Tensor, cond: torch.Tensor | None = None) -> torch.Tensor:
        return self.features(x, cond).squeeze(1)


def _mlp(in_dim: int, hidden: int, out_dim: int, act: nn.Module, norm: bool) -> nn.Sequential:
    layers: list[nn.Module] = []
    d = in_dim
    for _ in range(2):
        layers.append(nn.Linear(d, hidden, bias=not norm))
        if norm:
            layers.append(nn.BatchNorm1d(hidden))
        layers.append(act)
        d = hidden
    layers.append(nn.Linear(d, out_dim))
    return nn.Sequential(*layers)


class MLPDecoder(nn.Module):
    """Vector decoder: ``z (B, in_dim)`` -> raw ``(B, out_dim)`` (two hidden layers)."""

    def __init__(self, in_dim: int, out_dim: int, hidden: int) -> None:
        super().__init__()
        self.net = _mlp(in_dim, hidden, out_dim, nn.ReLU(True), norm=True)

    def forward(self, z: torch.Tensor, cond: torch.Tensor | None = None) -> torch.Tensor:
        return self.net(z if cond is None else torch.cat([z, cond], dim=1))


class MLPEncoder(nn.Module):
    """Vector encoder / critic body: ``x (B, in_dim)`` -> ``(B, out_dim)``."""

    def __init__(self, in_dim: int, out_dim: int, hidden: int, norm: bool = True) -> None:
        super().__init__()
        self.net = _mlp(in_dim, hidden, out_dim, nn.LeakyReLU(0.2, True), norm=norm)

    def forward(self, x: torch.Tensor, cond: torch.Tensor | None = None) -> torch.Tensor:
        return self.net(x if cond is None else torch.cat([x, cond], dim=1))


class MLPCritic(nn.Module):
    """Critic over vectors (items, or latents in the AAE): ``(B, in_dim)`` -> score ``(B,)``."""

    def __init__(self, in_dim: int, hidden: int, cond_dim: int = 0) -> None:
        super().__init__()
        self.net = _mlp(in_dim + cond_dim, hidden, 1, nn.LeakyReLU(0.2, True), norm=False)

    def forward(self, x: torch.Tensor, cond: torch.Tensor | None = None) -> torch.Tensor:
        return self.net(x if cond is None else torch.cat([x, cond], dim=1)).squeeze(1)
