// The Kim trainer (kim-train.ts): on a CNN-static model it reproduces the project trainer (src/train/trainer.ts)
// step for step — same losses, same final parameters — and its evaluator gives train/evaluate.ts's numbers; its
// dense Adadelta is the engine's value for value; and best-epoch selection is Kim's `>=` (a dev tie moves the
// best epoch, and the test evaluation, to the later epoch), where the project trainer keeps the earlier one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/rng.ts';
import { makeOptimizer } from '../../../src/engine/optim/index.ts';
import type { Param } from '../../../src/engine/param.ts';
import { evaluate } from '../../../src/train/evaluate.ts';
import { train } from '../../../src/train/trainer.ts';
import { DenseAdadelta } from '../../../src/tasks/kim/adadelta.ts';
import { words } from '../../../src/tasks/kim/clean-str.ts';
import { KimEvaluator } from '../../../src/tasks/kim/evaluator.ts';
import { kimTrain } from '../../../src/tasks/kim/kim-train.ts';
import { KimCnn } from '../../../src/tasks/kim/model.ts';
import { kimPipeline, wordEncoder } from '../../../src/tasks/kim/pipeline.ts';
import { kim2014TrainOptions } from '../../../src/tasks/kim/preset.ts';
import { buildTables } from '../../../src/tasks/kim/tables.ts';
import { buildWordVocab, kimLayout } from '../../../src/tasks/kim/vocab.ts';
import { tinySplits, tinyVectors } from './helpers.ts';

const data = tinySplits(150, 9, 60);
const vocab = buildWordVocab(data.train.texts.map(words));
const task = { kind: 'multiclass' as const, labels: data.labels };

function staticModel(capacity = vocab.words.length - 2) {
  const t = buildTables('static', { kind: 'vectors', vectors: tinyVectors(8) }, vocab.words, 1);
  const m = new KimCnn('', { vocabSize: t.vocabSize, dim: t.dim, numClasses: 2, channels: t.channels, filters: 6, rowCapacity: capacity }, new Rng(5));
  m.kimInit(new Rng(6), 30);
  return { m, p: kimPipeline(m, wordEncoder(vocab), kimLayout([3, 4, 5])) };
}

test('CNN-static: the Kim trainer = the project trainer, step for step', async () => {
  const options = kim2014TrainOptions({ epochs: 3, seed: 4, evalBatchSize: 16 });
  const a = staticModel();
  const b = staticModel();
  const ra = await kimTrain(a.m, a.p, task, { train: data.train, dev: data.test }, options);
  const rb = await train(b.p, task, { train: data.train, dev: data.test }, options);
  assert.deepEqual(
    ra.history.map((e) => [e.train_loss, e.dev]),
    rb.history.map((e) => [e.train_loss, e.dev]),
  );
  const pa = a.m.parameters();
  b.m.parameters().forEach((q, i) => assert.deepEqual(pa[i]!.data, q.data, q.name));
  const moved = a.m.cnn.fc.weight.data.some((x) => x !== 0);
  assert.ok(moved, 'the softmax layer trained');
  const ev = await KimEvaluator.create(a.p, task, 7);
  try {
    const [mine, theirs] = [await ev.evaluate(data.test), await evaluate(a.p, task, data.test, 16)];
    assert.deepEqual(mine.decisions, theirs.decisions);
    assert.deepEqual(mine.scores, theirs.scores);
    mine.probabilities.forEach((x, i) => assert.ok(Math.abs(x - theirs.probabilities[i]!) < 1e-6));
  } finally {
    await ev.release();
  }
});

test("best epoch: Kim's >= (a dev tie moves the best epoch and its test evaluation to the later epoch)", async () => {
  const dev = { texts: data.test.texts.slice(0, 4), y: data.test.y.slice(0, 4) };
  const { m, p } = staticModel();
  const bests: number[] = [];
  const r = await kimTrain(m, p, task, { train: data.train, dev }, kim2014TrainOptions({ epochs: 8, seed: 2 }), {
    async onBest(e, d, evaluate) {
      bests.push(e.epoch);
      assert.equal(d!.scores.summary.accuracy, e.dev!.accuracy);
      assert.equal((await evaluate(dev)).scores.summary.accuracy, e.dev!.accuracy, 'evaluate() uses the current parameters');
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

test("dense Adadelta = the engine's Adadelta, value for value", () => {
  const rng = new Rng(3);
  const mk = (): Param[] => [{ name: 'w', shape: [40, 7], data: rng.fillUniform(new Float32Array(280), -1, 1), trainable: true }, { name: 'b', shape: [7], data: new Float32Array(7), trainable: true }];
  const a = mk();
  const b = a.map((p) => ({ ...p, data: Float32Array.from(p.data) }));
  const mine = new DenseAdadelta(a, 0.95, 1e-6, 1);
  const engine = makeOptimizer('adadelta', b, { lr: 1, rho: 0.95, weightDecay: 0 });
  for (let s = 0; s < 20; s++) {
    const grads = a.map((p) => rng.fillUniform(new Float32Array(p.data.length), -2, 2).map((x, i) => (s % 3 === 0 && i % 5 === 0 ? 0 : x)));
    mine.step(grads);
    engine.step(grads);
  }
  a.forEach((p, i) => assert.deepEqual(p.data, b[i]!.data, p.name));
});
