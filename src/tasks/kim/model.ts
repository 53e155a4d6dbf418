// Kim (2014)'s sentence CNN over word ids, with one or two embedding channels, as a Module:
//   ids [B, T] int64 (batch-local row ids, see row-table.ts), wordMask [B, T] (1 = a word, 0 = Kim's zero
//   padding), windowMask [B, T] (1 over the padded sentence, 0 over batch padding) [, chars [B, T, L]] →
//   channel embeddings [B, T, D] (× wordMask: padding rows are zero and get no gradient, as Kim's set_zero keeps
//   W[0] = 0) → x → TextCNN (3/4/5 × 100, ReLU, max-over-time, dropout, linear) → logits [B, C].
// Channels: one (rand / static / non-static), or two (multichannel: one frozen, one fine-tuned) combined as
//   'shared' (default, Kim's paper: "each filter is applied to both channels and the results are added":
//            c = f(w·x_static + w·x_tuned + b) = f(w·(x_static + x_tuned) + b), so x = sum of channels, [B, T, D])
//   'separate' (harvardnlp's 2-channel convolution: each channel has its own filter weights, summed:
//            x = concat of channels [B, T, 2D] — a Conv1d over 2D inputs is exactly that sum).
// With a CharCnn (the char-cnn OOV policy), its [B, T, F] vectors are concatenated to x.
// The TextCNN is unfold-textcnn.ts (default; same function, faster to train) or heads/textcnn.ts (impl 'conv1d').
import type { BuildContext } from '../../engine/program.ts';
import type { Value } from '../../engine/graph.ts';
import type { Rng } from '../../engine/rng.ts';
import * as op from '../../engine/ops/index.ts';
import { Module } from '../../nn/module.ts';
import { TextCnn } from '../../heads/textcnn.ts';
import { CharCnn, type CharCnnOptions } from './char-cnn.ts';
import { UnfoldTextCnn } from './unfold-textcnn.ts';
import { RowTable } from './row-table.ts';

export interface ChannelSpec {
  /** [V, D] initial table. */
  init: Float32Array;
  trainable: boolean;
}

export interface KimModelOptions {
  vocabSize: number;
  dim: number;
  numClasses: number;
  channels: ChannelSpec[];
  /** Rows one batch may use (distinct words + padding); default: the whole vocabulary. */
  rowCapacity?: number;
  combine?: 'shared' | 'separate';
  kernelSizes?: number[];
  filters?: number;
  dropout?: number;
  charCnn?: CharCnnOptions;
  impl?: 'unfold' | 'conv1d';
}

export class KimCnn extends Module {
  readonly channels: RowTable[];
  readonly charCnn: CharCnn | null;
  readonly cnn: UnfoldTextCnn | TextCnn;
  readonly combine: 'shared' | 'separate';

  constructor(name: string, o: KimModelOptions, rng: Rng) {
    super(name);
    if (o.channels.length < 1 || o.channels.length > 2)
      throw new Error(`KimCnn: 1 or 2 channels, got ${o.channels.length}`);
    this.combine = o.combine ?? 'shared';
    this.channels = o.channels.map((c, i) => {
      if (c.init.length !== o.vocabSize * o.dim)
        throw new Error(`KimCnn channel ${i}: ${c.init.length} values, expected ${o.vocabSize} × ${o.dim}`);
      const name = this.path(`embedding${o.channels.length > 1 ? `.${i}` : ''}`);
      return this.addChild(
        new RowTable(
          name,
          o.vocabSize,
          o.dim,
          c.init,
          c.trainable,
          Math.min(o.vocabSize, o.rowCapacity ?? o.vocabSize),
        ),
      );
    });
    this.charCnn = o.charCnn ? this.addChild(new CharCnn(this.path('char_cnn'), o.charCnn, rng)) : null;
    const wordDim = this.combine === 'separate' ? o.dim * o.channels.length : o.dim;
    const inputDim = wordDim + (this.charCnn?.outDim ?? 0);
    const cnn = {
      inputDim,
      numClasses: o.numClasses,
      kernelSizes: o.kernelSizes,
      filters: o.filters,
      dropout: o.dropout,
    };
    this.cnn = this.addChild(
      o.impl === 'conv1d'
        ? new TextCnn(this.path('cnn'), { ...cnn, activation: 'relu' }, rng)
        : new UnfoldTextCnn(this.path('cnn'), cnn, rng),
    );
  }

  get minLength(): number {
    return this.cnn.minLength;
  }

  forward(ctx: BuildContext, ids: Value, wordMask: Value, windowMask: Value, chars?: Value): Value {
    return ctx.g.scope(this.name, () => {
      const m = op.unsqueeze(wordMask, [2]); // [B, T, 1]
      const embs = this.channels.map((e) => op.mul(e.forward(ctx, ids), m)); // each [B, T, D]
      let x =
        embs.length === 1 ? embs[0]! : this.combine === 'shared' ? op.add(embs[0]!, embs[1]!) : op.concat(embs, 2);
      if (this.charCnn) {
        if (!chars) throw ctx.g.error('KimCnn', 'the char CNN needs chars [B, T, L]', [ids]);
        x = op.concat([x, op.mul(this.charCnn.forward(ctx, chars), m)], 2); // [B, T, D' + F]
      }
      return this.cnn.forward(ctx, x, windowMask); // [B, C]
    });
  }

  /**
   * Kim's initialisation of the convolution and output layers (conv_net_classes.py): filters
   * U(±√(6 / (fan_in + fan_out))) with fan_in = k·D, fan_out = F·k·D / (T − k + 1) for his fixed padded length
   * T; conv biases 0; the softmax layer's weights and biases 0.
   */
  kimInit(rng: Rng, paddedLength: number): void {
    if (this.cnn instanceof UnfoldTextCnn) return this.cnn.kimInit(rng, paddedLength);
    const cnn = this.cnn;
    cnn.convs.forEach((conv, i) => {
      const k = cnn.kernelSizes[i]!;
      const [F, D] = conv.weight.shape as [number, number, number];
      const bound = Math.sqrt(6 / (k * D + (F * k * D) / Math.max(1, paddedLength - k + 1)));
      rng.fillUniform(conv.weight.data, -bound, bound);
      conv.bias?.data.fill(0);
    });
    cnn.fc.weight.data.fill(0);
    cnn.fc.bias?.data.fill(0);
  }
}
