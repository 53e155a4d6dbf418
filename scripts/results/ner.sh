#!/usr/bin/env bash
# NER record: CoNLL-2003 English (Tjong Kim Sang & De Meulder 2003) with frozen Universal Sentence Encoder lite
# token features (from npm, offline) and a BiLSTM-CRF tagger; prints the test entity F1 (conlleval, micro).
# Data: ../shared/data/CoNLL-2003/{train,valid,test}.tsv — token<TAB>tag, IOB2, no -DOCSTART- lines (see its
# SOURCE.md), read in place and never copied. Features go to the persistent cache <out>/cache, so a rerun (or
# `--resume` after Ctrl-C, which this script adds by itself when a checkpoint exists) skips the encoder pass.
# Progress goes to stderr. Results: <out>/conll2003-use-lite-bilstm-crf/metrics.json (dev/test precision, recall,
# F1, per type) and <out>/conll2003-use-lite-bilstm-crf.txt (the run summary).
# Usage: bash scripts/results/ner.sh [OUT_DIR]   (default /tmp/bertcnn-results)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=../shared/data/CoNLL-2003
OUT=${1:-/tmp/bertcnn-results}
RUN=$OUT/conll2003-use-lite-bilstm-crf
mkdir -p "$OUT"
resume=()
if [ -e "$RUN/checkpoint/state.json" ]; then resume=(--resume); fi
./bin/bertcnn.js train --task ner --train "$DATA/train.tsv" --dev "$DATA/valid.tsv" --test "$DATA/test.tsv" \
  --encoder use-lite --mode frozen --head tagger-bilstm --crf --max-length 128 \
  --epochs 10 --batch-size 32 --lr 1e-3 --seed 1 --cache "$OUT/cache" "${resume[@]}" --out "$RUN" | tee "$RUN.txt"
node -e 'const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`CoNLL-2003 test entity F1 (USE-lite frozen + BiLSTM-CRF): ${(100 * m.test.f1).toFixed(2)}  (dev ${(100 * m.dev.f1).toFixed(2)})`);' \
  "$RUN/metrics.json"
