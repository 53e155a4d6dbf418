// Linear tagger — Hugging Face's BertForTokenClassification head (Devlin et al. 2019, §5.3):
//   features [B, T, D] → dropout → Linear(D → L) → emissions [B, T, L]      (+ optional CRF on top)
// Parameter names classifier.weight [L, D] / classifier.bias [L] (under the head's name), N(0, 0.02²) / 0 init as
// Hugging Face's _init_weights. Every position is scored independently, so padding cannot reach a real token.
import type { Value } from '../../engine/graph.ts';
import type { BuildContext } from '../../engine/program.ts';
import type { Rng } from '../../engine/rng.ts';
import { dropout } from '../../nn/dropout.ts';
import { normal } from '../../nn/init.ts';
import { Linear } from '../../nn/linear.ts';
import { Module } from '../../nn/module.ts';
import { l2Regularization, type L2Options } from '../../nn/regularization.ts';
import { CrfLayer } from './crf-layer.ts';
import { checkTaggerInputs, type TaggerApi } from './tagger.ts';

export interface TaggerLinearOptions extends L2Options {
  inputDim: number;
  numTags: number;
  /** Dropout on the features (default 0.1, BERT's hidden_dropout_prob). */
  dropout?: number;
  crf?: boolean;
}

export class TaggerLinear extends Module implements TaggerApi {
  readonly classifier: Linear;
  readonly crf: CrfLayer | null;
  readonly numTags: number;
  readonly inputDim: number;
  readonly dropoutRate: number;
  readonly l2Options: L2Options;
  readonly staticLength = false;

  constructor(name: string, opts: TaggerLinearOptions, rng: Rng) {
    super(name);
    this.l2Options = { l2: opts.l2, l2Bias: opts.l2Bias };
    this.numTags = opts.numTags;
    this.inputDim = opts.inputDim;
    this.dropoutRate = opts.dropout ?? 0.1;
    const init = (n: number) => normal(rng, n, 0.02);
    this.classifier = this.addChild(new Linear(this.path('classifier'), opts.inputDim, opts.numTags, rng, { init }));
    this.classifier.bias!.data.fill(0);
    this.crf = opts.crf ? this.addChild(new CrfLayer(this.path('crf'), opts.numTags, rng)) : null;
  }

  forward(ctx: BuildContext, features: Value, mask: Value): Value {
    return ctx.g.scope(this.name || 'tagger_linear', () => {
      checkTaggerInputs(ctx, 'TaggerLinear', features, mask, this.inputDim);
      return this.classifier.forward(ctx, dropout(ctx, features, this.dropoutRate)); // [B, T, L]
    });
  }

  /** Keras-style L2 on the kernels and biases of its layers (never the CRF transitions), or null. */
  regularization(ctx: BuildContext): Value | null {
    return l2Regularization(ctx, this, this.l2Options);
  }
}
