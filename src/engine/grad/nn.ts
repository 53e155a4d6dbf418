// Gradients of Softmax, LogSoftmax, LayerNormalization and Dropout.
import { cast, exp, mul, sub } from '../ops/elementwise.ts';
import { reduceMean, reduceSum } from '../ops/reduce.ts';
import { defineGrad, gradError, sumToShape } from './registry.ts';

defineGrad('Softmax', ({ node, y, dy }) => {
  const axis = node.attrs.axis!.value as number;
  const s = y(0);
  // dx = y ⊙ (dy − Σ dy⊙y)
  return [mul(s, sub(dy[0]!, reduceSum(mul(dy[0]!, s), [axis], true)))];
});

defineGrad('LogSoftmax', ({ node, y, dy }) => {
  const axis = node.attrs.axis!.value as number;
  // dx = dy − softmax ⊙ Σ dy
  return [sub(dy[0]!, mul(exp(y(0)), reduceSum(dy[0]!, [axis], true)))];
});

defineGrad('LayerNormalization', ({ node, x, y, dy }) => {
  const input = x(0);
  const axis = node.attrs.axis!.value as number;
  const axes = Array.from({ length: input.rank - axis }, (_, i) => axis + i);
  const mean = y(1);
  const invStd = y(2);
  const xhat = mul(sub(input, mean), invStd); // [..., H]
  const g = dy[0]!;
  const gs = mul(g, x(1)); // dy ⊙ scale
  // dx = invstd ⊙ (gs − mean(gs) − x̂ ⊙ mean(gs ⊙ x̂))
  const dx = mul(invStd, sub(sub(gs, reduceMean(gs, axes, true)), mul(xhat, reduceMean(mul(gs, xhat), axes, true))));
  return [dx, sumToShape(mul(g, xhat), x(1)), sumToShape(g, x(2))];
});

defineGrad('Dropout', ({ node, x, y, dy }) => {
  const ratioValue = node.inputs[1]!;
  const init = ratioValue.graph.initializers.get(ratioValue.name);
  if (!init) throw gradError(node, `gradient needs a constant ratio`);
  const ratio = Number(init.data[0]);
  const keep = cast(y(1), x(0).dtype);
  return [mul(mul(dy[0]!, keep), 1 / (1 - ratio)), null, null];
});
