// One Kim (2014) training run: a split (train / optional dev / test, texts already cleaned by clean_str), a
// variant and a vector source → vocabulary, initial tables, the model, the trainer (kim2014 preset), and the
// test accuracy at the best dev epoch (Kim's early selection; his code evaluates test at each new best dev, ties
// included).
// Without a dev split, 10% of train (stratified, seeded) becomes dev, as Kim did. The run itself is fitKim
// (fit.ts), which also keeps the best epoch's weights for a run folder; runKim returns its summary.
import type { LabelledSplit } from '../../train/evaluate.ts';
import type { EpochRecord } from '../../train/loop.ts';
import type { TrainOptionsInput } from '../../train/options.ts';
import type { KimVariant, VectorScale } from '../../tasks/kim/paper.ts';
import type { VectorSource } from '../../tasks/kim/tables.ts';
import { fitKim } from './fit.ts';

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

/** One run's summary (fitKim without the weights and evaluations a run folder needs). */
export async function runKim(data: KimSplits, o: KimRunOptions): Promise<KimRunResult> {
  return (await fitKim(data, o)).result;
}
