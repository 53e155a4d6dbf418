// The frame every trained `bertcnn distill` student runs in (commands/distill.ts for classification students,
// ner-distill.ts for tagger students): the --out folder as `bertcnn train` opens it (run-out.ts: refused when
// occupied, locked, the student's train settings as train.json), train with progress and Ctrl-C handling
// (checkpoint, exit 130 and the resume command), then print the outcome — one JSON object with --json, else the
// summary lines — and remove a folder this call created when it fails before the run is written. The teacher is
// released in every case.
import { join } from 'node:path';
import type { DistillRecord } from '../tasks/distill/record.ts';
import type { DistillFlags } from './distill-options.ts';
import { CliExit, INTERRUPTED, watchInterrupt } from './interrupt.ts';
import { printRunFooter, runOutcome, type FinishedRun } from './run-outcome.ts';
import { openRunOut, type RunOut } from './run-out.ts';
import { trainEvents } from './train-events.ts';

/** A finished student job (classification or NER). */
export type StudentResult = FinishedRun & { distill: DistillRecord };

/** What the training callback gets: the progress events and a stderr line writer (silent when quiet). */
export interface StudentUi {
  events: ReturnType<typeof trainEvents>;
  say(line: string): void;
}

export interface StudentReport {
  /** Fields of the --json object after out/teacher (before the outcome's fields). */
  fields: Record<string, unknown>;
  /** The summary lines between the title and the footer (dev, test, agreement), given the outcome. */
  lines(outcome: Awaited<ReturnType<typeof runOutcome>>, agreement?: Record<string, number>): string[];
  title(bestEpoch: string, epochsRun: number): string;
  /** The footer's "next" command. */
  next: string;
}

export async function runStudentCommand<R extends StudentResult>(
  o: DistillFlags,
  spec: { epochs: number; batchSize: number; resume?: boolean },
  teacher: { release(): Promise<void> },
  train: (ui: StudentUi) => Promise<R>,
  report: (r: R) => StudentReport,
): Promise<void> {
  const out = o.out;
  let run: RunOut;
  try {
    run = await openRunOut(out, spec);
  } catch (e) {
    await teacher.release();
    throw e;
  }
  const intr = watchInterrupt();
  const quiet = o.quiet === true || o.json === true;
  const events = trainEvents({ quiet, epochs: spec.epochs, batchSize: spec.batchSize, stopped: intr.stopped });
  const say = (s: string) => (quiet ? undefined : process.stderr.write(`${s}\n`));
  const started = performance.now();
  try {
    const r = await train({ events, say });
    events.finish();
    if (r.result.interrupted)
      throw new CliExit(
        INTERRUPTED,
        `interrupted; checkpoint saved in ${join(out, 'checkpoint')}. resume with: bertcnn distill --teacher ${o.teacher} --out ${out} --resume`,
      );
    const seconds = (performance.now() - started) / 1000;
    const outcome = await runOutcome(r, out, seconds);
    const agreement = r.metrics.teacher_agreement as Record<string, number> | undefined;
    const rep = report(r);
    if (o.json)
      console.log(
        JSON.stringify({
          out,
          teacher: o.teacher,
          ...rep.fields,
          ...outcome.fields,
          teacher_agreement: agreement,
          distill: r.distill,
        }),
      );
    if (quiet) return;
    console.log(rep.title(String(outcome.fields.best_epoch ?? '-'), outcome.fields.epochs_run));
    for (const line of rep.lines(outcome, agreement)) console.log(line);
    printRunFooter(outcome.dev !== undefined, outcome.parameters, seconds, out, rep.next);
  } catch (e) {
    await run.failed();
    throw e;
  } finally {
    events.finish();
    intr.dispose();
    run.close();
    await teacher.release();
  }
}
