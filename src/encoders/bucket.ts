// Length bucketing: order texts by token count so each run pads to a length close to its rows' own, then
// restore the caller's order. With lengths sorted, a run of B rows costs B·max(len) instead of B·max(all lens).
//   planBatches: lengths [N] → runs of row indices (each ≤ batchSize rows and ≤ maxTokens padded tokens)
//   padRows:     ragged token rows + one run's indices → a PaddedBatch [B, T] (T = longest row of the run)
import { UsageError } from '../errors.ts';
import type { PaddedBatch } from './frozen.ts';

export interface PlanOptions {
  batchSize: number;
  /** Cap on B·T per run (a run always holds at least one row). */
  maxTokens?: number;
  /** false = keep input order (runs still padded to their own longest row). */
  bucket: boolean;
}

export function planBatches(lengths: ArrayLike<number>, opts: PlanOptions): Int32Array[] {
  if (!(Number.isInteger(opts.batchSize) && opts.batchSize >= 1))
    throw new UsageError(`batchSize must be an integer ≥ 1, got ${opts.batchSize}`);
  if (opts.maxTokens !== undefined && !(opts.maxTokens >= 1))
    throw new UsageError(`maxTokens must be ≥ 1, got ${opts.maxTokens}`);
  const order = Array.from({ length: lengths.length }, (_, i) => i);
  if (opts.bucket) order.sort((a, b) => lengths[a]! - lengths[b]! || a - b); // stable: ties keep input order
  const runs: Int32Array[] = [];
  let run: number[] = [];
  let longest = 0;
  for (const i of order) {
    const t = Math.max(longest, lengths[i]!);
    const tooMany =
      run.length >= opts.batchSize || (opts.maxTokens !== undefined && (run.length + 1) * t > opts.maxTokens);
    if (run.length > 0 && tooMany) {
      runs.push(Int32Array.from(run));
      run = [];
      longest = 0;
    }
    run.push(i);
    longest = Math.max(longest, lengths[i]!);
  }
  if (run.length > 0) runs.push(Int32Array.from(run));
  return runs;
}

/** Rows [N][len_i] of ids / token types (unpadded, or padded with a mask) gathered into one padded batch. */
export interface TokenRows {
  inputIds: ArrayLike<number>[];
  tokenTypeIds?: ArrayLike<number>[];
}

export function padRows(rows: TokenRows, lengths: ArrayLike<number>, indices: Int32Array, padId = 0): PaddedBatch {
  const B = indices.length;
  let T = 0;
  for (const i of indices) T = Math.max(T, lengths[i]!);
  const inputIds = new BigInt64Array(B * T).fill(BigInt(padId));
  const tokenTypeIds = new BigInt64Array(B * T);
  const attentionMask = new Float32Array(B * T);
  indices.forEach((i, b) => {
    const ids = rows.inputIds[i]!;
    const types = rows.tokenTypeIds?.[i];
    const n = lengths[i]!;
    for (let t = 0; t < n; t++) {
      inputIds[b * T + t] = BigInt(ids[t]!);
      if (types) tokenTypeIds[b * T + t] = BigInt(types[t]!);
      attentionMask[b * T + t] = 1;
    }
  });
  return { B, T, inputIds, tokenTypeIds, attentionMask };
}
