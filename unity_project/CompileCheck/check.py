"""Compile-check the Unity project's C# with mono's mcs and run its NUnit tests, without Unity.

Run through scripts/check_csharp.sh, which installs the Debian packages this needs. Steps:
  1. Google.Protobuf 3.21.12 (the version ML-Agents ships as Google.Protobuf_Packed.dll), built from
     Debian's protobuf source package with mcs; cached.
  2. Compile-only stubs of the Unity / ML-Agents / XRI / Input System / Inference Engine surface
     (CompileCheck/Stubs/<assembly>/), one dll per real assembly; cached by content hash.
  3. protos/ -> C# drift check (scripts/gen_csharp.sh --check) and the .meta check (gen_meta.py --check).
  4. Every asmdef under Assets/ compiled on its own, against exactly the assemblies it lists, in the
     C# 7.2 subset mcs accepts; runtime assemblies twice (editor/desktop defines, and Quest's UNITY_ANDROID).
  5. The test assembly run with nunit-console under mono; golden byte vectors come from Python.
Ends with one line: "N files compiled, T passed, F failed".
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
UNITY = HERE.parent
ROOT = UNITY.parent
ASSETS = UNITY / "Assets"
STUBS = HERE / "Stubs"
PROTOBUF_VERSION = "3.21.12"
PROTOBUF_DLL = "Google.Protobuf_Packed.dll"   # the file name ML-Agents ships, so asmdefs resolve as in Unity
NUNIT_DLL = "/usr/lib/cli/nunit.framework-2.6.3/nunit.framework.dll"

# Stub assemblies in build order, each with the stub assemblies it references (as the real ones do).
STUB_ASSEMBLIES = {
    "UnityEngine": [],
    "UnityEditor": ["UnityEngine"],
    "Unity.InferenceEngine": ["UnityEngine"],
    "Unity.InputSystem": ["UnityEngine"],
    "Unity.XR.CoreUtils": ["UnityEngine"],
    "Unity.XR.Interaction.Toolkit": ["UnityEngine", "Unity.InputSystem", "Unity.XR.CoreUtils"],
    "Unity.ML-Agents": ["UnityEngine", "Unity.InferenceEngine"],
}
# Assemblies an asmdef may name that have no API we use (test runner glue); nothing to reference.
IGNORED_REFERENCES = {"UnityEngine.TestRunner", "UnityEditor.TestRunner"}
# Define sets a runtime assembly is compiled under: the editor and desktop players (where ML-Agents
# trains) and a standalone Quest (Android) build.
VARIANTS = {
    "editor": ["UNITY_EDITOR", "UNITY_STANDALONE", "UNITY_STANDALONE_LINUX", "UNITY_6000_0_OR_NEWER", "UNITY_INCLUDE_TESTS"],
    "quest": ["UNITY_ANDROID", "UNITY_6000_0_OR_NEWER"],
}
# mcs warnings that mean a Unity bug here: a member that hides instead of overriding (Unity would call
# ours and skip the package's Awake/OnEnable), an unused private field that the inspector cannot set.
WARNINGS_AS_ERRORS = "CS0108,CS0114"


def log(msg: str) -> None:
    print(msg, flush=True)


def run(cmd: list[str], cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if check and proc.returncode != 0:
        sys.stdout.write(proc.stdout)
        raise SystemExit(f"check_csharp: command failed ({proc.returncode}): {' '.join(cmd)}")
    return proc


def digest(paths: list[Path], extra: str = "") -> str:
    h = hashlib.sha256(extra.encode())
    for p in sorted(paths):
        h.update(str(p.relative_to(ROOT)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


# ------------------------------------------------------------------------------ Google.Protobuf

def deb_src_sources(tmp: Path) -> Path:
    """A deb-src sources file for this machine's Debian release (apt-get source needs one)."""
    uri, suite, keyring = "http://deb.debian.org/debian", None, "/usr/share/keyrings/debian-archive-keyring.gpg"
    main = Path("/etc/apt/sources.list.d/debian.sources")
    if main.exists():
        stanza = main.read_text().split("\n\n")[0]
        m = re.search(r"^URIs:\s*(\S+)", stanza, re.M)
        uri = m.group(1) if m else uri
        m = re.search(r"^Suites:\s*(\S+)", stanza, re.M)
        suite = m.group(1) if m else None
        m = re.search(r"^Signed-By:\s*(\S+)", stanza, re.M)
        keyring = m.group(1) if m else keyring
    if suite is None:
        os_release = Path("/etc/os-release").read_text()
        m = re.search(r"^VERSION_CODENAME=(\S+)", os_release, re.M)
        suite = m.group(1) if m else "bookworm"
    src = tmp / "deb-src.sources"
    src.write_text(f"Types: deb-src\nURIs: {uri}\nSuites: {suite}\nComponents: main\nSigned-By: {keyring}\n")
    return src


