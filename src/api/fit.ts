// What fit() shares between TextClassifier and TokenTagger: its options and callbacks, the callbacks turned into
// the training job's events, the result it returns, and the run folder lifecycle around the job (train.json with
// the settings as `bertcnn train` writes it; a private working folder removed on failure, or the `out` folder
// removed when the job failed before it held a run).
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TextReadOptions } from '../data/read.ts';
import { UsageError } from '../errors.ts';
import type { DataInput } from '../data/lines.ts';
import type { JobEvents, TrainJob } from '../tasks/classification/job.ts';
import type { EpochRecord } from '../train/loop.ts';
import { writeJson } from '../train/run-dir.ts';
import {
  encoderSelection,
  trainingOptions,
  type ResolvedClassifierOptions,
  type ResolvedTaggerOptions,
} from './options.ts';
import { workFolder } from './run-folder.ts';

/** Progress of fit(): encoder features being computed, or optimizer steps being taken. */
export interface FitProgress {
  stage: 'features' | 'train';
  done: number;
  total: number;
}

/** Callbacks of fit(): per epoch, per step, progress and warnings. */
export interface FitCallbacks {
  /** After every epoch (once per epoch): the epoch's train loss, dev scores and time. */
  onEpoch?(epoch: EpochRecord, totalEpochs: number): void;
  /** After every optimizer step. */
  onStep?(step: { epoch: number; step: number; loss: number; lr: number }): void;
  /** Feature extraction and training progress (done of total), e.g. for a progress bar. */
  onProgress?(progress: FitProgress): void;
  /** Non-fatal notes (e.g. words cut by the max length). */
  onWarning?(message: string): void;
}

/** fit() options shared by TextClassifier and TokenTagger. */
export interface FitOptionsBase {
  /** Epochs (overrides the constructor's `epochs`). */
  epochs?: number;
  /** Fraction of train held out as dev when no `dev` is given. */
  devSplit?: number;
  /** Train into this folder (it becomes the run folder, as `bertcnn train --out`); default: a private temp folder. */
  out?: string;
  /** Records whose label the training data lacks (dev/test): 'error' (default) or 'skip'. */
  unknownLabel?: 'error' | 'skip';
  callbacks?: FitCallbacks;
}

/** TextClassifier.fit() options: dev/test data (records or file paths), how to read files, epochs, callbacks. */
export interface FitOptions<D> extends FitOptionsBase {
  dev?: D;
  test?: D;
  /** How to read data given as file paths (format, header, columns), as `bertcnn train`'s flags. */
  read?: TextReadOptions;
}

/** What fit() returns: the epoch history, the best epoch and the run's metrics.json. */
export interface FitResult {
  /** One record per epoch: train_loss, dev scores, seconds. */
  history: EpochRecord[];
  bestEpoch: number | null;
  stoppedEarly: boolean;
  /** metrics.json of the run: best epoch, and the best model's dev/test scores. */
  metrics: Record<string, unknown>;
  /** The run folder (a private temp folder unless fit({ out }) named one). */
  runDir: string;
}

/** The job events that call the user's callbacks; steps are counted against epochs × batches per epoch. */
export function jobEvents(cb: FitCallbacks, epochs: number, batchSize: number): JobEvents {
  let totalSteps = 0;
  return {
    onData: (s) => {
      totalSteps = Math.ceil((s[0]?.records ?? 0) / batchSize) * epochs;
    },
    onFeatures: (done, total) => cb.onProgress?.({ stage: 'features', done, total }),
    onStep: (s) => {
      cb.onStep?.({ epoch: s.epoch, step: s.step, loss: s.loss, lr: s.lr });
      cb.onProgress?.({ stage: 'train', done: s.step, total: totalSteps });
    },
    onEpoch: (e, total) => cb.onEpoch?.(e, total),
    onWarning: (m) => cb.onWarning?.(m),
  };
}

/** The job fields TextClassifier.fit and TokenTagger.fit share (data, encoder selection, training options); each
 *  adds its task's own (read options and task, or the tagger head). `input` turns records or a path into a DataInput. */
export function fitJobBase<D>(
  o: ResolvedClassifierOptions | ResolvedTaggerOptions,
  data: { train: D; dev?: D; test?: D },
  fit: FitOptionsBase,
  out: string,
  epochs: number,
  input: (data: D, name: string) => DataInput,
): Pick<
  TrainJob,
  'out' | 'trainFile' | 'devFile' | 'testFile' | 'devFraction' | 'unknownLabel' | 'encoder' | 'options' | 'freezeLayers'
> {
  return {
    out,
    trainFile: input(data.train, 'train'),
    devFile: data.dev === undefined ? undefined : input(data.dev, 'dev'),
    testFile: data.test === undefined ? undefined : input(data.test, 'test'),
    devFraction: fit.devSplit,
    unknownLabel: fit.unknownLabel,
    encoder: encoderSelection(o),
    options: trainingOptions(o, epochs),
    freezeLayers: o.freezeLayers,
  };
}

/** Runs `job` in `out` (or a fresh private folder) after writing train.json; cleans up when it fails early. */
export async function inRunFolder<T>(
  out: string | undefined,
  settings: Record<string, unknown>,
  job: (dir: string) => Promise<T>,
): Promise<{ dir: string; temporary: boolean; result: T }> {
  const temporary = out === undefined;
  const dir = out ?? (await workFolder());
  const created = !existsSync(dir);
  if (!temporary && existsSync(join(dir, 'config.json')))
    throw new UsageError(`fit: ${dir} already holds a run; choose another out folder`);
  try {
    await mkdir(dir, { recursive: true });
    await writeJson(join(dir, 'train.json'), { ...settings, out: dir });
    return { dir, temporary, result: await job(dir) };
  } catch (e) {
    if (temporary || (created && !existsSync(join(dir, 'config.json'))))
      await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** train.json's data keys (the CLI's names): file paths only (in-memory records have no file to repeat the run
 *  from), the dev fraction, and the reader settings `bertcnn train` has flags for. */
export function dataPaths(d: {
  train: unknown;
  dev?: unknown;
  test?: unknown;
  devSplit?: number;
  read?: TextReadOptions;
}): Record<string, unknown> {
  const path = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const r = d.read ?? {};
  const keys = {
    train: path(d.train),
    dev: path(d.dev),
    test: path(d.test),
    devSplit: d.devSplit,
    format: r.format,
    header: r.header,
    textColumn: r.textColumn,
    labelColumn: r.labelColumn,
    labelSeparator: r.labelSeparator,
  };
  return Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined));
}
