"""Measure a generator checkpoint: validity before repair, diversity, novelty, tile-pattern KL,
expressive range, conditioning error, and for autoencoders PSNR / SSIM on the held-out split.

    vrbridge eval-generator CHECKPOINT [--json]

Writes ``eval.json``, ``samples.png`` (a contact sheet of the first 64 samples),
``expressive_range.png`` (descriptor histograms, samples over corpus) and, for autoencoders,
``reconstructions.png`` (held-out items over their reconstructions). Mode collapse is flagged
(``mode_collapse: true`` with a reason), never hidden: it is declared when the sample diversity
falls under MODE_COLLAPSE_RATIO of the corpus's, or fewer than MIN_UNIQUE_FRACTION of samples differ.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from python_bridge.generators import metrics_adapter as M
from python_bridge.generators.checkpoint import load_checkpoint
from python_bridge.generators.data import descriptor_matrix, get_kind, load_corpus
from python_bridge.generators.generator import Generator, load_generator
from python_bridge.generators.sheets import contact_sheet
from python_bridge.generators.train import config_of_checkpoint

MODE_COLLAPSE_RATIO = 0.5
MIN_UNIQUE_FRACTION = 0.5
REFERENCE_SIZE = 1000  # corpus items that diversity / KL / expressive range are compared with


def collapse_reasons(diversity: float, corpus_diversity: float, unique_fraction: float) -> list[str]:
    """Why a sample set looks mode-collapsed (empty when it does not)."""
    reasons = []
    ratio = diversity / corpus_diversity if corpus_diversity > 0 else float("nan")
    if not ratio >= MODE_COLLAPSE_RATIO:
        reasons.append(f"sample diversity {diversity:.4f} is {ratio:.2f}x the corpus's {corpus_diversity:.4f} "
                       f"(< {MODE_COLLAPSE_RATIO})")
    if unique_fraction < MIN_UNIQUE_FRACTION:
        reasons.append(f"only {unique_fraction:.0%} of samples are distinct (< {MIN_UNIQUE_FRACTION:.0%})")
    return reasons


def _conditions(gen: Generator, kind: Any, pool: np.ndarray, n: int, seed: int) -> np.ndarray | None:
    """Conditions for conditional models: descriptors of corpus items drawn with replacement."""
    if not gen.condition_dim:
        return None
    idx = np.random.default_rng(seed + 1).integers(0, len(pool), n)
    return descriptor_matrix(kind, pool[idx])


def evaluate(checkpoint: str | Path, out_dir: str | Path | None = None, n_samples: int | None = None,
             seed: int = 0) -> dict[str, Any]:
    """Evaluate CHECKPOINT; returns the report dict (also written to ``out_dir/eval.json``, by default
    ``runs/eval-generator/<checkpoint name>/`` under the working directory)."""
    t0 = time.perf_counter()
    checkpoint = Path(checkpoint)
    ckpt = load_checkpoint(checkpoint)
    cfg = config_of_checkpoint(ckpt)
    gen = load_generator(checkpoint)
    kind = get_kind(gen.kind)
    n = int(n_samples or cfg.eval_samples)
    # Never beside the checkpoint: a shipped one lives inside the installed (often read-only) package.
    out = Path(out_dir) if out_dir else Path("runs") / "eval-generator" / checkpoint.stem
    out.mkdir(parents=True, exist_ok=True)

    corpus = load_corpus(cfg)
    train_idx, hold_idx = corpus.split(cfg.holdout_fraction, cfg.corpus_seed)
    train_items, hold_items = corpus.items[train_idx], corpus.items[hold_idx]
    rng = np.random.default_rng(seed + 2)
    ref = train_items[rng.choice(len(train_items), min(REFERENCE_SIZE, len(train_items)), replace=False)]

    # ---- samples from the prior (conditions: corpus descriptors) ----------------------------
    cond = _conditions(gen, kind, hold_items if len(hold_items) else train_items, n, seed)
    samples = np.concatenate([gen.generate(gen.sample_latent(n, seed)[i:i + 256],
                                           None if cond is None else cond[i:i + 256])
                              for i in range(0, n, 256)])

    reports = [kind.validate(x) for x in samples]
    rule_counts = Counter(rule for r in reports for rule in r.rules_failed)
    valid_before = float(np.mean([r.valid for r in reports]))
    repaired = [kind.repair(x) for x in samples]
    valid_after = float(np.mean([kind.validate(x).valid for x in repaired]))
    corpus_valid = float(np.mean([kind.validate(x).valid for x in ref]))

    div = M.diversity(kind, samples)
    corpus_div = M.diversity(kind, ref)
    ratio = div / corpus_div if corpus_div > 0 else float("nan")
    unique = len({x.tobytes() for x in samples}) / len(samples)
    collapse = collapse_reasons(div, corpus_div, unique)

    desc_s = descriptor_matrix(kind, samples)
    desc_c = descriptor_matrix(kind, ref)
    report: dict[str, Any] = {
        "kind": gen.kind, "model": gen.model_name, "checkpoint": str(checkpoint), "sha256": gen.sha256,
        "epoch": ckpt["meta"].get("epoch"), "train_seconds": ckpt["meta"].get("train_seconds"),
        "samples": n, "seed": seed, "conditional": bool(gen.condition_dim),
        "validity_before_repair": valid_before,
        "validity_after_repair": valid_after,
        "corpus_validity": corpus_valid,
        "failed_rules": dict(rule_counts.most_common()),
        "diversity": div, "corpus_diversity": corpus_div, "diversity_ratio": ratio,
        "unique_fraction": unique,
        "mode_collapse": bool(collapse), "mode_collapse_reason": "; ".join(collapse),
        "novelty": M.novelty(kind, samples, train_items),
        "corpus_novelty": M.novelty(kind, hold_items, train_items) if len(hold_items) else None,
    }
    kl = M.tile_pattern_kl(kind, samples, ref)
    report["tile_pattern_kl"] = None if kl is None else kl["mean"]
    report["tile_pattern_kl_by_size"] = kl
    if kl is not None and len(hold_items):
        # the same measure between two corpus splits: what "indistinguishable" scores
        report["corpus_tile_pattern_kl"] = M.tile_pattern_kl(kind, hold_items, ref)["mean"]
    report["expressive_range"] = M.expressive_range_summary(kind, desc_s, desc_c, out / "expressive_range.png")
    if cond is not None:
        # how closely samples hit the descriptors they were asked for, vs. the corpus spread
        report["condition_mae"] = float(np.mean(np.abs(desc_s - cond)))
        report["condition_mae_shuffled"] = float(np.mean(np.abs(desc_s - np.roll(cond, 1, axis=0))))

    if gen.has_encoder and len(hold_items):
        hc = descriptor_matrix(kind, hold_items) if gen.condition_dim else None
        recon = np.concatenate([gen.reconstruct(hold_items[i:i + 256], None if hc is None else hc[i:i + 256])
                                for i in range(0, len(hold_items), 256)])
        report.update(M.reconstruction_scores(kind, hold_items, recon))
        report["heldout_items"] = int(len(hold_items))
        _recon_sheet(kind, hold_items[:32], recon[:32]).save(out / "reconstructions.png")

    if gen.has_encoder and gen.condition_dim and len(hold_items) > 1:
        # What GeneratorSource feeds the loop: latents from encoded items (samples of the aggregate
        # posterior, an "exemplar bank") under another item's condition. Reported next to the prior
        # samples above, which stay the headline (and the mode-collapse verdict).
        m = min(n, len(hold_items))
        pick = np.random.default_rng(seed + 3).choice(len(hold_items), m, replace=False)
        ex_items = hold_items[pick]
        ex_cond = descriptor_matrix(kind, ex_items)
        other = np.roll(ex_cond, 1, axis=0)
        z = np.concatenate([gen.encode(ex_items[i:i + 256], ex_cond[i:i + 256]) for i in range(0, m, 256)])
        ex = np.concatenate([gen.generate(z[i:i + 256], other[i:i + 256]) for i in range(0, m, 256)])
        ex_div = M.diversity(kind, ex)
        ex_unique = len({x.tobytes() for x in ex}) / len(ex)
        ex_collapse = collapse_reasons(ex_div, corpus_div, ex_unique)
        report["exemplar_samples"] = {
            "samples": m, "validity_before_repair": float(np.mean([kind.validate(x).valid for x in ex])),
            "diversity": ex_div, "diversity_ratio": ex_div / corpus_div if corpus_div > 0 else float("nan"),
            "mode_collapse": bool(ex_collapse), "mode_collapse_reason": "; ".join(ex_collapse),
            "condition_mae": float(np.mean(np.abs(descriptor_matrix(kind, ex) - other))),
            "what": "latent encoded from a held-out item, condition from another held-out item",
        }
        contact_sheet(kind, ex[:64]).save(out / "exemplar_samples.png")

    contact_sheet(kind, samples[:64]).save(out / "samples.png")
    report["eval_seconds"] = round(time.perf_counter() - t0, 2)
    report["out_dir"] = str(out)
    report = json.loads(json.dumps(report, default=_jsonable))
    (out / "eval.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


def _jsonable(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, np.ndarray):
        return v.tolist()
    raise TypeError(f"not JSON serialisable: {type(v).__name__}")


def _recon_sheet(kind: Any, items: np.ndarray, recon: np.ndarray) -> Image.Image:
    """Rows of 8: originals over reconstructions."""
    rows = []
    for i in range(0, len(items), 8):
        rows += [items[i:i + 8], recon[i:i + 8]]
    stacked = np.concatenate(rows)
    return contact_sheet(kind, stacked, cell=64) if len(stacked) else Image.new("RGB", (8, 8))
