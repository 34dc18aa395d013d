#!/usr/bin/env bash
# Generate the Unity side's protobuf classes from protos/vrbridge.proto with Debian's protoc 3.21.12
# (the Google.Protobuf version ML-Agents ships as Google.Protobuf_Packed.dll):
#   scripts/gen_csharp.sh           write unity_project/Assets/VRBridge/Runtime/Protocol/Vrbridge.cs
#   scripts/gen_csharp.sh --check   regenerate into a temporary folder and fail on any difference
# Never edit Vrbridge.cs by hand; edit protos/ and run this.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/unity_project/Assets/VRBridge/Runtime/Protocol"
WANT="3.21.12"

if ! command -v protoc >/dev/null 2>&1; then
    echo "gen_csharp: protoc not found; install Debian's protobuf-compiler ($WANT), e.g. apt-get install protobuf-compiler" >&2
    exit 2
fi
HAVE="$(protoc --version | awk '{print $2}')"
if [ "$HAVE" != "$WANT" ]; then
    echo "gen_csharp: protoc is $HAVE, need $WANT (Debian bookworm's protobuf-compiler): other versions generate different code" >&2
    exit 2
fi

case "${1:-}" in
    --check)
        TMP="$(mktemp -d)"
        trap 'rm -rf "$TMP"' EXIT
        protoc -I"$ROOT/protos" --csharp_out="$TMP" "$ROOT/protos/vrbridge.proto"
        if ! diff -u "$OUT/Vrbridge.cs" "$TMP/Vrbridge.cs" > "$TMP/diff.txt"; then
            echo "gen_csharp: unity_project/.../Protocol/Vrbridge.cs is stale: run scripts/gen_csharp.sh" >&2
            head -40 "$TMP/diff.txt"
            exit 1
        fi
        echo "gen_csharp: Vrbridge.cs matches protos/vrbridge.proto"
        ;;
    "")
        protoc -I"$ROOT/protos" --csharp_out="$OUT" "$ROOT/protos/vrbridge.proto"
        echo "gen_csharp: wrote ${OUT#$ROOT/}/Vrbridge.cs"
        ;;
    *)
        echo "usage: scripts/gen_csharp.sh [--check]" >&2
        exit 2
        ;;
esac
