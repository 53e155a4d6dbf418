// Training batches from a feature-cache space: each row is read from its shard (one positioned read; the OS page
// cache keeps hot shards in memory) and decoded fp16 → fp32 straight into the padded batch.
//   entries [B] → tokens [B, T, D] fp32 (T = max(longest row, minLength); padded positions exactly 0)
//                 mask   [B, T]    fp32 (1 = real token, a prefix of each row)
//                 lengths [B]      int32
//                 pooled [B, P]    fp32 (when the space stores pooled vectors)
import type { HostTensor } from '../engine/tensor.ts';
import { UsageError } from '../errors.ts';
import { type Entry, rowBytes } from './feature-cache-format.ts';
import { decodeF16 } from './feature-cache-fp16.ts';
import type { SpaceStore } from './feature-cache-store.ts';

export interface CachedBatch {
  /** [B, T, D] float32, null when the cache stores pooled vectors only. */
  tokens: HostTensor | null;
  /** [B, T] float32. */
  mask: HostTensor;
  /** [B] real tokens per row (specials included). */
  lengths: Int32Array;
  /** [B, P] float32, null when the cache stores no pooled vectors. */
  pooled: HostTensor | null;
  /** Rows whose text was cut to the cache's maxLength. */
  truncated: number;
}

export interface BatchOptions {
  /** Pad to at least this many positions (e.g. the widest convolution kernel). Default 1. */
  minLength?: number;
}

export class RowReader {
  private scratch = new Uint16Array(0);

  constructor(private readonly store: SpaceStore) {}

  batch(entries: readonly Entry[], opts: BatchOptions = {}): CachedBatch {
    const minLength = opts.minLength ?? 1;
    if (!(Number.isInteger(minLength) && minLength >= 1))
      throw new UsageError(`minLength must be an integer ≥ 1, got ${minLength}`);
    const { D, P } = this.store.dims;
    const B = entries.length;
    let T = minLength;
    for (const e of entries) T = Math.max(T, e.length);
    const tokens = D > 0 ? new Float32Array(B * T * D) : null;
    const pooled = P > 0 ? new Float32Array(B * P) : null;
    const mask = new Float32Array(B * T);
    const lengths = new Int32Array(B);
    let truncated = 0;
    for (let b = 0; b < B; b++) {
      const e = entries[b]!;
      const n = e.length;
      const bytes = rowBytes(n, D, P);
      if (this.scratch.byteLength < bytes) this.scratch = new Uint16Array(Math.max(bytes / 2, 2 * this.scratch.length));
      this.store.readRow(e, new Uint8Array(this.scratch.buffer, 0, bytes), bytes);
      if (tokens) decodeF16(this.scratch, 0, n * D, tokens, b * T * D);
      if (pooled) decodeF16(this.scratch, n * D, P, pooled, b * P);
      mask.fill(1, b * T, b * T + n);
      lengths[b] = n;
      if (e.truncated) truncated++;
    }
    return {
      tokens: tokens && { dtype: 'float32', shape: [B, T, D], data: tokens },
      mask: { dtype: 'float32', shape: [B, T], data: mask },
      lengths,
      pooled: pooled && { dtype: 'float32', shape: [B, P], data: pooled },
      truncated,
    };
  }
}
