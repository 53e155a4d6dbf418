// Universal Sentence Encoder lite (Cer et al. 2018, the TF Hub "lite" transformer) rebuilt as an engine graph
// from the TF.js graph's weights (weights.ts), so it runs in ONNX Runtime like every other encoder. Dense padded
// batches replace the TF graph's sparse gather/scatter: its results at real positions are the same, and padded
// positions never reach them (keys are masked, everything else is per position).
//   input_ids int64 [B, T], attention_mask float32 [B, T] (prefix of 1s)
//   h0 = (2 · embeddings[ids] + timing[:T]) · mask                            [B, T, 256]  hidden state 0
//        (the timing-signal block adds its input back: Layer_0/add = emb + (emb + timing))
//   layer l (pre-LayerNorm, ReLU FFN; layer 0's residual goes through a 256→512 dense):
//     y = MHA(LN1(h)) + residual(h);  h' = FFN(LN2(y)) · mask + y           [B, T, 512]  hidden states 1, 2
//   hidden state 2 = the graph node …/Layer_1/TransformerLayer/FFN/layer_postprocess/add (at real positions)
//   sentence = l2normalize(tanh(mean_mask(h2) · W + b))                       [B, 512]     the graph's output
// Weights are graph constants: the module is empty and nothing here is trainable (use-lite is frozen-only).
import type { Value } from '../../engine/graph.ts';
import * as op from '../../engine/ops/index.ts';
import type { BuildContext } from '../../engine/program.ts';
import type { Dim } from '../../engine/shape.ts';
import { GraphError } from '../../errors.ts';
import { Module } from '../../nn/module.ts';
import type { Backbone, BackboneInputs, BackboneOutputs } from '../backbone.ts';
import type { Dense, UseLiteLayer, UseLiteWeights } from './weights.ts';

/** A module without parameters: use-lite's weights live in the graph as constants. */
export class FrozenModule extends Module {}

export class UseLiteBackbone implements Backbone {
  readonly module = new FrozenModule('use_lite');
  readonly modelType = 'use-lite';
  readonly numLayers = 2;
  readonly hasTokenTypes = false;
  readonly hasPooler = true;

  constructor(readonly weights: UseLiteWeights) {}

  get hiddenSize(): number {
    return this.weights.hidden;
  }

  get maxPositions(): number {
    return this.weights.maxLength;
  }

  /** Width of hidden state i (0 = embeddings + timing signal). */
  stateDim(i: number): number {
    return i === 0 ? this.weights.embedDim : this.weights.hidden;
  }

  /** Nothing to freeze: every weight is a constant. */
  freezeLower(): void {}

  forward(ctx: BuildContext, x: BackboneInputs, numLayers: number): BackboneOutputs {
    const w = this.weights;
    const g = ctx.g;
    const c = (data: Float32Array, shape: number[], name: string) =>
      g.constant({ dtype: 'float32', shape, data }, name);
    return g.scope('use_lite', () => {
      const mask3 = op.unsqueeze(x.attentionMask, [2]); // [B, T, 1]
      const T: Dim = x.inputIds.shape[1]!;
      const table = c(w.embeddings, [w.embeddings.length / w.embedDim, w.embedDim], 'embeddings');
      const emb = op.gather(table, x.inputIds); // [B, T, E]
      const timing = firstRows(
        c(w.timing, [w.maxLength, w.embedDim], 'timing'),
        op.slice(op.shapeOf(x.inputIds), 0, 1, 2),
        T,
      ); // [T, E]
      // The graph's AddTimingSignal block is residual: Layer_0/add = emb + (emb + timing).
      const hidden = [op.mul(op.add(op.mul(emb, 2), timing), mask3)]; // [B, T, E]
      // Attention bias: 0 for real keys, maskBias (−1e9) for padded ones, as the TF graph adds it.
      const bias = op.unsqueeze(op.mul(op.sub(x.attentionMask, 1), -w.maskBias), [1, 2]); // [B, 1, 1, T]
      for (let l = 0; l < Math.min(numLayers, w.layers.length); l++) {
        hidden.push(
          g.scope(`use_lite.layer.${l}`, () => transformerLayer(ctx, w, w.layers[l]!, hidden[l]!, mask3, bias)),
        ); // [B, T, H]
      }
      return {
        hiddenStates: hidden,
        pooled: () => {
          const last = hidden[w.layers.length];
          if (!last) throw new GraphError('use-lite: the sentence vector needs both layers');
          return g.scope('use_lite.sentence', () => sentenceVector(ctx, w, last, x.attentionMask));
        },
      };
    });
  }
}

