// ProgramCache: static-length caches (one session per length bucket) compile their Programs without ONNX
// Runtime's memory arena, which would keep every bucket's peak activations for good; and turning the arena off
// changes no result — a training step with dropout gives the same loss, outputs and gradients bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Program, type ProgramSpec } from '../../src/engine/program.ts';
import { Rng } from '../../src/engine/rng.ts';
import * as op from '../../src/engine/ops/index.ts';
import { Linear } from '../../src/nn/linear.ts';
import { dropout } from '../../src/nn/dropout.ts';
import { ProgramCache } from '../../src/train/program-cache.ts';

function spec(layer: Linear): ProgramSpec {
  return {
    label: 'arena probe',
    training: true,
    seed: 7,
    inputs: [{ name: 'x', dtype: 'float32', shape: ['B', 'T', 16] }],
    // [B, T, 16] → dropout → Linear → tanh → mean: a loss whose gradient depends on the dropout mask
    build: (ctx, v) => {
      const h = op.tanh(layer.forward(ctx, dropout(ctx, v.x!, 0.5))); // [B, T, 8]
      return { loss: op.reduceMean(h, [0, 1, 2]), outputs: { h } };
    },
  };
}

test('a static-length cache compiles without the memory arena; a dynamic one keeps it', () => {
  const layer = new Linear('probe', 16, 8, new Rng(1));
  const staticCache = new ProgramCache(true, () => spec(layer), { '24': 3 });
  assert.equal(staticCache.specFor(24).memoryArena, false);
  assert.equal(staticCache.specFor(24).skipRuns, 3);
  const dynamicCache = new ProgramCache(false, () => spec(layer));
  assert.equal(dynamicCache.specFor('T').memoryArena, undefined);
});

test('without the memory arena a training step with dropout is bit-identical over repeated runs', async () => {
  const layer = new Linear('probe', 16, 8, new Rng(1));
  const withArena = await Program.compile(spec(layer));
  const noArena = await Program.compile({ ...spec(layer), memoryArena: false });
  const rng = new Rng(3);
  // several shapes in turn, so an arena's reused buffers would be handed different sizes
  for (const [B, T] of [
    [4, 24],
    [2, 40],
    [4, 24],
    [3, 8],
  ] as const) {
    const data = new Float32Array(B * T * 16).map(() => rng.uniform(-1, 1));
    const x = { dtype: 'float32' as const, shape: [B, T, 16], data };
    const a = await withArena.run({ x });
    const b = await noArena.run({ x });
    assert.equal(a.loss, b.loss);
    assert.deepEqual(a.outputs.h!.data, b.outputs.h!.data);
    assert.equal(a.grads.length, 2);
    a.grads.forEach((g, i) => assert.deepEqual(g, b.grads[i]));
    assert.ok(a.grads[0]!.some((v) => v !== 0));
  }
  await withArena.release();
  await noArena.release();
});
