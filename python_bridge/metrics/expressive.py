"""Expressive range: 2-D histograms of two descriptors over a set of items, their coverage, and a plot."""
from __future__ import annotations

from pathlib import Path

import numpy as np


def expressive_range(
    x: np.ndarray, y: np.ndarray, x_range: tuple[float, float], y_range: tuple[float, float], bins: int = 20,
) -> np.ndarray:
    """``(bins, bins)`` histogram (rows = x bins, cols = y bins) of items' share per cell; sums to 1."""
    h, _, _ = np.histogram2d(np.clip(x, *x_range), np.clip(y, *y_range), bins=bins, range=[x_range, y_range])
    total = h.sum()
    return h / total if total else h


def coverage(hist: np.ndarray) -> float:
    """Share of histogram cells holding at least one item."""
    return float((hist > 0).mean())


def plot_expressive_range(
    panels: list[tuple[str, np.ndarray, np.ndarray]],
    x_name: str, y_name: str, x_range: tuple[float, float], y_range: tuple[float, float],
    out: str | Path, bins: int = 20, title: str = "",
) -> Path:
    """Save side-by-side expressive-range heatmaps, one per ``(label, x, y)`` panel, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 4.0), squeeze=False)
    for ax, (label, x, y) in zip(axes[0], panels):
        h = expressive_range(x, y, x_range, y_range, bins)
        im = ax.imshow(h.T, origin="lower", extent=[*x_range, *y_range], aspect="auto", cmap="magma",
                       interpolation="nearest")
        ax.set_xlabel(x_name)
        ax.set_ylabel(y_name)
        ax.set_title(f"{label} (n={len(x)}, coverage {coverage(h):.0%})", fontsize=9)
        fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label="share of items")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    out = Path(out)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
