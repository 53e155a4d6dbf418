// `bertcnn distill --student kim2014 --teacher RUN --train T [--dev D] [--test X] [--unlabeled U] [--augment]
// [--vectors wink|FILE] [--variant static|non-static|multichannel|rand] [--epochs N] [--seed N] --out RUN`:
// Kim's CNN over word vectors distilled from a classification run (src/presets/kim2014/distill.ts). Kim's flags
// are `bertcnn train --preset kim2014`'s, checked by the same code (kim-flags.ts; so are the recipe's fixed
// settings: --lr, --batch-size, … are refused by name); the distillation flags are every student's
// (distill-options.ts). --cache DIR puts the teacher's logits in DIR/teacher-logits (shared between students).
// Ctrl-C: exit 130; a Kim run keeps no checkpoint, so `--resume` trains the student again over the cached logits.
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { distillKim } from '../presets/kim2014/distill.ts';
import { summaryOf } from '../tasks/classification/cross-validate.ts';
import { openTeacher } from '../tasks/distill/teacher.ts';
import { agreementLine, augmentOf, lossOf, transferLine, unlabeledOf, type DistillFlags } from './distill-options.ts';
import { metricLine } from './format.ts';
import { CliExit, INTERRUPTED, watchInterrupt } from './interrupt.ts';
import { kimSettings } from './kim-flags.ts';
import { printRunFooter } from './run-outcome.ts';
import type { FlagDef } from './train-flags.ts';

export const KIM_STUDENT = 'kim2014';

export async function runKimDistill(
  o: Record<string, unknown> & DistillFlags,
  flags: readonly FlagDef[],
): Promise<void> {
  for (const k of ['encoder', 'mode'] as const)
    if (o[k] !== undefined)
      throw new UsageError(
        `--student ${KIM_STUDENT} is Kim's CNN over word vectors with its own word vocabulary (no encoder): drop --${k}`,
      );
  const { cache, ...rest } = o;
  const s = kimSettings(rest, flags, `--student ${KIM_STUDENT}`);
  const quiet = o.quiet === true || o.json === true;
  const say = (m: string) => (quiet ? undefined : process.stderr.write(`${m}\n`));
  const notice = (m: string) => process.stderr.write(`bertcnn: ${m}\n`);
  const unlabeled = await unlabeledOf(o, s.read.header);
  const teacher = await openTeacher(o.teacher, notice);
  const intr = watchInterrupt();
  const started = performance.now();
  try {
    const r = await distillKim(
      {
        settings: s,
        loss: lossOf(o),
        augment: augmentOf(o, s.seed),
        unlabeled,
        logitCache: cache === undefined ? undefined : join(String(cache), 'teacher-logits'),
      },
      teacher,
      { say, notice, shouldStop: intr.stopped, onTransfer: (t) => say(transferLine(t)) },
    );
    const fit = r.fit;
    if (!fit)
      throw new CliExit(
        INTERRUPTED,
        `interrupted; a kim2014 student keeps no checkpoint: the same command with --resume trains it again over the teacher logits cached in ${cache ?? s.out}`,
      );
    const seconds = (performance.now() - started) / 1000;
    const dev = fit.dev ? summaryOf(fit.dev.scores.summary) : undefined;
    const test = fit.test ? summaryOf(fit.test.scores.summary) : undefined;
    // every weight saved, and the frozen tables among them (static channels)
    const total = [...fit.weights.values()].reduce((n, t) => n + t.data.length, 0);
    const frozen = fit.model.channels.filter((c) => !c.trainable).reduce((n, c) => n + c.vocabSize * c.dim, 0);
    const res = {
      out: s.out,
      teacher: o.teacher,
      student: KIM_STUDENT,
      variant: s.variant,
      source: r.source.meta.description,
      best_epoch: fit.result.best_epoch,
      epochs_run: fit.result.epochs,
      ...(dev ? { dev } : {}),
      ...(test ? { test } : {}),
      vocab_size: fit.result.vocab_size,
      ...(r.coverage ? { coverage: r.coverage } : {}),
      parameters: total - frozen,
      frozen_parameters: frozen,
      seconds: Math.round(seconds * 100) / 100,
      teacher_agreement: r.agreement,
      distill: r.distill,
    };
    if (o.json) console.log(JSON.stringify(res));
    if (quiet) return;
    console.log(
      `kim2014 CNN-${s.variant} (${res.source}) distilled from ${o.teacher}: best epoch ${res.best_epoch} of ${res.epochs_run}`,
    );
    if (dev) console.log(`  dev   ${metricLine(dev)}`);
    if (test) console.log(`  test  ${metricLine(test)}`);
    if (Object.keys(r.agreement).length > 0) console.log(agreementLine(r.agreement));
    console.log(`  vocabulary ${res.vocab_size} words`);
    printRunFooter(true, res.parameters, seconds, s.out, `bertcnn report ${s.out}`, frozen);
  } finally {
    intr.dispose();
    await teacher.release();
  }
}
