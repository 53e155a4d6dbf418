// Layer selection and pooling, shared by every transformer encoder.
//   resolveLayers: a LayerSelection → absolute hidden-state indices (0 = embeddings … L = last layer) + combine
//   featureGraph:  hidden states [B, T, H] × k, mask [B, T] → tokens [B, T, D] (padding zeroed), pooled [B, P]
import type { Value } from '../engine/graph.ts';
import * as op from '../engine/ops/index.ts';
import { UsageError } from '../errors.ts';
import type { LayerCombine, LayerSelection, Pooling } from './encoder.ts';

export interface ResolvedLayers {
  /** Absolute hidden-state indices in the order given (0 = embeddings output, L = last layer). */
  indices: number[];
  combine: LayerCombine;
  /** Stable cache key, e.g. '9,10,11,12:concat'. */
  key: string;
}

/** Validates a selection against a model with `numLayers` layers. */
export function resolveLayers(sel: LayerSelection | undefined, numLayers: number): ResolvedLayers {
  const combine = sel?.combine ?? 'concat';
  if (!['sum', 'concat', 'mean'].includes(combine)) {
    throw new UsageError(`layers.combine must be 'sum', 'concat' or 'mean', got ${JSON.stringify(combine)}`);
  }
  const raw = !sel || sel.layers === 'last' ? [numLayers] : sel.layers;
  if (!Array.isArray(raw) || raw.length === 0)
    throw new UsageError(`layers must be 'last' or a non-empty list of layer indices`);
  const indices = raw.map((i) => {
    const abs = i < 0 ? numLayers + 1 + i : i;
    if (!Number.isInteger(i) || abs < 0 || abs > numLayers) {
      throw new UsageError(
        `layer index ${i} is out of range: this model has hidden states 0..${numLayers} (or -${numLayers + 1}..-1)`,
      );
    }
    return abs;
  });
  if (new Set(indices).size !== indices.length)
    throw new UsageError(`layer list [${raw.join(', ')}] names a layer twice`);
  const c = indices.length === 1 ? 'sum' : combine; // one layer: every combine is the identity
  return { indices, combine: c, key: `${indices.join(',')}:${c}` };
}

export function featureDimOf(layers: ResolvedLayers, hidden: number): number {
  return layers.combine === 'concat' ? hidden * layers.indices.length : hidden;
}

/** Deepest layer the selection (and pooling) needs, so the rest of the stack is never built. */
export function layersNeeded(layers: ResolvedLayers, pooling: Pooling | null, numLayers: number): number {
  return pooling === 'pooler' ? numLayers : Math.max(...layers.indices);
}

/** hidden states (index 0 = embeddings) → tokens [B, T, D] with padded positions set to 0. */
export function combineLayers(states: readonly Value[], layers: ResolvedLayers, mask: Value): Value {
  const picked = layers.indices.map((i) => states[i]!); // k × [B, T, H]
  let x: Value;
  if (picked.length === 1) x = picked[0]!;
  else if (layers.combine === 'concat')
    x = op.concat(picked, 2); // [B, T, k·H]
  else {
    x = picked.reduce((a, b) => op.add(a, b)); // [B, T, H]
    if (layers.combine === 'mean') x = op.div(x, picked.length);
  }
  return op.mul(x, op.unsqueeze(mask, [2])); // [B, T, D]
}

/** tokens [B, T, D] (padding already 0), mask [B, T] → [B, D] for 'cls' / 'mean'; 'pooler' is model-specific. */
export function poolTokens(tokens: Value, mask: Value, pooling: 'cls' | 'mean'): Value {
  if (pooling === 'cls') return op.squeeze(op.slice(tokens, 1, 0, 1), [1]); // [B, D]
  const total = op.reduceSum(tokens, [1]); // [B, D]
  const count = op.reduceSum(op.unsqueeze(mask, [2]), [1]); // [B, 1]
  return op.div(total, count);
}
