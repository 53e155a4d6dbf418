// Gradients of Softmax, LogSoftmax, LayerNormalization and Dropout.
import { exp, mul, sub, where } from '../ops/elementwise.ts';
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

defineGrad('LayerNormalization', ({ node, x, y, dy, wants }) => {
  const input = x(0);
  const axis = node.attrs.axis!.value as number;
  const axes = Array.from({ length: input.rank - axis }, (_, i) => axis + i);
  const mean = y(1);
  const invStd = y(2);
  const xhat = mul(sub(input, mean), invStd); // [..., H]
  const g = dy[0]!;
  const gs = mul(g, x(1)); // dy ⊙ scale
  // dx = invstd ⊙ (gs − mean(gs) − x̂ ⊙ mean(gs ⊙ x̂))
  const dx = wants(0)
    ? mul(invStd, sub(sub(gs, reduceMean(gs, axes, true)), mul(xhat, reduceMean(mul(gs, xhat), axes, true))))
    : null;
  return [dx, wants(1) ? sumToShape(mul(g, xhat), x(1)) : null, wants(2) ? sumToShape(g, x(2)) : null];
});

defineGrad('Dropout', ({ node, y, dy }) => {
  const ratioValue = node.inputs[1]!;
  const init = ratioValue.graph.initializers.get(ratioValue.name);
  if (!init) throw gradError(node, `gradient needs a constant ratio`);
  const ratio = Number(init.data[0]);
  // Kept elements get dy/(1−p), dropped ones 0: one scaling and one select over the tensor.
  return [where(y(1), mul(dy[0]!, 1 / (1 - ratio)), 0), null, null];
});
