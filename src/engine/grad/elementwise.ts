// Gradients of element-wise ops. Broadcast inputs get their gradient summed back with sumToShape.
import { cast, div, exp, greater, mul, neg, pow, sign, sub, where } from '../ops/elementwise.ts';
import { defineGrad, defineNonDifferentiable, gradError, sumToShape } from './registry.ts';

defineGrad('Add', ({ x, dy, wants }) => [
  wants(0) ? sumToShape(dy[0]!, x(0)) : null,
  wants(1) ? sumToShape(dy[0]!, x(1)) : null,
]);
defineGrad('Sub', ({ x, dy, wants }) => [
  wants(0) ? sumToShape(dy[0]!, x(0)) : null,
  wants(1) ? sumToShape(neg(dy[0]!), x(1)) : null,
]);
defineGrad('Mul', ({ x, dy, wants }) => [
  wants(0) ? sumToShape(mul(dy[0]!, x(1)), x(0)) : null,
  wants(1) ? sumToShape(mul(dy[0]!, x(0)), x(1)) : null,
]);
defineGrad('Div', ({ x, y, dy, wants }) => {
  const da = div(dy[0]!, x(1));
  const db = wants(1) ? neg(mul(da, y(0))) : null; // −dy·a/b² = −(dy/b)·(a/b)
  return [wants(0) ? sumToShape(da, x(0)) : null, db && sumToShape(db, x(1))];
});
defineGrad('Pow', ({ node, x, dy }) => {
  const exponent = x(1);
  const init = exponent.graph.initializers.get(exponent.name);
  if (!init || init.data.length !== 1) throw gradError(node, `gradient needs a constant scalar exponent`);
  const c = Number(init.data[0]);
  return [mul(dy[0]!, mul(pow(x(0), c - 1), c)), null];
});
defineGrad('Neg', ({ dy }) => [neg(dy[0]!)]);
defineGrad('Identity', ({ dy }) => [dy[0]!]);
defineGrad('Relu', ({ x, dy }) => [where(greater(x(0), 0), dy[0]!, 0)]);
defineGrad('LeakyRelu', ({ node, x, dy }) => {
  const alpha = node.attrs.alpha?.value as number | undefined;
  return [where(greater(x(0), 0), dy[0]!, mul(dy[0]!, alpha ?? 0.01))];
});
defineGrad('Tanh', ({ y, dy }) => [mul(dy[0]!, sub(1, mul(y(0), y(0))))]);
defineGrad('Sigmoid', ({ y, dy }) => [mul(dy[0]!, mul(y(0), sub(1, y(0))))]);
defineGrad('Erf', ({ x, dy }) => {
  const k = 2 / Math.sqrt(Math.PI);
  return [mul(dy[0]!, mul(exp(neg(mul(x(0), x(0)))), k))];
});
defineGrad('Exp', ({ y, dy }) => [mul(dy[0]!, y(0))]);
defineGrad('Log', ({ x, dy }) => [div(dy[0]!, x(0))]);
defineGrad('Sqrt', ({ y, dy }) => [div(mul(dy[0]!, 0.5), y(0))]);
defineGrad('Abs', ({ x, dy }) => [mul(dy[0]!, sign(x(0)))]);
defineGrad('Cast', ({ x, dy }) => [
  x(0).dtype === 'float32' || x(0).dtype === 'float16' ? cast(dy[0]!, x(0).dtype) : null,
]);
defineGrad('Where', ({ x, dy, wants }) => [
  null,
  wants(1) ? sumToShape(where(x(0), dy[0]!, 0), x(1)) : null,
  wants(2) ? sumToShape(where(x(0), 0, dy[0]!), x(2)) : null,
]);
defineNonDifferentiable('Sign', 'Equal', 'Less', 'Greater', 'Not', 'Shape', 'Size', 'ArgMax', 'ConstantOfShape');
