// One Kim (2014) training run: a split (train / optional dev / test, texts already cleaned by clean_str), a
// variant and a vector source → vocabulary, initial tables, the model, the trainer (kim2014 preset), and the
// test accuracy at the best dev epoch (Kim's early selection; his code evaluates test at each new best dev, ties
// included).
// Without a dev split, 10% of train (stratified, seeded) becomes dev, as Kim did.
import { holdoutSplit } from '../../data/splits.ts';
import { Rng } from '../../engine/rng.ts';
import type { LabelledSplit } from '../../train/evaluate.ts';
import type { EpochRecord } from '../../train/trainer.ts';
import type { TrainOptionsInput } from '../../train/options.ts';
import type { ClassificationTask } from '../classification.ts';
import { CharVocab } from './char-cnn.ts';
import { words } from './clean-str.ts';
import { kimTrain } from './kim-train.ts';
import { KimCnn } from './model.ts';
import { kimPipeline, pieceEncoder, wordEncoder } from './pipeline.ts';
import { KIM2014, kim2014TrainOptions, type KimVariant, type VectorScale } from './preset.ts';
import { buildTables, hasPretrained, type VectorSource } from './tables.ts';
import { buildWordVocab, kimLayout } from './vocab.ts';

export interface KimSplits {
  labels: string[];
  train: LabelledSplit;
  dev?: LabelledSplit;
  test: LabelledSplit;
}

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

export async function runKim(data: KimSplits, o: KimRunOptions): Promise<KimRunResult> {
  const started = performance.now();
  let trainSplit = data.train;
  let dev = data.dev;
  if (!dev) {
    const labels = data.train.y.map((y) => String(y));
    const h = holdoutSplit(labels, { fraction: KIM2014.devFraction, seed: o.seed });
    const pick = (idx: number[]) => ({ texts: idx.map((i) => data.train.texts[i]!), y: idx.map((i) => data.train.y[i]!) });
    trainSplit = pick(h.train);
    dev = pick(h.dev);
  }
  const wordLevel = !(o.source.kind === 'bert' && o.source.level === 'wordpiece') || o.variant === 'rand';
  const tok = (s: LabelledSplit) => s.texts.map(words);
  const evalSentences = [...tok(dev), ...tok(data.test)];
  const vocab = wordLevel
    ? buildWordVocab(tok(trainSplit), o.variant === 'rand' ? undefined : { sentences: evalSentences, keep: (w) => hasPretrained(o.source, w) })
    : null;
  const tables = buildTables(o.variant, o.source, vocab?.words ?? null, o.seed, o.vectorScale);
  const layout = kimLayout(KIM2014.kernelSizes);
  const chars = tables.charCnn && vocab ? new CharVocab(vocab.words.slice(1)) : undefined;
  if (!vocab && o.source.kind !== 'bert') throw new Error('runKim: a WordPiece-level model needs a BERT source');
  const encode = vocab ? wordEncoder(vocab) : pieceEncoder((o.source as Extract<VectorSource, { kind: 'bert' }>).bert.tokenizer);
  const options = kim2014TrainOptions({ seed: o.seed, evalBatchSize: KIM2014.batchSize, ...o.train });
  const all = [...trainSplit.texts, ...dev.texts, ...data.test.texts];
  const maxTokens = Math.max(...all.map((t) => encode(t).ids.length));
  const rowCapacity = Math.max(options.batchSize, options.evalBatchSize) * maxTokens + 1;
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
      rowCapacity,
    },
    rng,
  );
  const pipeline = kimPipeline(model, encode, layout, chars);
  model.kimInit(rng, Math.max(...all.map((t) => pipeline.length(t))));
  const task: ClassificationTask = { kind: 'multiclass', labels: data.labels };
  let test = Number.NaN;
  const result = await kimTrain(
    model,
    pipeline,
    task,
    { train: trainSplit, dev },
    options,
    {
      onEpoch: (e) => o.onEpoch?.(e),
      async onBest(e, _dev, evaluate) {
        test = (await evaluate(data.test)).scores.summary.accuracy!;
        o.onBest?.(e.epoch, e.dev?.accuracy ?? Number.NaN, test);
      },
    },
    { threads: o.threads },
  );
  return {
    test_accuracy: test,
    dev_accuracy: result.bestMetric ?? Number.NaN,
    best_epoch: result.bestEpoch ?? 0,
    epochs: result.history.length,
    seconds: (performance.now() - started) / 1000,
    vocab_size: tables.vocabSize,
    trainable_params: model.countParameters(true),
    init: tables.info,
  };
}
