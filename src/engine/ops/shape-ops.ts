// Ops that move data without arithmetic: reshape, transpose, (un)squeeze, concat, slice, expand, shape.
// ONNX takes most of their arguments as int64 tensors; these helpers accept plain numbers and make constants.
import { GraphError } from '../../errors.ts';
import { attr, type Value } from '../graph.ts';
import { addDim, type Dim, formatShape, isUnknown, unknownDim, type Shape } from '../shape.ts';
import { axisOf } from './axis.ts';
import { int64 } from '../tensor.ts';

export function constInts(like: Value, values: number[]): Value {
  return like.graph.constant(int64([values.length], values), 'ints');
}

/** Symbolic product of dims: static part × names, e.g. [B, T, 768] → {static: 768, names: ['B','T']}. */
function factor(dims: Shape): { static: number; names: string[] } {
  let s = 1;
  const names: string[] = [];
  for (const d of dims) {
    if (typeof d === 'number') s *= d;
    else names.push(d);
  }
  return { static: s, names };
}

/** Reshape with ONNX semantics: 0 copies the input dim, -1 is inferred. */
export function reshape(x: Value, target: number[]): Value {
  const g = x.graph;
  const bad = (why: string) =>
    g.error('Reshape', `cannot reshape ${formatShape(x.shape)} to ${formatShape(target)}: ${why}`, [x]);
  if (target.some((d) => !Number.isInteger(d) || d < -1)) throw bad('sizes must be integers ≥ −1');
  if (target.filter((d) => d === -1).length > 1) throw bad('at most one −1');
  if (target.some((d, i) => d === 0 && i >= x.rank)) throw bad('0 copies an input dim that does not exist');
  const out: Dim[] = target.map((d, i) => (d === 0 ? x.shape[i]! : d));
  const minus = target.indexOf(-1);
  if (minus >= 0) {
    const total = factor(x.shape);
    const rest = factor(out.filter((_, i) => i !== minus));
    const names = total.names.slice();
    const leftover = rest.names.filter((n) => {
      const k = names.indexOf(n);
      if (k >= 0) names.splice(k, 1);
      return k < 0;
    });
    const ratio = total.static / rest.static;
    if (leftover.length === 0 && names.length === 0 && !Number.isInteger(ratio)) throw bad('the sizes do not divide');
    if (leftover.length > 0 || names.some(isUnknown) || !Number.isInteger(ratio)) out[minus] = unknownDim();
    else if (names.length === 0) out[minus] = ratio;
    else out[minus] = ratio === 1 ? names.join('*') : `${names.join('*')}*${ratio}`;
  } else {
    const a = factor(x.shape);
    const b = factor(out);
    if (a.names.length === 0 && b.names.length === 0 && a.static !== b.static) {
      throw bad(`${a.static} elements vs ${b.static}`);
    }
  }
  return g.node('Reshape', [x, constInts(x, target)], [{ dtype: x.dtype, shape: out }])[0]!;
}

/** Reshape to the run-time shape held by an int64 shape value (e.g. shapeOf(other)). */
export function reshapeTo(x: Value, shape: Value, staticShape: Shape): Value {
  return x.graph.node('Reshape', [x, shape], [{ dtype: x.dtype, shape: staticShape }])[0]!;
}

export function shapeOf(x: Value): Value {
  return x.graph.node('Shape', [x], [{ dtype: 'int64', shape: [x.rank] }])[0]!;
}

export function transpose(x: Value, perm: number[]): Value {
  if (perm.length !== x.rank || [...perm].sort((p, q) => p - q).some((p, i) => p !== i)) {
    throw x.graph.error('Transpose', `perm [${perm}] is not a permutation of rank ${x.rank}`, [x]);
  }
  const shape = perm.map((p) => x.shape[p]!);
  return x.graph.node('Transpose', [x], [{ dtype: x.dtype, shape }], { perm: attr.ints(perm) })[0]!;
}

export function unsqueeze(x: Value, axes: number[]): Value {
  const rank = x.rank + axes.length;
  const norm = axes.map((a) => axisOf('Unsqueeze', x, a, rank)).sort((a, b) => a - b);
  if (new Set(norm).size !== norm.length) throw x.graph.error('Unsqueeze', `repeated axis in [${axes}]`, [x]);
  const shape: Dim[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) shape.push(norm.includes(i) ? 1 : x.shape[j++]!);
  return x.graph.node('Unsqueeze', [x, constInts(x, norm)], [{ dtype: x.dtype, shape }])[0]!;
}

