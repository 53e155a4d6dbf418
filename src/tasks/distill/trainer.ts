// Training a student by distillation: the classification trainer (classification/trainer.ts) with the
// distillation objective (objective.ts: the loss of loss.ts and its feeds) over the transfer set
// (transfer-set.ts). A JobTrainer, so runTrainingJob runs it and the student's run folder is exactly the one
// `bertcnn train` writes for that model (config.json, labels.json, model.safetensors, metrics.json, checkpoints,
// resume). The teacher's logits come from the logit cache, computed once (teacher.ts); frozen students get encoder
// features for the extra texts before training.
// Program inputs: the pipeline's, then the objective's (objective.ts).
import { Program } from '../../engine/program.ts';
import * as op from '../../engine/ops/index.ts';
import type { HostTensor } from '../../engine/tensor.ts';
import type { InputSpec } from '../../engine/session.ts';
import { runLoop } from '../../train/loop.ts';
import { Evaluator } from '../classification/evaluate.ts';
import type { JobTrainer } from '../classification/job.ts';
import { defaultMetric } from '../classification/scores.ts';
import type { AugmentOptions } from './augment.ts';
import type { DistillLossOptions } from './loss.ts';
import { distillObjective } from './objective.ts';
import type { TeacherLogitCache } from './teacher-cache.ts';
import { teacherLogits, type Teacher } from './teacher.ts';
import { buildTransferSet, type TransferSet } from './transfer-set.ts';

/** The training Program's key in ResumeState.programRuns (the classification trainer's, so α = 1 matches it). */
const STEP = 'step';

export interface DistillSettings {
  loss: DistillLossOptions;
  augment?: AugmentOptions;
  unlabeled?: readonly string[];
  teacher: Pick<Teacher, 'logits' | 'task'>;
  cache: TeacherLogitCache;
  onTeacher?(done: number, total: number): void;
  /** The transfer set's sizes and how many texts the teacher scored (the rest came from the cache). */
  onTransfer?(t: TransferSet['counts'] & { teacherComputed: number }): void;
}

export function distillTrainer(s: DistillSettings): JobTrainer {
  return async (clf, task, data, o, hooks, resume) => {
    const { alpha } = s.loss;
    const pipeline = clf.pipeline;
    const set = buildTransferSet(data.train, { alpha, augment: s.augment, unlabeled: s.unlabeled });
    const teacher = alpha < 1 ? await teacherLogits(s.teacher, set.texts, s.cache, { onProgress: s.onTeacher }) : null;
    s.onTransfer?.({ ...set.counts, teacherComputed: teacher?.computed ?? 0 });
    if (clf.source) await clf.source.prepare(set.texts.slice(set.counts.labelled));
    const objective = distillObjective({ task, y: set.y, teacher: teacher?.logits ?? null, loss: s.loss });
    const inputs: InputSpec[] = [...pipeline.inputSpecs, ...objective.inputs];
    const program = await Program.compile({
      label: `${pipeline.mode} distillation step`,
      training: true,
      seed: o.seed,
      skipRuns: resume?.programRuns?.[STEP] ?? 0,
      inputs,
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
          encoderParams: clf.encoderParams,
          lengths: set.texts.map((t) => pipeline.length(t)),
          async batch(idx) {
            const rows = idx.map((k) => set.texts[k]!);
            const feeds: Record<string, HostTensor> = { ...(await pipeline.feeds(rows)), ...objective.feeds(idx) };
            return { program, feeds };
          },
          evaluateDev:
            dev && evaluator
              ? async () => {
                  const ev = await evaluator.evaluate(dev);
                  return { summary: ev.scores.summary, detail: ev };
                }
              : null,
          metric: o.metric ?? defaultMetric(task),
          programRuns: () => ({ [STEP]: program.runs }),
        },
        o,
        hooks,
        resume,
      );
    } finally {
      await program.release();
      await evaluator?.release();
    }
  };
}