/** table [N, D] → its first `count` rows (count: int64 [1] at run time) = [rows, D]. */
function firstRows(table: Value, count: Value, rows: Dim): Value {
  const zero = op.constInts(table, [0]);
  return table.graph.node(
    'Slice',
    [table, zero, count, zero],
    [{ dtype: table.dtype, shape: [rows, table.shape[1]!] }],
  )[0]!;
}

/** x [..., in] → x · W + b [..., out] (a MatMul on a constant, so int8 quantization applies). */
function linear(ctx: BuildContext, x: Value, d: Dense, name: string): Value {
  const w = ctx.g.constant({ dtype: 'float32', shape: [d.inDim, d.outDim], data: d.w }, `${name}.weight`);
  const b = ctx.g.constant({ dtype: 'float32', shape: [d.outDim], data: d.b }, `${name}.bias`);
  return op.add(op.matmul(x, w), b);
}

function layerNorm(ctx: BuildContext, x: Value, n: { scale: Float32Array; bias: Float32Array }, eps: number): Value {
  const dim = n.scale.length;
  const scale = ctx.g.constant({ dtype: 'float32', shape: [dim], data: n.scale }, 'ln.scale');
  const bias = ctx.g.constant({ dtype: 'float32', shape: [dim], data: n.bias }, 'ln.bias');
  return op.layerNorm(x, scale, bias, eps);
}

/** h [B, T, in] → [B, T, H]; mask3 [B, T, 1]; bias [B, 1, 1, T]. */
function transformerLayer(
  ctx: BuildContext,
  w: UseLiteWeights,
  L: UseLiteLayer,
  h: Value,
  mask3: Value,
  bias: Value,
): Value {
  const W = L.qkv.outDim / 3; // attention width (= input width)
  const nh = L.heads;
  const hd = W / nh;
  const qkv = linear(ctx, layerNorm(ctx, h, L.ln1, w.lnEps), L.qkv, 'qkv'); // [B, T, 3W]
  const heads = (v: Value) => op.transpose(op.reshape(v, [0, 0, nh, hd]), [0, 2, 1, 3]); // [B, nh, T, hd]
  const q = op.mul(heads(op.slice(qkv, 2, 0, W)), L.qScale);
  const kT = op.transpose(op.reshape(op.slice(qkv, 2, W, 2 * W), [0, 0, nh, hd]), [0, 2, 3, 1]); // [B, nh, hd, T]
  const v = heads(op.slice(qkv, 2, 2 * W, 3 * W));
  const probs = op.softmax(op.add(op.matmul(q, kT), bias), -1); // [B, nh, T, T]
  const context = op.reshape(op.transpose(op.matmul(probs, v), [0, 2, 1, 3]), [0, 0, W]); // [B, T, W]
  const residual = L.residual ? op.mul(linear(ctx, h, L.residual, 'residual'), mask3) : h; // [B, T, H]
  const y = op.add(linear(ctx, context, L.out, 'attention_out'), residual); // [B, T, H]
  const inner = op.relu(linear(ctx, layerNorm(ctx, y, L.ln2, w.lnEps), L.ffn1, 'ffn1')); // [B, T, F]
  return op.add(op.mul(linear(ctx, inner, L.ffn2, 'ffn2'), mask3), y); // [B, T, H]
}

/** h [B, T, H], mask [B, T] → l2normalize(tanh(masked mean · W + b)) [B, H]. */
function sentenceVector(ctx: BuildContext, w: UseLiteWeights, h: Value, mask: Value): Value {
  const count = op.reduceSum(mask, [1], true); // [B, 1]
  const denom = op.where(op.less(count, 1), 1, count); // max(len, 1)
  const mean = op.div(op.reduceSum(op.mul(h, op.unsqueeze(mask, [2])), [1]), denom); // [B, H]
  const t = op.tanh(linear(ctx, mean, w.tanh, 'tanh_layer')); // [B, H]
  const sq = op.reduceSum(op.mul(t, t), [1], true); // [B, 1]
  return op.div(t, op.sqrt(op.where(op.less(sq, w.l2Eps), w.l2Eps, sq))); // [B, H]
}
