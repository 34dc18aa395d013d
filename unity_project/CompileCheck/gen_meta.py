"""Unity .meta files for everything under unity_project/Assets, with stable GUIDs.

Unity keys every asset reference (scenes, prefabs, asmdef references by GUID) on the GUID in the
asset's .meta file, so the .meta files are committed. New ones get a deterministic GUID, the md5 of
"vrbridge:" + the asset's path under unity_project/, so regenerating never changes a GUID; existing
.meta files are never rewritten (Unity may have added importer settings to them).

    python unity_project/CompileCheck/gen_meta.py           write missing .meta files
    python unity_project/CompileCheck/gen_meta.py --check   every asset has one, none is orphaned,
                                                            GUIDs are unique (exit 1 otherwise)
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

UNITY = Path(__file__).resolve().parents[1]
ASSETS = UNITY / "Assets"
GUID_RE = re.compile(r"^guid: ([0-9a-f]{32})$", re.M)

_TAIL = "  externalObjects: {}\n  userData: \n  assetBundleName: \n  assetBundleVariant: \n"
IMPORTERS = {
    ".cs": "MonoImporter:\n  externalObjects: {}\n  serializedVersion: 2\n  defaultReferences: []\n"
           "  executionOrder: 0\n  icon: {instanceID: 0}\n  userData: \n  assetBundleName: \n  assetBundleVariant: \n",
    ".asmdef": "AssemblyDefinitionImporter:\n" + _TAIL,
    ".txt": "TextScriptImporter:\n" + _TAIL,
    ".md": "TextScriptImporter:\n" + _TAIL,
    ".json": "TextScriptImporter:\n" + _TAIL,
    ".bytes": "TextScriptImporter:\n" + _TAIL,
}
DEFAULT = "DefaultImporter:\n" + _TAIL


def guid_for(path: Path) -> str:
    return hashlib.md5(("vrbridge:" + path.relative_to(UNITY).as_posix()).encode()).hexdigest()


def meta_text(path: Path) -> str:
    head = f"fileFormatVersion: 2\nguid: {guid_for(path)}\n"
    if path.is_dir():
        return head + "folderAsset: yes\n" + DEFAULT
    return head + IMPORTERS.get(path.suffix, DEFAULT)


def assets() -> list[Path]:
    """Every file and folder Unity imports (it skips names starting with '.' or ending with '~')."""
    out = []
    for p in sorted(ASSETS.rglob("*")):
        rel = p.relative_to(ASSETS)
        if any(part.startswith(".") or part.endswith("~") for part in rel.parts):
            continue
        if p.suffix == ".meta":
            continue
        out.append(p)
    return out


def problems() -> list[str]:
    found: list[str] = []
    seen: dict[str, Path] = {}
    have = set(assets())
    for a in sorted(have):
        meta = a.with_name(a.name + ".meta")
        if not meta.exists():
            found.append(f"missing {meta.relative_to(UNITY)} (run unity_project/CompileCheck/gen_meta.py)")
            continue
        m = GUID_RE.search(meta.read_text())
        if not m:
            found.append(f"{meta.relative_to(UNITY)} has no guid line")
            continue
        if m.group(1) in seen:
            found.append(f"duplicate guid {m.group(1)}: {meta.relative_to(UNITY)} and {seen[m.group(1)].relative_to(UNITY)}")
        seen[m.group(1)] = meta
    for meta in sorted(ASSETS.rglob("*.meta")):
        target = meta.with_name(meta.name[: -len(".meta")])
        if target not in have:
            found.append(f"orphaned {meta.relative_to(UNITY)}: no {target.name} beside it")
    return found


def write_missing() -> list[Path]:
    written = []
    for a in assets():
        meta = a.with_name(a.name + ".meta")
        if not meta.exists():
            meta.write_text(meta_text(a))
            written.append(meta)
    return written


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if not args.check:
        for m in write_missing():
            print(m.relative_to(UNITY))
    bad = problems()
    for b in bad:
        print(b)
    if args.check and not bad:
        print(f"gen_meta: {len(assets())} assets, every one with a .meta, GUIDs unique")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
