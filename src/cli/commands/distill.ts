// `bertcnn distill --teacher RUN --train T [--dev D] [--test X] [--unlabeled U] --student cnn-alone|<head>|kim2014
// [--encoder REF --mode frozen|finetune] --out RUN [--alpha A] [--temperature T] [--loss mse|kl] [--augment]`:
// knowledge distillation (Tang et al. 2019) of a trained classification run into a student, which is a normal
// run folder (src/tasks/distill/job.ts) — eval, predict, report, serve, export and web take it unchanged. The
// student's model and training flags are `bertcnn train`'s (the student is `--head`; cnn-alone reads token ids with
// the teacher's tokenizer unless --encoder names another); the teacher's logits over the transfer set are cached
// (default <out>/teacher-logits; --cache DIR: DIR/teacher-logits, shared between students). Settings are saved as RUN/train.json
// (training) and RUN/distill.json (distillation), so --resume continues with them. Ctrl-C: checkpoint, exit 130.
// --student kim2014: Kim's CNN over word vectors with Kim's own flags (--vectors, --variant, …; kim-distill.ts).
// A NER --teacher: a tagger student distilled on the teacher's per-word scores (--crf, --mode words; ner-distill.ts).
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { AUGMENT_DEFAULTS } from '../../tasks/distill/augment.ts';
import { runDistillJob } from '../../tasks/distill/job.ts';
import { DISTANCES } from '../../tasks/distill/loss.ts';
import { openTeacher } from '../../tasks/distill/teacher.ts';
import { int, num } from '../flags.ts';
import { agreementLine, augmentOf, lossOf, transferLine, unlabeledOf, type DistillFlags } from '../distill-options.ts';
import { KIM_STUDENT, runKimDistill } from '../kim-distill.ts';
import { isNerRun, NER_STUDENT, runNerDistill } from '../ner-distill.ts';
import { metricLine } from '../format.ts';
import { toTrainJob } from '../train-job.ts';
import {
  addFlags,
  DATA_FLAGS,
  ENCODER_FLAGS,
  flagValues,
  HEAD_FLAGS,
  kebab,
  OPTION_FLAGS,
  PRESET_FLAGS,
} from '../train-flags.ts';
import { resolveSpec } from '../train-spec.ts';
import { runStudentCommand } from '../student-run.ts';
import { locateEncoderRef } from '../../encoders/run-ref.ts';

/** The train flags a student takes (--head is --student; no --task: the teacher's kind decides; --crf: NER students). */
const FLAGS = [
  ...DATA_FLAGS.filter((f) => f.key !== 'devSplit'),
  ...ENCODER_FLAGS,
  ...HEAD_FLAGS.filter((f) => !['head', 'task'].includes(f.key)),
  ...OPTION_FLAGS,
];

/** Kim's own flags (`bertcnn train --preset kim2014`'s), for --student kim2014. */
const KIM_FLAGS = PRESET_FLAGS.filter((f) => f.key !== 'preset').map((f) => ({
  ...f,
  help: f.help.replace('(--preset kim2014)', `(--student ${KIM_STUDENT})`),
}));

export function registerDistill(program: Command): void {
  const cmd = program
    .command('distill')
    .description('distil a trained classification run (the teacher) into a student run: BERT + CNN → a small CNN');
  addFlags(cmd, [...FLAGS, ...KIM_FLAGS])
    .requiredOption('--teacher <run>', 'the teacher: a trained classification or NER run folder')
    .option(
      '--student <head>',
      `the student model: cnn-alone (token ids, no encoder), a head over --encoder, or ${KIM_STUDENT} (Kim's CNN over word vectors: --vectors, --variant); a NER teacher's: ${NER_STUDENT} (default) or another tagger, over word ids (--mode words) or --encoder (default cnn-alone)`,
    )
    .requiredOption('--out <dir>', 'the student run folder to create')
    .option(
      '--unlabeled <file>',
      'extra texts without labels (teacher term only): lines, or a TSV/CSV/JSONL text column',
    )
    .option('--alpha <a>', 'weight of the hard-label loss; 1 − α weighs the teacher term', (v) => num('--alpha', v), 0)
    .option('--temperature <t>', 'KL temperature (loss kl)', (v) => num('--temperature', v), 1)
    .option('--loss <d>', `distance to the teacher's logits: ${DISTANCES.join('|')}`, 'mse')
    .option('--augment', 'augment the transfer set (Tang et al.: masking, n-gram sampling)')
    .option('--augment-copies <n>', 'augmented copies tried per sentence', (v) => int('--augment-copies', v), 10)
    .option(
      '--mask-prob <p>',
      'augmentation: word masking probability',
      (v) => num('--mask-prob', v),
      AUGMENT_DEFAULTS.maskProb,
    )
    .option(
      '--ngram-prob <p>',
      'augmentation: n-gram sampling probability',
      (v) => num('--ngram-prob', v),
      AUGMENT_DEFAULTS.ngramProb,
    )
    .option('--mask-token <text>', 'augmentation: what a masked word becomes', AUGMENT_DEFAULTS.maskToken)
    .option('--augment-seed <n>', 'augmentation seed (default: --seed)', (v) => int('--augment-seed', v))
    .option('--resume', 'continue the student run in --out from its checkpoint')
    .option('--config <file>', "JSON file of the student's train settings (keys: the flags in camelCase)")
    .option('--json', 'print the result as one JSON object')
    .option('--quiet', 'no progress bars or messages')
    .action((o: Record<string, unknown> & DistillFlags) => runDistill(o));
}

export async function runDistill(o: Record<string, unknown> & DistillFlags): Promise<void> {
  if (o.student === KIM_STUDENT) return runKimDistill(o, FLAGS);
  for (const f of KIM_FLAGS)
    if (o[f.key] !== undefined) throw new UsageError(`--${kebab(f.key)} applies to --student ${KIM_STUDENT} only`);
  if (isNerRun(o.teacher)) return runNerDistill(o, FLAGS);
  const teacher = await openTeacher(o.teacher, (m) => process.stderr.write(`bertcnn: ${m}\n`));
  const flags = flagValues(o, FLAGS);
  const spec = await resolveSpec(
    {
      ...flags,
      head: o.student ?? 'cnn-alone',
      encoder: flags.encoder ?? locateEncoderRef(teacher.config.encoder.ref, o.teacher),
      out: o.out,
      resume: o.resume,
    },
    o.config,
  );
  const job = toTrainJob(spec);
  await runStudentCommand(
    o,
    spec,
    teacher,
    async ({ events, say }) =>
      runDistillJob(
        {
          ...job,
          loss: lossOf(o),
          augment: augmentOf(o, spec.seed),
          unlabeled: await unlabeledOf(o, spec.header),
          logitCache: spec.cache && join(spec.cache, 'teacher-logits'),
        },
        teacher,
        {
          ...events,
          onTransfer: (t) => {
            events.trainingRecords(t.total);
            say(transferLine(t));
          },
        },
        { cacheDir: spec.cache },
      ),
    (r) => ({
      fields: { student: r.config.head.kind, mode: r.config.mode },
      title: (best, epochs) =>
        `${r.config.head.kind} (${r.config.mode}) distilled from ${o.teacher}: best epoch ${best} of ${epochs}`,
      lines: ({ dev, test }, agreement) => [
        ...(dev ? [`  dev   ${metricLine(dev)}`] : []),
        ...(test ? [`  test  ${metricLine(test)}`] : []),
        ...(agreement ? [agreementLine(agreement)] : []),
      ],
      next: `bertcnn report ${o.out}`,
    }),
  );
}
