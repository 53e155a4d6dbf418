// Scores of a classification run on one split: a flat summary (what logs, early stopping and tables use) plus
// the per-class rows and the confusion matrix (what reports draw). Multi-label runs have no confusion matrix;
// their summary holds micro/macro F1 and subset accuracy.
import { classificationScores, multiLabelScores, toIndicator, type Prf } from '../../metrics/index.ts';
import type { ClassificationTask } from './task.ts';

export interface ClassRow extends Prf {
  label: string;
}

export interface SplitScores {
  summary: Record<string, number>;
  perClass: ClassRow[];
  confusion: number[][] | null;
}

export function scoreClassification(
  t: ClassificationTask,
  yTrue: readonly (number | number[])[],
  yPred: readonly (number | number[])[],
): SplitScores {
  const C = t.labels.length;
  const rows = (prfs: Prf[]) => prfs.map((p, i) => ({ label: t.labels[i]!, ...p }));
  if (t.kind === 'multilabel') {
    const s = multiLabelScores(toIndicator(yTrue as number[][], C), toIndicator(yPred as number[][], C));
    return {
      summary: {
        micro_f1: s.micro.f1,
        macro_f1: s.macro.f1,
        subset_accuracy: s.subsetAccuracy,
        hamming_loss: s.hammingLoss,
      },
      perClass: rows(s.perLabel),
      confusion: null,
    };
  }
  const s = classificationScores(yTrue as number[], yPred as number[], C);
  return {
    summary: { accuracy: s.accuracy, macro_f1: s.macro.f1, weighted_f1: s.weighted.f1 },
    perClass: rows(s.perClass),
    confusion: s.confusion,
  };
}

/** The metric early stopping watches by default: accuracy (single-label) or micro F1 (multi-label). */
export function defaultMetric(t: ClassificationTask): string {
  return t.kind === 'multilabel' ? 'micro_f1' : 'accuracy';
}
