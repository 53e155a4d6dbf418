// LSTM (src/nn/lstm.ts): parity with torch.nn.LSTM run on packed sequences (test/fixtures/lstm.json — 2-layer
// uni- and bidirectional, x [3, 6, 5], lengths [6, 4, 1]: outputs, h_n, c_n, gradients of every weight and of
// x for loss = Σ out⊙R + Σ h_n⊙Rh + Σ c_n⊙Rc; fp32 tolerance 1e-5), a finite-difference gradient check of a tiny
// 2-layer BiLSTM on a padded batch with an empty row, padding invariance, dropout placement and shape errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradients } from '../../src/engine/autodiff.ts';
import { Graph, type Value } from '../../src/engine/graph.ts';
import * as op from '../../src/engine/ops/index.ts';
import type { Param } from '../../src/engine/param.ts';
import { type BuildContext, Program } from '../../src/engine/program.ts';
import { Rng } from '../../src/engine/rng.ts';
import { float32, type HostTensor } from '../../src/engine/tensor.ts';
import { GraphError } from '../../src/errors.ts';
import { LSTM } from '../../src/nn/lstm.ts';
import { assertClose, host, loadFixture, loadParams } from '../helpers/fixtures.ts';
import { gradcheck, randn } from '../helpers/gradcheck.ts';

const sumAll = (v: Value) => op.reduceSum(v, [...Array(v.rank).keys()]);

function maskOf(lengths: number[], T: number): HostTensor {
  const rows = lengths.map((n) => Array.from({ length: T }, (_, t) => (t < n ? 1 : 0)));
  return float32([lengths.length, T], rows.flat());
}

test('LSTM matches torch.nn.LSTM on packed sequences: outputs, final states, all gradients (uni + bi, 2 layers)', async () => {
  const f = loadFixture('lstm.json');
  const rng = new Rng(1);
  const models = [
    new LSTM('uni', 5, 4, rng, { numLayers: 2 }),
    new LSTM('bi', 5, 4, rng, { numLayers: 2, bidirectional: true }),
  ];
  const all = models.flatMap((m) => m.parameters());
  loadParams(f, all);
  for (const lstm of models) {
    const n = lstm.name;
    const D = lstm.directions;
    const program = await Program.compile({
      label: `lstm ${n}`,
      training: true,
      inputs: [
        { name: 'x', dtype: 'float32', shape: ['B', 6, 5] },
        { name: 'mask', dtype: 'float32', shape: ['B', 6] },
        { name: 'R', dtype: 'float32', shape: ['B', 6, D * 4] },
        { name: 'Rh', dtype: 'float32', shape: [2 * D, 'B', 4] },
        { name: 'Rc', dtype: 'float32', shape: [2 * D, 'B', 4] },
      ],
      build(ctx, v) {
        const { output, hN, cN } = lstm.forward(ctx, v.x!, v.mask);
        const loss = op.add(op.add(sumAll(op.mul(output, v.R!)), sumAll(op.mul(hN, v.Rh!))), sumAll(op.mul(cN, v.Rc!)));
        const [dx] = gradients(loss, [v.x!]);
        return { loss, outputs: { output, hN, cN, dx: dx! } };
      },
    });
    const feeds = { x: host(f, 'input.x'), mask: host(f, 'input.mask') } as Record<string, HostTensor>;
    for (const k of ['R', 'Rh', 'Rc']) feeds[k] = host(f, `input.${n}.${k}`);
    const r = await program.run(feeds);
    await program.release();
    const out = (k: string) => r.outputs[k]!.data as Float32Array;
    assert.deepEqual(r.outputs.output!.shape, [3, 6, D * 4]);
    assert.deepEqual(r.outputs.hN!.shape, [2 * D, 3, 4]);
    assertClose(out('output'), f.tensors[`output.${n}.out`]!.data, 1e-5, `${n} output`);
    assertClose(out('hN'), f.tensors[`output.${n}.h_n`]!.data, 1e-5, `${n} h_n`);
    assertClose(out('cN'), f.tensors[`output.${n}.c_n`]!.data, 1e-5, `${n} c_n`);
    assertClose(out('dx'), f.tensors[`grad.${n}.x`]!.data, 1e-5, `${n} grad x`);
    const m = feeds.mask!.data as Float32Array;
    const padded = out('dx').filter((_, i) => m[Math.floor(i / 5)] === 0);
    assert.ok(padded.length === 7 * 5 && padded.every((v) => v === 0), `${n}: padded steps get exactly 0 gradient`);
    assert.equal(program.trainable.length, 8 * D);
    const grad = (name: string) => f.tensors[`grad.${name}`]!.data;
    program.trainable.forEach((p, i) => assertClose(r.grads[i]!, grad(p.name), 1e-5, `grad ${p.name}`));
  }
});

