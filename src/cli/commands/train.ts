// `bertcnn train --train T [--dev D] [--test X] --encoder REF --head textcnn --mode frozen --out RUN`: one
// training run into a run folder (src/tasks/classification/job.ts), or with --folds K a k-fold cross-validation into
// RUN/fold-1…K plus RUN/cv.json. Settings come from flags over `--config run.json` (train-spec.ts); the resolved
// settings are saved as RUN/train.json. Ctrl-C saves a resumable checkpoint and exits 130 with the resume
// command (so does SIGTERM). The run folder is locked (RUN/run.lock, src/train/run-lock.ts) while this process
// writes it: a second writer is refused. Prints the best epoch and the dev/test scores (`--json`: one JSON
// object on stdout).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { runCrossValidation, type CrossValidation } from '../../tasks/classification/cross-validate.ts';
import { runTrainingJob, type JobResult } from '../../tasks/classification/job.ts';
import { runTaggingJob } from '../../tasks/ner/job.ts';
import { longTextsLine, type LongTexts } from '../../features/long-texts.ts';
import { fmt, metricLine, table } from '../format.ts';
import { CliExit, INTERRUPTED, watchInterrupt } from '../interrupt.ts';
import {
  addFlags,
  addHeadOptionFlag,
  DATA_FLAGS,
  ENCODER_FLAGS,
  flagValues,
  HEAD_FLAGS,
  OPTION_FLAGS,
  PRESET_FLAGS,
  RUN_FLAGS,
} from '../train-flags.ts';
import { refusePresetFlags } from '../kim-flags.ts';
import { runKimTrain } from '../kim-train.ts';
import { trainEvents } from '../train-events.ts';
import { toTaggingJob, toTrainJob } from '../train-job.ts';
import { printTaggingRun } from '../ner-output.ts';
import { printRunFooter, runOutcome } from '../run-outcome.ts';
import { openRunOut } from '../run-out.ts';
import { resolveSpec, type TrainSpec } from '../train-spec.ts';

const FLAGS = [...DATA_FLAGS, ...ENCODER_FLAGS, ...HEAD_FLAGS, ...OPTION_FLAGS, ...RUN_FLAGS];

interface CliOnly {
  config?: string;
  json?: boolean;
  quiet?: boolean;
}

export function registerTrain(program: Command): void {
  const cmd = program
    .command('train')
    .description(
      'train a classifier (encoder features → head) into a run folder; --folds K for cross-validation; --task ner for CoNLL tagging',
    )
    .addHelpText(
      'after',
      '\nEvery flag can also be given as a camelCase key in --config (flags win), e.g. {"batchSize": 16, "kernelSizes": [3, 4, 5]}.' +
        '\nHeads: every head, its input shape and all its options (type, default, meaning): bertcnn heads [NAME]; set any of' +
        '\nthem with --head-option NAME=VALUE (kebab-case), e.g. --head conv1d --head-option layers=3 --head-option batch-norm=true.',
    );
  addHeadOptionFlag(addFlags(cmd, [...FLAGS, ...PRESET_FLAGS]))
    .option('--config <file>', 'JSON file of train settings (keys: the flags in camelCase); flags override it')
    .option('--json', 'print the result as one JSON object')
    .option('--quiet', 'no progress bars or messages')
    .action((o: Record<string, unknown> & CliOnly) => runTrain(o));
}

function resumeHint(out: string): string {
  return `resume with: bertcnn train --out ${out} --resume`;
}

