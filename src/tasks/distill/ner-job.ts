// A NER distillation job, as `bertcnn distill` runs it for a NER teacher: the student tagger is trained by the NER
// job runner (ner/job.ts runTaggingJob) with the distillation trainer (ner-trainer.ts), so its folder is the one
// `bertcnn train --task ner` writes — eval, predict, report, serve and export take it — plus distill.json (the
// teacher, α, T, the distance, the augmentation, the unlabeled file, the transfer set's sizes; the same record as
// a classification student's). The student's tag set and scheme are the teacher's: a training file with a tag
// outside them is refused at its line. metrics.json gains `teacher_agreement`: the share of dev/test words the
// student tags as the teacher does (the teacher's tags decoded from its cached scores, under its own CRF).
import type { JobEvents } from '../classification/job.ts';
import type { AssembleOptions } from '../classification/classifier.ts';
import { readTaggedSplit } from '../ner/data.ts';
import { predictTags } from '../ner/evaluate.ts';
import { runTaggingJob, type TaggingJob, type TaggingJobResult } from '../ner/job.ts';
import { assembleTagger } from '../ner/tagger.ts';
import type { AugmentOptions } from './augment.ts';
import { agreement } from './agreement.ts';
import { checkDistillLoss, type DistillLossOptions } from './loss.ts';
import { nerTeacherAbout, nerTeacherEmissions, type NerTeacher } from './ner-teacher.ts';
import { nerDistillTrainer, type NerTransferCounts } from './ner-trainer.ts';
import { runStudentJob, type DistillRecord } from './record.ts';
import type { TeacherLogitCache } from './teacher-cache.ts';

export interface NerDistillJob extends Omit<TaggingJob, 'task'> {
  loss: DistillLossOptions;
  augment?: AugmentOptions;
  /** Sentences without tags (teacher term only), and where they came from. */
  unlabeled?: { name: string; sentences: readonly (readonly string[])[] };
  /** Root of the teacher-output cache (default <out>/teacher-logits). */
  logitCache?: string;
}

export interface NerDistillEvents extends JobEvents {
  onTeacher?(done: number, total: number): void;
  onTransfer?(t: NerTransferCounts): void;
}

export async function runNerDistillJob(
  job: NerDistillJob,
  teacher: NerTeacher,
  ev: NerDistillEvents = {},
  assemble: AssembleOptions = {},
): Promise<TaggingJobResult & { distill: DistillRecord }> {
  checkDistillLoss(job.loss);
  const crf = (job.head.options as { crf?: unknown } | undefined)?.crf === true;
  if (crf && job.loss.alpha === 0)
    ev.onWarning?.(
      '--alpha 0 with a --crf student: its CRF transitions get no training signal (the teacher term reaches the emissions only), so it decodes with untrained transitions; use α > 0 or a student without --crf',
    );
  const { unlabeled, loss: _l, augment: _a, logitCache: _c, ...train } = job;
  return runStudentJob(
    job,
    { id: teacher.id, about: nerTeacherAbout(teacher), rowSize: teacher.task.labels.length },
    ev.onTransfer,
    ({ record, cache }, onTransfer) =>
      runTaggingJob(
        { ...train, task: teacher.task },
        ev,
        assemble,
        nerDistillTrainer({
          loss: record.loss,
          augment: record.augment ?? undefined,
          unlabeled: unlabeled?.sentences,
          teacher,
          cache,
          onTeacher: ev.onTeacher,
          onTransfer,
        }),
      ),
    (cache, r) => wordAgreement(job, teacher, cache, r, assemble),
  );
}

/** Share of dev and test words the student tags as the teacher does. */
async function wordAgreement(
  job: NerDistillJob,
  teacher: NerTeacher,
  cache: TeacherLogitCache,
  r: TaggingJobResult,
  assemble: AssembleOptions,
): Promise<Record<string, number>> {
  const splits = Object.entries({ dev: job.devFile, test: job.testFile }).filter(([, f]) => f !== undefined);
  if (splits.length === 0) return {};
  const student = await assembleTagger(r.config, { ...assemble, runDir: job.out });
  const out: Record<string, number> = {};
  try {
    for (const [name, file] of splits) {
      const { split } = await readTaggedSplit(file!, teacher.task.labels, {
        conll: job.conll,
        unknownLabel: job.unknownLabel,
      });
      await student.pipeline.prepare(split.words);
      const mine = await predictTags(student.pipeline, student.task, split.words, r.config.train.evalBatchSize);
      const { rows } = await nerTeacherEmissions(teacher, split.words, cache);
      const theirs: string[] = [];
      for (const [k, words] of split.words.entries()) theirs.push(...(await teacher.tags(words, rows[k]!)));
      out[name] = agreement(
        mine.tags.flat().map((t) => teacher.task.labels.indexOf(t)),
        theirs.map((t) => teacher.task.labels.indexOf(t)),
      );
    }
  } finally {
    await student.release();
  }
  return out;
}