test('parameter names and shapes follow torch.nn.LSTM', () => {
  const lstm = new LSTM('tagger.lstm', 7, 3, new Rng(2), { numLayers: 2, bidirectional: true });
  const shapes = lstm.parameters().map((p) => `${p.name.slice('tagger.lstm.'.length)} ${p.shape.join('x')}`);
  const layer = (l: number, sfx: string, inL: number) => [
    `weight_ih_l${l}${sfx} 12x${inL}`,
    `weight_hh_l${l}${sfx} 12x3`,
    `bias_ih_l${l}${sfx} 12`,
    `bias_hh_l${l}${sfx} 12`,
  ];
  assert.deepEqual(shapes, [
    ...layer(0, '', 7),
    ...layer(0, '_reverse', 7),
    ...layer(1, '', 6),
    ...layer(1, '_reverse', 6),
  ]);
  const bound = 1 / Math.sqrt(3);
  assert.ok(
    lstm.parameters().every((p) => p.data.every((w) => Math.abs(w) <= bound)),
    'init U(±1/√H)',
  );
  const noBias = new LSTM('x', 2, 2, new Rng(1), { bias: false }).parameters().map((p) => p.name);
  assert.deepEqual(noBias, ['x.weight_ih_l0', 'x.weight_hh_l0']);
});

/** A BuildContext over a bare graph whose parameters are the graph inputs named like them. */
function contextFor(g: Graph, params: Param[], values: Value[], training = false): BuildContext {
  return {
    g,
    training,
    param: (p) => values[params.indexOf(p)]!,
    update: () => undefined,
    seed: () => 5,
  };
}

test('finite-difference gradients of a 2-layer BiLSTM on a padded batch (with an empty row): x and every weight', async () => {
  const rng = new Rng(3);
  const lstm = new LSTM('g', 2, 2, rng, { numLayers: 2, bidirectional: true });
  const params = lstm.parameters();
  for (const p of params) p.data = rng.fillNormal(new Float32Array(p.data.length), 0.6); // away from saturation
  await gradcheck(
    [
      { name: 'x', value: randn(rng, [3, 3, 2]) },
      { name: 'mask', value: maskOf([3, 1, 0], 3), check: false },
      ...params.map((p) => ({ name: p.name, value: float32([...p.shape], p.data) })),
    ],
    (x, mask, ...ws) => {
      const { output, hN, cN } = lstm.forward(contextFor(x.graph, params, ws), x, mask);
      return op.concat([op.reshape(output, [-1]), op.reshape(hN, [-1]), op.reshape(cN, [-1])], 0);
    },
  );
});

/**
 * Runs `lstm` on x [B, T, I] (static shapes) and returns output, hN, cN. With `training`, the graph is a train
 * step (loss = Σ output, gradients for every weight), as the trainer compiles it.
 */
async function infer(lstm: LSTM, x: HostTensor, mask: HostTensor | null, training = false) {
  const program = await Program.compile({
    label: 'lstm infer',
    training,
    inputs: [
      { name: 'x', dtype: 'float32', shape: x.shape },
      ...(mask ? [{ name: 'mask', dtype: 'float32' as const, shape: mask.shape }] : []),
    ],
    build(ctx, v) {
      const { output, hN, cN } = lstm.forward(ctx, v.x!, v.mask);
      return { loss: training ? sumAll(output) : undefined, outputs: { output, hN, cN } };
    },
  });
  const r = await program.run(mask ? { x, mask } : { x });
  const dropouts = program.graph.nodes.filter((n) => n.op === 'Dropout').length;
  await program.release();
  const get = (k: string) => Array.from(r.outputs[k]!.data as Float32Array);
  return { output: get('output'), hN: get('hN'), cN: get('cN'), dropouts };
}

