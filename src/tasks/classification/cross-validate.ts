// k-fold cross-validation for datasets without a dev split (Kim 2014's 10-fold protocol on MR): K training jobs
// into <out>/fold-1 … fold-K, fold i using the i-th stratified fold of the train file as dev (src/data/splits.ts,
// seeded by the run's seed), then mean ± std of every dev metric over the folds, written to <out>/cv.json.
// std is the population standard deviation (ddof = 0, numpy's default). With `resume`, folds that already have
// metrics.json are read back instead of retrained and an interrupted fold continues from its checkpoint.
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

export interface CrossValidation {
  folds: number;
  /** The metric the best epoch of each fold was selected by. */
  metric: string;
  mean: Record<string, number>;
  std: Record<string, number>;
  per_fold: FoldResult[];
  /** Ctrl-C: the folds done so far (cv.json is not written). */
  interrupted: boolean;
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
  if (job.devFile || job.devFraction)
    throw new UsageError('cross-validation makes its own dev folds: give no dev file or dev fraction');
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
      if (r.result.interrupted)
        return { folds: k, metric, ...meanStd(perFold.map((f) => f.dev)), per_fold: perFold, interrupted: true };
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
  const { mean, std } = meanStd(perFold.map((f) => f.dev));
  const result: CrossValidation = { folds: k, metric, mean, std, per_fold: perFold, interrupted: false };
  const test = perFold.every((f) => f.test) ? meanStd(perFold.map((f) => f.test!)) : null;
  await writeJson(join(job.out, 'cv.json'), {
    ...result,
    ...(test ? { test_mean: test.mean, test_std: test.std } : {}),
    std_kind: 'population (ddof=0)',
  });
  return result;
}
