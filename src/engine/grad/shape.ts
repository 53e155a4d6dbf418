// Gradients of data-movement ops: they move dy back to where each element came from.
import { attr, type GraphNode, type Value } from '../graph.ts';
import { int64 } from '../tensor.ts';
import { add, cast, less, sub, where } from '../ops/elementwise.ts';
import { gather, scatterElements, scatterNDAdd } from '../ops/indexing.ts';
import {
  concat,
  constantOfShape,
  constInts as intConst,
  reshapeTo,
  shapeOf,
  slice,
  transpose,
  unsqueeze,
  zerosLike,
} from '../ops/shape-ops.ts';
import { defineGrad, defineNonDifferentiable, gradError, sumToShape } from './registry.ts';

function constInts(node: GraphNode, i: number): number[] {
  const v = node.inputs[i]!;
  const t = v.graph.initializers.get(v.name);
  if (!t) throw gradError(node, `gradient needs constant input ${i}`);
  return Array.from(t.data as BigInt64Array, Number);
}

const back = (dy: Value, x: Value) => reshapeTo(dy, shapeOf(x), x.shape);

defineGrad('Reshape', ({ x, dy }) => [back(dy[0]!, x(0)), null]);
defineGrad('Unsqueeze', ({ x, dy }) => [back(dy[0]!, x(0)), null]);
defineGrad('Squeeze', ({ x, dy }) => [back(dy[0]!, x(0)), null]);
defineGrad('Flatten', ({ x, dy }) => [back(dy[0]!, x(0))]);
defineGrad('Expand', ({ x, dy }) => [sumToShape(dy[0]!, x(0)), null]);

defineGrad('Transpose', ({ node, dy }) => {
  const perm = node.attrs.perm!.value as number[];
  const inv = perm.map((_, i) => perm.indexOf(i));
  return [transpose(dy[0]!, inv)];
});

defineGrad('Concat', ({ node, x, dy }) => {
  const axis = node.attrs.axis!.value as number;
  let offset = 0;
  return node.inputs.map((_, i) => {
    const d = x(i).shape[axis]!;
    if (typeof d !== 'number') throw gradError(node, `gradient needs static sizes on axis ${axis}`);
    const part = slice(dy[0]!, axis, offset, offset + d);
    offset += d;
    return part;
  });
});

// Slice (step 1): dx = dy zero-padded back to x's extent. Bounds follow ONNX: negative counts from the end, then
// clamped to [0, size]. On symbolic axes the pads are computed at run time from Shape(x).
defineGrad('Slice', ({ node, x, dy }) => {
  const input = x(0);
  const r = input.rank;
  const starts = constInts(node, 1);
  const ends = constInts(node, 2);
  const axes = node.inputs[3] ? constInts(node, 3).map((a) => (a < 0 ? a + r : a)) : starts.map((_, i) => i);
  if (node.inputs[4] && constInts(node, 4).some((st) => st !== 1))
    throw gradError(node, 'gradient supports step 1 only');
  const pads: Bound[] = new Array(2 * r).fill(0);
  axes.forEach((a, j) => {
    const d = input.shape[a]!;
    const size: Bound = typeof d === 'number' ? d : gather(shapeOf(input), intConst(input, [a])); // int64 [1]
    const begin = clampIndex(starts[j]!, size);
    const end = maxBound(clampIndex(ends[j]!, size), begin);
    pads[a] = begin;
    pads[r + a] = subBound(size, end);
  });
  const padsValue = pads.every((p) => typeof p === 'number')
    ? intConst(input, pads as number[])
    : concat(
        pads.map((p) => (typeof p === 'number' ? intConst(input, [p]) : p)),
        0,
      );
  const dx = input.graph.node('Pad', [dy[0]!, padsValue], [{ dtype: dy[0]!.dtype, shape: input.shape }], {
    mode: attr.string('constant'),
  })[0]!;
  return [dx, ...node.inputs.slice(1).map(() => null)];
});

