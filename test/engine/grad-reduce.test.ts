// Gradient checks of ReduceSum / ReduceMean (keepdims on and off, one and several axes, symbolic axes) and
// ReduceMax over one axis, including masked global max pooling over time — reduceMax(where(mask, x, −inf), [T]):
// padding never wins and padded positions get exactly zero gradient — and ties, where the whole gradient goes
// to the first maximal index (asserted directly: finite differences are meaningless at a tie).
// Tolerance: harness defaults (ε = 1e-2, atol 2e-3, rtol 2e-2). Max inputs are distinct values ≥ 0.1 apart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphError } from '../../src/errors.ts';
import { gradients } from '../../src/engine/autodiff.ts';
import { Graph, type Value } from '../../src/engine/graph.ts';
import * as op from '../../src/engine/ops/index.ts';
import { Rng } from '../../src/engine/rng.ts';
import { float32, type HostTensor, tensor } from '../../src/engine/tensor.ts';
import { gradcheck, randn } from '../helpers/gradcheck.ts';
import { runGraph } from '../helpers/run-graph.ts';

const rng = new Rng(31);

function distinct(shape: number[]): HostTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return float32(shape, rng.shuffle(Array.from({ length: n }, (_, i) => (i - n / 2) * 0.1)));
}

/** mask [B, T, 1]: true for t < length. */
function lengthMask(lengths: number[], T: number): HostTensor {
  const m = new Uint8Array(lengths.length * T);
  lengths.forEach((len, b) => m.fill(1, b * T, b * T + len));
  return tensor('bool', [lengths.length, T, 1], m);
}

test('ReduceSum / ReduceMean: keepdims true and false, one and several axes', async () => {
  const x = randn(rng, [2, 3, 4]);
  for (const reduce of [op.reduceSum, op.reduceMean]) {
    for (const axes of [[1], [-1], [0, 2], [2, 0], [0, 1, 2]]) {
      for (const keep of [true, false]) {
        await gradcheck([{ name: 'x', value: x }], (v) => reduce(v, axes, keep));
      }
    }
  }
});

test('ReduceSum / ReduceMean over symbolic axes (mean over time)', async () => {
  const x = randn(rng, [2, 5, 3]);
  await gradcheck([{ name: 'x', value: x, shape: ['B', 'T', 3] }], (v) => op.reduceMean(v, [1]));
  await gradcheck([{ name: 'x', value: x, shape: ['B', 'T', 3] }], (v) => op.reduceSum(v, [0, 1], true));
});

test('ReduceMax over one axis (keepdims true and false)', async () => {
  const x = distinct([2, 4, 3]);
  for (const axis of [0, 1, -1]) {
    for (const keep of [true, false]) await gradcheck([{ name: 'x', value: x }], (v) => op.reduceMax(v, [axis], keep));
  }
});

test('masked global max pooling over time: padding never wins, padded gradient is exactly 0', async () => {
  const B = 3;
  const T = 5;
  const H = 4;
  const lengths = [5, 3, 1];
  const x = distinct([B, T, H]);
  const xs = x.data as Float32Array;
  // Make every padded value larger than anything real: an unmasked max would pick padding.
  for (let b = 0; b < B; b++)
    for (let t = lengths[b]!; t < T; t++) for (let h = 0; h < H; h++) xs[(b * T + t) * H + h] = 50 + t + h;
  const mask = lengthMask(lengths, T);
  const pool = (v: Value, m: Value) => op.reduceMax(op.where(m, v, -Infinity), [1]); // [B, H]
  const inputs = [
    { name: 'x', value: x, shape: ['B', 'T', H] },
    { name: 'mask', value: mask, shape: ['B', 'T', 1] },
  ];
  await gradcheck(inputs, pool);

  const dy = randn(rng, [B, H]);
  const r = await runGraph(inputs, pool, ['x'], dy);
  const grad = r.grads[0]!;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      let best = 0;
      for (let t = 1; t < lengths[b]!; t++) if (xs[(b * T + t) * H + h]! > xs[(b * T + best) * H + h]!) best = t;
      assert.equal(r.y[b * H + h], xs[(b * T + best) * H + h], `max over valid steps only (b=${b}, h=${h})`);
      for (let t = 0; t < T; t++) {
        const want = t === best ? (dy.data as Float32Array)[b * H + h]! : 0;
        assert.equal(grad[(b * T + t) * H + h], want, `grad at b=${b} t=${t} h=${h}`);
      }
    }
  }
});

test('masked max with an all-padding row leaks no gradient', async () => {
  const x = distinct([2, 3, 2]);
  const mask = lengthMask([3, 0], 3);
  const r = await runGraph(
    [
      { name: 'x', value: x },
      { name: 'm', value: mask },
    ],
    (v, m) => op.reduceMax(op.where(m, v, -Infinity), [1]),
    ['x'],
  );
  assert.deepEqual(r.y.slice(2), [-Infinity, -Infinity]);
  assert.deepEqual(r.grads[0]!.slice(6), [0, 0, 0, 0, 0, 0]);
});

test('ReduceMax ties: the whole gradient goes to the first maximal index', async () => {
  const x = float32([3, 4], [1, 3, 3, 0, 2, 2, 2, 2, -1, -5, -1, -1]);
  const dy = float32([3], [0.5, -2, 3]);
  const r = await runGraph([{ name: 'x', value: x }], (v) => op.reduceMax(v, [1]), ['x'], dy);
  assert.deepEqual(r.y, [3, 2, -1]);
  assert.deepEqual(r.grads[0], [0, 0.5, 0, 0, -2, 0, 0, 0, 3, 0, 0, 0]);
  // Along axis 0 with keepdims: column-wise first maximum.
  const r0 = await runGraph([{ name: 'x', value: x }], (v) => op.reduceMax(v, [0], true), ['x']);
  assert.deepEqual(r0.grads[0], [0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0]);
});

test('ReduceMax over several axes has no gradient rule: a GraphError naming op and module', () => {
  const g = new Graph();
  const x = g.input('x', 'float32', [2, 3, 4]);
  const y = g.scope('head.pool', () => op.reduceMax(x, [1, 2]));
  assert.throws(
    () => gradients(op.reduceSum(y, [0]), [x]),
    (e: Error) => {
      assert.ok(e instanceof GraphError);
      assert.match(e.message, /ReduceMax/);
      assert.match(e.message, /head\.pool/);
      assert.match(e.message, /one axis/);
      return true;
    },
  );
});
