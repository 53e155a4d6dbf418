// One Kim (2014) training run: a split (train / optional dev / test, texts already cleaned by clean_str), a
// variant and a vector source → vocabulary, initial tables, the model, the trainer (kim2014 preset), and the
// test accuracy at the best dev epoch (Kim's early selection; his code evaluates test at each new best dev, ties
// included).
// Without a dev split, 10% of train (stratified, seeded) becomes dev, as Kim did. The run itself is fitKim
// (fit.ts), which also keeps the best epoch's weights for a run folder; runKim returns its summary.
import type { LabelledSplit } from '../../tasks/classification/evaluate.ts';
import { fitKim, type KimRunOptions, type KimRunResult } from './fit.ts';

export type { KimRunOptions, KimRunResult } from './fit.ts';

export interface KimSplits {
  labels: string[];
  train: LabelledSplit;
  dev?: LabelledSplit;
  test: LabelledSplit;
}

/** One run's summary (fitKim without the weights and evaluations a run folder needs). */
export async function runKim(data: KimSplits, o: KimRunOptions): Promise<KimRunResult> {
  return (await fitKim(data, o)).result;
}
