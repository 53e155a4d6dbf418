// Heads against their PyTorch references (scripts/fixtures/torch_heads.py → test/fixtures/heads/*.json):
// logits, mean cross-entropy, gradients w.r.t. every parameter and the float inputs, eval mode; for the Conv1D
// stack with BatchNorm also one train-mode step (batch statistics over valid positions, running stats after).
// fp32 tolerance 1e-5 absolute (values are O(1)). Heads are built through the registry (makeHead).
import { test } from 'node:test';
import { Rng } from '../../src/engine/rng.ts';
import { makeHead } from '../../src/heads/index.ts';
import type { Conv1dStack } from '../../src/heads/conv1d-stack.ts';
import { assertClose, loadFixture, loadParams } from '../helpers/fixtures.ts';
import { checkHeadParity } from './parity-helpers.ts';

test('conv1d-stack (same convs, BatchNorm): eval parity, then a train step incl. running stats', async () => {
  const f = loadFixture('heads/conv1d_stack.json');
  const layers = [
    { filters: 5, kernelSize: 3 },
    { filters: 4, kernelSize: 2 },
  ];
  const head = makeHead(
    'conv1d',
    { inputDim: 6, numClasses: 3, layers, batchNorm: true, dropout: 0 },
    new Rng(0),
  ) as Conv1dStack;
  loadParams(f, head.parameters());
  await checkHeadParity(f, head, { inputs: ['x', 'mask'] });
  await checkHeadParity(f, head, { inputs: ['x', 'mask'], train: true });
  head.norms.forEach((bn, i) => {
    assertClose(
      bn.runningMean.data,
      f.tensors[`output.train.norms.${i}.running_mean`]!.data,
      1e-6,
      `norms.${i}.running_mean`,
    );
    assertClose(
      bn.runningVar.data,
      f.tensors[`output.train.norms.${i}.running_var`]!.data,
      1e-5,
      `norms.${i}.running_var`,
    );
  });
});

test("conv1d-stack ('valid' convs, tanh, pools 2 then 1): eval parity", async () => {
  const f = loadFixture('heads/conv1d_stack_valid.json');
  const layers = [
    { filters: 5, kernelSize: 3, pool: 2 },
    { filters: 4, kernelSize: 2, pool: 1 },
  ];
  const opts = {
    inputDim: 6,
    numClasses: 3,
    layers,
    padding: 'valid' as const,
    activation: 'tanh' as const,
    dropout: 0,
  };
  const head = makeHead('conv1d', opts, new Rng(0));
  loadParams(f, head.parameters());
  await checkHeadParity(f, head, { inputs: ['x', 'mask'] });
});

test('conv2d-sentence (BERTCNN2D, odd H): eval parity', async () => {
  const f = loadFixture('heads/conv2d_sentence.json');
  const head = makeHead('conv2d', { inputDim: 9, numClasses: 3, filters: 4, dropout: 0 }, new Rng(0));
  loadParams(f, head.parameters());
  await checkHeadParity(f, head, { inputs: ['v'] });
});

test('projection-cnn: eval parity', async () => {
  const f = loadFixture('heads/projection_cnn.json');
  const opts = { inputDim: 6, numClasses: 3, projectionDim: 5, filters: 3, kernelSizes: [2, 3], dropout: 0 };
  const head = makeHead('projection', opts, new Rng(0));
  loadParams(f, head.parameters());
  await checkHeadParity(f, head, { inputs: ['x', 'mask'] });
});

test('cls-linear: eval parity (Hugging Face parameter names)', async () => {
  const f = loadFixture('heads/cls_linear.json');
  const head = makeHead('linear', { inputDim: 6, numClasses: 3, dropout: 0 }, new Rng(0));
  loadParams(f, head.parameters());
  await checkHeadParity(f, head, { inputs: ['v'] });
});
