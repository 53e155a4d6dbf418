// Sliding windows over long texts (src/encoders/window.ts): the window plan, the max-context owner of each
// token, texts that fit are unchanged, and every stitched token of a long text equals the feature of that token
// in the window that owns it, computed independently from the untruncated token ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../src/encoders/bert/generate.ts';
import { loadBert } from '../../src/encoders/bert/load.ts';
import type { Features, FeatureBatch } from '../../src/encoders/encoder.ts';
import { extractWindowedStream, maxContextOwner, planWindows } from '../../src/encoders/window.ts';
import { assertNear, pooledOf, tempDir, tokensOf } from './helpers.ts';

const dir = join(tempDir('window'), 'bert');
await generateBertCheckpoint(dir, {
  layers: 2,
  hidden: 32,
  heads: 2,
  ffn: 64,
  maxPositions: 64,
  vocab: 'bert-base-uncased',
  std: 0.1,
  seed: 5,
});
const enc = await loadBert(dir, { threads: 1 });
const long = 'the film was a delight from start to finish although the second act drags on and on until the end'; // 21 tokens + 2
const texts = ['', 'ok', long, 'a short one', `${long} ${long}`];

async function collect(stream: AsyncGenerator<FeatureBatch>): Promise<FeatureBatch[]> {
  const out: FeatureBatch[] = [];
  for await (const b of stream) out.push(b);
  return out;
}

test('planWindows: fixed-size windows sharing `stride` tokens, the last one cut at the end', () => {
  assert.deepEqual(planWindows(10, 4, 1), [
    [0, 4],
    [3, 7],
    [6, 10],
  ]);
  assert.deepEqual(planWindows(10, 4, 0), [
    [0, 4],
    [4, 8],
    [8, 10],
  ]);
  assert.deepEqual(planWindows(4, 4, 2), [[0, 4]]);
  assert.deepEqual(planWindows(3, 8, 2), [[0, 3]]);
  assert.deepEqual(planWindows(9, 5, 3), [
    [0, 5],
    [2, 7],
    [4, 9],
  ]);
  assert.throws(() => planWindows(10, 4, 4), /window stride must be an integer in 0\.\.3/);
  assert.throws(() => planWindows(10, 0, 0), /window size must be an integer ≥ 1/);
});

test('maxContextOwner: each token goes to the window where it is farthest from an edge (earlier on ties)', () => {
  const windows = planWindows(10, 4, 2); // [0,4] [2,6] [4,8] [6,10]
  assert.deepEqual([...maxContextOwner(windows, 10)], [0, 0, 0, 1, 1, 2, 2, 3, 3, 3]);
});

test('texts that fit in one window get exactly the features extract() gives', async () => {
  const short = ['', 'ok', 'a short one'];
  for (const pooling of ['cls', 'mean', 'pooler'] as const) {
    const plain = await enc.extract(short, { pooling, maxLength: 32 });
    const [w] = await collect(extractWindowedStream(enc, short, { pooling, maxLength: 32, stride: 8 }));
    assert.deepEqual([...w!.lengths], [...plain.lengths]);
    for (let b = 0; b < short.length; b++) {
      assertNear(tokensOf(w as Features, b), tokensOf(plain, b), 1e-5, `${pooling}: tokens of ${b}`);
      assertNear(pooledOf(w as Features, b), pooledOf(plain, b), 1e-5, `${pooling}: pooled of ${b}`);
    }
  }
});

test('long texts keep every token: each one comes from the window that owns it, specials from the ends', async () => {
  const maxLength = 10; // 8 content tokens per window
  const stride = 3;
  const batches = await collect(extractWindowedStream(enc, texts, { pooling: 'cls', maxLength, stride, batchSize: 2 }));
  assert.deepEqual(
    batches.flatMap((b) => [...b.indices]),
    [0, 1, 2, 3, 4],
    'input order, every text once',
  );
  const full = enc.tokenize(texts, { truncation: false });
  for (const batch of batches) {
    for (let b = 0; b < batch.indices.length; b++) {
      const i = batch.indices[b]!;
      const L = full.lengths[i]!;
      assert.equal(batch.lengths[b], L, `text ${i}: untruncated length`);
      const ids = Array.from(full.inputIds[i]!.subarray(0, L));
      const content = L - 2;
      const spans = content === 0 ? [[0, 0] as [number, number]] : planWindows(content, maxLength - 2, stride);
      const owner = maxContextOwner(spans, content);
      const windowIds = spans.map(([s, e]) => Int32Array.from([ids[0]!, ...ids.slice(1 + s, 1 + e), ids[L - 1]!]));
      const got = tokensOf(batch as Features, b);
      const D = enc.hiddenSize;
      const clsMean = new Float32Array(D);
      for (let w = 0; w < spans.length; w++) {
        const ref = await enc.extractEncoded(
          { inputIds: [windowIds[w]!], attentionMask: [windowIds[w]!.map(() => 1)] },
          { pooling: 'cls' },
        );
        const refTokens = tokensOf(ref, 0);
        pooledOf(ref, 0).forEach((v, d) => (clsMean[d]! += v / spans.length));
        for (let j = 0; j < content; j++) {
          if (owner[j] !== w) continue;
          const pos = 1 + j - spans[w]![0];
          assertNear(
            got.subarray((1 + j) * D, (2 + j) * D),
            refTokens.subarray(pos * D, (pos + 1) * D),
            1e-5,
            `text ${i} token ${1 + j}`,
          );
        }
        if (w === 0) assertNear(got.subarray(0, D), refTokens.subarray(0, D), 1e-5, `text ${i} [CLS]`);
        if (w === spans.length - 1) {
          const n = windowIds[w]!.length;
          assertNear(got.subarray((L - 1) * D, L * D), refTokens.subarray((n - 1) * D, n * D), 1e-5, `text ${i} [SEP]`);
        }
      }
      assertNear(pooledOf(batch as Features, b), clsMean, 1e-5, `text ${i}: cls pooling = mean of the windows' [CLS]`);
    }
  }
  assert.ok(Math.max(...batches.flatMap((b) => [...b.lengths])) > maxLength, 'some rows are longer than one window');
});

test('mean pooling over windows is the masked mean of the stitched tokens; text pairs are refused', async () => {
  const [w] = await collect(extractWindowedStream(enc, [long], { pooling: 'mean', maxLength: 8, stride: 2 }));
  const D = enc.hiddenSize;
  const toks = tokensOf(w as Features, 0);
  const mean = new Float32Array(D);
  for (let t = 0; t < w!.lengths[0]!; t++) for (let d = 0; d < D; d++) mean[d]! += toks[t * D + d]! / w!.lengths[0]!;
  assertNear(pooledOf(w as Features, 0), mean, 1e-5, 'mean pooling');
  await assert.rejects(
    collect(extractWindowedStream(enc, [long], { maxLength: 8, stride: 2, ...({ textPairs: ['x'] } as object) })),
    /text pairs are not supported/,
  );
  await assert.rejects(
    collect(extractWindowedStream(enc, [long], { maxLength: 8, stride: 6 })),
    /window stride must be an integer in 0\.\.5/,
  );
});
