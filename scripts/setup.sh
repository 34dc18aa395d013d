#!/usr/bin/env bash
# Set up (or reuse) .venv with everything vrbridge needs. Idempotent: a second run only checks.
#
# Why a script and not just `pip install -e .`: mlagents-envs 1.1.0 (ML-Agents communication
# API 1.5.0, what com.unity.ml-agents 4.x speaks) declares Python <=3.10.12 and stale pins, so
# on 3.11 pip would silently pick 0.28.0. It has to be installed with --no-deps
# --ignore-requires-python, which pyproject.toml cannot express; its real runtime needs are in
# pyproject's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VENV=${VRBRIDGE_VENV:-.venv}

if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
pip() { "$VENV/bin/python" -m pip --disable-pip-version-check -q "$@"; }

stamp="$VENV/.vrbridge-setup"
want=$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && "$VENV/bin/python" -c "import python_bridge, mlagents_envs" 2>/dev/null; then
  exit 0
fi

# torch first and pinned: this machine carries the 2.13.0 CPU wheel; anything else pulls CUDA.
pip install "torch==2.13.0"
pip install -e ".[dev]"
pip install --no-deps --ignore-requires-python "mlagents-envs==1.1.0"
# Derive ML-Agents' protobuf modules for the fast upb backend now (cached; see unity/fast_pb.py).
"$VENV/bin/python" -c "import python_bridge.unity as u; from python_bridge.unity.fast_pb import backend; assert backend() == 'upb', backend()"
echo "$want" > "$stamp"
echo "vrbridge set up in $VENV" >&2
