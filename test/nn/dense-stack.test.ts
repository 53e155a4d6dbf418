// The hidden Dense stack (src/nn/dense-stack.ts): finite-difference gradients for every activation, its forward
// against a plain-JS reference (Linear → activation per layer), and the empty stack as the exact identity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Graph, Value } from '../../src/engine/graph.ts';
import type { Param } from '../../src/engine/param.ts';
import { Program, type BuildContext } from '../../src/engine/program.ts';
import { Rng } from '../../src/engine/rng.ts';
import { float32 } from '../../src/engine/tensor.ts';
import { DENSE_ACTIVATIONS, DenseStack, type DenseActivation } from '../../src/nn/dense-stack.ts';
import { gradcheck, randn } from '../helpers/gradcheck.ts';

/** A BuildContext over a bare graph whose parameters are the graph inputs named like them. */
function contextFor(g: Graph, params: Param[], values: Value[]): BuildContext {
  return { g, training: false, param: (p) => values[params.indexOf(p)]!, update: () => undefined, seed: () => 5 };
}

for (const activation of DENSE_ACTIVATIONS) {
  test(`finite-difference gradients of a 2-layer dense stack (${activation}): x and every weight`, async () => {
    // ReLU has a kink at 0: take the first seed whose pre-activations all lie ≥ 0.05 from it (ε is 0.01)
    let seed = 11;
    while (activation === 'relu' && !awayFromKink(seed)) seed++;
    const rng = new Rng(seed);
    const stack = new DenseStack('hidden', 4, { units: [3, 2], activation, dropout: 0.5 }, rng);
    const params = stack.parameters();
    assert.deepEqual(
      params.map((p) => `${p.name} [${p.shape.join(', ')}]`),
      ['hidden.0.weight [3, 4]', 'hidden.0.bias [3]', 'hidden.1.weight [2, 3]', 'hidden.1.bias [2]'],
    );
    await gradcheck(
      [
        { name: 'x', value: randn(rng, [3, 4]) },
        ...params.map((p) => ({ name: p.name, value: float32([...p.shape], p.data) })),
      ],
      (x, ...ws) => stack.forward(contextFor(x.graph, params, ws), x),
    );
  });
}

/** Whether every pre-activation of the seed's stack and input (built as the gradient test builds them) is ≥ 0.05
 *  from ReLU's kink. */
function awayFromKink(seed: number): boolean {
  const rng = new Rng(seed);
  const stack = new DenseStack('hidden', 4, { units: [3, 2], activation: 'relu' }, rng);
  const x = randn(rng, [3, 4]);
  let h = [0, 1, 2].map((r) => Array.from(x.data.subarray(r * 4, r * 4 + 4) as Float32Array));
  for (const l of stack.layers) {
    const z = layerRef(h, l.weight, l.bias!, (v) => v);
    if (z.flat().some((v) => Math.abs(v) < 0.05)) return false;
    h = z.map((row) => row.map((v) => Math.max(0, v)));
  }
  return true;
}

const act: Record<DenseActivation, (v: number) => number> = {
  relu: (v) => Math.max(0, v),
  tanh: Math.tanh,
  // the erf form BERT uses; erf from Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7)
  gelu: (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)),
  linear: (v) => v,
};

function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/** y = act(x Wᵀ + b) for one layer; x [B, D] row-major, W [U, D]. */
function layerRef(x: number[][], w: Param, b: Param, f: (v: number) => number): number[][] {
  const [U, D] = w.shape as [number, number];
  return x.map((row) =>
    Array.from({ length: U }, (_, u) => f(row.reduce((s, xi, d) => s + xi * w.data[u * D + d]!, b.data[u]!))),
  );
}

test('forward matches Linear → activation per layer (inference: dropout off), for every activation', async () => {
  for (const activation of DENSE_ACTIVATIONS) {
    const rng = new Rng(2);
    const stack = new DenseStack('h', 5, { units: [4, 3], activation, dropout: 0.5 }, rng);
    const x = randn(rng, [2, 5]);
    const program = await Program.compile({
      label: 'dense',
      training: false,
      inputs: [{ name: 'x', dtype: 'float32', shape: ['B', 5] }],
      build: (ctx, v) => ({ outputs: { y: stack.forward(ctx, v.x!) } }),
    });
    const y = (await program.run({ x })).outputs.y!;
    await program.release();
    assert.deepEqual(y.shape, [2, 3]);
    let ref = [0, 1].map((r) => Array.from(x.data.subarray(r * 5, r * 5 + 5) as Float32Array));
    for (const l of stack.layers) ref = layerRef(ref, l.weight, l.bias!, act[activation]);
    ref.flat().forEach((want, i) => {
      const got = (y.data as Float32Array)[i]!;
      assert.ok(Math.abs(got - want) < 1e-5, `${activation} [${i}]: ${got} vs ${want}`);
    });
  }
});

test('no units: the identity, with no parameters and no random draws', () => {
  const rng = new Rng(9);
  const stack = new DenseStack('hidden', 7, {}, rng);
  assert.equal(stack.parameters().length, 0);
  assert.equal(stack.outFeatures, 7);
  assert.equal(rng.next(), new Rng(9).next(), 'the generator is where it was');
  const x = { rank: 2 } as Value;
  assert.equal(stack.forward({} as BuildContext, x), x);
  assert.throws(() => new DenseStack('h', 3, { units: [0] }, rng), /h\.0: units must be an integer ≥ 1, got 0/);
});
