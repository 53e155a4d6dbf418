// Kim TextCNN head against the PyTorch reference in test/fixtures/textcnn.json (eval mode, masked windows,
// mean cross-entropy): logits, loss, every parameter gradient and the gradient w.r.t. the input features.
// fp32 tolerance 1e-5 absolute (values are O(1)).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Program } from '../../src/engine/program.ts';
import { Rng } from '../../src/engine/rng.ts';
import { gradients } from '../../src/engine/autodiff.ts';
import { crossEntropy } from '../../src/engine/losses/index.ts';
import { TextCnn } from '../../src/heads/textcnn.ts';
import { assertClose, host, loadFixture, loadParams } from '../helpers/fixtures.ts';

test('TextCNN logits, loss and gradients match PyTorch', async () => {
  const f = loadFixture('textcnn.json');
  const head = new TextCnn('', { inputDim: 8, numClasses: 3, kernelSizes: [2, 3, 4], filters: 4 }, new Rng(0));
  loadParams(f, head.parameters());
  const program = await Program.compile({
    label: 'textcnn parity',
    training: true,
    inputs: [
      { name: 'x', dtype: 'float32', shape: ['B', 'T', 8] },
      { name: 'mask', dtype: 'float32', shape: ['B', 'T'] },
      { name: 'labels', dtype: 'int64', shape: ['B'] },
    ],
    build(ctx, x) {
      const logits = head.forward({ ...ctx, training: false }, x.x!, x.mask!);
      const loss = crossEntropy(logits, x.labels!);
      const [dx] = gradients(loss, [x.x!]);
      return { loss, outputs: { logits, dx: dx! } };
    },
  });
  const r = await program.run({ x: host(f, 'input.x'), mask: host(f, 'input.mask'), labels: host(f, 'input.labels') });
  assertClose(r.outputs.logits!.data as Float32Array, f.tensors['output.logits']!.data, 1e-5, 'logits');
  assertClose([r.loss], f.tensors['output.loss']!.data, 1e-5, 'loss');
  assertClose(r.outputs.dx!.data as Float32Array, f.tensors['grad.x']!.data, 1e-5, 'grad.x');
  assert.equal(program.trainable.length, 8);
  program.trainable.forEach((p, i) =>
    assertClose(r.grads[i]!, f.tensors[`grad.${p.name}`]!.data, 1e-5, `grad.${p.name}`),
  );
  await program.release();
});

test('TextCNN: the same sentence padded to 16 and to 128 gives the same logits', async () => {
  const rng = new Rng(3);
  const H = 12;
  const head = new TextCnn('head', { inputDim: H, numClasses: 2 }, rng);
  const program = await Program.compile({
    label: 'textcnn padding invariance',
    training: false,
    inputs: [
      { name: 'x', dtype: 'float32', shape: ['B', 'T', H] },
      { name: 'mask', dtype: 'float32', shape: ['B', 'T'] },
    ],
    build: (ctx, x) => ({ outputs: { logits: head.forward(ctx, x.x!, x.mask!) } }),
  });
  const len = 7;
  const run = async (T: number) => {
    const x = new Float32Array(T * H);
    for (let i = 0; i < x.length; i++) x[i] = i < len * H ? Math.sin(i * 0.37) : 1000 * Math.cos(i); // loud padding
    const mask = new Float32Array(T).map((_, t) => (t < len ? 1 : 0));
    const r = await program.run({
      x: { dtype: 'float32', shape: [1, T, H], data: x },
      mask: { dtype: 'float32', shape: [1, T], data: mask },
    });
    return r.outputs.logits!.data as Float32Array;
  };
  const a = await run(16);
  const b = await run(128);
  assertClose(a, b, 1e-6, 'logits at T=16 vs T=128');
  await program.release();
});
