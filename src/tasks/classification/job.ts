// A whole training job, as `bertcnn train` runs it: read and check the data, write the run folder's config and
// label map, assemble the classifier, cache frozen features, train with checkpoints (best model saved
// atomically, resumable state every epoch and on Ctrl-C), then score the best model on dev and test. metrics.json
// also counts the texts longer than the max length (`long_texts`: truncated, or windowed with a window stride).
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../errors.ts';
import { resolveModel } from '../../io/hub.ts';
import { parseHeadSettings, type HeadSettingsInput } from '../../heads/index.ts';
import { saveLabelMap, loadLabelMap, type LabelMap } from '../../data/labels.ts';
import type { TextReadOptions } from '../../data/read.ts';
import { inputName, type DataInput } from '../../data/lines.ts';
import { balancedWeights, taskFromLabels, type ClassificationTask, type TaskKind } from './task.ts';
import { cnnAloneInit } from './cnn-alone-init.ts';
import { assembleClassifier, type AssembleOptions, type Classifier } from './classifier.ts';
import { readJobData, type SplitSummary } from './data.ts';
import { evaluate, type Evaluation, type LabelledSplit } from './evaluate.ts';
import { longTexts } from '../../features/long-texts.ts';
import type { TrainOptions, TrainOptionsInput } from '../../train/options.ts';
import { parseTrainOptions } from '../../train/options.ts';
import { heldRunMessage, withRunStatus } from '../../train/run-status.ts';
import { RUN_FORMAT_VERSION, type EncoderSpec, type RunConfig } from '../../train/run-config.ts';
import {
  appendLog,
  loadCheckpoint,
  loadBestWeights,
  saveBestWeights,
  readRunConfig,
  saveCheckpoint,
  writeJson,
} from '../../train/run-dir.ts';
import type { Param } from '../../engine/param.ts';
import type { ResumeState, TrainerHooks as LoopHooks } from '../../train/loop.ts';
import { train, type EpochRecord, type TrainResult } from './trainer.ts';

export const BERTCNN_VERSION = '0.1.0';

export interface TrainJob {
  out: string;
  /** A file path, or in-memory file contents ({ name, data }: the API's arrays, written as JSONL). */
  trainFile: DataInput;
  devFile?: DataInput;
  testFile?: DataInput;
  devFraction?: number;
  /** Cross-validation fold: dev = fold `index` (0-based) of `k` folds of the train file. */
  fold?: { k: number; index: number };
  read?: TextReadOptions;
  unknownLabel?: 'error' | 'skip';
  task?: TaskKind;
  classWeights?: 'balanced' | number[];
  mode: 'frozen' | 'finetune' | 'ids';
  encoder: Partial<EncoderSpec> & { ref: string };
  /** The head's `{ kind, options }` (validated before any work; config.json keeps it as given). */
  head: HeadSettingsInput;
  options: TrainOptionsInput;
  /** Encoder layers to freeze in fine-tune mode (embeddings are frozen with any value ≥ 0). */
  freezeLayers?: number;
  resume?: boolean;
  /** A fixed label map (in this order), e.g. a distillation teacher's; default: built from the training file. */
  labels?: LabelMap;
}

/** How the assembled classifier is trained: trainer.ts `train` by default; distillation plugs in its own. */
export type JobTrainer = (
  clf: Classifier,
  task: ClassificationTask,
  data: { train: LabelledSplit; dev?: LabelledSplit },
  o: TrainOptions,
  hooks: LoopHooks<Evaluation>,
  resume: ResumeState | undefined,
) => Promise<TrainResult>;

export interface JobEvents {
  onData?(summaries: SplitSummary[]): void;
  onFeatures?(done: number, total: number): void;
  onStep?(s: { epoch: number; step: number; loss: number; lr: number }): void;
  onEpoch?(e: EpochRecord, totalEpochs: number): void;
  shouldStop?(): boolean;
  onWarning?(message: string): void;
  /** A line worth showing before training (coverage of the data by pretrained vectors, parameter counts). */
  onInfo?(line: string): void;
}

export interface JobResult {
  config: RunConfig;
  result: TrainResult;
  metrics: Record<string, unknown>;
}

