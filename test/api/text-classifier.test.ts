// The library's TextClassifier against the CLI: fit → predict → save → load gives identical probabilities; the
// saved folder is a run `bertcnn eval` scores with the same metrics; a CLI-trained run loads and predicts what
// `bertcnn predict` prints; callbacks fire once per epoch; evaluate() scores like metrics.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextClassifier, type FitProgress } from '../../src/index.ts';
import { sentimentToy } from '../helpers/sentiment-toy.ts';
import { cli, fixture, TINY_BUDGET, trainTiny } from '../cli/cli-helpers.ts';

const FAST = {
  epochs: 3,
  batchSize: 16,
  lr: 0.005,
  schedule: 'constant',
  seed: 1,
  headOptions: { filters: 8, dropout: 0.2 },
} as const;

test('fit (arrays) → predict → save → load: same probabilities; the saved run works with `bertcnn eval` and `predict`', async () => {
  const fx = await fixture('api-roundtrip');
  const train = sentimentToy(96, 1);
  const dev = sentimentToy(40, 2);
  const clf = new TextClassifier({ encoder: fx.model, ...FAST });
  const epochs: number[] = [];
  let steps = 0;
  const progress: FitProgress[] = [];
  const fitted = await clf.fit(train, {
    dev,
    callbacks: { onEpoch: (e) => epochs.push(e.epoch), onStep: () => steps++, onProgress: (p) => progress.push(p) },
  });
  const last = (stage: string) => progress.filter((p) => p.stage === stage).at(-1);
  assert.deepEqual(last('train'), { stage: 'train', done: 18, total: 18 }, 'train progress counts steps of all epochs');
  assert.equal(last('features')?.done, last('features')?.total, 'frozen features: progress to the end');
  assert.deepEqual(epochs, [1, 2, 3], 'onEpoch once per epoch, in order');
  assert.equal(steps, 3 * Math.ceil(96 / 16));
  assert.equal(fitted.history.length, 3);
  assert.ok(fitted.bestEpoch !== null && fitted.bestEpoch >= 1);
  assert.deepEqual(clf.labels, ['negative', 'positive']);

  const texts = ['the film was great', 'the plot is truly awful', 'i thought the cast was weak'];
  const before = await clf.predict(texts);
  assert.equal(before.length, 3);
  for (const p of before) {
    assert.ok(p.label === 'negative' || p.label === 'positive');
    assert.ok(Math.abs(p.probabilities.negative! + p.probabilities.positive! - 1) < 1e-5);
  }
  const metrics = await clf.evaluate(dev);
  assert.equal(metrics.records, 40);
  const devScores = fitted.metrics.dev as Record<string, number>;
  assert.equal(metrics.accuracy, devScores.accuracy, 'evaluate(dev) = metrics.json dev accuracy');

  const saved = join(fx.root, 'saved');
  await clf.save(saved);
  for (const f of ['config.json', 'labels.json', 'model.safetensors', 'metrics.json', 'log.jsonl', 'train.json'])
    assert.ok(existsSync(join(saved, f)), f);
  assert.ok(!existsSync(join(saved, 'checkpoint')), 'the resumable checkpoint stays behind');
  await assert.rejects(clf.save(saved), /already holds a run; pass \{ overwrite: true \}/);
  const working = fitted.runDir;
  await clf.close();
  assert.ok(!existsSync(working), 'close() removes the private working folder');

  const back = await TextClassifier.load(saved);
  assert.deepEqual(await back.predict(texts), before, 'identical probabilities after save/load');
  await back.close();

  // The saved folder is a CLI run: `bertcnn eval` scores it like evaluate(), `bertcnn predict` predicts the same.
  const ev = await cli(['eval', saved, '--data', fx.dev, '--json']);
  assert.equal(ev.code, 0, ev.err);
  const {
    run: _run,
    data: _data,
    skipped_unknown_label: _u,
    skipped_empty: _e,
    ...cliScores
  } = JSON.parse(ev.out) as Record<string, unknown>;
  const again = await TextClassifier.load(saved);
  const apiScores = await again.evaluate(fx.dev);
  assert.deepEqual(
    apiScores,
    cliScores,
    'evaluate(file) = `bertcnn eval --json` (records, scores, per class, confusion)',
  );
  const input = join(fx.root, 'texts.txt');
  writeFileSync(input, `${texts.join('\n')}\n`);
  const pr = await cli(['predict', saved, '--input', input, '--quiet']);
  assert.equal(pr.code, 0, pr.err);
  const cliPredictions = pr.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { text: string; label: string; probabilities: Record<string, number> });
  assert.deepEqual(
    cliPredictions.map(({ text: _t, ...p }) => p),
    await again.predict(texts),
  );
  await again.close();
});

