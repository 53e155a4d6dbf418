// One Kim (2014) training run that keeps what a run folder needs: the same steps as runKim (experiment.ts) —
// dev = 10% of train when none is given, vocabulary = training words + dev/test words with a pretrained vector,
// initial tables, KimCnn, the kim2014 recipe on the one loop (train.ts), test scored at each new best dev epoch (Kim's `>=`) — plus a copy
// of every weight at the best epoch (each channel's whole [V, D] table, frozen ones included, under
// `<channel>.weight`, and the CNN / char-CNN params under their own names), the dev/test evaluations at that
// epoch (probabilities included) and the epoch history. Test is optional here (a run without a test file).
import { holdoutSplit } from '../../data/splits.ts';
import { Rng } from '../../engine/rng.ts';
import type { Evaluation, LabelledSplit } from '../../tasks/classification/evaluate.ts';
import type { EpochRecord } from '../../train/loop.ts';
import type { TrainOptionsInput } from '../../train/options.ts';
import type { TrainObjective } from '../../tasks/classification/objective.ts';
import type { ClassificationTask } from '../../tasks/classification/task.ts';
import { CharVocab } from '../../tasks/kim/char-cnn.ts';
import { words } from '../../tasks/kim/clean-str.ts';
import { KimCnn } from '../../tasks/kim/model.ts';
import { KIM2014, type KimVariant, type VectorScale } from '../../tasks/kim/paper.ts';
import type { RowTable } from '../../tasks/kim/row-table.ts';
import { buildTables, hasPretrained, type Tables, type VectorSource } from '../../tasks/kim/tables.ts';
import { buildWordVocab, kimLayout, type WordVocab } from '../../tasks/kim/vocab.ts';
import { kimPipeline, pieceEncoder, wordEncoder } from './pipeline.ts';
import { kim2014TrainOptions } from './recipe.ts';
import { trainKim } from './train.ts';

export interface KimRunOptions {
  variant: KimVariant;
  source: VectorSource;
  seed: number;
  /** Trainer overrides (e.g. { epochs: 1 }). */
  train?: TrainOptionsInput;
  /** Multichannel combination (default 'shared', Kim's paper). */
  combine?: 'shared' | 'separate';
  /** Static vectors: rescaled to Kim's entry std ('kim', default) or used as they are ('raw'). */
  vectorScale?: VectorScale;
  /** ONNX Runtime intra-op threads (default: BERTCNN_THREADS, else all cores). */
  threads?: number;
  onEpoch?: (e: EpochRecord) => void;
  /** A new best dev epoch, with the test accuracy measured at it. */
  onBest?: (epoch: number, dev: number, test: number) => void;
  /** Polled between steps (Ctrl-C): training stops and the fit says `interrupted` (nothing is saved of it). */
  shouldStop?: () => boolean;
}

export interface KimRunResult {
  test_accuracy: number;
  dev_accuracy: number;
  best_epoch: number;
  epochs: number;
  seconds: number;
  vocab_size: number;
  trainable_params: number;
  init: Record<string, number | string | boolean>;
}

export interface KimFitData {
  labels: string[];
  train: LabelledSplit;
  dev?: LabelledSplit;
  test?: LabelledSplit;
}

export interface KimFitOptions extends KimRunOptions {
  /** Fraction of train held out as dev when `dev` is absent (default KIM2014.devFraction, Kim's 10%). */
  devFraction?: number;
  /** The training loss and its feeds over train's rows (default: cross-entropy on train's labels). A distilled
   *  student's train is its whole transfer set: every text enters the vocabulary, as Kim's training data does. */
  objective?: TrainObjective;
}

export interface SavedTensor {
  shape: number[];
  data: Float32Array;
}

export interface KimFit {
  result: KimRunResult;
  model: KimCnn;
  /** null at WordPiece level. */
  vocab: WordVocab | null;
  chars: CharVocab | undefined;
  tables: Tables;
  /** Every weight at the best dev epoch, by name (channel tables as `<channel>.weight` [V, D]). */
  weights: Map<string, SavedTensor>;
  dev: Evaluation | null;
  test: Evaluation | null;
  history: EpochRecord[];
  evalBatchSize: number;
  /** Stopped by shouldStop before its last epoch: not a finished model. */
  interrupted: boolean;
}

/** The whole [V, D] table of a channel (an identity table lives in its Param). */
export function channelTable(c: RowTable): Float32Array {
  return c.identity ? c.rows.data : c.table;
}

/** Copies of every weight, channel tables under `<channel>.weight` (the names an identity KimCnn uses). */
export function snapshotWeights(model: KimCnn): Map<string, SavedTensor> {
  const out = new Map<string, SavedTensor>();
  const rows = new Set(model.channels.map((c) => c.rows));
  for (const c of model.channels)
    out.set(`${c.name}.weight`, { shape: [c.vocabSize, c.dim], data: Float32Array.from(channelTable(c)) });
  for (const p of model.parameters())
    if (!rows.has(p)) out.set(p.name, { shape: [...p.shape], data: Float32Array.from(p.data) });
  return out;
}

