// CNN tagger — a stack of same-padded Conv1D layers over the sub-token features, then a per-position linear layer
// (the convolutional taggers of Collobert et al. 2011 and Strubell et al. 2017, here over BERT features):
//   features [B, T, D] → [B, D, T] → per layer i: zero padded positions → Conv1d(F, k_i, 'same') → ReLU → dropout
//   → [B, T, F] → Linear(F → L) → emissions [B, T, L]                          (+ optional CRF on top)
// Masking is exact: each conv input is zeroed at padded positions, so a real position near the sentence end sees
// the same zeros whether or not the batch adds padding ('same' = zero padding); 'same' keeps T, so every layer
// has the input mask. Parameter names convs.{i}.weight [F, C_i, k_i] / bias, fc.weight [L, F] / fc.bias.
import type { Value } from '../../engine/graph.ts';
import type { BuildContext } from '../../engine/program.ts';
import type { Rng } from '../../engine/rng.ts';
import * as op from '../../engine/ops/index.ts';
import { Conv1d } from '../../nn/conv.ts';
import { dropout } from '../../nn/dropout.ts';
import { Linear } from '../../nn/linear.ts';
import { Module } from '../../nn/module.ts';
import { l2Regularization, type L2Options } from '../../nn/regularization.ts';
import { activate, type Activation } from '../conv1d-stack.ts';
import { CrfLayer } from './crf-layer.ts';
import { checkTaggerInputs, type TaggerApi } from './tagger.ts';

export interface TaggerCnnOptions extends L2Options {
  inputDim: number;
  numTags: number;
  /** Kernel width of each stacked layer (default [3, 3]: two layers). */
  kernelSizes?: number[];
  /** Filters per layer (default 128). */
  filters?: number;
  activation?: Activation;
  /** Dropout after each conv layer (default 0.3). */
  dropout?: number;
  crf?: boolean;
}

export class TaggerCnn extends Module implements TaggerApi {
  readonly convs: Conv1d[];
  readonly fc: Linear;
  readonly crf: CrfLayer | null;
  readonly numTags: number;
  readonly inputDim: number;
  readonly activation: Activation;
  readonly dropoutRate: number;
  readonly l2Options: L2Options;
  readonly staticLength = false;

  constructor(name: string, opts: TaggerCnnOptions, rng: Rng) {
    super(name);
    this.l2Options = { l2: opts.l2, l2Bias: opts.l2Bias };
    this.numTags = opts.numTags;
    this.inputDim = opts.inputDim;
    this.activation = opts.activation ?? 'relu';
    this.dropoutRate = opts.dropout ?? 0.3;
    const kernels = opts.kernelSizes ?? [3, 3];
    if (kernels.length === 0) throw new Error(`${name || 'tagger-cnn'}: needs at least one conv layer`);
    const F = opts.filters ?? 128;
    let channels = opts.inputDim;
    this.convs = kernels.map((k, i) => {
      const conv = new Conv1d(this.path(`convs.${i}`), channels, F, k, rng, { padding: 'same' });
      channels = F;
      return this.addChild(conv);
    });
    this.fc = this.addChild(new Linear(this.path('fc'), F, opts.numTags, rng));
    this.crf = opts.crf ? this.addChild(new CrfLayer(this.path('crf'), opts.numTags, rng)) : null;
  }

  forward(ctx: BuildContext, features: Value, mask: Value): Value {
    return ctx.g.scope(this.name || 'tagger_cnn', () => {
      const m = checkTaggerInputs(ctx, 'TaggerCnn', features, mask, this.inputDim); // [B, T]
      const keep = op.unsqueeze(op.greater(m, 0.5), [1]); // [B, 1, T] bool
      let x = op.transpose(features, [0, 2, 1]); // [B, D, T]
      for (const conv of this.convs) {
        x = op.where(keep, x, 0); // padding zeroed, [B, C_i, T]
        x = dropout(ctx, activate(conv.forward(ctx, x), this.activation), this.dropoutRate); // [B, F, T]
      }
      return this.fc.forward(ctx, op.transpose(x, [0, 2, 1])); // [B, T, F] → [B, T, L]
    });
  }

  /** Keras-style L2 on the kernels and biases of its layers (never the CRF transitions), or null. */
  regularization(ctx: BuildContext): Value | null {
    return l2Regularization(ctx, this, this.l2Options);
  }
}
