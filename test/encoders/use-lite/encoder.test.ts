// The use-lite Encoder on the real npm model: sentence vectors are unit-norm and put paraphrases closer than
// unrelated sentences; padding and bucketing never change a sentence's features; extractStream rows map back via
// `indices` (what the feature cache relies on); empty texts, layer selections, 'mean' pooling, int8, the frozen-
// only trainable path (empty module; build() as constants in a caller's Program) and input checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Program } from '../../../src/engine/program.ts';
import { UsageError } from '../../../src/errors.ts';
import { loadUseLite } from '../../../src/encoders/use-lite/load.ts';
import { assertNear, minCosine, pooledOf, tokensOf } from '../helpers.ts';

const enc = await loadUseLite();
const texts = [
  'The movie was wonderful and moving.',
  'I loved this film, it was great.',
  'The stock market fell sharply on Monday.',
  '',
  'ok',
  'café naïve 東京 😀',
  'an unusually long sentence about a film whose second act drags on and on before the ending',
];
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
const whole = await enc.extract(texts);

test('sentence vectors are unit-norm; a paraphrase is closer than an unrelated sentence', () => {
  assert.deepEqual(whole.pooled!.shape, [texts.length, 512]);
  for (let b = 0; b < texts.length; b++)
    assert.ok(Math.abs(Math.hypot(...pooledOf(whole, b)) - 1) < 1e-5, `norm of text ${b}`);
  const [a, p, u] = [0, 1, 2].map((b) => pooledOf(whole, b));
  assert.ok(dot(a!, p!) > dot(a!, u!) + 0.1, `paraphrase ${dot(a!, p!)} vs unrelated ${dot(a!, u!)}`);
});

test('padding is exact: mask is a prefix, padded positions are 0, and a longer neighbour changes nothing', async () => {
  const [B, T, D] = whole.tokens!.shape as [number, number, number];
  const data = whole.tokens!.data as Float32Array;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const real = t < whole.lengths[b]!;
      assert.equal((whole.mask.data as Float32Array)[b * T + t], real ? 1 : 0);
      if (!real)
        assert.ok(
          data.subarray((b * T + t) * D, (b * T + t + 1) * D).every((v) => v === 0),
          `padding of row ${b} at ${t}`,
        );
    }
  }
  const alone = await enc.extract([texts[4]!]);
  const together = await enc.extract([texts[4]!, texts[6]!], { bucket: false });
  assert.ok(together.tokens!.shape[1]! > alone.tokens!.shape[1]!);
  assertNear(tokensOf(together, 0), tokensOf(alone, 0), 1e-5, 'real tokens');
  assertNear(pooledOf(together, 0), pooledOf(alone, 0), 1e-5, 'sentence vector');
});

test('extractStream: bucketed runs cover every text once and their rows equal extract() rows (feature cache)', async () => {
  const seen: number[] = [];
  let unknown = 0;
  for await (const run of enc.extractStream(texts, { batchSize: 3 })) {
    assert.equal(run.mask.shape[1], Math.max(0, ...run.lengths));
    run.indices.forEach((i, b) => {
      assertNear(tokensOf(run, b), tokensOf(whole, i), 1e-5, `tokens of text ${i}`);
      assertNear(pooledOf(run, b), pooledOf(whole, i), 1e-5, `sentence vector of text ${i}`);
    });
    seen.push(...run.indices);
    unknown += run.unknown;
  }
  assert.deepEqual(
    seen.sort((a, b) => a - b),
    texts.map((_, i) => i),
  );
  assert.equal(unknown, whole.unknown);
  assert.equal(whole.unknown, 3); // ï, 東京 and 😀 are not in the 8k vocabulary
});

test("empty texts have no tokens and the model's no-token sentence vector, alone or in a batch", async () => {
  assert.equal(whole.lengths[3], 0);
  const empties = await enc.extract(['', '']);
  assert.deepEqual(empties.tokens!.shape, [2, 0, 512]);
  assertNear(pooledOf(empties, 0), pooledOf(whole, 3), 1e-5, 'empty text alone vs in a batch');
  assert.deepEqual((await enc.extract([])).tokens!.shape, [0, 0, 512]);
  const none = await enc.extractEncoded({ inputIds: [], attentionMask: [] });
  assert.deepEqual(
    [none.tokens!.shape, none.pooled!.shape],
    [
      [0, 0, 512],
      [0, 512],
    ],
  );
});

