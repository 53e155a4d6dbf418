// bceWithLogits: hand-computed values, a float64 reference of torch's BCEWithLogitsLoss (pos_weight, weight,
// soft targets) plus the mask extension, stability at ±100, the gradient at exactly x = 0, finite differences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradients } from '../../../src/engine/autodiff.ts';
import { Graph } from '../../../src/engine/graph.ts';
import { bceWithLogits, type BceOptions } from '../../../src/engine/losses/binary-cross-entropy.ts';
import { Rng } from '../../../src/engine/rng.ts';
import { float32, type HostTensor } from '../../../src/engine/tensor.ts';
import { gradcheck, randn } from '../../helpers/gradcheck.ts';
import { assertClose, evaluate } from './helpers.ts';

interface RefOptions {
  pw?: number[];
  w?: number[];
  mask?: number[];
}

/** torch BCEWithLogitsLoss per element, in float64; [N, L] row-major with L = last dim. */
function reference(x: ArrayLike<number>, y: ArrayLike<number>, L: number, o: RefOptions = {}): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    const sp = Math.log1p(Math.exp(-Math.abs(xi))) + Math.max(-xi, 0); // log(1 + e^{−x})
    const lw = 1 + ((o.pw?.[i % L] ?? 1) - 1) * yi;
    const m = o.mask ? o.mask[i]! : 1;
    num += m * (o.w?.[i % L] ?? 1) * ((1 - yi) * xi + lw * sp);
    den += m;
  }
  return den === 0 ? 0 : num / den;
}

async function bce(x: HostTensor, y: HostTensor, opts: BceOptions = {}, mask?: HostTensor): Promise<number> {
  const feeds = [{ name: 'x', value: x }, { name: 'y', value: y }, ...(mask ? [{ name: 'm', value: mask }] : [])];
  const [out] = await evaluate(feeds, (a, b, m) => bceWithLogits(a, b, { ...opts, ...(m ? { mask: m } : {}) }));
  return out![0]!;
}

test('binary [N] example computed by hand', async () => {
  // x=0,y=1: log 2; x=2,y=0: 2 + log(1+e⁻²); x=−1,y=1: log(1+e)
  const x = float32([3], [0, 2, -1]);
  const y = float32([3], [1, 0, 1]);
  assertClose([await bce(x, y)], [(0.6931471806 + 2.126928011 + 1.3132616875) / 3], 1e-6, 'mean');
  // pos_weight 2 doubles the positive terms only
  assertClose(
    [await bce(x, y, { posWeight: [2, 2, 2] })],
    [(2 * 0.6931471806 + 2.126928011 + 2 * 1.3132616875) / 3],
    1e-6,
    'pw',
  );
});

test('stable at |x| = 100 (no overflow, no log(0))', async () => {
  const x = float32([3], [100, -100, 50]);
  const y = float32([3], [0, 1, 1]);
  assertClose([await bce(x, y)], [200 / 3], 1e-6, 'extreme logits');
});

test('multi-label [N, L] matches the float64 reference with pos_weight, weight, soft targets and a mask', async () => {
  const rng = new Rng(5);
  const x = randn(rng, [4, 3], 2);
  const y = float32([4, 3], [1, 0, 1, 0, 0, 1, 0.3, 1, 0, 1, 1, 0.8]);
  const pw = [0.5, 3, 1.5];
  const w = [1, 0.2, 2];
  const mask = [1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 1];
  const xs = x.data as Float32Array;
  const ys = y.data as Float32Array;
  assertClose([await bce(x, y)], [reference(xs, ys, 3)], 1e-5, 'plain');
  assertClose([await bce(x, y, { posWeight: pw })], [reference(xs, ys, 3, { pw })], 1e-5, 'pos_weight');
  assertClose([await bce(x, y, { posWeight: pw, weights: w })], [reference(xs, ys, 3, { pw, w })], 1e-5, 'weights');
  const m = float32([4, 3], mask);
  assertClose([await bce(x, y, { posWeight: pw }, m)], [reference(xs, ys, 3, { pw, mask })], 1e-5, 'mask');
  // a per-row mask [N, 1] broadcasts over the labels
  const rows = float32([4, 1], [1, 0, 1, 1]);
  const rowMask = [1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1];
  assertClose([await bce(x, y, {}, rows)], [reference(xs, ys, 3, { mask: rowMask })], 1e-5, 'row mask');
  assert.equal(await bce(x, y, {}, float32([4, 1], [0, 0, 0, 0])), 0, 'everything masked → 0');
});

test('gradient at exactly x = 0 is (σ(0) − y)·(weights) / n, not a kink artefact', async () => {
  const x = float32([2, 2], [0, 0, 0, 0]);
  const y = float32([2, 2], [1, 0, 1, 0]);
  const [, grad] = await evaluate(
    [
      { name: 'x', value: x },
      { name: 'y', value: y },
    ],
    (a, b) => {
      const loss = bceWithLogits(a, b, { posWeight: [3, 3] });
      return [loss, gradients(loss, [a])[0]!];
    },
  );
  // d/dx = (1 + (pw−1)y)·σ(x) − pw·y … at x=0: y=1 → 3·0.5 − 3 = −1.5; y=0 → 0.5; divided by 4 elements
  assertClose(grad!, [-1.5 / 4, 0.5 / 4, -1.5 / 4, 0.5 / 4], 1e-6, 'dx at 0');
});

test('gradcheck w.r.t. logits (incl. x = 0) and pos_weight, with weights and a mask', async () => {
  const rng = new Rng(9);
  const x = randn(rng, [3, 4], 1.5);
  (x.data as Float32Array)[5] = 0;
  const y = float32([3, 4], [1, 0, 0, 1, 1, 1, 0, 0.5, 0, 1, 0, 1]);
  const pw = float32([4], [0.5, 2, 1, 4]);
  const m = float32([3, 4], [1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1]);
  const base = [
    { name: 'x', value: x },
    { name: 'y', value: y, check: false },
  ];
  await gradcheck(base, (a, b) => bceWithLogits(a, b));
  await gradcheck([...base, { name: 'pw', value: pw }], (a, b, p) =>
    bceWithLogits(a, b, { posWeight: p, weights: [1, 2, 0.5, 1] }),
  );
  await gradcheck([...base, { name: 'm', value: m, check: false }], (a, b, mk) =>
    bceWithLogits(a, b, { posWeight: Array.from(pw.data as Float32Array), mask: mk }),
  );
  const x1 = randn(rng, [5]);
  await gradcheck(
    [
      { name: 'x', value: x1 },
      { name: 'y', value: float32([5], [1, 0, 1, 1, 0]), check: false },
    ],
    (a, b) => bceWithLogits(a, b),
  );
});

test('bad inputs are GraphErrors', () => {
  const g = new Graph();
  const x = g.input('x', 'float32', ['B', 3]);
  assert.throws(() => bceWithLogits(x, g.input('y', 'float32', ['B', 4])), /bceWithLogits targets/);
  assert.throws(() => bceWithLogits(x, g.input('yi', 'int64', ['B', 3])), /must be float32/);
  assert.throws(() => bceWithLogits(x, g.input('y2', 'float32', ['B', 3]), { posWeight: [1, 2] }), /posWeight/);
});
