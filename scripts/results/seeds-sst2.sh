#!/usr/bin/env bash
# SST-2 fine-tune + TextCNN over several seeds, ours against transformers on PyTorch 2 (issue #13: "fine-tuned
# accuracy within 0.5 point of the transformers run on the same setup"). Per seed: real-sst2.sh's finetune-textcnn
# row (all-MiniLM-L6-v2, Kim's split trained on sentences, batch 32, max length 128, head lr 1e-3, encoder lr 5e-5,
# linear schedule with 10% warm-up, $EPOCHS epochs, default 2) and bench/peer/hf_finetune.py with the same recipe
# and seed. Prints each seed's dev / test (best dev epoch) and the mean ± sample std of both sides and of the
# difference. A rerun skips finished runs.
# Usage: bash scripts/results/seeds-sst2.sh [OUT_DIR] [SEED ...]   (default /tmp/bertcnn-seeds; seeds 1 2 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/bertcnn-seeds}
shift || true
SEEDS=${*:-1 2 3}
EPOCHS=${EPOCHS:-2}
PY=${PYTHON:-python3}
DATA=../shared/data/SST-2
ENC=sentence-transformers/all-MiniLM-L6-v2
export HF_HUB_OFFLINE=1
mkdir -p "$OUT"
for s in $SEEDS; do
  ours=$OUT/ours-$s
  if [ ! -e "$ours/metrics.json" ]; then
    rm -rf "$ours"
    t0=$(date +%s)
    ./bin/bertcnn.js train --train "$DATA/train.tsv" --dev "$DATA/dev.tsv" --test "$DATA/test.tsv" --encoder "$ENC" \
      --max-length 128 --batch-size 32 --seed "$s" --mode finetune --epochs "$EPOCHS" --head textcnn --lr 1e-3 \
      --encoder-lr 5e-5 --quiet --out "$ours" 2>&1 | tee "$ours.txt"
    echo "wall_seconds $(($(date +%s) - t0))" | tee -a "$ours.txt"
  fi
  peer=$OUT/peer-$s.json
  [ -e "$peer" ] || "$PY" bench/peer/hf_finetune.py --task sst2 --head textcnn --model "$ENC" --data "$DATA" \
    --epochs "$EPOCHS" --lr 5e-5 --head-lr 1e-3 --seed "$s" --threads 2 --out "$peer" >/dev/null
done
node -e '
  const fs = require("fs");
  const [out, ...seeds] = process.argv.slice(1);
  const pct = (x) => 100 * x;
  const stats = (xs) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
    return `${m.toFixed(2)} ± ${sd.toFixed(2)}`;
  };
  const rows = seeds.map((s) => {
    const o = JSON.parse(fs.readFileSync(`${out}/ours-${s}/metrics.json`, "utf8"));
    const p = JSON.parse(fs.readFileSync(`${out}/peer-${s}.json`, "utf8"));
    return { s, od: pct(o.dev.accuracy), ot: pct(o.test.accuracy), pd: pct(p.dev), pt: pct(p.test) };
  });
  console.log("seed\tours dev\tours test\ttransformers dev\ttransformers test\tΔ test");
  for (const r of rows)
    console.log([r.s, r.od, r.ot, r.pd, r.pt, r.ot - r.pt].map((v, i) => (i ? v.toFixed(2) : v)).join("\t"));
  const col = (k) => rows.map((r) => r[k]);
  console.log(["mean ± sd", stats(col("od")), stats(col("ot")), stats(col("pd")), stats(col("pt")),
    stats(rows.map((r) => r.ot - r.pt))].join("\t"));
' "$OUT" $SEEDS
