// The trainable path: a head's own Program calls encoder.build() (fine-tuning). Gradients reach the encoder's
// unfrozen parameters only (embeddings + lower layer frozen), a toy task is learned end to end, and frozen
// feature sessions pick up the new weights after release().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as losses from '../../../src/engine/losses/index.ts';
import { AdamW } from '../../../src/engine/optim/adamw.ts';
import { Program } from '../../../src/engine/program.ts';
import { Rng } from '../../../src/engine/rng.ts';
import { int64 } from '../../../src/engine/tensor.ts';
import { generateBertCheckpoint } from '../../../src/encoders/bert/generate.ts';
import { loadBert } from '../../../src/encoders/bert/load.ts';
import { Linear } from '../../../src/nn/linear.ts';
import { tempDir } from '../helpers.ts';

test('fine-tuning through encoder.build: frozen params get no gradient, the toy task is learned', async () => {
  const dir = join(tempDir('trainable'), 'bert');
  await generateBertCheckpoint(dir, { layers: 2, hidden: 32, heads: 4, ffn: 64, maxPositions: 32, seed: 1 });
  const enc = await loadBert(dir, { threads: 1 });
  enc.freeze({ layers: 1 }); // embeddings + layer 0
  assert.deepEqual(
    [
      'embeddings.LayerNorm.weight',
      'encoder.layer.0.output.dense.bias',
      'encoder.layer.1.attention.self.query.weight',
      'pooler.dense.weight',
    ].map((n) => enc.depthOf(n)),
    [0, 1, 2, 3],
  );
  const head = new Linear('classifier', enc.pooledDim('cls'), 2, new Rng(1));
  const program = await Program.compile({
    label: 'toy fine-tune',
    inputs: [...enc.inputSpecs, { name: 'labels', dtype: 'int64', shape: ['B'] }],
    training: true,
    seed: 3,
    threads: 1,
    build(ctx, x) {
      const out = enc.build(ctx, x, { pooling: 'cls' });
      const logits = head.forward(ctx, out.pooled); // [B, 2]
      return { loss: losses.crossEntropy(logits, x.labels!), outputs: { logits } };
    },
  });
  const names = program.trainable.map((p) => p.name);
  assert.ok(names.includes('encoder.layer.1.output.dense.weight') && names.includes('classifier.weight'));
  assert.ok(
    !names.some((n) => n.startsWith('embeddings.') || n.startsWith('encoder.layer.0.')),
    'frozen params are not trained',
  );
  assert.ok(!names.some((n) => n.startsWith('pooler.')), "pooling 'cls' does not use the pooler");

  const texts = [
    'good great fun',
    'bad boring plot',
    'great good film',
    'worst bad acting',
    'fun best movie',
    'boring worst story',
  ];
  const labels = int64([6], [1, 0, 1, 0, 1, 0]);
  const feeds = { ...enc.feeds(enc.tokenize(texts)), labels };
  const before = await enc.extract(['good great fun'], { pooling: 'cls', outputs: 'pooled' });
  const opt = new AdamW(program.trainable, { lr: 3e-3, weightDecay: 0 });
  const lossAt: number[] = [];
  for (let step = 0; step < 40; step++) {
    const r = await program.run(feeds);
    lossAt.push(r.loss);
    opt.step(r.grads);
  }
  assert.ok(lossAt.at(-1)! < 0.1 * lossAt[0]!, `loss ${lossAt[0]} → ${lossAt.at(-1)}`);

  const stale = await enc.extract(['good great fun'], { pooling: 'cls', outputs: 'pooled' });
  assert.deepEqual(
    stale.pooled!.data,
    before.pooled!.data,
    'compiled frozen sessions keep the weights they were built with',
  );
  await enc.release();
  const fresh = await enc.extract(['good great fun'], { pooling: 'cls', outputs: 'pooled' });
  assert.notDeepEqual(fresh.pooled!.data, before.pooled!.data, 'after release() the new weights are used');
  await program.release();
  await enc.release();
});
