// The com.microsoft contrib ops (src/engine/ops/contrib.ts) against the plain-op compositions they replace, run
// by ONNX Runtime: Attention (padding mask, float32-min mask value, custom scale), QAttention on a dynamically
// quantized input vs Attention on the dequantized weights, DynamicQuantizeLinear round trip,
// SkipLayerNormalization, Gelu and BiasGelu (erf), FastGelu (tanh); bad shapes are GraphErrors naming the op;
// autodiff refuses to differentiate them (they are inference-only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradients } from '../../src/engine/autodiff.ts';
import { Graph, type Value } from '../../src/engine/graph.ts';
import * as op from '../../src/engine/ops/index.ts';
import { Rng } from '../../src/engine/rng.ts';
import { tensor } from '../../src/engine/tensor.ts';
import { GraphError } from '../../src/errors.ts';
import { assertClose } from '../helpers/fixtures.ts';
import { randn } from '../helpers/gradcheck.ts';
import { runGraph, type RunInput } from '../helpers/run-graph.ts';
import { defaultReduceRange } from '../../src/encoders/quantize.ts';

const F32_MIN = -3.4028234663852886e38;
const [B, T, D, H, NH] = [2, 5, 8, 12, 3]; // hd = 4
const rng = new Rng(5);
const x = randn(rng, [B, T, D]);
const w = randn(rng, [D, 3 * H], 0.5);
const b = randn(rng, [3 * H], 0.5);
const mask = tensor('int32', [B, T], [1, 1, 1, 1, 1, 1, 1, 1, 0, 0]); // row 1: 2 padding positions
const inputs: RunInput[] = [
  { name: 'x', value: x },
  { name: 'w', value: w },
  { name: 'b', value: b },
  { name: 'mask', value: mask },
];

/** softmax(Q·Kᵀ·scale + (1 − mask)·min) · V with plain ops; w/b packed [Q | K | V]. */
function reference(xv: Value, wv: Value, bv: Value, m: Value, scale: number): Value {
  const proj = op.add(op.matmul(xv, wv), bv); // [B, T, 3H]
  const part = (i: number) =>
    op.transpose(op.reshape(op.slice(proj, 2, i * H, (i + 1) * H), [0, 0, NH, H / NH]), [0, 2, 1, 3]);
  const bias = op.mul(op.sub(1, op.unsqueeze(op.cast(m, 'float32'), [1, 2])), F32_MIN); // [B, 1, 1, T]
  const scores = op.add(op.mul(op.matmul(part(0), op.transpose(part(1), [0, 1, 3, 2])), scale), bias);
  return op.reshape(op.transpose(op.matmul(op.softmax(scores, -1), part(2)), [0, 2, 1, 3]), [0, 0, H]);
}

test('Attention = plain-op attention with a padding mask (default and custom scale)', async () => {
  for (const scale of [undefined, 0.3]) {
    const fused = await runGraph(inputs, (xv, wv, bv, m) =>
      op.attention(xv, wv, bv, m!, { numHeads: NH, maskFilterValue: F32_MIN, scale }),
    );
    const plain = await runGraph(inputs, (xv, wv, bv, m) =>
      reference(xv!, wv!, bv!, m!, scale ?? 1 / Math.sqrt(H / NH)),
    );
    assert.deepEqual(fused.yShape, [B, T, H]);
    assertClose(fused.y, plain.y, 1e-5, `attention (scale ${scale ?? 'default'})`);
  }
});

test('QAttention on DynamicQuantizeLinear(x) ≈ Attention with the dequantized int8 weights', async () => {
  // Weights quantized as the product quantizes them: 7-bit on x86 without VNNI, where ORT's u8×s8 kernel
  // (VPMADDUBSW) saturates int16 pair sums with full-range int8 weights (src/encoders/quantize.ts).
  const qmax = defaultReduceRange() ? 63 : 127;
  const wq = new Int8Array(D * 3 * H);
  const scale = new Float32Array(3 * H);
  for (let n = 0; n < 3 * H; n++) {
    for (let k = 0; k < D; k++)
      scale[n] = Math.max(scale[n]!, Math.abs((w.data as Float32Array)[k * 3 * H + n]!) / qmax);
    for (let k = 0; k < D; k++) wq[k * 3 * H + n] = Math.round((w.data as Float32Array)[k * 3 * H + n]! / scale[n]!);
  }
  const deq = tensor(
    'float32',
    [D, 3 * H],
    Float32Array.from(wq, (q, i) => q * scale[i % (3 * H)]!),
  );
  const qin: RunInput[] = [
    inputs[0]!,
    { name: 'wq', value: tensor('int8', [D, 3 * H], wq) },
    inputs[2]!,
    { name: 's', value: tensor('float32', [3 * H], scale) },
    inputs[3]!,
  ];
  const opts = { numHeads: NH, maskFilterValue: F32_MIN };
  const q = await runGraph(qin, (xv, wqv, bv, s, m) =>
    op.qAttention(op.dynamicQuantizeLinear(xv!), wqv!, bv!, s!, m!, opts),
  );
  const f = await runGraph([inputs[0]!, { name: 'w', value: deq }, inputs[2]!, inputs[3]!], (xv, wv, bv, m) =>
    op.attention(xv!, wv!, bv!, m!, opts),
  );
  const worst = assertClose(q.y, f.y, 0.05, 'QAttention vs Attention(dequantized)');
  assert.ok(worst > 0, 'the input was not quantized');
});

