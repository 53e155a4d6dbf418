// Length-bucketed batching: batches of examples with similar lengths, so padding (and wasted compute) stays small.
// Training mode (shuffle): indices are shuffled with a seeded Rng, cut into pools of poolBatches × batchSize,
// each pool is sorted by length (stable), cut into batches, and the order of all batches is shuffled — the same
// seed always gives the same batches. Eval mode (no shuffle): one deterministic sort by length, longest first
// (ties keep file order), with restoreOrder() to put per-batch outputs back into the original example order.
import { UsageError } from '../errors.ts';
import { Rng } from '../engine/rng.ts';

export interface BucketOptions {
  batchSize: number;
  /** Shuffle pools and batch order (training). Default false. */
  shuffle?: boolean;
  /** Seed for the shuffle (or pass `rng`). Default 0. */
  seed?: number;
  rng?: Rng;
  /** Pool size in batches for training mode; sorting happens within a pool. Default 50. */
  poolBatches?: number;
}

function check(lengths: ArrayLike<number>, batchSize: number, poolBatches: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new UsageError(`batch size must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(poolBatches) || poolBatches < 1)
    throw new UsageError(`poolBatches must be a positive integer, got ${poolBatches}`);
  for (let i = 0; i < lengths.length; i++) {
    const n = lengths[i]!;
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`length[${i}] = ${n} is not a non-negative number`);
  }
}

function chunk(indices: number[], size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < indices.length; i += size) out.push(indices.slice(i, i + size));
  return out;
}

/** Batches of example indices (every index exactly once; only the last batch of a pool may be short). */
export function lengthBucketBatches(lengths: ArrayLike<number>, opts: BucketOptions): number[][] {
  const pool = opts.poolBatches ?? 50;
  check(lengths, opts.batchSize, pool);
  const idx = Array.from({ length: lengths.length }, (_, i) => i);
  if (!opts.shuffle) return evalBatches(lengths, opts.batchSize).batches;
  const rng = opts.rng ?? new Rng(opts.seed ?? 0);
  rng.shuffle(idx);
  const batches: number[][] = [];
  for (const p of chunk(idx, pool * opts.batchSize)) {
    p.sort((a, b) => lengths[a]! - lengths[b]!); // Array.prototype.sort is stable
    batches.push(...chunk(p, opts.batchSize));
  }
  return rng.shuffle(batches);
}

export interface EvalBatches {
  batches: number[][];
  /** Per-batch outputs (outputs[b][j] belongs to batches[b][j]) → one output per example, in original order. */
  restore<T>(outputs: readonly (readonly T[])[]): T[];
}

/** Deterministic eval batching: longest first, ties in original order; restore() undoes the permutation. */
export function evalBatches(lengths: ArrayLike<number>, batchSize: number): EvalBatches {
  check(lengths, batchSize, 1);
  const idx = Array.from({ length: lengths.length }, (_, i) => i).sort((a, b) => lengths[b]! - lengths[a]! || a - b);
  const batches = chunk(idx, batchSize);
  return { batches, restore: (outputs) => restoreOrder(batches, outputs) };
}

/** Inverse of a batching: places outputs[b][j] at position batches[b][j]. */
export function restoreOrder<T>(batches: readonly (readonly number[])[], outputs: readonly (readonly T[])[]): T[] {
  if (outputs.length !== batches.length)
    throw new UsageError(`${outputs.length} output batches for ${batches.length} batches`);
  const n = batches.reduce((s, b) => s + b.length, 0);
  const out = new Array<T>(n);
  const seen = new Uint8Array(n);
  batches.forEach((b, i) => {
    if (outputs[i]!.length !== b.length)
      throw new UsageError(`batch ${i}: ${outputs[i]!.length} outputs for ${b.length} examples`);
    b.forEach((ex, j) => {
      if (!(ex >= 0 && ex < n) || seen[ex])
        throw new UsageError(`batches are not a permutation of 0..${n - 1} (index ${ex})`);
      seen[ex] = 1;
      out[ex] = outputs[i]![j]!;
    });
  });
  return out;
}
