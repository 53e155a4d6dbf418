// Training a classifier: one compiled training Program (pipeline → logits → the objective's loss + head penalty;
// objective.ts: gold labels by default, a teacher's logits for distillation) driven by the task-independent loop
// (loop.ts: epochs, bucketed batches, optimizer, dev after every epoch, best epoch, early stopping, resumable
// state). Dev is scored with the classification metrics (default: accuracy, or micro F1 for multi-label) by one
// Evaluator, compiled once for the run.
import { Program } from '../../engine/program.ts';
import * as op from '../../engine/ops/index.ts';
import type { Param } from '../../engine/param.ts';
import type { ClassificationTask } from './task.ts';
import { goldObjective, type TrainObjective } from './objective.ts';
import { UsageError } from '../../errors.ts';
import { defaultMetric } from './scores.ts';
import type { Pipeline } from '../../train/pipeline.ts';
import type { TrainOptions } from '../../train/options.ts';
import { Evaluator, type Evaluation, type LabelledSplit } from './evaluate.ts';
import { runLoop, type ResumeState, type TrainerHooks as LoopHooks, type TrainResult } from '../../train/loop.ts';

export type { EpochRecord, ResumeState, TrainResult } from '../../train/loop.ts';
export type TrainerHooks = LoopHooks<Evaluation>;

/** The training Program's key in ResumeState.programRuns. */
const STEP = 'step';

/** Training texts, with their gold labels unless the objective brings its own targets. */
export type TrainingRows = { texts: string[]; y?: LabelledSplit['y'] };

function goldLabels(rows: TrainingRows): LabelledSplit['y'] {
  if (!rows.y) throw new UsageError('train: data.train has no labels (y) and no objective was given');
  return rows.y;
}

/**
 * Trains `pipeline` on the rows of `data.train`. The loss is `opts.objective`'s (objective.ts), by default the
 * task's loss on the gold labels `data.train.y`; with an objective of its own (distillation) `y` may be absent.
 */
export async function train(
  pipeline: Pipeline,
  task: ClassificationTask,
  data: { train: TrainingRows; dev?: LabelledSplit },
  o: TrainOptions,
  hooks: TrainerHooks = {},
  opts: { encoderParams?: Set<Param>; resume?: ResumeState; objective?: TrainObjective } = {},
): Promise<TrainResult> {
  const metric = o.metric ?? defaultMetric(task);
  const rows = data.train;
  const objective = opts.objective ?? goldObjective(task, goldLabels(rows));
  const program = await Program.compile({
    label: `${pipeline.mode} training step`,
    training: true,
    seed: o.seed,
    skipRuns: opts.resume?.programRuns?.[STEP] ?? 0,
    inputs: [...pipeline.inputSpecs, ...objective.inputs],
    build(ctx, x) {
      const loss = objective.loss(pipeline.build(ctx, x), x);
      const penalty = pipeline.penalty(ctx);
      return { loss: penalty ? op.add(loss, penalty) : loss };
    },
  });
  const dev = data.dev;
  const evaluator = dev
    ? await Evaluator.create(pipeline, task, o.evalBatchSize).catch(async (e: unknown) => {
        await program.release();
        throw e;
      })
    : null;
  try {
    return await runLoop(
      {
        params: pipeline.parameters(),
        encoderParams: opts.encoderParams ?? new Set(),
        lengths: rows.texts.map((t) => pipeline.length(t)),
        async batch(idx) {
          const feeds = { ...(await pipeline.feeds(idx.map((k) => rows.texts[k]!))), ...objective.feeds(idx) };
          return { program, feeds };
        },
        evaluateDev:
          dev && evaluator
            ? async () => {
                const ev = await evaluator.evaluate(dev);
                return { summary: ev.scores.summary, detail: ev };
              }
            : null,
        metric,
        programRuns: () => ({ [STEP]: program.runs }),
      },
      o,
      hooks,
      opts.resume,
    );
  } finally {
    await program.release();
    await evaluator?.release();
  }
}
