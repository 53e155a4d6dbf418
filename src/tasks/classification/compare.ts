// The comparison behind `bertcnn compare`: the same data and the same budget (epochs, batch size, learning rate,
// seed — one TrainOptions for all) for three models, each trained into <out>/<name>:
//   linear     the encoder's pooled sentence vector → linear layer (BertForSequenceClassification's head)
//   textcnn    the encoder's token features → Kim's TextCNN
//   cnn-alone  token ids → trainable embeddings → TextCNN, no encoder at all (the baseline)
// The budget is shared except the learning rate of the linear head on frozen features: a single linear layer on
// a fixed (often L2-normalised) sentence vector is a convex problem that needs a larger step than a CNN — at the
// CNN's 1e-3 it is still far from converged after 10 epochs (TREC with use-lite: 81.4% at 1e-3, 87.2% at 1e-2) —
// so it gets its own `lr` (default 10× the shared one, `--linear-lr`); every row records the lr it trained with.
// Rows: dev/test scores of the best epoch, seconds in training epochs and in total (feature extraction included),
// trained parameters. With `folds`, each model is cross-validated into <out>/<name>/fold-i and its row holds the
// mean (and population std) over the folds. Written to <out>/compare.json atomically. With `resume`, models (or
// folds) that already have metrics.json are read back instead of retrained.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HeadKind } from '../../heads/index.ts';
import type { AssembleOptions } from './classifier.ts';
import { runCrossValidation, summaryOf } from './cross-validate.ts';
import { DEFAULT_LR } from '../../train/options.ts';
import { nameOf, readMetrics, runTrainingJob, type JobEvents, type TrainJob } from './job.ts';
import { readRunConfig, writeJson } from '../../train/run-dir.ts';
import { epochSeconds, trainedParameters } from '../../train/run-stats.ts';

export interface CompareModel {
  name: string;
  head: HeadKind;
  mode: TrainJob['mode'];
  /** What the head reads. */
  input: 'pooled' | 'token features' | 'token ids';
  options: Record<string, unknown>;
  /** This model's learning rate when it differs from the shared budget's. */
  lr?: number;
}

export interface CompareRow {
  name: string;
  head: string;
  mode: string;
  input: string;
  dir: string;
  lr: number;
  /** null with folds (each fold has its own). */
  best_epoch: number | null;
  dev?: Record<string, number>;
  test?: Record<string, number>;
  /** With folds: how many, and the population std of each dev/test metric over them. */
  folds?: number;
  dev_std?: Record<string, number>;
  test_std?: Record<string, number>;
  /** Seconds in training epochs (per-epoch dev scoring included). */
  train_seconds: number;
  /** Wall-clock seconds of the whole job (data, feature extraction, training, final scoring); null when read back. */
  total_seconds: number | null;
  parameters: number;
}

export interface CompareHeadOptions {
  cnn?: Record<string, unknown>;
  cnnAlone?: Record<string, unknown>;
  linear?: Record<string, unknown>;
  /** Learning rate of the linear head (default: 10× `lr` on frozen features, `lr` when fine-tuning). */
  linearLr?: number;
}

export const FROZEN_LINEAR_LR_SCALE = 10;

/**
 * The three models; `mode` is how the two encoder models run (frozen features, or fine-tuned end to end);
 * `lr` is the shared learning rate (for the linear head's default).
 */
export function compareModels(mode: 'frozen' | 'finetune', lr: number, o: CompareHeadOptions = {}): CompareModel[] {
  const linearLr = o.linearLr ?? (mode === 'frozen' ? lr * FROZEN_LINEAR_LR_SCALE : lr);
  return [
    { name: 'linear', head: 'linear', mode, input: 'pooled', options: { ...o.linear }, lr: linearLr },
    { name: 'textcnn', head: 'textcnn', mode, input: 'token features', options: { ...o.cnn } },
    { name: 'cnn-alone', head: 'cnn-alone', mode: 'ids', input: 'token ids', options: { ...o.cnn, ...o.cnnAlone } },
  ];
}

