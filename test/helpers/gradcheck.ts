// Finite-difference gradient check. The function under test maps inputs to any tensor; it is reduced to a
// scalar with a fixed random projection R (loss = Σ f(x) ⊙ R), so every output element is checked.
// Central differences in float32: d ≈ (L(x+ε) − L(x−ε)) / 2ε with ε = 1e-2 by default; an element passes when
// |analytic − numeric| ≤ atol + rtol·|numeric| (defaults atol 2e-3, rtol 2e-2: float32 rounding of L over 2ε
// dominates; ops with kinks (ReLU, max) are tested at points away from the kink).
import assert from 'node:assert/strict';
import { gradients } from '../../src/engine/autodiff.ts';
import { Graph, type Value } from '../../src/engine/graph.ts';
import * as op from '../../src/engine/ops/index.ts';
import { serialize } from '../../src/engine/onnx.ts';
import { Session } from '../../src/engine/session.ts';
import { float32, type HostTensor } from '../../src/engine/tensor.ts';
import { Rng } from '../../src/engine/rng.ts';
import type { Shape } from '../../src/engine/shape.ts';

export interface GradCheckInput {
  name: string;
  value: HostTensor;
  /** Symbolic shape to declare (defaults to the concrete one). */
  shape?: Shape;
  /** Check the gradient of this input (float inputs only; default true for float32). */
  check?: boolean;
}

export interface GradCheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  seed?: number;
}

export async function gradcheck(
  inputs: GradCheckInput[],
  f: (...xs: Value[]) => Value,
  opts: GradCheckOptions = {},
): Promise<void> {
  const eps = opts.eps ?? 1e-2;
  const atol = opts.atol ?? 2e-3;
  const rtol = opts.rtol ?? 2e-2;
  const feeds: Record<string, HostTensor> = {};
  for (const i of inputs) feeds[i.name] = i.value;
  const outShape = await forwardShape(inputs, f, feeds);
  const rng = new Rng(opts.seed ?? 7);
  feeds.R = float32(outShape, rng.fillNormal(new Float32Array(outShape.reduce((a, b) => a * b, 1))));

  const g = new Graph('gradcheck');
  const xs = inputs.map((i) => g.input(i.name, i.value.dtype, i.shape ?? i.value.shape));
  const out = f(...xs);
  // R takes f's symbolic output shape so symbolic input axes ('B', 'T', 'T-2') broadcast against it.
  const r = g.input('R', 'float32', out.shape);
  const loss = outShape.length === 0 ? op.mul(out, r) : op.reduceSum(op.mul(out, r), [...Array(out.rank).keys()]);
  const checked = inputs.map((i, k) => ({ i, k })).filter(({ i }) => i.check ?? i.value.dtype === 'float32');
  const grads = gradients(
    loss,
    checked.map(({ k }) => xs[k]!),
  );
  g.output(loss, ...grads);
  const session = await Session.create(serialize(g), g.inputs, { label: 'gradcheck', threads: 1 });

  const result = await session.run(feeds);
  const names = session.outputNames;
  const lossAt = async (): Promise<number> => Number((await session.run(feeds))[names[0]!]!.data[0]);
  for (let c = 0; c < checked.length; c++) {
    const { i } = checked[c]!;
    const analytic = result[names[c + 1]!]!.data as Float32Array;
    const data = i.value.data as Float32Array;
    for (let e = 0; e < data.length; e++) {
      const orig = data[e]!;
      data[e] = orig + eps;
      const plus = await lossAt();
      data[e] = orig - eps;
      const minus = await lossAt();
      data[e] = orig;
      const numeric = (plus - minus) / (2 * eps);
      const a = analytic[e]!;
      const ok = Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric);
      assert.ok(ok, `d/d${i.name}[${e}]: analytic ${a} vs numeric ${numeric}`);
    }
  }
  await session.release();
}

/** Runs the forward function alone to learn its output's concrete shape. */
async function forwardShape(
  inputs: GradCheckInput[],
  f: (...xs: Value[]) => Value,
  feeds: Record<string, HostTensor>,
): Promise<number[]> {
  const g = new Graph('forward');
  const xs = inputs.map((i) => g.input(i.name, i.value.dtype, i.shape ?? i.value.shape));
  const out = f(...xs);
  const [o] = g.output(out);
  const s = await Session.create(serialize(g), g.inputs, { label: 'forward', threads: 1 });
  const res = await s.run(feeds);
  await s.release();
  return res[o!.name]!.shape;
}

/** Random float32 tensor (normal, or uniform in [lo, hi]). */
export function randn(rng: Rng, shape: number[], std = 1): HostTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return float32(shape, rng.fillNormal(new Float32Array(n), std));
}
