// Every head learns a tiny separable task (dev accuracy ≥ 90%, loss falls), built through the registry and
// trained with its own extra loss term (regularization()) the way the trainer will wire it:
//   token heads and cnn-alone: the toy bigram task of src/data/toy.ts (only a window ≥ 2 can solve it);
//   pooled heads (conv2d, linear): a sentence vector that holds a bump (+2 on 3 adjacent units) or not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Program } from '../../src/engine/program.ts';
import { Rng } from '../../src/engine/rng.ts';
import * as op from '../../src/engine/ops/index.ts';
import { crossEntropy } from '../../src/engine/losses/index.ts';
import { makeOptimizer } from '../../src/engine/optim/index.ts';
import { int64, float32, type HostTensor } from '../../src/engine/tensor.ts';
import { makeToyTask, toyBatch } from '../../src/data/toy.ts';
import { headInput, makeHead, type HeadKind } from '../../src/heads/index.ts';
import { withPenalty } from '../../src/nn/regularization.ts';
import { trainStep } from '../../src/train/step.ts';

interface Batch {
  input: HostTensor;
  mask?: HostTensor;
  labels: HostTensor;
}

const DIM = 16;

/** Train and dev batches of the toy bigram task (one task, so both share its token table). */
function tokenBatches(kind: HeadKind, minLength: number): [Batch[], Batch[]] {
  const task = makeToyTask({ n: 384 + 192, seed: 3, dim: DIM, maxLen: 16 });
  const batches = (examples: typeof task.examples) => {
    const out: Batch[] = [];
    for (let i = 0; i < examples.length; i += 32) {
      const b = examples.slice(i, i + 32);
      const { features, mask, labels } = toyBatch(task, b, minLength);
      if (kind !== 'cnn-alone') out.push({ input: features, mask, labels });
      else {
        const T = mask.shape[1]!;
        const ids = new BigInt64Array(b.length * T);
        b.forEach((e, r) => e.tokens.forEach((tok, t) => (ids[r * T + t] = BigInt(tok))));
        out.push({ input: int64([b.length, T], ids), mask, labels });
      }
    }
    return out;
  };
  return [batches(task.examples.slice(0, 384)), batches(task.examples.slice(384))];
}

function pooledBatches(n: number, seed: number): Batch[] {
  const rng = new Rng(seed);
  const out: Batch[] = [];
  for (let i = 0; i < n; i += 32) {
    const B = Math.min(32, n - i);
    const v = rng.fillNormal(new Float32Array(B * DIM), 0.3);
    const y = new BigInt64Array(B);
    for (let b = 0; b < B; b++) {
      y[b] = BigInt((i + b) % 2);
      if (y[b]) {
        const at = rng.int(DIM - 2);
        for (let j = 0; j < 3; j++) v[b * DIM + at + j] = v[b * DIM + at + j]! + 2;
      }
    }
    out.push({ input: float32([B, DIM], v), labels: int64([B], y) });
  }
  return out;
}

async function learn(kind: HeadKind, options: Record<string, unknown>, epochs: number, lr: number) {
  const rng = new Rng(21);
  const head = makeHead(kind, options as never, rng, 'head');
  const where = headInput(kind);
  const [train, dev] =
    where === 'pooled' ? [pooledBatches(384, 1), pooledBatches(192, 2)] : tokenBatches(kind, head.minLength);
  const inputSpec =
    where === 'pooled'
      ? [{ name: 'input', dtype: 'float32' as const, shape: ['B', DIM] }]
      : [
          where === 'ids'
            ? { name: 'input', dtype: 'int64' as const, shape: ['B', 'T'] }
            : { name: 'input', dtype: 'float32' as const, shape: ['B', 'T', DIM] },
          { name: 'mask', dtype: 'float32' as const, shape: ['B', 'T'] },
        ];
  const trainer = await Program.compile({
    label: `${kind} learn`,
    training: true,
    inputs: [...inputSpec, { name: 'labels', dtype: 'int64', shape: ['B'] }],
    build: (ctx, x) => ({
      loss: withPenalty(crossEntropy(head.forward(ctx, x.input!, x.mask), x.labels!), head.regularization(ctx)),
    }),
  });
  const evaluator = await Program.compile({
    label: `${kind} eval`,
    training: false,
    inputs: inputSpec,
    build: (ctx, x) => ({ outputs: { p: op.argMax(head.forward(ctx, x.input!, x.mask), 1) } }),
  });
  const optimizer = makeOptimizer('adam', head.parameters(), { lr });
  const feeds = (b: Batch) => ({ input: b.input, ...(b.mask && where !== 'pooled' ? { mask: b.mask } : {}) });
  const losses: number[] = [];
  for (let e = 0; e < epochs; e++) {
    let sum = 0;
    for (const b of train) sum += (await trainStep(trainer, optimizer, { ...feeds(b), labels: b.labels })).loss;
    losses.push(sum / train.length);
  }
  let correct = 0;
  let total = 0;
  for (const b of dev) {
    const p = (await evaluator.run(feeds(b))).outputs.p!.data as BigInt64Array;
    const y = b.labels.data as BigInt64Array;
    p.forEach((v, i) => (correct += v === y[i] ? 1 : 0));
    total += p.length;
  }
  await trainer.release();
  await evaluator.release();
  return { accuracy: correct / total, losses };
}

const CASES: [HeadKind, Record<string, unknown>, number, number][] = [
  ['textcnn', { inputDim: DIM, numClasses: 2, kernelSizes: [2, 3], filters: 16, dropout: 0.1 }, 8, 5e-3],
  [
    'conv1d',
    {
      inputDim: DIM,
      numClasses: 2,
      layers: [
        { filters: 16, kernelSize: 3 },
        { filters: 16, kernelSize: 3 },
      ],
      batchNorm: true,
      dropout: 0.1,
      l2: 1e-4,
    },
    5,
    5e-3,
  ],
  [
    'projection',
    { inputDim: DIM, numClasses: 2, projectionDim: 8, kernelSizes: [2, 3], filters: 16, dropout: 0.1 },
    8,
    1e-2,
  ],
  [
    'cnn-alone',
    { vocabSize: 30, embeddingDim: 16, numClasses: 2, kernelSizes: [2, 3], filters: 16, dropout: 0.1 },
    8,
    5e-3,
  ],
  ['conv2d', { inputDim: DIM, numClasses: 2, filters: 16, dropout: 0.1 }, 6, 1e-2],
  ['linear', { inputDim: DIM, numClasses: 2, dropout: 0.1 }, 10, 1e-2],
];

for (const [kind, options, epochs, lr] of CASES) {
  test(`${kind} head learns its toy task (dev accuracy ≥ 90%)`, async () => {
    const { accuracy, losses } = await learn(kind, options, epochs, lr);
    assert.ok(accuracy >= 0.9, `${kind}: dev accuracy ${accuracy}`);
    assert.ok(losses.at(-1)! < losses[0]! * 0.6, `${kind}: loss ${losses[0]} → ${losses.at(-1)}`);
  });
}
