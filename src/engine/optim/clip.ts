// Gradient clipping by global norm and Kim's max-norm constraint on weight rows.
//
// clipGradNorm = torch.nn.utils.clip_grad_norm_(norm_type=2): the L2 norm over all gradients together (sum of
// squares accumulated in Float64), then every gradient is multiplied by maxNorm / (norm + 1e-6) when that is < 1.
// A NaN/Inf norm is returned as is and nothing is scaled (as in torch); the trainer decides what to do.
//
// maxNormRows = Kim (2014)'s "l2 constraint" (s = 3), torch.renorm(p=2, maxnorm) style: the weight vector of
// each output unit whose L2 norm exceeds maxNorm is rescaled to norm exactly maxNorm (Kim's Theano code divides
// by norm + 1e-7; torch.renorm too — the difference is below float32 resolution for norms near 3). A norm within
// 1e-6 relative of maxNorm counts as not exceeding it: a row just rescaled to 3 reads back as 3.0000002 after
// float32 rounding, and renormalising it again every step would be noise.

import { UsageError } from '../../errors.ts';
import type { Param } from '../param.ts';

/** Scales `grads` in place so their global L2 norm is ≤ maxNorm; returns the norm before clipping. */
export function clipGradNorm(grads: ReadonlyArray<Float32Array | null | undefined>, maxNorm: number): number {
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) {
    throw new UsageError(`clipGradNorm: maxNorm must be a positive finite number, got ${String(maxNorm)}`);
  }
  let sumSq = 0;
  for (const g of grads) {
    if (!g) continue;
    const n = g.length;
    for (let i = 0; i < n; i++) {
      const x = g[i]!;
      sumSq += x * x;
    }
  }
  const norm = Math.sqrt(sumSq);
  const scale = maxNorm / (norm + 1e-6);
  if (scale < 1) {
    for (const g of grads) {
      if (!g) continue;
      const n = g.length;
      for (let i = 0; i < n; i++) g[i] = g[i]! * scale;
    }
  }
  return norm;
}

/**
 * Renormalises, in place, every slice of `param` along `axis` (one output unit's weights) whose L2 norm exceeds
 * `maxNorm`, to norm exactly `maxNorm`. Returns how many slices were rescaled.
 *
 * `axis` indexes the output units (torch.renorm's `dim`): the slice for unit j is every element whose index on
 * `axis` is j. Default 0, right for PyTorch layouts: a Linear weight [out, in] → each row of length `in`; a Conv1d
 * weight [out, in, k] → each filter's in·k values; a Conv2d weight [out, in, kh, kw] → each filter.
 * Use axis 1 for a weight stored [in, out] (Kim's Theano layout, where he renormalised columns).
 */
export function maxNormRows(param: Param, maxNorm: number, axis = 0): number {
  const shape = param.shape;
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) {
    throw new UsageError(
      `maxNormRows(${param.name}): maxNorm must be a positive finite number, got ${String(maxNorm)}`,
    );
  }
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    throw new UsageError(`maxNormRows(${param.name}): axis ${axis} is out of range for shape [${shape.join(', ')}]`);
  }
  const units = shape[axis]!;
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d]!;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  const x = param.data;
  if (x.length !== outer * units * inner) {
    throw new UsageError(`maxNormRows(${param.name}): ${x.length} values do not fit shape [${shape.join(', ')}]`);
  }
  const sq = new Float64Array(units); // one small array per call (units = output size), not per element
  const stride = units * inner;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < units; j++) {
      const base = o * stride + j * inner;
      let s = 0;
      for (let i = 0; i < inner; i++) {
        const v = x[base + i]!;
        s += v * v;
      }
      sq[j] = sq[j]! + s;
    }
  }
  let rescaled = 0;
  const limit = maxNorm * (1 + 1e-6);
  for (let j = 0; j < units; j++) {
    const norm = Math.sqrt(sq[j]!);
    // sq is reused as the per-unit scale: 1 = untouched.
    if (norm > limit) {
      sq[j] = maxNorm / norm;
      rescaled++;
    } else sq[j] = 1;
  }
  if (rescaled === 0) return 0;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < units; j++) {
      const scale = sq[j]!;
      if (scale === 1) continue;
      const base = o * stride + j * inner;
      for (let i = 0; i < inner; i++) x[base + i] = x[base + i]! * scale;
    }
  }
  return rescaled;
}
