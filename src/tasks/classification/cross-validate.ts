// k-fold cross-validation for datasets without a dev split (Kim 2014's 10-fold protocol on MR): K training jobs
// into <out>/fold-1 … fold-K. Fold i (the i-th stratified fold of the train file, src/data/splits.ts, seeded by the
// run's seed) is the test split and is never seen in training; each fold's best epoch is chosen on a dev part
// carved from the other folds (devFraction, 10% by default). With a test file, fold i is dev and the test file is
// scored. cv.json names each figure by what it is: `dev` (the selection score, optimistic) and `test` (the
// untouched fold or the test file), each mean ± std over the folds — std is the population standard deviation
// (ddof = 0, numpy's default). With `resume`, folds that already have metrics.json are read back instead of
// retrained and an interrupted fold continues from its checkpoint.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../errors.ts';
import { runTrainingJob, readMetrics, type JobEvents, type TrainJob } from './job.ts';
import type { AssembleOptions } from './classifier.ts';
import { writeJson } from '../../train/run-dir.ts';

export interface FoldResult {
  fold: number;
  dir: string;
  best_epoch: number | null;
  dev: Record<string, number>;
  test?: Record<string, number>;
  seconds: number;
}

/** Mean and population std of every metric over the folds. */
export interface MeanStd {
  mean: Record<string, number>;
  std: Record<string, number>;
}

export interface CrossValidation {
  folds: number;
  /** The metric the best epoch of each fold was selected by, on its dev part. */
  metric: string;
  /** Scores on each fold's dev part — what picked the epoch, so optimistic. */
  dev: MeanStd;
  /** Scores on the held-out fold (or the test file): the figure to quote. Null when a fold has none. */
  test: MeanStd | null;
  per_fold: FoldResult[];
  /** Ctrl-C: the folds done so far (cv.json is not written). */
  interrupted: boolean;
}

/** cv.json as every cross-validation writes it (classification and the Kim preset). */
export interface CvFile extends Omit<CrossValidation, 'interrupted'> {
  /** How dev and test were made, in words. */
  protocol: string;
  std_kind: 'population (ddof=0)';
}

/** The cross-validation summary of finished folds. */
export function summarizeFolds(
  folds: number,
  metric: string,
  perFold: FoldResult[],
): Omit<CrossValidation, 'interrupted'> {
  const test = perFold.length > 0 && perFold.every((f) => f.test) ? meanStd(perFold.map((f) => f.test!)) : null;
  return { folds, metric, dev: meanStd(perFold.map((f) => f.dev)), test, per_fold: perFold };
}

export async function writeCvFile(
  out: string,
  cv: Omit<CrossValidation, 'interrupted'>,
  protocol: string,
): Promise<void> {
  const file: CvFile = { ...cv, protocol, std_kind: 'population (ddof=0)' };
  await writeJson(join(out, 'cv.json'), file);
}

export interface CvEvents extends JobEvents {
  onFold?(fold: number, k: number): void;
}

/** Numeric entries of a metrics.json split section (drops per_class and confusion). */
export function summaryOf(section: unknown): Record<string, number> {
  return Object.fromEntries(
    Object.entries((section ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'number'),
  ) as Record<string, number>;
}

export function meanStd(rows: readonly Record<string, number>[]): {
  mean: Record<string, number>;
  std: Record<string, number>;
} {
  const mean: Record<string, number> = {};
  const std: Record<string, number> = {};
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) =>
    rows.every((r) => typeof r[k] === 'number'),
  );
  for (const k of keys) {
    const xs = rows.map((r) => r[k]!);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    mean[k] = m;
    std[k] = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length);
  }
  return { mean, std };
}

export async function runCrossValidation(
  job: TrainJob,
  k: number,
  ev: CvEvents = {},
  assemble: AssembleOptions = {},
): Promise<CrossValidation> {
  if (!Number.isInteger(k) || k < 2) throw new UsageError(`cross-validation needs k ≥ 2 folds, got ${k}`);
  if (job.devFile)
    throw new UsageError('cross-validation makes its own dev parts from the training folds: give no dev file');
  const perFold: FoldResult[] = [];
  let metric = job.options.metric ?? '';
  for (let i = 0; i < k; i++) {
    const dir = join(job.out, `fold-${i + 1}`);
    ev.onFold?.(i + 1, k);
    const started = performance.now();
    const done = job.resume && existsSync(join(dir, 'metrics.json')) ? await readMetrics(dir) : null;
    let metrics = done;
    if (!metrics) {
      const r = await runTrainingJob({ ...job, out: dir, fold: { k, index: i } }, ev, assemble);
      if (r.result.interrupted) return { ...summarizeFolds(k, metric, perFold), interrupted: true };
      metrics = r.metrics;
      metric ||= r.config.task.kind === 'multilabel' ? 'micro_f1' : 'accuracy';
    }
    perFold.push({
      fold: i + 1,
      dir,
      best_epoch: (metrics.best_epoch as number | null | undefined) ?? null,
      dev: summaryOf(metrics.dev),
      ...(metrics.test ? { test: summaryOf(metrics.test) } : {}),
      seconds: Math.round(performance.now() - started) / 1000,
    });
  }
  metric ||= 'micro_f1' in perFold[0]!.dev ? 'micro_f1' : 'accuracy';
  const result = summarizeFolds(k, metric, perFold);
  const dev = `${Math.round(100 * (job.devFraction ?? 0.1))}% of the other folds`;
  await writeCvFile(
    job.out,
    result,
    job.testFile
      ? `fold i is dev (best epoch), the test file is scored`
      : `fold i is test (never seen in training); dev (best epoch) is ${dev}`,
  );
  return { ...result, interrupted: false };
}
