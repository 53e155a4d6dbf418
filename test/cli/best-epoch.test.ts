// A fine-tuned run whose best epoch is not its last is scored, at the end of training, with the best epoch's whole
// model: the head from model.safetensors *and* the encoder from <run>/encoder/ (src/train/run-dir.ts
// loadBestWeights). Before, only the head was restored, so metrics.json scored the best head on the last epoch's
// encoder, a model that was never saved. The dev file has no entities, so dev F1 is 0 every epoch and the best
// epoch stays 1 (ties keep the earlier) while the encoder trains on for two more epochs; `bertcnn eval` on the saved
// run (a fresh load of the best model) must then reproduce metrics.json's test scores exactly. The same helper
// restores text classifiers (src/tasks/classification/job.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nerToy, writeConll } from '../helpers/ner-toy.ts';
import { cli, fixture } from './cli-helpers.ts';

test('fine-tuned NER run, best epoch 1 of 3: metrics.json test scores = eval of the saved best model', async () => {
  const f = await fixture('best-epoch', { train: 4, dev: 4 });
  writeConll(join(f.root, 'train.conll'), nerToy(120, 1));
  const noEntities = nerToy(200, 5).filter((s) => s.tags.every((t) => t === 'O'));
  assert.ok(noEntities.length >= 10);
  writeConll(join(f.root, 'dev.conll'), noEntities);
  writeConll(join(f.root, 'test.conll'), nerToy(30, 3));
  const out = join(f.root, 'run');
  const t = await cli([
    'train',
    '--task',
    'ner',
    '--train',
    join(f.root, 'train.conll'),
    '--dev',
    join(f.root, 'dev.conll'),
    '--test',
    join(f.root, 'test.conll'),
    '--encoder',
    f.model,
    '--mode',
    'finetune',
    '--head',
    'tagger-linear',
    '--epochs',
    '3',
    '--batch-size',
    '16',
    '--lr',
    '0.01',
    '--encoder-lr',
    '0.001',
    '--seed',
    '1',
    '--out',
    out,
    '--quiet',
  ]);
  assert.equal(t.code, 0, t.err);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as {
    best_epoch: number;
    test: Record<string, number>;
  };
  assert.equal(metrics.best_epoch, 1, 'dev F1 is constant, so the best epoch must stay the first');
  const e = await cli(['eval', out, '--data', join(f.root, 'test.conll'), '--json']);
  assert.equal(e.code, 0, e.err);
  const fresh = JSON.parse(e.out) as Record<string, number>;
  for (const k of ['f1', 'precision', 'recall', 'token_accuracy'])
    assert.equal(metrics.test[k], fresh[k], `test ${k}: metrics.json vs eval of the saved best model`);
});
