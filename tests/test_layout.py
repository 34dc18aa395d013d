"""The one-way data flow, held by a test: which package may import which (docs/ARCHITECTURE.md)."""
import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "python_bridge"
SHARED = {"types", "errors", "config", "files", "protocol", "names"}
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


def _module_graph() -> dict[str, set[str]]:
    """Every module of the package -> the package modules it imports (at any depth in the file)."""
    mods = {}
    for path in PKG.rglob("*.py"):
        parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = path
    graph = {}
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        out = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                out |= {a.name for a in node.names if a.name in mods}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(up + ([base] if base else []))
                for a in node.names:
                    full = f"{base}.{a.name}"
                    out.add(full if full in mods else base)
        graph[name] = {m for m in out if m in mods and m != name}
    return graph


def test_no_import_cycles():
    """No two modules import each other, directly or round a longer circle (Tarjan's strongly connected components)."""
    graph = _module_graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    assert len(graph) > 50 and any(graph.values())  # the walk found the package
    assert not cycles, f"import cycles: {cycles}"

