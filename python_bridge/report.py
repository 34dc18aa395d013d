"""The adaptation report: reward-vs-decisions plot against baselines, what each player was shown, summary JSON."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from python_bridge.content.preview import save_contact_sheet
from python_bridge.content.registry import get_kind


def plot_fraction_of_oracle(fracs: dict[str, np.ndarray], out: Path, title: str) -> Path:
    """Mean (and standard error) fraction of the oracle's utility per decision, one line per policy."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
    for name, f in fracs.items():
        mean = np.nanmean(f, axis=0)
        sem = np.nanstd(f, axis=0, ddof=1) / np.sqrt(np.sum(~np.isnan(f), axis=0).clip(1))
        x = np.arange(1, len(mean) + 1)
        ax.plot(x, mean, marker="o", ms=3, label=name)
        ax.fill_between(x, mean - sem, mean + sem, alpha=0.15)
    ax.axhline(0.9, color="grey", ls="--", lw=0.8, label="90 % of oracle")
    ax.set_xlabel("decision (content shown to the player)")
    ax.set_ylabel("hidden utility / oracle's")
    ax.set_ylim(0, 1.05)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, ncol=3, loc="lower right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    plt.close(fig)
    return out


def shown_sheet(run, kind_name: str, out: Path, players: int = 6, decisions: int = 10) -> Path:
    """Rows: players; columns: the first ``decisions`` contents each was shown, labelled with the reward."""
    kind = get_kind(kind_name)
    agents = sorted(run.by_agent().items())[:players]
    items, labels = [], []
    for agent_id, shown in agents:
        row = shown[:decisions]
        for s in row:
            items.append(s.item)
            r = "rejected" if s.applied is False else (f"r={s.reward:.2f}" if s.reward is not None else "")
            labels.append(f"p{agent_id} #{s.decision + 1} {r}")
        for _ in range(decisions - len(row)):  # keep the grid aligned
            items.append(np.zeros_like(row[0].item) if row else np.zeros(kind.item_shape, kind.dtype))
            labels.append("")
    return save_contact_sheet(kind, np.stack(items), out, cols=decisions, max_items=len(items), labels=labels,
                              title=f"{run.policy}: what each player was shown, decision by decision")


def write_report(summary: dict, out_dir: Path) -> dict:
    """Write plots, contact sheets and summary.json into ``out_dir``; returns the JSON-able summary."""
    out_dir.mkdir(parents=True, exist_ok=True)
    runs = summary.pop("_runs", {})
    fracs = summary.pop("_fracs", {})
    files = {}
    if fracs:
        files["reward_vs_decisions"] = str(plot_fraction_of_oracle(
            fracs, out_dir / "reward_vs_decisions.png",
            f"{summary['kind']}: {summary['players']} players x {len(summary.get('families', {})) or 1} families, fraction of oracle"))
    for name, run in runs.items():
        files[f"shown_{name}"] = str(shown_sheet(run, summary["kind"], out_dir / f"shown_{name}.png",
                                                 decisions=min(10, summary["decisions"])))
    summary["files"] = files
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2, default=float))
    return summary
