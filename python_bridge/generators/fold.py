"""Folding a generator for export: BatchNorm merged into the layer before it, and the ONNX opset used.

Both the in-memory ONNX Runtime backend (``generators.generator``) and the file export
(``generators.export``) build their graphs from the folded model.
"""
from __future__ import annotations

import copy

from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_eval, fuse_linear_bn_eval

OPSET = 15


def fold_batchnorm(model: nn.Module) -> nn.Module:
    """A copy of ``model`` (eval mode) with every BatchNorm folded into the Conv / ConvTranspose /
    Linear right before it inside a Sequential, and replaced by Identity."""
    model = copy.deepcopy(model).eval()
    for seq in [m for m in model.modules() if isinstance(m, nn.Sequential)]:
        names = list(seq._modules)
        for prev, name in zip(names, names[1:]):
            bn, layer = seq._modules[name], seq._modules[prev]
            if isinstance(bn, (nn.BatchNorm1d, nn.BatchNorm2d)):
                if isinstance(layer, (nn.Conv2d, nn.ConvTranspose2d)):
                    fused = fuse_conv_bn_eval(layer, bn, transpose=isinstance(layer, nn.ConvTranspose2d))
                elif isinstance(layer, nn.Linear):
                    fused = fuse_linear_bn_eval(layer, bn)
                else:
                    raise ValueError(f"BatchNorm after {type(layer).__name__} cannot be folded")
                seq._modules[prev] = fused
                seq._modules[name] = nn.Identity()
    leftover = [n for n, m in model.named_modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    if leftover:
        raise ValueError(f"unfolded BatchNorm layers remain: {leftover}")
    return model
