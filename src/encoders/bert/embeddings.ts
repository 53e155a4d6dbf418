// BertEmbeddings: word + position + token-type embeddings → LayerNorm → dropout.
//   inputIds [B, T] int64, tokenTypeIds [B, T] int64 → [B, T, H]
// Positions are 0..T−1 (absolute), sliced from the position table so any T ≤ max_position_embeddings works.
import type { BuildContext } from '../../engine/program.ts';
import type { Value } from '../../engine/graph.ts';
import type { Rng } from '../../engine/rng.ts';
import * as op from '../../engine/ops/index.ts';
import { int64 } from '../../engine/tensor.ts';
import { dropout } from '../../nn/dropout.ts';
import { Embedding } from '../../nn/embedding.ts';
import { normal } from '../../nn/init.ts';
import { LayerNorm } from '../../nn/layer-norm.ts';
import { Module } from '../../nn/module.ts';
import type { BertConfig } from './config.ts';

export class BertEmbeddings extends Module {
  readonly word_embeddings: Embedding;
  readonly position_embeddings: Embedding;
  readonly token_type_embeddings: Embedding;
  readonly LayerNorm: LayerNorm;

  constructor(
    name: string,
    private readonly cfg: BertConfig,
    rng: Rng,
  ) {
    super(name);
    const h = cfg.hidden_size;
    const table = (n: number) => ({ init: normal(rng, n * h, 0.02) });
    this.word_embeddings = this.addChild(
      new Embedding(this.path('word_embeddings'), cfg.vocab_size, h, rng, table(cfg.vocab_size)),
    );
    this.position_embeddings = this.addChild(
      new Embedding(
        this.path('position_embeddings'),
        cfg.max_position_embeddings,
        h,
        rng,
        table(cfg.max_position_embeddings),
      ),
    );
    this.token_type_embeddings = this.addChild(
      new Embedding(this.path('token_type_embeddings'), cfg.type_vocab_size, h, rng, table(cfg.type_vocab_size)),
    );
    this.LayerNorm = this.addChild(new LayerNorm(this.path('LayerNorm'), h, cfg.layer_norm_eps));
  }

  forward(ctx: BuildContext, inputIds: Value, tokenTypeIds: Value): Value {
    const words = this.word_embeddings.forward(ctx, inputIds); // [B, T, H]
    const types = this.token_type_embeddings.forward(ctx, tokenTypeIds); // [B, T, H]
    const positions = ctx.g.scope(this.path('position_embeddings'), () => {
      const table = ctx.param(this.position_embeddings.weight); // [P, H]
      const g = ctx.g;
      const scalar = (x: number) => g.constant(int64([], [x]), 'i64');
      const t = op.gather(op.shapeOf(inputIds), scalar(1), 0); // T, int64 scalar
      const ids = g.node('Range', [scalar(0), t, scalar(1)], [{ dtype: 'int64', shape: [inputIds.shape[1]!] }])[0]!;
      return op.gather(table, ids, 0); // [T, H]
    });
    const sum = op.add(op.add(words, types), positions); // [B, T, H]
    return dropout(ctx, this.LayerNorm.forward(ctx, sum), this.cfg.hidden_dropout_prob);
  }
}
