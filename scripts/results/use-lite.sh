#!/usr/bin/env bash
# Issue 6 records: Universal Sentence Encoder lite (frozen, from npm) + TextCNN on MR (10-fold CV), SST-2 and TREC,
# and `bertcnn compare` (linear on the sentence vector vs TextCNN on token states vs CNN-alone) on SST-2, TREC and
# MR (10-fold). compare's textcnn model has exactly the settings of the `train` runs above, so the script links
# those runs into the comparison folders and compare --resume reads them back instead of training them twice
# (the MR TextCNN folds alone take ~2 h on 2 cores).
# Reads ../shared/data in place. Results: <out>/*/metrics.json, cv.json, compare.json.
# Usage: bash scripts/results/use-lite.sh [OUT_DIR]   (default /tmp/bertcnn-results)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=../shared/data
OUT=${1:-/tmp/bertcnn-results}
CACHE=$OUT/cache
mkdir -p "$OUT"
common=(--encoder use-lite --mode frozen --head textcnn --max-length 64 --epochs 10 --batch-size 50 --lr 1e-3 --seed 1 --cache "$CACHE" --quiet --json)
./bin/bertcnn.js train --train $DATA/SST-2/train.tsv --dev $DATA/SST-2/dev.tsv --test $DATA/SST-2/test.tsv "${common[@]}" --out "$OUT/sst2" > "$OUT/sst2.json"
./bin/bertcnn.js train --train $DATA/TREC/train.tsv --dev-split 0.1 --test $DATA/TREC/test.tsv "${common[@]}" --out "$OUT/trec" > "$OUT/trec.json"
./bin/bertcnn.js train --train $DATA/MR/all.tsv --folds 10 "${common[@]}" --out "$OUT/mr" > "$OUT/mr.json"
cmp=(--encoder use-lite --max-length 64 --epochs 10 --batch-size 50 --lr 1e-3 --seed 1 --cache "$CACHE" --resume --json)
reuse() { # reuse <train run dir> <comparison dir>: the train run is compare's textcnn model
  mkdir -p "$2"
  [ -e "$2/textcnn" ] || cp -r "$1" "$2/textcnn"
}
reuse "$OUT/sst2" "$OUT/compare-sst2"
./bin/bertcnn.js compare --train $DATA/SST-2/train.tsv --dev $DATA/SST-2/dev.tsv --test $DATA/SST-2/test.tsv "${cmp[@]}" \
  --out "$OUT/compare-sst2" > "$OUT/compare-sst2.json"
reuse "$OUT/trec" "$OUT/compare-trec"
./bin/bertcnn.js compare --train $DATA/TREC/train.tsv --dev-split 0.1 --test $DATA/TREC/test.tsv "${cmp[@]}" \
  --out "$OUT/compare-trec" > "$OUT/compare-trec.json"
reuse "$OUT/mr" "$OUT/compare-mr"
./bin/bertcnn.js compare --train $DATA/MR/all.tsv --folds 10 "${cmp[@]}" --out "$OUT/compare-mr" > "$OUT/compare-mr.json"
echo done
