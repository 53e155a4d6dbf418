// Explicit regularisation loss terms, added to the task loss by the caller (the trainer).
//   l2Penalty: λ · Σ_p Σ w²  over the given parameters → float32 scalar [].
//   l2Regularization: λ·Σ(kernels²) + λ_b·Σ(biases²) over a module tree → float32 scalar [] (or null).
// Keras `kernel_regularizer=l2(λ)` / `bias_regularizer=l2(λ_b)` semantics (λ·Σw², no ½), as in the seeds' Keras
// CNN examples. Kernels are the weights of Linear, Conv1d/Conv2d and LSTM layers (an LSTM's input and recurrent
// kernels both count); biases are those layers' biases. Never penalised: BatchNorm/LayerNorm parameters, embedding
// tables, CRF transitions, and frozen parameters (a constant in the loss changes nothing).
// Unlike AdamW's decoupled weight decay, this term goes through the gradient (and hence the optimizer's
// moment estimates), exactly as in Keras.
import type { BuildContext } from '../engine/program.ts';
import type { Param } from '../engine/param.ts';
import type { Value } from '../engine/graph.ts';
import * as op from '../engine/ops/index.ts';
import { Conv1d, Conv2d } from './conv.ts';
import { Linear } from './linear.ts';
import { LSTM } from './lstm.ts';
import type { Module } from './module.ts';

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

/** The trainable kernels and biases of a module tree, in parameter order (see the module comment). */
export function kernelsAndBiases(root: Module): { kernels: Param[]; biases: Param[] } {
  const kernels: Param[] = [];
  const biases: Param[] = [];
  const visit = (m: Module) => {
    if (m instanceof Linear || m instanceof Conv1d || m instanceof Conv2d) {
      kernels.push(m.weight);
      if (m.bias) biases.push(m.bias);
    } else if (m instanceof LSTM) {
      for (const d of m.layers.flat()) {
        kernels.push(d.wih, d.whh);
        for (const b of [d.bih, d.bhh]) if (b) biases.push(b);
      }
    }
    m.childModules().forEach(visit);
  };
  visit(root);
  const trainable = (p: Param) => p.trainable;
  return { kernels: kernels.filter(trainable), biases: biases.filter(trainable) };
}

/** λ and λ_b of the Keras-style L2 terms (0 or absent = none). */
export interface L2Options {
  l2?: number;
  l2Bias?: number;
}

/** λ·Σ(kernels²) + λ_b·Σ(biases²) over `root`'s layers, or null when both are 0. */
export function l2Regularization(ctx: BuildContext, root: Module, opts: L2Options): Value | null {
  if (!((opts.l2 ?? 0) > 0) && !((opts.l2Bias ?? 0) > 0)) return null;
  const { kernels, biases } = kernelsAndBiases(root);
  return withPenalty(l2Penalty(ctx, kernels, opts.l2 ?? 0), l2Penalty(ctx, biases, opts.l2Bias ?? 0));
}

/** loss + penalty, or loss unchanged when there is no penalty (a null loss is the penalty alone). */
export function withPenalty<L extends Value | null>(loss: L, penalty: Value | null): L | Value {
  if (!penalty) return loss;
  return loss ? op.add(loss, penalty) : penalty;
}
