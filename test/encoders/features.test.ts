// Layer selection (indices like Hugging Face's hidden_states, negatives from the end) and the length-bucket plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planBatches } from '../../src/encoders/bucket.ts';
import { featureDimOf, layersNeeded, resolveLayers } from '../../src/encoders/features.ts';
import { UsageError } from '../../src/errors.ts';

test('resolveLayers: last, last four, embeddings, combine defaults, errors', () => {
  assert.deepEqual(resolveLayers(undefined, 12), { indices: [12], combine: 'sum', key: '12:sum' });
  const four = resolveLayers({ layers: [-4, -3, -2, -1] }, 12);
  assert.deepEqual(four.indices, [9, 10, 11, 12]);
  assert.equal(four.combine, 'concat');
  assert.equal(featureDimOf(four, 768), 3072);
  assert.equal(featureDimOf(resolveLayers({ layers: [-4, -3, -2, -1], combine: 'sum' }, 12), 768), 768);
  assert.deepEqual(resolveLayers({ layers: [0] }, 2).indices, [0]);
  assert.equal(resolveLayers({ layers: [-1] }, 2).key, resolveLayers({ layers: 'last' }, 2).key);
  assert.equal(layersNeeded(resolveLayers({ layers: [1] }, 6), 'mean', 6), 1);
  assert.equal(layersNeeded(resolveLayers({ layers: [1] }, 6), 'pooler', 6), 6);
  assert.throws(
    () => resolveLayers({ layers: [13] }, 12),
    /layer index 13 is out of range: this model has hidden states 0\.\.12/,
  );
  assert.throws(() => resolveLayers({ layers: [-14] }, 12), UsageError);
  assert.throws(() => resolveLayers({ layers: [1, -12] }, 12), /names a layer twice/);
  assert.throws(() => resolveLayers({ layers: [] }, 12), /non-empty/);
  assert.throws(() => resolveLayers({ layers: [1, 2], combine: 'max' as never }, 12), /combine must be/);
});

test('planBatches: sorted by length (stable), capped by batchSize and maxTokens, or input order', () => {
  const lengths = [5, 2, 9, 2, 7, 3];
  assert.deepEqual(
    planBatches(lengths, { batchSize: 2, bucket: true }).map((r) => [...r]),
    [
      [1, 3],
      [5, 0],
      [4, 2],
    ],
  );
  assert.deepEqual(
    planBatches(lengths, { batchSize: 4, bucket: false }).map((r) => [...r]),
    [
      [0, 1, 2, 3],
      [4, 5],
    ],
  );
  // maxTokens 12: [2,2,3] → 3·3 = 9 fits, adding 5 would be 4·5 = 20 > 12
  assert.deepEqual(
    planBatches(lengths, { batchSize: 10, maxTokens: 12, bucket: true }).map((r) => [...r]),
    [[1, 3, 5], [0], [4], [2]],
  );
  assert.deepEqual(
    planBatches([40], { batchSize: 8, maxTokens: 10, bucket: true }).map((r) => [...r]),
    [[0]],
  ); // one row always runs
  assert.deepEqual(planBatches([], { batchSize: 8, bucket: true }), []);
  assert.throws(() => planBatches(lengths, { batchSize: 0, bucket: true }), /batchSize must be an integer ≥ 1/);
});
