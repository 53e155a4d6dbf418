// Stacked Conv1D head — the seeds' BERTCNN1D and the Keras text-CNN examples:
//   features [B, T, H], mask [B, T] → per layer i: Conv1d(F_i, k_i) → activation → [BatchNorm1d] → [dropout]
//   → MaxPool1d(p_i) → masked global max over time [B, F_last] → dropout → [hidden Dense layers [B, U_last]]
//   → Linear → logits [B, C]; optional Keras-style L2 on the kernels and biases (regularization()).
// The seeds' BioBERT Keras stack, Conv1D → BatchNorm → Dropout (×N) → GlobalMaxPool → Dense(128, relu) → Dropout
// → output with L2 on the kernels, is layers=N, batchNorm, layerDropout, poolSize 1, dropout 0, hiddenUnits [128].
// Masking is exact — the same sentence padded to any T ≥ minLength gives the same logits, in eval AND train mode:
//   - every conv input is zeroed at padded positions, so 'same' convolutions see the zero padding the sentence
//     alone would have (output mask = input mask); with 'valid' padding window t counts iff it lies inside the
//     sentence, or t = 0 (a sentence shorter than k sees itself zero-padded, as Kim's TextCNN);
//   - BatchNorm statistics are computed over valid positions only (src/nn/batch-norm.ts);
//   - pooling treats padding as −∞ and a pooled position is valid iff any input is (src/nn/max-pool.ts, ceil
//     mode by default so an odd-length sentence never loses its last position);
//   - the final max ignores padded positions.
// Position 0 always counts (an all-padding row behaves like a one-token sentence whose token is all zeros,
// instead of producing −∞ logits).
import type { BuildContext } from '../engine/program.ts';
import type { Value } from '../engine/graph.ts';
import type { Rng } from '../engine/rng.ts';
import * as op from '../engine/ops/index.ts';
import { BatchNorm1d } from '../nn/batch-norm.ts';
import { Conv1d } from '../nn/conv.ts';
import { dropout } from '../nn/dropout.ts';
import { Linear } from '../nn/linear.ts';
import { maskedMaxOverTime } from '../nn/masked-pooling.ts';
import { maskedMaxPool1d } from '../nn/max-pool.ts';
import type { DenseStack } from '../nn/dense-stack.ts';
import { Module } from '../nn/module.ts';
import { l2Regularization, type L2Options } from '../nn/regularization.ts';
import { requireMask, type HeadApi } from './head.ts';
import { hiddenStack, type HiddenAndL2Options } from './hidden.ts';

export type Activation = 'relu' | 'leaky_relu' | 'tanh';

export interface ConvLayerSpec {
  filters: number;
  kernelSize: number;
  /** Max-pool width after this layer (default: the stack's poolSize; 1 = no pooling). */
  pool?: number;
}

export interface Conv1dStackOptions extends HiddenAndL2Options {
  inputDim: number;
  numClasses: number;
  /** A count of layers of `filters` × `kernelSize`, or one spec per layer (missing fields from those two);
   *  default two layers of 128 filters of width 3. */
  layers?: number | Partial<ConvLayerSpec>[];
  /** Filters of a layer that does not set its own (default 128). */
  filters?: number;
  /** Kernel width of a layer that does not set its own (default 3). */
  kernelSize?: number;
  activation?: Activation;
  /** 'same' (default, Keras padding='same') or 'valid' (no padding; T shrinks by k − 1 per layer). */
  padding?: 'same' | 'valid';
  batchNorm?: boolean;
  bnMomentum?: number;
  bnEps?: number;
  /** Default pool width per layer (2). */
  poolSize?: number;
  /** Ceil-mode pooling (default true; see src/nn/max-pool.ts). */
  ceilPool?: boolean;
  /** Dropout after each conv layer, after BatchNorm and before pooling (default 0). */
  layerDropout?: number;
  /** Dropout on the globally pooled features (default 0.5). */
  dropout?: number;
}

export function activate(x: Value, kind: Activation): Value {
  if (kind === 'relu') return op.relu(x);
  if (kind === 'leaky_relu') return op.leakyRelu(x, 0.01);
  return op.tanh(x);
}

/** mask [B, T] with position 0 forced valid. */
export function firstAlwaysValid(mask: Value): Value {
  const one = op.add(op.mul(op.slice(mask, 1, 0, 1), 0), 1); // [B, 1] of ones
  return op.concat([one, op.slice(mask, 1, 1)], 1);
}

