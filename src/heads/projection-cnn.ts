// Projection + TextCNN head — the seeds' BERTCNNProjection: a Linear(H → P) on every token's feature vector
// shrinks BERT's hidden size before Kim's TextCNN (src/heads/textcnn.ts), so the convolutions cost P/H as much.
//   features [B, T, H], mask [B, T] → Linear [B, T, P] (→ optional activation) → TextCNN (with its optional
//   hidden Dense layers) → logits [B, C]; optional L2 on the projection, conv and dense layers (regularization()).
// Padded positions are projected too, but the TextCNN zeroes them and never lets a window over padding count,
// so the same sentence padded to any T ≥ minLength gives the same logits.
// Parameter names: projection.weight [P, H], projection.bias [P], cnn.convs.{i}.*, cnn.fc.*.
import type { BuildContext } from '../engine/program.ts';
import type { Value } from '../engine/graph.ts';
import type { Rng } from '../engine/rng.ts';
import * as op from '../engine/ops/index.ts';
import { Linear } from '../nn/linear.ts';
import { Module } from '../nn/module.ts';
import { l2Regularization, type L2Options } from '../nn/regularization.ts';
import { requireMask, type HeadApi } from './head.ts';
import { TextCnn, textCnnOptionsFor, type TextCnnOptions } from './textcnn.ts';

export interface ProjectionCnnOptions extends Omit<TextCnnOptions, 'inputDim'> {
  inputDim: number;
  /** P, the projected size (default 256). */
  projectionDim?: number;
  /** Non-linearity after the projection (default 'none', as the seed). */
  projectionActivation?: 'none' | 'relu' | 'tanh';
}

export class ProjectionCnn extends Module implements HeadApi {
  readonly projection: Linear;
  readonly cnn: TextCnn;
  readonly projectionActivation: 'none' | 'relu' | 'tanh';
  readonly l2Options: L2Options;

  constructor(name: string, opts: ProjectionCnnOptions, rng: Rng) {
    super(name);
    this.l2Options = { l2: opts.l2, l2Bias: opts.l2Bias };
    const P = opts.projectionDim ?? 256;
    this.projectionActivation = opts.projectionActivation ?? 'none';
    this.projection = this.addChild(new Linear(this.path('projection'), opts.inputDim, P, rng));
    this.cnn = this.addChild(new TextCnn(this.path('cnn'), textCnnOptionsFor(P, opts), rng));
  }

  get minLength(): number {
    return this.cnn.minLength;
  }

  /** features [B, T, H], mask [B, T] → logits [B, C]. */
  forward(ctx: BuildContext, features: Value, mask?: Value): Value {
    return ctx.g.scope(this.name, () => {
      const m = requireMask(ctx, 'ProjectionCnn', features, mask);
      let p = this.projection.forward(ctx, features); // [B, T, P]
      if (this.projectionActivation === 'relu') p = op.relu(p);
      else if (this.projectionActivation === 'tanh') p = op.tanh(p);
      return this.cnn.forward(ctx, p, m); // [B, C]
    });
  }

  regularization(ctx: BuildContext): Value | null {
    return l2Regularization(ctx, this, this.l2Options);
  }
}
