// The kim2014 preset's training (presets/kim2014/train.ts, the one loop with Kim's recipe): on a CNN-static model
// it reproduces the project's classification trainer (src/tasks/classification/trainer.ts) step for step — same losses, same
// final parameters; an Evaluator kept across parameter updates gives a fresh evaluate()'s numbers; the engine's
// Adadelta without weight decay is Kim's update value for value; and best-epoch selection is Kim's `>=` (a dev tie
// moves the best epoch, and the test evaluation, to the later epoch), where the classification trainer keeps the
// earlier one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/rng.ts';
import { makeOptimizer } from '../../../src/engine/optim/index.ts';
import type { Param } from '../../../src/engine/param.ts';
import { evaluate, Evaluator } from '../../../src/tasks/classification/evaluate.ts';
import { train } from '../../../src/tasks/classification/trainer.ts';
import { words } from '../../../src/tasks/kim/clean-str.ts';
import { trainKim } from '../../../src/presets/kim2014/train.ts';
import { KimCnn } from '../../../src/tasks/kim/model.ts';
import { kimPipeline, wordEncoder } from '../../../src/presets/kim2014/pipeline.ts';
import { kim2014TrainOptions } from '../../../src/presets/kim2014/recipe.ts';
import { buildTables } from '../../../src/tasks/kim/tables.ts';
import { buildWordVocab, kimLayout } from '../../../src/tasks/kim/vocab.ts';
import { tinySplits, tinyVectors } from '../../tasks/kim/helpers.ts';

const data = tinySplits(150, 9, 60);
const vocab = buildWordVocab(data.train.texts.map(words));
const task = { kind: 'multiclass' as const, labels: data.labels };

function staticModel(capacity = vocab.words.length - 2) {
  const t = buildTables('static', { kind: 'vectors', vectors: tinyVectors(8) }, vocab.words, 1);
  const m = new KimCnn(
    '',
    { vocabSize: t.vocabSize, dim: t.dim, numClasses: 2, channels: t.channels, filters: 6, rowCapacity: capacity },
    new Rng(5),
  );
  m.kimInit(new Rng(6), 30);
  return { m, p: kimPipeline(m, wordEncoder(vocab), kimLayout([3, 4, 5])) };
}

test('CNN-static: the kim2014 preset (one loop, ties to the later epoch) = the classification trainer, step for step', async () => {
  const options = kim2014TrainOptions({ epochs: 3, seed: 4, evalBatchSize: 16 });
  const a = staticModel();
  const b = staticModel();
  const ra = await trainKim(a.m, a.p, task, { train: data.train, dev: data.test }, options);
  const rb = await train(b.p, task, { train: data.train, dev: data.test }, options);
  assert.deepEqual(
    ra.history.map((e) => [e.train_loss, e.dev]),
    rb.history.map((e) => [e.train_loss, e.dev]),
  );
  const pa = a.m.parameters();
  b.m.parameters().forEach((q, i) => assert.deepEqual(pa[i]!.data, q.data, q.name));
  const moved = a.m.cnn.fc.weight.data.some((x) => x !== 0);
  assert.ok(moved, 'the softmax layer trained');
});

test('an Evaluator kept across parameter updates scores like a fresh evaluate()', async () => {
  const { m, p } = staticModel();
  const ev = await Evaluator.create(p, task, 7);
  try {
    for (let round = 0; round < 2; round++) {
      const [kept, fresh] = [await ev.evaluate(data.test), await evaluate(p, task, data.test, 16)];
      assert.deepEqual(kept.decisions, fresh.decisions);
      assert.deepEqual(kept.scores, fresh.scores);
      kept.probabilities.forEach((x, i) => assert.ok(Math.abs(x - fresh.probabilities[i]!) < 1e-6));
      await trainKim(m, p, task, { train: data.train }, kim2014TrainOptions({ epochs: 1, seed: round }));
    }
  } finally {
    await ev.release();
  }
});

test("best epoch: Kim's >= (a dev tie moves the best epoch and its test evaluation to the later epoch)", async () => {
  const dev = { texts: data.test.texts.slice(0, 4), y: data.test.y.slice(0, 4) };
  const { m, p } = staticModel();
  const bests: number[] = [];
  const r = await trainKim(m, p, task, { train: data.train, dev }, kim2014TrainOptions({ epochs: 8, seed: 2 }), {
    async onBest(e, d, evaluate) {
      bests.push(e.epoch);
      assert.equal(d!.scores.summary.accuracy, e.dev!.accuracy);
      assert.equal(
        (await evaluate(dev)).scores.summary.accuracy,
        e.dev!.accuracy,
        'evaluate() uses the current parameters',
      );
    },
  });
  const acc = r.history.map((e) => e.dev!.accuracy!);
  const max = Math.max(...acc);
  assert.ok(acc.filter((x) => x === max).length >= 2, `the run has a tie at its best dev accuracy (${acc.join(' ')})`);
  assert.equal(r.bestEpoch, acc.lastIndexOf(max) + 1, 'ties go to the later epoch');
  let best = -1;
  const expected = acc.flatMap((x, i) => (x >= best ? ((best = x), [i + 1]) : []));
  assert.deepEqual(bests, expected, 'onBest at every epoch whose dev accuracy is ≥ the best so far');
});

test("the engine's Adadelta without weight decay is Kim's update, value for value (zero gradients included)", () => {
  const rng = new Rng(3);
  const w = rng.fillUniform(new Float32Array(280), -1, 1);
  const engine: Param[] = [{ name: 'w', shape: [40, 7], data: Float32Array.from(w), trainable: true }];
  const opt = makeOptimizer('adadelta', engine, { lr: 1, rho: 0.95, weightDecay: 0 });
  // Kim's update (conv_net_sentence.py's sgd_updates_adadelta), in float32 state as the engine keeps it.
  const [p, s, a] = [Float32Array.from(w), new Float32Array(280), new Float32Array(280)];
  for (let step = 0; step < 20; step++) {
    const g = rng.fillUniform(new Float32Array(280), -2, 2).map((x, i) => (step % 3 === 0 && i % 5 === 0 ? -0 : x));
    for (let i = 0; i < 280; i++) {
      const si = 0.95 * s[i]! + (1 - 0.95) * g[i]! * g[i]!;
      const d = Math.sqrt((a[i]! + 1e-6) / (si + 1e-6)) * g[i]!;
      s[i] = si;
      a[i] = 0.95 * a[i]! + (1 - 0.95) * d * d;
      p[i] = p[i]! - d;
    }
    opt.step([g]);
  }
  assert.deepEqual(engine[0]!.data, p);
});
