// Axis normalisation for op builders: a bad axis becomes a GraphError naming the op, the module path and the
// input shapes (shape.ts's normAxis throws a plain Error that knows none of these).
import type { Value } from '../graph.ts';
import { normAxis } from '../shape.ts';

/** `axis` (possibly negative) as an index into a tensor of rank `rank` (default: x's rank). */
export function axisOf(
  op: string,
  x: Value,
  axis: number,
  rank = x.rank,
  inputs: readonly (Value | null)[] = [x],
): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw x.graph.error(op, `axis ${axis} out of range for rank ${rank}`, inputs);
  }
  return normAxis(axis, rank);
}