test('a run trained by `bertcnn train` loads with TextClassifier.load and predicts what `bertcnn predict` prints', async () => {
  const fx = await fixture('api-cli-run', { train: 64, dev: 24 });
  const run = join(fx.root, 'cli-run');
  const tr = await trainTiny(fx, run);
  assert.equal(tr.code, 0, tr.err);
  const texts = sentimentToy(12, 9).map((r) => r.text);
  const input = join(fx.root, 'in.txt');
  writeFileSync(input, `${texts.join('\n')}\n`);
  const pr = await cli(['predict', run, '--input', input, '--quiet']);
  assert.equal(pr.code, 0, pr.err);
  const expected = pr.out
    .trim()
    .split('\n')
    .map((l) => {
      const { text: _t, ...p } = JSON.parse(l) as Record<string, unknown>;
      return p;
    });
  const clf = await TextClassifier.load(run);
  try {
    assert.deepEqual(await clf.predict(texts), expected);
    const s = clf.summary();
    assert.match(s, /Total params: [\d,]+/);
  } finally {
    await clf.close();
  }
  assert.ok(TINY_BUDGET.length > 0);
});

test('fit from files with fit({ out }) writes the run folder there, train.json usable as `bertcnn train --config`', async () => {
  const fx = await fixture('api-files', { train: 48, dev: 16 });
  const out = join(fx.root, 'api-run');
  const clf = new TextClassifier({ encoder: fx.model, ...FAST, epochs: 1 });
  const r = await clf.fit(fx.train, { dev: fx.dev, out });
  assert.equal(r.runDir, out);
  await clf.close();
  assert.ok(existsSync(join(out, 'model.safetensors')), 'fit({ out }) keeps its folder on close()');
  const settings = JSON.parse(readFileSync(join(out, 'train.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(settings.train, fx.train);
  assert.equal(settings.encoder, fx.model);
  const again = join(fx.root, 'cli-repeat');
  const tr = await cli(['train', '--config', join(out, 'train.json'), '--out', again, '--quiet']);
  assert.equal(tr.code, 0, tr.err);
  assert.deepEqual(
    JSON.parse(readFileSync(join(again, 'config.json'), 'utf8')).head,
    JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).head,
  );
  rmSync(again, { recursive: true, force: true });
});

test('bad options and data give errors naming the option, the record or the field', async () => {
  assert.throws(() => new TextClassifier({ batchSize: 0 }), /TextClassifier options\.batchSize: /);
  assert.throws(() => new TextClassifier({ head: 'lstm' as never }), /options\.head: /);
  assert.throws(() => new TextClassifier({ epoch: 3 } as never), /unknown option options\.epoch/);
  assert.throws(
    () => new TextClassifier({ headOptions: { filter: 8 } }),
    /options\.headOptions: head textcnn: invalid options/,
  );
  assert.throws(() => new TextClassifier({ freezeLayers: 1 }), /options\.freezeLayers applies to mode 'finetune' only/);
  assert.throws(() => new TextClassifier({ metric: 'f1' }), /options\.metric: unknown metric 'f1'/);
  const clf = new TextClassifier();
  await assert.rejects(
    clf.fit([{ text: 'fine', label: 'a' }, { text: 'x' } as never]),
    /train\[1\]\.label: expected a non-empty string/,
  );
  await assert.rejects(clf.fit([]), /train: no records/);
  await assert.rejects(
    clf.fit([{ text: 'fine', label: 'a' }], {
      dev: [
        { text: 'x', label: 'a' },
        { text: 'y', label: 'b' },
      ],
    }),
    /dev\[1\]: label "b" is not in the train records \(a\); pass unknownLabel: 'skip'/,
  );
  await assert.rejects(clf.predict(['x']), /predict: the classifier is not trained yet/);
  await assert.rejects(
    TextClassifier.load(join(mkdtempSync(join(tmpdir(), 'bertcnn-api-empty-')), 'nope')),
    /not a bertcnn run folder/,
  );
});
