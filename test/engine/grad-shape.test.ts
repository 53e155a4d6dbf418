// Gradient checks of data-movement ops: Reshape (0 and −1), Transpose, Unsqueeze, Squeeze, Concat (3 inputs), Pad,
// Slice (middle, to the end, negative bounds, on a symbolic axis 'T'), Expand (broadcasting), Gather (embedding
// lookup with repeated ids → scatter-add, int64 and int32 ids, other axes) and GatherElements.
// Tolerance: harness defaults (ε = 1e-2, atol 2e-3, rtol 2e-2); these ops are linear, so only float32
// rounding of the loss contributes. Scatter-add for repeated ids is also asserted exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Value } from '../../src/engine/graph.ts';
import * as op from '../../src/engine/ops/index.ts';
import { Rng } from '../../src/engine/rng.ts';
import { int64, tensor } from '../../src/engine/tensor.ts';
import { gradcheck, randn } from '../helpers/gradcheck.ts';
import { runGraph } from '../helpers/run-graph.ts';

const rng = new Rng(41);
const x234 = () => randn(rng, [2, 3, 4]);

test('Reshape with 0 (copy dim) and −1 (inferred), static and symbolic', async () => {
  await gradcheck([{ name: 'x', value: x234() }], (v) => op.reshape(v, [0, -1]));
  await gradcheck([{ name: 'x', value: x234() }], (v) => op.reshape(v, [-1, 2, 2]));
  await gradcheck([{ name: 'x', value: x234(), shape: ['B', 'T', 4] }], (v) => op.reshape(v, [0, 0, 2, 2]));
  await gradcheck([{ name: 'x', value: x234(), shape: ['B', 'T', 4] }], (v) => op.reshape(v, [-1, 4]));
});

test('Transpose, Unsqueeze, Squeeze', async () => {
  await gradcheck([{ name: 'x', value: x234() }], (v) => op.transpose(v, [2, 0, 1]));
  await gradcheck([{ name: 'x', value: x234() }], (v) => op.transpose(v, [1, 0, 2]));
  await gradcheck([{ name: 'x', value: x234() }], (v) => op.unsqueeze(v, [0, -1]));
  await gradcheck([{ name: 'x', value: randn(rng, [2, 1, 3, 1]) }], (v) => op.squeeze(v, [1, 3]));
  await gradcheck([{ name: 'x', value: randn(rng, [2, 1, 3]) }], (v) => op.squeeze(v, [-2]));
});

test('Concat of 3 inputs (middle axis, and last axis with symbolic batch)', async () => {
  const inputs = [
    { name: 'a', value: randn(rng, [2, 1, 3]) },
    { name: 'b', value: randn(rng, [2, 2, 3]) },
    { name: 'c', value: randn(rng, [2, 3, 3]) },
  ];
  await gradcheck(inputs, (a, b, c) => op.concat([a, b, c], 1));
  const sym = [
    { name: 'a', value: randn(rng, [2, 2]), shape: ['B', 2] },
    { name: 'b', value: randn(rng, [2, 1]), shape: ['B', 1] },
    { name: 'c', value: randn(rng, [2, 3]), shape: ['B', 3] },
  ];
  await gradcheck(sym, (a, b, c) => op.concat([a, b, c], -1));
});

test('Slice: middle, to the end, negative bounds, clamped end (static axis)', async () => {
  const x = randn(rng, [2, 6, 3]);
  for (const [s, e] of [
    [1, 4],
    [2, Number.MAX_SAFE_INTEGER],
    [0, 1],
    [1, -1],
    [-2, Number.MAX_SAFE_INTEGER],
    [3, 99],
  ] as const) {
    await gradcheck([{ name: 'x', value: x }], (v) => op.slice(v, 1, s, e));
  }
});

test("Slice on a symbolic axis 'T': to the end, in the middle, first step, trim both ends", async () => {
  const x = randn(rng, [2, 6, 3]);
  for (const [s, e] of [
    [2, Number.MAX_SAFE_INTEGER],
    [1, 4],
    [0, 1],
    [1, -1],
    [-3, -1],
  ] as const) {
    await gradcheck([{ name: 'x', value: x, shape: ['B', 'T', 3] }], (v) => op.slice(v, 1, s, e));
  }
});

