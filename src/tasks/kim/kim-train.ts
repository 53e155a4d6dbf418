// Trains a KimCnn. With every embedding channel frozen (CNN-static), or with whole-table ('identity') channels,
// this is the project trainer as is (src/train/trainer.ts). With a trainable batch-rows channel (rand /
// non-static / multichannel as runKim builds them) the same loop runs here
// with one difference: the embedding table is updated by RowTable's lazy sparse Adadelta (exactly dense
// Adadelta, at the cost of the rows a batch uses), because the shared trainer's optimizer would update all
// V × D table entries every step (≈ 5.5 M for a 300-d MR vocabulary: ~10× slower per epoch).
// Everything else is the trainer's: the same seeded length-bucketed batches per epoch, Adadelta (engine) for
// the other parameters, max-norm on fc.weight rows, dev evaluation each epoch, best-epoch selection (strictly
// better dev metric), onEpoch/onBest hooks. Gradient clipping, schedules, patience and resume are not used by
// the kim2014 preset and are not supported on this path (a UsageError says so).
import { TrainingError, UsageError } from '../../errors.ts';
import { Program } from '../../engine/program.ts';
import { Rng } from '../../engine/rng.ts';
import { makeOptimizer, maxNormRows } from '../../engine/optim/index.ts';
import { lengthBucketBatches } from '../../data/batching.ts';
import { evaluate, type LabelledSplit } from '../../train/evaluate.ts';
import type { TrainOptions } from '../../train/options.ts';
import type { Pipeline } from '../../train/pipeline.ts';
import { train, type EpochRecord, type TrainerHooks, type TrainResult } from '../../train/trainer.ts';
import { type ClassificationTask, targetSpec, targetTensor, taskLoss } from '../classification.ts';
import type { KimCnn } from './model.ts';

export async function kimTrain(
  model: KimCnn,
  pipeline: Pipeline,
  task: ClassificationTask,
  data: { train: LabelledSplit; dev?: LabelledSplit },
  o: TrainOptions,
  hooks: Pick<TrainerHooks, 'onEpoch' | 'onBest'> = {},
): Promise<TrainResult> {
  const sparse = model.channels.filter((c) => c.trainable && !c.identity);
  if (sparse.length === 0) return train(pipeline, task, data, o, hooks);
  if (o.optimizer !== 'adadelta' || o.clipNorm > 0 || o.schedule !== 'constant' || o.patience > 0 || o.weightDecay > 0) {
    throw new UsageError('trainable Kim embeddings train with the kim2014 preset only: adadelta, no clipping, constant schedule, no patience, no weight decay');
  }
  const program = await Program.compile({
    label: 'kim training step',
    training: true,
    seed: o.seed,
    inputs: [...pipeline.inputSpecs, targetSpec(task)],
    build: (ctx, x) => ({ loss: taskLoss(task, pipeline.build(ctx, x), x.targets!) }),
  });
  const rowParams = new Set(sparse.map((c) => c.rows));
  const dense = pipeline.parameters().filter((p) => p.trainable && !rowParams.has(p));
  const optimizer = makeOptimizer('adadelta', dense, { lr: o.lr, rho: o.rho, weightDecay: 0 });
  const eps = 1e-6;
  const maxNormTargets = o.maxNorm > 0 ? dense.filter((p) => o.maxNormParams.some((s) => p.name.endsWith(s))) : [];
  const lengths = data.train.texts.map((t) => pipeline.length(t));
  const history: EpochRecord[] = [];
  let best: number | null = null;
  let bestEpoch: number | null = null;
  let step = 0;
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const started = performance.now();
      const batches = lengthBucketBatches(lengths, { batchSize: o.batchSize, shuffle: true, rng: new Rng(o.seed * 7919 + epoch) });
      let lossSum = 0;
      for (const idx of batches) {
        const feeds = await pipeline.feeds(idx.map((k) => data.train.texts[k]!));
        feeds.targets = targetTensor(task, idx.map((k) => data.train.y[k]!));
        const r = await program.run(feeds);
        step++;
        if (!Number.isFinite(r.loss)) throw new TrainingError(`loss is ${r.loss} at step ${step}; stopping before the update`);
        const grads = new Map(program.trainable.map((p, i) => [p, r.grads[i]!]));
        optimizer.step(optimizer.params.map((p) => grads.get(p) ?? new Float32Array(p.data.length)));
        for (const c of sparse) c.adadelta(grads.get(c.rows)!, step, o.rho, eps);
        for (const p of maxNormTargets) maxNormRows(p, o.maxNorm);
        lossSum += r.loss * idx.length;
      }
      const dev = data.dev ? await evaluate(pipeline, task, data.dev, o.evalBatchSize) : null;
      const record: EpochRecord = { epoch, train_loss: lossSum / data.train.texts.length, seconds: (performance.now() - started) / 1000, steps: batches.length };
      if (dev) record.dev = dev.scores.summary;
      history.push(record);
      await hooks.onEpoch?.(record);
      const value = dev ? dev.scores.summary[o.metric ?? 'accuracy'] : undefined;
      if (value === undefined || best === null || value > best) {
        best = value ?? null;
        bestEpoch = epoch;
        await hooks.onBest?.(record, dev);
      }
    }
  } finally {
    await program.release();
  }
  return { history, bestEpoch, bestMetric: best, stoppedEarly: false, interrupted: false };
}
