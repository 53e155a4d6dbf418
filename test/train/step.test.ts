// A NaN/Inf loss stops training with a clear message before the optimizer touches any parameter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Program } from '../../src/engine/program.ts';
import { Rng } from '../../src/engine/rng.ts';
import * as op from '../../src/engine/ops/index.ts';
import { makeOptimizer } from '../../src/engine/optim/index.ts';
import { Linear } from '../../src/nn/linear.ts';
import { trainStep } from '../../src/train/step.ts';
import { TrainingError } from '../../src/errors.ts';

test('NaN loss → TrainingError naming the step; parameters and optimizer state untouched', async () => {
  const layer = new Linear('probe', 3, 1, new Rng(1));
  const program = await Program.compile({
    label: 'nan probe',
    training: true,
    inputs: [{ name: 'x', dtype: 'float32', shape: ['B', 3] }],
    // log of a value that is negative for the fed input → NaN loss
    build: (ctx, v) => ({ loss: op.reduceSum(op.log(layer.forward(ctx, v.x!)), [0, 1]) }),
  });
  const opt = makeOptimizer('adamw', layer.parameters(), { lr: 0.1 });
  const x = { dtype: 'float32' as const, shape: [1, 3], data: new Float32Array([-100, -100, -100]) };
  layer.weight.data.fill(1);
  const snapshot = layer.parameters().map((p) => p.data.slice());
  await assert.rejects(trainStep(program, opt, { x }, { step: 17 }), (e: Error) => {
    assert.ok(e instanceof TrainingError);
    assert.match(e.message, /loss is NaN at step 17/);
    return true;
  });
  layer.parameters().forEach((p, i) => assert.deepEqual(p.data, snapshot[i]));
  assert.equal(opt.stateDict().step, 0);
  await program.release();
});