def fetch_protobuf_tarball(cache: Path) -> Path:
    found = sorted(cache.glob(f"protobuf_{PROTOBUF_VERSION}*.orig.tar.*"))
    if found:
        return found[0]
    log(f"  downloading Debian's protobuf source package (deb-src in a temporary sources file)")
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        lists = tmp / "lists"
        (lists / "partial").mkdir(parents=True)
        opts = ["-o", f"Dir::Etc::SourceList={deb_src_sources(tmp)}", "-o", "Dir::Etc::SourceParts=/dev/null",
                "-o", f"Dir::State::Lists={lists}"]
        run(["apt-get", *opts, "update"])
        run(["apt-get", *opts, "source", "--download-only", "protobuf"], cwd=cache)
    found = sorted(cache.glob("protobuf_*.orig.tar.*"))
    if not found or PROTOBUF_VERSION not in found[0].name:
        raise SystemExit(f"check_csharp: Debian's protobuf source is {[f.name for f in found]}, not "
                         f"{PROTOBUF_VERSION}; the C# runtime must match the protoc that generates Vrbridge.cs "
                         f"and the Google.Protobuf_Packed.dll ML-Agents ships.")
    return found[0]


UNSAFE_IL = """\
// Google.Protobuf needs System.Runtime.CompilerServices.Unsafe; mono 6.8's mscorlib has it but internal.
.assembly extern mscorlib { .publickeytoken = (B7 7A 5C 56 19 34 E0 89) .ver 4:0:0:0 }
.assembly System.Runtime.CompilerServices.Unsafe { .ver 4:0:6:0 }
.module System.Runtime.CompilerServices.Unsafe.dll
.class public abstract auto ansi sealed beforefieldinit System.Runtime.CompilerServices.Unsafe extends [mscorlib]System.Object
{
  .method public hidebysig static !!T& Add<T>(!!T& source, int32 elementOffset) cil managed aggressiveinlining
  { .maxstack 3 ldarg.0 ldarg.1 sizeof !!T conv.i mul add ret }
  .method public hidebysig static !!T& AddByteOffset<T>(!!T& source, native int byteOffset) cil managed aggressiveinlining
  { .maxstack 2 ldarg.0 ldarg.1 add ret }
  .method public hidebysig static !!TTo& As<TFrom, TTo>(!!TFrom& source) cil managed aggressiveinlining
  { .maxstack 1 ldarg.0 ret }
  .method public hidebysig static !!T ReadUnaligned<T>(uint8& source) cil managed aggressiveinlining
  { .maxstack 1 ldarg.0 unaligned. 0x1 ldobj !!T ret }
  .method public hidebysig static void WriteUnaligned<T>(uint8& destination, !!T 'value') cil managed aggressiveinlining
  { .maxstack 2 ldarg.0 ldarg.1 unaligned. 0x1 stobj !!T ret }
}
"""


