// A Kim run folder (presets/kim2014/run-folder.ts) written from a fit and read back rebuilds the model exactly:
// predictions on the test texts equal the training evaluator's (≤ 1e-5) for the BERT-matrix sources — word level with the char-CNN
// OOV policy (the CharVocab is rebuilt from vocab.json) and WordPiece level (the tokenizer is copied into the run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../../src/encoders/bert/generate.ts';
import { readBertWordEmbeddings } from '../../../src/encoders/static/bert-init.ts';
import { predict } from '../../../src/tasks/classification/evaluate.ts';
import { fitKim } from '../../../src/presets/kim2014/fit.ts';
import { loadKimRun, saveKimRun } from '../../../src/presets/kim2014/run-folder.ts';
import { isKimRun, type KimRunConfig } from '../../../src/tasks/kim/kim-run-config.ts';
import { tinySplits } from '../../tasks/kim/helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'bertcnn-kim-run-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const data = tinySplits(80, 5, 30);

async function roundTrip(name: string, level: 'word' | 'wordpiece', oov: 'char-cnn' | 'unk') {
  const bertDir = join(root, 'bert');
  if (!existsSync(bertDir))
    await generateBertCheckpoint(bertDir, {
      vocab: 'bert-base-uncased',
      layers: 1,
      hidden: 16,
      heads: 2,
      ffn: 32,
      seed: 3,
    });
  const bert = await readBertWordEmbeddings(bertDir);
  const fit = await fitKim(data, {
    variant: 'non-static',
    source: { kind: 'bert', bert, level, oov },
    seed: 2,
    train: { epochs: 2 },
  });
  const dir = join(root, name);
  const config: KimRunConfig = {
    format: 'bertcnn-kim-run',
    version: 1,
    preset: 'kim2014',
    variant: 'non-static',
    level,
    source: { kind: 'bert', description: 'tiny', path: bertDir },
    vector_scale: 'kim',
    combine: 'shared',
    clean_str: 'default',
    seed: 2,
    epochs: 2,
    vocab_size: fit.tables.vocabSize,
    dim: fit.tables.dim,
    num_classes: 2,
    channels: [{ trainable: true }],
    kernel_sizes: [3, 4, 5],
    filters: 100,
    dropout: 0.5,
    char_cnn: fit.chars ? { num_chars: fit.chars.size, length: fit.chars.length } : null,
    eval_batch_size: fit.evalBatchSize,
    init: fit.result.init,
    data: {},
    created: 'now',
  };
  await saveKimRun(dir, fit, config, { labels: data.labels, multiLabel: false }, bertDir);
  assert.ok(isKimRun(dir));
  const run = await loadKimRun(dir);
  const p = await predict(run.pipeline, run.task, data.test.texts.map(run.clean), run.config.eval_batch_size);
  const want = fit.test!.probabilities;
  assert.equal(p.probabilities.length, want.length);
  let worst = 0;
  want.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - p.probabilities[i]!))));
  assert.ok(worst <= 1e-5, `max |Δp| ${worst}`);
  assert.ok(Math.max(...want) - Math.min(...want) > 1e-4, 'the probabilities differ between texts');
  return { dir, run };
}

test('word level, char-CNN OOV policy: the reloaded run predicts what training measured', async () => {
  const { run } = await roundTrip('char-cnn', 'word', 'char-cnn');
  assert.ok(run.model.charCnn, 'the char CNN is rebuilt');
  assert.equal(run.dropped(['zzzunseen movie']), 1);
});

test('WordPiece level: the tokenizer travels with the run', async () => {
  const { dir, run } = await roundTrip('wordpiece', 'wordpiece', 'unk');
  assert.ok(existsSync(join(dir, 'tokenizer', 'vocab.txt')));
  assert.equal(run.dropped(['zzzunseen movie']), 0);
});
