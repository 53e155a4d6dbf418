#!/usr/bin/env bash
# Distillation on SST-2 (Kim's sentence-level split: 6,920 train, 872 dev, 1,821 test; issue #18 records).
# Teacher: a fine-tuned all-MiniLM-L6-v2 + TextCNN run (scripts/results/real-sst2.sh row finetune-textcnn; SST-2 test
# accuracy 88.36), default /tmp/real/sst2-minilm-finetune-textcnn. Student: cnn-alone (a CNN over WordPiece ids with
# the teacher's tokenizer, no encoder), $EPOCHS epochs (default 5), AdamW lr 1e-3, batch 32, seed 42, best dev epoch.
# Rows:
#   hard      the student on hard labels only (bertcnn train --head cnn-alone)
#   mse       distilled, α = 0 (teacher logits only), MSE on logits (Tang et al. 2019), no augmentation
#   mse-a05   distilled, α = 0.5, MSE, no augmentation
#   mse-glue  distilled, α = 0, MSE, transfer set + SST-2-GLUE's 67,349 training phrases as unlabeled text
#             (teacher logits only; GLUE's train phrases come from SST's training sentences), $GLUE_EPOCHS epochs
#   mse-aug   distilled, α = 0, MSE, Tang et al.'s augmentation (mask p 0.1, n-gram p 0.25), $AUG_COPIES copies
# Ablation over the loss (transfer set: the training sentences only, as mse / mse-a05):
#   mse-a09   α = 0.9, MSE        kl-t1   α = 0, KL, T = 1        kl-t4   α = 0, KL, T = 4
#   kl-t4-a05 α = 0.5, KL, T = 4
# Kim's CNN over word vectors as the student (`--student kim2014`: wink vectors, CNN-non-static, Kim's recipe —
# Adadelta, batches of 50, his dropout and max-norm; $KIM_EPOCHS epochs, default 10, seed 42, best dev epoch):
#   kim-hard      Kim's CNN on hard labels (bertcnn train --preset kim2014)
#   kim-mse-glue  distilled, α = 0, MSE, transfer set + the GLUE phrases as unlabeled text (as mse-glue)
# Teacher logits are computed once into $OUT/cache/teacher-logits and shared by the distilled rows.
# Prints one line per row: name, dev/test accuracy, agreement with the teacher on test. A rerun skips finished rows.
# Usage: bash scripts/results/distill-sst2.sh [OUT_DIR] [ROW ...]   (default /tmp/bertcnn-distill; rows: all)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=../shared/data/SST-2
OUT=${1:-/tmp/bertcnn-distill}
shift || true
ROWS="$*"
export HF_HUB_OFFLINE=1
TEACHER=${TEACHER:-/tmp/real/sst2-minilm-finetune-textcnn}
EPOCHS=${EPOCHS:-5}
GLUE_EPOCHS=${GLUE_EPOCHS:-3}
AUG_COPIES=${AUG_COPIES:-4}
KIM_EPOCHS=${KIM_EPOCHS:-10}
GLUE=../shared/data/SST-2-GLUE/original/train.tsv
mkdir -p "$OUT"
data=(--train "$DATA/train.tsv" --dev "$DATA/dev.tsv" --test "$DATA/test.tsv")
student=(--epochs "$EPOCHS" --batch-size 32 --lr 1e-3 --seed 42 --max-length 128)
kim=(--epochs "$KIM_EPOCHS" --seed 42 --vectors wink --variant non-static) # Kim's recipe fixes the rest
source scripts/results/rows.sh # want, run
kimrun() { # run with the Kim student's flags instead of cnn-alone's
  local saved=("${student[@]}")
  student=("${kim[@]}")
  run "$@"
  student=("${saved[@]}")
}
ENC=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$TEACHER/config.json','utf8')).encoder.ref)")
run hard train --head cnn-alone --encoder "$ENC"
run mse distill --teacher "$TEACHER" --student cnn-alone --alpha 0 --loss mse --cache "$OUT/cache"
run mse-a05 distill --teacher "$TEACHER" --student cnn-alone --alpha 0.5 --loss mse --cache "$OUT/cache"
# The phrases as plain lines (GLUE's file is sentence<TAB>label with a header); derived data stays in $OUT.
[ -s "$OUT/glue-train-sentences.txt" ] || tail -n +2 "$GLUE" | cut -f1 | sed 's/ *$//' >"$OUT/glue-train-sentences.txt"
run mse-glue distill --teacher "$TEACHER" --student cnn-alone --alpha 0 --loss mse --cache "$OUT/cache" \
  --unlabeled "$OUT/glue-train-sentences.txt" --epochs "$GLUE_EPOCHS"
run mse-aug distill --teacher "$TEACHER" --student cnn-alone --alpha 0 --loss mse --cache "$OUT/cache" \
  --augment --augment-copies "$AUG_COPIES"
run mse-a09 distill --teacher "$TEACHER" --student cnn-alone --alpha 0.9 --loss mse --cache "$OUT/cache"
run kl-t1 distill --teacher "$TEACHER" --student cnn-alone --alpha 0 --loss kl --temperature 1 --cache "$OUT/cache"
run kl-t4 distill --teacher "$TEACHER" --student cnn-alone --alpha 0 --loss kl --temperature 4 --cache "$OUT/cache"
run kl-t4-a05 distill --teacher "$TEACHER" --student cnn-alone --alpha 0.5 --loss kl --temperature 4 \
  --cache "$OUT/cache"
kimrun kim-hard train --preset kim2014
kimrun kim-mse-glue distill --teacher "$TEACHER" --student kim2014 --alpha 0 --loss mse --cache "$OUT/cache" \
  --unlabeled "$OUT/glue-train-sentences.txt"
for d in "$OUT"/*/; do
  [ -e "$d/metrics.json" ] || continue
  node -e "
    const m = JSON.parse(require('fs').readFileSync('$d/metrics.json', 'utf8'));
    const a = m.teacher_agreement ?? {};
    const f = (x) => (x === undefined ? '-' : (100 * x).toFixed(2));
    console.log([require('path').basename('$d'), 'dev', f(m.dev?.accuracy), 'test', f(m.test?.accuracy), 'agree(test)', f(a.test)].join('\t'));
  "
done
