"""vrbridge commands of the content group: corpus make, corpus import, preview, metrics."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from python_bridge.names import IMPORTABLE_KINDS, KIND_NAMES

log = logging.getLogger(__name__)


def register(sub: "argparse._SubParsersAction") -> None:
    """Add this group's subcommands to sub."""
    corpus = sub.add_parser("corpus", help="make or import a content corpus (items.npy + manifest.json)")
    csub = corpus.add_subparsers(dest="corpus_command", metavar="ACTION", required=True)

    make = csub.add_parser("make", help="write N procedural items of a kind, seeded and deterministic")
    make.add_argument("--kind", required=True, choices=KIND_NAMES, help="content kind")
    make.add_argument("--n", type=int, required=True, help="number of items")
    make.add_argument("--out", required=True, help="output directory")
    make.add_argument("--seed", type=int, default=0, help="corpus seed; item i depends only on (seed, i)")
    make.add_argument("--workers", type=int, default=0, help="processes (0 = one per CPU core)")
    make.add_argument("--no-check", action="store_true", help="skip validity checking (descriptors still computed)")
    make.set_defaults(func=_corpus_make)

    imp = csub.add_parser("import", help="import a folder of PNG textures/heightmaps or room JSON/indexed PNG")
    imp.add_argument("src", help="folder (or one file) to import")
    imp.add_argument("--kind", required=True, choices=IMPORTABLE_KINDS, help="what the files hold")
    imp.add_argument("--out", required=True, help="output directory")
    imp.add_argument("--resize", action="store_true", help="resample textures/heightmaps of another size")
    imp.add_argument("--height-scale-m", type=float, default=50.0,
                     help="metres at the brightest heightmap value")
    imp.set_defaults(func=_corpus_import)

    prev = sub.add_parser("preview", help="render a corpus directory as a PNG contact sheet")
    prev.add_argument("dir", help="corpus directory")
    prev.add_argument("--out", required=True, help="PNG file to write")
    prev.add_argument("--n", type=int, default=48, help="items on the sheet (the first N)")
    prev.add_argument("--cols", type=int, default=8, help="items per row")
    prev.add_argument("--er-out", help="also write an expressive-range plot to this PNG")
    prev.add_argument("--er", default="", help="two descriptor names for the plot, 'x,y' (default: the first two)")
    prev.add_argument("--reference", help="corpus directory drawn beside it in the expressive-range plot")
    prev.set_defaults(func=_preview)

    met = sub.add_parser("metrics", help="validity, diversity, novelty, tile-pattern KL, descriptors of a corpus")
    met.add_argument("dir", help="corpus directory")
    met.add_argument("--reference", help="corpus directory to compare with (novelty, tile-pattern KL)")
    met.add_argument("--max-items", type=int, default=1000, help="items used for pairwise distances")
    met.add_argument("--repair", action="store_true", help="also repair invalid items and report validity after")
    met.add_argument("--reconstruction-of", help="corpus whose item i this corpus's item i reconstructs (PSNR/SSIM)")
    met.add_argument("--er", default="", help="descriptor pair 'x,y' for expressive-range coverage")
    met.add_argument("--workers", type=int, default=0, help="processes for validity (0 = one per CPU core)")
    met.add_argument("--json", action="store_true", help="end with one JSON line (machine-readable)")
    met.set_defaults(func=_metrics)


def _corpus_make(args: argparse.Namespace) -> int:
    from python_bridge.content.corpus import build_corpus, family_counts, write_corpus
    from python_bridge.content.registry import get_kind

    kind = get_kind(args.kind)
    items, analysis, timings = build_corpus(args.kind, args.n, args.seed, args.workers, check=not args.no_check)
    out = write_corpus(
        args.out, kind, items, analysis=analysis, seed=args.seed, timings=timings,
        families=family_counts(kind, args.n, args.seed),
    )
    validity = (f"; checked in {timings['check_s']:.1f} s, validity {analysis.valid.mean():.4f} (before repair)"
                if analysis is not None else "")
    print(f"wrote {args.n} {kind.name} to {out}: made in {timings['make_s']:.1f} s{validity}")
    return 0


def _corpus_import(args: argparse.Namespace) -> int:
    from python_bridge.content.corpus import analyse, write_corpus
    from python_bridge.content.importers import import_folder
    from python_bridge.content.registry import get_kind

    items, names = import_folder(args.kind, args.src, resize=args.resize, height_scale_m=args.height_scale_m)
    kind = get_kind(args.kind)
    analysis = analyse(kind, items)
    out = write_corpus(args.out, kind, items, analysis=analysis, generator="import", generator_version=1,
                       source=str(Path(args.src).resolve()), extra={"files": names})
    print(f"imported {len(items)} {kind.name} from {args.src} to {out}; validity {analysis.valid.mean():.3f}")
    for rule, count in sorted(analysis.rule_counts.items()):
        print(f"  {count} item(s) fail rule {rule!r}")
    return 0


