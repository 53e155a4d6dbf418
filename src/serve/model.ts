// A trained run folder loaded once for serving: the classifier is rebuilt exactly as training built it
// (loadRunInfo + assembleClassifier with the run's weights, as `bertcnn predict` does), and its inference Program
// is compiled once and reused for every batch (`predict` compiles one per call, too slow for a server).
// Frozen runs compute encoder features per batch (BatchFeatureSource) instead of caching every text seen, with the
// run's own feature options (classifier.ts frozenFeatureOptions: a run trained with --window-stride is served windowed).
// predict() calls are serialized, so callers (the MicroBatcher) may call it freely.
import { basename, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.ts';
import { Program } from '../engine/program.ts';
import { evalBatches } from '../data/batching.ts';
import { headInput, type HeadKind } from '../heads/index.ts';
import { decide, probabilities, type ClassificationTask } from '../tasks/classification/task.ts';
import { assembleClassifier, frozenFeatureOptions, type Classifier } from '../tasks/classification/classifier.ts';
import { frozenPipeline, type Pipeline } from '../train/pipeline.ts';
import type { RunConfig } from '../train/run-config.ts';
import { loadRunInfo } from '../tasks/classification/inference.ts';
import { BatchFeatureSource } from './batch-features.ts';
import { formatPrediction, type Prediction } from './predictions.ts';

/** What GET /v1/model shows: the run's config summary and its metrics.json (null when absent). */
export interface ModelInfo {
  name: string;
  task: { kind: ClassificationTask['kind']; labels: string[]; thresholds?: number[] };
  mode: RunConfig['mode'];
  encoder: RunConfig['encoder'] & { saved: boolean };
  head: RunConfig['head'];
  created: string;
  bertcnnVersion: string;
  metrics: Record<string, unknown> | null;
}

/** The server's view of a model: texts in, one prediction per text out (in order). */
export interface ServedModel {
  readonly info: ModelInfo;
  predict(texts: readonly string[]): Promise<Prediction[]>;
  close(): Promise<void>;
}

export interface LoadModelOptions {
  /** Decision threshold for binary (positive class) or multi-label (every label) runs. */
  threshold?: number;
  /** Largest inference batch (longer lists are run in length-sorted chunks). Default 32. */
  maxBatch?: number;
  onWarning?(message: string): void;
}

/** Same rule as `bertcnn predict --threshold`. */
function applyThreshold(task: ClassificationTask, threshold: number | undefined): void {
  if (threshold === undefined) return;
  if (!(threshold > 0 && threshold < 1)) throw new UsageError(`--threshold must be in (0, 1), got ${threshold}`);
  if (task.kind === 'multiclass')
    throw new UsageError('--threshold applies to binary and multi-label runs; this run is multi-class (argmax)');
  task.thresholds = task.kind === 'binary' ? [threshold] : task.labels.map(() => threshold);
}

/** Frozen runs: a per-batch feature source with the options assembleClassifier gives the run's own source. */
function servingPipeline(clf: Classifier): { pipeline: Pipeline; source: BatchFeatureSource | null } {
  const cfg = clf.config;
  if (cfg.mode !== 'frozen') return { pipeline: clf.pipeline, source: null };
  const input = headInput(cfg.head.kind as HeadKind);
  const source = new BatchFeatureSource(clf.encoder, frozenFeatureOptions(cfg)); // windowed runs: windowed here too
  return { pipeline: frozenPipeline(source, clf.head, input), source };
}

async function readMetrics(dir: string, onWarning?: (m: string) => void): Promise<Record<string, unknown> | null> {
  const path = join(dir, 'metrics.json');
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    onWarning?.(`${path}: not valid JSON (${(e as Error).message}); /v1/model shows no metrics`);
    return null;
  }
}

export async function loadServedModel(dir: string, o: LoadModelOptions = {}): Promise<ServedModel> {
  checkMaxBatch(o.maxBatch);
  const run = await loadRunInfo(dir);
  applyThreshold({ ...run.config.task }, o.threshold); // usage errors before the model loads
  const metrics = await readMetrics(dir, o.onWarning);
  const clf = await assembleClassifier(run.config, { runDir: dir, onWarning: o.onWarning });
  return serveClassifier(clf, { name: basename(resolve(dir)), metrics }, o);
}

function checkMaxBatch(maxBatch: number | undefined): void {
  if (maxBatch !== undefined && (!Number.isInteger(maxBatch) || maxBatch < 1))
    throw new UsageError(`max batch must be a positive integer, got ${maxBatch}`);
}

/** A served model around an assembled classifier (weights loaded): compiles its inference Program once.
 *  close() releases the Program and the classifier (the library API holds one to predict and to summarise). */
export async function serveClassifier(
  clf: Classifier,
  about: { name: string; metrics: Record<string, unknown> | null },
  o: LoadModelOptions = {},
): Promise<ServedModel> {
  checkMaxBatch(o.maxBatch);
  const maxBatch = o.maxBatch ?? 32;
  let program: Program;
  let serving: ReturnType<typeof servingPipeline>;
  try {
    applyThreshold(clf.task, o.threshold);
    serving = servingPipeline(clf);
    const pipeline = serving.pipeline;
    program = await Program.compile({
      label: `${pipeline.mode} serving`,
      training: false,
      inputs: pipeline.inputSpecs,
      build: (ctx, x) => ({ outputs: { logits: pipeline.build(ctx, x) } }),
    });
  } catch (e) {
    await clf.release();
    throw e;
  }
  const { pipeline, source } = serving;
  const task = clf.task;
  const cfg = clf.config;
  const info: ModelInfo = {
    name: about.name,
    task: {
      kind: task.kind,
      labels: [...task.labels],
      ...(task.thresholds ? { thresholds: [...task.thresholds] } : {}),
    },
    mode: cfg.mode,
    encoder: { ...cfg.encoder, saved: cfg.encoderSaved },
    head: cfg.head,
    created: cfg.created,
    bertcnnVersion: cfg.bertcnnVersion,
    metrics: about.metrics,
  };

  const C = task.labels.length;
  async function run1(texts: readonly string[]): Promise<Prediction[]> {
    if (texts.length === 0) return [];
    if (source) await source.prepare(texts);
    // Same steps as tasks/classification/evaluate.ts predict(): length-sorted batches, probabilities, original order, decisions.
    const plan = evalBatches(
      texts.map((t) => pipeline.length(t)),
      maxBatch,
    );
    const perBatch: Float32Array[][] = [];
    for (const idx of plan.batches) {
      const r = await program.run(await pipeline.feeds(idx.map((k) => texts[k]!)));
      const probs = probabilities(task, r.outputs.logits!.data as Float32Array, idx.length);
      perBatch.push(idx.map((_, j) => probs.subarray(j * C, (j + 1) * C)));
    }
    const rows = plan.restore(perBatch);
    const all = new Float32Array(texts.length * C);
    rows.forEach((r, i) => all.set(r, i * C));
    const decisions = decide(task, all, texts.length);
    return rows.map((r, i) => formatPrediction(task, r, decisions[i]!));
  }

  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;
  return {
    info,
    predict(texts) {
      if (closed) return Promise.reject(new Error('model is closed'));
      const next = chain.then(() => run1(texts));
      chain = next.catch(() => {});
      return next;
    },
    async close() {
      if (closed) return;
      closed = true;
      await chain;
      await program.release();
      await clf.release();
    },
  };
}
