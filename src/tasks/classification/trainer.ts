// Training a classifier: one compiled training Program (pipeline → logits → task loss + head penalty) driven by
// the task-independent loop (loop.ts: epochs, bucketed batches, optimizer, dev after every epoch, best epoch,
// early stopping, resumable state). Dev is scored with the classification metrics (default: accuracy, or micro F1
// for multi-label) by one Evaluator, compiled once for the run.
import { Program } from '../../engine/program.ts';
import * as op from '../../engine/ops/index.ts';
import type { Param } from '../../engine/param.ts';
import { type ClassificationTask, targetSpec, targetTensor, taskLoss } from './task.ts';
import { defaultMetric } from './scores.ts';
import type { Pipeline } from '../../train/pipeline.ts';
import type { TrainOptions } from '../../train/options.ts';
import { Evaluator, type Evaluation, type LabelledSplit } from './evaluate.ts';
import { runLoop, type ResumeState, type TrainerHooks as LoopHooks, type TrainResult } from '../../train/loop.ts';

export type { EpochRecord, ResumeState, TrainResult } from '../../train/loop.ts';
export type TrainerHooks = LoopHooks<Evaluation>;

/** The training Program's key in ResumeState.programRuns. */
const STEP = 'step';

export async function train(
  pipeline: Pipeline,
  task: ClassificationTask,
  data: { train: LabelledSplit; dev?: LabelledSplit },
  o: TrainOptions,
  hooks: TrainerHooks = {},
  opts: { encoderParams?: Set<Param>; resume?: ResumeState } = {},
): Promise<TrainResult> {
  const metric = o.metric ?? defaultMetric(task);
  const program = await Program.compile({
    label: `${pipeline.mode} training step`,
    training: true,
    seed: o.seed,
    skipRuns: opts.resume?.programRuns?.[STEP] ?? 0,
    inputs: [...pipeline.inputSpecs, targetSpec(task)],
    build(ctx, x) {
      const loss = taskLoss(task, pipeline.build(ctx, x), x.targets!);
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
        lengths: data.train.texts.map((t) => pipeline.length(t)),
        async batch(idx) {
          const feeds = await pipeline.feeds(idx.map((k) => data.train.texts[k]!));
          feeds.targets = targetTensor(
            task,
            idx.map((k) => data.train.y[k]!),
          );
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
