// MaxPool1d with mask propagation — the MaxPooling1D(2) between the seeds' BERTCNN1D / Keras Conv1D layers.
//   x [B, C, T], mask [B, T] (1 = real position) → y [B, C, T'], mask' [B, T']
//   T' = ⌈T / k⌉ (ceil mode, the default) or ⌊T / k⌋ (floor mode, PyTorch/Keras default); stride = kernel = k.
// Rule: padded inputs are −∞ before pooling, so they never win a max and get no gradient. A pooled position
// is valid iff ANY of its k inputs is valid (for prefix masks: the first ⌈len / k⌉ positions). Invalid pooled
// positions (all inputs padded, hence −∞) are set to 0, so the output stays finite.
// Why ceil mode by default: in floor mode a sentence of odd length L padded to exactly T = L loses its last
// token, while the same sentence padded further keeps it (paired with a −∞ pad) — the prediction would depend
// on the padding. In ceil mode the last, partial window always holds it, so padding never changes a result.
import type { Value } from '../engine/graph.ts';
import * as op from '../engine/ops/index.ts';

export interface MaskedPool {
  y: Value;
  mask: Value;
}

export interface MaxPool1dOptions {
  /** ⌈T/k⌉ outputs (default true); false = PyTorch's/Keras's default ⌊T/k⌋. */
  ceil?: boolean;
}

/** x [B, C, T], mask [B, T] float → pooled x [B, C, T'] and mask [B, T'] float. */
export function maskedMaxPool1d(x: Value, mask: Value, kernel = 2, opts: MaxPool1dOptions = {}): MaskedPool {
  const ceil = opts.ceil ?? true;
  if (kernel <= 1) return { y: x, mask };
  const keep = op.unsqueeze(op.greater(mask, 0.5), [1]); // [B, 1, T] bool
  const [pooled] = op.maxPool(op.where(keep, x, Number.NEGATIVE_INFINITY), [kernel], { ceil }); // [B, C, T']
  const [anyValid] = op.maxPool(op.cast(keep, 'float32'), [kernel], { ceil }); // [B, 1, T'] 1 = some input valid
  const y = op.where(op.greater(anyValid, 0.5), pooled, 0); // all-padding windows (−∞) → 0
  return { y, mask: op.squeeze(anyValid, [1]) };
}

/** Plain MaxPool1d without a mask: x [B, C, T] → [B, C, T']. */
export function maxPool1d(x: Value, kernel = 2, opts: MaxPool1dOptions = {}): Value {
  if (kernel <= 1) return x;
  return op.maxPool(x, [kernel], { ceil: opts.ceil ?? true })[0];
}
