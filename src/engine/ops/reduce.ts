// Reductions over chosen axes (opset 18: axes are an int64 input). keepdims keeps reduced axes as size 1.
import { attr, type Value } from '../graph.ts';
import type { Dim } from '../shape.ts';
import { axisOf } from './axis.ts';
import { constInts } from './shape-ops.ts';

function reduced(op: string, x: Value, axes: number[], keepdims: boolean): { axes: number[]; shape: Dim[] } {
  const norm = axes.map((a) => axisOf(op, x, a));
  if (new Set(norm).size !== norm.length) throw x.graph.error(op, `repeated axis in [${axes}]`, [x]);
  const shape: Dim[] = [];
  x.shape.forEach((d, i) => {
    if (!norm.includes(i)) shape.push(d);
    else if (keepdims) shape.push(1);
  });
  return { axes: norm, shape };
}

function reduce(op: string, x: Value, axes: number[], keepdims: boolean): Value {
  const r = reduced(op, x, axes, keepdims);
  const inputs = [x, constInts(x, r.axes)];
  return x.graph.node(op, inputs, [{ dtype: x.dtype, shape: r.shape }], { keepdims: attr.int(keepdims ? 1 : 0) })[0]!;
}

export const reduceSum = (x: Value, axes: number[], keepdims = false): Value => reduce('ReduceSum', x, axes, keepdims);
export const reduceMean = (x: Value, axes: number[], keepdims = false): Value =>
  reduce('ReduceMean', x, axes, keepdims);
/** Max over axes. Its gradient goes to the first maximal element (as PyTorch's max does) for one axis. */
export const reduceMax = (x: Value, axes: number[], keepdims = false): Value => reduce('ReduceMax', x, axes, keepdims);

/** Index of the first maximum along `axis` (int64). */
export function argMax(x: Value, axis: number, keepdims = false): Value {
  const a = axisOf('ArgMax', x, axis);
  const { shape } = reduced('ArgMax', x, [a], keepdims);
  const attrs = { axis: attr.int(a), keepdims: attr.int(keepdims ? 1 : 0), select_last_index: attr.int(0) };
  return x.graph.node('ArgMax', [x], [{ dtype: 'int64', shape }], attrs)[0]!;
}
