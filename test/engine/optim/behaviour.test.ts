// Optimizer behaviour shared by all kinds: frozen params, noDecay, per-group lr, lr scaling, state round trip.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimizer, paramGroups, OPTIMIZER_NAMES, type Optimizer } from '../../../src/engine/optim/index.ts';
import { assertClose, param } from './helpers.ts';

function grads(seed: number, n: number): Float32Array {
  const g = new Float32Array(n);
  for (let i = 0; i < n; i++) g[i] = Math.sin(seed * 7.1 + i * 1.3) * 0.5;
  return g;
}

test('frozen params are untouched, their gradient entry may be null, and they have no state', () => {
  for (const name of OPTIMIZER_NAMES) {
    const frozen = param('enc.w', [1, 2, 3], [3], { trainable: false });
    const live = param('head.w', [1, 2, 3]);
    const opt = makeOptimizer(name, [frozen, live], name === 'sgd' ? { lr: 0.1, momentum: 0.9 } : {});
    opt.step([null, grads(1, 3)]);
    opt.step([grads(9, 3), grads(2, 3)]); // a frozen gradient, when given, is ignored
    assert.deepEqual(Array.from(frozen.data), [1, 2, 3], name);
    assert.notDeepEqual(Array.from(live.data), [1, 2, 3], name);
    assert.ok(
      Object.keys(opt.stateDict().buffers).every((k) => k.startsWith('head.w.')),
      name,
    );
  }
});

test('noDecay params get no weight decay (AdamW decoupled, SGD/Adam/Adadelta L2)', () => {
  for (const name of OPTIMIZER_NAMES) {
    const decayed = param('fc.weight', [1, -2]);
    const exempt = param('fc.bias', [1, -2], [2], { noDecay: true });
    const opt = makeOptimizer(name, [decayed, exempt], { lr: 0.1, weightDecay: 0.5 });
    opt.step([new Float32Array(2), new Float32Array(2)]); // zero gradient: only decay can move a param
    assert.deepEqual(Array.from(exempt.data), [1, -2], name);
    assert.ok(Math.abs(decayed.data[0]!) < 1, `${name} decays`);
  }
  const w = param('w', [2]);
  makeOptimizer('adamw', [w], { lr: 0.1, weightDecay: 0.5 }).step([new Float32Array(1)]);
  assertClose(w.data, [2 * (1 - 0.05)], 'adamw decay p·(1 − lr·wd)');
});

test('per-group lr and weight decay, and lrScale multiplies every group', () => {
  const a = param('enc.w', [0, 0]);
  const b = param('head.w', [0, 0]);
  const opt = makeOptimizer('sgd', [{ params: [a], lr: 0.01, name: 'encoder' }, { params: [b] }], { lr: 1 });
  assert.deepEqual(
    opt.groups.map((g) => [g.name, g.lr]),
    [
      ['encoder', 0.01],
      ['group1', 1],
    ],
  );
  const g = Float32Array.from([1, -2]);
  opt.step([g, g], 0.5);
  assertClose(a.data, [-0.005, 0.01], 'encoder group');
  assertClose(b.data, [-0.5, 1], 'default group');
  opt.groups[1]!.lr = 2; // groups are adjustable between steps
  opt.step([g, g]);
  assertClose(b.data, [-2.5, 5], 'after lr change');
});

test('paramGroups builds groups from Param.group tags', () => {
  const ps = [
    param('a', [0], [1], { group: 'encoder.lower' }),
    param('b', [0]),
    param('c', [0], [1], { group: 'other' }),
  ];
  const groups = paramGroups(ps, { 'encoder.lower': { lr: 1e-5 } });
  assert.deepEqual(
    groups.map((g) => [g.name, g.lr, g.params.map((p) => p.name)]),
    [
      ['encoder.lower', 1e-5, ['a']],
      ['default', undefined, ['b', 'c']],
    ],
  );
  assert.throws(() => paramGroups(ps, { typo: { lr: 1 } }), /no parameter has group "typo"/);
});

test('stateDict round trip: a restored optimizer takes bit-identical subsequent steps', () => {
  for (const name of OPTIMIZER_NAMES) {
    const make = (values: Float32Array): [Optimizer, Float32Array] => {
      const p = param('w', Array.from(values), [2, 3]);
      const bias = param('b', [0.1, 0.2], [2], { noDecay: true });
      const opts = name === 'sgd' ? { lr: 0.1, momentum: 0.9, weightDecay: 0.01 } : { lr: 0.01, weightDecay: 0.1 };
      return [makeOptimizer(name, [p, bias], opts), p.data];
    };
    const [a, pa] = make(Float32Array.from([0.5, -0.3, 1.2, 0.0, -2.0, 0.7]));
    for (let s = 1; s <= 3; s++) a.step([grads(s, 6), grads(s + 10, 2)]);
    // What a checkpoint does: copy the state out (e.g. into safetensors) and load it into a fresh optimizer.
    const saved = a.stateDict();
    const copy = {
      step: saved.step,
      buffers: Object.fromEntries(Object.entries(saved.buffers).map(([k, v]) => [k, v.slice()])),
    };
    const [b, pb] = make(pa.slice());
    b.loadStateDict(copy);
    assert.equal(b.steps, 3);
    for (let s = 4; s <= 6; s++) {
      a.step([grads(s, 6), grads(s + 10, 2)]);
      b.step([grads(s, 6), grads(s + 10, 2)]);
    }
    assert.deepEqual(Array.from(pb), Array.from(pa), name);
    assert.deepEqual(b.stateDict(), a.stateDict(), name);
  }
});

test('loadStateDict reports missing, unexpected and mis-sized buffers', () => {
  const opt = makeOptimizer('adamw', [param('w', [1, 2])]);
  const good = { step: 1, buffers: { 'w.exp_avg': new Float32Array(2), 'w.exp_avg_sq': new Float32Array(2) } };
  opt.loadStateDict(good);
  assert.throws(
    () =>
      opt.loadStateDict(
        { step: 1, buffers: { 'w.exp_avg': new Float32Array(3), 'v.exp_avg_sq': new Float32Array(2) } },
        'ckpt/optimizer.safetensors',
      ),
    /ckpt\/optimizer\.safetensors: .*missing keys: w\.exp_avg_sq; unexpected keys: v\.exp_avg_sq; w\.exp_avg has 3 values, expected 2/,
  );
  assert.throws(() => opt.loadStateDict({ ...good, step: -1 }), /step must be a non-negative integer/);
});

test('makeOptimizer rejects unknown names and options', () => {
  const ps = [param('w', [1])];
  assert.throws(() => makeOptimizer('rmsprop' as 'sgd', ps), /unknown optimizer "rmsprop"/);
  assert.throws(() => makeOptimizer('sgd', ps, { betas: [0.9, 0.99] } as object), /sgd: unknown option betas/);
  assert.equal(makeOptimizer('adadelta', ps).kind, 'Adadelta');
});

test('a param unfrozen after the optimizer was built is a clear error, not a silent skip', () => {
  const p = param('enc.w', [1, 2], [2], { trainable: false });
  const opt = makeOptimizer('adamw', [p]);
  p.trainable = true;
  assert.throws(() => opt.step([new Float32Array(2)]), /enc\.w was frozen .* build a new optimizer/);
});
