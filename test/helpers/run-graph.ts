// Builds a small graph from a function, optionally appends its backward pass, runs it once with ONNX Runtime
// and returns plain arrays. For tests that assert gradients directly (ties, masks, dropout) rather than by
// finite differences. The loss is Σ f(x) ⊙ dy with a caller-chosen dy (default all ones), so d loss / d x is
// the vector-Jacobian product dyᵀ·J.
import { gradients } from '../../src/engine/autodiff.ts';
import { Graph, type Value } from '../../src/engine/graph.ts';
import * as op from '../../src/engine/ops/index.ts';
import { serialize } from '../../src/engine/onnx.ts';
import { Session } from '../../src/engine/session.ts';
import type { HostTensor } from '../../src/engine/tensor.ts';
import type { Shape } from '../../src/engine/shape.ts';

export interface RunInput {
  name: string;
  value: HostTensor;
  shape?: Shape;
}

export interface RunResult {
  /** f's output, as numbers. */
  y: number[];
  yShape: number[];
  /** Gradients for the inputs named in `wrt`, in order. */
  grads: number[][];
}

/** A graph + session ready to run repeatedly (callers release it). */
export async function buildRun(
  inputs: RunInput[],
  f: (...xs: Value[]) => Value,
  wrt: string[] = [],
  dy?: HostTensor,
): Promise<{ session: Session; feeds: Record<string, HostTensor>; names: string[] }> {
  const g = new Graph('run');
  const xs = inputs.map((i) => g.input(i.name, i.value.dtype, i.shape ?? i.value.shape));
  const out = f(...xs);
  const feeds: Record<string, HostTensor> = {};
  for (const i of inputs) feeds[i.name] = i.value;
  const outs: Value[] = [out];
  if (wrt.length > 0) {
    let weighted = out;
    if (dy) {
      const d = g.input('dy', 'float32', out.shape);
      feeds.dy = dy;
      weighted = op.mul(out, d);
    }
    const loss = out.rank === 0 ? weighted : op.reduceSum(weighted, [...Array(out.rank).keys()]);
    const targets = wrt.map((n) => {
      const k = inputs.findIndex((i) => i.name === n);
      if (k < 0) throw new Error(`runGraph: no input named ${n}`);
      return xs[k]!;
    });
    outs.push(...gradients(loss, targets));
  }
  const named = g.output(...outs); // outputs may be aliased (an input returned as is)
  const session = await Session.create(serialize(g), g.inputs, { label: 'run-graph', threads: 1 });
  return { session, feeds, names: named.map((o) => o.name) };
}

export async function runGraph(
  inputs: RunInput[],
  f: (...xs: Value[]) => Value,
  wrt: string[] = [],
  dy?: HostTensor,
): Promise<RunResult> {
  const { session, feeds, names } = await buildRun(inputs, f, wrt, dy);
  try {
    const res = await session.run(feeds);
    const arr = (n: string) => Array.from(res[n]!.data as ArrayLike<number | bigint>, Number);
    return { y: arr(names[0]!), yShape: res[names[0]!]!.shape, grads: names.slice(1).map(arr) };
  } finally {
    await session.release();
  }
}
