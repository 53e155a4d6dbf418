// Finite-difference checks of element-wise gradients, including broadcasting both ways.
import { test } from 'node:test';
import type { Value } from '../../src/engine/graph.ts';
import * as op from '../../src/engine/ops/index.ts';
import { Rng } from '../../src/engine/rng.ts';
import { float32 } from '../../src/engine/tensor.ts';
import { gradcheck, randn } from '../helpers/gradcheck.ts';

const rng = new Rng(1);

test('Add/Sub/Mul/Div with broadcasting', async () => {
  const a = randn(rng, [2, 3, 4]);
  const b = randn(rng, [3, 1]);
  const pos = float32([4], [1.5, 2, -1.7, 3]);
  await gradcheck(
    [
      { name: 'a', value: a },
      { name: 'b', value: b },
    ],
    (x, y) => op.add(x, y),
  );
  await gradcheck(
    [
      { name: 'a', value: a },
      { name: 'b', value: b },
    ],
    (x, y) => op.sub(y, x),
  );
  await gradcheck(
    [
      { name: 'a', value: a },
      { name: 'b', value: b },
    ],
    (x, y) => op.mul(x, y),
  );
  await gradcheck(
    [
      { name: 'a', value: a },
      { name: 'p', value: pos },
    ],
    (x, y) => op.div(x, y),
  );
});

test('unary ops', async () => {
  const x = float32([2, 3], [0.3, -0.8, 1.2, -1.5, 0.7, 2.1]);
  for (const f of [op.tanh, op.sigmoid, op.erf, op.exp, op.neg, op.relu, op.gelu, (v: Value) => op.leakyRelu(v, 0.1)]) {
    await gradcheck([{ name: 'x', value: x }], f);
  }
  const p = float32([3], [0.5, 1.5, 2.5]);
  await gradcheck([{ name: 'p', value: p }], op.log);
  await gradcheck([{ name: 'p', value: p }], op.sqrt);
  await gradcheck([{ name: 'p', value: p }], (v) => op.pow(v, 3));
  await gradcheck([{ name: 'x', value: x }], op.abs);
});

test('Where routes the gradient by the mask, with broadcasting', async () => {
  const a = randn(rng, [2, 4]);
  const b = randn(rng, [4]);
  await gradcheck(
    [
      { name: 'a', value: a },
      { name: 'b', value: b },
    ],
    (x, y) => op.where(op.greater(x, 0), x, y),
  );
});
