// maskedMaxPool1d: padded inputs never win (even against negative real values) and get zero gradient; a pooled
// position is valid iff any input is; ceil mode keeps an odd sentence's last position, floor mode drops it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as op from '../../src/engine/ops/index.ts';
import { float32 } from '../../src/engine/tensor.ts';
import { maskedMaxPool1d, maxPool1d } from '../../src/nn/max-pool.ts';
import { runGraph } from '../helpers/run-graph.ts';

// x [1, 2, 7]: channel 0 is negative everywhere; real length 3; padding holds large values that must not win.
const x = float32([1, 2, 7], [-5, -1, -3, 100, 100, 100, 100, 2, 4, 6, 50, 50, 50, 50]);
const mask = float32([1, 7], [1, 1, 1, 0, 0, 0, 0]);

test('masked MaxPool1d(2): padding is −∞, pooled mask = any valid input, invalid outputs are 0 (ceil mode)', async () => {
  const y = await runGraph(
    [
      { name: 'x', value: x },
      { name: 'mask', value: mask },
    ],
    (v, m) => maskedMaxPool1d(v, m, 2).y,
    ['x'],
  );
  assert.deepEqual(y.yShape, [1, 2, 4]);
  assert.deepEqual(y.y, [-1, -3, 0, 0, 4, 6, 0, 0]); // window [−3, pad] → −3: the pad never wins
  // gradient of Σy: one real input per valid window, nothing to padding
  assert.deepEqual(y.grads[0], [0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
  const m = await runGraph(
    [
      { name: 'x', value: x },
      { name: 'mask', value: mask },
    ],
    (v, mm) => maskedMaxPool1d(v, mm, 2).mask,
  );
  assert.deepEqual(m.y, [1, 1, 0, 0]);
});

test('ceil vs floor mode: T = 3 = length keeps the last token only in ceil mode', async () => {
  const x3 = float32([1, 1, 3], [1, 2, 9]);
  const m3 = float32([1, 3], [1, 1, 1]);
  const ceil = await runGraph(
    [
      { name: 'x', value: x3 },
      { name: 'm', value: m3 },
    ],
    (v, m) => maskedMaxPool1d(v, m, 2).y,
  );
  const floor = await runGraph(
    [
      { name: 'x', value: x3 },
      { name: 'm', value: m3 },
    ],
    (v, m) => maskedMaxPool1d(v, m, 2, { ceil: false }).y,
  );
  assert.deepEqual(ceil.y, [2, 9]);
  assert.deepEqual(floor.y, [2]);
  const plain = await runGraph([{ name: 'x', value: x3 }], (v) => maxPool1d(v, 2));
  assert.deepEqual(plain.y, [2, 9]);
});

test('kernel 1 is the identity', async () => {
  const r = await runGraph(
    [
      { name: 'x', value: x },
      { name: 'mask', value: mask },
    ],
    (v, m) => op.identity(maskedMaxPool1d(v, m, 1).y),
  );
  assert.deepEqual(r.y, Array.from(x.data as Float32Array));
});
