// The Kim model: the unfold TextCNN computes exactly heads/textcnn.ts on Kim's padded layout; in the
// multichannel model the gradient reaches only the fine-tuned channel (the frozen one is no graph gradient at
// all and stays bit-identical through training); 'separate' channels double the conv input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Program } from '../../../src/engine/program.ts';
import { Rng } from '../../../src/engine/rng.ts';
import { targetSpec, targetTensor, taskLoss } from '../../../src/tasks/classification/task.ts';
import { words } from '../../../src/tasks/kim/clean-str.ts';
import { trainKim } from '../../../src/presets/kim2014/train.ts';
import { KimCnn } from '../../../src/tasks/kim/model.ts';
import { kimPipeline, wordEncoder } from '../../../src/presets/kim2014/pipeline.ts';
import { kim2014TrainOptions } from '../../../src/presets/kim2014/recipe.ts';
import { buildTables } from '../../../src/tasks/kim/tables.ts';
import type { TextCnn } from '../../../src/heads/textcnn.ts';
import type { UnfoldTextCnn } from '../../../src/tasks/kim/unfold-textcnn.ts';
import { buildWordVocab, kimLayout } from '../../../src/tasks/kim/vocab.ts';
import { tinySplits, tinyVectors } from './helpers.ts';

const data = tinySplits(120, 7, 40);
const vocab = buildWordVocab(data.train.texts.map(words));
const vectors = tinyVectors(8);
const task = { kind: 'multiclass' as const, labels: data.labels };

function model(
  variant: 'static' | 'multichannel',
  opts: { impl?: 'unfold' | 'conv1d'; combine?: 'shared' | 'separate'; capacity?: number } = {},
) {
  const t = buildTables(variant, { kind: 'vectors', vectors }, vocab.words, 1);
  const m = new KimCnn(
    '',
    {
      vocabSize: t.vocabSize,
      dim: t.dim,
      numClasses: 2,
      channels: t.channels,
      filters: 5,
      impl: opts.impl,
      combine: opts.combine,
      rowCapacity: opts.capacity,
    },
    new Rng(3),
  );
  return { m, p: kimPipeline(m, wordEncoder(vocab), kimLayout([3, 4, 5])) };
}

async function logits(p: ReturnType<typeof model>['p'], texts: string[]): Promise<Float32Array> {
  const prog = await Program.compile({
    label: 'logits',
    training: false,
    inputs: p.inputSpecs,
    build: (ctx, x) => ({ outputs: { y: p.build(ctx, x) } }),
  });
  try {
    return (await prog.run(await p.feeds(texts))).outputs.y!.data as Float32Array;
  } finally {
    await prog.release();
  }
}

test('unfold TextCNN = Conv1d TextCNN (heads/textcnn.ts) on the padded layout', async () => {
  const a = model('static', { impl: 'conv1d' });
  const b = model('static', { impl: 'unfold' });
  const conv = a.m.cnn as TextCnn;
  const unfold = b.m.cnn as UnfoldTextCnn;
  conv.convs.forEach((c, i) => {
    const [F, D, k] = c.weight.shape as [number, number, number];
    const w = unfold.convs[i]!.weight.data;
    for (let f = 0; f < F; f++)
      for (let d = 0; d < D; d++)
        for (let j = 0; j < k; j++) w[f * k * D + j * D + d] = c.weight.data[(f * D + d) * k + j]!;
    unfold.convs[i]!.bias!.data.set(c.bias!.data);
  });
  unfold.fc.weight.data.set(conv.fc.weight.data);
  unfold.fc.bias!.data.set(conv.fc.bias!.data);
  const texts = [...data.test.texts.slice(0, 7), 'good', 'w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 not bad'];
  const [ya, yb] = [await logits(a.p, texts), await logits(b.p, texts)];
  ya.forEach((x, i) => assert.ok(Math.abs(x - yb[i]!) < 1e-5, `logit ${i}: ${x} vs ${yb[i]}`));
  const one = await logits(b.p, [texts[7]!]);
  assert.ok(Math.abs(one[0]! - yb[14]!) < 1e-5 && Math.abs(one[1]! - yb[15]!) < 1e-5, 'batch padding changes nothing');
});

