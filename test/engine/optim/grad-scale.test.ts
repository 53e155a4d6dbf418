// Clipping folded into the update (src/train/step.ts): globalGradNorm + clipScale + optimizer.step(grads, lrScale,
// gradScale) must give bit for bit the parameters and state of clipGradNorm (in place) + optimizer.step(grads), for
// every optimizer and setting the trainer can build, and leave the gradients untouched.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clipGradNorm,
  clipScale,
  globalGradNorm,
  makeOptimizer,
  type OptimizerName,
} from '../../../src/engine/optim/index.ts';
import { Rng } from '../../../src/engine/rng.ts';
import { param } from './helpers.ts';

const settings: [OptimizerName, Record<string, unknown>][] = [
  ['adamw', { lr: 1e-3, weightDecay: 0.01 }],
  ['adam', { lr: 1e-3, weightDecay: 0.01 }],
  ['sgd', { lr: 0.1 }],
  ['sgd', { lr: 0.1, momentum: 0.9, weightDecay: 1e-3 }],
  ['sgd', { lr: 0.1, momentum: 0.9, nesterov: true }],
  ['adadelta', { lr: 1 }],
  ['adadelta', { lr: 1, weightDecay: 1e-3 }],
];

function gradsOf(rng: Rng, sizes: number[], magnitude: number): Float32Array[] {
  return sizes.map((n) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1) * magnitude));
}

for (const [name, options] of settings) {
  test(`${name} ${JSON.stringify(options)}: step(g, lr, clipScale) = clipGradNorm in place + step(g), bit for bit`, () => {
    const sizes = [7, 33, 1];
    const init = new Rng(1);
    const start = sizes.map((n) => Array.from({ length: n }, () => init.uniform(-0.5, 0.5)));
    const make = () => {
      const params = start.map((v, i) => param(`p${i}`, v));
      return { params, opt: makeOptimizer(name, params, options as never) };
    };
    const folded = make();
    const inPlace = make();
    const rng = new Rng(2);
    for (let step = 1; step <= 6; step++) {
      // large gradients on odd steps (clipped), small on even ones (not clipped)
      const grads = gradsOf(rng, sizes, step % 2 ? 10 : 0.01);
      const copy = grads.map((g) => g.slice());
      const norm = globalGradNorm(grads);
      const scale = clipScale(norm, 1);
      assert.equal(scale < 1, step % 2 === 1, `step ${step}: clipped on odd steps only`);
      folded.opt.step(grads, 0.5, scale);
      assert.deepEqual(grads, copy, 'the gradients are not modified');
      assert.equal(clipGradNorm(copy, 1), norm);
      inPlace.opt.step(copy, 0.5);
      folded.params.forEach((p, i) => assert.deepEqual(p.data, inPlace.params[i]!.data, `step ${step}: ${p.name}`));
      assert.deepEqual(folded.opt.stateDict().buffers, inPlace.opt.stateDict().buffers, `step ${step}: state`);
    }
  });
}

test('globalGradNorm = the one-sum L2 norm over every gradient (any length, null entries skipped)', () => {
  const rng = new Rng(3);
  for (const sizes of [[1], [3], [4], [5, 0, 9], [1000, 17]]) {
    const grads: (Float32Array | null)[] = [...gradsOf(rng, sizes, 1), null];
    let sum = 0;
    for (const g of grads) for (const x of g ?? []) sum += x * x;
    const norm = globalGradNorm(grads);
    assert.ok(Math.abs(norm - Math.sqrt(sum)) <= 1e-12 * Math.sqrt(sum), `sizes ${sizes.join(',')}`);
  }
  assert.ok(Number.isNaN(globalGradNorm([Float32Array.from([1, Number.NaN])])));
  assert.equal(clipScale(Number.NaN, 1), 1, 'a NaN norm scales nothing (the trainer stops on it)');
  assert.throws(() => clipScale(1, 0), /maxNorm must be a positive/);
});
