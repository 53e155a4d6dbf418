// DistilBertModel (Sanh et al. 2019): BERT with half the layers, no token types, no pooler. Parameter names are
// Hugging Face's DistilBertModel state-dict names, under an optional prefix ('distilbert' in DistilBertFor*):
//   embeddings.{word_embeddings, position_embeddings, LayerNorm}
//   transformer.layer.{i}.attention.{q_lin, k_lin, v_lin, out_lin}, .sa_layer_norm, .ffn.{lin1, lin2},
//   .output_layer_norm
//   inputIds [B, T] int64, attentionMask [B, T] float (1 = token) → hidden states per layer [B, T, dim]
// Block: sa = LN(attn(x) + x); out = LN(dropout(lin2(act(lin1(sa)))) + sa). Queries are scaled by 1/√d before
// q·kᵀ, as transformers does; masked keys get float32 min added (same softmax as its masked_fill). Frozen
// inference graphs (isFused) emit the blocks as ONNX Runtime's fused kernels (../fused.ts).
import type { Value } from '../../engine/graph.ts';
import type { BuildContext } from '../../engine/program.ts';
import { Rng } from '../../engine/rng.ts';
import * as op from '../../engine/ops/index.ts';
import { int64 } from '../../engine/tensor.ts';
import { dropout } from '../../nn/dropout.ts';
import { Embedding } from '../../nn/embedding.ts';
import { normal } from '../../nn/init.ts';
import { LayerNorm } from '../../nn/layer-norm.ts';
import { Linear } from '../../nn/linear.ts';
import { Module } from '../../nn/module.ts';
import { AttentionMask } from '../attention-mask.ts';
import { activation } from '../bert/layer.ts';
import { denseActivation, isFused, residualLayerNorm, selfAttention } from '../fused.ts';
import type { DistilBertConfig } from './config.ts';

const EPS = 1e-12;

function dense(name: string, inDim: number, outDim: number, rng: Rng): Linear {
  return new Linear(name, inDim, outDim, rng, { init: (n) => normal(rng, n, 0.02) });
}

