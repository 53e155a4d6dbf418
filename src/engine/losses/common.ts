// Building blocks shared by the loss functions: a numerically stable, correctly differentiable logsumexp and
// softplus, and coercion of plain number arrays into constants of the loss graph.
//
// logsumexp(x, axis) = m + log Σ exp(x − m), m = max(x, axis) (torch.logsumexp). m's own gradient (ReduceMax
// sends it to one element) cancels exactly against the −m inside the exponentials, so the total gradient is
// softmax(x) whatever m's gradient is — this is checked by finite differences in test/engine/losses/.
import { GraphError } from '../../errors.ts';
import type { Value } from '../graph.ts';
import * as op from '../ops/index.ts';
import { tensor } from '../tensor.ts';
import { dimsCompatible, formatShape } from '../shape.ts';

/** Stable logsumexp over one axis: x [..., K, ...] → [..., ...] (or keepdims). */
export function logSumExp(x: Value, axis: number, keepdims = false): Value {
  const m = op.reduceMax(x, [axis], true); // [..., 1, ...]
  const s = op.reduceSum(op.exp(op.sub(x, m)), [axis], true); // [..., 1, ...], in [1, K]
  const out = op.add(m, op.log(s));
  return keepdims ? out : op.squeeze(out, [axis]);
}

/**
 * softplus(−x) = log(1 + exp(−x)), written as torch's binary_cross_entropy_with_logits writes it:
 * m + log(exp(−m) + exp(−x − m)) with m = max(−x, 0). Stable for any x, and the gradient is −sigmoid(−x)
 * everywhere — including x = 0, where an |x|-based form would give a wrong (sub)gradient.
 */
export function softplusNeg(x: Value): Value {
  const m = op.relu(op.neg(x));
  return op.add(m, op.log(op.add(op.exp(op.neg(m)), op.exp(op.sub(op.neg(x), m)))));
}

/** A float32 [n] constant from plain numbers, or the Value itself; checks the length against `expect`. */
export function asVector(like: Value, v: Value | number[], what: string, expect: number | string | undefined): Value {
  const g = like.graph;
  const out = Array.isArray(v) ? g.constant(tensor('float32', [v.length], Float32Array.from(v)), what) : v;
  if (out.dtype !== 'float32') throw g.error(what, `must be float32, got ${out.dtype}`, [out]);
  if (out.rank !== 1 || (expect !== undefined && !dimsCompatible(out.shape[0]!, expect))) {
    throw g.error(what, `must have shape [${expect ?? 'n'}], got ${formatShape(out.shape)}`, [out]);
  }
  return out;
}

/** Throws a GraphError naming `what` unless every dim of `a` matches `b` (symbolic dims match by name). */
export function checkShape(like: Value, what: string, a: Value, b: readonly (number | string)[]): void {
  const ok = a.rank === b.length && a.shape.every((d, i) => dimsCompatible(d, b[i]!));
  if (!ok) throw new GraphError(`${what}${scopeOf(like)}: expected shape ${formatShape(b)}, got ${a.toString()}`);
}

function scopeOf(v: Value): string {
  return v.graph.scopePath ? ` in ${v.graph.scopePath}` : '';
}

/** num / den, but 0 where den is 0 (every row ignored or masked out) instead of NaN. */
export function safeDiv(num: Value, den: Value): Value {
  return op.div(num, op.where(op.equal(den, 0), 1, den));
}
