// clipGradNorm (torch clip_grad_norm_ semantics) and maxNormRows (Kim's l2 constraint).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipGradNorm, maxNormRows } from '../../../src/engine/optim/index.ts';
import { assertClose, param } from './helpers.ts';

test('clipGradNorm returns the global L2 norm and scales by maxNorm/(norm + 1e-6) only when < 1', () => {
  const a = Float32Array.from([3, 0]);
  const b = Float32Array.from([0, -4]);
  assert.equal(clipGradNorm([a, null, b], 1), 5);
  const s = 1 / (5 + 1e-6);
  assertClose(a, [3 * s, 0], 'a');
  assertClose(b, [0, -4 * s], 'b');
  const c = Float32Array.from([3, 4]);
  assert.equal(clipGradNorm([c], 10), 5);
  assert.deepEqual(Array.from(c), [3, 4]);
  const d = Float32Array.from([3, 4]);
  clipGradNorm([d], 5); // 5/(5 + 1e-6) < 1: torch scales even here
  assertClose(d, [3 * (5 / (5 + 1e-6)), 4 * (5 / (5 + 1e-6))], 'd');
  assert.ok(d[0]! < 3);
});

test('clipGradNorm: non-finite norm is returned and nothing is scaled; bad maxNorm is an error', () => {
  const g = Float32Array.from([Number.NaN, 1]);
  assert.ok(Number.isNaN(clipGradNorm([g], 1)));
  assert.equal(g[1], 1);
  assert.throws(() => clipGradNorm([g], 0), /maxNorm must be a positive/);
});

test('maxNormRows: Linear [out, in] rows above the limit are rescaled to exactly maxNorm', () => {
  const w = param('fc.weight', [3, 4, 0, 0.1, 0.2, 0.2], [2, 3]); // row norms 5 and 0.3
  assert.equal(maxNormRows(w, 3), 1);
  assertClose(w.data, [1.8, 2.4, 0, 0.1, 0.2, 0.2], 'rows');
  assert.equal(maxNormRows(w, 3), 0);
});

test('maxNormRows: axis 1 renormalises columns; Conv [out, in, k] renormalises each filter', () => {
  const w = param('fc.weight', [3, 0.1, 4, 0.1], [2, 2]); // columns: [3,4] norm 5, [0.1,0.1]
  assert.equal(maxNormRows(w, 3, 1), 1);
  assertClose(w.data, [1.8, 0.1, 2.4, 0.1], 'columns');
  const conv = param('conv.weight', [2, 2, 2, 2, 0, 0, 0, 1], [2, 2, 2]); // filter norms 4 and 1
  assert.equal(maxNormRows(conv, 3), 1);
  assertClose(conv.data, [1.5, 1.5, 1.5, 1.5, 0, 0, 0, 1], 'filters');
  let s = 0;
  for (let i = 0; i < 4; i++) s += conv.data[i]! ** 2;
  assert.ok(Math.abs(Math.sqrt(s) - 3) < 1e-6);
  assert.throws(() => maxNormRows(conv, 3, 3), /conv\.weight\): axis 3 is out of range for shape \[2, 2, 2\]/);
});
