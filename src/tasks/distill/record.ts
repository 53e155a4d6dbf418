// The distillation side of a student's run folder, the same for every student (job.ts for classification
// students, presets/kim2014/distill.ts for Kim's CNN):
//   distill.json     the teacher (folder and content id), α, T, the distance, the augmentation settings and seed,
//                    the unlabeled file and the transfer set's sizes — written before training and again after it
//   teacher-logits/  the content-addressed logit cache (teacher-cache.ts), unless another root is given
// On --resume the saved record's settings apply, and a different teacher is refused.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../errors.ts';
import { writeJson } from '../../train/run-dir.ts';
import { outputSize } from '../classification/task.ts';
import type { AugmentOptions } from './augment.ts';
import { checkAugment } from './augment.ts';
import { checkDistillLoss, type DistillLossOptions } from './loss.ts';
import { TeacherLogitCache } from './teacher-cache.ts';
import { teacherAbout, type Teacher } from './teacher.ts';
import type { TransferSet } from './transfer-set.ts';

export const DISTILL_FILE = 'distill.json';

export interface DistillRecord {
  format: 'bertcnn-distill';
  version: 1;
  teacher: Record<string, unknown>;
  loss: DistillLossOptions;
  augment: AugmentOptions | null;
  unlabeled: string | null;
  transfer?: TransferSet['counts'] & { teacherComputed: number };
}

export interface DistillRunSettings {
  loss: DistillLossOptions;
  augment?: AugmentOptions;
  /** Name of the unlabeled texts' file. */
  unlabeled?: string;
  /** Root of the teacher-logit cache (default <out>/teacher-logits). */
  logitCache?: string;
}

export interface DistillRun {
  record: DistillRecord;
  cache: TeacherLogitCache;
  /** Writes distill.json (atomically) as `record` is now. */
  save(): Promise<void>;
}

/** A teacher as distill.json and the cache see it: its content id, what to record about it, values per cached
 *  row (logits per text; a NER teacher's tags per word). */
export interface TeacherRecord {
  id: string;
  about: Record<string, unknown>;
  rowSize: number;
}

/** Checks the settings, writes (or, resuming, reads back) distill.json in `out` and opens the logit cache. */
export async function openDistillRun(
  out: string,
  teacher: Teacher,
  s: DistillRunSettings,
  resume: boolean,
): Promise<DistillRun> {
  checkDistillLoss(s.loss, teacher.task);
  return openTeacherRun(
    out,
    { id: teacher.id, about: teacherAbout(teacher), rowSize: outputSize(teacher.task) },
    s,
    resume,
  );
}

/** openDistillRun for any teacher (NER teachers: ner-job.ts); the loss settings are checked by the caller. */
export async function openTeacherRun(
  out: string,
  teacher: TeacherRecord,
  s: DistillRunSettings,
  resume: boolean,
): Promise<DistillRun> {
  if (s.augment) checkAugment(s.augment);
  const path = join(out, DISTILL_FILE);
  const resuming = resume && existsSync(path);
  const record: DistillRecord = resuming
    ? (JSON.parse(await readFile(path, 'utf8')) as DistillRecord)
    : {
        format: 'bertcnn-distill',
        version: 1,
        teacher: teacher.about,
        loss: s.loss,
        augment: s.augment ?? null,
        unlabeled: s.unlabeled ?? null,
      };
  if (resuming && record.teacher.id !== teacher.id)
    throw new UsageError(`${out} was distilled from teacher ${String(record.teacher.id)}; --teacher is ${teacher.id}`);
  await mkdir(out, { recursive: true });
  const save = () => writeJson(path, record);
  await save();
  const cache = await TeacherLogitCache.open(
    s.logitCache ?? join(out, 'teacher-logits'),
    teacher.id,
    teacher.rowSize,
    teacher.about,
  );
  return { record, cache, save };
}

/** A student job's result as the frame below needs it: interrupted or not, and its metrics.json content. */
export interface StudentJobResult {
  result: { interrupted: boolean };
  metrics: Record<string, unknown>;
}

/** The frame of a trained student's job (classification students: job.ts; tagger students: ner-job.ts):
 *  refuses an occupied --out, opens distill.json and the cache, trains with `train` (whose onTransfer records the
 *  transfer set's sizes), saves distill.json, and — unless interrupted — adds `teacher_agreement` (by split) to
 *  metrics.json. */
export async function runStudentJob<R extends StudentJobResult>(
  job: { out: string; resume?: boolean; unlabeled?: { name: string } } & Omit<DistillRunSettings, 'unlabeled'>,
  teacher: TeacherRecord,
  onTransfer: ((t: NonNullable<DistillRecord['transfer']>) => void) | undefined,
  train: (run: DistillRun, onTransfer: (t: NonNullable<DistillRecord['transfer']>) => void) => Promise<R>,
  agreementOf: (cache: TeacherLogitCache, r: R) => Promise<Record<string, number>>,
): Promise<R & { distill: DistillRecord }> {
  if (!job.resume && existsSync(join(job.out, 'config.json')))
    throw new UsageError(`${job.out} already holds a run; use --resume to continue it or choose another --out`);
  const run = await openTeacherRun(
    job.out,
    teacher,
    { loss: job.loss, augment: job.augment, unlabeled: job.unlabeled?.name, logitCache: job.logitCache },
    job.resume === true,
  );
  const r = await train(run, (t) => {
    run.record.transfer = t;
    onTransfer?.(t);
  });
  await run.save();
  if (r.result.interrupted) return { ...r, distill: run.record };
  const agree = await agreementOf(run.cache, r);
  if (Object.keys(agree).length > 0) {
    r.metrics.teacher_agreement = agree;
    await writeJson(join(job.out, 'metrics.json'), r.metrics);
  }
  return { ...r, distill: run.record };
}