test('layer selection: hidden state 0 is 256 wide, concat stacks, sum needs equal widths; mean pooling', async () => {
  assert.equal(enc.featureDim(), 512);
  assert.equal(enc.featureDim({ layers: [0] }), 256);
  assert.equal(enc.featureDim({ layers: [0, 1, 2] }), 1280);
  assert.throws(() => enc.featureDim({ layers: [0, 1], combine: 'sum' }), /needs equal widths/);
  const cat = await enc.extract(texts.slice(0, 2), { layers: { layers: [1, -1] }, pooling: 'mean' });
  const [, T, D] = cat.tokens!.shape as [number, number, number];
  assert.equal(D, 1024);
  const last = Array.from({ length: cat.lengths[0]! }, (_, t) => tokensOf(cat, 0).subarray(t * D + 512, (t + 1) * D));
  assertNear(
    new Float32Array(last.flatMap((r) => [...r])),
    tokensOf(whole, 0),
    1e-5,
    'concat ends with the last layer',
  );
  const mean = new Float32Array(D);
  for (let t = 0; t < cat.lengths[0]!; t++)
    for (let d = 0; d < D; d++) mean[d]! += (cat.tokens!.data as Float32Array)[t * D + d]! / cat.lengths[0]!;
  assertNear(pooledOf(cat, 0), mean, 1e-5, "'mean' pooling");
  assert.ok(T >= cat.lengths[0]!);
  await assert.rejects(enc.extract(['x'], { pooling: 'cls' }), UsageError);
});

test('int8 weights stay close to fp32 (cosine per token ≥ 0.99)', async () => {
  const q = await enc.extract(texts, { precision: 'int8' });
  for (let b = 0; b < texts.length; b++) {
    if (whole.lengths[b]! > 0)
      assert.ok(minCosine(tokensOf(q, b), tokensOf(whole, b), 512) >= 0.99, `tokens of text ${b}`);
  }
});

test('frozen-only: empty module, freeze() refuses to train, build() runs the frozen graph in a caller Program', async () => {
  assert.equal(enc.module.parameters().length, 0);
  assert.throws(() => enc.freeze({}), /use-lite is frozen-only/);
  assert.throws(() => enc.freeze({ embeddings: false, layers: 2 }), UsageError);
  enc.freeze({ layers: 2 });
  const program = await Program.compile({
    label: 'use-lite in a caller program',
    inputs: [...enc.inputSpecs],
    training: false,
    build: (ctx, inputs) => {
      const g = enc.build(ctx, inputs);
      return { outputs: { tokens: g.tokens, pooled: g.pooled } };
    },
  });
  const batch = enc.tokenize(texts.slice(0, 3));
  const out = await program.run(enc.feeds(batch));
  const direct = await enc.extractEncoded(batch);
  assertNear(out.outputs.tokens!.data as Float32Array, direct.tokens!.data as Float32Array, 1e-5, 'tokens');
  assertNear(out.outputs.pooled!.data as Float32Array, direct.pooled!.data as Float32Array, 1e-5, 'pooled');
  assertNear(pooledOf(direct, 1), pooledOf(whole, 1), 1e-5, 'extractEncoded = extract');
  await program.release();
});

test('bad inputs are UsageErrors that say what is wrong', async () => {
  await assert.rejects(enc.extract(['a'], { maxLength: 129 }), /maxLength must be an integer in 1\.\.128/);
  await assert.rejects(
    enc.extractEncoded({ inputIds: [Int32Array.of(5, 9000)], attentionMask: [Int32Array.of(1, 1)] }),
    /inputIds\[0\]\[1\] = 9000 is outside the vocabulary/,
  );
  await assert.rejects(enc.extract(['a'], { textPairs: ['b'] }), /textPairs are not supported/);
  const cut = await enc.extract([texts[6]!], { maxLength: 4 });
  assert.deepEqual([cut.truncated, cut.lengths[0]], [1, 4]);
});
