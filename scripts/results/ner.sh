#!/usr/bin/env bash
# NER records: CoNLL-2003 English (Tjong Kim Sang & De Meulder 2003) with frozen Universal Sentence Encoder lite
# token features (from npm, offline) and three taggers on them — tagger-linear (softmax per token),
# tagger-cnn + CRF and tagger-bilstm + CRF — with the same budget (10 epochs, batch 32, AdamW lr 1e-3, seed 1,
# best dev epoch). Prints the test entity F1 of each (conlleval: exact span and type, micro over types).
# Data: ../shared/data/CoNLL-2003/{train,valid,test}.tsv — token<TAB>tag, IOB2, no -DOCSTART- lines (see its
# SOURCE.md), read in place and never copied. The encoder runs once: features go to the persistent cache
# <out>/cache and the later taggers read them back. A rerun (or Ctrl-C) resumes a tagger from its checkpoint and
# skips a tagger whose metrics.json exists. Progress goes to stderr.
# Results: <out>/conll2003-use-lite-<tagger>/metrics.json (dev/test precision, recall, F1, per type) and
# <out>/conll2003-use-lite-<tagger>.txt (the run summary).
# Usage: bash scripts/results/ner.sh [OUT_DIR]   (default /tmp/bertcnn-results)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=../shared/data/CoNLL-2003
OUT=${1:-/tmp/bertcnn-results}
mkdir -p "$OUT"
common=(--task ner --train "$DATA/train.tsv" --dev "$DATA/valid.tsv" --test "$DATA/test.tsv"
  --encoder use-lite --mode frozen --max-length 128 --epochs 10 --batch-size 32 --lr 1e-3 --seed 1 --cache "$OUT/cache")
tagger() { # tagger <name> <head flags...>
  local run=$OUT/conll2003-use-lite-$1
  shift
  [ -e "$run/metrics.json" ] && return 0
  local resume=()
  if [ -e "$run/checkpoint/state.json" ]; then resume=(--resume); fi
  ./bin/bertcnn.js train "${common[@]}" "$@" "${resume[@]}" --out "$run" | tee "$run.txt"
}
tagger linear --head tagger-linear
tagger cnn-crf --head tagger-cnn --crf
tagger bilstm-crf --head tagger-bilstm --crf
node -e 'const fs = require("fs");
  console.log("CoNLL-2003 entity F1, USE-lite frozen features (test / dev):");
  for (const t of ["linear", "cnn-crf", "bilstm-crf"]) {
    const m = JSON.parse(fs.readFileSync(`${process.argv[1]}/conll2003-use-lite-${t}/metrics.json`, "utf8"));
    console.log(`  ${t.padEnd(11)} ${(100 * m.test.f1).toFixed(2)} / ${(100 * m.dev.f1).toFixed(2)}  (best epoch ${m.best_epoch})`);
  }' "$OUT"
