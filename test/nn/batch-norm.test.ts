// BatchNorm1d: train step against torch.nn.BatchNorm1d (test/fixtures/heads/batch_norm.json — outputs, grads,
// running stats; a: x [B,C,T], b: x [B,C], c: masked, torch normalising the packed valid positions), eval mode,
// and a masked case against statistics computed here by hand. fp32 tolerance 1e-5 (values are O(1)).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Program } from '../../src/engine/program.ts';
import { gradients } from '../../src/engine/autodiff.ts';
import * as op from '../../src/engine/ops/index.ts';
import { float32, type HostTensor } from '../../src/engine/tensor.ts';
import { BatchNorm1d } from '../../src/nn/batch-norm.ts';
import { assertClose, host, loadFixture, loadParams } from '../helpers/fixtures.ts';

async function trainStep(bn: BatchNorm1d, feeds: Record<string, HostTensor>, masked: boolean) {
  const x = feeds.x!;
  const program = await Program.compile({
    label: `batchnorm ${bn.name}`,
    training: true,
    inputs: [
      { name: 'x', dtype: 'float32', shape: x.shape },
      { name: 'R', dtype: 'float32', shape: x.shape },
      ...(masked ? [{ name: 'mask', dtype: 'float32' as const, shape: feeds.mask!.shape }] : []),
    ],
    build(ctx, v) {
      const y = bn.forward(ctx, v.x!, v.mask);
      const loss = op.reduceSum(
        op.mul(y, v.R!),
        x.shape.map((_, i) => i),
      );
      const [dx] = gradients(loss, [v.x!]);
      return { loss, outputs: { y, dx: dx! } };
    },
  });
  const r = await program.run(feeds);
  await program.release();
  return { r, trainable: program.trainable };
}

test('BatchNorm1d train step matches torch: outputs, grads, running stats ([B,C,T], [B,C], masked)', async () => {
  const f = loadFixture('heads/batch_norm.json');
  const modules = new Map(['a', 'b', 'c'].map((n) => [n, new BatchNorm1d(n, 4)]));
  loadParams(
    f,
    [...modules.values()].flatMap((m) => m.parameters()),
  );
  for (const [name, bn] of modules) {
    const masked = name === 'c';
    const feeds: Record<string, HostTensor> = { x: host(f, `input.${name}.x`), R: host(f, `input.${name}.R`) };
    if (masked) feeds.mask = host(f, `input.${name}.mask`);
    const { r, trainable } = await trainStep(bn, feeds, masked);
    const y = r.outputs.y!.data as Float32Array;
    const want = f.tensors[`output.${name}.y`]!.data;
    if (masked) {
      // only valid positions are specified (torch's packed reference leaves padding at 0)
      const [, C, T] = feeds.x!.shape as [number, number, number];
      const m = feeds.mask!.data as Float32Array;
      const pick = (a: ArrayLike<number>) =>
        Array.from(a).filter((_, i) => m[Math.floor(i / (C * T)) * T + (i % T)] === 1);
      assertClose(pick(y), pick(want), 1e-5, `${name}.y (valid positions)`);
      assert.equal(pick(y).length, C * [6, 3, 1].reduce((s, n) => s + n, 0));
    } else {
      assertClose(y, want, 1e-5, `${name}.y`);
    }
    assertClose(r.outputs.dx!.data as Float32Array, f.tensors[`grad.${name}.x`]!.data, 1e-5, `${name} grad x`);
    assert.deepEqual(
      trainable.map((p) => p.name),
      [`${name}.weight`, `${name}.bias`],
    );
    trainable.forEach((p, i) => assertClose(r.grads[i]!, f.tensors[`grad.${p.name}`]!.data, 1e-5, `grad ${p.name}`));
    assertClose(bn.runningMean.data, f.tensors[`output.${name}.running_mean`]!.data, 1e-6, `${name}.running_mean`);
    assertClose(bn.runningVar.data, f.tensors[`output.${name}.running_var`]!.data, 1e-5, `${name}.running_var`);

    if (name === 'a') {
      const evalProgram = await Program.compile({
        label: 'batchnorm eval',
        training: false,
        inputs: [{ name: 'x', dtype: 'float32', shape: ['B', 4, 'T'] }],
        build: (ctx, v) => ({ outputs: { y: bn.forward(ctx, v.x!) } }),
      });
      const before = bn.runningMean.data.slice();
      const e = await evalProgram.run({ x: feeds.x! });
      assertClose(
        e.outputs.y!.data as Float32Array,
        f.tensors['output.a.eval_y']!.data,
        1e-5,
        'a eval y (running stats)',
      );
      assert.deepEqual(bn.runningMean.data, before, 'eval leaves running stats alone');
      await evalProgram.release();
    }
  }
});

