"""Between content items (numpy, the kind's dtype) and the normalised tensors the networks see.

    kind        item (numpy)              model space (torch)             decoder raw output -> item
    rooms       (32, 32) uint8 0..8       (9, 32, 32) one-hot             logits -> argmax -> uint8
    rooms, layered (``room_layers``)      (9, 32, 32) content.rooms        layer logits -> room_from_layers
                                          .room_layers                     -> uint8
    textures    (64, 64, 3) uint8 RGB     (3, 64, 64) in [-1, 1]          tanh -> *127.5+127.5 -> uint8
    terrain     (64, 64) float32 metres   (1, 64, 64) (h - mean) / std    linear -> *std+mean metres
    characters  (D,) float32              (D,) in [-1, 1] per-dim range   tanh -> back to the range;
                                                                          two-valued (on/off) parameters:
                                                                          a logit, decoded by its sign

The statistics (terrain mean/std, character ranges) come from the training split and are
buffers, so they travel in checkpoints and inside the exported ONNX graph.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from python_bridge.content import rooms

N_ROOM_CLASSES = 9


class Codec(nn.Module):
    """Item <-> tensor conversion and the decoder's output head for one content kind."""

    def __init__(self, kind: str, item_shape: tuple[int, ...], room_layers: bool = False,
                 block_threshold: float = 0.5, passage_weight: float = 1.0, prop_threshold: float = 0.5) -> None:
        super().__init__()
        self.kind = kind
        self.item_shape = tuple(int(s) for s in item_shape)
        self.room_layers = bool(room_layers) and kind == "rooms"
        self.block_threshold = float(block_threshold)
        self.passage_weight = float(passage_weight)
        self.prop_threshold = float(prop_threshold)
        if kind == "rooms":
            self.channels, self.size = N_ROOM_CLASSES, self.item_shape[0]
        elif kind == "textures":
            self.channels, self.size = 3, self.item_shape[0]
        elif kind == "terrain":
            self.channels, self.size = 1, self.item_shape[0]
        elif kind == "characters":
            self.channels, self.size = self.item_shape[0], 0
        else:
            raise ValueError(f"no codec for kind {kind!r}")
        # shift/scale map model space to item units: item = model * scale + shift
        n = self.channels if kind == "characters" else 1
        self.register_buffer("shift", torch.zeros(n))
        self.register_buffer("scale", torch.ones(n))
        # characters: 1 where a parameter takes only two values in the corpus (flags): Bernoulli
        self.register_buffer("binary", torch.zeros(n))
        if kind == "textures":
            self.shift.fill_(127.5)
            self.scale.fill_(127.5)

    @classmethod
    def for_config(cls, cfg, item_shape: tuple[int, ...]) -> "Codec":
        """The codec a ``GeneratorConfig`` asks for (training and loading build it the same way)."""
        return cls(cfg.kind, item_shape, cfg.room_layers, cfg.room_block_threshold, cfg.room_passage_weight,
                   cfg.room_prop_threshold)

    @property
    def spatial(self) -> bool:
        return self.kind != "characters"

    @property
    def model_shape(self) -> tuple[int, ...]:
        return (self.channels, self.size, self.size) if self.spatial else (self.channels,)

    def fit(self, items: np.ndarray) -> None:
        """Set the normalisation from training items (terrain, characters); others are fixed."""
        if self.kind == "terrain":
            x = items.astype(np.float64)
            self.shift.fill_(float(x.mean()))
            self.scale.fill_(float(max(x.std(), 1e-6)))
        elif self.kind == "characters":
            x = items.astype(np.float64)
            lo, hi = x.min(axis=0), x.max(axis=0)
            half = np.maximum((hi - lo) / 2.0, 1e-6)
            self.shift.copy_(torch.as_tensor((hi + lo) / 2.0, dtype=torch.float32))
            self.scale.copy_(torch.as_tensor(half, dtype=torch.float32))
            two_valued = [len(np.unique(x[:, j])) == 2 for j in range(x.shape[1])]
            self.binary.copy_(torch.as_tensor(two_valued, dtype=torch.float32))

    # ---- items -> model space -----------------------------------------------------------------
    def to_model(self, items: np.ndarray) -> torch.Tensor:
        """``(B, *item_shape)`` items -> ``(B, *model_shape)`` float32 tensor."""
        items = np.asarray(items)
        if items.shape[1:] != self.item_shape:
            raise ValueError(f"{self.kind} items must have shape (B, {self.item_shape}), got {items.shape}")
        if self.room_layers:
            return torch.as_tensor(np.stack([rooms.room_layers(g) for g in items]))
        if self.kind == "rooms":
            idx = torch.as_tensor(items.astype(np.int64))
            return F.one_hot(idx, N_ROOM_CLASSES).permute(0, 3, 1, 2).float()
        x = torch.as_tensor(items.astype(np.float32))
        if self.kind == "textures":
            x = x.permute(0, 3, 1, 2)
        elif self.kind == "terrain":
            x = x[:, None]
        return (x - self._b(self.shift)) / self._b(self.scale)

    def _b(self, v: torch.Tensor) -> torch.Tensor:
        return v.view(1, -1, 1, 1) if self.spatial else v.view(1, -1)

    # ---- decoder raw output -> model space / item units / items -------------------------------
    def activate(self, raw: torch.Tensor, temperature: float = 1.0) -> torch.Tensor:
        """Raw decoder output -> model space: softmax tile probabilities (layered rooms: each
        layer's probabilities, the spawn's over positions), tanh, or identity."""
        if self.room_layers:
            b = raw.shape[0]
            spawn = torch.softmax(raw[:, 6].reshape(b, -1) / temperature, dim=1).reshape(raw[:, 6:7].shape)
            return torch.cat([torch.sigmoid(raw[:, :2] / temperature), torch.softmax(raw[:, 2:6] / temperature, dim=1),
                              spawn, torch.sigmoid(raw[:, 7:] / temperature)], dim=1)
        if self.kind == "rooms":
            return torch.softmax(raw / temperature, dim=1)
        if self.kind in ("textures", "characters"):
            return torch.tanh(raw)
        return raw

    def to_units(self, raw: torch.Tensor) -> torch.Tensor:
        """Raw output -> item units as float, in the layout the ONNX export emits:
        rooms: tile logits ``(B, 9, 32, 32)``; textures: RGB 0..255 ``(B, 3, 64, 64)``;
        terrain: metres ``(B, 1, 64, 64)``; characters: parameters ``(B, D)``."""
        if self.kind == "rooms":
            return raw
        value = self.activate(raw)
        if self.kind == "characters":  # flags: the sign of their logit picks on or off
            value = value + self.binary * (torch.sign(raw) - value)
        return value * self._b(self.scale) + self._b(self.shift)

    def to_items(self, raw: torch.Tensor) -> np.ndarray:
        """Raw output -> ``(B, *item_shape)`` numpy items in the kind's dtype."""
        if self.room_layers:
            layers = raw.float().cpu().numpy()
            return np.stack([rooms.room_from_layers(x, self.block_threshold, self.prop_threshold)
                             for x in layers]).astype(np.uint8)
        if self.kind == "rooms":
            return raw.argmax(dim=1).to(torch.uint8).cpu().numpy()
        units = self.to_units(raw)
        if self.kind == "textures":
            return units.permute(0, 2, 3, 1).round().clamp(0, 255).to(torch.uint8).cpu().numpy()
        if self.kind == "terrain":
            return units[:, 0].float().cpu().numpy().astype(np.float32)
        return units.float().cpu().numpy().astype(np.float32)

    def _passage_weight(self, target: torch.Tensor) -> torch.Tensor:
        """``(B, S-1, S-1)`` block-loss weights: ``passage_weight`` on blocks touching a 2-wide passage
        (walkable exactly 2 tiles across between walls or props: doorways, corridors), 1 elsewhere. A
        block missed there cuts the room in two; one missed in an open hall costs nothing."""
        b = target[:, 0] > 0
        walk = b.clone()
        walk[:, 1:] |= b[:, :-1]
        walk[:, :, 1:] |= b[:, :, :-1]
        walk[:, 1:, 1:] |= b[:, :-1, :-1]
        solid = F.pad(((target[:, 8] > 0) | (target[:, 1] > 0)).float(), (2, 2, 2, 2)) > 0
        S = walk.shape[-1]

        def w(dr: int, dc: int) -> torch.Tensor:  # wall or prop at (r + dr, c + dc)
            return solid[:, 2 + dr:2 + dr + S, 2 + dc:2 + dc + S]

        passage = walk & ((w(0, -1) & w(0, 2)) | (w(0, -2) & w(0, 1)) | (w(-1, 0) & w(2, 0)) | (w(-2, 0) & w(1, 0)))
        p = passage.float()
        # a block touches the passage if any of its 4 tiles is in it
        touch = (p[:, :-1, :-1] + p[:, 1:, :-1] + p[:, :-1, 1:] + p[:, 1:, 1:]) > 0
        return 1.0 + (self.passage_weight - 1.0) * touch.float()

    # ---- losses -------------------------------------------------------------------------------
    def recon_loss(self, raw: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """Per-item reconstruction loss, summed over the item and averaged over the batch:
        rooms: tile cross-entropy (layered: block, prop and door binary cross-entropy, prop-class
        cross-entropy on prop tiles, spawn cross-entropy over positions); character flags: binary
        cross-entropy; others: squared error in model space."""
        if self.room_layers:
            b = raw.shape[0]
            weight = self._passage_weight(target) if self.passage_weight != 1.0 else None
            blocks = F.binary_cross_entropy_with_logits(raw[:, 0, :-1, :-1], target[:, 0, :-1, :-1], weight=weight,
                                                        reduction="sum")
            props = target[:, 1] > 0
            prop_mask = F.binary_cross_entropy_with_logits(raw[:, 1], target[:, 1], reduction="sum")
            classes = F.cross_entropy(raw[:, 2:6], torch.where(props, target[:, 2:6].argmax(1), -1),
                                      ignore_index=-1, reduction="sum")
            spawn = F.cross_entropy(raw[:, 6].reshape(b, -1), target[:, 6].reshape(b, -1).argmax(1), reduction="sum")
            ring = target[:, 8] > 0
            doors = F.binary_cross_entropy_with_logits(raw[:, 7][ring], target[:, 7][ring], reduction="sum")
            return (blocks + prop_mask + classes + spawn + doors) / b
        if self.kind == "rooms":
            ce = F.cross_entropy(raw, target.argmax(dim=1), reduction="none")  # (B, S, S)
            return ce.flatten(1).sum(1).mean()
        if self.kind == "characters" and bool(self.binary.any()):
            se = (self.activate(raw) - target).pow(2) * (1 - self.binary)
            bce = F.binary_cross_entropy_with_logits(raw, (target > 0).float(), reduction="none") * self.binary
            return (se + bce).sum(1).mean()
        return (self.activate(raw) - target).pow(2).flatten(1).sum(1).mean()
