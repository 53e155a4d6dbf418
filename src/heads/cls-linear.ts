// [CLS]/pooled linear head — Hugging Face's BertForSequenceClassification classifier (Devlin et al. 2019):
//   pooled [B, H] (BERT's pooler output, or the [CLS] hidden state) → dropout → Linear(H → C) → logits [B, C]
// Optional L2 on the classifier's weight and bias (regularization()).
// Parameter names classifier.weight [C, H] / classifier.bias [C] (under the head's name; with the name '' they
// are exactly Hugging Face's, so a BertForSequenceClassification checkpoint's head loads by name).
// No time axis, no mask: padding cannot change the result through this head.
import type { BuildContext } from '../engine/program.ts';
import type { Value } from '../engine/graph.ts';
import type { Rng } from '../engine/rng.ts';
import { dropout } from '../nn/dropout.ts';
import { normal } from '../nn/init.ts';
import { Linear } from '../nn/linear.ts';
import { Module } from '../nn/module.ts';
import { l2Regularization, type L2Options } from '../nn/regularization.ts';
import type { HeadApi } from './head.ts';

export interface ClsLinearOptions extends L2Options {
  inputDim: number;
  numClasses: number;
  /** BERT's hidden_dropout_prob (default 0.1). */
  dropout?: number;
  /** Weight init N(0, std²) and zero bias, as Hugging Face's _init_weights (initializer_range, default 0.02). */
  initStd?: number;
}

export class ClsLinear extends Module implements HeadApi {
  readonly classifier: Linear;
  readonly dropoutRate: number;
  readonly l2Options: L2Options;
  readonly minLength = 1;

  constructor(name: string, opts: ClsLinearOptions, rng: Rng) {
    super(name);
    this.l2Options = { l2: opts.l2, l2Bias: opts.l2Bias };
    this.dropoutRate = opts.dropout ?? 0.1;
    const std = opts.initStd ?? 0.02;
    const init = (n: number) => normal(rng, n, std);
    this.classifier = this.addChild(new Linear(this.path('classifier'), opts.inputDim, opts.numClasses, rng, { init }));
    this.classifier.bias!.data.fill(0);
  }

  /** pooled [B, H] → logits [B, C]. */
  forward(ctx: BuildContext, pooled: Value): Value {
    return ctx.g.scope(this.name, () => {
      if (pooled.rank !== 2) throw ctx.g.error('ClsLinear', `expects the pooled vector [B, H]`, [pooled]);
      return this.classifier.forward(ctx, dropout(ctx, pooled, this.dropoutRate)); // [B, C]
    });
  }

  regularization(ctx: BuildContext): Value | null {
    return l2Regularization(ctx, this, this.l2Options);
  }
}