test('DynamicQuantizeLinear: uint8 values, (q − zero point)·scale within scale/2 of x', async () => {
  const g = new Graph('dql');
  const xv = g.input('x', 'float32', [B, T, D]);
  const r = op.dynamicQuantizeLinear(xv);
  assert.deepEqual(
    [r.q.dtype, r.scale.dtype, r.zeroPoint.dtype, r.scale.shape.length],
    ['uint8', 'float32', 'uint8', 0],
  );
  const back = await runGraph([inputs[0]!], (v) => {
    const d = op.dynamicQuantizeLinear(v!);
    return op.mul(op.sub(op.cast(d.q, 'float32'), op.cast(d.zeroPoint, 'float32')), d.scale);
  });
  const xs = x.data as Float32Array;
  const step = (Math.max(0, ...xs) - Math.min(0, ...xs)) / 255;
  assertClose(back.y, xs, step / 2 + 1e-6, 'dequantized x');
});

test('SkipLayerNormalization = LayerNorm(x + skip + bias); Gelu / BiasGelu = erf GELU (+ b); FastGelu = tanh GELU', async () => {
  const ln: RunInput[] = [
    { name: 'x', value: randn(rng, [B, T, D]) },
    { name: 's', value: randn(rng, [B, T, D]) },
    { name: 'g', value: randn(rng, [D]) },
    { name: 'be', value: randn(rng, [D]) },
    { name: 'bi', value: randn(rng, [D]) },
  ];
  const skip = await runGraph(ln, (a, s, g, be, bi) => op.skipLayerNorm(a!, s!, g!, be!, bi!, 1e-5));
  const plain = await runGraph(ln, (a, s, g, be, bi) => op.layerNorm(op.add(op.add(a!, s!), bi!), g!, be!, 1e-5));
  assertClose(skip.y, plain.y, 1e-5, 'SkipLayerNormalization');
  const noBias = await runGraph(ln.slice(0, 3), (a, s, g) => op.skipLayerNorm(a!, s!, g!, null, null, 1e-5));
  const zeros = { name: 'z', value: tensor('float32', [D]) };
  const plainNoBias = await runGraph([...ln.slice(0, 3), zeros], (a, s, g, z) =>
    op.layerNorm(op.add(a!, s!), g!, z!, 1e-5),
  );
  assertClose(noBias.y, plainNoBias.y, 1e-5, 'SkipLayerNormalization without beta and bias');

  const act: RunInput[] = [
    { name: 'x', value: randn(rng, [B, T, D], 2) },
    { name: 'b', value: randn(rng, [D]) },
  ];
  const tanhGelu = (v: Value) =>
    op.mul(
      op.mul(v, 0.5),
      op.add(op.tanh(op.mul(op.add(v, op.mul(op.pow(v, 3), 0.044715)), Math.sqrt(2 / Math.PI))), 1),
    );
  const cases: [string, (a: Value, c: Value) => Value, (a: Value, c: Value) => Value][] = [
    ['Gelu', (a) => op.erfGelu(a), (a) => op.gelu(a)],
    ['BiasGelu', (a, c) => op.biasGelu(a, c), (a, c) => op.gelu(op.add(a, c))],
    ['FastGelu + bias', (a, c) => op.fastGelu(a, c), (a, c) => tanhGelu(op.add(a, c))],
    ['FastGelu', (a) => op.fastGelu(a, null), (a) => tanhGelu(a)],
  ];
  for (const [name, fused, composed] of cases) {
    const [y1, y2] = [await runGraph(act, (a, c) => fused(a!, c!)), await runGraph(act, (a, c) => composed(a!, c!))];
    assertClose(y1.y, y2.y, 1e-5, name);
  }
});

test('contrib ops check shapes (GraphError naming the op) and have no gradient', () => {
  const g = new Graph('bad');
  const xv = g.input('x', 'float32', ['B', 'T', D]);
  const m = g.input('m', 'int32', ['B', 'T']);
  const c = (shape: number[], dtype: 'float32' | 'int32' = 'float32') => g.constant(tensor(dtype, shape));
  const bad: [() => unknown, RegExp][] = [
    [
      () => op.attention(xv, c([D, 3 * H + 1]), c([3 * H]), m, { numHeads: NH }),
      /Attention: weight columns 37 are not 3·H/,
    ],
    [
      () => op.attention(xv, c([D + 1, 3 * H]), c([3 * H]), m, { numHeads: NH }),
      /Attention: weight must be \[8, 3·H\]/,
    ],
    [
      () => op.attention(xv, c([D, 3 * H]), c([3 * H]), m, { numHeads: 5 }),
      /hidden size 12 is not a multiple of num_heads 5/,
    ],
    [() => op.attention(xv, c([D, 3 * H]), c([H]), m, { numHeads: NH }), /bias must be float32 \[36\]/],
    [
      () => op.attention(xv, c([D, 3 * H]), c([3 * H]), c([B, T]), { numHeads: NH }),
      /mask_index must be int32 \[B, T\]/,
    ],
    [
      () => op.skipLayerNorm(xv, c([B, T, D + 1]), c([D]), null, null),
      /SkipLayerNormalization: skip \[2, 5, 9\] must have x's shape/,
    ],
    [() => op.biasGelu(xv, c([D + 1])), /BiasGelu: bias must be float32 \[8\]/],
  ];
  for (const [f, re] of bad) assert.throws(f, (e: Error) => e instanceof GraphError && re.test(e.message), String(re));
  const y = op.attention(xv, c([D, 3 * H]), c([3 * H]), m, { numHeads: NH });
  assert.throws(() => gradients(op.reduceSum(y, [0, 1, 2]), [xv]), /no gradient rule for op Attention/);
});
