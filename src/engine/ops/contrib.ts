// ONNX Runtime's com.microsoft contrib operators (CPU kernels) for fused inference graphs. They compute what a
// chain of plain ops computes, in one kernel and fewer passes over memory. Inference only: no gradient rules
// exist for them, so autodiff rejects a training graph that contains one (the training path uses plain ops).
//   attention       x [B, T, D] · w [D, 3H] + b [3H] → Q, K, V → softmax(Q·Kᵀ·scale + mask) · V → [B, T, H]
//   qAttention      the same with x quantized (uint8 + scale + zero point) and w int8 (per-column scales)
//   dynamicQuantizeLinear  x float → (uint8 x, scale [], zero point []) per tensor, asymmetric
//   skipLayerNorm   LayerNorm(x + skip + bias) over the last axis
//   erfGelu         exact GELU 0.5·x·(1 + erf(x/√2));  biasGelu: erfGelu(x + bias)
//   fastGelu        tanh-approximated GELU of x (+ bias)
import { attr, type Value } from '../graph.ts';
import { dimsCompatible, formatShape, type Shape } from '../shape.ts';

export const MS_DOMAIN = 'com.microsoft';

export interface AttentionOptions {
  numHeads: number;
  /** Added to the scores of masked keys (ORT's default is −10000; Hugging Face uses float32 min). */
  maskFilterValue?: number;
  /** Multiplies Q·Kᵀ; default 1/√head_size. */
  scale?: number;
}

function attentionAttrs(opts: AttentionOptions) {
  return {
    num_heads: attr.int(opts.numHeads),
    ...(opts.maskFilterValue !== undefined ? { mask_filter_value: attr.float(opts.maskFilterValue) } : {}),
    ...(opts.scale !== undefined ? { scale: attr.float(opts.scale) } : {}),
  };
}

/** Checks the shared Attention / QAttention contract; returns the output shape [B, T, H]. */
function attentionShape(
  op: string,
  x: Value,
  w: Value,
  b: Value,
  mask: Value | null,
  opts: AttentionOptions,
  all: (Value | null)[],
): Shape {
  const g = x.graph;
  const fail = (why: string) => g.error(op, why, all);
  if (x.rank !== 3) throw fail('input must be [B, T, D]');
  if (w.rank !== 2 || !dimsCompatible(w.shape[0]!, x.shape[2]!)) throw fail(`weight must be [${x.shape[2]}, 3·H]`);
  const h3 = w.shape[1]!;
  if (typeof h3 !== 'number' || h3 % 3 !== 0) throw fail(`weight columns ${h3} are not 3·H`);
  const h = h3 / 3;
  if (!Number.isInteger(opts.numHeads) || opts.numHeads < 1 || h % opts.numHeads !== 0) {
    throw fail(`hidden size ${h} is not a multiple of num_heads ${opts.numHeads}`);
  }
  if (b.rank !== 1 || !dimsCompatible(b.shape[0]!, h3) || b.dtype !== 'float32')
    throw fail(`bias must be float32 [${h3}]`);
  if (mask) {
    const ok =
      mask.dtype === 'int32' &&
      mask.rank === 2 &&
      dimsCompatible(mask.shape[0]!, x.shape[0]!) &&
      dimsCompatible(mask.shape[1]!, x.shape[1]!);
    if (!ok) throw fail(`mask_index must be int32 [B, T] (1 = attend), got ${mask.dtype}${formatShape(mask.shape)}`);
  }
  return [x.shape[0]!, x.shape[1]!, h];
}

/** Self-attention with packed Q/K/V projection weights w [D, 3H] (columns: Q heads, then K, then V). */
export function attention(x: Value, w: Value, b: Value, maskIndex: Value | null, opts: AttentionOptions): Value {
  const inputs = [x, w, b, maskIndex];
  if (x.dtype !== 'float32' || w.dtype !== 'float32')
    throw x.graph.error('Attention', 'input and weight must be float32', inputs);
  const shape = attentionShape('Attention', x, w, b, maskIndex, opts, inputs);
  return x.graph.node('Attention', inputs, [{ dtype: 'float32', shape }], attentionAttrs(opts), MS_DOMAIN)[0]!;
}

export interface QuantizedInput {
  /** uint8 values, scale float32 [] and zero point uint8 [] (as dynamicQuantizeLinear returns them). */
  q: Value;
  scale: Value;
  zeroPoint: Value;
}

