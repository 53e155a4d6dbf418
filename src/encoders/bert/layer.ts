// One transformer encoder block, named exactly like Hugging Face's BertLayer so weights load by name:
//   attention.self.{query,key,value}, attention.output.{dense,LayerNorm}, intermediate.dense,
//   output.{dense,LayerNorm}.
//   hidden [B, T, H], mask (AttentionMask: bias [B, 1, 1, T] = 0 for tokens, float32 min for padding) → [B, T, H]
// Post-LayerNorm residual blocks with erf-GELU, as in Devlin et al. (2019). In a frozen inference graph
// (isFused) each block is emitted as ONNX Runtime's fused kernels instead (../fused.ts); same function.
import type { BuildContext } from '../../engine/program.ts';
import type { Value } from '../../engine/graph.ts';
import type { Rng } from '../../engine/rng.ts';
import * as op from '../../engine/ops/index.ts';
import { dropout } from '../../nn/dropout.ts';
import { normal } from '../../nn/init.ts';
import { LayerNorm } from '../../nn/layer-norm.ts';
import { Linear } from '../../nn/linear.ts';
import { Module } from '../../nn/module.ts';
import type { AttentionMask } from '../attention-mask.ts';
import { denseActivation, isFused, residualLayerNorm, selfAttention } from '../fused.ts';
import type { BertConfig } from './config.ts';

export { attentionMaskBias } from '../attention-mask.ts';

function dense(name: string, inDim: number, outDim: number, rng: Rng): Linear {
  return new Linear(name, inDim, outDim, rng, { init: (n) => normal(rng, n, 0.02) });
}

export class BertSelfAttention extends Module {
  readonly query: Linear;
  readonly key: Linear;
  readonly value: Linear;

  constructor(
    name: string,
    private readonly cfg: BertConfig,
    rng: Rng,
  ) {
    super(name);
    const h = cfg.hidden_size;
    this.query = this.addChild(dense(this.path('query'), h, h, rng));
    this.key = this.addChild(dense(this.path('key'), h, h, rng));
    this.value = this.addChild(dense(this.path('value'), h, h, rng));
  }

  forward(ctx: BuildContext, x: Value, mask: AttentionMask): Value {
    const nh = this.cfg.num_attention_heads;
    if (isFused(ctx)) return selfAttention(ctx, this.name, x, mask, [this.query, this.key, this.value], nh);
    const hd = this.cfg.hidden_size / nh;
    const heads = (v: Value) => op.transpose(op.reshape(v, [0, 0, nh, hd]), [0, 2, 1, 3]); // [B, nh, T, hd]
    const q = heads(this.query.forward(ctx, x));
    const kT = op.transpose(op.reshape(this.key.forward(ctx, x), [0, 0, nh, hd]), [0, 2, 3, 1]); // [B, nh, hd, T]
    const v = heads(this.value.forward(ctx, x));
    return ctx.g.scope(this.name, () => {
      const scores = op.add(op.div(op.matmul(q, kT), Math.sqrt(hd)), mask.bias); // [B, nh, T, T]
      const probs = dropout(ctx, op.softmax(scores, -1), this.cfg.attention_probs_dropout_prob);
      const context = op.transpose(op.matmul(probs, v), [0, 2, 1, 3]); // [B, T, nh, hd]
      return op.reshape(context, [0, 0, this.cfg.hidden_size]); // [B, T, H]
    });
  }
}

/** dense → dropout → LayerNorm(x + residual): BertSelfOutput and BertOutput share this shape. */
export class BertResidualOutput extends Module {
  readonly dense: Linear;
  readonly LayerNorm: LayerNorm;

  constructor(
    name: string,
    inDim: number,
    private readonly cfg: BertConfig,
    rng: Rng,
  ) {
    super(name);
    this.dense = this.addChild(dense(this.path('dense'), inDim, cfg.hidden_size, rng));
    this.LayerNorm = this.addChild(new LayerNorm(this.path('LayerNorm'), cfg.hidden_size, cfg.layer_norm_eps));
  }

  forward(ctx: BuildContext, x: Value, residual: Value): Value {
    if (isFused(ctx)) return residualLayerNorm(ctx, this.dense, x, residual, this.LayerNorm);
    const y = dropout(ctx, this.dense.forward(ctx, x), this.cfg.hidden_dropout_prob);
    return this.LayerNorm.forward(ctx, op.add(y, residual));
  }
}

export class BertLayer extends Module {
  readonly selfAttention: BertSelfAttention;
  readonly attentionOutput: BertResidualOutput;
  readonly intermediate: Linear;
  readonly output: BertResidualOutput;

  constructor(
    name: string,
    private readonly cfg: BertConfig,
    rng: Rng,
  ) {
    super(name);
    this.selfAttention = this.addChild(new BertSelfAttention(this.path('attention.self'), cfg, rng));
    this.attentionOutput = this.addChild(
      new BertResidualOutput(this.path('attention.output'), cfg.hidden_size, cfg, rng),
    );
    this.intermediate = this.addChild(
      dense(this.path('intermediate.dense'), cfg.hidden_size, cfg.intermediate_size, rng),
    );
    this.output = this.addChild(new BertResidualOutput(this.path('output'), cfg.intermediate_size, cfg, rng));
  }

  forward(ctx: BuildContext, hidden: Value, mask: AttentionMask): Value {
    const attended = this.attentionOutput.forward(ctx, this.selfAttention.forward(ctx, hidden, mask), hidden);
    const inner = isFused(ctx)
      ? denseActivation(ctx, this.intermediate, attended, this.cfg.hidden_act)
      : activation(this.intermediate.forward(ctx, attended), this.cfg.hidden_act); // [B, T, I]
    return this.output.forward(ctx, inner, attended);
  }
}

export function activation(x: Value, kind: BertConfig['hidden_act']): Value {
  if (kind === 'relu') return op.relu(x);
  if (kind === 'gelu') return op.gelu(x);
  // tanh approximation (gelu_new / gelu_pytorch_tanh): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
  const inner = op.mul(op.add(x, op.mul(op.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return op.mul(op.mul(x, 0.5), op.add(op.tanh(inner), 1));
}
