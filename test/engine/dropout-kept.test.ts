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
      const dropped = dropout(ctx, v.x!, 0.5);
      return { loss: op.reduceSum(layer.forward(ctx, dropped), [0, 1]), outputs: { dropped } };
    },
  });
  const r = await program.run({ x: { dtype: 'float32', shape: [16, 64], data: new Float32Array(16 * 64).fill(1) } });
  const y = r.outputs.dropped!.data as Float32Array;
  const zeros = y.filter((v) => v === 0).length;
  assert.ok(zeros > 0.35 * y.length && zeros < 0.65 * y.length, `${zeros} of ${y.length} dropped`);
  assert.ok(y.every((v) => v === 0 || Math.abs(v - 2) < 1e-6), 'kept values are scaled by 1/(1−p)');
  await program.release();
});
