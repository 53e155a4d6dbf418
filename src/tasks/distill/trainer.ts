// Training a student by distillation: the classification trainer (classification/trainer.ts) with the
// distillation loss (loss.ts) over the transfer set (transfer-set.ts). A JobTrainer, so runTrainingJob runs it and
// the student's run folder is exactly the one `bertcnn train` writes for that model (config.json, labels.json,
// model.safetensors, metrics.json, checkpoints, resume). The teacher's logits come from the logit cache, computed
// once (teacher.ts); frozen students get encoder features for the extra texts before training.
// Program inputs: the pipeline's, then `targets` [B] (α > 0; −100 / 0 for texts without a label), `labelled` [B]
// (α > 0 and some texts unlabeled) and `teacher` [B, K] (α < 1).
import { Program } from '../../engine/program.ts';
import * as op from '../../engine/ops/index.ts';
import type { HostTensor } from '../../engine/tensor.ts';
import type { InputSpec } from '../../engine/session.ts';
import { runLoop } from '../../train/loop.ts';
import { Evaluator } from '../classification/evaluate.ts';
import type { JobTrainer } from '../classification/job.ts';
import { defaultMetric } from '../classification/scores.ts';
import { outputSize, targetSpec, targetTensor } from '../classification/task.ts';
import type { AugmentOptions } from './augment.ts';
import { distillLoss, type DistillLossOptions } from './loss.ts';
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
    const K = outputSize(task);
    const teacher = alpha < 1 ? await teacherLogits(s.teacher, set.texts, s.cache, { onProgress: s.onTeacher }) : null;
    s.onTransfer?.({ ...set.counts, teacherComputed: teacher?.computed ?? 0 });
    if (clf.source) await clf.source.prepare(set.texts.slice(set.counts.labelled));
    const masked = alpha > 0 && set.y.some((v) => v === null);
    const inputs: InputSpec[] = [...pipeline.inputSpecs];
    if (alpha > 0) inputs.push(targetSpec(task));
    if (masked) inputs.push({ name: 'labelled', dtype: 'float32', shape: ['B'] });
    if (teacher) inputs.push({ name: 'teacher', dtype: 'float32', shape: ['B', K] });
    const program = await Program.compile({
      label: `${pipeline.mode} distillation step`,
      training: true,
      seed: o.seed,
      skipRuns: resume?.programRuns?.[STEP] ?? 0,
      inputs,
      build(ctx, x) {
        const loss = distillLoss(task, pipeline.build(ctx, x), x, s.loss);
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
            const feeds: Record<string, HostTensor> = await pipeline.feeds(idx.map((k) => set.texts[k]!));
            const none = task.kind === 'multiclass' ? -100 : 0;
            if (alpha > 0)
              feeds.targets = targetTensor(
                task,
                idx.map((k) => set.y[k] ?? none),
              );
            if (masked)
              feeds.labelled = {
                dtype: 'float32',
                shape: [idx.length],
                data: Float32Array.from(idx, (k) => (set.y[k] === null ? 0 : 1)),
              };
            if (teacher) {
              const t = new Float32Array(idx.length * K); // [B, K]
              idx.forEach((k, b) => t.set(teacher.logits.subarray(k * K, (k + 1) * K), b * K));
              feeds.teacher = { dtype: 'float32', shape: [idx.length, K], data: t };
            }
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