export async function runTrain(o: Record<string, unknown> & CliOnly): Promise<void> {
  if (o.preset !== undefined) return runKimTrain(o, FLAGS); // --preset kim2014: kim-train.ts
  refusePresetFlags(o);
  const { config, json, quiet, ...rest } = o;
  const spec = await resolveSpec(flagValues(rest, FLAGS), config);
  const tagging = spec.task === 'ner' ? toTaggingJob(spec) : null;
  const job = tagging ? null : toTrainJob(spec);
  const out = spec.out!;
  const run = await openRunOut(
    out,
    spec,
    () => existsSync(join(out, 'config.json')) || existsSync(join(out, 'fold-1', 'config.json')),
  );
  const intr = watchInterrupt();
  const events = trainEvents({
    quiet: quiet === true || json === true,
    epochs: spec.epochs,
    batchSize: spec.batchSize,
    stopped: intr.stopped,
  });
  const started = performance.now();
  const interrupted = (epochs: number) =>
    new CliExit(
      INTERRUPTED,
      `interrupted after ${epochs} complete epoch(s); checkpoint saved in ${join(out, 'checkpoint')}. ${resumeHint(out)}`,
    );
  try {
    if (tagging) {
      const r = await runTaggingJob(tagging, events, { cacheDir: spec.cache });
      events.finish();
      if (r.result.interrupted) throw interrupted(r.result.history.length);
      await printTaggingRun(r, spec, (performance.now() - started) / 1000, json === true, quiet === true);
      return;
    }
    if (spec.folds) {
      const cv = await runCrossValidation(job!, spec.folds, events, { cacheDir: spec.cache });
      events.finish();
      if (cv.interrupted)
        throw new CliExit(
          INTERRUPTED,
          `interrupted during fold ${cv.per_fold.length + 1} of ${cv.folds}; checkpoint saved. ${resumeHint(out)}`,
        );
      printCv(cv, spec, json === true, quiet === true);
      return;
    }
    const r = await runTrainingJob(job!, events, { cacheDir: spec.cache });
    events.finish();
    if (r.result.interrupted) throw interrupted(r.result.history.length);
    await printRun(r, spec, (performance.now() - started) / 1000, json === true, quiet === true);
  } catch (e) {
    await run.failed(); // failed before the run existed (bad data, bad encoder): no half-made folder is left
    throw e;
  } finally {
    events.finish();
    intr.dispose();
    run.close();
  }
}

async function printRun(r: JobResult, spec: TrainSpec, seconds: number, json: boolean, quiet: boolean): Promise<void> {
  const out = spec.out!;
  const { dev, test, fields } = await runOutcome(r, out, seconds);
  const long = r.metrics.long_texts as LongTexts | undefined;
  const res = {
    out,
    head: r.config.head.kind,
    mode: r.config.mode,
    task: r.config.task.kind,
    labels: r.config.task.labels,
    ...fields,
    ...(long ? { long_texts: long } : {}),
  };
  if (json) {
    console.log(JSON.stringify(res));
    return;
  }
  if (quiet) return;
  const early = r.result.stoppedEarly ? ', stopped early' : '';
  console.log(
    `${res.head} (${res.mode}, ${res.task}: ${res.labels.join(', ')}): best epoch ${res.best_epoch ?? '-'} of ${res.epochs_run}${early}`,
  );
  if (dev) console.log(`  dev   ${metricLine(dev)}`);
  if (test) console.log(`  test  ${metricLine(test)}`);
  if (long) console.log(`  ${longTextsLine(long)}`);
  printRunFooter(dev !== undefined, res.parameters, seconds, out, `bertcnn report ${out}`, res.frozen_parameters);
}

function printCv(cv: CrossValidation, spec: TrainSpec, json: boolean, quiet: boolean): void {
  if (json) {
    console.log(JSON.stringify({ out: spec.out, ...cv }));
    return;
  }
  if (quiet) return;
  // One table per split; test (the held-out fold) first, as the figure to quote — dev picked each fold's epoch.
  for (const [name, split] of [
    ['test', cv.test],
    ['dev', cv.dev],
  ] as const) {
    if (!split) continue;
    const keys = Object.keys(split.mean);
    const rows = [
      [`${name}: fold`, 'best epoch', ...keys],
      ...cv.per_fold.map((f) => [
        String(f.fold),
        String(f.best_epoch ?? '-'),
        ...keys.map((k) => fmt((name === 'test' ? f.test : f.dev)?.[k])),
      ]),
    ];
    rows.push(['mean', '', ...keys.map((k) => fmt(split.mean[k]))], ['std', '', ...keys.map((k) => fmt(split.std[k]))]);
    console.log(`${table(rows)}\n`);
  }
  const m = cv.metric;
  const test = cv.test ? `test ${m} ${fmt(cv.test.mean[m])} ± ${fmt(cv.test.std[m])}; ` : '';
  console.log(
    `${cv.folds}-fold cross-validation: ${test}dev ${m} ${fmt(cv.dev.mean[m])} ± ${fmt(cv.dev.std[m])} (dev chose each fold's epoch)  (${join(spec.out!, 'cv.json')})`,
  );
}
