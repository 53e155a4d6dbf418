// Shared pieces of every precision/recall/F1 computation: the score triple, the zero-division rule and input
// checks. Zero division follows scikit-learn's `zero_division=0`: a ratio whose denominator is 0 is reported as 0
// (precision with no predictions, recall with no true examples, F1 when both are 0) — never NaN, never a warning.
import { UsageError } from '../errors.ts';

/** Precision, recall and F1 of one class (or an average), with its support (number of true examples). */
export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** a / b, or 0 when b is 0 (scikit-learn's zero_division=0). */
export function safeDiv(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** Scores from raw counts. F1 = 2·tp / (2·tp + fp + fn), the harmonic mean of P and R (0 when undefined). */
export function prfFromCounts(tp: number, fp: number, fn: number): Prf {
  return {
    precision: safeDiv(tp, tp + fp),
    recall: safeDiv(tp, tp + fn),
    f1: safeDiv(2 * tp, 2 * tp + fp + fn),
    support: tp + fn,
  };
}

/** Unweighted mean of per-class scores (macro) and the support-weighted mean (weighted); support = total. */
export function macroAndWeighted(rows: readonly Prf[]): { macro: Prf; weighted: Prf } {
  const total = rows.reduce((s, r) => s + r.support, 0);
  const mean = (k: 'precision' | 'recall' | 'f1') =>
    safeDiv(
      rows.reduce((s, r) => s + r[k], 0),
      rows.length,
    );
  const wmean = (k: 'precision' | 'recall' | 'f1') =>
    safeDiv(
      rows.reduce((s, r) => s + r[k] * r.support, 0),
      total,
    );
  return {
    macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), support: total },
    weighted: { precision: wmean('precision'), recall: wmean('recall'), f1: wmean('f1'), support: total },
  };
}

/** Throws unless `y` holds integers in [0, numClasses). `name` names the argument in the message. */
export function checkClassIndices(y: ArrayLike<number>, numClasses: number, name: string): void {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new UsageError(`numClasses must be a positive integer, got ${numClasses}`);
  }
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw new UsageError(`${name}[${i}] = ${v} is not a class index in [0, ${numClasses})`);
    }
  }
}

/** Throws unless both arrays have the same length. */
export function checkSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, what = 'yTrue and yPred'): void {
  if (a.length !== b.length) throw new UsageError(`${what} differ in length: ${a.length} vs ${b.length}`);
}
