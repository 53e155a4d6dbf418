// `bertcnn distill --teacher NER_RUN --train T.conll [--dev D] [--test X] [--unlabeled U] [--augment]
// [--student tagger-linear|tagger-cnn|tagger-bilstm] [--crf] [--mode words|frozen|finetune] --out RUN`: a tagger
// student distilled from a NER run on the teacher's per-word scores (src/tasks/distill/ner-job.ts). The student's
// model and training flags are `bertcnn train --task ner`'s: by default tagger-cnn over word ids (--mode words,
// --init-embeddings allowed); with --encoder (or --mode frozen|finetune) a tagger over that encoder's features
// (default: the teacher's encoder). --unlabeled: raw sentences, one a line, or a CoNLL file (tags ignored). The
// distillation flags are every student's (distill-options.ts). --cache DIR: the teacher's scores in
// DIR/teacher-logits (shared between students), and a frozen student's encoder features. --resume continues from the checkpoint; Ctrl-C: checkpoint, exit 130.
import { join } from 'node:path';
import { locateEncoderRef } from '../encoders/run-ref.ts';
import { runKind } from '../runs/kind.ts';
import { runNerDistillJob } from '../tasks/distill/ner-job.ts';
import { openNerTeacher } from '../tasks/distill/ner-teacher.ts';
import { readUnlabeledSentences } from '../tasks/distill/ner-unlabeled.ts';
import { TAGGING_METRICS } from '../tasks/ner/scores.ts';
import { agreementLine, augmentOf, lossOf, transferLine, type DistillFlags } from './distill-options.ts';
import { metricLine } from './format.ts';
import { flagValues, type FlagDef } from './train-flags.ts';
import { toTaggingJob } from './train-job.ts';
import { resolveSpec } from './train-spec.ts';
import { runStudentCommand } from './student-run.ts';

/** Whether `dir` holds a NER run (a folder that is no run at all is left to the classification teacher's errors). */
export function isNerRun(dir: string): boolean {
  try {
    return runKind(dir) === 'ner';
  } catch {
    return false;
  }
}

/** The default student of a NER teacher. */
export const NER_STUDENT = 'tagger-cnn';

export async function runNerDistill(
  o: Record<string, unknown> & DistillFlags,
  flagDefs: readonly FlagDef[],
): Promise<void> {
  const notice = (m: string) => process.stderr.write(`bertcnn: ${m}\n`);
  const teacher = await openNerTeacher(o.teacher, notice);
  const { cache, ...flags } = flagValues(o, flagDefs);
  const overEncoder = flags.encoder !== undefined || (flags.mode !== undefined && flags.mode !== 'words');
  const spec = await resolveSpec(
    {
      ...flags,
      cache: overEncoder ? cache : undefined, // encoder features; --mode words has none
      task: 'ner',
      head: o.student ?? NER_STUDENT,
      mode: flags.mode ?? (overEncoder ? undefined : 'words'),
      encoder: overEncoder ? (flags.encoder ?? locateEncoderRef(teacher.config.encoder.ref, o.teacher)) : undefined,
      out: o.out,
      resume: o.resume,
    },
    o.config,
  );
  const job = toTaggingJob(spec);
  await runStudentCommand(
    o,
    spec,
    teacher,
    async ({ events, say }) =>
      runNerDistillJob(
        {
          ...job,
          loss: lossOf(o),
          augment: augmentOf(o, spec.seed),
          unlabeled: o.unlabeled
            ? { name: o.unlabeled, sentences: await readUnlabeledSentences(o.unlabeled, job.conll) }
            : undefined,
          logitCache: typeof cache === 'string' ? join(cache, 'teacher-logits') : undefined,
        },
        teacher,
        {
          ...events,
          onTeacher: (done, total) => say(`teacher: ${done} of ${total} sentences scored`),
          onTransfer: (t) => {
            events.trainingRecords(t.total);
            say(transferLine(t).replace(' texts (', ' sentences ('));
          },
        },
        { cacheDir: spec.cache },
      ),
    (r) => {
      const crf = r.config.head.options.crf === true;
      return {
        fields: { task: 'ner', student: r.config.head.kind, crf, mode: r.config.mode },
        title: (best, epochs) =>
          `${r.config.head.kind}${crf ? ' + CRF' : ''} (${r.config.mode}) distilled from ${o.teacher}: best epoch ${best} of ${epochs}`,
        lines: ({ dev, test }, agreement) => [
          ...(dev ? [`  dev   ${metricLine(dev, TAGGING_METRICS)}  (entity-level, micro)`] : []),
          ...(test ? [`  test  ${metricLine(test, TAGGING_METRICS)}`] : []),
          ...(agreement
            ? [agreementLine(agreement).replace('agrees with the teacher:', 'tags words as the teacher does:')]
            : []),
        ],
        next: `bertcnn predict ${o.out} --input FILE`,
      };
    },
  );
}
