// BiLSTM tagger — the BiLSTM(-CRF) of Huang et al. 2015 and Lample et al. 2016, over BERT sub-token features:
//   features [B, T, D], mask [B, T] → BiLSTM (src/nn/lstm.ts; hidden H per direction, n layers) → [B, T, 2H]
//   → dropout → Linear(2H → L) → emissions [B, T, L]                          (+ optional CRF on top)
// The LSTM is unrolled over a static T (staticLength: one Program per padded length) and follows PyTorch's packed
// sequences exactly: each row's forward pass stops at its last real token and its reverse pass starts there, so
// padding never reaches a real position. Parameter names lstm.weight_ih_l0 … (torch.nn.LSTM), fc.weight / fc.bias.
import type { Value } from '../../engine/graph.ts';
import type { BuildContext } from '../../engine/program.ts';
import type { Rng } from '../../engine/rng.ts';
import { dropout } from '../../nn/dropout.ts';
import { Linear } from '../../nn/linear.ts';
import { LSTM } from '../../nn/lstm.ts';
import { Module } from '../../nn/module.ts';
import { l2Regularization, type L2Options } from '../../nn/regularization.ts';
import { CrfLayer } from './crf-layer.ts';
import { checkTaggerInputs, type TaggerApi } from './tagger.ts';

export interface TaggerBiLstmOptions extends L2Options {
  inputDim: number;
  numTags: number;
  /** Hidden size per direction (default 128). */
  hidden?: number;
  /** Stacked BiLSTM layers (default 1). */
  layers?: number;
  /** Dropout on the LSTM output, and between layers (default 0.5, Lample et al.). */
  dropout?: number;
  crf?: boolean;
}

export class TaggerBiLstm extends Module implements TaggerApi {
  readonly lstm: LSTM;
  readonly fc: Linear;
  readonly crf: CrfLayer | null;
  readonly numTags: number;
  readonly inputDim: number;
  readonly dropoutRate: number;
  readonly l2Options: L2Options;
  readonly staticLength = true;

  constructor(name: string, opts: TaggerBiLstmOptions, rng: Rng) {
    super(name);
    this.l2Options = { l2: opts.l2, l2Bias: opts.l2Bias };
    this.numTags = opts.numTags;
    this.inputDim = opts.inputDim;
    this.dropoutRate = opts.dropout ?? 0.5;
    const H = opts.hidden ?? 128;
    this.lstm = this.addChild(
      new LSTM(this.path('lstm'), opts.inputDim, H, rng, {
        numLayers: opts.layers ?? 1,
        bidirectional: true,
        dropout: this.dropoutRate,
      }),
    );
    this.fc = this.addChild(new Linear(this.path('fc'), 2 * H, opts.numTags, rng));
    this.crf = opts.crf ? this.addChild(new CrfLayer(this.path('crf'), opts.numTags, rng)) : null;
  }

  forward(ctx: BuildContext, features: Value, mask: Value): Value {
    return ctx.g.scope(this.name || 'tagger_bilstm', () => {
      const m = checkTaggerInputs(ctx, 'TaggerBiLstm', features, mask, this.inputDim);
      const { output } = this.lstm.forward(ctx, features, m); // [B, T, 2H], 0 on padding
      return this.fc.forward(ctx, dropout(ctx, output, this.dropoutRate)); // [B, T, L]
    });
  }

  /** Keras-style L2 on the kernels and biases of its layers (never the CRF transitions), or null. */
  regularization(ctx: BuildContext): Value | null {
    return l2Regularization(ctx, this, this.l2Options);
  }
}
