// Gradients of reductions. Sum/Mean broadcast dy back over the reduced axes; Max sends dy to the first
// maximal element along its (single) axis, as PyTorch's max does, so ties never split the gradient.
import type { GraphNode, Value } from '../graph.ts';
import { cast, div } from '../ops/elementwise.ts';
import { argMax } from '../ops/reduce.ts';
import { scatterElements } from '../ops/indexing.ts';
import { expand, shapeOf, sizeOf, unsqueeze, zerosLike } from '../ops/shape-ops.ts';
import { defineGrad, gradError } from './registry.ts';

function reducedAxes(node: GraphNode): number[] {
  const axesValue = node.inputs[1]!;
  const init = axesValue.graph.initializers.get(axesValue.name);
  if (!init) throw gradError(node, `gradient needs constant axes`);
  return Array.from(init.data as BigInt64Array, Number);
}

/** dy with the reduced axes restored as size-1 axes. */
function keepDims(node: GraphNode, dy: Value): Value {
  if (node.attrs.keepdims?.value === 1) return dy;
  return unsqueeze(dy, reducedAxes(node));
}

defineGrad('ReduceSum', ({ node, x, dy }) => [expand(keepDims(node, dy[0]!), shapeOf(x(0)), x(0).shape), null]);

defineGrad('ReduceMean', ({ node, x, y, dy }) => {
  const count = div(cast(sizeOf(x(0)), 'float32'), cast(sizeOf(y(0)), 'float32'));
  const g = div(keepDims(node, dy[0]!), count);
  return [expand(g, shapeOf(x(0)), x(0).shape), null];
});

defineGrad('ReduceMax', ({ node, x, dy }) => {
  const axes = reducedAxes(node);
  if (axes.length !== 1) throw gradError(node, `gradient supports one axis, got [${axes}]`);
  const idx = argMax(x(0), axes[0]!, true);
  return [scatterElements(zerosLike(x(0)), idx, keepDims(node, dy[0]!), axes[0]!, 'none'), null];
});