test('padding invariance: each row alone (unmasked, T = its length) equals its rows in a padded batch', async () => {
  const rng = new Rng(4);
  const [I, H, L, D] = [3, 5, 2, 2];
  const lstm = new LSTM('p', I, H, rng, { numLayers: L, bidirectional: true });
  const batches = [
    [6, 4, 1, 0],
    [1, 0],
  ];
  for (const lengths of batches) {
    const [B, T] = [lengths.length, Math.max(...lengths)];
    const x = randn(rng, [B, T, I]);
    const batch = await infer(lstm, x, maskOf(lengths, T));
    const xs = x.data as Float32Array;
    for (let b = 0; b < B; b++) {
      const n = lengths[b]!;
      const rowOut = batch.output.slice(b * T * D * H, (b + 1) * T * D * H);
      const stateOf = (s: number[]) =>
        Array.from({ length: L * D }, (_, k) => s.slice((k * B + b) * H, (k * B + b + 1) * H)).flat();
      assert.ok(
        rowOut.slice(n * D * H).every((v) => v === 0),
        `row ${b}: padded outputs are 0`,
      );
      if (n === 0) {
        const states = [...stateOf(batch.hN), ...stateOf(batch.cN)];
        assert.ok(
          states.every((v) => v === 0),
          'an empty row has zero final states',
        );
        continue;
      }
      const alone = await infer(lstm, float32([1, n, I], xs.slice(b * T * I, (b * T + n) * I)), null);
      assertClose(rowOut.slice(0, n * D * H), alone.output, 1e-6, `T ${T} row ${b} outputs`);
      assertClose(stateOf(batch.hN), alone.hN, 1e-6, `T ${T} row ${b} h_n`);
      assertClose(stateOf(batch.cN), alone.cN, 1e-6, `T ${T} row ${b} c_n`);
    }
  }
});

test('dropout sits between layers in training only', async () => {
  const rng = new Rng(5);
  const lstm = new LSTM('d', 3, 4, rng, { numLayers: 3, dropout: 0.5 });
  const x = randn(rng, [2, 4, 3]);
  const train = await infer(lstm, x, null, true);
  const evalRun = await infer(lstm, x, null, false);
  assert.equal(train.dropouts, 2);
  assert.equal(evalRun.dropouts, 0);
  assert.notDeepEqual(train.output, evalRun.output);
  assert.throws(() => new LSTM('d', 3, 4, rng, { dropout: 1 }), /dropout must be in \[0, 1\)/);
});

test('shape errors: symbolic T, wrong feature size, wrong mask', () => {
  const lstm = new LSTM('enc.lstm', 3, 4, new Rng(6));
  const build = (xShape: (number | string)[], maskShape?: (number | string)[]) => () => {
    const g = new Graph('t');
    const ctx = contextFor(g, [], []);
    const params = lstm.parameters();
    const values = params.map((p) => g.input(p.name, 'float32', p.shape));
    ctx.param = (p) => values[params.indexOf(p)]!;
    const mask = maskShape ? g.input('mask', 'float32', maskShape) : undefined;
    lstm.forward(ctx, g.input('x', 'float32', xShape), mask);
  };
  const fails = (re: RegExp) => (e: Error) => e instanceof GraphError && re.test(e.message);
  assert.throws(build(['B', 'T', 3]), fails(/in enc\.lstm.*sequence length must be static.*length bucket.*'T'/));
  assert.throws(build(['B', 5, 2]), fails(/x has 2 features, the layer expects 3/));
  assert.throws(build(['B', 5, 3], ['B', 4]), fails(/mask must be \[B, T\] = \[B, 5\]/));
  build(['B', 5, 3], ['B', 5])();
});
