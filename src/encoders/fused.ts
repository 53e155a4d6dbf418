// Fused inference blocks for transformer encoders (BERT, DistilBERT): the functions of the plain-op layers,
// emitted as ONNX Runtime contrib kernels (src/engine/ops/contrib.ts). Only FrozenRunner graphs use them: their
// BuildContext bakes weights in as constants (so the packed Q/K/V weight is constant-folded once, when ONNX
// Runtime loads the graph, and quantize.ts can read it) and says so with `fusedInference`; trainable,
// evaluated-while-training and exported graphs keep plain, differentiable ops.
//   selfAttention      x [B, T, H] → Attention(x, Concat(Wqᵀ, Wkᵀ, Wvᵀ) [H, 3H], [bq|bk|bv], mask index) → [B, T, H]
//   residualLayerNorm  LayerNorm(dense(x) + residual) → LayerNormalization(x·Wᵀ + b + residual) (not ONNX Runtime's
//                      SkipLayerNormalization: see the function)
//   denseActivation    act(dense(x)) [..., out] → Gelu (erf) | FastGelu (tanh) | Relu of x·Wᵀ + b
// The dense bias stays a separate Add before the activation: ONNX Runtime folds it into BiasGelu / FastGelu for
// fp32, and quantize.ts folds it into DynamicQuantizeMatMul for int8 (BiasGelu's CPU kernel would stage x + b in
// a temporary tensor as large as the FFN activations).
import type { Value } from '../engine/graph.ts';
import * as op from '../engine/ops/index.ts';
import type { BuildContext } from '../engine/program.ts';
import { tensor } from '../engine/tensor.ts';
import type { LayerNorm } from '../nn/layer-norm.ts';
import type { Linear } from '../nn/linear.ts';
import { type AttentionMask, FLOAT32_MIN } from './attention-mask.ts';

export interface FusedContext extends BuildContext {
  /** Parameters are graph constants and nothing differentiates the graph: fused kernels may be used. */
  readonly fusedInference: true;
}

export function isFused(ctx: BuildContext): ctx is FusedContext {
  return !ctx.training && (ctx as Partial<FusedContext>).fusedInference === true;
}

/** Activations the encoders' configs name (BERT hidden_act, DistilBERT activation). */
export type Activation = 'gelu' | 'gelu_new' | 'gelu_pytorch_tanh' | 'relu';

/** y = x·Wᵀ without the bias [..., out] (the fused consumers add it). */
function matmulNoBias(ctx: BuildContext, dense: Linear, x: Value): Value {
  return ctx.g.scope(dense.name, () => op.matmul(x, op.transpose(ctx.param(dense.weight), [1, 0])));
}

/** [in, Σout] = Concat(W₁ᵀ, W₂ᵀ, …) and [Σout] = Concat(b₁, b₂, …) of Linear layers (zeros for a missing bias). */
function packLinears(ctx: BuildContext, layers: readonly Linear[]): { w: Value; b: Value } {
  const w = op.concat(
    layers.map((l) => op.transpose(ctx.param(l.weight), [1, 0])),
    1,
  );
  const b = op.concat(
    layers.map((l) => (l.bias ? ctx.param(l.bias) : ctx.g.constant(tensor('float32', [l.outFeatures]), 'zero_bias'))),
    0,
  );
  return { w, b };
}

/**
 * Multi-head self-attention over x [B, T, H] with query/key/value projections q, k, v (scores scaled by
 * 1/√head_size, masked keys get float32 min as in Hugging Face) → context [B, T, H], before the output dense.
 */
export function selfAttention(
  ctx: FusedContext,
  scope: string,
  x: Value,
  mask: AttentionMask,
  qkv: readonly [Linear, Linear, Linear],
  numHeads: number,
): Value {
  const index = mask.index;
  return ctx.g.scope(scope, () => {
    const { w, b } = packLinears(ctx, qkv);
    return op.attention(x, w, b, index, { numHeads, maskFilterValue: FLOAT32_MIN });
  });
}

/**
 * LayerNorm(dense(x) + residual) [..., H] as MatMul, bias Add, residual Add and LayerNormalization. Not
 * com.microsoft SkipLayerNormalization, which does the sums and the norm in one kernel: on ONNX Runtime 1.30's CPU
 * provider it is no faster than the plain ops and often slower (src/nn/layer-norm.ts, whose rows form keeps ONNX
 * Runtime from fusing the plain ops back into it; the encoder at 32 × 128 ran 2–22% faster without it). For int8,
 * quantize.ts folds the bias Add into DynamicQuantizeMatMul.
 */
export function residualLayerNorm(ctx: FusedContext, dense: Linear, x: Value, residual: Value, ln: LayerNorm): Value {
  const y = matmulNoBias(ctx, dense, x); // [..., H]
  const z = dense.bias ? ctx.g.scope(dense.name, () => op.add(y, ctx.param(dense.bias!))) : y;
  return ln.forward(ctx, op.add(z, residual)); // [..., H]
}

/** act(dense(x)) [..., out] with the activation in one kernel. */
export function denseActivation(ctx: FusedContext, dense: Linear, x: Value, act: Activation): Value {
  const y = matmulNoBias(ctx, dense, x); // [..., out]
  return ctx.g.scope(dense.name, () => {
    const z = dense.bias ? op.add(y, ctx.param(dense.bias)) : y;
    if (act === 'relu') return op.relu(z);
    if (act === 'gelu') return op.erfGelu(z);
    return op.fastGelu(z, null); // gelu_new / gelu_pytorch_tanh: the tanh approximation
  });
}
