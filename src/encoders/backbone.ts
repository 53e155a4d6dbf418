// What a transformer encoder model (BertModel, DistilBertModel) offers to the shared Encoder machinery, and the
// one graph function both the frozen and the trainable path build:
//   input_ids int64 [B, T], token_type_ids int64 [B, T] (when the model has them), attention_mask float32 [B, T]
//   → tokens [B, T, D] (selected layers combined, padding zeroed), pooled [B, P] (built lazily)
import type { Value } from '../engine/graph.ts';
import type { BuildContext } from '../engine/program.ts';
import type { InputSpec } from '../engine/session.ts';
import { GraphError } from '../errors.ts';
import type { Module } from '../nn/module.ts';
import type { EncoderGraph, Pooling } from './encoder.ts';
import { combineLayers, layersNeeded, poolTokens, type ResolvedLayers } from './features.ts';

export interface BackboneInputs {
  inputIds: Value; // [B, T] int64
  tokenTypeIds: Value | null; // [B, T] int64, null for models without token types
  attentionMask: Value; // [B, T] float32, 1 = token
}

export interface BackboneOutputs {
  /** [0] = embeddings output, [i] = output of layer i, each [B, T, H]. */
  hiddenStates: Value[];
  /** tanh(dense(h_last[:, 0])) [B, H] — only for models with a pooler. */
  pooled?: () => Value;
}

export interface Backbone {
  readonly module: Module;
  readonly modelType: string;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly maxPositions: number;
  readonly hasTokenTypes: boolean;
  readonly hasPooler: boolean;
  /** Freezes the embeddings (when asked) and the lowest `n` layers. */
  freezeLower(n: number, embeddings: boolean): void;
  /** Runs embeddings and the first `numLayers` layers. */
  forward(ctx: BuildContext, x: BackboneInputs, numLayers: number): BackboneOutputs;
}

export const INPUT_IDS = 'input_ids';
export const TOKEN_TYPE_IDS = 'token_type_ids';
export const ATTENTION_MASK = 'attention_mask';

/** 0 = embeddings, i = layer i (names `….layer.{i-1}.…`), L + 1 = anything after the layers (pooler). */
export function depthOf(name: string, numLayers: number): number {
  const m = /(?:^|\.)layer\.(\d+)\./.exec(name);
  if (m) return Number(m[1]) + 1;
  return /(?:^|\.)embeddings\./.test(name) ? 0 : numLayers + 1;
}

/** Program inputs of a backbone, with dynamic batch and length axes. */
export function backboneInputSpecs(b: Backbone): InputSpec[] {
  const specs: InputSpec[] = [{ name: INPUT_IDS, dtype: 'int64', shape: ['B', 'T'] }];
  if (b.hasTokenTypes) specs.push({ name: TOKEN_TYPE_IDS, dtype: 'int64', shape: ['B', 'T'] });
  specs.push({ name: ATTENTION_MASK, dtype: 'float32', shape: ['B', 'T'] });
  return specs;
}

/** The encoder graph: backbone → layer selection → tokens (padding 0) and pooled vector. */
export function encoderGraph(
  ctx: BuildContext,
  b: Backbone,
  inputs: Record<string, Value>,
  layers: ResolvedLayers,
  pooling: Pooling,
): EncoderGraph {
  const need = (name: string) => {
    const v = inputs[name];
    if (!v) throw new GraphError(`${b.modelType} encoder: the Program has no input '${name}' (use encoder.inputSpecs)`);
    return v;
  };
  if (pooling === 'pooler' && !b.hasPooler) {
    throw new GraphError(`${b.modelType} has no pooler; use pooling 'cls' or 'mean'`);
  }
  const mask = need(ATTENTION_MASK);
  const x: BackboneInputs = {
    inputIds: need(INPUT_IDS),
    tokenTypeIds: b.hasTokenTypes ? need(TOKEN_TYPE_IDS) : null,
    attentionMask: mask,
  };
  const out = b.forward(ctx, x, layersNeeded(layers, pooling, b.numLayers));
  const tokens = combineLayers(out.hiddenStates, layers, mask); // [B, T, D]
  let pooled: Value | undefined;
  return {
    tokens,
    mask,
    get pooled() {
      pooled ??= pooling === 'pooler' ? out.pooled!() : poolTokens(tokens, mask, pooling); // [B, P]
      return pooled;
    },
  };
}
