// TextClassifier in fine-tune mode on a tiny random BERT: the run keeps the fine-tuned encoder in encoder/; save()
// copies it, load() predicts the same probabilities, `bertcnn predict` agrees; with freezeLayers the summary of the
// saved run shows the embeddings and the lowest layer frozen, the rest trainable (train.json records the setting).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextClassifier } from '../../src/index.ts';
import { sentimentToy } from '../helpers/sentiment-toy.ts';
import { cli, fixture } from '../cli/cli-helpers.ts';

test('fine-tune fit → save (encoder/) → load and `bertcnn predict` agree; summary shows the frozen layers', async () => {
  const fx = await fixture('api-finetune', { train: 16, dev: 8 });
  const clf = new TextClassifier({
    encoder: fx.model,
    mode: 'finetune',
    head: 'linear',
    freezeLayers: 1,
    epochs: 2,
    batchSize: 16,
    lr: 0.01,
    encoderLr: 1e-3,
  });
  const r = await clf.fit(sentimentToy(48, 1), { dev: sentimentToy(16, 2) });
  assert.equal(r.history.length, 2);
  const texts = ['the story was brilliant', 'the script felt tedious'];
  const before = await clf.predict(texts);
  const saved = join(fx.root, 'ft-saved');
  await clf.save(saved);
  await clf.close();
  assert.ok(existsSync(join(saved, 'encoder', 'model.safetensors')), 'the fine-tuned encoder is saved');
  assert.ok(existsSync(join(saved, 'encoder', 'vocab.txt')));

  const back = await TextClassifier.load(saved);
  try {
    assert.deepEqual(await back.predict(texts), before);
    const rows = back.summaryRows({ expandEncoder: true }).rows;
    const status = Object.fromEntries(rows.map((row) => [row.layer, row.status]));
    assert.equal(status.embeddings, 'frozen');
    assert.equal(status['encoder.layer.0'], 'frozen');
    assert.equal(status['encoder.layer.1'], 'trainable');
    assert.equal(status.classifier, 'trainable');
  } finally {
    await back.close();
  }
  const input = join(fx.root, 'in.txt');
  writeFileSync(input, `${texts.join('\n')}\n`);
  const p = await cli(['predict', saved, '--input', input, '--quiet']);
  assert.equal(p.code, 0, p.err);
  assert.deepEqual(
    p.out
      .trim()
      .split('\n')
      .map((l) => {
        const { text: _t, ...rest } = JSON.parse(l) as Record<string, unknown>;
        return rest;
      }),
    before,
  );
});
