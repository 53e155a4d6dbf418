// What `bertcnn train --preset kim2014` prints when it is done: one run — the best epoch, dev and test scores,
// vocabulary and init, the run folder; --folds — the per-fold table and dev/test accuracy mean ± std (cv.json);
// --json — one JSON object on stdout instead. KimTrainResult: what kim-train.ts hands over.
import { join } from 'node:path';
import { summaryOf } from '../tasks/classification/cross-validate.ts';
import { fmt, metricLine, table } from './format.ts';
import type { KimSettings } from './kim-flags.ts';
import type { KimTrainResult } from '../presets/kim2014/job.ts';

const SHOWN = ['accuracy', 'macro_f1'];

export function printKimRun(r: KimTrainResult, s: KimSettings, seconds: number, json: boolean, quiet: boolean): void {
  const { fit: maybeFit, dir } = r.units[0]!;
  const fit = maybeFit!; // a single run is always trained here (--resume applies to --folds)
  const dev = fit.dev ? summaryOf(fit.dev.scores.summary) : undefined;
  const test = fit.test ? summaryOf(fit.test.scores.summary) : undefined;
  const res = {
    out: dir,
    preset: 'kim2014',
    variant: s.variant,
    source: r.source.meta.description,
    labels: r.labels.labels,
    best_epoch: fit.result.best_epoch,
    epochs_run: fit.result.epochs,
    ...(dev ? { dev } : {}),
    ...(test ? { test } : {}),
    vocab_size: fit.result.vocab_size,
    init: fit.result.init,
    ...(r.coverage ? { coverage: r.coverage } : {}),
    trainable_parameters: fit.result.trainable_params,
    seconds: Math.round(seconds * 100) / 100,
  };
  if (json) {
    console.log(JSON.stringify(res));
    return;
  }
  if (quiet) return;
  console.log(
    `kim2014 CNN-${s.variant} (${res.labels.join(', ')}; ${res.source}): best epoch ${res.best_epoch} of ${res.epochs_run}`,
  );
  if (dev) console.log(`  dev   ${metricLine(dev, SHOWN)}`);
  if (test) console.log(`  test  ${metricLine(test, SHOWN)}`);
  console.log(`  vocabulary ${res.vocab_size} rows, ${seconds.toFixed(1)} s`);
  console.log(`run folder: ${dir}   next: bertcnn eval ${dir} --input FILE · bertcnn predict ${dir} --input FILE`);
}

export function printKimCv(r: KimTrainResult, s: KimSettings, json: boolean): void {
  const cv = r.cv!;
  const test = cv.test ?? { mean: {}, std: {} };
  if (json) {
    console.log(
      JSON.stringify({ out: s.out, preset: 'kim2014', variant: s.variant, source: r.source.meta.description, ...r.cv }),
    );
    return;
  }
  const rows = [
    ['fold', 'best epoch', 'dev accuracy', 'test accuracy'],
    ...r.units.map((u) => [
      String(u.fold),
      String(u.scores.best_epoch ?? '-'),
      fmt(u.scores.dev.accuracy),
      fmt(u.scores.test?.accuracy),
    ]),
    ['mean', '', fmt(cv.dev.mean.accuracy), fmt(test.mean.accuracy)],
    ['std', '', fmt(cv.dev.std.accuracy), fmt(test.std.accuracy)],
  ];
  console.log(table(rows));
  console.log(
    `\nkim2014 CNN-${s.variant}, ${cv.folds}-fold cross-validation: test accuracy ${fmt(test.mean.accuracy)} ± ${fmt(test.std.accuracy)}, dev ${fmt(cv.dev.mean.accuracy)} ± ${fmt(cv.dev.std.accuracy)}  (${join(s.out, 'cv.json')})`,
  );
}