/** Trainer hooks shared by classification and tagging jobs: step/epoch logs and events, checkpoints, Ctrl-C;
 * `onBest` saves the new best model. */
export function jobHooks<D>(
  out: string,
  o: { logEvery: number; epochs: number },
  ev: JobEvents,
  trained: readonly Param[],
  onBest: (dev: D | null) => Promise<void>,
): LoopHooks<D> {
  return {
    onStep: (s) => {
      ev.onStep?.(s);
      if (o.logEvery > 0 && s.step % o.logEvery === 0) appendLog(out, { type: 'step', ...s });
    },
    onEpoch: async (e) => {
      appendLog(out, { type: 'epoch', ...e });
      ev.onEpoch?.(e, o.epochs);
    },
    onBest: (_e, dev) => onBest(dev),
    onCheckpoint: (s) => saveCheckpoint(out, trained, s),
    shouldStop: ev.shouldStop,
  };
}

/** What config.json's `data` records for an input: its path, or the in-memory input's name. */
export const nameOf = (input: DataInput | undefined): string | undefined =>
  input === undefined ? undefined : inputName(input);

function scoresJson(e: Evaluation) {
  return { ...e.scores.summary, per_class: e.scores.perClass, confusion: e.scores.confusion };
}

export async function runTrainingJob(
  job: TrainJob,
  ev: JobEvents = {},
  assemble: AssembleOptions = {},
  trainer?: JobTrainer,
): Promise<JobResult> {
  const resuming = job.resume === true && existsSync(join(job.out, 'checkpoint', 'state.json'));
  if (!job.resume && existsSync(join(job.out, 'config.json'))) {
    throw new UsageError(await heldRunMessage(job.out));
  }
  await mkdir(job.out, { recursive: true });
  const known = resuming ? await loadLabelMap(join(job.out, 'labels.json')) : undefined;
  const o = parseTrainOptions(job.options);
  let head = parseHeadSettings(job.head);
  const data = await readJobData({
    train: job.trainFile,
    dev: job.devFile,
    test: job.testFile,
    devFraction: job.devFraction,
    fold: job.fold,
    read: job.read,
    unknownLabel: job.unknownLabel,
    seed: o.seed,
    labels: known ?? job.labels,
  });
  ev.onData?.(data.summaries);
  // cnn-alone with --init-embeddings: the table is computed here, its width becomes the head's embeddingDim
  const init =
    head.kind === 'cnn-alone' && head.options.initEmbeddings !== undefined
      ? await cnnAloneInit(String(head.options.initEmbeddings), job.encoder.ref, o.seed, ev.onInfo)
      : null;
  if (init && head.kind === 'cnn-alone') {
    if (head.options.embeddingDim !== undefined && head.options.embeddingDim !== init.dim)
      throw new UsageError(
        `head cnn-alone: embedding-dim ${String(head.options.embeddingDim)} differs from the initial table's ${init.dim} (${init.description})`,
      );
    head = { kind: 'cnn-alone', options: { ...head.options, embeddingDim: init.dim } };
  }
  const task = taskOfTrainFile(data.labels, job);
  if (job.classWeights)
    task.classWeights = job.classWeights === 'balanced' ? balancedWeights(task, data.train.y) : job.classWeights;
  if (task.classWeights && task.classWeights.length !== task.labels.length) {
    throw new UsageError(
      `class weights: ${task.classWeights.length} given for ${task.labels.length} labels (${task.labels.join(', ')})`,
    );
  }
  const config: RunConfig = resuming
    ? await readRunConfig(job.out)
    : {
        format: 'bertcnn-run',
        version: RUN_FORMAT_VERSION,
        kind: 'classification',
        task,
        mode: job.mode,
        encoder: { layers: 'last', combine: 'concat', maxLength: 128, precision: 'fp32', ...job.encoder },
        encoderSaved: job.mode === 'finetune',
        head,
        train: o,
        data: Object.fromEntries(
          Object.entries({
            train: nameOf(job.trainFile),
            dev: nameOf(job.devFile),
            test: nameOf(job.testFile),
            fold: job.fold && `${job.fold.index + 1}/${job.fold.k}`,
            // eval reads labelled files the way training did unless told otherwise (multi-label split)
            labelSeparator: job.read?.labelSeparator,
          }).filter(([, v]) => v),
        ) as Record<string, string>,
        created: new Date().toISOString(),
        bertcnnVersion: BERTCNN_VERSION,
      };
  if (!resuming) {
    await writeJson(join(job.out, 'config.json'), config);
    await saveLabelMap(join(job.out, 'labels.json'), data.labels);
  }
  // status.json: running → complete | interrupted | failed (src/train/run-status.ts)
  return withRunStatus(job.out, async () => {
    const clf = await assembleClassifier(
      { ...config, encoderSaved: false },
      { ...assemble, onWarning: ev.onWarning, ...(init ? { pretrained: init.table } : {}) },
    );
    const count = (trainable: boolean) =>
      clf.pipeline
        .parameters()
        .filter((p) => p.trainable === trainable)
        .reduce((n, p) => n + p.data.length, 0);
    if (config.mode === 'ids')
      ev.onInfo?.(
        `${config.head.kind}: ${count(true).toLocaleString('en-US')} trainable parameters` +
          (count(false) ? `, ${count(false).toLocaleString('en-US')} frozen` : ''),
      );
    try {
      if (config.mode === 'finetune' && clf.encoder.module.parameters().length === 0) {
        throw new UsageError(`encoder ${config.encoder.ref} has no trainable weights (frozen-only); use --mode frozen`);
      }
      if (config.mode === 'finetune' && job.freezeLayers !== undefined)
        clf.encoder.freeze({ embeddings: true, layers: job.freezeLayers });
      const texts = [...data.train.texts, ...(data.dev?.texts ?? []), ...(data.test?.texts ?? [])];
      const long = longTexts(clf.encoder, texts, config.encoder.maxLength, config.encoder.windowStride);
      if (clf.source) await clf.source.prepare(texts, ev.onFeatures);
      const trained = clf.pipeline.parameters();
      const resume = resuming ? await loadCheckpoint(job.out, trained) : undefined;
      const fineTuned =
        config.mode === 'finetune'
          ? { sourceDir: (await resolveModel(config.encoder.ref)).dir, params: clf.encoder.module.parameters() }
          : null;
      let bestDev: Evaluation | null = null;
      const hooks = jobHooks<Evaluation>(job.out, o, ev, trained, async (dev) => {
        bestDev = dev;
        await saveBestWeights(job.out, clf.savedParams(), fineTuned);
      });
      const result = trainer
        ? await trainer(clf, task, { train: data.train, dev: data.dev }, o, hooks, resume)
        : await train(clf.pipeline, task, { train: data.train, dev: data.dev }, o, hooks, {
            encoderParams: clf.encoderParams,
            resume,
          });
      if (result.interrupted) return { config, result, metrics: {} };
      // Score the best model (weights saved by onBest, the fine-tuned encoder's too) on dev and test.
      await loadBestWeights(job.out, clf.savedParams(), fineTuned);
      const metrics: Record<string, unknown> = {
        best_epoch: result.bestEpoch,
        stopped_early: result.stoppedEarly,
        long_texts: long,
      };
      if (data.dev)
        metrics.dev = scoresJson(
          bestDev && config.mode !== 'finetune'
            ? bestDev
            : await evaluate(clf.pipeline, task, data.dev, o.evalBatchSize),
        );
      if (data.test) metrics.test = scoresJson(await evaluate(clf.pipeline, task, data.test, o.evalBatchSize));
      await writeJson(join(job.out, 'metrics.json'), metrics);
      return { config, result, metrics };
    } finally {
      await clf.release();
    }
  });
}

export async function readMetrics(dir: string): Promise<Record<string, unknown> | null> {
  const p = join(dir, 'metrics.json');
  return existsSync(p) ? (JSON.parse(await readFile(p, 'utf8')) as Record<string, unknown>) : null;
}

/** The task of the training labels; a label set that cannot make one (a single class, …) is named by its file. */
function taskOfTrainFile(labels: LabelMap, job: { trainFile: DataInput; task?: TaskKind }): ClassificationTask {
  try {
    return taskFromLabels(labels, job.task);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`${inputName(job.trainFile)}: ${e.message}`);
    throw e;
  }
}