export interface Comparison {
  rows: CompareRow[];
  /** Ctrl-C: the rows done so far (compare.json is not written). */
  interrupted: boolean;
}

export interface CompareSetup {
  /** k-fold cross-validation of every model on the train file (no dev file or fraction). */
  folds?: number;
}

export async function runComparison(
  base: Omit<TrainJob, 'out' | 'head' | 'mode'>,
  out: string,
  models: readonly CompareModel[],
  events: (m: CompareModel) => JobEvents = () => ({}),
  assemble: AssembleOptions = {},
  setup: CompareSetup = {},
): Promise<Comparison> {
  const rows: CompareRow[] = [];
  for (const m of models) {
    const job: TrainJob = {
      ...base,
      out: join(out, m.name),
      head: { kind: m.head, options: m.options },
      mode: m.mode,
      options: m.lr === undefined ? base.options : { ...base.options, lr: m.lr },
    };
    const row = setup.folds
      ? await crossValidatedRow(job, m, setup.folds, events(m), assemble)
      : await singleRow(job, m, events(m), assemble);
    if (!row) return { rows, interrupted: true };
    rows.push(row);
  }
  await writeJson(join(out, 'compare.json'), {
    budget: base.options,
    data: { train: nameOf(base.trainFile), dev: nameOf(base.devFile), test: nameOf(base.testFile) },
    ...(setup.folds ? { folds: setup.folds } : {}),
    rows,
  });
  return { rows, interrupted: false };
}

function rowHead(job: TrainJob, m: CompareModel) {
  return { name: m.name, head: m.head, mode: m.mode, input: m.input, dir: job.out, lr: job.options.lr ?? DEFAULT_LR };
}

/** One run into <out>/<name>; null when interrupted. */
async function singleRow(
  job: TrainJob,
  m: CompareModel,
  ev: JobEvents,
  assemble: AssembleOptions,
): Promise<CompareRow | null> {
  const started = performance.now();
  let metrics = job.resume && existsSync(join(job.out, 'metrics.json')) ? await readMetrics(job.out) : null;
  const readBack = metrics !== null;
  if (!metrics) {
    const r = await runTrainingJob(job, ev, assemble);
    if (r.result.interrupted) return null;
    metrics = r.metrics;
  }
  return {
    ...rowHead(job, m),
    best_epoch: (metrics.best_epoch as number | null | undefined) ?? null,
    ...(metrics.dev ? { dev: summaryOf(metrics.dev) } : {}),
    ...(metrics.test ? { test: summaryOf(metrics.test) } : {}),
    train_seconds: await epochSeconds(job.out),
    total_seconds: readBack ? null : (performance.now() - started) / 1000,
    parameters: await trainedParameters(job.out, await readRunConfig(job.out)),
  };
}

/** k folds into <out>/<name>/fold-i; the row holds means and stds over the folds; null when interrupted. */
async function crossValidatedRow(
  job: TrainJob,
  m: CompareModel,
  k: number,
  ev: JobEvents,
  assemble: AssembleOptions,
): Promise<CompareRow | null> {
  const started = performance.now();
  const cv = await runCrossValidation(job, k, ev, assemble);
  if (cv.interrupted) return null;
  const test = cv.test;
  let trainSeconds = 0;
  for (const f of cv.per_fold) trainSeconds += await epochSeconds(f.dir);
  const first = cv.per_fold[0]!.dir;
  return {
    ...rowHead(job, m),
    best_epoch: null,
    folds: k,
    dev: cv.dev.mean,
    dev_std: cv.dev.std,
    ...(test ? { test: test.mean, test_std: test.std } : {}),
    train_seconds: trainSeconds,
    total_seconds: (performance.now() - started) / 1000,
    parameters: await trainedParameters(first, await readRunConfig(first)),
  };
}
