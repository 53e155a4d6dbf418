// Trains a KimCnn with the kim2014 recipe on the project's one loop (src/train/loop.ts), every variant:
//   each epoch: seeded length-bucketed batches → one compiled training Program step → the engine's Adadelta
//   (ρ, ε 1e-6, lr) on the dense parameters (conv filters, biases, softmax layer) → afterStep: the lazy sparse
//   Adadelta on trainable batch-rows tables (src/tasks/kim/row-table.ts; exactly dense Adadelta, at the cost of
//   the rows a batch uses) → the loop's max-norm on the softmax layer's weight rows → dev accuracy → a new best
//   when dev ≥ the best so far (ties: 'later', Kim's `>=`) → onBest, where the caller measures test with the
//   same Evaluator (one inference Program for the whole run).
// The loss is the objective's: Kim's cross-entropy on hard labels by default, or a distillation objective
// (tasks/distill/objective.ts: hard labels and the teacher's logits) for `bertcnn distill --student kim2014`.
// Gradient clipping, schedules, weight decay and other optimizers would not reach the sparse tables, so they
// are refused (UsageError).
import { UsageError } from '../../errors.ts';
import { Program } from '../../engine/program.ts';
import type { Param } from '../../engine/param.ts';
import type { ClassificationTask } from '../../tasks/classification/task.ts';
import type { KimCnn } from '../../tasks/kim/model.ts';
import { Evaluator, type Evaluation, type LabelledSplit } from '../../tasks/classification/evaluate.ts';
import { runLoop, type EpochRecord, type TrainResult } from '../../train/loop.ts';
import type { TrainOptions } from '../../train/options.ts';
import type { Pipeline } from '../../train/pipeline.ts';
import { goldObjective, type TrainObjective } from '../../tasks/classification/objective.ts';

export interface KimHooks {
  onEpoch?(e: EpochRecord): void | Promise<void>;
  /** A new best dev epoch (parameters are the current ones); `evaluate` scores any split with them. */
  onBest?(
    e: EpochRecord,
    dev: Evaluation | null,
    evaluate: (split: LabelledSplit) => Promise<Evaluation>,
  ): Promise<void>;
  /** Polled between steps (Ctrl-C): the loop stops and the result says interrupted. */
  shouldStop?(): boolean;
}

/** Adadelta's ε in Kim's code (and the engine's default). */
export const KIM_EPS = 1e-6;

export async function trainKim(
  model: KimCnn,
  pipeline: Pipeline,
  task: ClassificationTask,
  data: { train: LabelledSplit; dev?: LabelledSplit },
  o: TrainOptions,
  hooks: KimHooks = {},
  opts: { threads?: number; objective?: TrainObjective } = {},
): Promise<TrainResult> {
  if (o.optimizer !== 'adadelta' || o.clipNorm > 0 || o.schedule !== 'constant' || o.weightDecay > 0) {
    throw new UsageError(
      'the kim2014 preset trains with adadelta, no clipping, a constant schedule and no weight decay',
    );
  }
  const sparse = model.channels.filter((c) => c.trainable && !c.identity);
  const rowParams = new Set<Param>(sparse.map((c) => c.rows));
  const objective = opts.objective ?? goldObjective(task, data.train.y);
  const program = await Program.compile({
    label: 'kim training step',
    training: true,
    seed: o.seed,
    threads: opts.threads,
    inputs: [...pipeline.inputSpecs, ...objective.inputs],
    build: (ctx, x) => ({ loss: objective.loss(pipeline.build(ctx, x), x) }),
  });
  const evaluator = await Evaluator.create(pipeline, task, o.evalBatchSize, opts.threads);
  const slot = new Map(program.trainable.map((p, i) => [p, i])); // gradient index of each graph parameter
  const dev = data.dev;
  try {
    return await runLoop(
      {
        params: pipeline.parameters().filter((p) => !rowParams.has(p)),
        encoderParams: new Set(),
        lengths: data.train.texts.map((t) => pipeline.length(t)),
        async batch(idx) {
          const feeds = await pipeline.feeds(idx.map((k) => data.train.texts[k]!));
          return { program, feeds: { ...feeds, ...objective.feeds(idx) } };
        },
        evaluateDev: dev
          ? async () => {
              const ev = await evaluator.evaluate(dev);
              return { summary: ev.scores.summary, detail: ev };
            }
          : null,
        metric: o.metric ?? 'accuracy',
        programRuns: () => ({ step: program.runs }),
        ties: 'later',
        afterStep(r, _program, step) {
          for (const c of sparse) c.adadelta(r.grads[slot.get(c.rows)!]!, step, o.rho, KIM_EPS);
        },
      },
      o,
      {
        onEpoch: hooks.onEpoch,
        onBest: (e, d) => hooks.onBest?.(e, d, (split) => evaluator.evaluate(split)) ?? Promise.resolve(),
        shouldStop: hooks.shouldStop,
      },
    );
  } finally {
    await program.release();
    await evaluator.release();
  }
}
