// The batch-rows embedding with lazy sparse Adadelta (row-table.ts + presets/kim2014/train.ts) trains exactly like
// a dense whole-table embedding (an ordinary Param updated by the engine's dense Adadelta, see
// test/presets/kim2014/train.test.ts):
// same table, conv and fc weights after 2 epochs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/rng.ts';
import { words } from '../../../src/tasks/kim/clean-str.ts';
import { trainKim } from '../../../src/presets/kim2014/train.ts';
import { KimCnn } from '../../../src/tasks/kim/model.ts';
import { kimPipeline, wordEncoder } from '../../../src/presets/kim2014/pipeline.ts';
import { kim2014TrainOptions } from '../../../src/presets/kim2014/recipe.ts';
import { buildTables } from '../../../src/tasks/kim/tables.ts';
import { buildWordVocab, kimLayout } from '../../../src/tasks/kim/vocab.ts';
import { tinySplits, tinyVectors } from './helpers.ts';

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

test('sparse batch-rows Adadelta equals dense whole-table Adadelta', async () => {
  const data = tinySplits(200, 4, 60);
  const vocab = buildWordVocab(data.train.texts.map(words));
  const vectors = tinyVectors(8);
  const task = { kind: 'multiclass' as const, labels: data.labels };
  const options = kim2014TrainOptions({ epochs: 2, seed: 3, evalBatchSize: 50 });
  const trained: KimCnn[] = [];
  for (const capacity of [vocab.words.length, 100]) {
    const tables = buildTables('multichannel', { kind: 'vectors', vectors }, vocab.words, 1);
    const model = new KimCnn(
      '',
      {
        vocabSize: tables.vocabSize,
        dim: tables.dim,
        numClasses: 2,
        channels: tables.channels,
        filters: 6,
        rowCapacity: capacity,
      },
      new Rng(5),
    );
    model.kimInit(new Rng(6), 30);
    model.cnn.fc.weight.data.set(new Rng(7).fillUniform(new Float32Array(model.cnn.fc.weight.data.length), -0.1, 0.1));
    const pipeline = kimPipeline(model, wordEncoder(vocab), kimLayout([3, 4, 5]));
    await trainKim(model, pipeline, task, { train: data.train, dev: data.test }, options);
    trained.push(model);
  }
  const [dense, sparse] = trained as [KimCnn, KimCnn];
  assert.ok(dense.channels[1]!.identity && !sparse.channels[1]!.identity);
  const moved = maxDiff(dense.channels[1]!.table, dense.channels[0]!.table);
  assert.ok(moved > 1e-3, `the tuned channel moved (${moved})`);
  assert.ok(maxDiff(dense.channels[1]!.table, sparse.channels[1]!.table) < 2e-5, 'tuned tables agree');
  assert.equal(maxDiff(dense.channels[0]!.table, sparse.channels[0]!.table), 0, 'static tables untouched');
  assert.ok(maxDiff(dense.cnn.fc.weight.data, sparse.cnn.fc.weight.data) < 2e-5, 'fc agrees');
  assert.ok(maxDiff(dense.cnn.convs[0]!.weight.data, sparse.cnn.convs[0]!.weight.data) < 2e-5, 'conv agrees');
});