/** A static count or a run-time int64 [1] value. */
type Bound = number | Value;
const BIG = Number.MAX_SAFE_INTEGER / 2;

/** ONNX index normalisation: k < 0 counts from the end; the result is clamped to [0, size]. */
function clampIndex(k: number, size: Bound): Bound {
  if (typeof size === 'number') return Math.min(Math.max(k < 0 ? k + size : k, 0), size);
  if (k >= BIG) return size;
  if (k === 0) return 0;
  if (k > 0) return where(less(size, k), size, k);
  const v = add(size, k);
  return where(less(v, 0), 0, v);
}

function maxBound(a: Bound, b: Bound): Bound {
  if (typeof a === 'number' && typeof b === 'number') return Math.max(a, b);
  if (b === 0) return a; // a is already ≥ 0
  if (a === 0) return b;
  return where(less(a, b), b, a);
}

function subBound(a: Bound, b: Bound): Bound {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === b) return 0;
  return sub(a, b);
}

// Pad (constant mode, non-negative pads): dx is dy with the padding sliced off.
defineGrad('Pad', ({ node, x, dy }) => {
  const mode = node.attrs.mode?.value ?? 'constant';
  if (mode !== 'constant') throw gradError(node, `gradient supports mode 'constant' only, got '${String(mode)}'`);
  if (node.inputs[3]) throw gradError(node, 'gradient does not support the axes input');
  const pads = constInts(node, 1);
  const r = x(0).rank;
  if (pads.some((p) => p < 0)) throw gradError(node, `gradient needs non-negative pads, got [${pads}]`);
  let g = dy[0]!;
  for (let a = 0; a < r; a++) {
    const begin = pads[a]!;
    const end = pads[r + a]!;
    if (begin !== 0 || end !== 0) g = slice(g, a, begin, end > 0 ? -end : Number.MAX_SAFE_INTEGER);
  }
  return [back(g, x(0)), ...node.inputs.slice(1).map(() => null)];
});

// Gather: the rows picked along `axis` receive the sum of their gradients (scatter-add; repeated ids add up).
// Axis 0 (embedding lookup) scatters directly; other axes move the gathered axis to the front and back.
defineGrad('Gather', ({ node, x, dy }) => {
  const data = x(0); // [..., V (axis), ...]
  const ids = x(1); // [...I]
  const a = (node.attrs.axis?.value as number | undefined) ?? 0;
  let idx = cast(ids, 'int64');
  // Negative ids count from the end (ONNX Gather); make them non-negative for ScatterND.
  const d = data.shape[a]!;
  const size = typeof d === 'number' ? d : gather(shapeOf(data), data.graph.constant(int64([], [a]), 'axis')); // int64 []
  idx = where(less(idx, 0), add(idx, size), idx);
  idx = unsqueeze(idx, [-1]); // [...I, 1]
  if (a === 0) return [scatterNDAdd(zerosLike(data), idx, dy[0]!), null];
  const r = data.rank;
  const ri = ids.rank;
  const range = (lo: number, hi: number) => Array.from({ length: hi - lo }, (_, i) => lo + i);
  const pData = [a, ...range(0, a), ...range(a + 1, r)];
  const pDy = [...range(a, a + ri), ...range(0, a), ...range(a + ri, ri + r - 1)];
  const zerosShape = gather(shapeOf(data), intConst(data, pData));
  const zeros = constantOfShape(
    zerosShape,
    pData.map((p) => data.shape[p]!),
    0,
  );
  const moved = scatterNDAdd(zeros, idx, transpose(dy[0]!, pDy)); // [V, ...other data axes]
  return [
    transpose(
      moved,
      pData.map((_, i) => pData.indexOf(i)),
    ),
    null,
  ];
});

defineGrad('GatherElements', ({ node, x, dy }) => {
  const axis = node.attrs.axis!.value as number;
  return [scatterElements(zerosLike(x(0)), x(1), dy[0]!, axis, 'add'), null];
});

defineNonDifferentiable('ScatterElements', 'ScatterND');
