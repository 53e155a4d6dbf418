// End to end on a generated tiny BERT checkpoint and a templated sentiment corpus: frozen TextCNN, fine-tuned
// linear head, resume after an interruption, and the run folder's contents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../../src/encoders/bert/generate.ts';
import { runTrainingJob, type TrainJob } from '../../../src/tasks/classification/job.ts';
import { assembleClassifier } from '../../../src/tasks/classification/classifier.ts';
import { evaluate } from '../../../src/tasks/classification/evaluate.ts';
import { readRunConfig } from '../../../src/train/run-dir.ts';
import { readJobData } from '../../../src/tasks/classification/data.ts';
import { readSafetensors } from '../../../src/io/safetensors.ts';
import { sentimentToy, writeTsv } from '../../helpers/sentiment-toy.ts';

const root = mkdtempSync(join(tmpdir(), 'bertcnn-job-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));

async function setup() {
  const model = join(root, 'tiny-bert');
  if (!existsSync(model))
    await generateBertCheckpoint(model, {
      vocab: 'bert-base-uncased',
      layers: 2,
      hidden: 32,
      heads: 2,
      ffn: 64,
      seed: 3,
    });
  writeTsv(join(root, 'train.tsv'), sentimentToy(160, 1));
  writeTsv(join(root, 'dev.tsv'), sentimentToy(60, 2));
  return model;
}

test('frozen TextCNN on a tiny random BERT learns the toy sentiment task; the run folder is complete', async () => {
  const model = await setup();
  const out = join(root, 'run-frozen');
  const epochs: number[] = [];
  const r = await runTrainingJob(
    {
      out,
      trainFile: join(root, 'train.tsv'),
      devFile: join(root, 'dev.tsv'),
      mode: 'frozen',
      encoder: { ref: model },
      head: { kind: 'textcnn', options: { filters: 32, dropout: 0.2 } },
      options: { epochs: 10, batchSize: 16, lr: 5e-3, seed: 1, schedule: 'constant' },
    },
    { onEpoch: (e) => epochs.push(e.train_loss), onWarning: () => {} },
  );
  assert.equal(r.config.task.kind, 'binary');
  const dev = r.metrics.dev as Record<string, number>;
  assert.ok(dev.accuracy! >= 0.9, `dev accuracy ${dev.accuracy}`);
  assert.ok(epochs.at(-1)! < epochs[0]!, `loss ${epochs[0]} → ${epochs.at(-1)}`);
  for (const f of [
    'config.json',
    'labels.json',
    'model.safetensors',
    'metrics.json',
    'log.jsonl',
    'checkpoint/state.json',
  ]) {
    assert.ok(existsSync(join(out, f)), `missing ${f}`);
  }
  const log = readFileSync(join(out, 'log.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string });
  assert.equal(log.filter((l) => l.type === 'epoch').length, 10);
});

test('a saved run reloads for evaluation with the same dev scores', async () => {
  const out = join(root, 'run-frozen');
  const cfg = await readRunConfig(out);
  const clf = await assembleClassifier(cfg, { runDir: out, onWarning: () => {} });
  const data = await readJobData({ train: join(root, 'train.tsv'), dev: join(root, 'dev.tsv') });
  await clf.source!.prepare(data.dev!.texts);
  const ev = await evaluate(clf.pipeline, clf.task, data.dev!, 64);
  const saved = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { dev: { accuracy: number } };
  assert.equal(ev.scores.summary.accuracy, saved.dev.accuracy);
  await clf.release();
});

test('with dropout on (the head default 0.5), a run interrupted mid-epoch and at an epoch end resumes to bit-identical weights', async () => {
  const model = await setup();
  const job = (out: string, resume = false): TrainJob => ({
    out,
    trainFile: join(root, 'train.tsv'),
    devFile: join(root, 'dev.tsv'),
    mode: 'frozen',
    encoder: { ref: model },
    head: { kind: 'textcnn', options: { filters: 8 } },
    options: { epochs: 3, batchSize: 16, lr: 3e-3, seed: 4, schedule: 'linear', warmupRatio: 0.2 },
    resume,
  });
  const straight = await runTrainingJob(job(join(root, 'straight')), { onWarning: () => {} });
  assert.equal(
    (await readRunConfig(join(root, 'straight'))).head.options.dropout,
    undefined,
    'TextCNN default dropout (0.5)',
  );
  // 160 texts in batches of 16: 10 steps per epoch. Stop before step 14 (mid-epoch 2), then before step 21
  // (the checkpoint written at the end of epoch 2, what a kill -9 during epoch 3 resumes from).
  let steps = 0;
  const stopAt = (n: number) => ({ onWarning: () => {}, onStep: () => steps++, shouldStop: () => steps >= n });
  const first = await runTrainingJob(job(join(root, 'resumed')), stopAt(13));
  assert.equal(first.result.interrupted, true);
  const state = () =>
    JSON.parse(readFileSync(join(root, 'resumed', 'checkpoint', 'state.json'), 'utf8')) as {
      epoch: number;
      stepInEpoch: number;
    };
  assert.deepEqual([state().epoch, state().stepInEpoch], [1, 3]);
  const second = await runTrainingJob(job(join(root, 'resumed'), true), stopAt(20));
  assert.equal(second.result.interrupted, true);
  assert.deepEqual([state().epoch, state().stepInEpoch], [2, 0]);
  const third = await runTrainingJob(job(join(root, 'resumed'), true), { onWarning: () => {} });
  assert.equal(third.result.interrupted, false);
  assert.equal(third.result.history.length, 3);
  assert.equal(third.result.bestEpoch, straight.result.bestEpoch);
  assert.deepEqual(third.metrics.dev, straight.metrics.dev);
  for (const file of [join('checkpoint', 'params.safetensors'), 'model.safetensors']) {
    const a = (await readSafetensors(join(root, 'straight', file))).tensors;
    const b = (await readSafetensors(join(root, 'resumed', file))).tensors;
    assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
    for (const [k, t] of Object.entries(a)) assert.deepEqual(b[k]!.data, t.data, `${file} ${k}`);
  }
});

test('fine-tune mode trains encoder and TextCNN together and saves the encoder in HF layout', async () => {
  const model = await setup();
  const out = join(root, 'run-finetune');
  const r = await runTrainingJob(
    {
      out,
      trainFile: join(root, 'train.tsv'),
      devFile: join(root, 'dev.tsv'),
      mode: 'finetune',
      encoder: { ref: model, maxLength: 32 },
      head: { kind: 'textcnn', options: { filters: 16, dropout: 0.1 } },
      options: { epochs: 4, batchSize: 16, lr: 5e-3, encoderLr: 1e-3, seed: 2, schedule: 'constant' },
    },
    { onWarning: () => {} },
  );
  const acc = (r.metrics.dev as { accuracy: number }).accuracy;
  assert.ok(acc >= 0.8, `dev accuracy ${acc}`);
  for (const f of ['encoder/config.json', 'encoder/vocab.txt', 'encoder/model.safetensors'])
    assert.ok(existsSync(join(out, f)), f);
  const base = (await readSafetensors(join(model, 'model.safetensors'))).tensors;
  const tuned = (await readSafetensors(join(out, 'encoder', 'model.safetensors'))).tensors;
  const name = 'encoder.layer.1.output.dense.weight';
  assert.notDeepEqual(tuned[name]!.data, base[name]!.data, 'encoder weights changed');
});

test('frozen mode with a feature cache: the second run reuses every cached feature', async () => {
  const model = await setup();
  const cacheDir = join(root, 'cache');
  const job = (out: string): TrainJob => ({
    out,
    trainFile: join(root, 'train.tsv'),
    devFile: join(root, 'dev.tsv'),
    mode: 'frozen',
    encoder: { ref: model },
    head: { kind: 'textcnn', options: { filters: 8 } },
    options: { epochs: 1, batchSize: 16, seed: 1 },
  });
  let firstTotal = -1;
  await runTrainingJob(
    job(join(root, 'cached-1')),
    { onWarning: () => {}, onFeatures: (_d, total) => (firstTotal = total) },
    { cacheDir },
  );
  let secondTotal = -1;
  await runTrainingJob(
    job(join(root, 'cached-2')),
    { onWarning: () => {}, onFeatures: (_d, total) => (secondTotal = total) },
    { cacheDir },
  );
  assert.ok(firstTotal > 0, 'first run embedded texts');
  assert.equal(secondTotal, 0, 'second run embedded nothing');
});
