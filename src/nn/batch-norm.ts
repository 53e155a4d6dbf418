// BatchNorm1d over channels (Ioffe & Szegedy 2015; torch.nn.BatchNorm1d, Keras BatchNormalization) that
// padding cannot influence — the seeds' optional BatchNorm after each Conv1d of the BERTCNN1D / Keras stacks.
//   x [B, C, T] with mask [B, T] (1 = real position), or x [B, C] with mask [B]; mask optional → y, x's shape.
//   training: μ_c = Σ m·x / n, σ²_c = Σ m·(x − μ_c)² / n over batch (and time), n = Σ m (biased, to normalise);
//             running_mean ← (1 − momentum)·running_mean + momentum·μ
//             running_var  ← (1 − momentum)·running_var  + momentum·σ²·n/(n − 1)   (unbiased, as PyTorch;
//             when n ≤ 1 the factor n/(n − 1) is replaced by 1 instead of dividing by zero). A batch needs
//             at least one valid position (n = 0 gives NaN); the heads guarantee it (position 0 always counts).
//   eval:     μ, σ² = running_mean, running_var
//   y = (x − μ) / √(σ² + eps) · weight + bias
// Padded positions never enter the statistics (they are selected out with Where, not multiplied by 0, so
// even ±∞ padding cannot leak in) and no gradient reaches them through the statistics; their own outputs are
// computed but meaningless — callers mask them. Built from elementary ops, so autodiff differentiates through
// the batch statistics.
// Parameters (PyTorch names): weight [C] (γ), bias [C] (β), running_mean [C], running_var [C] (non-trainable;
// written back after each training run through BuildContext.update).
import type { BuildContext } from '../engine/program.ts';
import type { Param } from '../engine/param.ts';
import type { Value } from '../engine/graph.ts';
import * as op from '../engine/ops/index.ts';
import { ones, zeros } from './init.ts';
import { Module, type ParamOptions } from './module.ts';

export interface BatchNormOptions extends ParamOptions {
  /** Added to the variance (PyTorch 1e-5; Keras uses 1e-3). */
  eps?: number;
  /** Weight of the new batch statistic in the running estimate (PyTorch 0.1; Keras momentum 0.99 ≙ 0.01). */
  momentum?: number;
}

export class BatchNorm1d extends Module {
  readonly weight: Param;
  readonly bias: Param;
  readonly runningMean: Param;
  readonly runningVar: Param;
  readonly eps: number;
  readonly momentum: number;

  constructor(
    name: string,
    readonly numFeatures: number,
    opts: BatchNormOptions = {},
  ) {
    super(name);
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum ?? 0.1;
    const shared = { group: opts.group };
    this.weight = this.addParam('weight', [numFeatures], ones(numFeatures), { ...opts, noDecay: true });
    this.bias = this.addParam('bias', [numFeatures], zeros(numFeatures), { ...opts, noDecay: true });
    this.runningMean = this.addParam('running_mean', [numFeatures], zeros(numFeatures), {
      ...shared,
      trainable: false,
    });
    this.runningVar = this.addParam('running_var', [numFeatures], ones(numFeatures), { ...shared, trainable: false });
  }

  /** x [B, C, T] or [B, C]; mask [B, T] / [B] (float, 1 = real) or undefined (every position counts). */
  forward(ctx: BuildContext, x: Value, mask?: Value): Value {
    return ctx.g.scope(this.name, () => {
      const C = this.numFeatures;
      if ((x.rank !== 2 && x.rank !== 3) || (x.shape[1] !== C && typeof x.shape[1] === 'number')) {
        throw ctx.g.error('BatchNorm1d', `expects x [B, ${C}] or [B, ${C}, T]`, [x]);
      }
      if (mask && mask.rank !== x.rank - 1)
        throw ctx.g.error('BatchNorm1d', 'mask must be x without its channel axis', [x, mask]);
      const axes = x.rank === 3 ? [0, 2] : [0]; // every axis but the channels
      const perChannel = (v: Value) => op.reshape(v, x.rank === 3 ? [1, C, 1] : [1, C]); // [C] → broadcastable
      let mean: Value; // [1, C(, 1)]
      let variance: Value; // [1, C(, 1)]
      if (ctx.training) {
        [mean, variance] = this.batchStats(ctx, x, axes, mask);
      } else {
        mean = perChannel(ctx.param(this.runningMean));
        variance = perChannel(ctx.param(this.runningVar));
      }
      const xhat = op.div(op.sub(x, mean), op.sqrt(op.add(variance, this.eps)));
      return op.add(op.mul(xhat, perChannel(ctx.param(this.weight))), perChannel(ctx.param(this.bias)));
    });
  }

  /** Batch mean and biased variance over the valid positions; records the running-statistics updates. */
  private batchStats(ctx: BuildContext, x: Value, axes: number[], mask?: Value): [Value, Value] {
    let mean: Value;
    let variance: Value;
    let n: Value; // scalar count of valid positions
    if (mask) {
      const keep = op.unsqueeze(op.greater(mask, 0.5), [1]); // [B, 1, T] / [B, 1] bool
      const m = op.cast(keep, 'float32');
      n = op.reduceSum(m, axes.length === 2 ? [0, 1, 2] : [0, 1]); // []
      mean = op.div(op.reduceSum(op.where(keep, x, 0), axes, true), n); // [1, C(, 1)]
      const d = op.where(keep, op.sub(x, mean), 0); // deviations, 0 at padding
      variance = op.div(op.reduceSum(op.mul(d, d), axes, true), n);
    } else {
      mean = op.reduceMean(x, axes, true);
      const d = op.sub(x, mean);
      variance = op.reduceMean(op.mul(d, d), axes, true);
      n = op.div(op.cast(op.sizeOf(x), 'float32'), this.numFeatures);
    }
    const C = this.numFeatures;
    const bessel = op.where(op.greater(n, 1.5), op.div(n, op.sub(n, 1)), 1); // n/(n−1), or 1 when n ≤ 1
    const mom = this.momentum;
    const blend = (p: Param, batch: Value) =>
      op.add(op.mul(ctx.param(p), 1 - mom), op.mul(op.reshape(batch, [C]), mom)); // [C]
    ctx.update(this.runningMean, blend(this.runningMean, mean));
    ctx.update(this.runningVar, blend(this.runningVar, op.mul(variance, bessel)));
    return [mean, variance];
  }
}
