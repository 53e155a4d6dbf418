// Gradient clipping by global norm and Kim's max-norm constraint on weight rows.
//
// clipGradNorm = torch.nn.utils.clip_grad_norm_(norm_type=2): the L2 norm over all gradients together (sum of
// squares accumulated in Float64), then every gradient is multiplied by maxNorm / (norm + 1e-6) when that is < 1.
// A NaN/Inf norm is returned as is and nothing is scaled (as in torch); the trainer decides what to do.
// The trainer (src/train/step.ts) takes the two halves apart: globalGradNorm, then clipScale handed to
// optimizer.step, which applies it as it reads each gradient — the same float32 values, one pass fewer.
//
// maxNormRows = Kim (2014)'s "l2 constraint" (s = 3), torch.renorm(p=2, maxnorm) style: the weight vector of
// each output unit whose L2 norm exceeds maxNorm is rescaled to norm exactly maxNorm (Kim's Theano code divides
// by norm + 1e-7; torch.renorm too — the difference is below float32 resolution for norms near 3). A norm within
// 1e-6 relative of maxNorm counts as not exceeding it: a row just rescaled to 3 reads back as 3.0000002 after
// float32 rounding, and renormalising it again every step would be noise.

import { UsageError } from '../../errors.ts';
import type { Param } from '../param.ts';

/** The L2 norm over all gradients together (sum of squares in Float64; null entries skipped). Four running sums
 *  instead of one: a single sum's add latency, not memory, bounded the pass (23 M values: 27 → 17 ms). */
export function globalGradNorm(grads: ReadonlyArray<Float32Array | null | undefined>): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (const g of grads) {
    if (!g) continue;
    const n = g.length;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const a = g[i]!;
      const b = g[i + 1]!;
      const c = g[i + 2]!;
      const d = g[i + 3]!;
      s0 += a * a;
      s1 += b * b;
      s2 += c * c;
      s3 += d * d;
    }
    for (; i < n; i++) s0 += g[i]! * g[i]!;
  }
  return Math.sqrt(s0 + s1 + (s2 + s3));
}

/** The factor clipping multiplies every gradient by: maxNorm / (norm + 1e-6) when that is < 1, else 1 (torch). */
export function clipScale(norm: number, maxNorm: number): number {
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) {
    throw new UsageError(`clipGradNorm: maxNorm must be a positive finite number, got ${String(maxNorm)}`);
  }
  const scale = maxNorm / (norm + 1e-6);
  return scale < 1 ? scale : 1;
}

/** Scales `grads` in place so their global L2 norm is ≤ maxNorm; returns the norm before clipping. The trainer
 *  does not call it: it passes `clipScale` to `optimizer.step` instead, which saves this second pass. */
export function clipGradNorm(grads: ReadonlyArray<Float32Array | null | undefined>, maxNorm: number): number {
  const norm = globalGradNorm(grads);
  const scale = clipScale(norm, maxNorm);
  if (scale !== 1) {
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
