// Pooling over time that padding can never influence.
//   maskedMaxOverTime: x [B, C, T], valid [B, T] (1 = real token) → [B, C]; padded positions are −∞ before
//     the max, so they never win and receive exactly zero gradient.
//   maskedMeanOverTime: x [B, T, H], mask [B, T] → [B, H] = Σ x·m / Σ m.
import type { Value } from '../engine/graph.ts';
import * as op from '../engine/ops/index.ts';

export function maskedMaxOverTime(x: Value, valid: Value): Value {
  const keep = op.unsqueeze(op.greater(valid, 0.5), [1]); // [B, 1, T] bool
  return op.reduceMax(op.where(keep, x, Number.NEGATIVE_INFINITY), [2]); // [B, C]
}

export function maskedMeanOverTime(x: Value, mask: Value): Value {
  const m = op.unsqueeze(mask, [2]); // [B, T, 1]
  const total = op.reduceSum(op.mul(x, m), [1]); // [B, H]
  const count = op.reduceSum(m, [1]); // [B, 1]
  return op.div(total, count);
}
