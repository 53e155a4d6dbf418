// Gathers the per-run feature batches of a frozen extraction (bucket order, rows mapped back by `indices`) into
// one set of tensors in input order, padded to the longest text: tokens [N, T, D], mask [N, T], pooled [N, P].
// Shared by every Encoder's `extract()`.
import type { HostTensor } from '../engine/tensor.ts';
import type { FeatureBatch } from './encoder.ts';

export interface Collected {
  tokens: HostTensor | null;
  mask: HostTensor;
  pooled: HostTensor | null;
}

export async function collectRuns(
  runs: AsyncIterable<FeatureBatch>,
  lengths: ArrayLike<number>,
  dims: { D: number; P: number; outputs: 'tokens' | 'pooled' | 'both' },
): Promise<Collected> {
  const N = lengths.length;
  let T = 0;
  for (let i = 0; i < N; i++) T = Math.max(T, lengths[i]!);
  const { D, P } = dims;
  const tokens = dims.outputs === 'pooled' ? null : new Float32Array(N * T * D);
  const pooled = dims.outputs === 'tokens' ? null : new Float32Array(N * P);
  const mask = new Float32Array(N * T);
  for await (const run of runs) {
    const t = run.mask.shape[1]!;
    run.indices.forEach((i, b) => {
      const n = run.lengths[b]!;
      mask.fill(1, i * T, i * T + n);
      tokens?.set((run.tokens!.data as Float32Array).subarray(b * t * D, (b * t + n) * D), i * T * D); // [n, D] rows
      pooled?.set((run.pooled!.data as Float32Array).subarray(b * P, (b + 1) * P), i * P);
    });
  }
  return {
    tokens: tokens && { dtype: 'float32', shape: [N, T, D], data: tokens },
    mask: { dtype: 'float32', shape: [N, T], data: mask },
    pooled: pooled && { dtype: 'float32', shape: [N, P], data: pooled },
  };
}
