// Reverse-mode automatic differentiation over the graph. `gradients(loss, wrt)` appends the backward pass to
// loss's graph and returns d loss / d wrt[i] as new values (zeros for inputs the loss does not depend on).
// Only nodes on a path from some wrt to the loss are differentiated.
import { GraphError } from '../errors.ts';
import type { GraphNode, Value } from './graph.ts';
import { add, scalar } from './ops/elementwise.ts';
import { zerosLike } from './ops/shape-ops.ts';
import { gradRule } from './grad/registry.ts';
import './grad/elementwise.ts';
import './grad/linalg.ts';
import './grad/conv.ts';
import './grad/reduce.ts';
import './grad/shape.ts';
import './grad/nn.ts';

export function gradients(loss: Value, wrt: Value[], seed?: Value): Value[] {
  const g = loss.graph;
  const nodes = g.nodes.slice(); // the forward graph; backward nodes are appended after it
  const dependsOnWrt = new Set<Value>(wrt);
  const onPath = new Set<GraphNode>();
  for (const n of nodes) {
    if (n.inputs.some((v) => v && dependsOnWrt.has(v))) {
      for (const o of n.outputs) dependsOnWrt.add(o);
      onPath.add(n);
    }
  }
  const reachesLoss = new Set<Value>([loss]);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]!;
    if (n.outputs.some((o) => reachesLoss.has(o))) {
      for (const v of n.inputs) if (v) reachesLoss.add(v);
    } else {
      onPath.delete(n);
    }
  }

  const needsGrad = (v: Value | null | undefined): boolean =>
    !!v && dependsOnWrt.has(v) && reachesLoss.has(v) && (v.dtype === 'float32' || v.dtype === 'float16');
  const grads = new Map<Value, Value>();
  const accumulate = (v: Value, d: Value) => {
    const prev = grads.get(v);
    grads.set(v, prev ? add(prev, d) : d);
  };
  if (onPath.size === 0 && !wrt.includes(loss)) return wrt.map((w) => zerosLike(w)); // nothing reaches the loss
  if (seed) accumulate(loss, seed);
  else {
    if (loss.shape.length !== 0) throw new GraphError(`gradients: loss must be a scalar, got shape [${loss.shape}]`);
    accumulate(loss, scalar(loss, 1));
  }

  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (!onPath.has(node)) continue;
    const dy = node.outputs.map((o) => grads.get(o) ?? null);
    if (dy.every((d) => d === null)) continue;
    const rule = gradRule(node.op);
    if (!rule) throw new GraphError(`no gradient rule for op ${node.op} (in ${node.scope || 'top level'})`);
    const dx = g.scope(`grad(${node.scope || 'top'})`, () =>
      rule({
        node,
        dy,
        x: (k) => node.inputs[k]!,
        y: (k) => node.outputs[k]!,
        wants: (k) => needsGrad(node.inputs[k]),
      }),
    );
    node.inputs.forEach((v, k) => {
      const d = dx[k];
      if (v && d && needsGrad(v)) accumulate(v, d);
    });
  }
  return wrt.map((w) => grads.get(w) ?? zerosLike(w));
}
