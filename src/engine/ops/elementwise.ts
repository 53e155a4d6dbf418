// Element-wise ops with numpy broadcasting. A plain number operand becomes a scalar constant of the other
// operand's dtype. Shapes: out = broadcast(a, b).
import type { DType } from '../dtype.ts';
import { attr, type Value } from '../graph.ts';
import { broadcastShapes, formatShape } from '../shape.ts';
import { tensor } from '../tensor.ts';

export type Operand = Value | number;

/** A scalar constant in `like`'s graph and dtype. */
export function scalar(like: Value, x: number, dtype: DType = like.dtype): Value {
  return like.graph.constant(tensor(dtype, [], [x]), 'scalar');
}

function pair(op: string, a: Operand, b: Operand): [Value, Value] {
  if (typeof a === 'number' && typeof b === 'number') throw new Error(`${op}: at least one operand must be a Value`);
  const va = typeof a === 'number' ? scalar(b as Value, a) : a;
  const vb = typeof b === 'number' ? scalar(va, b) : b;
  if (va.dtype !== vb.dtype) throw va.graph.error(op, `dtype mismatch ${va.dtype} vs ${vb.dtype}`, [va, vb]);
  return [va, vb];
}

function binary(op: string, a: Operand, b: Operand, outDtype?: DType): Value {
  const [va, vb] = pair(op, a, b);
  const shape = broadcastShapes(va.shape, vb.shape);
  if (!shape) {
    throw va.graph.error(op, `shapes ${formatShape(va.shape)} and ${formatShape(vb.shape)} do not broadcast`, [va, vb]);
  }
  return va.graph.node(op, [va, vb], [{ dtype: outDtype ?? va.dtype, shape }])[0]!;
}

export const add = (a: Operand, b: Operand): Value => binary('Add', a, b);
export const sub = (a: Operand, b: Operand): Value => binary('Sub', a, b);
export const mul = (a: Operand, b: Operand): Value => binary('Mul', a, b);
export const div = (a: Operand, b: Operand): Value => binary('Div', a, b);
export const pow = (a: Value, exponent: number): Value => binary('Pow', a, exponent);
export const equal = (a: Operand, b: Operand): Value => binary('Equal', a, b, 'bool');
export const less = (a: Operand, b: Operand): Value => binary('Less', a, b, 'bool');
export const greater = (a: Operand, b: Operand): Value => binary('Greater', a, b, 'bool');

function unary(op: string, x: Value, attrs = {}): Value {
  return x.graph.node(op, [x], [{ dtype: x.dtype, shape: x.shape }], attrs)[0]!;
}

export const neg = (x: Value): Value => unary('Neg', x);
export const relu = (x: Value): Value => unary('Relu', x);
export const leakyRelu = (x: Value, alpha = 0.01): Value => unary('LeakyRelu', x, { alpha: attr.float(alpha) });
export const tanh = (x: Value): Value => unary('Tanh', x);
export const sigmoid = (x: Value): Value => unary('Sigmoid', x);
export const erf = (x: Value): Value => unary('Erf', x);
export const exp = (x: Value): Value => unary('Exp', x);
export const log = (x: Value): Value => unary('Log', x);
export const sqrt = (x: Value): Value => unary('Sqrt', x);
export const abs = (x: Value): Value => unary('Abs', x);
export const sign = (x: Value): Value => unary('Sign', x);
export const identity = (x: Value): Value => unary('Identity', x);
export const not = (x: Value): Value => unary('Not', x);

/** GELU, erf form (BERT's `gelu`): 0.5·x·(1 + erf(x/√2)). ORT fuses this pattern into one kernel. */
export function gelu(x: Value): Value {
  return mul(mul(x, 0.5), add(erf(div(x, Math.SQRT2)), 1));
}

export function cast(x: Value, to: DType): Value {
  if (x.dtype === to) return x;
  const codes: Record<DType, number> = { float32: 1, uint8: 2, int8: 3, int32: 6, int64: 7, bool: 9, float16: 10 };
  return x.graph.node('Cast', [x], [{ dtype: to, shape: x.shape }], { to: attr.int(codes[to]) })[0]!;
}

/** where(cond, a, b): a where cond is true, else b; all three broadcast. */
export function where(cond: Value, a: Operand, b: Operand): Value {
  const [va, vb] = pair('Where', a, b);
  if (cond.dtype !== 'bool') throw cond.graph.error('Where', `condition must be bool, got ${cond.dtype}`, [cond]);
  const ab = broadcastShapes(va.shape, vb.shape);
  const shape = ab && broadcastShapes(cond.shape, ab);
  if (!shape) throw cond.graph.error('Where', 'shapes do not broadcast', [cond, va, vb]);
  return cond.graph.node('Where', [cond, va, vb], [{ dtype: va.dtype, shape }])[0]!;
}