/** The train and dev splits fitKim trains on: the given dev, else a stratified seeded holdout of train (Kim's 10%). */
export function kimTrainDev(
  data: KimFitData,
  seed: number,
  devFraction: number = KIM2014.devFraction,
): { train: LabelledSplit; dev: LabelledSplit } {
  if (data.dev) return { train: data.train, dev: data.dev };
  const h = holdoutSplit(
    data.train.y.map((y) => String(y)),
    { fraction: devFraction, seed },
  );
  const pick = (idx: number[]) => ({
    texts: idx.map((i) => data.train.texts[i]!),
    y: idx.map((i) => data.train.y[i]!),
  });
  return { train: pick(h.train), dev: pick(h.dev) };
}

export async function fitKim(data: KimFitData, o: KimFitOptions): Promise<KimFit> {
  const started = performance.now();
  const { train: trainSplit, dev } = kimTrainDev(data, o.seed, o.devFraction);
  const testSplit = data.test ?? { texts: [], y: [] };
  const wordLevel = !(o.source.kind === 'bert' && o.source.level === 'wordpiece') || o.variant === 'rand';
  const tok = (s: LabelledSplit) => s.texts.map(words);
  const vocab = wordLevel
    ? buildWordVocab(
        tok(trainSplit),
        o.variant === 'rand'
          ? undefined
          : { sentences: [...tok(dev), ...tok(testSplit)], keep: (w) => hasPretrained(o.source, w) },
      )
    : null;
  const tables = buildTables(o.variant, o.source, vocab?.words ?? null, o.seed, o.vectorScale);
  const chars = tables.charCnn && vocab ? new CharVocab(vocab.words.slice(1)) : undefined;
  if (!vocab && o.source.kind !== 'bert') throw new Error('fitKim: a WordPiece-level model needs a BERT source');
  const encode = vocab
    ? wordEncoder(vocab)
    : pieceEncoder((o.source as Extract<VectorSource, { kind: 'bert' }>).bert.tokenizer);
  const options = kim2014TrainOptions({ seed: o.seed, evalBatchSize: KIM2014.batchSize, ...o.train });
  const all = [...trainSplit.texts, ...dev.texts, ...testSplit.texts];
  const maxTokens = Math.max(...all.map((t) => encode(t).ids.length));
  const rng = new Rng(o.seed);
  const model = new KimCnn(
    '',
    {
      vocabSize: tables.vocabSize,
      dim: tables.dim,
      numClasses: data.labels.length,
      channels: tables.channels,
      combine: o.combine,
      kernelSizes: [...KIM2014.kernelSizes],
      filters: KIM2014.filters,
      dropout: KIM2014.dropout,
      charCnn: chars ? { numChars: chars.size } : undefined,
      rowCapacity: Math.max(options.batchSize, options.evalBatchSize) * maxTokens + 1,
    },
    rng,
  );
  const pipeline = kimPipeline(model, encode, kimLayout(KIM2014.kernelSizes), chars);
  model.kimInit(rng, Math.max(...all.map((t) => pipeline.length(t))));
  const task: ClassificationTask = { kind: 'multiclass', labels: data.labels };
  const best: { at: { weights: Map<string, SavedTensor>; dev: Evaluation | null; test: Evaluation | null } | null } = {
    at: null,
  };
  const result = await trainKim(
    model,
    pipeline,
    task,
    { train: trainSplit, dev },
    options,
    {
      onEpoch: (e) => o.onEpoch?.(e),
      shouldStop: o.shouldStop,
      async onBest(e, devEval, evaluate) {
        const test = data.test ? await evaluate(data.test) : null;
        best.at = { weights: snapshotWeights(model), dev: devEval, test };
        o.onBest?.(e.epoch, e.dev?.accuracy ?? Number.NaN, test?.scores.summary.accuracy ?? Number.NaN);
      },
    },
    { threads: o.threads, objective: o.objective },
  );
  const b = best.at ?? { weights: snapshotWeights(model), dev: null, test: null };
  return {
    result: {
      test_accuracy: b.test?.scores.summary.accuracy ?? Number.NaN,
      dev_accuracy: result.bestMetric ?? Number.NaN,
      best_epoch: result.bestEpoch ?? 0,
      epochs: result.history.length,
      seconds: (performance.now() - started) / 1000,
      vocab_size: tables.vocabSize,
      trainable_params: model.countParameters(true),
      init: tables.info,
    },
    model,
    vocab,
    chars,
    tables,
    weights: b.weights,
    dev: b.dev,
    test: b.test,
    history: result.history,
    evalBatchSize: options.evalBatchSize,
    interrupted: result.interrupted,
  };
}
