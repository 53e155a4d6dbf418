// The frozen fast path on a generated checkpoint (hidden 64): length bucketing returns the same per-sentence
// features as unbucketed runs, padding never changes a sentence's features, the stream covers every text once,
// sessions are cached per spec, and int8 (QAttention + DynamicQuantizeMatMul) stays within cosine 0.999 of fp32
// per token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../src/encoders/bert/generate.ts';
import { loadBert } from '../../src/encoders/bert/load.ts';
import { FrozenRunner } from '../../src/encoders/frozen.ts';
import { resolveLayers } from '../../src/encoders/features.ts';
import { bertBackbone } from '../../src/encoders/bert/backbone.ts';
import { assertNear, minCosine, pooledOf, tempDir, tokensOf } from './helpers.ts';

const dir = join(tempDir('frozen'), 'bert');
// std 0.1: every sublayer matters against the residual stream, so quantization error is not hidden.
await generateBertCheckpoint(dir, {
  layers: 2,
  hidden: 64,
  heads: 4,
  ffn: 128,
  maxPositions: 64,
  vocab: 'bert-base-uncased',
  std: 0.1,
  seed: 3,
});
const enc = await loadBert(dir, { threads: 1 });
const words = 'the film was a delight from start to finish although the second act drags'.split(' ');
const texts = Array.from({ length: 11 }, (_, i) => words.slice(0, ((i * 5) % 14) + 1).join(' '));
texts.push('', 'ok');

test('bucketed runs give the same per-sentence features as one unbucketed batch', async () => {
  const opts = { pooling: 'mean' as const, layers: { layers: [-2, -1], combine: 'concat' as const } };
  const bucketed = await enc.extract(texts, { ...opts, batchSize: 3 });
  const plain = await enc.extract(texts, { ...opts, batchSize: 100, bucket: false });
  assert.deepEqual(bucketed.tokens!.shape, plain.tokens!.shape);
  assert.deepEqual([...bucketed.lengths], [...plain.lengths]);
  for (let b = 0; b < texts.length; b++) {
    assertNear(tokensOf(bucketed, b), tokensOf(plain, b), 1e-5, `tokens of text ${b}`);
    assertNear(pooledOf(bucketed, b), pooledOf(plain, b), 1e-5, `pooled of text ${b}`);
  }
  assert.deepEqual(bucketed.mask.data, plain.mask.data);
  assert.ok(
    (bucketed.tokens!.data as Float32Array).every(
      (v, i) => v === 0 || (bucketed.mask.data as Float32Array)[Math.floor(i / 128)] === 1,
    ),
  );
});

test('padding invariance: a sentence alone and next to a long one has the same token features', async () => {
  const short = 'a delight';
  const long = words.join(' ');
  const alone = await enc.extract([short], { pooling: 'pooler' });
  const together = await enc.extract([short, long], { pooling: 'pooler', bucket: false });
  assert.ok(together.tokens!.shape[1]! > alone.tokens!.shape[1]!);
  assertNear(tokensOf(together, 0), tokensOf(alone, 0), 1e-5, 'real tokens');
  assertNear(pooledOf(together, 0), pooledOf(alone, 0), 1e-5, 'pooler');
});

test('extractStream: runs sorted by length, indices cover every text once, features match extract()', async () => {
  const seen: number[] = [];
  const whole = await enc.extract(texts, { pooling: 'cls', outputs: 'pooled' });
  for await (const run of enc.extractStream(texts, { pooling: 'cls', outputs: 'pooled', batchSize: 4 })) {
    assert.equal(run.tokens, null);
    assert.equal(run.mask.shape[1], Math.max(...run.lengths)); // padded to its own longest row
    for (let b = 1; b < run.lengths.length; b++) assert.ok(run.lengths[b - 1]! <= run.lengths[b]!);
    run.indices.forEach((i, b) => assertNear(pooledOf(run, b), pooledOf(whole, i), 1e-5, `text ${i}`));
    seen.push(...run.indices);
  }
  assert.deepEqual(
    seen.sort((a, b) => a - b),
    texts.map((_, i) => i),
  );
});

test('truncation is counted; empty strings are [CLS] [SEP]', async () => {
  const long = Array.from({ length: 100 }, () => 'film').join(' ');
  const f = await enc.extract(['', long, 'ok'], { maxLength: 10, outputs: 'tokens' });
  assert.equal(f.truncated, 1);
  assert.deepEqual([...f.lengths], [2, 10, 3]);
  assert.deepEqual(f.tokens!.shape, [3, 10, 64]);
  await assert.rejects(enc.extract(['x'], { maxLength: 65 }), /maxLength must be an integer in 2\.\.64/);
  const none = await enc.extract([]);
  assert.deepEqual([none.tokens!.shape, none.pooled!.shape, none.lengths.length], [[0, 0, 64], [0, 64], 0]);
});

test('int8: per-token cosine to fp32 ≥ 0.999, and the weights really are quantized', async () => {
  const fp32 = await enc.extract(texts, { pooling: 'mean' });
  const int8 = await enc.extract(texts, { pooling: 'mean', precision: 'int8' });
  const D = 64;
  let worst = 1;
  let maxDiff = 0;
  for (let b = 0; b < texts.length; b++) {
    const a = tokensOf(fp32, b);
    const q = tokensOf(int8, b);
    worst = Math.min(worst, minCosine(a, q, D));
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - q[i]!));
  }
  assert.ok(worst >= 0.999, `min per-token cosine ${worst}`);
  assert.ok(maxDiff > 1e-4, `int8 features equal fp32 (max diff ${maxDiff}): nothing was quantized`);
  assert.ok(minCosine(fp32.pooled!.data as Float32Array, int8.pooled!.data as Float32Array, D) >= 0.999);
});

test('one compiled program per (precision, layers, pooling, outputs); int8 graph uses QAttention + DynamicQuantizeMatMul', async () => {
  const runner = new FrozenRunner(bertBackbone(enc.model), { threads: 1 });
  const spec = {
    precision: 'int8' as const,
    layers: resolveLayers(undefined, 2),
    pooling: 'cls' as const,
    outputs: 'both' as const,
  };
  const p1 = await runner.program(spec);
  const p2 = await runner.program({ ...spec, layers: resolveLayers({ layers: 'last' }, 2) });
  assert.equal(p1, p2);
  await runner.program({ ...spec, precision: 'fp32' });
  assert.equal(runner.size, 2);
  const ops = p1.graph.nodes.map((n) => n.op);
  assert.equal(ops.filter((o) => o === 'QAttention').length, 2); // packed Q/K/V × 2 layers
  assert.equal(ops.filter((o) => o === 'DynamicQuantizeMatMul').length, 6); // attention output, FFN in/out × 2 layers
  assert.ok(
    ![...p1.graph.initializers.values()].some((t) => t.dtype === 'float32' && t.shape.join() === '128,64'),
    'fp32 FFN weight dropped',
  );
  await runner.release();
  assert.equal(runner.size, 0);
  await enc.release();
});
