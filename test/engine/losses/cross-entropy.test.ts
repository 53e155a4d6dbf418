// crossEntropy: values against a hand-computed 2×3 example and a float64 reference of torch's formula (class
// weights, ignore-index, label smoothing, token-classification shapes), finite-difference gradients, and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphError } from '../../../src/errors.ts';
import { gradients } from '../../../src/engine/autodiff.ts';
import { Graph } from '../../../src/engine/graph.ts';
import { crossEntropy, type CrossEntropyOptions } from '../../../src/engine/losses/cross-entropy.ts';
import { Rng } from '../../../src/engine/rng.ts';
import { float32, int64 } from '../../../src/engine/tensor.ts';
import { gradcheck, randn } from '../../helpers/gradcheck.ts';
import { assertClose, evaluate } from './helpers.ts';

/** torch.nn.functional.cross_entropy (mean, class axis last) in float64; 0 when every row is ignored. */
function reference(x: ArrayLike<number>, classes: number, y: number[], w?: number[], ignore = -100, eps = 0): number {
  let num = 0;
  let den = 0;
  y.forEach((label, i) => {
    if (label === ignore) return;
    const row = Array.from({ length: classes }, (_, c) => x[i * classes + c]!);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    const wy = w ? w[label]! : 1;
    const smooth = row.reduce((s, v, c) => s + (w ? w[c]! : 1) * (lse - v), 0);
    num += (1 - eps) * wy * (lse - row[label]!) + (eps / classes) * smooth;
    den += wy;
  });
  return den === 0 ? 0 : num / den;
}

const x23 = float32([2, 3], [1, 2, 3, 1, 0, -1]);

async function ce(logits: typeof x23, labels: number[], opts: CrossEntropyOptions = {}): Promise<number> {
  const shape = logits.shape.slice(0, -1);
  const feeds = [
    { name: 'x', value: logits },
    { name: 'y', value: int64(shape, labels) },
  ];
  const [out] = await evaluate(feeds, (x, y) => crossEntropy(x, y, opts));
  return out![0]!;
}

test('2×3 example computed by hand', async () => {
  // −log p = lse − x_y; lse(1,2,3) = 3 + log(1 + e⁻¹ + e⁻²) = 3.4076059644; lse(1,0,−1) = 1.4076059644
  assertClose([await ce(x23, [2, 0])], [0.4076059644], 1e-6, 'mean of 0.4076 and 0.4076');
  assertClose([await ce(x23, [0, 0])], [(2.4076059644 + 0.4076059644) / 2], 1e-6, 'labels 0,0');
  // weights [1,2,3], labels [2,1]: (3·0.4076059644 + 2·1.4076059644) / (3 + 2)
  assertClose([await ce(x23, [2, 1], { classWeights: [1, 2, 3] })], [0.8076059644], 1e-6, 'weighted mean');
  // the ignored row contributes nothing, numerator or denominator
  assertClose([await ce(x23, [2, -100])], [0.4076059644], 1e-6, 'ignore_index');
  assertClose(
    [await ce(x23, [-1, 1], { ignoreIndex: -1, classWeights: [1, 2, 3] })],
    [1.4076059644],
    1e-6,
    'custom ignore',
  );
});

test('every row ignored → 0, not NaN', async () => {
  assert.equal(await ce(x23, [-100, -100]), 0);
  assert.equal(await ce(x23, [-100, -100], { classWeights: [1, 2, 3], labelSmoothing: 0.1 }), 0);
});

test('matches the float64 reference: weights × ignore × smoothing, [N, C] and [N, T, C]', async () => {
  const rng = new Rng(3);
  const x = randn(rng, [2, 5, 4], 2);
  const labels = [0, 3, -100, 1, 2, 2, -100, -100, 3, 0];
  const w = [0.5, 1, 2, 0.25];
  for (const opts of [{}, { classWeights: w }, { labelSmoothing: 0.1 }, { classWeights: w, labelSmoothing: 0.2 }]) {
    const want = reference(x.data as Float32Array, 4, labels, opts.classWeights, -100, opts.labelSmoothing ?? 0);
    assertClose([await ce(x, labels, opts)], [want], 1e-5, `[N,T,C] ${JSON.stringify(opts)}`);
    const flat = float32([10, 4], x.data as Float32Array);
    assertClose([await ce(flat, labels, opts)], [want], 1e-5, `[N,C] ${JSON.stringify(opts)}`);
  }
});

test('class weights as a graph input (Value) give the same loss and a gradient', async () => {
  const labels = int64([2], [2, 1]);
  const w = float32([3], [1, 2, 3]);
  const feeds = [
    { name: 'x', value: x23 },
    { name: 'y', value: labels },
    { name: 'w', value: w },
  ];
  const [out] = await evaluate(feeds, (x, y, wv) => crossEntropy(x, y, { classWeights: wv }));
  assertClose(out!, [0.8076059644], 1e-6, 'Value weights');
  await gradcheck(feeds, (x, y, wv) => crossEntropy(x, y, { classWeights: wv }));
});

test('gradcheck: plain, weighted, ignored rows, label smoothing, token classification', async () => {
  const rng = new Rng(11);
  const x = randn(rng, [4, 5]);
  const y = int64([4], [1, -100, 4, 0]);
  const inputs = () => [
    { name: 'x', value: x },
    { name: 'y', value: y },
  ];
  await gradcheck(inputs(), (a, b) => crossEntropy(a, b));
  await gradcheck(inputs(), (a, b) => crossEntropy(a, b, { classWeights: [0.2, 1, 3, 0.7, 2] }));
  await gradcheck(inputs(), (a, b) => crossEntropy(a, b, { classWeights: [0.2, 1, 3, 0.7, 2], labelSmoothing: 0.15 }));
  const xt = randn(rng, [2, 3, 4]);
  const yt = int64([2, 3], [3, 0, -100, 2, -100, -100]);
  await gradcheck(
    [
      { name: 'x', value: xt },
      { name: 'y', value: yt },
    ],
    (a, b) => crossEntropy(a, b),
  );
});

test('ignored rows get exactly zero gradient', async () => {
  const feeds = [
    { name: 'x', value: x23 },
    { name: 'y', value: int64([2], [-100, 1]) },
  ];
  const [, grad] = await evaluate(feeds, (x, y) => {
    const loss = crossEntropy(x, y, { classWeights: [1, 2, 3] });
    return [loss, gradients(loss, [x])[0]!];
  });
  assert.deepEqual(grad!.slice(0, 3), [0, 0, 0]);
  // row 1: softmax − one_hot(1), weight cancels in the weighted mean of a single row
  const e = [Math.E, 1, 1 / Math.E];
  const z = e[0]! + e[1]! + e[2]!;
  assertClose(grad!.slice(3), [e[0]! / z, e[1]! / z - 1, e[2]! / z], 1e-6, 'row 1 gradient');
});

test('bad shapes and dtypes are GraphErrors naming the problem', () => {
  const g = new Graph();
  const x = g.input('x', 'float32', ['B', 3]);
  assert.throws(() => crossEntropy(x, g.input('y', 'int64', ['B', 2])), /crossEntropy labels.*expected shape \[B\]/);
  assert.throws(() => crossEntropy(x, g.input('yf', 'float32', ['B'])), /labels must be int64/);
  assert.throws(() => crossEntropy(x, g.input('y1', 'int64', ['B']), { classWeights: [1, 2] }), GraphError);
  assert.throws(() => crossEntropy(x, g.input('y2', 'int64', ['B']), { labelSmoothing: 1 }), /labelSmoothing/);
});
