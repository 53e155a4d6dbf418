// Gradients of data-movement ops: they move dy back to where each element came from.
import { GraphError } from '../../errors.ts';
import type { GraphNode, Value } from '../graph.ts';
import { cast } from '../ops/elementwise.ts';
import { scatterElements, scatterNDAdd } from '../ops/indexing.ts';
import { pad, reshapeTo, shapeOf, slice, transpose, unsqueeze, zerosLike } from '../ops/shape-ops.ts';
import { defineGrad, defineNonDifferentiable, sumToShape } from './registry.ts';

function constInts(node: GraphNode, i: number): number[] {
  const v = node.inputs[i]!;
  const t = v.graph.initializers.get(v.name);
  if (!t) throw new GraphError(`${node.op} in ${node.scope}: gradient needs constant input ${i}`);
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
    if (typeof d !== 'number') throw new GraphError(`Concat in ${node.scope}: gradient needs static sizes on axis ${axis}`);
    const part = slice(dy[0]!, axis, offset, offset + d);
    offset += d;
    return part;
  });
});

defineGrad('Slice', ({ node, x, dy }) => {
  const input = x(0);
  const starts = constInts(node, 1);
  const ends = constInts(node, 2);
  const axes = constInts(node, 3);
  const pads = new Array(2 * input.rank).fill(0);
  axes.forEach((a, j) => {
    const d = input.shape[a]!;
    const s = starts[j]!;
    const e = ends[j]!;
    if (s < 0 || e < 0) throw new GraphError(`Slice in ${node.scope}: gradient needs non-negative bounds`);
    pads[a] = s;
    if (typeof d === 'number') pads[input.rank + a] = Math.max(0, d - Math.min(e, d));
    else if (e < Number.MAX_SAFE_INTEGER) {
      throw new GraphError(`Slice in ${node.scope}: gradient needs a static size on axis ${a} when the end is bounded`);
    }
  });
  return [back(pad(dy[0]!, pads), input), null, null, null];
});

// Embedding lookup: rows gathered along axis 0 receive the sum of their gradients.
defineGrad('Gather', ({ node, x, dy }) => {
  if ((node.attrs.axis?.value ?? 0) !== 0) throw new GraphError(`Gather in ${node.scope}: gradient supports axis 0 only`);
  const idx = unsqueeze(cast(x(1), 'int64'), [-1]); // [...I, 1]
  return [scatterNDAdd(zerosLike(x(0)), idx, dy[0]!), null];
});

defineGrad('GatherElements', ({ node, x, dy }) => {
  const axis = node.attrs.axis!.value as number;
  return [scatterElements(zerosLike(x(0)), x(1), dy[0]!, axis, 'add'), null];
});

defineNonDifferentiable('ScatterElements', 'ScatterND');
