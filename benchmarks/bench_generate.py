"""Generation speed on CPU per content kind: per-item latency p50/p99 at batch 1, throughput at batch 64.

    python benchmarks/bench_generate.py [--threads 1] [--iters 300] [--kinds rooms textures ...]

Times Generator.generate (latent in, numpy items out) of each kind's shipped default checkpoint
(python_bridge/assets/checkpoints); a kind without one is timed on its default-config
architecture, untrained (``source: "untrained"``). Both inference backends are timed: the
headline keys ``<kind>_p50_ms``, ``<kind>_p99_ms`` (batch 1) and ``<kind>_items_per_s_b64`` are
for ``--backend`` (default onnxruntime, the folded graph `export-onnx` writes); the other
backend's numbers carry its name (``<kind>_torch_p99_ms``). The last line printed is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from python_bridge.errors import CheckpointError  # noqa: E402
from python_bridge.generators.registry import default_generator  # noqa: E402

KINDS = ("rooms", "textures", "terrain", "characters")


def _untrained(kind: str, backend: str):
    """The kind's default-config model with fresh weights (when no checkpoint ships)."""
    from python_bridge.generators.codec import Codec
    from python_bridge.generators.config import load_config
    from python_bridge.generators.data import condition_ranges, get_kind
    from python_bridge.generators.generator import Generator
    from python_bridge.generators.models import build_model
    from python_bridge.generators.registry import DEFAULTS

    cfg = load_config(DEFAULTS[kind][0].replace(".pt", ".yaml"))
    k = get_kind(kind)
    lo, hi = condition_ranges(k)
    torch.manual_seed(0)
    model = build_model(cfg, Codec(kind, tuple(k.item_shape)), lo, hi)
    meta = {"kind": kind, "model": cfg.model, "latent_dim": cfg.flat_latent_dim,
            "condition_dim": len(lo) if cfg.conditional else 0, "item_shape": list(k.item_shape),
            "dtype": str(np.dtype(k.dtype)), "condition_names": list(k.descriptor_names) if cfg.conditional else []}
    return Generator(model, meta, backend=backend)


def bench_kind(kind: str, iters: int, backend: str, prefix: str, warmup: int = 20) -> dict[str, float | str]:
    try:
        gen, source = default_generator(kind, backend=backend), "shipped"
    except CheckpointError:
        gen, source = _untrained(kind, backend), "untrained"
    rng = np.random.default_rng(0)
    cond1 = cond64 = None
    if gen.condition_dim:
        lo = np.array([r[0] for r in gen.condition_ranges.values()], dtype=np.float32)
        hi = np.array([r[1] for r in gen.condition_ranges.values()], dtype=np.float32)
        cond1, cond64 = (lo + hi) / 2, np.tile((lo + hi) / 2, (64, 1))
    z1 = rng.standard_normal((iters + warmup, 1, gen.latent_dim)).astype(np.float32)
    for i in range(warmup):
        gen.generate(z1[i], cond1)
    times = []
    for i in range(warmup, warmup + iters):
        t = time.perf_counter()
        gen.generate(z1[i], cond1)
        times.append((time.perf_counter() - t) * 1e3)
    z64 = rng.standard_normal((64, gen.latent_dim)).astype(np.float32)
    gen.generate(z64, cond64)
    reps = max(3, iters // 30)
    t = time.perf_counter()
    for _ in range(reps):
        gen.generate(z64, cond64)
    per_s = 64 * reps / (time.perf_counter() - t)
    return {f"{prefix}_p50_ms": round(float(np.percentile(times, 50)), 3),
            f"{prefix}_p99_ms": round(float(np.percentile(times, 99)), 3),
            f"{prefix}_items_per_s_b64": round(per_s, 1), f"{kind}_source": source,
            f"{kind}_model": gen.model_name}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=1, help="torch intra-op threads (1: one headset-like core)")
    ap.add_argument("--iters", type=int, default=300, help="timed batch-1 calls per kind")
    ap.add_argument("--kinds", nargs="+", default=list(KINDS), choices=KINDS)
    ap.add_argument("--backend", default="onnxruntime", choices=("onnxruntime", "torch"),
                    help="the backend the headline keys report (the other is timed too)")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    other = "torch" if args.backend == "onnxruntime" else "onnxruntime"
    result: dict[str, float | str | int] = {"threads": args.threads, "iters": args.iters, "backend": args.backend,
                                            "torch": str(torch.__version__), "machine": platform.machine(),
                                            "cpus": os.cpu_count() or 0}
    for kind in args.kinds:
        for backend, prefix in ((args.backend, kind), (other, f"{kind}_{other}")):
            row = bench_kind(kind, args.iters, backend, prefix)
            print(f"{kind:>11} {backend:>11}: p50 {row[f'{prefix}_p50_ms']:.3f} ms  p99 {row[f'{prefix}_p99_ms']:.3f} ms"
                  f"  batch 64: {row[f'{prefix}_items_per_s_b64']:.0f} items/s  ({row[f'{kind}_source']} "
                  f"{row[f'{kind}_model']})")
            result.update(row)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