test('Pad (constant) on static and symbolic axes', async () => {
  await gradcheck([{ name: 'x', value: randn(rng, [2, 3]) }], (v) => op.pad(v, [0, 2, 1, 1]));
  await gradcheck([{ name: 'x', value: randn(rng, [2, 3, 2]), shape: ['B', 'T', 2] }], (v) =>
    op.pad(v, [0, 1, 0, 0, 2, 0]),
  );
});

test('Expand with broadcasting (new leading axes and size-1 axes)', async () => {
  const target = (v: Value, dims: number[]) => op.expand(v, op.constInts(v, dims), dims);
  await gradcheck([{ name: 'x', value: randn(rng, [3, 1]) }], (v) => target(v, [2, 3, 4]));
  await gradcheck([{ name: 'x', value: randn(rng, [1, 4]) }], (v) => target(v, [3, 4]));
  // Expand to another value's run-time shape (symbolic batch).
  await gradcheck(
    [
      { name: 'x', value: randn(rng, [1, 3]) },
      { name: 'like', value: randn(rng, [2, 3]), shape: ['B', 3], check: false },
    ],
    (v, like) => op.add(op.expand(v, op.shapeOf(like), like.shape), like),
  );
});

test('Gather: embedding lookup with repeated ids (scatter-add), int64 and int32 ids', async () => {
  const table = randn(rng, [5, 3]);
  const ids = [1, 3, 1, 1, 0, 4];
  for (const idx of [int64([2, 3], ids), tensor('int32', [2, 3], new Int32Array(ids))]) {
    await gradcheck(
      [
        { name: 'E', value: table },
        { name: 'ids', value: idx },
      ],
      (e, i) => op.gather(e, i),
    );
    // Exact: each row's gradient is the number of times it was looked up (dy = 1).
    const r = await runGraph(
      [
        { name: 'E', value: table },
        { name: 'ids', value: idx },
      ],
      (e, i) => op.gather(e, i),
      ['E'],
    );
    assert.deepEqual(r.grads[0], [1, 1, 1, 3, 3, 3, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  }
  // Symbolic [B, T] ids, as a text batch declares them.
  await gradcheck(
    [
      { name: 'E', value: table },
      { name: 'ids', value: int64([2, 3], ids), shape: ['B', 'T'] },
    ],
    (e, i) => op.gather(e, i),
  );
});

test('Gather along other axes (e.g. picking the [CLS] step), scalar and negative indices', async () => {
  const x = randn(rng, [2, 4, 3]);
  await gradcheck(
    [
      { name: 'x', value: x },
      { name: 'i', value: int64([3], [0, 2, 0]) },
    ],
    (v, i) => op.gather(v, i, 1),
  );
  await gradcheck(
    [
      { name: 'x', value: x },
      { name: 'i', value: int64([], [1]) },
    ],
    (v, i) => op.gather(v, i, -1),
  );
  await gradcheck(
    [
      { name: 'x', value: x },
      { name: 'i', value: int64([], [3]) },
    ],
    (v, i) => op.gather(v, i, 1),
  );
  // Negative ids count from the end, on a static and on a symbolic axis.
  await gradcheck(
    [
      { name: 'x', value: x },
      { name: 'i', value: int64([2], [-1, 1]) },
    ],
    (v, i) => op.gather(v, i, 0),
  );
  await gradcheck(
    [
      { name: 'x', value: x, shape: ['B', 'T', 3] },
      { name: 'i', value: int64([], [-1]) },
    ],
    (v, i) => op.gather(v, i, 1),
  );
  await gradcheck(
    [
      { name: 'x', value: x, shape: ['B', 'T', 3] },
      { name: 'i', value: int64([2], [-4, 2]) },
    ],
    (v, i) => op.gather(v, i, 1),
  );
});

test('GatherElements (axis 1 and 0, repeated indices)', async () => {
  const x = randn(rng, [3, 4]);
  await gradcheck(
    [
      { name: 'x', value: x },
      { name: 'i', value: int64([3, 2], [0, 3, 1, 1, 2, 0]) },
    ],
    (v, i) => op.gatherElements(v, i, 1),
  );
  await gradcheck(
    [
      { name: 'x', value: x },
      { name: 'i', value: int64([2, 4], [0, 2, 2, 1, 1, 0, 2, 2]) },
    ],
    (v, i) => op.gatherElements(v, i, 0),
  );
});
