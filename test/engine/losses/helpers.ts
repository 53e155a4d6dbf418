// Shared by the loss tests: run a forward graph once and read its outputs, plus closeness assertions.
import assert from 'node:assert/strict';
import { Graph, type Value } from '../../../src/engine/graph.ts';
import { serialize } from '../../../src/engine/onnx.ts';
import { Session } from '../../../src/engine/session.ts';
import type { HostTensor } from '../../../src/engine/tensor.ts';

export interface Feed {
  name: string;
  value: HostTensor;
}

/** Builds f over graph inputs named like the feeds, runs it once, returns each output as plain numbers. */
export async function evaluate(feeds: Feed[], f: (...xs: Value[]) => Value | Value[]): Promise<number[][]> {
  const g = new Graph('loss-eval');
  const xs = feeds.map((i) => g.input(i.name, i.value.dtype, i.value.shape));
  const outs = [f(...xs)].flat();
  g.output(...outs);
  const s = await Session.create(serialize(g), g.inputs, { label: 'loss-eval', threads: 1 });
  const res = await s.run(Object.fromEntries(feeds.map((i) => [i.name, i.value])));
  await s.release();
  return outs.map((o) => Array.from(res[o.name]!.data as Float32Array, Number));
}

/** |a − b| ≤ tol·max(1, |b|) element-wise. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${what}[${i}]: got ${a}, expected ${e}`);
  }
}
