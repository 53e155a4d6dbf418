// Per-label decision thresholds for multi-label classifiers: for each label independently, pick the threshold t
// (predict the label when p >= t) that maximises that label's F1 on a dev set, then apply thresholds to new
// probabilities. Without a grid, every distinct dev score is a candidate cut: the threshold is the midpoint between
// the lowest score kept and the highest score dropped (the lowest kept score itself when nothing is dropped).
// Ties in F1 go to the candidate closest to the default threshold; a label with no positives in dev (F1 is 0
// everywhere) keeps the default. Probabilities: rows [N, L].
import { UsageError } from '../errors.ts';
import { safeDiv } from './prf.ts';

export interface ThresholdOptions {
  /** Threshold kept when no candidate beats F1 = 0, and the tie-break anchor. Default 0.5. */
  defaultThreshold?: number;
  /** Candidate thresholds to try instead of the data-driven cuts (e.g. 0.05, 0.10, …, 0.95). */
  grid?: readonly number[];
}

export interface TunedThresholds {
  /** One threshold per label. */
  thresholds: number[];
  /** Dev F1 of each label at its chosen threshold. */
  f1: number[];
}

/** Tunes one threshold per label on dev probabilities `probs` [N, L] and true indicator rows `yTrue` [N, L]. */
export function tuneThresholds(
  probs: readonly ArrayLike<number>[],
  yTrue: readonly ArrayLike<number>[],
  opts: ThresholdOptions = {},
): TunedThresholds {
  if (probs.length !== yTrue.length) {
    throw new UsageError(`probs and yTrue differ in length: ${probs.length} vs ${yTrue.length}`);
  }
  const def = opts.defaultThreshold ?? 0.5;
  const L = probs[0]?.length ?? 0;
  probs.forEach((r, i) => {
    if (r.length !== L || yTrue[i]!.length !== L)
      throw new UsageError(`row ${i}: expected ${L} labels in probs and yTrue`);
    for (let k = 0; k < L; k++)
      if (!Number.isFinite(r[k])) throw new UsageError(`probs[${i}][${k}] = ${r[k]} is not finite`);
  });
  const thresholds: number[] = [];
  const f1s: number[] = [];
  for (let k = 0; k < L; k++) {
    const scores = probs.map((r) => r[k]!);
    const truth = yTrue.map((r) => r[k] === 1);
    let best = { t: def, f1: 0 };
    const consider = (t: number, f1: number) => {
      if (f1 > best.f1 || (f1 === best.f1 && f1 > 0 && Math.abs(t - def) < Math.abs(best.t - def))) best = { t, f1 };
    };
    if (opts.grid) for (const t of opts.grid) consider(t, f1At(scores, truth, t));
    else for (const c of sweep(scores, truth)) consider(c.t, c.f1);
    if (best.f1 === 0) best = { t: def, f1: f1At(scores, truth, def) };
    thresholds.push(best.t);
    f1s.push(best.f1);
  }
  return { thresholds, f1: f1s };
}

/** Every data-driven cut with its F1, in one pass over the scores sorted high to low (O(N log N)). */
function sweep(scores: number[], truth: boolean[]): { t: number; f1: number }[] {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const positives = truth.filter(Boolean).length;
  const out: { t: number; f1: number }[] = [];
  let tp = 0;
  let kept = 0;
  for (let i = 0; i < order.length;) {
    const s = scores[order[i]!]!;
    for (; i < order.length && scores[order[i]!] === s; i++, kept++) if (truth[order[i]!]) tp++;
    const next = i < order.length ? scores[order[i]!]! : undefined;
    const mid = next === undefined ? s : (s + next) / 2;
    // Adjacent doubles can have a midpoint equal to one of them; fall back to the kept score itself.
    const t = next !== undefined && mid > next && mid <= s ? mid : s;
    out.push({ t, f1: safeDiv(2 * tp, kept + positives) }); // 2tp / (2tp + fp + fn)
  }
  return out;
}

function f1At(scores: number[], truth: boolean[], t: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i]! >= t;
    if (p && truth[i]) tp++;
    else if (p) fp++;
    else if (truth[i]) fn++;
  }
  return safeDiv(2 * tp, 2 * tp + fp + fn);
}

/** Indicator rows [N, L]: label k is predicted when probs[i][k] >= thresholds[k] (a single number applies to all). */
export function applyThresholds(
  probs: readonly ArrayLike<number>[],
  thresholds: readonly number[] | number,
): Uint8Array[] {
  return probs.map((r, i) => {
    if (typeof thresholds !== 'number' && r.length !== thresholds.length) {
      throw new UsageError(`probs[${i}] has ${r.length} labels but ${thresholds.length} thresholds were given`);
    }
    const out = new Uint8Array(r.length);
    for (let k = 0; k < r.length; k++)
      out[k] = r[k]! >= (typeof thresholds === 'number' ? thresholds : thresholds[k]!) ? 1 : 0;
    return out;
  });
}
