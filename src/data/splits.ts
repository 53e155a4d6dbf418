// Deterministic data splits for datasets without an official one: k-fold cross-validation (Kim 2014's 10-fold
// protocol on MR) and a holdout split (e.g. dev = 10% of TREC train). Both take either the example count or the
// per-example labels; with labels the split is stratified (each class spread evenly), which multi-label data can
// get by passing a joined label string. Same inputs + seed → same split, on every machine (Rng from the engine).
// All returned index lists are sorted ascending, so the split keeps file order inside each part.
import { UsageError } from '../errors.ts';
import { Rng } from '../engine/rng.ts';
import { sortLabels } from './labels.ts';

export interface SplitOptions {
  seed?: number;
  /** Stratify by label when labels are given. Default true. */
  stratified?: boolean;
}

export interface Fold {
  train: number[];
  test: number[];
}

/** Groups of example indices, one per class (classes in canonical label order), or one group. */
function groups(data: readonly string[] | number, stratified: boolean): number[][] {
  const n = typeof data === 'number' ? data : data.length;
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`example count must be a non-negative integer, got ${n}`);
  if (typeof data === 'number' || !stratified) return [Array.from({ length: n }, (_, i) => i)];
  const by = new Map<string, number[]>(sortLabels(data).map((l) => [l, []]));
  data.forEach((l, i) => by.get(l)!.push(i));
  return [...by.values()];
}

const ascending = (a: number, b: number) => a - b;

/** k folds: each example is in exactly one test part; train = all the others. */
export function kFold(data: readonly string[] | number, k: number, opts: SplitOptions = {}): Fold[] {
  const gs = groups(data, opts.stratified ?? true);
  const n = gs.reduce((s, g) => s + g.length, 0);
  if (!Number.isInteger(k) || k < 2) throw new UsageError(`k must be an integer ≥ 2, got ${k}`);
  if (k > n) throw new UsageError(`cannot make ${k} folds from ${n} examples`);
  const rng = new Rng(opts.seed ?? 0);
  const fold = new Int32Array(n);
  let next = 0; // dealing continues across classes so fold sizes differ by at most one
  for (const g of gs) for (const i of rng.shuffle([...g])) fold[i] = next++ % k;
  return Array.from({ length: k }, (_, f) => {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    return { train, test };
  });
}

/** Holdout split: `fraction` of the examples (rounded, at least 1 and at most n − 1) go to dev. */
export function holdoutSplit(
  data: readonly string[] | number,
  opts: SplitOptions & { fraction?: number } = {},
): { train: number[]; dev: number[] } {
  const frac = opts.fraction ?? 0.1;
  if (!(frac > 0 && frac < 1)) throw new UsageError(`holdout fraction must be in (0, 1), got ${frac}`);
  const gs = groups(data, opts.stratified ?? true);
  const n = gs.reduce((s, g) => s + g.length, 0);
  if (n < 2) throw new UsageError(`cannot split ${n} example(s) into train and dev`);
  const total = Math.min(n - 1, Math.max(1, Math.round(frac * n)));
  // Largest-remainder apportionment of `total` over the classes (ties → earlier class).
  const exact = gs.map((g) => (g.length * total) / n);
  const quota = exact.map(Math.floor);
  const order = exact.map((e, c) => ({ c, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.c - b.c);
  for (let left = total - quota.reduce((s, q) => s + q, 0), j = 0; left > 0; left--, j++) quota[order[j]!.c]!++;
  const rng = new Rng(opts.seed ?? 0);
  const dev: number[] = [];
  const train: number[] = [];
  gs.forEach((g, c) => {
    const shuffled = rng.shuffle([...g]);
    dev.push(...shuffled.slice(0, quota[c]));
    train.push(...shuffled.slice(quota[c]));
  });
  return { train: train.sort(ascending), dev: dev.sort(ascending) };
}