export function squeeze(x: Value, axes: number[]): Value {
  const norm = axes.map((a) => axisOf('Squeeze', x, a));
  for (const a of norm) {
    if (x.shape[a] !== 1 && !isUnknown(x.shape[a]!)) {
      throw x.graph.error('Squeeze', `axis ${a} has size ${x.shape[a]}, not 1`, [x]);
    }
  }
  const shape = x.shape.filter((_, i) => !norm.includes(i));
  return x.graph.node('Squeeze', [x, constInts(x, norm)], [{ dtype: x.dtype, shape }])[0]!;
}

export function concat(xs: Value[], axis: number): Value {
  const first = xs[0];
  if (!first) throw new GraphError('Concat: no inputs');
  const a = axisOf('Concat', first, axis, first.rank, xs);
  let total: Dim = 0;
  for (const x of xs) {
    const ok = x.rank === first.rank && x.shape.every((d, i) => i === a || d === first.shape[i] || isUnknown(d));
    if (!ok || x.dtype !== first.dtype) throw first.graph.error('Concat', `inputs disagree off axis ${a}`, xs);
    const d = x.shape[a]!;
    total = typeof total === 'number' && typeof d === 'number' ? total + d : unknownDim();
  }
  const shape = first.shape.map((d, i) => (i === a ? total : d));
  return first.graph.node('Concat', xs, [{ dtype: first.dtype, shape }], { axis: attr.int(a) })[0]!;
}

/**
 * x[start:end] along one axis, Python/ONNX style: negative bounds count from the end, bounds are clamped to the
 * size. On a symbolic axis the inferred length assumes the bounds fall inside it (x[1:-1] on T → 'T-2').
 */
export function slice(x: Value, axis: number, start: number, end = Number.MAX_SAFE_INTEGER): Value {
  const a = axisOf('Slice', x, axis);
  const d = x.shape[a]!;
  const toEnd = end >= Number.MAX_SAFE_INTEGER;
  let len: Dim;
  if (typeof d === 'number') {
    const clamp = (k: number) => Math.min(Math.max(k < 0 ? k + d : k, 0), d);
    len = Math.max(0, clamp(end) - clamp(start));
  } else if (start >= 0 && toEnd) len = addDim(d, -start);
  else if (start >= 0 && end >= 0)
    len = Math.max(0, end - start); // caller promises end ≤ size
  else if (start >= 0 && end < 0) len = addDim(d, end - start);
  else if (start < 0 && toEnd) len = -start;
  else if (start < 0 && end < 0) len = Math.max(0, end - start);
  else len = unknownDim();
  const shape = x.shape.map((s, i) => (i === a ? len : s));
  const inputs = [x, constInts(x, [start]), constInts(x, [end]), constInts(x, [a])];
  return x.graph.node('Slice', inputs, [{ dtype: x.dtype, shape }])[0]!;
}

/** Broadcasts x to the run-time shape `shape` (int64 [rank]); `staticShape` documents the result. */
export function expand(x: Value, shape: Value, staticShape: Shape): Value {
  return x.graph.node('Expand', [x, shape], [{ dtype: x.dtype, shape: staticShape }])[0]!;
}

/** A tensor of `value` with the run-time shape held by `shape` (int64 [rank]). */
export function constantOfShape(shape: Value, staticShape: Shape, value = 0): Value {
  const t = { dtype: 'float32' as const, shape: [1], data: new Float32Array([value]) };
  return shape.graph.node('ConstantOfShape', [shape], [{ dtype: 'float32', shape: staticShape }], {
    value: attr.tensor(t),
  })[0]!;
}

/** zeros with x's run-time shape. */
export function zerosLike(x: Value): Value {
  return constantOfShape(shapeOf(x), x.shape, 0);
}

/** Number of elements of x as an int64 scalar (run time). */
export function sizeOf(x: Value): Value {
  return x.graph.node('Size', [x], [{ dtype: 'int64', shape: [] }])[0]!;
}

/** Constant zero padding; pads in ONNX order [b1, b2, …, e1, e2, …] over all axes. */
export function pad(x: Value, pads: number[]): Value {
  const r = x.rank;
  const shape = x.shape.map((d, i) => {
    const extra = pads[i]! + pads[r + i]!;
    if (typeof d === 'number') return d + extra;
    if (extra === 0) return d;
    return unknownDim();
  });
  return x.graph.node('Pad', [x, constInts(x, pads)], [{ dtype: x.dtype, shape }], {
    mode: attr.string('constant'),
  })[0]!;
}
