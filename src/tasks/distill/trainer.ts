// Training a student by distillation: the classification trainer (classification/trainer.ts `train`) with the
// distillation objective (objective.ts: the loss of loss.ts and its feeds) over the transfer set (transfer-set.ts),
// so α = 1 trains exactly as `bertcnn train`. A JobTrainer, so runTrainingJob runs it and the student's run folder
// is exactly the one `bertcnn train` writes for that model (config.json, labels.json, model.safetensors,
// metrics.json, checkpoints, resume). The teacher's logits come from the logit cache, computed once (teacher.ts); frozen students get encoder
// features for the extra texts before training.
import type { JobTrainer } from '../classification/job.ts';
import { train } from '../classification/trainer.ts';
import type { AugmentOptions } from './augment.ts';
import type { DistillLossOptions } from './loss.ts';
import { distillObjective } from './objective.ts';
import type { TeacherLogitCache } from './teacher-cache.ts';
import { teacherLogits, type Teacher } from './teacher.ts';
import { buildTransferSet, type TransferSet } from './transfer-set.ts';

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
    const rows = { texts: set.texts };
    return train(pipeline, task, { train: rows, dev: data.dev }, o, hooks, {
      encoderParams: clf.encoderParams,
      resume,
      objective,
    });
  };
}
