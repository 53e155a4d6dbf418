// k-fold and holdout splits: partitions, stratification, determinism per seed, and TREC's 10% dev holdout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { holdoutSplit, kFold } from '../../src/data/splits.ts';
import { readExamples } from '../../src/data/read.ts';
import { UsageError } from '../../src/errors.ts';
import { NO_SHARED, SHARED } from './helpers.ts';

const count = (labels: string[], idx: number[]) => {
  const m: Record<string, number> = {};
  for (const i of idx) m[labels[i]!] = (m[labels[i]!] ?? 0) + 1;
  return m;
};

test('stratified 10-fold: partition, balanced sizes and classes, deterministic per seed', () => {
  const labels = [...Array(53).fill('a'), ...Array(27).fill('b'), ...Array(11).fill('c')];
  const folds = kFold(labels, 10, { seed: 3 });
  assert.equal(folds.length, 10);
  const all = folds.flatMap((f) => f.test).sort((x, y) => x - y);
  assert.deepEqual(
    all,
    labels.map((_, i) => i),
  );
  for (const f of folds) {
    assert.ok(f.test.length === 9 || f.test.length === 10, `fold size ${f.test.length}`);
    assert.equal(f.train.length + f.test.length, labels.length);
    assert.ok(f.train.every((i) => !f.test.includes(i)));
    const c = count(labels, f.test);
    assert.ok(c.a! >= 5 && c.a! <= 6 && c.b! >= 2 && c.b! <= 3, JSON.stringify(c));
  }
  assert.deepEqual(kFold(labels, 10, { seed: 3 }), folds);
  assert.notDeepEqual(kFold(labels, 10, { seed: 4 }), folds);
  // Unstratified by count.
  assert.deepEqual(
    kFold(5, 5).map((f) => f.test.length),
    [1, 1, 1, 1, 1],
  );
  assert.throws(() => kFold(3, 4), UsageError);
  assert.throws(() => kFold(10, 1), /k must be an integer ≥ 2/);
});

test('holdout: rounded fraction, per-class proportions, sorted and deterministic', () => {
  const labels = [...Array(70).fill('x'), ...Array(25).fill('y'), ...Array(5).fill('z')];
  const { train, dev } = holdoutSplit(labels, { fraction: 0.2, seed: 1 });
  assert.equal(dev.length, 20);
  assert.deepEqual(count(labels, dev), { x: 14, y: 5, z: 1 });
  assert.deepEqual(
    [...dev].sort((a, b) => a - b),
    dev,
  );
  assert.deepEqual(
    [...train, ...dev].sort((a, b) => a - b),
    labels.map((_, i) => i),
  );
  assert.deepEqual(holdoutSplit(labels, { fraction: 0.2, seed: 1 }), { train, dev });
  assert.equal(holdoutSplit(2, { fraction: 0.01 }).dev.length, 1);
  assert.throws(() => holdoutSplit(1), /cannot split 1/);
  assert.throws(() => holdoutSplit(10, { fraction: 1 }), /fraction must be in \(0, 1\)/);
});

test('TREC: dev = 10% of train, every class represented in proportion', { skip: NO_SHARED }, async () => {
  const { examples } = await readExamples(join(SHARED, 'TREC/train.tsv'));
  const labels = examples.map((e) => e.label!);
  const { train, dev } = holdoutSplit(labels, { seed: 42 });
  assert.equal(dev.length, 545);
  assert.equal(train.length, 5452 - 545);
  const c = count(labels, dev);
  // Quotas = count · 545/5452: ABBR 8.597, DESC 116.157, ENTY 124.954, HUM 122.254, LOC 83.468, NUM 89.566;
  // floors sum to 542, the 3 left go to the largest remainders (ENTY .954, ABBR .597, NUM .566).
  assert.deepEqual(c, { ABBR: 9, DESC: 116, ENTY: 125, HUM: 122, LOC: 83, NUM: 90 });
});

test('property: splits are partitions for any labels, k and seed', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 2, maxLength: 80 }),
      fc.integer({ min: 2, max: 10 }),
      fc.integer(),
      (labels, k, seed) => {
        const n = labels.length;
        if (k <= n) {
          const folds = kFold(labels, k, { seed });
          assert.deepEqual(
            folds.flatMap((f) => f.test).sort((x, y) => x - y),
            labels.map((_, i) => i),
          );
          const sizes = folds.map((f) => f.test.length);
          assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
        }
        const h = holdoutSplit(labels, { seed, fraction: 0.3 });
        assert.equal(h.dev.length, Math.min(n - 1, Math.max(1, Math.round(0.3 * n))));
        assert.deepEqual(
          [...h.train, ...h.dev].sort((x, y) => x - y),
          labels.map((_, i) => i),
        );
      },
    ),
    { numRuns: 200 },
  );
});
