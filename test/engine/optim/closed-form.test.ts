// Closed-form checks of each optimizer's first steps on small arrays (formulas as in torch.optim).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Adadelta, Adam, AdamW, SGD } from '../../../src/engine/optim/index.ts';
import { assertClose, param } from './helpers.ts';

const p0 = [0.5, -1.25, 2, 0.1];
const g1 = [0.3, -0.2, 0.05, -2];
const g2 = [-0.1, 0.4, 0.05, 1];
const f32 = (xs: number[]): number[] => Array.from(Float32Array.from(xs));

test('AdamW step 1: p·(1 − lr·wd) − lr·g/(|g| + eps)', () => {
  const p = param('w', p0);
  const [lr, wd, eps] = [0.01, 0.1, 1e-8];
  new AdamW([p], { lr, weightDecay: wd, eps }).step([Float32Array.from(g1)]);
  const x = f32(p0);
  const g = f32(g1);
  assertClose(
    p.data,
    x.map((v, i) => v * (1 - lr * wd) - (lr * g[i]!) / (Math.abs(g[i]!) + eps)),
    'p1',
  );
});

test('AdamW step 2 matches the bias-corrected formula; eps is added to √v / √(1 − β2ᵗ) (torch placement)', () => {
  // eps 0.5 makes the placement visible: inside the sqrt, or before the bias correction (TF style), differs.
  for (const eps of [1e-8, 0.5]) {
    const p = param('w', p0);
    const [lr, wd, b1, b2] = [0.01, 0.1, 0.9, 0.999];
    const opt = new AdamW([p], { lr, weightDecay: wd, eps });
    opt.step([Float32Array.from(g1)]);
    const after1 = Array.from(p.data);
    opt.step([Float32Array.from(g2)]);
    const exp = after1.map((v, i) => {
      const [a, b] = [f32(g1)[i]!, f32(g2)[i]!];
      const m = b1 * (1 - b1) * a + (1 - b1) * b;
      const s = b2 * (1 - b2) * a * a + (1 - b2) * b * b;
      return v * (1 - lr * wd) - ((lr / (1 - b1 ** 2)) * m) / (Math.sqrt(s) / Math.sqrt(1 - b2 ** 2) + eps);
    });
    assertClose(p.data, exp, `p2 (eps ${eps})`);
    assert.equal(opt.steps, 2);
  }
});

test('Adam adds weight decay to the gradient (L2), not to the parameter', () => {
  const p = param('w', p0);
  const [lr, wd, eps] = [0.01, 0.5, 1e-8];
  new Adam([p], { lr, weightDecay: wd }).step([Float32Array.from(g1)]);
  const x = f32(p0);
  assertClose(
    p.data,
    x.map((v, i) => {
      const g = f32(g1)[i]! + wd * v;
      return v - (lr * g) / (Math.abs(g) + eps);
    }),
    'p1',
  );
});

test('SGD: first momentum buffer is the gradient, then μ·b + g', () => {
  const p = param('w', p0);
  const [lr, mu, wd] = [0.1, 0.9, 0.01];
  const opt = new SGD([p], { lr, momentum: mu, weightDecay: wd });
  opt.step([Float32Array.from(g1)]);
  const x = f32(p0);
  const b1 = x.map((v, i) => f32(g1)[i]! + wd * v);
  const x1 = x.map((v, i) => v - lr * b1[i]!);
  assertClose(p.data, x1, 'p1');
  opt.step([Float32Array.from(g2)]);
  const b2 = x1.map((v, i) => mu * b1[i]! + f32(g2)[i]! + wd * v);
  assertClose(
    p.data,
    x1.map((v, i) => v - lr * b2[i]!),
    'p2',
  );
  assertClose(opt.stateDict().buffers['w.momentum_buffer']!, b2, 'buffer');
});

test('SGD nesterov: p ← p − lr·(g + μ·b); plain SGD without momentum keeps no state', () => {
  const p = param('w', p0);
  const [lr, mu] = [0.1, 0.9];
  new SGD([p], { lr, momentum: mu, nesterov: true }).step([Float32Array.from(g1)]);
  assertClose(
    p.data,
    f32(p0).map((v, i) => v - lr * (1 + mu) * f32(g1)[i]!),
    'nesterov p1',
  );
  const q = param('w', p0);
  const plain = new SGD([q], { lr });
  plain.step([Float32Array.from(g1)]);
  assertClose(
    q.data,
    f32(p0).map((v, i) => v - lr * f32(g1)[i]!),
    'plain p1',
  );
  assert.deepEqual(Object.keys(plain.stateDict().buffers), []);
});

test('Adadelta step 1: d = √eps/√((1−ρ)g² + eps)·g, defaults lr 1, ρ 0.95, eps 1e-6', () => {
  const p = param('w', p0);
  const opt = new Adadelta([p]);
  assert.equal(opt.rho, 0.95);
  assert.equal(opt.eps, 1e-6);
  opt.step([Float32Array.from(g1)]);
  const d = f32(g1).map((g) => (Math.sqrt(1e-6) / Math.sqrt(0.05 * g * g + 1e-6)) * g);
  assertClose(
    p.data,
    f32(p0).map((v, i) => v - d[i]!),
    'p1',
  );
  assertClose(
    opt.stateDict().buffers['w.acc_delta']!,
    d.map((x) => 0.05 * x * x),
    'acc_delta',
  );
});

test('bad options and bad gradients are usage errors that name the problem', () => {
  const p = param('head.fc.weight', [1, 2]);
  assert.throws(() => new AdamW([p], { lr: -1 }), /lr must be a number/);
  assert.throws(() => new AdamW([p], { betas: [1, 0.999] }), /betas\[0\]/);
  assert.throws(() => new SGD([p], { nesterov: true }), /nesterov/);
  const opt = new SGD([p], { lr: 0.1 });
  assert.throws(() => opt.step([]), /got 0 gradients for 1 params/);
  assert.throws(() => opt.step([new Float32Array(3)]), /head\.fc\.weight has 3 values, param has 2/);
  assert.throws(() => opt.step([null]), /no gradient for trainable param head\.fc\.weight/);
  assert.throws(() => opt.step([new Float32Array(2)], Number.NaN), /lrScale/);
  assert.throws(() => new SGD([p, param('head.fc.weight', [0])]), /appears twice/);
});