/** Host reference: per-channel mean / biased var over valid positions of x [B, C, T]. */
function maskedStats(x: Float32Array, mask: Float32Array, B: number, C: number, T: number) {
  const mean = new Array<number>(C).fill(0);
  const vari = new Array<number>(C).fill(0);
  let n = 0;
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) n += mask[b * T + t]!;
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) if (mask[b * T + t]) s += x[(b * C + c) * T + t]!;
    mean[c] = s / n;
    let q = 0;
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++) if (mask[b * T + t]) q += (x[(b * C + c) * T + t]! - mean[c]!) ** 2;
    vari[c] = q / n;
  }
  return { mean, vari, n };
}

test('masked BatchNorm1d: statistics over valid positions only (hand-computed), loud padding has no effect', async () => {
  const B = 2;
  const C = 3;
  const lengths = [4, 2];
  const run = async (T: number) => {
    const bn = new BatchNorm1d('bn', C, { momentum: 0.25 });
    bn.runningMean.data.set([0.5, -0.5, 1]);
    bn.runningVar.data.set([2, 1, 0.5]);
    const x = new Float32Array(B * C * T);
    const mask = new Float32Array(B * T);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        mask[b * T + t] = t < lengths[b]! ? 1 : 0;
        for (let c = 0; c < C; c++)
          x[(b * C + c) * T + t] = t < lengths[b]! ? Math.sin(1 + b * 7 + c * 3 + t) * (c + 1) : 1e4 * (c - 1);
      }
    }
    const program = await Program.compile({
      label: 'masked bn',
      training: true,
      inputs: [
        { name: 'x', dtype: 'float32', shape: ['B', C, 'T'] },
        { name: 'mask', dtype: 'float32', shape: ['B', 'T'] },
      ],
      build: (ctx, v) => ({ outputs: { y: bn.forward(ctx, v.x!, v.mask!) } }),
    });
    const r = await program.run({ x: float32([B, C, T], x), mask: float32([B, T], mask) });
    await program.release();
    const y = r.outputs.y!.data as Float32Array;
    const valid: number[] = [];
    for (let b = 0; b < B; b++)
      for (let c = 0; c < C; c++) for (let t = 0; t < lengths[b]!; t++) valid.push(y[(b * C + c) * T + t]!);
    return { bn, x, mask, y, valid };
  };
  const short = await run(4);
  const { mean, vari, n } = maskedStats(short.x, short.mask, B, C, 4);
  assert.equal(n, 6);
  const expMean = [0.5, -0.5, 1].map((r, c) => 0.75 * r + 0.25 * mean[c]!);
  const expVar = [2, 1, 0.5].map((r, c) => 0.75 * r + 0.25 * vari[c]! * (n / (n - 1)));
  assertClose(short.bn.runningMean.data, expMean, 1e-6, 'running_mean');
  assertClose(short.bn.runningVar.data, expVar, 1e-5, 'running_var');
  const expY: number[] = [];
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < C; c++) {
      for (let t = 0; t < lengths[b]!; t++)
        expY.push((short.x[(b * C + c) * 4 + t]! - mean[c]!) / Math.sqrt(vari[c]! + 1e-5));
    }
  }
  assertClose(short.valid, expY, 1e-5, 'y at valid positions');
  const long = await run(11); // same sentences, 7 more padded positions of ±1e4
  assertClose(long.valid, short.valid, 1e-6, 'y, T=4 vs T=11');
  assertClose(long.bn.runningMean.data, short.bn.runningMean.data, 1e-6, 'running_mean, T=4 vs T=11');
  assertClose(long.bn.runningVar.data, short.bn.runningVar.data, 1e-6, 'running_var, T=4 vs T=11');
});

test('BatchNorm1d on [B, C] with a row mask ignores masked rows; running stats are non-trainable', async () => {
  const bn = new BatchNorm1d('bn', 2);
  assert.deepEqual(
    bn.parameters().map((p) => [p.name, p.trainable]),
    [
      ['bn.weight', true],
      ['bn.bias', true],
      ['bn.running_mean', false],
      ['bn.running_var', false],
    ],
  );
  const program = await Program.compile({
    label: 'bn rows',
    training: true,
    inputs: [
      { name: 'x', dtype: 'float32', shape: ['B', 2] },
      { name: 'mask', dtype: 'float32', shape: ['B'] },
    ],
    build: (ctx, v) => ({ outputs: { y: bn.forward(ctx, v.x!, v.mask!) } }),
  });
  const r = await program.run({ x: float32([3, 2], [1, 10, 3, 20, 999, -999]), mask: float32([3], [1, 1, 0]) });
  const y = Array.from(r.outputs.y!.data as Float32Array).slice(0, 4);
  const s0 = 1 / Math.sqrt(1 + 1e-5); // channel 0: mean 2, var 1
  const s1 = 5 / Math.sqrt(25 + 1e-5); // channel 1: mean 15, var 25
  assertClose(y, [-s0, -s1, s0, s1], 1e-5, 'y rows 0, 1');
  assertClose(bn.runningMean.data, [0.2, 1.5], 1e-6, 'running_mean');
  assertClose(bn.runningVar.data, [0.9 + 0.1 * 2, 0.9 + 0.1 * 50], 1e-5, 'running_var (unbiased, n = 2)');
  await program.release();
});