def _er_pair(kind, spec: str) -> tuple[str, str]:
    from python_bridge.errors import ContentError

    names = list(kind.descriptor_names)
    if not spec:
        return names[0], names[1]
    parts = [p.strip() for p in spec.split(",")]
    if len(parts) != 2 or any(p not in names for p in parts):
        raise ContentError(f"--er wants two of {', '.join(names)} as 'x,y', got {spec!r}.")
    return parts[0], parts[1]


def _preview(args: argparse.Namespace) -> int:
    from python_bridge.content.corpus import read_corpus
    from python_bridge.content.preview import save_contact_sheet

    corpus = read_corpus(args.dir)
    kind = corpus.kind
    n = min(args.n, len(corpus.items))
    man = corpus.manifest
    title = f"{kind.name}: first {n} of {len(corpus.items)} from {Path(args.dir).name} ({man.get('generator', '?')}@{man.get('generator_version', '?')}, seed {man.get('seed')})"
    labels = None
    if corpus.manifest.get("source") == "procedural" and corpus.manifest.get("seed") is not None \
            and corpus.manifest.get("generator") == kind.generator_name:
        labels = [kind.family_of(int(man["seed"]), i) for i in range(n)]
        if not any(labels):
            labels = None
    out = save_contact_sheet(kind, corpus.items[:n], args.out, cols=args.cols, max_items=n, title=title, labels=labels)
    print(f"wrote {out}")
    if args.er_out:
        from python_bridge.metrics import plot_expressive_range

        x, y = _er_pair(kind, args.er)
        xi, yi = kind.descriptor_names.index(x), kind.descriptor_names.index(y)
        panels = []
        for label, c in [(Path(args.dir).name, corpus)] + ([(Path(args.reference).name, read_corpus(args.reference))]
                                                            if args.reference else []):
            d = kind.descriptors_batch(c.items)
            panels.append((label, d[:, xi], d[:, yi]))
        er = plot_expressive_range(panels, x, y, kind.descriptor_ranges[x], kind.descriptor_ranges[y], args.er_out,
                                   title=f"{kind.name}: expressive range")
        print(f"wrote {er}")
    return 0


def _metrics(args: argparse.Namespace) -> int:
    import numpy as np

    from python_bridge.content.corpus import analyse, read_corpus
    from python_bridge.errors import ContentError
    from python_bridge.metrics import corpus_report, reconstruction_report

    corpus = read_corpus(args.dir)
    kind = corpus.kind
    reference = None
    if args.reference:
        ref = read_corpus(args.reference)
        if ref.kind.name != kind.name:
            raise ContentError(f"{args.reference} holds {ref.kind.name}, {args.dir} holds {kind.name}; compare like with like.")
        reference = ref.items
    an = analyse(kind, corpus.items, args.workers)
    report = corpus_report(
        kind, corpus.items, reference, valid=an.valid, rule_counts=an.rule_counts, descriptors=an.descriptors,
        max_items=args.max_items, repair=args.repair, er_pair=_er_pair(kind, args.er),
    )
    report["dir"] = str(args.dir)
    report["generator"] = corpus.manifest.get("generator")
    if args.reconstruction_of:
        orig = read_corpus(args.reconstruction_of)
        if orig.kind.name != kind.name or len(orig.items) != len(corpus.items):
            raise ContentError(
                f"{args.reconstruction_of} must hold as many {kind.name} as {args.dir} (item i <-> item i)."
            )
        if kind.name == "textures":
            rec = reconstruction_report(orig.items, corpus.items, data_range=255.0, channel_axis=-1)
        elif kind.name == "terrain":
            span = float(np.ptp(orig.items)) or 1.0
            rec = reconstruction_report(orig.items, corpus.items, data_range=span)
        elif kind.name == "rooms":
            rec = reconstruction_report(orig.items, corpus.items, data_range=float(kind.n_classes - 1))
            rec["tile_accuracy"] = float((orig.items == corpus.items).mean())
        else:
            rec = {"mae_normalised": float(np.abs(kind.distance_features(orig.items) - kind.distance_features(corpus.items)).mean())}
        report["reconstruction"] = rec
    if not args.json:
        _print_human(report)
    print(json.dumps(report, sort_keys=True, default=float))
    sys.stdout.flush()
    return 0


def _print_human(r: dict) -> None:
    print(f"{r['kind']}: n={r['n']}  validity={r['validity']:.4f} (before repair)  diversity={r['diversity']:.4f} "
          f"({r['diversity_metric']})  descriptor diversity={r['descriptor_diversity']:.4f}")
    for rule, count in r["rules_failed"].items():
        print(f"  rule {rule!r}: {count} item(s) fail")
    for name, s in r["descriptors"].items():
        print(f"  {name:16s} mean {s['mean']:.3f}  std {s['std']:.3f}  [{s['min']:.3f}, {s['max']:.3f}]")
    if "novelty" in r:
        print(f"  novelty vs reference ({r['reference_n']} items): {r['novelty']:.4f}")
    if "tile_pattern_kl" in r:
        print("  tile-pattern KL: " + ", ".join(f"{k}x{k} {v:.4f}" for k, v in r["tile_pattern_kl"].items()))
    if "validity_after_repair" in r:
        print(f"  repaired {r['repaired']} item(s); validity after repair {r['validity_after_repair']:.4f}")