/** transformers' create_sinusoidal_embeddings: even columns sin, odd columns cos of pos / 10000^(2⌊j/2⌋/dim). */
function sinusoidal(positions: number, dim: number): Float32Array {
  const out = new Float32Array(positions * dim);
  for (let p = 0; p < positions; p++) {
    for (let j = 0; j < dim; j++) {
      const angle = p / 10000 ** ((2 * Math.floor(j / 2)) / dim);
      out[p * dim + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}

export class DistilBertEmbeddings extends Module {
  readonly word_embeddings: Embedding;
  readonly position_embeddings: Embedding;
  readonly LayerNorm: LayerNorm;

  constructor(
    name: string,
    private readonly cfg: DistilBertConfig,
    rng: Rng,
  ) {
    super(name);
    const d = cfg.dim;
    const P = cfg.max_position_embeddings;
    this.word_embeddings = this.addChild(
      new Embedding(this.path('word_embeddings'), cfg.vocab_size, d, rng, {
        init: normal(rng, cfg.vocab_size * d, 0.02),
      }),
    );
    const fixed = cfg.sinusoidal_pos_embds;
    this.position_embeddings = this.addChild(
      new Embedding(this.path('position_embeddings'), P, d, rng, {
        init: fixed ? sinusoidal(P, d) : normal(rng, P * d, 0.02),
        trainable: !fixed,
      }),
    );
    this.LayerNorm = this.addChild(new LayerNorm(this.path('LayerNorm'), d, EPS));
  }

  /** inputIds [B, T] → [B, T, dim] */
  forward(ctx: BuildContext, inputIds: Value): Value {
    const words = this.word_embeddings.forward(ctx, inputIds); // [B, T, dim]
    const positions = ctx.g.scope(this.path('position_embeddings'), () => {
      const g = ctx.g;
      const scalar = (x: number) => g.constant(int64([], [x]), 'i64');
      const t = op.gather(op.shapeOf(inputIds), scalar(1), 0); // T
      const ids = g.node('Range', [scalar(0), t, scalar(1)], [{ dtype: 'int64', shape: [inputIds.shape[1]!] }])[0]!;
      return op.gather(ctx.param(this.position_embeddings.weight), ids, 0); // [T, dim]
    });
    return dropout(ctx, this.LayerNorm.forward(ctx, op.add(words, positions)), this.cfg.dropout);
  }
}

export class MultiHeadSelfAttention extends Module {
  readonly q_lin: Linear;
  readonly k_lin: Linear;
  readonly v_lin: Linear;
  readonly out_lin: Linear;

  constructor(
    name: string,
    private readonly cfg: DistilBertConfig,
    rng: Rng,
  ) {
    super(name);
    const d = cfg.dim;
    this.q_lin = this.addChild(dense(this.path('q_lin'), d, d, rng));
    this.k_lin = this.addChild(dense(this.path('k_lin'), d, d, rng));
    this.v_lin = this.addChild(dense(this.path('v_lin'), d, d, rng));
    this.out_lin = this.addChild(dense(this.path('out_lin'), d, d, rng));
  }

  /** x [B, T, dim] → [B, T, dim] (before out_lin) */
  context(ctx: BuildContext, x: Value, mask: AttentionMask): Value {
    const nh = this.cfg.n_heads;
    if (isFused(ctx)) return selfAttention(ctx, this.name, x, mask, [this.q_lin, this.k_lin, this.v_lin], nh);
    const hd = this.cfg.dim / nh;
    const split = (v: Value, perm: number[]) => op.transpose(op.reshape(v, [0, 0, nh, hd]), perm);
    const q = op.mul(split(this.q_lin.forward(ctx, x), [0, 2, 1, 3]), 1 / Math.sqrt(hd)); // [B, nh, T, hd]
    const kT = split(this.k_lin.forward(ctx, x), [0, 2, 3, 1]); // [B, nh, hd, T]
    const v = split(this.v_lin.forward(ctx, x), [0, 2, 1, 3]); // [B, nh, T, hd]
    return ctx.g.scope(this.name, () => {
      const scores = op.add(op.matmul(q, kT), mask.bias); // [B, nh, T, T]
      const probs = dropout(ctx, op.softmax(scores, -1), this.cfg.attention_dropout);
      return op.reshape(op.transpose(op.matmul(probs, v), [0, 2, 1, 3]), [0, 0, this.cfg.dim]); // [B, T, dim]
    });
  }

  /** x [B, T, dim] → out_lin(context) [B, T, dim] */
  forward(ctx: BuildContext, x: Value, mask: AttentionMask): Value {
    return this.out_lin.forward(ctx, this.context(ctx, x, mask));
  }
}

export class TransformerBlock extends Module {
  readonly attention: MultiHeadSelfAttention;
  readonly sa_layer_norm: LayerNorm;
  readonly lin1: Linear;
  readonly lin2: Linear;
  readonly output_layer_norm: LayerNorm;

  constructor(
    name: string,
    private readonly cfg: DistilBertConfig,
    rng: Rng,
  ) {
    super(name);
    this.attention = this.addChild(new MultiHeadSelfAttention(this.path('attention'), cfg, rng));
    this.sa_layer_norm = this.addChild(new LayerNorm(this.path('sa_layer_norm'), cfg.dim, EPS));
    this.lin1 = this.addChild(dense(this.path('ffn.lin1'), cfg.dim, cfg.hidden_dim, rng));
    this.lin2 = this.addChild(dense(this.path('ffn.lin2'), cfg.hidden_dim, cfg.dim, rng));
    this.output_layer_norm = this.addChild(new LayerNorm(this.path('output_layer_norm'), cfg.dim, EPS));
  }

  /** x [B, T, dim] → [B, T, dim] */
  forward(ctx: BuildContext, x: Value, mask: AttentionMask): Value {
    if (isFused(ctx)) {
      const sa = residualLayerNorm(
        ctx,
        this.attention.out_lin,
        this.attention.context(ctx, x, mask),
        x,
        this.sa_layer_norm,
      );
      const inner = denseActivation(ctx, this.lin1, sa, this.cfg.activation); // [B, T, hidden_dim]
      return residualLayerNorm(ctx, this.lin2, inner, sa, this.output_layer_norm);
    }
    const sa = this.sa_layer_norm.forward(ctx, op.add(this.attention.forward(ctx, x, mask), x));
    const inner = activation(this.lin1.forward(ctx, sa), this.cfg.activation); // [B, T, hidden_dim]
    const ffn = dropout(ctx, this.lin2.forward(ctx, inner), this.cfg.dropout);
    return this.output_layer_norm.forward(ctx, op.add(ffn, sa));
  }
}

export class DistilBertModel extends Module {
  readonly embeddings: DistilBertEmbeddings;
  readonly layers: TransformerBlock[];

  constructor(
    name: string,
    readonly config: DistilBertConfig,
    rng: Rng = new Rng(0),
  ) {
    super(name);
    this.embeddings = this.addChild(new DistilBertEmbeddings(this.path('embeddings'), config, rng));
    this.layers = Array.from({ length: config.n_layers }, (_, i) =>
      this.addChild(new TransformerBlock(this.path(`transformer.layer.${i}`), config, rng)),
    );
  }

  /** → hiddenStates: [0] = embeddings output, [i] = output of layer i, each [B, T, dim]. */
  forward(ctx: BuildContext, inputIds: Value, attentionMask: Value, numLayers = this.layers.length): Value[] {
    const mask = new AttentionMask(attentionMask, this.name); // bias [B, 1, 1, T] / index [B, T], built on use
    let h = this.embeddings.forward(ctx, inputIds);
    const states = [h];
    for (const layer of this.layers.slice(0, numLayers)) {
      h = layer.forward(ctx, h, mask);
      states.push(h);
    }
    return states;
  }

  /** Freezes the embeddings and the lowest `n` layers. */
  freezeLower(n: number, embeddings = true): void {
    if (embeddings) this.embeddings.setTrainable(false);
    this.layers.slice(0, n).forEach((l) => l.setTrainable(false));
  }
}
