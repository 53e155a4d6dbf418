// Gradient checks of how autodiff combines rules: a value used several times (gradients accumulate), inputs
// that do not reach the loss (exact zeros of the right shape), broadcasting in both directions at once, and a
// small attention-like block chaining many rules. Tolerance: harness defaults (ε = 1e-2, atol 2e-3, rtol 2e-2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphError } from '../../src/errors.ts';
import { gradients } from '../../src/engine/autodiff.ts';
import { Graph, type Value } from '../../src/engine/graph.ts';
import * as op from '../../src/engine/ops/index.ts';
import { Rng } from '../../src/engine/rng.ts';
import { float32 } from '../../src/engine/tensor.ts';
import { gradcheck, randn } from '../helpers/gradcheck.ts';
import { runGraph } from '../helpers/run-graph.ts';

const rng = new Rng(61);

test('a value used twice accumulates its gradient (same node and across nodes)', async () => {
  await gradcheck([{ name: 'x', value: randn(rng, [2, 3]) }], (x) => op.mul(x, x));
  await gradcheck(
    [
      { name: 'x', value: randn(rng, [2, 3]) },
      { name: 'w', value: randn(rng, [3, 3]) },
    ],
    (x, w) => {
      const h = op.tanh(x); // used three times below
      return op.add(op.mul(h, h), op.add(op.matmul(h, w), op.sigmoid(h)));
    },
  );
  // Exact: d/dx Σ (x + x + x) = 3.
  const r = await runGraph([{ name: 'x', value: float32([2], [0.5, -1]) }], (x) => op.add(op.add(x, x), x), ['x']);
  assert.deepEqual(r.grads[0], [3, 3]);
});

test('an input that does not reach the loss gets exact zeros of its shape', async () => {
  const inputs = [
    { name: 'x', value: randn(rng, [2, 3]) },
    { name: 'unused', value: randn(rng, [4, 5]) },
    { name: 'dead', value: randn(rng, [3]) },
  ];
  const f = (x: Value, _unused: Value, d: Value) => {
    op.mul(op.add(x, d), d); // computed but not part of the output: a dead branch
    return op.mul(x, 2);
  };
  await gradcheck(inputs, f);
  const r = await runGraph(inputs, f, ['x', 'unused', 'dead']);
  assert.deepEqual(r.grads[0], new Array(6).fill(2));
  assert.deepEqual(r.grads[1], new Array(20).fill(0));
  assert.deepEqual(r.grads[2], [0, 0, 0]);
});

test('broadcasting in both directions at once', async () => {
  // [3, 1] ⊕ [1, 4] → [3, 4]: each operand is broadcast along a different axis.
  await gradcheck(
    [
      { name: 'a', value: randn(rng, [3, 1]) },
      { name: 'b', value: randn(rng, [1, 4]) },
    ],
    (a, b) => op.mul(a, b),
  );
  // [2, 1, 4] ⊕ [3, 1] → [2, 3, 4]: a leading axis is added to one side and size-1 axes expanded on both.
  await gradcheck(
    [
      { name: 'a', value: randn(rng, [2, 1, 4]) },
      { name: 'b', value: randn(rng, [3, 1]) },
    ],
    (a, b) => op.sub(a, b),
  );
  await gradcheck(
    [
      { name: 'a', value: randn(rng, [2, 1, 4]) },
      { name: 'b', value: float32([3, 1], [1.5, -2, 2.5]) },
    ],
    (a, b) => op.div(a, b),
  );
  // With a symbolic batch axis on one side.
  await gradcheck(
    [
      { name: 'a', value: randn(rng, [2, 1, 4]), shape: ['B', 1, 4] },
      { name: 'b', value: randn(rng, [3, 1]) },
    ],
    (a, b) => op.add(a, b),
  );
});

test('a small self-attention block (MatMul, Softmax, masking, LayerNorm, GELU) end to end', async () => {
  const B = 2;
  const T = 3;
  const H = 4;
  const mask = float32([B, 1, 1, T], [0, 0, 0, 0, 0, -1e4]); // additive mask: last step of batch 1 is padding
  await gradcheck(
    [
      { name: 'x', value: randn(rng, [B, T, H]), shape: ['B', 'T', H] },
      { name: 'wq', value: randn(rng, [H, H], 0.5) },
      { name: 'wk', value: randn(rng, [H, H], 0.5) },
      { name: 'm', value: mask, shape: ['B', 1, 1, 'T'], check: false },
      { name: 's', value: randn(rng, [H], 0.5) },
      { name: 'b', value: randn(rng, [H]) },
    ],
    (x, wq, wk, m, s, b) => {
      const q = op.reshape(op.matmul(x, wq), [0, 0, 2, 2]); // [B, T, heads, d]
      const k = op.reshape(op.matmul(x, wk), [0, 0, 2, 2]);
      const qh = op.transpose(q, [0, 2, 1, 3]); // [B, heads, T, d]
      const kh = op.transpose(k, [0, 2, 3, 1]); // [B, heads, d, T]
      const att = op.softmax(op.add(op.mul(op.matmul(qh, kh), 1 / Math.SQRT2), m), -1); // [B, heads, T, T]
      const vh = op.transpose(op.reshape(x, [0, 0, 2, 2]), [0, 2, 1, 3]);
      const ctx = op.reshape(op.transpose(op.matmul(att, vh), [0, 2, 1, 3]), [0, 0, H]); // [B, T, H]
      return op.gelu(op.layerNorm(op.add(ctx, x), s, b, 1e-12));
    },
  );
});

test('gradients of a non-scalar loss without a seed is a GraphError', () => {
  const g = new Graph();
  const x = g.input('x', 'float32', [2]);
  assert.throws(() => gradients(op.mul(x, 2), [x]), GraphError);
});
