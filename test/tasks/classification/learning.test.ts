// Learning tests: small models must actually learn, and training must be reproducible.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runEngineDemo, type DemoEpoch } from '../../../src/train/engine-demo.ts';
import { Program } from '../../../src/engine/program.ts';
import { Rng } from '../../../src/engine/rng.ts';
import * as op from '../../../src/engine/ops/index.ts';
import { crossEntropy } from '../../../src/engine/losses/index.ts';
import { makeOptimizer } from '../../../src/engine/optim/index.ts';
import { Linear } from '../../../src/nn/linear.ts';
import { trainStep } from '../../../src/train/step.ts';

test('a TextCNN learns the toy bigram task (≥ 95% dev accuracy) and its loss falls', async () => {
  const epochs: DemoEpoch[] = [];
  const r = await runEngineDemo({ epochs: 6, seed: 5, onEpoch: (e) => epochs.push(e) });
  assert.ok(r.devAccuracy >= 0.95, `dev accuracy ${r.devAccuracy}`);
  assert.ok(
    epochs[5]!.trainLoss < epochs[0]!.trainLoss * 0.5,
    `loss ${epochs[0]!.trainLoss} → ${epochs[5]!.trainLoss}`,
  );
});

test('same seed and data → identical losses, epoch for epoch', async () => {
  const run = async () => {
    const losses: number[] = [];
    await runEngineDemo({ epochs: 2, seed: 9, trainSize: 256, devSize: 64, onEpoch: (e) => losses.push(e.trainLoss) });
    return losses;
  };
  assert.deepEqual(await run(), await run());
});

test('an MLP separates XOR-like blobs (100% train accuracy)', async () => {
  const rng = new Rng(2);
  const n = 256;
  const x = new Float32Array(n * 2);
  const y = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.int(2);
    const b = rng.int(2);
    x[2 * i] = (a ? 1 : -1) + 0.2 * rng.normal();
    x[2 * i + 1] = (b ? 1 : -1) + 0.2 * rng.normal();
    y[i] = BigInt(a ^ b);
  }
  const l1 = new Linear('mlp.0', 2, 16, rng);
  const l2 = new Linear('mlp.2', 16, 2, rng);
  const forward = (ctx: Parameters<typeof l1.forward>[0], v: Parameters<typeof l1.forward>[1]) =>
    l2.forward(ctx, op.tanh(l1.forward(ctx, v)));
  const inputs = [{ name: 'x', dtype: 'float32' as const, shape: ['B', 2] }];
  const train = await Program.compile({
    label: 'mlp train',
    training: true,
    inputs: [...inputs, { name: 'y', dtype: 'int64', shape: ['B'] }],
    build: (ctx, v) => ({ loss: crossEntropy(forward(ctx, v.x!), v.y!) }),
  });
  const predict = await Program.compile({
    label: 'mlp predict',
    training: false,
    inputs,
    build: (ctx, v) => ({ outputs: { p: op.argMax(forward(ctx, v.x!), 1) } }),
  });
  const opt = makeOptimizer('adam', [...l1.parameters(), ...l2.parameters()], { lr: 0.05 });
  const feeds = {
    x: { dtype: 'float32' as const, shape: [n, 2], data: x },
    y: { dtype: 'int64' as const, shape: [n], data: y },
  };
  const losses: number[] = [];
  for (let s = 0; s < 150; s++) losses.push((await trainStep(train, opt, feeds)).loss);
  const p = (await predict.run({ x: feeds.x })).outputs.p!.data as BigInt64Array;
  const acc = p.reduce((c, v, i) => c + (v === y[i] ? 1 : 0), 0) / n;
  assert.equal(acc, 1, `accuracy ${acc}`);
  assert.ok(losses.at(-1)! < 0.05 && losses.at(-1)! < losses[0]!, `loss ${losses[0]} → ${losses.at(-1)}`);
});
