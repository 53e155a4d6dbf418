// Gathers and scatters. gather is the embedding lookup; scatters are the gradients of the gathers.
import { attr, type Value } from '../graph.ts';
import type { Dim } from '../shape.ts';
import { axisOf } from './axis.ts';

/** data [V, ...rest] gathered by indices [...I] along axis 0 → [...I, ...rest] (general axis supported). */
export function gather(data: Value, indices: Value, axis = 0): Value {
  const g = data.graph;
  if (indices.dtype !== 'int64' && indices.dtype !== 'int32')
    throw g.error('Gather', 'indices must be int32/int64', [data, indices]);
  const a = axisOf('Gather', data, axis, data.rank, [data, indices]);
  const shape = [...data.shape.slice(0, a), ...indices.shape, ...data.shape.slice(a + 1)];
  return g.node('Gather', [data, indices], [{ dtype: data.dtype, shape }], { axis: attr.int(a) })[0]!;
}

/** out[i][j] = data[i][idx[i][j]] (axis 1 example); out has idx's shape. */
export function gatherElements(data: Value, indices: Value, axis: number): Value {
  const g = data.graph;
  const a = axisOf('GatherElements', data, axis, data.rank, [data, indices]);
  if (indices.dtype !== 'int64' && indices.dtype !== 'int32')
    throw g.error('GatherElements', 'indices must be int32/int64', [data, indices]);
  const fits = (d: Dim, i: number) => {
    const n = data.shape[i]!;
    return i === a || typeof d !== 'number' || typeof n !== 'number' || d <= n;
  };
  if (indices.rank !== data.rank || !indices.shape.every(fits)) {
    throw g.error('GatherElements', `indices must have data's rank and fit inside it off axis ${a}`, [data, indices]);
  }
  return data.graph.node('GatherElements', [data, indices], [{ dtype: data.dtype, shape: indices.shape }], {
    axis: attr.int(a),
  })[0]!;
}

/** Returns data with updates added (reduction 'add') or written at indices along axis. */
export function scatterElements(
  data: Value,
  indices: Value,
  updates: Value,
  axis: number,
  reduction: 'add' | 'none' = 'add',
): Value {
  const a = axisOf('ScatterElements', data, axis, data.rank, [data, indices, updates]);
  return data.graph.node('ScatterElements', [data, indices, updates], [{ dtype: data.dtype, shape: data.shape }], {
    axis: attr.int(a),
    reduction: attr.string(reduction),
  })[0]!;
}

/** data with updates added at index tuples: indices [..., k] (int64), updates [..., data.shape[k:]]. */
export function scatterNDAdd(data: Value, indices: Value, updates: Value): Value {
  return data.graph.node('ScatterND', [data, indices, updates], [{ dtype: data.dtype, shape: data.shape }], {
    reduction: attr.string('add'),
  })[0]!;
}
