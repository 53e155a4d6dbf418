// Finite-difference checks of MatMul and Gemm gradients: 2-D, batched 3-D @ 2-D (the flattened-GEMM path of
// the rule), batched @ batched with batch broadcasting, and Gemm with every transA/transB pair, alpha/beta and
// a broadcast bias. Tolerance: the harness defaults (central differences, ε = 1e-2, atol 2e-3, rtol 2e-2);
// products are linear in each operand, so the only error is float32 rounding of the loss.
import { test } from 'node:test';
import * as op from '../../src/engine/ops/index.ts';
import { Rng } from '../../src/engine/rng.ts';
import { gradcheck, randn } from '../helpers/gradcheck.ts';

const rng = new Rng(11);

test('MatMul 2-D', async () => {
  const a = randn(rng, [3, 4]);
  const b = randn(rng, [4, 2]);
  await gradcheck(
    [
      { name: 'a', value: a },
      { name: 'b', value: b },
    ],
    (x, w) => op.matmul(x, w),
  );
});

test('MatMul batched 3-D @ 2-D (flattened GEMM for the weight gradient)', async () => {
  const a = randn(rng, [2, 3, 4]);
  const b = randn(rng, [4, 5]);
  await gradcheck(
    [
      { name: 'a', value: a },
      { name: 'b', value: b },
    ],
    (x, w) => op.matmul(x, w),
  );
  // Symbolic batch and time axes, as a model declares them.
  await gradcheck(
    [
      { name: 'a', value: randn(rng, [2, 3, 4]), shape: ['B', 'T', 4] },
      { name: 'b', value: randn(rng, [4, 5]) },
    ],
    (x, w) => op.matmul(x, w),
  );
  // A symbolic inner dim cannot be flattened statically: the rule falls back to the batched product.
  await gradcheck(
    [
      { name: 'a', value: randn(rng, [2, 3, 4]), shape: ['B', 'T', 'K'] },
      { name: 'b', value: randn(rng, [4, 5]), shape: ['K', 5] },
    ],
    (x, w) => op.matmul(x, w),
  );
});

test('MatMul batched @ batched with batch broadcasting: [2,1,3,4] @ [3,4,5]', async () => {
  const a = randn(rng, [2, 1, 3, 4]);
  const b = randn(rng, [3, 4, 5]);
  await gradcheck(
    [
      { name: 'a', value: a },
      { name: 'b', value: b },
    ],
    (x, w) => op.matmul(x, w),
  );
});

test('MatMul 2-D @ batched: [3,4] @ [2,4,5]', async () => {
  const a = randn(rng, [3, 4]);
  const b = randn(rng, [2, 4, 5]);
  await gradcheck(
    [
      { name: 'a', value: a },
      { name: 'b', value: b },
    ],
    (x, w) => op.matmul(x, w),
  );
});

test('Gemm: every transA/transB combination with alpha, beta and a full bias', async () => {
  const M = 3;
  const K = 4;
  const N = 2;
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      const a = randn(rng, transA ? [K, M] : [M, K]);
      const b = randn(rng, transB ? [N, K] : [K, N]);
      const c = randn(rng, [M, N]);
      await gradcheck(
        [
          { name: 'a', value: a },
          { name: 'b', value: b },
          { name: 'c', value: c },
        ],
        (x, w, bias) => op.gemm(x, w, bias, { transA, transB, alpha: 0.7, beta: 1.3 }),
      );
    }
  }
});

test('Gemm: bias broadcast ([N], [1,N], [M,1]) and no bias', async () => {
  const a = randn(rng, [3, 4]);
  const b = randn(rng, [2, 4]);
  for (const shape of [[2], [1, 2], [3, 1]]) {
    await gradcheck(
      [
        { name: 'a', value: a },
        { name: 'b', value: b },
        { name: 'c', value: randn(rng, shape) },
      ],
      (x, w, bias) => op.gemm(x, w, bias, { transB: true, beta: 0.5 }),
    );
  }
  await gradcheck(
    [
      { name: 'a', value: a },
      { name: 'b', value: b },
    ],
    (x, w) => op.gemm(x, w, null, { transB: true, alpha: 2 }),
  );
});
