// Sentence-level Conv2D head — the seeds' BERTCNN2D, on the pooled sentence vector (BERT's pooler output or
// the [CLS] state), not on token features:
//   pooled [B, H] → view [B, 1, H, 1] → Conv2d(1 → F, kernel (k, 1), 'same' padding) [B, F, H, 1] → ReLU
//   → MaxPool2d((p, 1)) [B, F, ⌊H/p⌋, 1] → global max over the H axis [B, F] → dropout
//   → optional hidden Dense layers [B, U_last] → Linear → logits [B, C]; optional L2 (regularization()).
// What this design computes, exactly: the H hidden units are treated as a 1-D "signal" of length H with one
// channel, and F filters of k taps slide along the hidden-unit index (zero-padded at both ends). For filter f,
//   a_f[h] = relu(b_f + Σ_{j<k} w_f[j] · v[h + j − ⌊(k−1)/2⌋])
// and the pooled score is max_h a_f[h] over h < p·⌊H/p⌋: the MaxPool2d followed by a global max is the same as
// one global max, except that when p does not divide H the last H mod p hidden units are dropped (floor mode,
// as PyTorch and Keras do). So each filter detects its k-tap pattern anywhere among ADJACENT hidden units and the
// classifier sees only the best match per filter. Adjacency of hidden units carries no meaning in BERT (any
// permutation of them is an equally good model), so this head is weaker than it looks — we keep it to reproduce
// the seeds and to compare against; the linear head on the same vector is the honest baseline.
// There is no time axis, hence no mask: padding cannot reach the pooled vector through this head.
import type { BuildContext } from '../engine/program.ts';
import type { Value } from '../engine/graph.ts';
import type { Rng } from '../engine/rng.ts';
import * as op from '../engine/ops/index.ts';
import { Conv2d } from '../nn/conv.ts';
import { dropout } from '../nn/dropout.ts';
import type { DenseStack } from '../nn/dense-stack.ts';
import { Linear } from '../nn/linear.ts';
import { Module } from '../nn/module.ts';
import { l2Regularization, type L2Options } from '../nn/regularization.ts';
import type { HeadApi } from './head.ts';
import { hiddenStack, type HiddenAndL2Options } from './hidden.ts';

export interface Conv2dSentenceOptions extends HiddenAndL2Options {
  inputDim: number;
  numClasses: number;
  /** F, number of conv filters (default 100). */
  filters?: number;
  /** k, kernel height along the hidden axis (default 3). */
  kernelSize?: number;
  /** p, MaxPool2d height (default 2). */
  poolSize?: number;
  dropout?: number;
}

export class Conv2dSentence extends Module implements HeadApi {
  readonly conv: Conv2d;
  readonly hidden: DenseStack;
  readonly fc: Linear;
  readonly l2Options: L2Options;
  readonly inputDim: number;
  readonly poolSize: number;
  readonly dropoutRate: number;
  readonly minLength = 1;

  constructor(name: string, opts: Conv2dSentenceOptions, rng: Rng) {
    super(name);
    const filters = opts.filters ?? 100;
    this.inputDim = opts.inputDim;
    this.poolSize = opts.poolSize ?? 2;
    this.dropoutRate = opts.dropout ?? 0.5;
    if (this.poolSize > this.inputDim)
      throw new Error(`${name || 'conv2d-sentence'}: poolSize ${this.poolSize} > hidden size ${this.inputDim}`);
    this.conv = this.addChild(
      new Conv2d(this.path('conv'), 1, filters, [opts.kernelSize ?? 3, 1], rng, { padding: 'same' }),
    );
    this.hidden = this.addChild(hiddenStack(this.path('hidden'), filters, opts, rng));
    this.fc = this.addChild(new Linear(this.path('fc'), this.hidden.outFeatures, opts.numClasses, rng));
    this.l2Options = { l2: opts.l2, l2Bias: opts.l2Bias };
  }

  /** pooled [B, H] → logits [B, C]. */
  forward(ctx: BuildContext, pooled: Value): Value {
    return ctx.g.scope(this.name, () => {
      if (pooled.rank !== 2)
        throw ctx.g.error('Conv2dSentence', `expects the pooled vector [B, ${this.inputDim}]`, [pooled]);
      const x = op.unsqueeze(pooled, [1, 3]); // [B, 1, H, 1]
      const a = op.relu(this.conv.forward(ctx, x)); // [B, F, H, 1]
      const [p] = op.maxPool(a, [this.poolSize, 1]); // [B, F, ⌊H/p⌋, 1]
      const g = op.reduceMax(op.squeeze(p, [3]), [2]); // [B, F]
      const h = this.hidden.forward(ctx, dropout(ctx, g, this.dropoutRate)); // [B, U_last]
      return this.fc.forward(ctx, h); // [B, C]
    });
  }

  regularization(ctx: BuildContext): Value | null {
    return l2Regularization(ctx, this, this.l2Options);
  }
}
