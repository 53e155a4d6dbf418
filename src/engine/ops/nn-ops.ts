// Neural-network ops that ONNX has as single nodes: softmax, log-softmax, layer normalisation, dropout.
import { attr, type Value } from '../graph.ts';
import { dimsCompatible, formatShape } from '../shape.ts';
import { axisOf } from './axis.ts';
import { tensor } from '../tensor.ts';

export function softmax(x: Value, axis = -1): Value {
  return x.graph.node('Softmax', [x], [{ dtype: x.dtype, shape: x.shape }], {
    axis: attr.int(axisOf('Softmax', x, axis)),
  })[0]!;
}

export function logSoftmax(x: Value, axis = -1): Value {
  const a = axisOf('LogSoftmax', x, axis);
  return x.graph.node('LogSoftmax', [x], [{ dtype: x.dtype, shape: x.shape }], { axis: attr.int(a) })[0]!;
}

/**
 * LayerNorm over the last dims from `axis` on: y = (x − mean) / √(var + eps) · scale + bias.
 * Emits ONNX LayerNormalization with its Mean and InvStdDev outputs (the gradient reuses them).
 */
export function layerNorm(x: Value, scale: Value, bias: Value, eps = 1e-12, axis = -1): Value {
  const a = axisOf('LayerNormalization', x, axis, x.rank, [x, scale, bias]);
  const normalized = x.shape.slice(a);
  for (const p of [scale, bias]) {
    const off = normalized.length - p.rank;
    const fits = off >= 0 && p.shape.every((d, i) => d === 1 || dimsCompatible(d, normalized[off + i]!));
    if (!fits) {
      throw x.graph.error(
        'LayerNormalization',
        `scale/bias ${formatShape(p.shape)} do not fit the normalised dims ${formatShape(normalized)}`,
        [x, scale, bias],
      );
    }
  }
  const statShape = x.shape.map((d, i) => (i < a ? d : 1));
  const outs = x.graph.node(
    'LayerNormalization',
    [x, scale, bias],
    [
      { dtype: x.dtype, shape: x.shape },
      { dtype: 'float32', shape: statShape },
      { dtype: 'float32', shape: statShape },
    ],
    { axis: attr.int(a), epsilon: attr.float(eps), stash_type: attr.int(1) },
  );
  return outs[0]!;
}

/**
 * Inverted dropout (train mode): zeroes each element with probability `ratio`, scales the rest by 1/(1−ratio).
 * `seed` makes the mask sequence reproducible for a given session. Returns x itself when ratio is 0.
 */
export function dropout(x: Value, ratio: number, seed: number): Value {
  if (ratio <= 0) return x;
  const g = x.graph;
  const r = g.constant(tensor('float32', [], [ratio]), 'dropout_ratio');
  const training = g.constant(tensor('bool', [], new Uint8Array([1])), 'training');
  const outs = g.node(
    'Dropout',
    [x, r, training],
    [
      { dtype: x.dtype, shape: x.shape },
      { dtype: 'bool', shape: x.shape },
    ],
    { seed: attr.int(seed) },
  );
  return outs[0]!;
}
