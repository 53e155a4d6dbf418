// Regression: ONNX Runtime's EliminateDropout optimizer used to delete a Dropout whose mask nobody reads —
// every Dropout no gradient flows through (e.g. on frozen features feeding a trained head) — so dropout was
// silently off. The session disables that optimizer; this checks dropout really drops in such a graph.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Program } from '../../src/engine/program.ts';
import { Rng } from '../../src/engine/rng.ts';
import * as op from '../../src/engine/ops/index.ts';
import { dropout } from '../../src/nn/dropout.ts';
import { Linear } from '../../src/nn/linear.ts';

test('dropout on a non-trainable input still drops in a training graph', async () => {
  const layer = new Linear('fc', 64, 1, new Rng(1));
  const program = await Program.compile({
    label: 'dropout kept',
    training: true,
    inputs: [{ name: 'x', dtype: 'float32', shape: ['B', 64] }],
    build(ctx, v) {
      const dropped = dropout(ctx, op.relu(v.x!), 0.5); // input computed inside the graph, like frozen features
      return { loss: op.reduceSum(layer.forward(ctx, dropped), [0, 1]) };
    },
  });
  const r = await program.run({ x: { dtype: 'float32', shape: [16, 64], data: new Float32Array(16 * 64).fill(1) } });
  // loss = Σ_b W·dropped_b, so dW[j] = Σ_b dropped[b, j]: 16 everywhere without dropout; with it, 2·(kept count).
  const dW = r.grads[program.trainable.indexOf(layer.weight)]!;
  const distinct = new Set(Array.from(dW));
  assert.ok(distinct.size > 3, `weight gradient ${[...distinct].join(', ')} shows no dropout`);
  assert.ok(
    Array.from(dW).every((v) => Number.isInteger(v / 2) && v >= 0 && v <= 32),
    'dW is 2·(kept count)',
  );
  await program.release();
});
