"""The one-way data flow, held by a test: which package may import which (docs/ARCHITECTURE.md)."""
import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "python_bridge"
SHARED = {"types", "errors", "config", "files", "protocol"}
# stage -> stages it may import (besides the shared modules)
ALLOWED = {
    "protocol": set(),
    "content": set(),
    "metrics": {"content"},
    "generators": {"content", "metrics"},
    "players": {"content"},
    "features": set(),
    "policy": set(),
    "store": set(),
    "unity": {"content", "players"},   # the stand-in hosts a scene model and simulated players
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_the_unity_package_imports_mlagents_or_grpc():
    offenders = []
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG)
        if rel.parts[0] == "unity" or rel.name.endswith("_pb2.py"):
            continue
        bad = {m for m in _imports(path) if m.split(".")[0] in ("mlagents_envs", "grpc")}
        if bad:
            offenders.append(f"{rel}: {sorted(bad)}")
    assert not offenders, offenders


def test_stages_import_only_upstream_stages():
    offenders = []
    for stage, allowed in ALLOWED.items():
        for path in (PKG / stage).rglob("*.py"):
            for mod in _imports(path):
                parts = mod.split(".")
                if parts[0] != "python_bridge" or len(parts) < 2:
                    continue
                target = parts[1]
                if target in SHARED or target == stage or target in allowed:
                    continue
                offenders.append(f"{path.relative_to(PKG)} imports python_bridge.{target}")
    assert not offenders, offenders
