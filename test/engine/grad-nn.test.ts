// Gradient checks of the neural-network ops: Softmax / LogSoftmax (axis −1 and 1), LayerNormalization (input,
// scale and bias; eps 1e-5 and 1e-12), GELU (erf composite), Where with a broadcast bool mask, Cast float→float,
// and Dropout in train mode, which is checked directly (its mask is random per run, so finite differences do
// not apply): where the forward output is 0 the gradient is 0, elsewhere it is dy/(1−p); plus its seeding.
// Tolerance: harness defaults (ε = 1e-2, atol 2e-3, rtol 2e-2); dropout gradients to 1e-6 relative (float32
// rounding of dy·1/(1−p)).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Graph, type Value } from '../../src/engine/graph.ts';
import * as op from '../../src/engine/ops/index.ts';
import { Rng } from '../../src/engine/rng.ts';
import { float32, tensor } from '../../src/engine/tensor.ts';
import { gradcheck, randn } from '../helpers/gradcheck.ts';
import { buildRun, runGraph } from '../helpers/run-graph.ts';

const rng = new Rng(51);

test('Softmax and LogSoftmax along axis −1 and axis 1', async () => {
  const x = randn(rng, [2, 3, 4]);
  for (const axis of [-1, 1]) {
    await gradcheck([{ name: 'x', value: x }], (v) => op.softmax(v, axis));
    await gradcheck([{ name: 'x', value: x }], (v) => op.logSoftmax(v, axis));
  }
  await gradcheck([{ name: 'x', value: x, shape: ['B', 'T', 4] }], (v) => op.softmax(v, -1));
});

test('LayerNormalization: input, scale and bias, eps 1e-5 and 1e-12', async () => {
  for (const eps of [1e-5, 1e-12]) {
    const inputs = [
      { name: 'x', value: randn(rng, [2, 3, 5]) },
      { name: 'scale', value: randn(rng, [5], 0.5) },
      { name: 'bias', value: randn(rng, [5]) },
    ];
    await gradcheck(inputs, (x, s, b) => op.layerNorm(x, s, b, eps));
  }
  // Symbolic batch/time, as in BERT.
  await gradcheck(
    [
      { name: 'x', value: randn(rng, [2, 2, 4]), shape: ['B', 'T', 4] },
      { name: 'scale', value: randn(rng, [4], 0.5) },
      { name: 'bias', value: randn(rng, [4]) },
    ],
    (x, s, b) => op.layerNorm(x, s, b, 1e-12),
  );
});

test('GELU (erf composite), Where with a broadcast bool mask, Cast float→float', async () => {
  await gradcheck([{ name: 'x', value: float32([2, 3], [0.3, -0.8, 1.2, -1.5, 0.7, 2.1]) }], op.gelu);
  const mask = tensor('bool', [2, 1, 4], new Uint8Array([1, 0, 1, 1, 0, 0, 1, 0])); // [B, 1, T]
  await gradcheck(
    [
      { name: 'm', value: mask },
      { name: 'a', value: randn(rng, [2, 3, 4]) },
      { name: 'b', value: randn(rng, [4]) },
    ],
    (m, a, b) => op.where(m, a, b),
  );
  await gradcheck(
    [
      { name: 'm', value: mask },
      { name: 'a', value: randn(rng, [3, 1]) },
    ],
    (m, a) => op.where(m, 0, a), // the mask broadcasts over a, a broadcasts over the mask
  );
  // op.cast skips same-dtype casts, so emit the node directly to exercise the Cast rule.
  const castNode = (v: Value) =>
    v.graph.node('Cast', [v], [{ dtype: 'float32', shape: v.shape }], { to: { kind: 'int', value: 1 } })[0]!;
  await gradcheck([{ name: 'x', value: randn(rng, [2, 3]) }], (v) => op.mul(castNode(v), v));
});

test('Cast through an integer type carries no gradient', async () => {
  const x = float32([3], [1.2, -2.7, 3.5]);
  const r = await runGraph([{ name: 'x', value: x }], (v) => op.cast(op.cast(v, 'int64'), 'float32'), ['x']);
  assert.deepEqual(r.y, [1, -2, 3]);
  assert.deepEqual(r.grads[0], [0, 0, 0]);
});

test('Dropout (train): grad = dy·mask/(1−p) for the mask the forward drew', async () => {
  for (const p of [0.1, 0.5]) {
    const n = 400;
    const x = float32(
      [4, n / 4],
      Array.from({ length: n }, () => 0.5 + rng.next()),
    ); // no zeros in x
    const dy = randn(rng, [4, n / 4]);
    const r = await runGraph([{ name: 'x', value: x }], (v) => op.dropout(v, p, 1234), ['x'], dy);
    const xs = x.data as Float32Array;
    const ds = dy.data as Float32Array;
    let dropped = 0;
    for (let i = 0; i < n; i++) {
      const y = r.y[i]!;
      const g = r.grads[0]![i]!;
      if (y === 0) {
        dropped += 1;
        assert.ok(g === 0, `dropped element ${i} must get no gradient, got ${g}`); // ±0 both fine
      } else {
        assert.ok(Math.abs(y - xs[i]! / (1 - p)) <= 1e-6 * Math.abs(y), `kept element ${i} is scaled by 1/(1−p)`);
        assert.ok(
          Math.abs(g - ds[i]! / (1 - p)) <= 1e-6 * Math.abs(g) + 1e-7,
          `grad ${i}: ${g} vs ${ds[i]! / (1 - p)}`,
        );
      }
    }
    // The mask is Bernoulli(p): with n = 400 the dropped fraction is within ±4.5 standard deviations of p.
    const sd = Math.sqrt((p * (1 - p)) / n);
    assert.ok(Math.abs(dropped / n - p) < 4.5 * sd, `dropped fraction ${dropped / n} for p=${p}`);
  }
});

test('Dropout seeding: one session draws a new mask per run; fresh sessions with one seed repeat', async () => {
  const x = float32([64], new Array(64).fill(1));
  const masks = async (seed: number): Promise<string[]> => {
    const { session, feeds, names } = await buildRun([{ name: 'x', value: x }], (v) => op.dropout(v, 0.5, seed));
    const out: string[] = [];
    for (let k = 0; k < 2; k++) {
      const res = await session.run(feeds);
      out.push(Array.from(res[names[0]!]!.data as Float32Array, (v) => (v === 0 ? '0' : '1')).join(''));
    }
    await session.release();
    return out;
  };
  const a = await masks(7);
  const b = await masks(7);
  const c = await masks(8);
  assert.notEqual(a[0], a[1], 'two runs of one session draw different masks');
  assert.deepEqual(a, b, 'fresh sessions with the same seed repeat the same mask sequence');
  assert.notEqual(a[0], c[0], 'another seed draws another mask');
});

test('dropout with ratio 0 is the identity (no node)', () => {
  const g = new Graph();
  const x = g.input('x', 'float32', [2]);
  assert.equal(op.dropout(x, 0, 1), x);
});
