#!/usr/bin/env bash
# Reproduce the generator checkpoints shipped in python_bridge/assets/checkpoints/:
# train each default config, evaluate it, export it to ONNX, and ship a slim copy.
#   scripts/train_default_generators.sh                 # all four, one after the other
#   scripts/train_default_generators.sh rooms_gan       # just one
# Each default config trains in about 10 minutes on 2 CPU cores (threads: 2 in the YAML).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
OUT=${OUT:-runs/generators}
CONFIGS=("$@")
[ ${#CONFIGS[@]} -eq 0 ] && CONFIGS=(rooms_vae textures_vae terrain_vae characters_vae)
for name in "${CONFIGS[@]}"; do
  cfg=python_bridge/generators/configs/$name.yaml
  run=default_$name
  echo "== $name: training ($cfg)" >&2
  $PY -m python_bridge train-generator --config "$cfg" --out-dir "$OUT" --run-name "$run" --overwrite --no-progress
  # Runs the shipped checkpoint was extended with (--resume to more epochs), as it was made.
  case $name in
    textures_vae) extend=(18 40) ;;
    *) extend=() ;;
  esac
  for epochs in "${extend[@]}"; do
    echo "== $name: extending to $epochs epochs" >&2
    $PY -m python_bridge train-generator --config "$cfg" --out-dir "$OUT" --run-name "$run" --resume --epochs "$epochs" --no-progress
  done
  ckpt=$OUT/$run/checkpoint.pt
  echo "== $name: evaluating" >&2
  $PY -m python_bridge eval-generator "$ckpt" --json --out "$OUT/$run/eval" | tail -n 1 > "$OUT/$run/eval.json"
  echo "== $name: exporting ONNX" >&2
  $PY -m python_bridge export-onnx "$ckpt" --out "$OUT/$run/$name.onnx" | tail -n 1 > "$OUT/$run/export.json"
  # Nothing encodes rooms (the loop only decodes them): ship the rooms VAE without its encoder.
  lean=(); [ "$name" = rooms_vae ] && lean=(--decoder-only)
  $PY -m python_bridge models ship "$ckpt" --name "$name.pt" --eval-json "$OUT/$run/eval.json" \
    --command "scripts/train_default_generators.sh $name" "${lean[@]}"
done
$PY -m python_bridge models list