test('multichannel: the gradient flows only into the non-static channel', async () => {
  for (const capacity of [undefined, 100]) {
    const { m, p } = model('multichannel', { capacity });
    const [frozen, tuned] = m.channels as [(typeof m.channels)[0], (typeof m.channels)[0]];
    const prog = await Program.compile({
      label: 'grad',
      training: true,
      inputs: [...p.inputSpecs, targetSpec(task)],
      build: (ctx, x) => ({ loss: taskLoss(task, p.build(ctx, x), x.targets!) }),
    });
    try {
      m.cnn.fc.weight.data.fill(0.1);
      const feeds = await p.feeds(data.train.texts.slice(0, 8));
      feeds.targets = targetTensor(task, data.train.y.slice(0, 8) as number[]);
      const r = await prog.run(feeds);
      const names = prog.trainable.map((q) => q.name);
      assert.ok(names.includes(tuned.rows.name) && !names.includes(frozen.rows.name), names.join(', '));
      const g = r.grads[prog.trainable.indexOf(tuned.rows)]!;
      assert.ok(
        g.some((x) => x !== 0),
        'the tuned channel gets a gradient',
      );
      assert.ok(
        g.subarray(0, 8).every((x) => x === 0),
        'the padding row gets none',
      );
    } finally {
      await prog.release();
    }
    const before = Float32Array.from(frozen.table);
    const tunedBefore = Float32Array.from(tuned.table);
    await trainKim(m, p, task, { train: data.train }, kim2014TrainOptions({ epochs: 1, seed: 1 }));
    assert.deepEqual(frozen.table, before, 'static channel bit-identical');
    assert.notDeepEqual(tuned.table, tunedBefore, 'non-static channel trained');
  }
});

test("combine 'separate' feeds 2·D conv inputs; 'shared' (Kim's sum) D", () => {
  const shared = model('multichannel').m.cnn as UnfoldTextCnn;
  const separate = model('multichannel', { combine: 'separate' }).m.cnn as UnfoldTextCnn;
  assert.deepEqual([shared.inputDim, separate.inputDim], [8, 16]);
  assert.deepEqual(separate.convs[0]!.weight.shape, [5, 3 * 16]);
});

test('unfold TextCNN gradients = Conv1d TextCNN gradients (conv, bias, fc, tuned embedding), mixed lengths', async () => {
  const make = (impl: 'unfold' | 'conv1d') => {
    const t = buildTables('multichannel', { kind: 'vectors', vectors }, vocab.words, 1);
    const m = new KimCnn(
      '',
      { vocabSize: t.vocabSize, dim: t.dim, numClasses: 2, channels: t.channels, filters: 5, impl, dropout: 0 },
      new Rng(3),
    );
    m.kimInit(new Rng(4), 30);
    m.cnn.fc.weight.data.set(new Rng(5).fillUniform(new Float32Array(m.cnn.fc.weight.data.length), -0.5, 0.5));
    return m;
  };
  const [mu, mc] = [make('unfold'), make('conv1d')];
  const conv = mc.cnn as TextCnn;
  const unfold = mu.cnn as UnfoldTextCnn;
  const toUnfold = (w: Float32Array, [F, D, k]: [number, number, number]) => {
    const out = new Float32Array(w.length);
    for (let f = 0; f < F; f++)
      for (let d = 0; d < D; d++) for (let j = 0; j < k; j++) out[f * k * D + j * D + d] = w[(f * D + d) * k + j]!;
    return out;
  };
  conv.convs.forEach((c, i) => {
    c.bias!.data.set(new Rng(10 + i).fillUniform(new Float32Array(c.bias!.data.length), -0.05, 0.05));
    unfold.convs[i]!.weight.data.set(toUnfold(c.weight.data, c.weight.shape as [number, number, number]));
    unfold.convs[i]!.bias!.data.set(c.bias!.data);
  });
  const grads = async (m: KimCnn) => {
    const p = kimPipeline(m, wordEncoder(vocab), kimLayout([3, 4, 5]));
    const prog = await Program.compile({
      label: 'g',
      training: true,
      inputs: [...p.inputSpecs, targetSpec(task)],
      build: (ctx, x) => ({ loss: taskLoss(task, p.build(ctx, x), x.targets!) }),
    });
    try {
      const texts = [...data.train.texts.slice(0, 6), 'good', 'w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 not bad'];
      const feeds = await p.feeds(texts);
      feeds.targets = targetTensor(
        task,
        texts.map((_, i) => i % 2),
      );
      const r = await prog.run(feeds);
      return new Map(prog.trainable.map((q, i) => [q.name, r.grads[i]!]));
    } finally {
      await prog.release();
    }
  };
  const [gu, gc] = [await grads(mu), await grads(mc)];
  const close = (a: Float32Array, b: Float32Array, what: string) =>
    a.forEach((x, i) => assert.ok(Math.abs(x - b[i]!) < 1e-5, `${what}[${i}]: ${x} vs ${b[i]}`));
  conv.convs.forEach((c, i) => {
    const mapped = toUnfold(gc.get(c.weight.name)!, c.weight.shape as [number, number, number]);
    assert.ok(
      mapped.some((x) => x !== 0),
      `conv ${i} gets a gradient`,
    );
    close(gu.get(unfold.convs[i]!.weight.name)!, mapped, `conv ${i} weight`);
    close(gu.get(unfold.convs[i]!.bias!.name)!, gc.get(c.bias!.name)!, `conv ${i} bias`);
  });
  close(gu.get(unfold.fc.weight.name)!, gc.get(conv.fc.weight.name)!, 'fc weight');
  const tuned = gu.get(mu.channels[1]!.rows.name)!;
  assert.ok(
    tuned.some((x) => x !== 0),
    'the tuned embedding gets a gradient',
  );
  close(tuned, gc.get(mc.channels[1]!.rows.name)!, 'tuned embedding');
});
