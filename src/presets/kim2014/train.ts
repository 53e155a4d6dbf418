// Trains a KimCnn with Kim (2014)'s loop (conv_net_sentence.py train_conv_net), every variant on one path:
//   each epoch: seeded length-bucketed batches (the project trainer's lengthBucketBatches, same seeds) →
//   one compiled training Program step → Adadelta (ρ, ε 1e-6, lr) on the dense parameters (adadelta.ts) and
//   the lazy sparse Adadelta on trainable batch-rows tables (row-table.ts; exactly dense Adadelta, at the cost
//   of the rows a batch uses) → max-norm on the softmax layer's weight rows → dev accuracy → a new best when
//   dev ≥ the best so far (Kim's `>=`: a tie moves the best to the later epoch) → onBest, where the caller
//   measures test with the same evaluator (one inference Program for the whole run).
// The result matches the project trainer (src/train/trainer.ts) step for step — same batches, dropout seeds
// and updates (test/tasks/kim/kim-train.test.ts) — except for that tie rule (the trainer keeps the earlier
// epoch). Gradient clipping, schedules, patience, weight decay and resume are not part of the kim2014 preset and
// are refused (UsageError).
import { TrainingError, UsageError } from '../../errors.ts';
import { Program } from '../../engine/program.ts';
import { Rng } from '../../engine/rng.ts';
import { maxNormRows } from '../../engine/optim/index.ts';
import type { Param } from '../../engine/param.ts';
import { lengthBucketBatches } from '../../data/batching.ts';
import type { Evaluation, LabelledSplit } from '../../train/evaluate.ts';
import type { TrainOptions } from '../../train/options.ts';
import type { Pipeline } from '../../train/pipeline.ts';
import type { EpochRecord, TrainResult } from '../../train/trainer.ts';
import { type ClassificationTask, targetSpec, targetTensor, taskLoss } from '../classification.ts';
import { DenseAdadelta } from './adadelta.ts';
import { KimEvaluator } from './evaluator.ts';
import type { KimCnn } from './model.ts';

export interface KimHooks {
  onEpoch?(e: EpochRecord): void | Promise<void>;
  /** A new best dev epoch (parameters are the current ones); `evaluate` scores any split with them. */
  onBest?(e: EpochRecord, dev: Evaluation | null, evaluate: (split: LabelledSplit) => Promise<Evaluation>): Promise<void>;
}

export const KIM_EPS = 1e-6;

export async function kimTrain(
  model: KimCnn,
  pipeline: Pipeline,
  task: ClassificationTask,
  data: { train: LabelledSplit; dev?: LabelledSplit },
  o: TrainOptions,
  hooks: KimHooks = {},
  opts: { threads?: number } = {},
): Promise<TrainResult> {
  if (o.optimizer !== 'adadelta' || o.clipNorm > 0 || o.schedule !== 'constant' || o.patience > 0 || o.weightDecay > 0) {
    throw new UsageError('the Kim trainer runs the kim2014 preset only: adadelta, no clipping, constant schedule, no patience, no weight decay');
  }
  const metric = o.metric ?? 'accuracy';
  const program = await Program.compile({
    label: 'kim training step',
    training: true,
    seed: o.seed,
    threads: opts.threads,
    inputs: [...pipeline.inputSpecs, targetSpec(task)],
    build: (ctx, x) => ({ loss: taskLoss(task, pipeline.build(ctx, x), x.targets!) }),
  });
  const evaluator = await KimEvaluator.create(pipeline, task, o.evalBatchSize, opts.threads);
  const sparse = model.channels.filter((c) => c.trainable && !c.identity);
  const rowParams = new Set<Param>(sparse.map((c) => c.rows));
  const dense = pipeline.parameters().filter((p) => p.trainable && !rowParams.has(p));
  const optimizer = new DenseAdadelta(dense, o.rho, KIM_EPS, o.lr);
  // Gradient slot of each dense param / sparse table in the Program's outputs (a param the graph does not use
  // gets zeros, as the trainer does).
  const slot = new Map(program.trainable.map((p, i) => [p, i]));
  const zeros = dense.map((p) => (slot.has(p) ? null : new Float32Array(p.data.length)));
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
        optimizer.step(dense.map((p, i) => zeros[i] ?? r.grads[slot.get(p)!]!));
        for (const c of sparse) c.adadelta(r.grads[slot.get(c.rows)!]!, step, o.rho, KIM_EPS);
        for (const p of maxNormTargets) maxNormRows(p, o.maxNorm);
        lossSum += r.loss * idx.length;
      }
      const dev = data.dev ? await evaluator.evaluate(data.dev) : null;
      const record: EpochRecord = { epoch, train_loss: lossSum / data.train.texts.length, seconds: (performance.now() - started) / 1000, steps: batches.length };
      if (dev) record.dev = dev.scores.summary;
      history.push(record);
      await hooks.onEpoch?.(record);
      const value = dev ? dev.scores.summary[metric] : undefined;
      if (dev && value === undefined) throw new TrainingError(`unknown dev metric '${metric}'`);
      if (value === undefined || best === null || value >= best) {
        best = value ?? null;
        bestEpoch = epoch;
        await hooks.onBest?.(record, dev, (split) => evaluator.evaluate(split));
      }
    }
  } finally {
    await program.release();
    await evaluator.release();
  }
  return { history, bestEpoch, bestMetric: best, stoppedEarly: false, interrupted: false };
}
