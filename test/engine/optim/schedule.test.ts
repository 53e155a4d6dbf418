// Learning-rate multipliers against transformers' get_*_schedule_with_warmup formulas (warmup 3, total 10).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSchedule } from '../../../src/engine/optim/index.ts';
import { assertClose } from './helpers.ts';

const steps = Array.from({ length: 11 }, (_, k) => k);

test('linear warmup then linear decay to 0', () => {
  const f = makeSchedule({ kind: 'linear', warmupSteps: 3, totalSteps: 10 });
  assertClose(steps.map(f), [0, 1 / 3, 2 / 3, 1, 6 / 7, 5 / 7, 4 / 7, 3 / 7, 2 / 7, 1 / 7, 0], 'linear', 1e-12);
  assert.equal(f(12), 0);
});

test('cosine with warmup (half cosine to 0), constant with warmup, constant', () => {
  const cos = makeSchedule({ kind: 'cosine', warmupSteps: 3, totalSteps: 10 });
  const expect = steps.map((k) => (k < 3 ? k / 3 : 0.5 * (1 + Math.cos((Math.PI * (k - 3)) / 7))));
  assertClose(steps.map(cos), expect, 'cosine', 1e-12, 1e-15);
  assert.equal(cos(3), 1);
  assert.ok(Math.abs(cos(10)) < 1e-15);
  const cw = makeSchedule({ kind: 'constant_with_warmup', warmupSteps: 3 });
  assert.deepEqual(steps.map(cw), [0, 1 / 3, 2 / 3, 1, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(
    steps.map(makeSchedule({ kind: 'constant' })),
    steps.map(() => 1),
  );
});

test('schedule option errors', () => {
  assert.throws(() => makeSchedule({ kind: 'linear', warmupSteps: 3 }), /needs totalSteps/);
  assert.throws(() => makeSchedule({ kind: 'linear', warmupSteps: 11, totalSteps: 10 }), /exceeds totalSteps/);
  assert.throws(() => makeSchedule({ kind: 'step' as 'linear' }), /unknown kind "step"/);
  assert.throws(() => makeSchedule({ kind: 'constant', warmupSteps: 2 }), /constant_with_warmup/);
});
