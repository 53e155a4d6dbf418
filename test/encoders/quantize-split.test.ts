// quantizeWeightMatMuls' splitFirstToken ('all' | 'down'): a weight MatMul on [B, T, K] whose position 0 carries a
// massive activation (as [CLS] does in real BERT-family checkpoints, see src/encoders/quantize.ts) loses precision
// at every other position under one per-tensor activation scale; with position 0 quantized apart, the other
// positions are as accurate as without the outlier. Also: the rewritten graph's nodes, T = 1 (no split), a
// symbolic T, and 'down' splitting only the down projections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Graph } from '../../src/engine/graph.ts';
import * as op from '../../src/engine/ops/index.ts';
import { serialize } from '../../src/engine/onnx.ts';
import { Rng } from '../../src/engine/rng.ts';
import { Session } from '../../src/engine/session.ts';
import { tensor } from '../../src/engine/tensor.ts';
import { quantizeWeightMatMuls } from '../../src/encoders/quantize.ts';

const [B, T, K, N] = [3, 7, 64, 32];

function data(seed: number, n: number, std: number): Float32Array {
  const a = new Float32Array(n);
  new Rng(seed).fillNormal(a, std);
  return a;
}

const W = data(1, K * N, 0.1);
const BIAS = data(2, N, 0.1);

/** x [B, T, K] · W + bias, quantized with `split`; returns the output and the graph's op list. */
async function run(
  x: Float32Array,
  t: number,
  split: boolean | undefined,
): Promise<{ y: Float32Array; ops: string[] }> {
  const g = new Graph('q');
  const input = g.input('x', 'float32', [B, 'T', K]);
  const y = op.add(
    op.matmul(input, g.constant(tensor('float32', [K, N], W), 'w')),
    g.constant(tensor('float32', [N], BIAS), 'b'),
  );
  g.output(y);
  assert.equal(quantizeWeightMatMuls(g, { reduceRange: true, splitFirstToken: split }), 1);
  const session = await Session.create(serialize(g), g.inputs, { label: 'quantize-split', threads: 1 });
  try {
    const out = await session.run({ x: tensor('float32', [B, t, K], x) });
    return { y: Object.values(out)[0]!.data as Float32Array, ops: g.nodes.map((n) => n.op) };
  } finally {
    await session.release();
  }
}

function reference(x: Float32Array, t: number): Float32Array {
  const y = new Float32Array(B * t * N);
  for (let r = 0; r < B * t; r++) {
    for (let n = 0; n < N; n++) {
      let s = BIAS[n]!;
      for (let k = 0; k < K; k++) s += x[r * K + k]! * W[k * N + n]!;
      y[r * N + n] = s;
    }
  }
  return y;
}

/** mean |y − ref| over positions 1..t−1 of every row. */
function errorPastFirst(y: Float32Array, ref: Float32Array, t: number): number {
  let sum = 0;
  for (let b = 0; b < B; b++) {
    for (let i = (b * t + 1) * N; i < (b + 1) * t * N; i++) sum += Math.abs(y[i]! - ref[i]!);
  }
  return sum / (B * (t - 1) * N);
}

test('splitFirstToken: an outlier at position 0 no longer coarsens the other positions', async () => {
  const x = data(3, B * T * K, 1);
  for (let b = 0; b < B; b++) x[b * T * K + 5] = 40; // position 0, one channel: a massive activation
  const ref = reference(x, T);
  const plain = await run(x, T, undefined);
  const split = await run(x, T, true);
  const clean = x.slice();
  for (let b = 0; b < B; b++) clean[b * T * K + 5] = 0;
  const noOutlier = await run(clean, T, false);

  const ePlain = errorPastFirst(plain.y, ref, T);
  const eSplit = errorPastFirst(split.y, ref, T);
  const eClean = errorPastFirst(noOutlier.y, reference(clean, T), T);
  console.log(
    `# mean |error| past position 0: one scale ${ePlain.toExponential(2)}, split ${eSplit.toExponential(2)}, no outlier ${eClean.toExponential(2)}`,
  );
  assert.ok(eSplit * 3 < ePlain, `split ${eSplit} vs one scale ${ePlain}: expected ≥ 3× smaller`);
  assert.ok(eSplit <= eClean * 1.5, `split ${eSplit} vs no outlier at all ${eClean}`);
  // position 0 itself stays within its own (coarse) quantization step
  for (let b = 0; b < B; b++) {
    for (let n = 0; n < N; n++) assert.ok(Math.abs(split.y[b * T * N + n]! - ref[b * T * N + n]!) < 0.5);
  }
  assert.deepEqual(plain.ops, ['DynamicQuantizeMatMul']);
  assert.deepEqual(split.ops, ['Slice', 'Slice', 'DynamicQuantizeMatMul', 'DynamicQuantizeMatMul', 'Concat']);
});

test('splitFirstToken with T = 1 runs (an empty second part) and equals the unsplit product', async () => {
  const x = data(4, B * K, 1);
  const a = await run(x, 1, true);
  const b = await run(x, 1, false);
  assert.deepEqual(a.y, b.y);
});

test("splitFirstToken 'down' splits only down projections (K > N); 'all' / true every product; bad values refused", () => {
  // An FFN: up [B, T, 32] → [B, T, 64], then down [B, T, 64] → [B, T, 32]; only the second input carries the
  // massive [CLS] activations in real checkpoints.
  const ffn = (split: unknown): number => {
    const g = new Graph('ffn');
    const x = g.input('x', 'float32', [B, 'T', N]);
    const up = op.matmul(x, g.constant(tensor('float32', [N, K], data(3, N * K, 0.1)), 'w_up')); // [B, T, K]
    g.output(op.matmul(up, g.constant(tensor('float32', [K, N], W), 'w_down'))); // [B, T, N]
    quantizeWeightMatMuls(g, { reduceRange: true, splitFirstToken: split as 'down' });
    return g.nodes.filter((n) => n.op === 'DynamicQuantizeMatMul').length;
  };
  assert.equal(ffn(undefined), 2);
  assert.equal(ffn('none'), 2);
  assert.equal(ffn(false), 2);
  assert.equal(ffn('down'), 3); // up: one product; down: position 0 and the rest
  assert.equal(ffn('all'), 4);
  assert.equal(ffn(true), 4);
  assert.throws(() => ffn('first'), /splitFirstToken must be 'none', 'down', 'all' or a boolean, got "first"/);
});