export class Conv1dStack extends Module implements HeadApi {
  readonly layers: Required<ConvLayerSpec>[];
  readonly convs: Conv1d[];
  readonly norms: BatchNorm1d[];
  readonly hidden: DenseStack;
  readonly fc: Linear;
  readonly activation: Activation;
  readonly padding: 'same' | 'valid';
  readonly ceilPool: boolean;
  readonly layerDropout: number;
  readonly dropoutRate: number;
  readonly l2Options: L2Options;

  constructor(name: string, opts: Conv1dStackOptions, rng: Rng) {
    super(name);
    const poolSize = opts.poolSize ?? 2;
    const given = opts.layers ?? 2;
    const specs: Partial<ConvLayerSpec>[] =
      typeof given === 'number' ? Array.from({ length: given }, () => ({})) : given;
    if (specs.length === 0) throw new Error(`${name || 'conv1d-stack'}: needs at least one conv layer`);
    this.layers = specs.map((s) => ({
      filters: s.filters ?? opts.filters ?? 128,
      kernelSize: s.kernelSize ?? opts.kernelSize ?? 3,
      pool: s.pool ?? poolSize,
    }));
    this.activation = opts.activation ?? 'relu';
    this.padding = opts.padding ?? 'same';
    this.ceilPool = opts.ceilPool ?? true;
    this.layerDropout = opts.layerDropout ?? 0;
    this.dropoutRate = opts.dropout ?? 0.5;
    this.l2Options = { l2: opts.l2, l2Bias: opts.l2Bias };
    let channels = opts.inputDim;
    this.convs = [];
    this.norms = [];
    this.layers.forEach((s, i) => {
      const padding = this.padding === 'same' ? 'same' : 0;
      this.convs.push(
        this.addChild(new Conv1d(this.path(`convs.${i}`), channels, s.filters, s.kernelSize, rng, { padding })),
      );
      if (opts.batchNorm) {
        const bn = new BatchNorm1d(this.path(`norms.${i}`), s.filters, { momentum: opts.bnMomentum, eps: opts.bnEps });
        this.norms.push(this.addChild(bn));
      }
      channels = s.filters;
    });
    this.hidden = this.addChild(hiddenStack(this.path('hidden'), channels, opts, rng));
    this.fc = this.addChild(new Linear(this.path('fc'), this.hidden.outFeatures, opts.numClasses, rng));
  }

  /** Smallest padded T for which every layer still has ≥ 1 output position. */
  get minLength(): number {
    let need = 1;
    for (const s of [...this.layers].reverse()) {
      if (s.pool > 1) need = this.ceilPool ? s.pool * (need - 1) + 1 : s.pool * need;
      if (this.padding === 'valid') need += s.kernelSize - 1;
    }
    return need;
  }

  /** features [B, T, H], mask [B, T] → logits [B, C]. */
  forward(ctx: BuildContext, features: Value, mask?: Value): Value {
    return ctx.g.scope(this.name, () => {
      const given = requireMask(ctx, 'Conv1dStack', features, mask); // [B, T]
      let x = op.where(op.unsqueeze(op.greater(given, 0.5), [1]), op.transpose(features, [0, 2, 1]), 0); // [B, H, T]
      let m = firstAlwaysValid(given); // [B, T]
      this.layers.forEach((s, i) => {
        x = op.where(op.unsqueeze(op.greater(m, 0.5), [1]), x, 0); // padding zeroed, [B, C_i, T_i]
        let y = this.convs[i]!.forward(ctx, x); // [B, F_i, T_i] ('same') or [B, F_i, T_i − k + 1] ('valid')
        if (this.padding === 'valid') {
          // window t counts iff t == 0 or its last input t + k − 1 is real
          m = op.concat([op.slice(m, 1, 0, 1), op.slice(m, 1, s.kernelSize)], 1);
        }
        y = activate(y, this.activation);
        if (this.norms.length) y = this.norms[i]!.forward(ctx, y, m);
        y = dropout(ctx, y, this.layerDropout); // padded positions stay ignored: zeroed or masked downstream
        const pooled = maskedMaxPool1d(y, m, s.pool, { ceil: this.ceilPool }); // [B, F_i, ⌈T/p⌉]
        x = pooled.y;
        m = pooled.mask;
      });
      const h = dropout(ctx, maskedMaxOverTime(x, m), this.dropoutRate); // [B, F_last]
      return this.fc.forward(ctx, this.hidden.forward(ctx, h)); // [B, U_last] → [B, C]
    });
  }

  /** Keras kernel/bias_regularizer: λ·Σw² over the conv and dense kernels, λ_b·Σb² over their biases
   *  (BatchNorm excluded). */
  regularization(ctx: BuildContext): Value | null {
    return l2Regularization(ctx, this, this.l2Options);
  }
}
