// Kim's recipe learns: runKim (kim2014 preset, fewer epochs) on the tiny order-sensitive task reaches high test
// accuracy with static vectors, random vectors (sparse Adadelta path), and a BERT word-embedding matrix with
// the char-cnn OOV policy (generated checkpoint).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateBertCheckpoint } from '../../../src/encoders/bert/generate.ts';
import { readBertWordEmbeddings } from '../../../src/encoders/static/bert-init.ts';
import { runKim } from '../../../src/presets/kim2014/experiment.ts';
import { tempDir } from '../../encoders/helpers.ts';
import { tinySplits, tinyVectors } from '../../tasks/kim/helpers.ts';

const data = tinySplits(400, 11, 200);

test('CNN-non-static on static vectors learns the tiny task', async () => {
  const r = await runKim(data, {
    variant: 'non-static',
    source: { kind: 'vectors', vectors: tinyVectors(16) },
    seed: 1,
    train: { epochs: 6 },
  });
  assert.ok(r.test_accuracy >= 0.9, `test accuracy ${r.test_accuracy}`);
  assert.ok(r.best_epoch >= 1 && r.epochs === 6);
  assert.equal(r.init.random_rows, 100 + 1, 'w0…w99 and "quite" have no vector');
});

test('CNN-rand learns it too', async () => {
  const r = await runKim(data, { variant: 'rand', source: { kind: 'random' }, seed: 2, train: { epochs: 3 } });
  assert.ok(r.test_accuracy >= 0.9, `test accuracy ${r.test_accuracy}`);
});

test('TextCNN from a BERT word-embedding matrix (word level, char-cnn OOV) learns it', async () => {
  const dir = tempDir('kim-bert');
  await generateBertCheckpoint(dir, { layers: 1, hidden: 16, heads: 2, vocab: 'bert-base-uncased', std: 0.5 });
  const bert = await readBertWordEmbeddings(dir);
  const r = await runKim(data, {
    variant: 'non-static',
    source: { kind: 'bert', bert, level: 'word', oov: 'char-cnn' },
    seed: 3,
    train: { epochs: 4 },
  });
  assert.ok(r.test_accuracy >= 0.9, `test accuracy ${r.test_accuracy}`);
  assert.equal(r.init.oov_policy, 'char-cnn');
});
