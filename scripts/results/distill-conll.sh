#!/usr/bin/env bash
# Distillation of a NER teacher into a tagger over word ids on CoNLL-2003 (14,041 train, 3,250 dev, 3,453 test
# sentences; issue #18 record). Teacher: fine-tuned all-MiniLM-L6-v2 + tagger-cnn + CRF (test F1 83.19), default
# /tmp/real-conll/conll-minilm-finetune-cnn-crf. Student: tagger-cnn + CRF over word ids (--mode words), the table
# initialised from wink vectors (vectors:wink) and trained, $EPOCHS epochs (default 1), AdamW lr 1e-3, batch 32,
# seed 1, best dev epoch scored on test (conlleval entity F1).
# Rows:
#   hard      the student on gold tags only (bertcnn train --task ner --mode words)
#   mse       distilled, α = $ALPHA (default 0.5), MSE between the student's and the teacher's per-word emissions
#             (the teacher's before its CRF), transfer set = the training sentences
#   mse-aug   as mse, plus Tang et al.'s augmentation (mask p 0.1 → [UNK], n-gram p 0.25), $AUG_COPIES copies per
#             sentence (default 2), relabelled by the teacher
#   mse-a0    distilled on the teacher's scores alone (α = 0), MSE, the training sentences
#   kl        α = $ALPHA, KL between the per-word tag distributions at temperature $KL_T (default 2)
# The teacher's emissions are computed once into $CACHE/teacher-logits (default $OUT/cache) and shared by the
# distilled rows (and by other OUT folders given the same CACHE, e.g. a rerun with more EPOCHS).
# Prints one line per row: name, dev/test F1, agreement with the teacher on test words (the gold-tag row's from
# scripts/results/ner-agreement.ts over the cached teacher scores). A rerun skips finished rows.
# Data: ../shared/data/CoNLL-2003/{train,valid,test}.tsv, read in place.
# docs/results.md records a 1-epoch run of every row and EPOCHS=3 runs of hard, kl and mse-aug (into another OUT with
# CACHE pointing at the first run's cache, so the teacher is not run again).
# Usage: bash scripts/results/distill-conll.sh [OUT_DIR] [ROW ...]   (default /tmp/bertcnn-distill-conll; rows: all)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=../shared/data/CoNLL-2003
OUT=${1:-/tmp/bertcnn-distill-conll}
shift || true
ROWS="$*"
export HF_HUB_OFFLINE=1
export BERTCNN_FROM_SOURCE=1 # run src/ (the NER students are newer than any dist/ build)
TEACHER=${TEACHER:-/tmp/real-conll/conll-minilm-finetune-cnn-crf}
EPOCHS=${EPOCHS:-1}
ALPHA=${ALPHA:-0.5}
AUG_COPIES=${AUG_COPIES:-2}
KL_T=${KL_T:-2}
CACHE=${CACHE:-$OUT/cache}
mkdir -p "$OUT"
data=(--train "$DATA/train.tsv" --dev "$DATA/valid.tsv" --test "$DATA/test.tsv")
student=(--mode words --crf --init-embeddings vectors:wink --epochs "$EPOCHS" --batch-size 32 --lr 1e-3 --seed 1)
source scripts/results/rows.sh # want, run
run hard train --task ner --head tagger-cnn
run mse distill --teacher "$TEACHER" --student tagger-cnn --alpha "$ALPHA" --loss mse --cache "$CACHE"
run mse-aug distill --teacher "$TEACHER" --student tagger-cnn --alpha "$ALPHA" --loss mse --cache "$CACHE" \
  --augment --augment-copies "$AUG_COPIES" --mask-token '[UNK]'
run mse-a0 distill --teacher "$TEACHER" --student tagger-cnn --alpha 0 --loss mse --cache "$CACHE"
run kl distill --teacher "$TEACHER" --student tagger-cnn --alpha "$ALPHA" --loss kl --temperature "$KL_T" --cache "$CACHE"
# The gold-tag row's agreement with the teacher, from the same cache (distill writes the others' to metrics.json).
[ -e "$OUT/hard/metrics.json" ] && want hard && npx tsx scripts/results/ner-agreement.ts "$TEACHER" "$CACHE" \
  "$DATA/test.tsv" "$OUT/hard" >"$OUT/hard-agreement.tsv" 2>/dev/null || true
for d in "$OUT"/*/; do
  [ -e "$d/metrics.json" ] || continue
  node -e "
    const m = JSON.parse(require('fs').readFileSync('$d/metrics.json', 'utf8'));
    const fs = require('fs'), hard = '$OUT/hard-agreement.tsv';
    const a = m.teacher_agreement ?? (fs.existsSync(hard) && '$d'.endsWith('/hard/') ? { test: Number(fs.readFileSync(hard, 'utf8').split('\\t')[1]) / 100 } : {});
    const f = (x) => (x === undefined ? '-' : (100 * x).toFixed(2));
    console.log([require('path').basename('$d'), 'dev', f(m.dev?.f1), 'test', f(m.test?.f1), 'agree(test)', f(a.test)].join('\t'));
  "
done
