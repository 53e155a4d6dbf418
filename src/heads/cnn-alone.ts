// CNN-alone baseline: Kim's TextCNN over its own word embeddings, with no BERT at all — the comparison the
// issue's `bertcnn compare` draws (does BERT help over a CNN on embeddings alone?). Kim (2014) CNN-rand when
// randomly initialised, CNN-static / non-static when given a pretrained matrix (frozen or not).
//   ids [B, T] int64, mask [B, T] (the attention mask; 1 = real token) → Embedding [B, T, D] → TextCNN (with its
//   optional hidden Dense layers) → [B, C]; optional L2 on the conv and dense layers, never on the embedding table.
// Padded ids still index the table (any valid id, e.g. [PAD] = 0); the TextCNN zeroes their vectors and never
// counts a window over them, so padding changes nothing and padded rows get no gradient.
// Parameter names: embedding.weight [V, D], cnn.convs.{i}.*, cnn.fc.*.
import type { BuildContext } from '../engine/program.ts';
import type { Value } from '../engine/graph.ts';
import type { Rng } from '../engine/rng.ts';
import { Embedding } from '../nn/embedding.ts';
import { Module } from '../nn/module.ts';
import { l2Regularization, type L2Options } from '../nn/regularization.ts';
import { requireMask, type HeadApi } from './head.ts';
import { TextCnn, textCnnOptionsFor, type TextCnnOptions } from './textcnn.ts';

export interface CnnAloneOptions extends Omit<TextCnnOptions, 'inputDim'> {
  vocabSize: number;
  /** D (default 300, Kim's word2vec size); must match `pretrained` when given. */
  embeddingDim?: number;
  /** Initial table [V·D] row-major (e.g. GloVe/word2vec or BERT's word_embeddings); default N(0, 1). */
  pretrained?: Float32Array;
  /** Keep the embedding table fixed (Kim's CNN-static). Default false. */
  freezeEmbedding?: boolean;
}

export class CnnAlone extends Module implements HeadApi {
  readonly embedding: Embedding;
  readonly cnn: TextCnn;
  readonly l2Options: L2Options;

  constructor(name: string, opts: CnnAloneOptions, rng: Rng) {
    super(name);
    this.l2Options = { l2: opts.l2, l2Bias: opts.l2Bias };
    const D = opts.embeddingDim ?? 300;
    if (opts.pretrained && opts.pretrained.length !== opts.vocabSize * D) {
      throw new Error(
        `${name || 'cnn-alone'}: pretrained matrix has ${opts.pretrained.length} values, expected ${opts.vocabSize} × ${D}`,
      );
    }
    const embOpts = {
      trainable: !opts.freezeEmbedding,
      init: opts.pretrained ? Float32Array.from(opts.pretrained) : undefined,
    };
    this.embedding = this.addChild(new Embedding(this.path('embedding'), opts.vocabSize, D, rng, embOpts));
    this.cnn = this.addChild(new TextCnn(this.path('cnn'), textCnnOptionsFor(D, opts), rng));
  }

  get minLength(): number {
    return this.cnn.minLength;
  }

  /** ids [B, T] int64, mask [B, T] → logits [B, C]. */
  forward(ctx: BuildContext, ids: Value, mask?: Value): Value {
    return ctx.g.scope(this.name, () => {
      if (ids.dtype !== 'int64' && ids.dtype !== 'int32')
        throw ctx.g.error('CnnAlone', 'ids must be int64 [B, T]', [ids]);
      const m = requireMask(ctx, 'CnnAlone', ids, mask);
      return this.cnn.forward(ctx, this.embedding.forward(ctx, ids), m); // [B, T, D] → [B, C]
    });
  }

  regularization(ctx: BuildContext): Value | null {
    return l2Regularization(ctx, this, this.l2Options);
  }
}
