// The engine demo as a library function (the CLI prints; tests assert): a TextCNN learns the toy bigram task.
import { Program } from '../engine/program.ts';
import { Rng } from '../engine/rng.ts';
import { crossEntropy } from '../engine/losses/index.ts';
import { makeOptimizer } from '../engine/optim/index.ts';
import * as op from '../engine/ops/index.ts';
import { makeToyTask, toyBatch, type ToyExample } from '../data/toy.ts';
import { TextCnn } from '../heads/textcnn.ts';
import { trainStep } from './step.ts';

export interface DemoEpoch {
  epoch: number;
  trainLoss: number;
  devAccuracy: number;
  seconds: number;
}

export interface DemoOptions {
  epochs: number;
  seed?: number;
  trainSize?: number;
  devSize?: number;
  onEpoch?: (e: DemoEpoch) => void;
}

export async function runEngineDemo(opts: DemoOptions) {
  const seed = opts.seed ?? 1;
  const rng = new Rng(seed);
  const task = makeToyTask({ n: (opts.trainSize ?? 1200) + (opts.devSize ?? 400), seed, dim: 16 });
  const train = task.examples.slice(0, opts.trainSize ?? 1200);
  const dev = task.examples.slice(opts.trainSize ?? 1200);
  const head = new TextCnn(
    'head',
    { inputDim: task.dim, numClasses: 2, kernelSizes: [2, 3, 4], filters: 16, dropout: 0.2 },
    rng,
  );
  const inputs = [
    { name: 'features', dtype: 'float32' as const, shape: ['B', 'T', task.dim] },
    { name: 'mask', dtype: 'float32' as const, shape: ['B', 'T'] },
    { name: 'labels', dtype: 'int64' as const, shape: ['B'] },
  ];
  const trainer = await Program.compile({
    label: 'demo textcnn train step',
    training: true,
    seed,
    inputs,
    build: (ctx, x) => ({ loss: crossEntropy(head.forward(ctx, x.features!, x.mask!), x.labels!) }),
  });
  const evaluator = await Program.compile({
    label: 'demo textcnn eval',
    training: false,
    inputs: inputs.slice(0, 2),
    build: (ctx, x) => ({ outputs: { predicted: op.argMax(head.forward(ctx, x.features!, x.mask!), 1) } }),
  });
  const optimizer = makeOptimizer('adamw', head.parameters(), { lr: 3e-3, weightDecay: 0.01 });
  const batches = (xs: ToyExample[], size: number) =>
    Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

  let devAccuracy = 0;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const started = performance.now();
    let lossSum = 0;
    const order = rng.shuffle(train.slice());
    const trainBatches = batches(order, 32);
    for (const [i, b] of trainBatches.entries()) {
      const feeds = toyBatch(task, b, head.minLength);
      const r = await trainStep(trainer, optimizer, feeds, { step: (epoch - 1) * trainBatches.length + i });
      lossSum += r.loss * b.length;
    }
    let correct = 0;
    for (const b of batches(dev, 128)) {
      const { features, mask } = toyBatch(task, b, head.minLength);
      const r = await evaluator.run({ features, mask });
      const predicted = r.outputs.predicted!.data as BigInt64Array;
      b.forEach((e, k) => (correct += Number(predicted[k]) === e.label ? 1 : 0));
    }
    devAccuracy = correct / dev.length;
    opts.onEpoch?.({
      epoch,
      trainLoss: lossSum / train.length,
      devAccuracy,
      seconds: (performance.now() - started) / 1000,
    });
  }
  await trainer.release();
  await evaluator.release();
  return { devAccuracy, parameters: head.countParameters() };
}
