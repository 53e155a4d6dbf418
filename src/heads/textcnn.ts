// Kim (2014) TextCNN over token features: parallel Conv1d windows, ReLU, masked max-over-time, dropout, linear.
//   features [B, T, H], mask [B, T] (1 = real token, a prefix of each row) → pooled [B, F·n] → dropout
//   → optional hidden Dense layers (../nn/dense-stack.ts) [B, U_last] → Linear → logits [B, C]
// Padding never influences the result: padded features are zeroed before the convolution, and a window
// counts only if it starts inside the sentence and does not run past its end (window 0 always counts, so a
// sentence shorter than the kernel sees itself padded with zeros — exactly Kim's zero padding). Hence the
// same sentence padded to 16 or to 128 gives the same logits. T must be ≥ the largest kernel (the batcher
// pads to it).
import type { BuildContext } from '../engine/program.ts';
import type { Value } from '../engine/graph.ts';
import type { Rng } from '../engine/rng.ts';
import * as op from '../engine/ops/index.ts';
import { Conv1d } from '../nn/conv.ts';
import { dropout } from '../nn/dropout.ts';
import type { DenseStack } from '../nn/dense-stack.ts';
import { Linear } from '../nn/linear.ts';
import { maskedMaxOverTime } from '../nn/masked-pooling.ts';
import { Module } from '../nn/module.ts';
import type { L2Options } from '../nn/regularization.ts';
import { hiddenStack, type HiddenAndL2Options } from './hidden.ts';

export interface TextCnnOptions extends HiddenAndL2Options {
  inputDim: number;
  numClasses: number;
  kernelSizes?: number[];
  filters?: number;
  activation?: 'relu' | 'leaky_relu';
  dropout?: number;
}

/** TextCNN options for a given input width, taken from a head's own options (projection-cnn, cnn-alone). */
export function textCnnOptionsFor(inputDim: number, o: Omit<TextCnnOptions, 'inputDim'>): TextCnnOptions {
  return {
    inputDim,
    numClasses: o.numClasses,
    kernelSizes: o.kernelSizes,
    filters: o.filters,
    activation: o.activation,
    dropout: o.dropout,
    hiddenUnits: o.hiddenUnits,
    hiddenActivation: o.hiddenActivation,
    hiddenDropout: o.hiddenDropout,
  };
}

export class TextCnn extends Module {
  readonly convs: Conv1d[];
  readonly hidden: DenseStack;
  readonly fc: Linear;
  readonly kernelSizes: number[];
  readonly dropoutRate: number;
  readonly activation: 'relu' | 'leaky_relu';
  /** λ and λ_b of the L2 terms, read by the head wrappers' regularization(). */
  readonly l2Options: L2Options;

  constructor(name: string, opts: TextCnnOptions, rng: Rng) {
    super(name);
    this.kernelSizes = opts.kernelSizes ?? [3, 4, 5];
    const filters = opts.filters ?? 100;
    this.dropoutRate = opts.dropout ?? 0.5;
    this.activation = opts.activation ?? 'relu';
    this.l2Options = { l2: opts.l2, l2Bias: opts.l2Bias };
    this.convs = this.kernelSizes.map((k, i) =>
      this.addChild(new Conv1d(this.path(`convs.${i}`), opts.inputDim, filters, k, rng)),
    );
    const pooledWidth = filters * this.kernelSizes.length;
    this.hidden = this.addChild(hiddenStack(this.path('hidden'), pooledWidth, opts, rng));
    this.fc = this.addChild(new Linear(this.path('fc'), this.hidden.outFeatures, opts.numClasses, rng));
  }

  /** Smallest padded length this head accepts. */
  get minLength(): number {
    return Math.max(...this.kernelSizes);
  }

  /** features [B, T, H], mask [B, T] float → logits [B, C]. */
  forward(ctx: BuildContext, features: Value, mask: Value): Value {
    return ctx.g.scope(this.name, () => {
      const x = op.transpose(op.mul(features, op.unsqueeze(mask, [2])), [0, 2, 1]); // [B, H, T], pads zeroed
      const pooled = this.convs.map((conv, i) => {
        const k = this.kernelSizes[i]!;
        const y = conv.forward(ctx, x); // [B, F, T-k+1]
        const a = this.activation === 'relu' ? op.relu(y) : op.leakyRelu(y, 0.01);
        // window t is valid iff t == 0 or mask[t+k-1] == 1 → [B, T-k+1]. Window 0 always counts, so even an
        // all-padding row (an empty text) pools finite values.
        const first = op.add(op.mul(op.slice(mask, 1, 0, 1), 0), 1); // ones [B, 1]
        const valid = op.concat([first, op.slice(mask, 1, k)], 1);
        return maskedMaxOverTime(a, valid); // [B, F]
      });
      const h = dropout(ctx, op.concat(pooled, 1), this.dropoutRate); // [B, F·n]
      return this.fc.forward(ctx, this.hidden.forward(ctx, h)); // [B, U_last] → [B, C]
    });
  }
}
