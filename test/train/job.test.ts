// End to end on a generated tiny BERT checkpoint and a templated sentiment corpus: frozen TextCNN, fine-tuned
// linear head, resume after an interruption, and the run folder's contents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../src/encoders/bert/generate.ts';
import { runTrainingJob, type TrainJob } from '../../src/train/job.ts';
import { assembleClassifier } from '../../src/train/classifier.ts';
import { evaluate } from '../../src/train/evaluate.ts';
import { readRunConfig } from '../../src/train/run-dir.ts';
import { readJobData } from '../../src/train/data.ts';
import { readSafetensors } from '../../src/io/safetensors.ts';
import { sentimentToy, writeTsv } from '../helpers/sentiment-toy.ts';

const root = mkdtempSync(join(tmpdir(), 'bertcnn-job-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));

async function setup() {
  const model = join(root, 'tiny-bert');
  if (!existsSync(model)) await generateBertCheckpoint(model, { vocab: 'bert-base-uncased', layers: 2, hidden: 32, heads: 2, ffn: 64, seed: 3 });
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
  for (const f of ['config.json', 'labels.json', 'model.safetensors', 'metrics.json', 'log.jsonl', 'checkpoint/state.json']) {
    assert.ok(existsSync(join(out, f)), `missing ${f}`);
  }
  const log = readFileSync(join(out, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string });
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

test('an interrupted run resumes and ends with exactly the weights of an uninterrupted one', async () => {
  const model = await setup();
  const job = (out: string): TrainJob => ({
    out,
    trainFile: join(root, 'train.tsv'),
    devFile: join(root, 'dev.tsv'),
    mode: 'frozen',
    encoder: { ref: model },
    head: { kind: 'textcnn', options: { filters: 8, dropout: 0 } },
    options: { epochs: 3, batchSize: 16, lr: 3e-3, seed: 4, schedule: 'linear', warmupRatio: 0.2 },
  });
  await runTrainingJob(job(join(root, 'straight')), { onWarning: () => {} });
  let steps = 0;
  const first = await runTrainingJob(job(join(root, 'resumed')), { onWarning: () => {}, onStep: () => steps++, shouldStop: () => steps >= 13 });
  assert.equal(first.result.interrupted, true);
  const second = await runTrainingJob({ ...job(join(root, 'resumed')), resume: true }, { onWarning: () => {} });
  assert.equal(second.result.interrupted, false);
  assert.equal(second.result.history.length, 3);
  const a = (await readSafetensors(join(root, 'straight', 'checkpoint', 'params.safetensors'))).tensors;
  const b = (await readSafetensors(join(root, 'resumed', 'checkpoint', 'params.safetensors'))).tensors;
  for (const [k, t] of Object.entries(a)) assert.deepEqual(b[k]!.data, t.data, k);
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
  for (const f of ['encoder/config.json', 'encoder/vocab.txt', 'encoder/model.safetensors']) assert.ok(existsSync(join(out, f)), f);
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
  await runTrainingJob(job(join(root, 'cached-1')), { onWarning: () => {}, onFeatures: (_d, total) => (firstTotal = total) }, { cacheDir });
  let secondTotal = -1;
  await runTrainingJob(job(join(root, 'cached-2')), { onWarning: () => {}, onFeatures: (_d, total) => (secondTotal = total) }, { cacheDir });
  assert.ok(firstTotal > 0, 'first run embedded texts');
  assert.equal(secondTotal, 0, 'second run embedded nothing');
});
