// Finite-difference checks of Conv (1-D and 2-D: padding incl. 'same' with even and odd kernels, stride,
// dilation, bias) and MaxPool (1-D odd length, 2-D), plus a direct check that ONNX Runtime's MaxPool Indices
// are flat over the whole N·C·H·W tensor, which the MaxPool gradient rule (grad/conv.ts) relies on.
// Tolerance: harness defaults (ε = 1e-2, atol 2e-3, rtol 2e-2). Max-op inputs are distinct values at least
// 0.1 apart, so a ±ε nudge never changes which element wins (no ties, no kinks crossed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Value } from '../../src/engine/graph.ts';
import * as op from '../../src/engine/ops/index.ts';
import { Rng } from '../../src/engine/rng.ts';
import { float32, type HostTensor } from '../../src/engine/tensor.ts';
import { gradcheck, randn } from '../helpers/gradcheck.ts';
import { runGraph } from '../helpers/run-graph.ts';

const rng = new Rng(21);

/** Distinct values 0.1 apart in random order (no ties for max ops). */
function distinct(shape: number[]): HostTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const vals = rng.shuffle(Array.from({ length: n }, (_, i) => (i - n / 2) * 0.1));
  return float32(shape, vals);
}

async function checkConv(
  xShape: number[],
  wShape: number[],
  bias: boolean,
  opts: op.ConvOptions,
  symbolic?: (string | number)[],
) {
  const inputs = [
    { name: 'x', value: randn(rng, xShape), ...(symbolic ? { shape: symbolic } : {}) },
    { name: 'w', value: randn(rng, wShape, 0.5) },
  ];
  if (bias) inputs.push({ name: 'b', value: randn(rng, [wShape[0]!]) });
  await gradcheck(inputs, (x: Value, w: Value, b?: Value) => op.conv(x, w, b ?? null, opts));
}

test('Conv 1-D: no padding, with and without bias', async () => {
  await checkConv([2, 3, 7], [2, 3, 3], true, {});
  await checkConv([2, 3, 7], [2, 3, 3], false, {});
});

test("Conv 1-D: 'same' padding with odd (3) and even (2, 4) kernels", async () => {
  await checkConv([2, 3, 6], [2, 3, 3], true, { pads: 'same' });
  await checkConv([2, 3, 6], [2, 3, 2], true, { pads: 'same' });
  await checkConv([1, 2, 7], [3, 2, 4], false, { pads: 'same' });
  // Symbolic batch and time (the text case): the gradient must not need static lengths at stride 1.
  await checkConv([2, 3, 5], [2, 3, 3], true, { pads: 'same' }, ['B', 3, 'T']);
});

test('Conv 1-D: stride 2 (exact and with a dropped tail → output_padding), explicit asymmetric pads', async () => {
  await checkConv([2, 3, 7], [2, 3, 3], true, { strides: [2] });
  await checkConv([2, 3, 8], [2, 3, 3], true, { strides: [2] });
  await checkConv([1, 2, 8], [2, 2, 2], true, { strides: [3], pads: [1, 2] });
});

test('Conv 1-D: dilation 2 (valid and same)', async () => {
  await checkConv([2, 3, 9], [2, 3, 3], true, { dilations: [2] });
  await checkConv([1, 3, 8], [2, 3, 3], false, { dilations: [2], pads: 'same' });
  await checkConv([1, 2, 10], [2, 2, 3], true, { dilations: [2], strides: [2] });
});

test("Conv 2-D: kernel (3,1) 'same'; kernel (2,3) stride (2,1)", async () => {
  await checkConv([2, 2, 5, 4], [3, 2, 3, 1], true, { pads: 'same' });
  await checkConv([1, 2, 5, 6], [2, 2, 2, 3], true, { strides: [2, 1] });
  await checkConv([1, 2, 4, 5], [2, 2, 2, 2], false, { pads: 'same' });
});

test('MaxPool Indices are flat over the whole N·C·H·W tensor (what the gradient rule assumes)', async () => {
  const x = distinct([2, 3, 5]);
  const r = await runGraph([{ name: 'x', value: x }], (v) => op.cast(op.maxPool(v, [2])[1], 'float32'));
  assert.deepEqual(r.yShape, [2, 3, 2]);
  const xs = Array.from(x.data as Float32Array);
  for (let nc = 0; nc < 6; nc++) {
    for (let t = 0; t < 2; t++) {
      const a = nc * 5 + 2 * t;
      const expect = xs[a]! > xs[a + 1]! ? a : a + 1;
      assert.equal(r.y[nc * 2 + t], expect, `channel ${nc} window ${t}`);
    }
  }
  const x2 = distinct([2, 2, 3, 4]);
  const r2 = await runGraph([{ name: 'x', value: x2 }], (v) => op.cast(op.maxPool(v, [2, 2])[1], 'float32'));
  const xs2 = Array.from(x2.data as Float32Array);
  for (let nc = 0; nc < 4; nc++) {
    for (let j = 0; j < 2; j++) {
      const base = nc * 12 + 2 * j; // window at row 0, column 2j
      const cands = [base, base + 1, base + 4, base + 5];
      const best = cands.reduce((a, b) => (xs2[b]! > xs2[a]! ? b : a));
      assert.equal(r2.y[nc * 2 + j], best, `2-D channel ${nc} window ${j}`);
    }
  }
});

test('MaxPool 1-D: kernel 2 on odd length (tail dropped), overlapping windows, ceil mode, padding', async () => {
  await gradcheck([{ name: 'x', value: distinct([2, 3, 7]) }], (x) => op.maxPool(x, [2])[0]);
  await gradcheck([{ name: 'x', value: distinct([2, 2, 7]) }], (x) => op.maxPool(x, [3], { strides: [1] })[0]);
  await gradcheck([{ name: 'x', value: distinct([1, 2, 7]) }], (x) => op.maxPool(x, [2], { ceil: true })[0]);
  await gradcheck(
    [{ name: 'x', value: distinct([1, 2, 6]) }],
    (x) => op.maxPool(x, [3], { strides: [2], pads: [1, 1] })[0],
  );
});

test('MaxPool 2-D: kernel (2,2) and (2,3) stride 1', async () => {
  await gradcheck([{ name: 'x', value: distinct([2, 2, 4, 5]) }], (x) => op.maxPool(x, [2, 2])[0]);
  await gradcheck([{ name: 'x', value: distinct([1, 2, 4, 5]) }], (x) => op.maxPool(x, [2, 3], { strides: [1, 1] })[0]);
});
