#!/usr/bin/env bash
# The whole C# check of unity_project/ without Unity: installs what it needs (Debian's mono-mcs,
# mono-devel, nunit-console, protobuf-compiler), builds Google.Protobuf 3.21.12 from Debian's source
# package and compile-only stubs of the package surface (cached in .csharp-build/), checks protos/ ->
# Vrbridge.cs drift and the .meta files, compiles every asmdef with mcs and runs the NUnit tests under
# mono. Last line: "N files compiled, T passed, F failed". Extra arguments go to
# unity_project/CompileCheck/check.py (--no-tests, --cache DIR).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

missing=()
command -v mcs >/dev/null 2>&1 || missing+=(mono-mcs)
command -v mono >/dev/null 2>&1 || missing+=(mono-runtime)
command -v ilasm >/dev/null 2>&1 || missing+=(mono-devel)
command -v nunit-console >/dev/null 2>&1 || missing+=(nunit-console)
command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || { echo "check_csharp: need root (or sudo) to install: ${missing[*]}" >&2; exit 2; }
        SUDO="sudo"
    fi
    echo "check_csharp: installing ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

exec python3 "$ROOT/unity_project/CompileCheck/check.py" "$@"
