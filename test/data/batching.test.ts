// Length-bucketed batching: every example exactly once, seeded determinism, less padding than random batches,
// and the eval mode's deterministic order with restoreOrder().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evalBatches, lengthBucketBatches, restoreOrder } from '../../src/data/batching.ts';
import { Rng } from '../../src/engine/rng.ts';

const padding = (lengths: number[], batches: number[][]) =>
  batches.reduce(
    (s, b) => s + b.length * Math.max(...b.map((i) => lengths[i]!)) - b.reduce((t, i) => t + lengths[i]!, 0),
    0,
  );

const randomLengths = (n: number, seed: number) => {
  const r = new Rng(seed);
  return Array.from({ length: n }, () => 1 + r.int(60));
};

test('training batches: a permutation, same seed → same batches, different seed → different order', () => {
  const lengths = randomLengths(1000, 1);
  const a = lengthBucketBatches(lengths, { batchSize: 32, shuffle: true, seed: 7 });
  const b = lengthBucketBatches(lengths, { batchSize: 32, shuffle: true, seed: 7 });
  const c = lengthBucketBatches(lengths, { batchSize: 32, shuffle: true, seed: 8 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.deepEqual(
    a.flat().sort((x, y) => x - y),
    lengths.map((_, i) => i),
  );
  assert.ok(a.every((batch) => batch.length <= 32));
  assert.equal(a.filter((batch) => batch.length < 32).length, 1); // 1000 = 31·32 + 8, one pool of 1000 < 50·32
});

test('bucketing cuts padding well below random batching', () => {
  const lengths = randomLengths(2000, 2);
  const bucketed = lengthBucketBatches(lengths, { batchSize: 32, shuffle: true, seed: 1, poolBatches: 20 });
  const idx = new Rng(1).shuffle(lengths.map((_, i) => i));
  const random = Array.from({ length: Math.ceil(idx.length / 32) }, (_, k) => idx.slice(k * 32, k * 32 + 32));
  assert.ok(
    padding(lengths, bucketed) < padding(lengths, random) / 5,
    `${padding(lengths, bucketed)} vs ${padding(lengths, random)}`,
  );
});

test('eval batches: longest first, ties in file order, and restore() undoes the order', () => {
  const lengths = [3, 9, 3, 1, 9, 5];
  const { batches, restore } = evalBatches(lengths, 4);
  assert.deepEqual(batches, [
    [1, 4, 5, 0],
    [2, 3],
  ]);
  const outputs = batches.map((b) => b.map((i) => `out${i}`));
  assert.deepEqual(restore(outputs), ['out0', 'out1', 'out2', 'out3', 'out4', 'out5']);
  assert.deepEqual(lengthBucketBatches(lengths, { batchSize: 4 }), batches); // unshuffled mode = eval order
  assert.throws(() => restoreOrder(batches, [['x']]), /1 output batches for 2 batches/);
  assert.throws(() => evalBatches(lengths, 0), /positive integer/);
  assert.throws(() => evalBatches([1, -2], 2), /length\[1\] = -2/);
  assert.deepEqual(evalBatches([], 8).batches, []);
});

test('property: any lengths, batch size and seed → a partition restored exactly', () => {
  fc.assert(
    fc.property(
      fc.array(fc.nat(100), { maxLength: 300 }),
      fc.integer({ min: 1, max: 40 }),
      fc.integer(),
      fc.boolean(),
      (lengths, bs, seed, shuffle) => {
        const batches = lengthBucketBatches(lengths, { batchSize: bs, shuffle, seed, poolBatches: 3 });
        const flat = batches.flat();
        assert.deepEqual(
          [...flat].sort((x, y) => x - y),
          lengths.map((_, i) => i),
        );
        assert.ok(batches.every((b) => b.length >= 1 && b.length <= bs));
        assert.deepEqual(
          restoreOrder(
            batches,
            batches.map((b) => b.map((i) => lengths[i])),
          ),
          lengths,
        );
      },
    ),
    { numRuns: 200 },
  );
});
