// Explicit regularisation loss terms, added to the task loss by the caller (the trainer).
//   l2Penalty: λ · Σ_p Σ w²  over the given parameters → float32 scalar [].
// Keras `kernel_regularizer=l2(λ)` semantics (λ·Σw², no ½), as in the seeds' Keras CNN examples: it is applied
// to kernels (conv and dense weights), not to biases or BatchNorm parameters — heads pick the parameters.
// Unlike AdamW's decoupled weight decay, this term goes through the gradient (and hence the optimizer's
// moment estimates), exactly as in Keras.
import type { BuildContext } from '../engine/program.ts';
import type { Param } from '../engine/param.ts';
import type { Value } from '../engine/graph.ts';
import * as op from '../engine/ops/index.ts';

/** λ·Σw² over `params`, or null when λ is 0 or there is nothing to penalise. */
export function l2Penalty(ctx: BuildContext, params: Param[], lambda: number): Value | null {
  if (!(lambda > 0) || params.length === 0) return null;
  return ctx.g.scope('l2_penalty', () => {
    const sums = params.map((p) => {
      const w = ctx.param(p);
      return op.reduceSum(
        op.mul(w, w),
        w.shape.map((_, i) => i),
      ); // []
    });
    const total = sums.reduce((a, b) => op.add(a, b));
    return op.mul(total, lambda);
  });
}

/** loss + penalty, or loss unchanged when there is no penalty. */
export function withPenalty(loss: Value, penalty: Value | null): Value {
  return penalty ? op.add(loss, penalty) : loss;
}
