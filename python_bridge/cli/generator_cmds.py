"""vrbridge commands of the generator group: train-generator, eval-generator, export-onnx, models list."""
from __future__ import annotations

import argparse
import json
import sys


def register(sub: "argparse._SubParsersAction") -> None:
    """Add this group's subcommands to sub."""
    p = sub.add_parser("train-generator", help="train a GAN / VAE / AAE generator from a YAML config",
                       description="Train a generator; every knob lives in the YAML config "
                                   "(python_bridge/generators/config.py lists them; unknown keys are an error).")
    p.add_argument("--config", required=True,
                   help="YAML config file (a shipped one by name works too, e.g. rooms_gan.yaml)")
    p.add_argument("--resume", action="store_true", help="continue the run's checkpoint exactly")
    p.add_argument("--overwrite", action="store_true", help="start over even if the run has a checkpoint")
    p.add_argument("--epochs", type=int, default=None, help="override epochs (e.g. to extend a resumed run)")
    p.add_argument("--out-dir", default=None, help="override out_dir")
    p.add_argument("--run-name", default=None, help="override run_name")
    p.add_argument("--threads", type=int, default=None, help="override threads")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=_train)

    p = sub.add_parser("eval-generator", help="measure a generator checkpoint: validity, diversity, novelty, ...",
                       description="Writes eval.json and PNGs (samples, expressive range, reconstructions).")
    p.add_argument("checkpoint", help="generator checkpoint (.pt) path or shipped name")
    p.add_argument("--out", default=None, help="output folder (default: runs/eval-generator/<checkpoint name>/)")
    p.add_argument("--samples", type=int, default=None, help="samples to draw (default: the config's eval_samples)")
    p.add_argument("--seed", type=int, default=0, help="seed of the sampled latents")
    p.add_argument("--json", action="store_true", help="end with the metrics as one JSON line")
    p.set_defaults(func=_eval)

    p = sub.add_parser("export-onnx", help="export a generator's decoder to ONNX for Unity Inference Engine")
    p.add_argument("checkpoint", help="generator checkpoint (.pt) path or shipped name")
    p.add_argument("--out", default=None, help="output .onnx (default: next to the checkpoint)")
    p.set_defaults(func=_export)

    p = sub.add_parser("models", help="generator checkpoints: shipped and trained")
    msub = p.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    q = msub.add_parser("list", help="list shipped and trained generator checkpoints with their paths")
    q.add_argument("--runs-dir", default=None, help="folder of training runs (default runs/generators)")
    q.add_argument("--json", action="store_true", help="one JSON line per checkpoint")
    q.set_defaults(func=_models_list)
    q = msub.add_parser("ship", help="copy a trained checkpoint, slimmed, into the package's shipped checkpoints")
    q.add_argument("checkpoint", help="trained checkpoint (.pt) to ship")
    q.add_argument("--name", default=None, help="file name (default {kind}_{model}.pt)")
    q.add_argument("--eval-json", default=None, help="an eval.json whose metrics to record in the metadata")
    q.add_argument("--command", default=None, help="the command that reproduces it, recorded in the metadata")
    q.add_argument("--decoder-only", action="store_true",
                   help="drop an autoencoder's encoder too (generation only; for models nothing encodes with)")
    q.set_defaults(func=_models_ship)


def _train(args: argparse.Namespace) -> int:
    from python_bridge.generators.config import load_config
    from python_bridge.generators.train import train

    cfg = load_config(args.config, epochs=args.epochs, out_dir=args.out_dir, run_name=args.run_name,
                      threads=args.threads)
    path = train(cfg, resume=args.resume, progress=not args.no_progress, overwrite=args.overwrite)
    print(json.dumps({"checkpoint": str(path), "run_dir": str(cfg.run_dir), "kind": cfg.kind, "model": cfg.model}))
    return 0


def _eval(args: argparse.Namespace) -> int:
    from python_bridge.generators.evaluate import evaluate

    report = evaluate(args.checkpoint, out_dir=args.out, n_samples=args.samples, seed=args.seed)
    if not args.json:
        for key, value in report.items():
            if not isinstance(value, (dict, list)):
                print(f"{key:>28}: {value}")
        print(f"{'written':>28}: {report['out_dir']}")
    else:
        print(json.dumps(report, sort_keys=False))
    if report.get("mode_collapse"):
        print(f"warning: mode collapse detected ({report['mode_collapse_reason']})", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from python_bridge.generators.export import export_onnx

    out = args.out or str(Path(args.checkpoint).with_suffix(".onnx"))
    print(json.dumps(export_onnx(args.checkpoint, out)))
    return 0


def _models_list(args: argparse.Namespace) -> int:
    from python_bridge.generators.registry import list_models

    rows = list_models(args.runs_dir)
    if args.json:
        for row in rows:
            print(json.dumps(row))
        return 0
    if not rows:
        print("no generator checkpoints: run scripts/train_default_generators.sh or vrbridge train-generator")
        return 0
    print(f"{'name':<24} {'kind':<11} {'model':<5} {'source':<8} {'epoch':>5} {'MB':>6}  path")
    for r in rows:
        print(f"{r['name']:<24} {r['kind']:<11} {r['model']:<5} {r['source']:<8} {str(r.get('epoch', '')):>5} "
              f"{r['size_mb']:>6}  {r['path']}")
    return 0


def _models_ship(args: argparse.Namespace) -> int:
    from pathlib import Path

    from python_bridge.generators.registry import ship

    extra = {}
    if args.eval_json:
        report = json.loads(Path(args.eval_json).read_text())
        extra["eval"] = {k: v for k, v in report.items() if isinstance(v, (int, float, str, bool)) or v is None}
    if args.command:
        extra["reproduce"] = args.command
    path = ship(args.checkpoint, args.name, extra, decoder_only=args.decoder_only)
    print(json.dumps({"shipped": str(path), "size_mb": round(path.stat().st_size / 2**20, 3)}))
    return 0
