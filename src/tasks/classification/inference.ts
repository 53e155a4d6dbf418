// Using a trained run folder: evaluate it on a labelled file, or predict texts. The data file's labels are
// checked against the run's labels.json before the model is loaded (unknown labels → DataError listing them, or
// skipped and counted with unknownLabel 'skip'), so a mismatched file fails fast. The classifier is rebuilt
// exactly as training built it (assembleClassifier with the run's weights).
import { join } from 'node:path';
import { DataError, UsageError } from '../../errors.ts';
import { loadLabelMap, type LabelMap } from '../../data/labels.ts';
import type { TextReadOptions } from '../../data/read.ts';
import { decide, withThreshold, type ClassificationTask } from './task.ts';
import { classifierPredictor } from './predictor.ts';
import { assembleClassifier, type Classifier } from './classifier.ts';
import { readSplit, type SplitSummary } from './data.ts';
import { evaluate, predict, type Evaluation, type LabelledSplit, type Predictions } from './evaluate.ts';
import type { RunConfig } from '../../train/run-config.ts';
import { readRunConfig } from '../../train/run-dir.ts';

export interface RunInfo {
  dir: string;
  config: RunConfig;
  labels: LabelMap;
}

export interface UseRunOptions {
  batchSize?: number;
  /** predictWithRun: texts per model pass, in input order (default PREDICT_CHUNK). Only one chunk's features are
   *  held at a time, and `predict --redis` sends the same chunks to its workers, which run the same predictor: the
   *  two give the same bits for the same chunk size. */
  chunk?: number;
  /** Decision threshold for binary (positive class) or multi-label (every label) runs. */
  threshold?: number;
  /** Frozen runs: read/fill this persistent feature cache instead of keeping features in memory. */
  cacheDir?: string;
  onFeatures?(done: number, total: number): void;
  onWarning?(message: string): void;
}

export async function loadRunInfo(dir: string): Promise<RunInfo> {
  const config = await readRunConfig(dir);
  const labels = await loadLabelMap(join(dir, 'labels.json'));
  if (labels.labels.join('\u0000') !== config.task.labels.join('\u0000')) {
    throw new DataError(
      join(dir, 'labels.json'),
      `labels (${labels.labels.join(', ')}) differ from config.json's task labels (${config.task.labels.join(', ')})`,
    );
  }
  return { dir, config, labels };
}

async function withClassifier<T>(
  run: RunInfo,
  texts: readonly string[],
  o: UseRunOptions,
  use: (clf: Classifier, batch: number) => Promise<T>,
): Promise<T> {
  withThreshold(run.config.task, o.threshold); // usage errors before the model loads
  const clf = await assembleClassifier(run.config, { runDir: run.dir, onWarning: o.onWarning, cacheDir: o.cacheDir });
  try {
    Object.assign(clf.task, withThreshold(clf.task, o.threshold));
    if (clf.source) await clf.source.prepare(texts, o.onFeatures);
    return await use(clf, o.batchSize ?? run.config.train.evalBatchSize);
  } finally {
    await clf.release();
  }
}

export interface FileEvaluation {
  run: RunInfo;
  task: ClassificationTask;
  split: LabelledSplit;
  summary: SplitSummary;
  evaluation: Evaluation;
}

/** Scores a run on a labelled file (labels checked before the model is loaded). */
export async function evaluateFile(
  dir: string,
  file: string,
  o: UseRunOptions & { read?: TextReadOptions; unknownLabel?: 'error' | 'skip' } = {},
): Promise<FileEvaluation> {
  const run = await loadRunInfo(dir);
  const { split, summary } = await readSplit(file, run.labels, o.read ?? {}, o.unknownLabel ?? 'error');
  if (split.texts.length === 0) throw new DataError(file, 'no records left to evaluate');
  return withClassifier(run, split.texts, o, async (clf, batch) => ({
    run,
    task: clf.task,
    split,
    summary,
    evaluation: await evaluate(clf.pipeline, clf.task, split, batch),
  }));
}

/** Texts per model pass of predictWithRun, and per job of `predict --redis` (its --chunk default). */
export const PREDICT_CHUNK = 256;

/** Probabilities and decisions for texts, in input order. Without a feature cache the texts go through the
 *  serving predictor (classifierPredictor: what `serve` and the queue workers run) one input-order chunk at a
 *  time, so a text's numbers depend only on its chunk — the padding of its batch moves the last digit of some
 *  reductions, so "the same chunks" is what makes local and --redis output byte-identical. With `cacheDir` the
 *  features come from the persistent cache (filled in its own batches). */
export async function predictWithRun(
  dir: string,
  texts: readonly string[],
  o: UseRunOptions = {},
): Promise<{ run: RunInfo; task: ClassificationTask; predictions: Predictions }> {
  const run = await loadRunInfo(dir);
  if (texts.length === 0)
    return { run, task: run.config.task, predictions: { probabilities: new Float32Array(0), decisions: [] } };
  if (o.cacheDir !== undefined)
    return withClassifier(run, texts, o, async (clf, batch) => ({
      run,
      task: clf.task,
      predictions: await predict(clf.pipeline, clf.task, texts, batch),
    }));
  const chunk = o.chunk ?? PREDICT_CHUNK;
  if (!(Number.isInteger(chunk) && chunk >= 1)) throw new UsageError(`chunk must be a positive integer, got ${chunk}`);
  withThreshold(run.config.task, o.threshold); // usage errors before the model loads
  const clf = await assembleClassifier(run.config, { runDir: run.dir, onWarning: o.onWarning });
  const p = await classifierPredictor(clf, {
    threshold: o.threshold,
    maxBatch: o.batchSize ?? run.config.train.evalBatchSize,
  });
  try {
    const C = p.task.labels.length;
    const probs = new Float32Array(texts.length * C);
    for (let s = 0; s < texts.length; s += chunk) {
      probs.set(await p.probabilities(texts.slice(s, s + chunk)), s * C);
      o.onFeatures?.(Math.min(texts.length, s + chunk), texts.length);
    }
    return { run, task: p.task, predictions: { probabilities: probs, decisions: decide(p.task, probs, texts.length) } };
  } finally {
    await p.release();
  }
}
