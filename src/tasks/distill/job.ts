// A distillation job, as `bertcnn distill` runs it: the student is trained by the classification job runner
// (classification/job.ts runTrainingJob) with the distillation trainer (trainer.ts), so its run folder is the one
// `bertcnn train` writes for that student — eval, predict, report, serve, export and web take it unchanged —
// plus distill.json: the teacher (folder and content id), α, T, the distance, the augmentation settings and seed,
// the unlabeled file and the transfer set's sizes. The student's labels are the teacher's, in the teacher's order.
// metrics.json gains `teacher_agreement` (share of dev/test texts decided as the teacher decides).
// The teacher's logits live in a content-addressed cache (teacher-cache.ts; default <out>/teacher-logits), so
// --resume, a re-run or another student over the same texts reuses them.
import { readSplit } from '../classification/data.ts';
import { assembleClassifier, type AssembleOptions } from '../classification/classifier.ts';
import { predict } from '../classification/evaluate.ts';
import { outputSize } from '../classification/task.ts';
import { runTrainingJob, type JobEvents, type JobResult, type TrainJob } from '../classification/job.ts';
import type { DataInput } from '../../data/lines.ts';
import { agreementWithTeacher } from './agreement.ts';
import type { AugmentOptions } from './augment.ts';
import { checkDistillLoss, type DistillLossOptions } from './loss.ts';
import { runStudentJob, type DistillRecord } from './record.ts';
import type { TeacherLogitCache } from './teacher-cache.ts';
import { teacherAbout, type Teacher } from './teacher.ts';
import { distillTrainer } from './trainer.ts';
import type { TransferSet } from './transfer-set.ts';

export { DISTILL_FILE, type DistillRecord } from './record.ts';

export interface DistillJob extends Omit<TrainJob, 'labels' | 'task'> {
  loss: DistillLossOptions;
  augment?: AugmentOptions;
  /** Texts without labels (teacher term only), and where they came from. */
  unlabeled?: { name: string; texts: readonly string[] };
  /** Root of the teacher-logit cache (default <out>/teacher-logits). */
  logitCache?: string;
}

export interface DistillEvents extends JobEvents {
  onTeacher?(done: number, total: number): void;
  onTransfer?(t: TransferSet['counts'] & { teacherComputed: number }): void;
}

export async function runDistillJob(
  job: DistillJob,
  teacher: Teacher,
  ev: DistillEvents = {},
  assemble: AssembleOptions = {},
): Promise<JobResult & { distill: DistillRecord }> {
  checkDistillLoss(job.loss, teacher.task);
  const { unlabeled, loss: _l, augment: _a, logitCache: _c, ...train } = job;
  return runStudentJob(
    job,
    { id: teacher.id, about: teacherAbout(teacher), rowSize: outputSize(teacher.task) },
    ev.onTransfer,
    ({ record, cache }, onTransfer) =>
      runTrainingJob(
        { ...train, labels: teacher.labels, task: teacher.task.kind },
        ev,
        assemble,
        distillTrainer({
          loss: record.loss,
          augment: record.augment ?? undefined,
          unlabeled: unlabeled?.texts,
          teacher,
          cache,
          onTeacher: ev.onTeacher,
          onTransfer,
        }),
      ),
    (cache, r) => teacherAgreement(job, teacher, cache, r, assemble),
  );
}

/** Share of dev and test texts the student decides as the teacher does. */
async function teacherAgreement(
  job: DistillJob,
  teacher: Teacher,
  cache: TeacherLogitCache,
  r: JobResult,
  assemble: AssembleOptions,
): Promise<Record<string, number>> {
  const splits = Object.entries({ dev: job.devFile, test: job.testFile }).filter(
    (e): e is [string, DataInput] => e[1] !== undefined,
  );
  if (splits.length === 0) return {};
  const clf = await assembleClassifier(r.config, { ...assemble, runDir: job.out });
  const out: Record<string, number> = {};
  try {
    for (const [name, input] of splits) {
      const { split } = await readSplit(input, teacher.labels, job.read ?? {}, job.unknownLabel ?? 'error', name);
      if (clf.source) await clf.source.prepare(split.texts);
      const student = await predict(clf.pipeline, clf.task, split.texts, r.config.train.evalBatchSize);
      out[name] = await agreementWithTeacher(teacher, cache, split.texts, student.decisions as number[]);
    }
  } finally {
    await clf.release();
  }
  return out;
}