def build_protobuf(cache: Path) -> Path:
    """Google.Protobuf_Packed.dll (3.21.12) plus the Unsafe shim it needs, in cache/protobuf/."""
    out = cache / "protobuf"
    dll = out / PROTOBUF_DLL
    if dll.exists() and (out / "System.Runtime.CompilerServices.Unsafe.dll").exists():
        return dll
    out.mkdir(parents=True, exist_ok=True)
    tarball = fetch_protobuf_tarball(out)
    src = out / "src"
    shutil.rmtree(src, ignore_errors=True)
    prefix = "csharp/src/Google.Protobuf/"
    with tarfile.open(tarball) as tf:
        members = [m for m in tf.getmembers() if prefix in m.name and m.name.endswith(".cs")]
        for m in members:
            rel = m.name.split(prefix, 1)[1]
            target = src / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tf.extractfile(m).read())
    # mcs 6.8 loses the `pb::` using-aliases inside Descriptor.cs's nested types: spell them out.
    desc = src / "Reflection" / "Descriptor.cs"
    text = desc.read_text()
    for alias, full in (("pbc", "Google.Protobuf.Collections"), ("pbr", "Google.Protobuf.Reflection"),
                        ("scg", "System.Collections.Generic"), ("pb", "Google.Protobuf")):
        text = re.sub(rf"\b{alias}::", f"global::{full}.", text)
    desc.write_text(text)
    il = out / "Unsafe.il"
    il.write_text(UNSAFE_IL)
    run(["ilasm", "-dll", "-quiet", f"-output:{out / 'System.Runtime.CompilerServices.Unsafe.dll'}", str(il)])
    log(f"  compiling Google.Protobuf {PROTOBUF_VERSION} ({len(members)} files)")
    run(["mcs", "-langversion:7.2", "-unsafe", "-target:library", "-nowarn:1591,0618,0612", "-optimize+",
         f"-out:{dll}", f"-r:{out / 'System.Runtime.CompilerServices.Unsafe.dll'}", "-recurse:*.cs"], cwd=src)
    return dll


# ------------------------------------------------------------------------------ stubs

def build_stubs(cache: Path) -> dict[str, Path]:
    files = sorted(STUBS.rglob("*.cs"))
    key = digest(files)
    out = cache / "stubs" / key
    dlls = {name: out / f"{name}.dll" for name in STUB_ASSEMBLIES}
    if all(p.exists() for p in dlls.values()):
        return dlls
    shutil.rmtree(cache / "stubs", ignore_errors=True)
    out.mkdir(parents=True)
    for name, deps in STUB_ASSEMBLIES.items():
        sources = sorted((STUBS / name).rglob("*.cs"))
        cmd = ["mcs", "-langversion:7.2", "-unsafe", "-target:library", "-nowarn:0067,0649,0169,0414,0109",
               f"-out:{dlls[name]}", *[f"-r:{dlls[d]}" for d in deps], *map(str, sources)]
        proc = run(cmd, check=False)
        if proc.returncode != 0:
            sys.stdout.write(proc.stdout)
            raise SystemExit(f"check_csharp: the {name} stub does not compile")
    return dlls


# ------------------------------------------------------------------------------ asmdefs

class Asmdef:
    def __init__(self, path: Path):
        self.path = path
        self.dir = path.parent
        self.data = json.loads(path.read_text())
        self.name = self.data["name"]
        self.sources: list[Path] = []

    @property
    def editor_only(self) -> bool:
        return self.data.get("includePlatforms") == ["Editor"]

    @property
    def references(self) -> list[str]:
        return [r for r in self.data.get("references", []) if r not in IGNORED_REFERENCES]


def discover() -> list[Asmdef]:
    asmdefs = [Asmdef(p) for p in sorted(ASSETS.rglob("*.asmdef"))]
    dirs = {a.dir: a for a in asmdefs}
    orphans = []
    for cs in sorted(ASSETS.rglob("*.cs")):
        owner = next((dirs[d] for d in [cs.parent, *cs.parents] if d in dirs), None)
        if owner is None:
            orphans.append(cs)
        else:
            owner.sources.append(cs)
    if orphans:
        raise SystemExit("check_csharp: scripts outside any asmdef (they would land in Assembly-CSharp): "
                         + ", ".join(str(o.relative_to(UNITY)) for o in orphans))
    # topological order by references
    ordered, seen = [], set()
    byname = {a.name: a for a in asmdefs}

    def visit(a: Asmdef, stack: tuple[str, ...] = ()) -> None:
        if a.name in seen:
            return
        if a.name in stack:
            raise SystemExit(f"check_csharp: asmdef reference cycle: {' -> '.join(stack + (a.name,))}")
        for r in a.references:
            if r in byname:
                visit(byname[r], stack + (a.name,))
        seen.add(a.name)
        ordered.append(a)

    for a in asmdefs:
        visit(a)
    return ordered


