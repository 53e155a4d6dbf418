// `bertcnn distill --teacher NER_RUN --train T.conll [--dev D] [--test X] [--unlabeled U] [--augment]
// [--student tagger-linear|tagger-cnn|tagger-bilstm] [--crf] [--mode words|frozen|finetune] --out RUN`: a tagger
// student distilled from a NER run on the teacher's per-word scores (src/tasks/distill/ner-job.ts). The student's
// model and training flags are `bertcnn train --task ner`'s: by default tagger-cnn over word ids (--mode words,
// --init-embeddings allowed); with --encoder (or --mode frozen|finetune) a tagger over that encoder's features
// (default: the teacher's encoder). --unlabeled: raw sentences, one a line, or a CoNLL file (tags ignored). The
// distillation flags are every student's (distill-options.ts). --cache DIR: the teacher's scores in
// DIR/teacher-logits (shared between students), and a frozen student's encoder features. --resume continues from the checkpoint; Ctrl-C: checkpoint, exit 130.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { locateEncoderRef } from '../encoders/run-ref.ts';
import { UsageError } from '../errors.ts';
import { runKind } from '../runs/kind.ts';
import { runNerDistillJob } from '../tasks/distill/ner-job.ts';
import { openNerTeacher } from '../tasks/distill/ner-teacher.ts';
import { readUnlabeledSentences } from '../tasks/distill/ner-unlabeled.ts';
import { TAGGING_METRICS } from '../tasks/ner/scores.ts';
import { writeJson } from '../train/run-dir.ts';
import { lockRun } from '../train/run-lock.ts';
import { agreementLine, augmentOf, lossOf, transferLine, type DistillFlags } from './distill-options.ts';
import { metricLine } from './format.ts';
import { CliExit, INTERRUPTED, watchInterrupt } from './interrupt.ts';
import { printRunFooter, runOutcome } from './run-outcome.ts';
import { trainEvents } from './train-events.ts';
import { flagValues, type FlagDef } from './train-flags.ts';
import { toTaggingJob } from './train-job.ts';
import { resolveSpec } from './train-spec.ts';

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
  const out = o.out;
  const holdsRun = () => existsSync(join(out, 'config.json'));
  if (!o.resume && holdsRun())
    throw new UsageError(`${out} already holds a run; use --resume to continue it or choose another --out`);
  const unlabeled = o.unlabeled
    ? { name: o.unlabeled, sentences: await readUnlabeledSentences(o.unlabeled, job.conll) }
    : undefined;
  const created = !existsSync(out);
  await mkdir(out, { recursive: true });
  const lock = lockRun(out, notice);
  const { resume: _r, ...settings } = spec;
  await writeJson(join(out, 'train.json'), settings);
  const intr = watchInterrupt();
  const quiet = o.quiet === true || o.json === true;
  const events = trainEvents({ quiet, epochs: spec.epochs, batchSize: spec.batchSize, stopped: intr.stopped });
  const say = (s: string) => (quiet ? undefined : process.stderr.write(`${s}\n`));
  const started = performance.now();
  try {
    const r = await runNerDistillJob(
      {
        ...job,
        loss: lossOf(o),
        augment: augmentOf(o, spec.seed),
        unlabeled,
        logitCache: typeof cache === 'string' ? join(cache, 'teacher-logits') : undefined,
      },
      teacher,
      {
        ...events,
        onTeacher: (done, total) => say(`teacher: ${done} of ${total} sentences scored`),
        onTransfer: (t) => say(transferLine(t).replace(' texts (', ' sentences (')),
      },
      { cacheDir: spec.cache },
    );
    events.finish();
    if (r.result.interrupted)
      throw new CliExit(
        INTERRUPTED,
        `interrupted; checkpoint saved in ${join(out, 'checkpoint')}. resume with: bertcnn distill --teacher ${o.teacher} --out ${out} --resume`,
      );
    const seconds = (performance.now() - started) / 1000;
    const { dev, test, parameters, fields } = await runOutcome(r, out, seconds);
    const agreement = r.metrics.teacher_agreement as Record<string, number> | undefined;
    const crf = r.config.head.options.crf === true;
    const res = {
      out,
      teacher: o.teacher,
      task: 'ner',
      student: r.config.head.kind,
      crf,
      mode: r.config.mode,
      ...fields,
      teacher_agreement: agreement,
      distill: r.distill,
    };
    if (o.json) console.log(JSON.stringify(res));
    if (quiet) return;
    console.log(
      `${res.student}${crf ? ' + CRF' : ''} (${res.mode}) distilled from ${o.teacher}: best epoch ${res.best_epoch ?? '-'} of ${res.epochs_run}`,
    );
    if (dev) console.log(`  dev   ${metricLine(dev, TAGGING_METRICS)}  (entity-level, micro)`);
    if (test) console.log(`  test  ${metricLine(test, TAGGING_METRICS)}`);
    if (agreement)
      console.log(agreementLine(agreement).replace('agrees with the teacher:', 'tags words as the teacher does:'));
    printRunFooter(dev !== undefined, parameters, seconds, out, `bertcnn predict ${out} --input FILE`);
  } catch (e) {
    if (created && !holdsRun()) await rm(out, { recursive: true, force: true });
    throw e;
  } finally {
    events.finish();
    intr.dispose();
    lock.release();
    await teacher.release();
  }
}
