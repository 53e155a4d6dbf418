// Multi-label metrics over indicator rows (one row per example, one 0/1 entry per label, shape [N, L]):
// per-label P/R/F1 and their micro, macro, weighted and per-sample ("samples") averages, subset accuracy (the
// whole label set must match) and Hamming loss. Matches scikit-learn with zero_division=0 (see prf.ts); in the
// samples average an example with no true and no predicted labels scores 0, as scikit-learn does.
import { UsageError } from '../errors.ts';
import { checkSameLength, macroAndWeighted, prfFromCounts, safeDiv, type Prf } from './prf.ts';

export type IndicatorRows = readonly ArrayLike<number>[];

export interface MultiLabelScores {
  perLabel: Prf[];
  micro: Prf;
  macro: Prf;
  weighted: Prf;
  /** Mean over examples of each example's P/R/F1; support = total true labels. */
  samples: Prf;
  /** Fraction of examples whose predicted label set equals the true set exactly. */
  subsetAccuracy: number;
  /** Fraction of (example, label) cells that are wrong. */
  hammingLoss: number;
}

/** Checks shape [N, L] and 0/1 entries; returns L. */
export function checkIndicator(rows: IndicatorRows, name: string, numLabels?: number): number {
  const width = numLabels ?? rows[0]?.length ?? 0;
  rows.forEach((r, i) => {
    if (r.length !== width) throw new UsageError(`${name}[${i}] has ${r.length} labels, expected ${width}`);
    for (let k = 0; k < width; k++) {
      if (r[k] !== 0 && r[k] !== 1) throw new UsageError(`${name}[${i}][${k}] = ${r[k]} is not 0 or 1`);
    }
  });
  return width;
}

/** Label-index lists (e.g. [[0, 2], [], [1]]) → indicator rows [N, numLabels]. */
export function toIndicator(indexLists: readonly (readonly number[])[], numLabels: number): Uint8Array[] {
  return indexLists.map((list, i) => {
    const row = new Uint8Array(numLabels);
    for (const k of list) {
      if (!Number.isInteger(k) || k < 0 || k >= numLabels) {
        throw new UsageError(`labels[${i}] contains ${k}, not a label index in [0, ${numLabels})`);
      }
      row[k] = 1;
    }
    return row;
  });
}

/** Multi-label scores from true and predicted indicator rows. */
export function multiLabelScores(yTrue: IndicatorRows, yPred: IndicatorRows): MultiLabelScores {
  checkSameLength(yTrue, yPred);
  const L = checkIndicator(yTrue, 'yTrue');
  checkIndicator(yPred, 'yPred', L);
  const tp = new Array<number>(L).fill(0);
  const fp = new Array<number>(L).fill(0);
  const fn = new Array<number>(L).fill(0);
  let exact = 0;
  let wrongCells = 0;
  let sp = 0;
  let sr = 0;
  let sf = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    let rowTp = 0;
    let rowFp = 0;
    let rowFn = 0;
    for (let k = 0; k < L; k++) {
      if (t[k] === 1 && p[k] === 1) {
        rowTp++;
        tp[k]!++;
      } else if (p[k] === 1) {
        rowFp++;
        fp[k]!++;
      } else if (t[k] === 1) {
        rowFn++;
        fn[k]!++;
      }
    }
    if (rowFp === 0 && rowFn === 0) exact++;
    wrongCells += rowFp + rowFn;
    const s = prfFromCounts(rowTp, rowFp, rowFn);
    sp += s.precision;
    sr += s.recall;
    sf += s.f1;
  }
  const perLabel = tp.map((_, k) => prfFromCounts(tp[k]!, fp[k]!, fn[k]!));
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  const { macro, weighted } = macroAndWeighted(perLabel);
  const n = yTrue.length;
  return {
    perLabel,
    micro: prfFromCounts(sum(tp), sum(fp), sum(fn)),
    macro,
    weighted,
    samples: { precision: safeDiv(sp, n), recall: safeDiv(sr, n), f1: safeDiv(sf, n), support: sum(tp) + sum(fn) },
    subsetAccuracy: safeDiv(exact, n),
    hammingLoss: safeDiv(wrongCells, n * L),
  };
}
