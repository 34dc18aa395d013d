"""Makes mlagents_envs use protobuf modules rebuilt for the fast upb backend (derived, never committed).

mlagents-envs 1.1.0 ships ``*_pb2.py`` files from an old protoc; protobuf >= 4.21 (upb) refuses
to import them and the pure-Python backend they need is 2-25x slower. Their exact
FileDescriptorProtos are embedded in those files (``serialized_pb``), so we read them out
without importing the files, hand them to grpcio-tools' protoc with ``--descriptor_set_in``
and get modern modules that are wire-identical by construction. They are cached per
(mlagents-envs files, protobuf, grpcio-tools) and served through an import hook, so
``mlagents_envs.communicator_objects.X_pb2`` resolves to the rebuilt module.

``install()`` must run before anything imports ``mlagents_envs.communicator_objects``;
``python_bridge.unity`` calls it first thing.
"""
from __future__ import annotations

import ast
import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

PACKAGE = "mlagents_envs.communicator_objects"
_installed_dir: Path | None = None


def stock_dir() -> Path:
    """The installed mlagents_envs/communicator_objects folder (found without importing it)."""
    spec = importlib.util.find_spec("mlagents_envs")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            "mlagents-envs is not installed. Run scripts/setup.sh, which installs "
            "mlagents-envs==1.1.0 with --no-deps --ignore-requires-python."
        )
    return Path(list(spec.submodule_search_locations)[0]) / "communicator_objects"


def extract_descriptors(folder: Path) -> dict[str, bytes]:
    """Return ``{proto file name: serialized FileDescriptorProto}`` from the stock *_pb2.py files."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.glob("*_pb2.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "FileDescriptor"):
                continue
            kw = {k.arg: k.value for k in node.keywords}
            name, blob = kw.get("name"), kw.get("serialized_pb")
            # The old protoc wrote serialized_pb=_b('...latin-1 text...').
            if isinstance(blob, ast.Call) and blob.args:
                blob = blob.args[0]
            if isinstance(name, ast.Constant) and isinstance(blob, ast.Constant):
                value = blob.value
                found[name.value] = value if isinstance(value, bytes) else value.encode("latin1")
    if not found:
        raise ImportError(f"no embedded descriptors found in {folder}; is this mlagents-envs 1.1.0?")
    return found


def _cache_key(folder: Path) -> str:
    import google.protobuf
    import grpc_tools

    h = hashlib.sha256()
    for path in sorted(folder.glob("*_pb2.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    h.update(google.protobuf.__version__.encode())
    h.update(getattr(grpc_tools, "__version__", "").encode())
    h.update(Path(grpc_tools.__file__).parent.joinpath("protoc.py").read_bytes())
    return h.hexdigest()[:16]


def _cache_root() -> Path:
    env = os.environ.get("VRBRIDGE_CACHE_DIR")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "vrbridge"


def build(out_root: Path | None = None) -> Path:
    """Rebuild the modules (if not cached) and return the folder that holds ``mlagents_envs/...``."""
    from google.protobuf import descriptor_pb2
    from grpc_tools import protoc

    folder = stock_dir()
    target = (out_root or _cache_root()) / "mlagents_pb" / _cache_key(folder)
    if (target / "mlagents_envs" / "communicator_objects" / "unity_message_pb2.py").exists():
        return target
    descriptors = extract_descriptors(folder)
    fds = descriptor_pb2.FileDescriptorSet()
    for blob in descriptors.values():
        fds.file.add().ParseFromString(blob)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    try:
        set_path = tmp / "mlagents.pb"
        set_path.write_bytes(fds.SerializeToString())
        out = tmp / "out"
        out.mkdir()
        rc = protoc.main(["protoc", f"--descriptor_set_in={set_path}", f"--python_out={out}", *descriptors])
        if rc != 0:
            raise ImportError(f"grpcio-tools' protoc failed (exit {rc}) rebuilding ML-Agents' modules")
        # Atomic publish: another process may be building the same key at the same time.
        try:
            os.replace(out, target)
        except OSError:
            if not target.exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.debug("rebuilt ML-Agents protobuf modules in %s", target)
    return target


class _RebuiltFinder(importlib.abc.MetaPathFinder):
    """Serves mlagents_envs.communicator_objects.*_pb2 from the rebuilt folder."""

    def __init__(self, root: Path):
        self.folder = root / "mlagents_envs" / "communicator_objects"

    def find_spec(self, fullname, path=None, target=None):  # noqa: D401 - importlib protocol
        prefix, _, leaf = fullname.rpartition(".")
        if prefix != PACKAGE or not leaf.endswith("_pb2"):
            return None
        candidate = self.folder / f"{leaf}.py"
        if not candidate.exists():
            return None
        return importlib.util.spec_from_file_location(fullname, candidate)


def install() -> Path:
    """Route ML-Agents' protobuf imports to the rebuilt modules. Idempotent."""
    global _installed_dir
    if _installed_dir is not None:
        return _installed_dir
    stale = [m for m in sys.modules if m.startswith(PACKAGE + ".") and m.endswith("_pb2")]
    if stale:
        raise ImportError(
            f"{stale[0]} was imported before python_bridge.unity installed the rebuilt modules; "
            "import python_bridge.unity before mlagents_envs."
        )
    if os.environ.get("PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION") == "python":
        log.warning(
            "PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION=python forces the slow backend; unset it for upb."
        )
    root = build()
    sys.meta_path.insert(0, _RebuiltFinder(root))
    _installed_dir = root
    return root


def backend() -> str:
    """The active protobuf backend: 'upb' (fast), 'cpp' or 'python'."""
    from google.protobuf.internal import api_implementation

    return api_implementation.Type()
