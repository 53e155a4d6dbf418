// Single-label classification metrics over class indices (binary and multi-class): accuracy, the confusion
// matrix and per-class / macro / micro / weighted precision, recall and F1, matching scikit-learn's
// precision_recall_fscore_support with labels = 0..numClasses-1 and zero_division=0 (see prf.ts).
// Classes that never occur (support 0, never predicted) still count in the macro average, with scores of 0.
import { checkClassIndices, checkSameLength, macroAndWeighted, prfFromCounts, safeDiv, type Prf } from './prf.ts';

/** Fraction of positions where yPred equals yTrue (0 for empty input). */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkSameLength(yTrue, yPred);
  let hit = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return safeDiv(hit, yTrue.length);
}

/** Confusion matrix [numClasses][numClasses]: row = true class, column = predicted class (scikit-learn's layout). */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): number[][] {
  checkSameLength(yTrue, yPred);
  checkClassIndices(yTrue, numClasses, 'yTrue');
  checkClassIndices(yPred, numClasses, 'yPred');
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]!]![yPred[i]!]!++;
  return m;
}

export interface ClassificationScores {
  /** One row per class index. */
  perClass: Prf[];
  /** Mean of per-class scores (every class counts equally). */
  macro: Prf;
  /** Scores from summed counts; for single-label data P = R = F1 = accuracy. */
  micro: Prf;
  /** Per-class scores weighted by support. */
  weighted: Prf;
  accuracy: number;
  confusion: number[][];
}

/** Per-class and averaged precision, recall and F1 from true and predicted class indices. */
export function classificationScores(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  numClasses: number,
): ClassificationScores {
  const confusion = confusionMatrix(yTrue, yPred, numClasses);
  const perClass: Prf[] = [];
  let tpSum = 0;
  let fpSum = 0;
  let fnSum = 0;
  for (let c = 0; c < numClasses; c++) {
    const tp = confusion[c]![c]!;
    let predicted = 0;
    let actual = 0;
    for (let k = 0; k < numClasses; k++) {
      predicted += confusion[k]![c]!;
      actual += confusion[c]![k]!;
    }
    perClass.push(prfFromCounts(tp, predicted - tp, actual - tp));
    tpSum += tp;
    fpSum += predicted - tp;
    fnSum += actual - tp;
  }
  const { macro, weighted } = macroAndWeighted(perClass);
  return {
    perClass,
    macro,
    micro: prfFromCounts(tpSum, fpSum, fnSum),
    weighted,
    accuracy: accuracy(yTrue, yPred),
    confusion,
  };
}

/** Index of the largest value in each row (first one on ties): turns logits/probabilities into class indices. */
export function argmaxRows(rows: readonly ArrayLike<number>[]): number[] {
  return rows.map((r) => {
    let best = 0;
    for (let k = 1; k < r.length; k++) if (r[k]! > r[best]!) best = k;
    return best;
  });
}
