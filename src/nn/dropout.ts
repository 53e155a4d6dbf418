// Dropout: identity at inference; in training zeroes each element with probability p and scales by 1/(1−p).
import type { BuildContext } from '../engine/program.ts';
import type { Value } from '../engine/graph.ts';
import * as op from '../engine/ops/index.ts';

export function dropout(ctx: BuildContext, x: Value, p: number): Value {
  if (!ctx.training || p <= 0) return x;
  return op.dropout(x, p, ctx.seed());
}
