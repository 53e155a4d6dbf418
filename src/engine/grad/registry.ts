// Gradient rules, one per ONNX op type. A rule receives the forward node and the gradients flowing into its
// outputs (null where an output does not reach the loss) and returns one gradient per input (null where the
// input is not differentiable). Rules emit ordinary ops into the same graph.
import { GraphError } from '../../errors.ts';
import type { GraphNode, Value } from '../graph.ts';
import { formatShape, isUnknown, type Shape } from '../shape.ts';
import { reshapeTo, shapeOf } from '../ops/shape-ops.ts';
import { reduceSum } from '../ops/reduce.ts';

export interface GradContext {
  node: GraphNode;
  /** Input i of the node (never null for the inputs a rule differentiates). */
  x(i: number): Value;
  /** Output i of the node. */
  y(i: number): Value;
  /** Gradient of the loss w.r.t. output i, or null. */
  dy: (Value | null)[];
  /**
   * Whether input i needs a gradient (it depends on a differentiated value). Rules skip the others: a constant
   * operand's gradient would otherwise cost full-size products and reductions that nothing reads.
   */
  wants(i: number): boolean;
}

export type GradRule = (ctx: GradContext) => (Value | null)[];

const rules = new Map<string, GradRule>();

export function defineGrad(op: string, rule: GradRule): void {
  rules.set(op, rule);
}

/** Ops whose outputs carry no gradient (comparisons, shapes, indices). */
export function defineNonDifferentiable(...ops: string[]): void {
  for (const op of ops) rules.set(op, (ctx) => ctx.node.inputs.map(() => null));
}

/** An error for a node whose gradient cannot be built: names the op, its module path and its input shapes. */
export function gradError(node: GraphNode, message: string): GraphError {
  const shapes = node.inputs.map((v) => (v ? `${v.dtype}${formatShape(v.shape)}` : '∅')).join(', ');
  return new GraphError(`${node.op} in ${node.scope || 'top level'}: ${message} (inputs: ${shapes})`);
}

export function gradRule(op: string): GradRule | undefined {
  return rules.get(op);
}

/**
 * Sums a broadcast gradient back to `target`'s shape: leading extra axes, then axes where target has size 1.
 * Symbolic dims are assumed not to be 1 (dynamic axes are batch/time, never broadcast).
 */
export function sumToShape(dy: Value, target: Value): Value {
  let g = dy;
  const extra = g.rank - target.rank;
  if (extra > 0) g = reduceSum(g, [...Array(extra).keys()], false);
  const axes: number[] = [];
  target.shape.forEach((d, i) => {
    const gd = g.shape[i]!;
    if (d === 1 && gd !== 1) axes.push(i);
  });
  if (axes.length > 0) g = reduceSum(g, axes, true);
  if (sameShape(g.shape, target.shape)) return g;
  return reshapeTo(g, shapeOf(target), target.shape);
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i] || isUnknown(d) || isUnknown(b[i]!));
}