def compile_asmdefs(asmdefs: list[Asmdef], stubs: dict[str, Path], protobuf: Path,
                    out_root: Path) -> tuple[set[str], int, list[str]]:
    """Compiles every asmdef per variant; returns (names that compiled everywhere, warnings, errors)."""
    errors, warnings = [], 0
    failed: set[str] = set()
    for variant, variant_defines in VARIANTS.items():
        out = out_root / variant
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        built: dict[str, Path] = {}
        known = {a.name for a in asmdefs}
        for a in asmdefs:
            if a.editor_only and variant != "editor":
                continue
            refs, blocked = [], False
            for r in a.references:
                if r in built:
                    refs.append(built[r])
                elif r in known:
                    blocked = True   # an asmdef it needs failed; that error is already reported
                elif r in stubs:
                    refs.append(stubs[r])
                else:
                    errors.append(f"{a.path.relative_to(UNITY)}: references '{r}', which is neither an asmdef "
                                  f"here nor a stubbed package assembly ({', '.join(stubs)})")
                    blocked = True
            if blocked:
                failed.add(a.name)
                continue
            if not a.data.get("noEngineReferences", False):
                refs.append(stubs["UnityEngine"])
                if a.editor_only:
                    refs.append(stubs["UnityEditor"])
            if a.data.get("overrideReferences"):
                for pre in a.data.get("precompiledReferences", []):
                    if pre == PROTOBUF_DLL:
                        refs.append(protobuf)
                    elif pre == "nunit.framework.dll":
                        refs.append(Path(NUNIT_DLL))
                    else:
                        errors.append(f"{a.path.relative_to(UNITY)}: unknown precompiled reference {pre}")
            defines = list(variant_defines)
            defines += [v["define"] for v in a.data.get("versionDefines", [])]
            defines += a.data.get("defineConstraints", [])
            dll = out / f"{a.name}.dll"
            cmd = ["mcs", "-langversion:7.2", "-target:library", "-debug-", "-warn:4",
                   f"-warnaserror:{WARNINGS_AS_ERRORS}", "-nowarn:1591",
                   f"-define:{';'.join(defines)}", f"-out:{dll}",
                   *(["-unsafe"] if a.data.get("allowUnsafeCode") else []),
                   *[f"-r:{r}" for r in refs], *[str(s) for s in a.sources]]
            proc = run(cmd, check=False)
            lines = [ln.replace(str(UNITY) + "/", "") for ln in proc.stdout.splitlines()
                     if ln.strip() and not ln.startswith("Compilation ")]
            w = [ln for ln in lines if ": warning " in ln]
            warnings += len(w)
            for ln in w:
                log(f"  [{variant}] {ln}")
            if proc.returncode != 0:
                errors += [f"[{variant}] {ln}" for ln in lines if ": warning " not in ln]
                errors.append(f"[{variant}] {a.name} failed to compile")
                failed.add(a.name)
                continue
            built[a.name] = dll
        # everything a test run needs next to the test dll
        for dep in (protobuf, protobuf.parent / "System.Runtime.CompilerServices.Unsafe.dll"):
            shutil.copy2(dep, out / dep.name)
    return {a.name for a in asmdefs} - failed, warnings, errors


def canaries(stubs: dict[str, Path]) -> list[str]:
    """Code that must NOT compile against the stubs (a wrong override, a hidden Awake, an XRI 2.x
    namespace, C# 8): proof that the stubs carry the real modifiers and namespaces."""
    problems = []
    refs = [f"-r:{p}" for p in stubs.values()]
    for src in sorted((HERE / "Canaries").glob("*.cs")):
        m = re.search(r"^// expect: (CS\d{4})", src.read_text(), re.M)
        expected = m.group(1) if m else None
        with tempfile.TemporaryDirectory() as t:
            proc = run(["mcs", "-langversion:7.2", "-target:library", f"-warnaserror:{WARNINGS_AS_ERRORS}",
                        f"-out:{Path(t) / 'canary.dll'}", *refs, str(src)], check=False)
        if proc.returncode == 0:
            problems.append(f"canary {src.name} compiled; the stubs no longer catch what it shows")
        elif expected and f"error {expected}" not in proc.stdout:
            problems.append(f"canary {src.name} failed without {expected}:\n{proc.stdout.strip()}")
    return problems


LINTS = [
    # (folder under Assets/VRBridge/Runtime, pattern that must not appear, why)
    ("Channels", re.compile(r"\b(WriteString|ReadString)\s*\("),
     "side-channel strings are ASCII in ML-Agents: send protobuf bytes with SetRawBytes/GetRawBytes"),
    ("Content", re.compile(r"\bLoadImage\s*\("),
     "LoadImage decodes PNG/JPG on the main thread (a frame hitch): use LoadRawTextureData"),
]


