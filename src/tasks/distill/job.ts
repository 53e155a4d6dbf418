// A distillation job, as `bertcnn distill` runs it: the student is trained by the classification job runner
// (classification/job.ts runTrainingJob) with the distillation trainer (trainer.ts), so its run folder is the one
// `bertcnn train` writes for that student — eval, predict, report, serve, export and web take it unchanged —
// plus distill.json: the teacher (folder and content id), α, T, the distance, the augmentation settings and seed,
// the unlabeled file and the transfer set's sizes. The student's labels are the teacher's, in the teacher's order.
// metrics.json gains `teacher_agreement` (share of dev/test texts decided as the teacher decides).
// The teacher's logits live in a content-addressed cache (teacher-cache.ts; default <out>/teacher-logits), so
// --resume, a re-run or another student over the same texts reuses them.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../errors.ts';
import { readSplit } from '../classification/data.ts';
import { assembleClassifier, type AssembleOptions } from '../classification/classifier.ts';
import { predict } from '../classification/evaluate.ts';
import { outputSize } from '../classification/task.ts';
import { runTrainingJob, type JobEvents, type JobResult, type TrainJob } from '../classification/job.ts';
import { writeJson } from '../../train/run-dir.ts';
import type { DataInput } from '../../data/lines.ts';
import { agreement, decisionsOfLogits } from './agreement.ts';
import { checkAugment, type AugmentOptions } from './augment.ts';
import { checkDistillLoss, type DistillLossOptions } from './loss.ts';
import { TeacherLogitCache } from './teacher-cache.ts';
import { teacherAbout, teacherLogits, type Teacher } from './teacher.ts';
import { distillTrainer } from './trainer.ts';
import type { TransferSet } from './transfer-set.ts';

export const DISTILL_FILE = 'distill.json';

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

export interface DistillRecord {
  format: 'bertcnn-distill';
  version: 1;
  teacher: Record<string, unknown>;
  loss: DistillLossOptions;
  augment: AugmentOptions | null;
  unlabeled: string | null;
  transfer?: TransferSet['counts'] & { teacherComputed: number };
}

export async function runDistillJob(
  job: DistillJob,
  teacher: Teacher,
  ev: DistillEvents = {},
  assemble: AssembleOptions = {},
): Promise<JobResult & { distill: DistillRecord }> {
  checkDistillLoss(job.loss, teacher.task);
  if (job.augment) checkAugment(job.augment);
  const recordPath = join(job.out, DISTILL_FILE);
  const resuming = job.resume === true && existsSync(recordPath);
  if (!job.resume && existsSync(join(job.out, 'config.json')))
    throw new UsageError(`${job.out} already holds a run; use --resume to continue it or choose another --out`);
  const record: DistillRecord = resuming
    ? (JSON.parse(await readFile(recordPath, 'utf8')) as DistillRecord)
    : {
        format: 'bertcnn-distill',
        version: 1,
        teacher: teacherAbout(teacher),
        loss: job.loss,
        augment: job.augment ?? null,
        unlabeled: job.unlabeled?.name ?? null,
      };
  if (resuming && record.teacher.id !== teacher.id)
    throw new UsageError(
      `${job.out} was distilled from teacher ${String(record.teacher.id)}; --teacher is ${teacher.id}`,
    );
  await mkdir(job.out, { recursive: true });
  await writeJson(recordPath, record);
  const cache = await TeacherLogitCache.open(
    job.logitCache ?? join(job.out, 'teacher-logits'),
    teacher.id,
    outputSize(teacher.task),
    teacherAbout(teacher),
  );
  const trainer = distillTrainer({
    loss: record.loss,
    augment: record.augment ?? undefined,
    unlabeled: job.unlabeled?.texts,
    teacher,
    cache,
    onTeacher: ev.onTeacher,
    onTransfer: (t) => {
      record.transfer = t;
      ev.onTransfer?.(t);
    },
  });
  const { unlabeled: _u, loss: _l, augment: _a, logitCache: _c, ...train } = job;
  const r = await runTrainingJob({ ...train, labels: teacher.labels, task: teacher.task.kind }, ev, assemble, trainer);
  await writeJson(recordPath, record);
  if (r.result.interrupted) return { ...r, distill: record };
  const agree = await teacherAgreement(job, teacher, cache, r, assemble);
  if (Object.keys(agree).length > 0) {
    r.metrics.teacher_agreement = agree;
    await writeJson(join(job.out, 'metrics.json'), r.metrics);
  }
  return { ...r, distill: record };
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
      const t = await teacherLogits(teacher, split.texts, cache);
      out[name] = agreement(
        student.decisions as number[],
        decisionsOfLogits(teacher.task, t.logits, split.texts.length),
      );
    }
  } finally {
    await clf.release();
  }
  return out;
}
