// Binary and multi-label cross-entropy from logits — torch.nn.BCEWithLogitsLoss(weight, pos_weight), mean
// reduction — in torch's numerically stable form:
//
//   sp(−x) = log(1 + exp(−x)) = m + log(exp(−m) + exp(−x − m)),  m = max(−x, 0)
//   ℓ      = (1 − y)·x + (1 + (pw − 1)·y) · sp(−x)           (= max(x,0) − x·y + log(1 + exp(−|x|)) when pw = 1)
//   ℓ     *= weights                                          (torch's `weight`; broadcast)
//   loss   = mean(ℓ)  over ALL elements (torch's default), or, with a mask, Σ mask·ℓ / Σ mask (0 if Σ mask = 0)
//
// Shapes: logits [N] (binary: one logit per example) or [N, L] (multi-label: L independent labels), any rank
// works; targets float32, same shape, values in [0, 1] (soft targets allowed). posWeight [L] (broadcast over
// the last axis, as torch's pos_weight). weights: a number[] is [L] over the last axis, a Value must broadcast
// to logits. mask: float 1/0, broadcastable to logits (e.g. [N, L] or [N, 1]); masked-out elements neither
// contribute nor count. Output: float32 scalar.
import type { Value } from '../graph.ts';
import * as op from '../ops/index.ts';
import { asVector, checkShape, safeDiv, softplusNeg } from './common.ts';

export interface BceOptions {
  /** Weight of the positive term per label, [L] (torch's `pos_weight`). */
  posWeight?: Value | number[];
  /** Rescaling weight per element (torch's `weight`), broadcast to logits; number[] means [L]. */
  weights?: Value | number[];
  /** float32 1/0 mask broadcastable to logits; the mean is taken over the unmasked elements. */
  mask?: Value;
}

export function bceWithLogits(logits: Value, targets: Value, opts: BceOptions = {}): Value {
  const g = logits.graph;
  const inputs = [logits, targets];
  if (logits.dtype !== 'float32' || targets.dtype !== 'float32') {
    throw g.error('bceWithLogits', 'logits and targets must be float32', inputs);
  }
  if (logits.rank < 1) throw g.error('bceWithLogits', 'logits must be [N] or [N, L]', inputs);
  checkShape(logits, 'bceWithLogits targets', targets, logits.shape);
  const labels = logits.shape[logits.rank - 1]!;

  return g.scope('bce_with_logits', () => {
    const x = logits;
    const y = targets;
    const sp = softplusNeg(x); // log(1 + exp(−x)), [N, (L)]
    let coef: Value | number = 1;
    if (opts.posWeight !== undefined) {
      const pw = asVector(x, opts.posWeight, 'posWeight', labels); // [L]
      coef = op.add(op.mul(op.sub(pw, 1), y), 1); // 1 + (pw − 1)·y
    }
    const positive = typeof coef === 'number' ? sp : op.mul(coef, sp);
    let elem = op.add(op.mul(op.sub(1, y), x), positive); // [N, (L)]
    if (opts.weights !== undefined) {
      const w = Array.isArray(opts.weights) ? asVector(x, opts.weights, 'weights', labels) : opts.weights;
      elem = op.mul(elem, w);
    }
    const axes = [...Array(x.rank).keys()];
    if (!opts.mask) return op.reduceMean(elem, axes);
    const mask = op.expand(opts.mask, op.shapeOf(x), x.shape); // [N, (L)]
    return safeDiv(op.reduceSum(op.mul(elem, mask), axes), op.reduceSum(mask, axes));
  });
}