def lints(asmdefs: list[Asmdef]) -> list[str]:
    """Unity rules a compiler cannot see."""
    problems = []
    for a in asmdefs:
        for src in a.sources:
            text = src.read_text()
            rel = src.relative_to(UNITY)
            # DecisionRequester.Awake is internal: a subclass's Awake would silently replace it and the
            # requester would never register with the Academy.
            if re.search(r":\s*(Unity\.MLAgents\.)?DecisionRequester\b", text) and re.search(r"\bvoid\s+Awake\s*\(", text):
                problems.append(f"{rel}: a DecisionRequester subclass declares Awake, hiding the package's own")
            for folder, regex, why in LINTS:
                if f"/Runtime/{folder}/" in src.as_posix() and regex.search(text):
                    problems.append(f"{rel}: {why}")
    return problems


# ------------------------------------------------------------------------------ tests

def run_tests(asmdefs: list[Asmdef], out_root: Path) -> tuple[int, int, list[str]]:
    tests = [a for a in asmdefs if "nunit.framework.dll" in a.data.get("precompiledReferences", [])]
    passed = failed = 0
    notes: list[str] = []
    out = out_root / "editor"
    for a in tests:
        dll = out / f"{a.name}.dll"
        xml = out / f"{a.name}.TestResult.xml"
        proc = run(["nunit-console", "-nologo", "-noshadow", f"-xml={xml}", str(dll)], cwd=out, check=False)
        if not xml.exists():
            sys.stdout.write(proc.stdout)
            raise SystemExit(f"check_csharp: nunit-console wrote no results for {a.name}")
        root = ET.parse(xml).getroot()
        total = int(root.get("total", 0))
        bad = int(root.get("errors", 0)) + int(root.get("failures", 0))
        inconclusive = int(root.get("inconclusive", 0))
        passed += total - bad - inconclusive
        failed += bad
        for case in root.iter("test-case"):
            if case.get("success") == "False" and case.get("executed") == "True":
                msg = case.find("./failure/message")
                if msg is None:
                    msg = case.find("./reason/message")
                text = (msg.text or "").strip() if msg is not None else ""
                notes.append(f"FAIL {case.get('name')}: {text}")
        if proc.returncode not in (0,) and bad == 0:
            sys.stdout.write(proc.stdout)
            raise SystemExit(f"check_csharp: nunit-console exited {proc.returncode} for {a.name}")
    return passed, failed, notes


# ------------------------------------------------------------------------------ main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=ROOT / ".csharp-build", help="build cache (gitignored)")
    ap.add_argument("--no-tests", action="store_true", help="compile only")
    args = ap.parse_args()
    cache = args.cache.resolve()
    cache.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    problems: list[str] = []

    log("[1/5] Google.Protobuf runtime")
    protobuf = build_protobuf(cache)
    log("[2/5] compile-only stubs of the package surface")
    stubs = build_stubs(cache)

    log("[3/5] drift (protos/ -> Vrbridge.cs) and .meta files")
    drift = run(["bash", str(ROOT / "scripts" / "gen_csharp.sh"), "--check"], check=False)
    if drift.returncode != 0:
        problems.append("generated C# differs from protos/:\n" + drift.stdout.strip())
    meta = run([sys.executable, str(HERE / "gen_meta.py"), "--check"], check=False)
    if meta.returncode != 0:
        problems.append(".meta check failed:\n" + meta.stdout.strip())

    log("[4/5] compiling every asmdef (mcs, C# 7.2) per variant: " + ", ".join(VARIANTS))
    asmdefs = discover()
    compiled, warnings, errors = compile_asmdefs(asmdefs, stubs, protobuf, cache / "out")
    files = sorted({s for a in asmdefs if a.name in compiled for s in a.sources})
    problems += errors + canaries(stubs) + lints(asmdefs)

    passed = failed = 0
    if not args.no_tests and compiled == {a.name for a in asmdefs}:
        log("[5/5] NUnit tests under mono")
        passed, failed, notes = run_tests(asmdefs, cache / "out")
        for n in notes:
            log("  " + n)
    for p in problems:
        log("ERROR " + p)
    log(f"C# check: {len(asmdefs)} assemblies, {warnings} warnings, {len(problems)} problems, "
        f"{time.monotonic() - t0:.1f} s")
    log(f"{len(files)} files compiled, {passed} passed, {failed + len(problems)} failed")
    return 1 if problems or failed else 0


if __name__ == "__main__":
    sys.exit(main())
