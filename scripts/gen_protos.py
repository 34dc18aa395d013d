"""Generate python_bridge/protocol/vrbridge_pb2.py(.pyi) from protos/ with grpcio-tools.

Usage: python scripts/gen_protos.py [--out DIR]
tests/protocol/test_drift.py regenerates into a temporary folder and compares byte for byte.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grpc_tools import protoc

ROOT = Path(__file__).resolve().parents[1]
PROTOS = ROOT / "protos"
DEFAULT_OUT = ROOT / "python_bridge" / "protocol"


def generate(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(p.name for p in PROTOS.glob("*.proto"))
    rc = protoc.main(["protoc", f"-I{PROTOS}", f"--python_out={out}", f"--pyi_out={out}", *files])
    if rc != 0:
        raise SystemExit(f"protoc failed with exit code {rc}")
    return sorted(out.glob("*_pb2.py*"))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    for p in generate(args.out):
        print(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p)
    sys.exit(0)
