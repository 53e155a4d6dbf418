// NER jobs share the classification loop's resumable state: a tagging run interrupted mid-epoch resumes from its
// checkpoint (tag set and scheme read back from config.json) and ends with exactly the weights of an uninterrupted
// run — with the tagger's default dropout (0.3) on, and one training Program per padded length (the CRF needs a
// static T), each continuing its own dropout masks. Also: --dev-split holds out part of the training file as dev.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../../src/encoders/bert/generate.ts';
import { readSafetensors } from '../../../src/io/safetensors.ts';
import { readTaggingData } from '../../../src/tasks/ner/data.ts';
import { runTaggingJob, type TaggingJob } from '../../../src/tasks/ner/job.ts';
import { nerToy, writeConll } from '../../helpers/ner-toy.ts';

const root = mkdtempSync(join(tmpdir(), 'bertcnn-ner-resume-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));

test('with dropout on (the default), an interrupted NER run resumes to the bit-identical weights of an uninterrupted one', async () => {
  const model = join(root, 'tiny-bert');
  await generateBertCheckpoint(model, {
    vocab: 'bert-base-uncased',
    layers: 1,
    hidden: 16,
    heads: 2,
    ffn: 32,
    seed: 5,
  });
  writeConll(join(root, 'train.conll'), nerToy(60, 1), 'IOB1');
  writeConll(join(root, 'dev.conll'), nerToy(20, 2));
  const job = (out: string, resume = false): TaggingJob => ({
    out: join(root, out),
    trainFile: join(root, 'train.conll'),
    devFile: join(root, 'dev.conll'),
    mode: 'frozen',
    encoder: { ref: model },
    head: { kind: 'tagger-cnn', options: { filters: 8, crf: true } },
    options: { epochs: 3, batchSize: 16, lr: 3e-3, seed: 4, warmupRatio: 0.2 },
    resume,
  });
  const quiet = { onWarning: () => {} };
  const straight = await runTaggingJob(job('straight'), quiet);
  // 60 sentences in batches of 16: 4 steps per epoch; stop before step 7 (mid-epoch 2).
  let steps = 0;
  const first = await runTaggingJob(job('resumed'), { ...quiet, onStep: () => steps++, shouldStop: () => steps >= 6 });
  assert.equal(first.result.interrupted, true);
  const second = await runTaggingJob(job('resumed', true), quiet);
  assert.equal(second.result.interrupted, false);
  assert.equal(second.config.task.scheme, 'IOB1');
  assert.equal(second.result.history.length, 3);
  assert.equal(second.result.bestEpoch, straight.result.bestEpoch);
  // The last parameters (checkpoint/) and the best epoch's (model.safetensors), every tensor bit for bit.
  for (const file of [join('checkpoint', 'params.safetensors'), 'model.safetensors']) {
    const a = (await readSafetensors(join(root, 'straight', file))).tensors;
    const b = (await readSafetensors(join(root, 'resumed', file))).tensors;
    assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
    for (const k of Object.keys(a)) assert.deepEqual(b[k]!.data, a[k]!.data, `${file} ${k}`);
  }
});

test('--dev-split holds out a seeded fraction of the training sentences', async () => {
  writeConll(join(root, 'all.conll'), nerToy(40, 7));
  const d = await readTaggingData({ train: join(root, 'all.conll'), devFraction: 0.25, seed: 1 });
  assert.deepEqual([d.train.words.length, d.dev!.words.length], [30, 10]);
  assert.match(d.summaries[1]!.file, /all\.conll \(25% held out as dev\)/);
  const again = await readTaggingData({ train: join(root, 'all.conll'), devFraction: 0.25, seed: 1 });
  assert.deepEqual(again.dev!.words, d.dev!.words);
});