/** attention() on a quantized input and int8 weight wq [D, 3H] with scale wScale [] or [3H] (zero point 0). */
export function qAttention(
  x: QuantizedInput,
  wq: Value,
  b: Value,
  wScale: Value,
  maskIndex: Value | null,
  opts: AttentionOptions,
): Value {
  const inputs = [x.q, wq, b, x.scale, wScale, maskIndex, x.zeroPoint];
  const g = x.q.graph;
  if (x.q.dtype !== 'uint8' || wq.dtype !== 'int8')
    throw g.error('QAttention', 'input must be uint8 and weight int8', inputs);
  const shape = attentionShape('QAttention', x.q, wq, b, maskIndex, opts, inputs);
  if (
    wScale.dtype !== 'float32' ||
    wScale.rank > 1 ||
    (wScale.rank === 1 && !dimsCompatible(wScale.shape[0]!, wq.shape[1]!))
  ) {
    throw g.error('QAttention', `weight scale must be float32 [] or [${wq.shape[1]}]`, inputs);
  }
  return g.node('QAttention', inputs, [{ dtype: 'float32', shape }], attentionAttrs(opts), MS_DOMAIN)[0]!;
}

/** Per-tensor asymmetric uint8 quantization (ONNX DynamicQuantizeLinear): x ≈ (q − zeroPoint) · scale. */
export function dynamicQuantizeLinear(x: Value): QuantizedInput {
  if (x.dtype !== 'float32') throw x.graph.error('DynamicQuantizeLinear', 'input must be float32', [x]);
  const [q, scale, zeroPoint] = x.graph.node(
    'DynamicQuantizeLinear',
    [x],
    [
      { dtype: 'uint8', shape: x.shape },
      { dtype: 'float32', shape: [] },
      { dtype: 'uint8', shape: [] },
    ],
  );
  return { q: q!, scale: scale!, zeroPoint: zeroPoint! };
}

/** A [N] vector that must match x's last axis. */
function checkVector(op: string, x: Value, v: Value | null, what: string, all: (Value | null)[]): void {
  if (!v) return;
  if (v.rank !== 1 || v.dtype !== x.dtype || !dimsCompatible(v.shape[0]!, x.shape[x.rank - 1]!)) {
    throw x.graph.error(op, `${what} must be ${x.dtype} [${x.shape[x.rank - 1]}]`, all);
  }
}

/** LayerNorm(x + skip + bias) · gamma + beta over the last axis; x and skip [..., H] of the same shape. */
export function skipLayerNorm(
  x: Value,
  skip: Value,
  gamma: Value,
  beta: Value | null,
  bias: Value | null,
  eps = 1e-12,
): Value {
  const all = [x, skip, gamma, beta, bias];
  if (x.dtype !== 'float32' || skip.dtype !== 'float32' || x.rank < 2)
    throw x.graph.error('SkipLayerNormalization', 'x and skip must be float32 [..., H]', all);
  if (skip.rank !== x.rank || !skip.shape.every((d, i) => dimsCompatible(d, x.shape[i]!))) {
    throw x.graph.error(
      'SkipLayerNormalization',
      `skip ${formatShape(skip.shape)} must have x's shape ${formatShape(x.shape)}`,
      all,
    );
  }
  checkVector('SkipLayerNormalization', x, gamma, 'gamma', all);
  checkVector('SkipLayerNormalization', x, beta, 'beta', all);
  checkVector('SkipLayerNormalization', x, bias, 'bias', all);
  return x.graph.node(
    'SkipLayerNormalization',
    all,
    [{ dtype: x.dtype, shape: x.shape }],
    { epsilon: attr.float(eps) },
    MS_DOMAIN,
  )[0]!;
}

/** Exact (erf) GELU 0.5·x·(1 + erf(x/√2)) in one kernel (com.microsoft Gelu; the engine's op.gelu is the same
 *  function as plain ops). */
export function erfGelu(x: Value): Value {
  if (x.dtype !== 'float32') throw x.graph.error('Gelu', 'input must be float32', [x]);
  return x.graph.node('Gelu', [x], [{ dtype: x.dtype, shape: x.shape }], {}, MS_DOMAIN)[0]!;
}

/** Exact (erf) GELU of x + bias: 0.5·y·(1 + erf(y/√2)), y = x + bias [N]. ONNX Runtime's CPU kernel stages
 *  x + bias in a temporary buffer the size of x; where the bias can be folded into the producer, prefer
 *  erfGelu. */
export function biasGelu(x: Value, bias: Value): Value {
  checkVector('BiasGelu', x, bias, 'bias', [x, bias]);
  return x.graph.node('BiasGelu', [x, bias], [{ dtype: x.dtype, shape: x.shape }], {}, MS_DOMAIN)[0]!;
}

/** tanh-approximated GELU of y = x + bias: 0.5·y·(1 + tanh(√(2/π)·(y + 0.044715·y³))) (gelu_new). */
export function fastGelu(x: Value, bias: Value | null): Value {
  checkVector('FastGelu', x, bias, 'bias', [x, bias]);
  const inputs = bias ? [x, bias] : [x];
  return x.graph.node('FastGelu', inputs, [{ dtype: x.dtype, shape: x.shape }], {}, MS_DOMAIN)[0]!;
}
