// The masking requirement for every token head: the same sentences padded to T = 16 and to T = 128
// (padding filled with loud values — or random ids for cnn-alone) give the same logits. For the Conv1D stack
// with BatchNorm this also holds in TRAIN mode: the batch statistics, hence the logits and the running-stat
// updates, do not change when padding is added.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Program } from '../../src/engine/program.ts';
import { Rng } from '../../src/engine/rng.ts';
import { float32, int64 } from '../../src/engine/tensor.ts';
import { makeHead, type Head, type HeadKind } from '../../src/heads/index.ts';
import { assertClose } from '../helpers/fixtures.ts';

const H = 12;
const LENGTHS = [7, 11, 2]; // a batch: odd, odd, shorter than some kernels

function batch(T: number, ids: boolean) {
  const B = LENGTHS.length;
  const x = new Float32Array(B * T * H);
  const tok = new BigInt64Array(B * T);
  const mask = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const real = t < LENGTHS[b]!;
      mask[b * T + t] = real ? 1 : 0;
      tok[b * T + t] = BigInt(real ? (b * 5 + t * 3) % 20 : 20 + ((t * 7) % 9));
      for (let h = 0; h < H; h++)
        x[(b * T + t) * H + h] = real ? Math.sin(b * 31 + t * 1.7 + h * 0.37) : 1000 * Math.cos(t * h + 1);
    }
  }
  const input = ids ? int64([B, T], tok) : float32([B, T, H], x);
  return { input, mask: float32([B, T], mask) };
}

async function logitsAt(head: Head, kind: HeadKind, T: number, training: boolean) {
  const ids = kind === 'cnn-alone';
  const program = await Program.compile({
    label: `${kind} padding invariance`,
    training,
    inputs: [
      ids
        ? { name: 'input', dtype: 'int64', shape: ['B', 'T'] }
        : { name: 'input', dtype: 'float32', shape: ['B', 'T', H] },
      { name: 'mask', dtype: 'float32', shape: ['B', 'T'] },
    ],
    build: (ctx, v) => ({ outputs: { logits: head.forward(ctx, v.input!, v.mask!) } }),
  });
  const r = await program.run(batch(T, ids));
  await program.release();
  return r.outputs.logits!.data as Float32Array;
}

const CASES: [string, HeadKind, Record<string, unknown>][] = [
  ['textcnn', 'textcnn', { inputDim: H, numClasses: 3 }],
  ['conv1d (same, BatchNorm)', 'conv1d', { inputDim: H, numClasses: 3, batchNorm: true, dropout: 0 }],
  [
    'conv1d (valid, 3 layers)',
    'conv1d',
    {
      inputDim: H,
      numClasses: 3,
      padding: 'valid',
      dropout: 0,
      layers: [
        { filters: 8, kernelSize: 3 },
        { filters: 8, kernelSize: 2 },
        { filters: 6, kernelSize: 2, pool: 1 },
      ],
    },
  ],
  ['projection', 'projection', { inputDim: H, numClasses: 3, projectionDim: 8, kernelSizes: [2, 3] }],
  ['cnn-alone', 'cnn-alone', { vocabSize: 30, embeddingDim: 10, numClasses: 3, kernelSizes: [2, 3] }],
];

for (const [label, kind, options] of CASES) {
  test(`${label}: same logits at T = 11, 16 and 128 (eval)`, async () => {
    const head = makeHead(kind, options as never, new Rng(7));
    assert.ok(head.minLength <= 16);
    const a = await logitsAt(head, kind, 16, false);
    const b = await logitsAt(head, kind, 128, false);
    assertClose(a, b, 1e-5, `${label} logits T=16 vs T=128`);
    const tight = await logitsAt(head, kind, 11, false); // T = the longest (odd) sentence: no padding for it
    assertClose(tight, b, 1e-5, `${label} logits T=11 vs T=128`);
  });
}

test('conv1d with BatchNorm in TRAIN mode: same logits and running stats at T = 16 and T = 128', async () => {
  const head = makeHead('conv1d', { inputDim: H, numClasses: 3, batchNorm: true, dropout: 0 }, new Rng(8));
  const stats = head.parameters().filter((p) => p.name.includes('running_'));
  assert.equal(stats.length, 4);
  const initial = stats.map((p) => p.data.slice());
  const run = async (T: number) => {
    stats.forEach((p, i) => p.data.set(initial[i]!));
    const logits = await logitsAt(head, 'conv1d', T, true);
    return { logits, after: stats.map((p) => p.data.slice()) };
  };
  const a = await run(16);
  const b = await run(128);
  assertClose(a.logits, b.logits, 1e-5, 'train-mode logits T=16 vs T=128');
  assertClose((await run(11)).logits, b.logits, 1e-5, 'train-mode logits T=11 vs T=128');
  a.after.forEach((s, i) => {
    assert.notDeepEqual(s, initial[i], `${stats[i]!.name} was updated`);
    assertClose(s, b.after[i]!, 1e-5, `${stats[i]!.name} T=16 vs T=128`);
  });
});
