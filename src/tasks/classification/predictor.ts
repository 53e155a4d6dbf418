// A classifier kept ready for many predict() calls — the server, a queue worker, the library's TextClassifier and
// loadRun() all hold one: its inference Program is compiled once (predict() in evaluate.ts compiles one per call,
// too slow for a server), and calls are serialized, so callers (the MicroBatcher) may call it freely.
// Frozen runs compute encoder features per call (BatchFeatureSource) instead of caching every text seen, with the
// run's own feature options (classifier.ts frozenFeatureOptions: a run trained with --window-stride is served
// windowed). The steps are those of evaluate.ts predict(): length-sorted batches of at most `maxBatch` texts,
// probabilities, input order restored, decisions (threshold or argmax).
import { UsageError } from '../../errors.ts';
import { Program } from '../../engine/program.ts';
import { evalBatches } from '../../data/batching.ts';
import { headInput } from '../../heads/index.ts';
import { BatchFeatureSource } from '../../features/batch-source.ts';
import { frozenPipeline, type Pipeline } from '../../train/pipeline.ts';
import { frozenFeatureOptions, type Classifier } from './classifier.ts';
import { formatPrediction, type Prediction } from './prediction.ts';
import { decide, outputSize, probabilities, withThreshold, type ClassificationTask } from './task.ts';
import { serialCalls } from '../../train/serial-calls.ts';

export interface ClassifierPredictor {
  readonly task: ClassificationTask;
  /** Class probabilities [N, C] of texts, in input order. */
  probabilities(texts: readonly string[]): Promise<Float32Array>;
  /** Raw logits [N, K] of texts, in input order (K = 1 for binary tasks, else C): what distillation learns from. */
  logits(texts: readonly string[]): Promise<Float32Array>;
  /** One prediction per text, in input order ({label | labels, probabilities}). */
  predict(texts: readonly string[]): Promise<Prediction[]>;
  /** Releases the Program (and whatever `onRelease` holds); later calls reject. */
  release(): Promise<void>;
}

export interface PredictorOptions {
  /** Decision threshold for binary (positive class) or multi-label (every label) runs. */
  threshold?: number;
  /** Largest inference batch (longer lists run in length-sorted chunks). Default 32. */
  maxBatch?: number;
}

export function checkMaxBatch(maxBatch: number | undefined): number {
  if (maxBatch !== undefined && (!Number.isInteger(maxBatch) || maxBatch < 1))
    throw new UsageError(`max batch must be a positive integer, got ${maxBatch}`);
  return maxBatch ?? 32;
}

/** Frozen classifiers: a per-call feature source with the options assembleClassifier gives the run's own source. */
function servingPipeline(clf: Classifier): { pipeline: Pipeline; source: BatchFeatureSource | null } {
  const cfg = clf.config;
  if (cfg.mode !== 'frozen') return { pipeline: clf.pipeline, source: null };
  const source = new BatchFeatureSource(clf.encoder, frozenFeatureOptions(cfg)); // windowed runs: windowed here too
  return { pipeline: frozenPipeline(source, clf.head, headInput(cfg.head.kind)), source };
}

/** A predictor around an assembled classifier (weights loaded); release() releases the classifier too. */
export async function classifierPredictor(clf: Classifier, o: PredictorOptions = {}): Promise<ClassifierPredictor> {
  try {
    const { pipeline, source } = servingPipeline(clf);
    return await pipelinePredictor(pipeline, withThreshold(clf.task, o.threshold), {
      ...o,
      prepare: source ? (texts) => source.prepare(texts) : undefined,
      onRelease: () => clf.release(),
    });
  } catch (e) {
    await clf.release();
    throw e;
  }
}

/** A predictor over any texts → logits pipeline (Kim's too). `prepare` runs before each call's batches (features);
 *  `transform` maps each text first (Kim: clean_str); `onRelease` runs after the Program is released. */
export async function pipelinePredictor(
  pipeline: Pipeline,
  task: ClassificationTask,
  o: PredictorOptions & {
    prepare?: (texts: readonly string[]) => Promise<void>;
    transform?: (text: string) => string;
    onRelease?: () => Promise<void>;
  } = {},
): Promise<ClassifierPredictor> {
  const maxBatch = checkMaxBatch(o.maxBatch);
  const program = await Program.compile({
    label: `${pipeline.mode} inference`,
    training: false,
    inputs: pipeline.inputSpecs,
    build: (ctx, x) => ({ outputs: { logits: pipeline.build(ctx, x) } }),
  });
  const C = task.labels.length;
  const K = outputSize(task);
  /** Logits [N, K] or probabilities [N, C] of raw texts, in input order. */
  async function rowsOf(raw: readonly string[], what: 'logits' | 'probabilities'): Promise<Float32Array> {
    const width = what === 'logits' ? K : C;
    const all = new Float32Array(raw.length * width);
    if (raw.length === 0) return all;
    const texts = o.transform ? raw.map(o.transform) : raw;
    if (o.prepare) await o.prepare(texts);
    const plan = evalBatches(
      texts.map((t) => pipeline.length(t)),
      maxBatch,
    );
    const perBatch: Float32Array[][] = [];
    for (const idx of plan.batches) {
      const r = await program.run(await pipeline.feeds(idx.map((k) => texts[k]!)));
      const logits = r.outputs.logits!.data as Float32Array; // [b, K]
      const rows = what === 'logits' ? logits : probabilities(task, logits, idx.length); // [b, width]
      perBatch.push(idx.map((_, j) => rows.subarray(j * width, (j + 1) * width)));
    }
    plan.restore(perBatch).forEach((row, i) => all.set(row, i * width));
    return all;
  }
  const probabilitiesOf = (raw: readonly string[]) => rowsOf(raw, 'probabilities');
  const calls = serialCalls();
  const serial = <T>(f: () => Promise<T>): Promise<T> => calls.run(f);
  return {
    task,
    probabilities: (texts) => serial(() => probabilitiesOf(texts)),
    logits: (texts) => serial(() => rowsOf(texts, 'logits')),
    predict: (texts) =>
      serial(async () => {
        const all = await probabilitiesOf(texts);
        const decisions = decide(task, all, texts.length);
        return texts.map((_, i) => formatPrediction(task, all.subarray(i * C, (i + 1) * C), decisions[i]!));
      }),
    async release() {
      if (calls.closed) return;
      await calls.close();
      await program.release();
      await o.onRelease?.();
    },
  };
}
