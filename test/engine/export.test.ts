// An exported model is self-contained: a fresh ONNX Runtime session fed only the data inputs reproduces the
// Program's outputs, and the output carries its public name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ort from 'onnxruntime-node';
import { exportOnnx } from '../../src/engine/export.ts';
import { Program } from '../../src/engine/program.ts';
import { Rng } from '../../src/engine/rng.ts';
import { TextCnn } from '../../src/heads/textcnn.ts';
import { assertClose } from '../helpers/fixtures.ts';
import { randn } from '../helpers/gradcheck.ts';

test('exported TextCNN runs standalone and matches the in-process program', async () => {
  const rng = new Rng(4);
  const head = new TextCnn('head', { inputDim: 6, numClasses: 3, filters: 5 }, rng);
  const inputs = [
    { name: 'features', dtype: 'float32' as const, shape: ['batch', 'time', 6] },
    { name: 'mask', dtype: 'float32' as const, shape: ['batch', 'time'] },
  ];
  const build = (ctx: Parameters<typeof head.forward>[0], x: Record<string, Parameters<typeof head.forward>[1]>) => ({
    logits: head.forward(ctx, x.features!, x.mask!),
  });
  const bytes = exportOnnx({ label: 'textcnn', inputs, build });
  const program = await Program.compile({
    label: 'textcnn',
    training: false,
    inputs,
    build: (ctx, x) => ({ outputs: build(ctx, x) }),
  });
  const features = randn(rng, [2, 9, 6]);
  const mask = {
    dtype: 'float32' as const,
    shape: [2, 9],
    data: Float32Array.from({ length: 18 }, (_, i) => (i % 9 < (i < 9 ? 9 : 4) ? 1 : 0)),
  };
  const expected = (await program.run({ features, mask })).outputs.logits!.data as Float32Array;

  const session = await ort.InferenceSession.create(bytes);
  assert.deepEqual(session.inputNames, ['features', 'mask']);
  assert.deepEqual(session.outputNames, ['logits']);
  const out = await session.run({
    features: new ort.Tensor('float32', features.data as Float32Array, features.shape),
    mask: new ort.Tensor('float32', mask.data, mask.shape),
  });
  assertClose(out.logits!.data as Float32Array, expected, 1e-6, 'exported logits');
  await program.release();
});
