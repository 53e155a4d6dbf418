// Missing/unexpected key reports and the base-model prefix rule (bert., distilbert.), plus legacy gamma/beta names,
// printed the way Hugging Face transformers prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basePrefixFor, formatKeyReport, matchKeys, reportKeys } from '../../src/io/keys.ts';

const base = ['embeddings.word_embeddings.weight', 'encoder.layer.0.output.dense.weight', 'pooler.dense.weight'];
const bert = (ks: string[]) => ks.map((k) => `bert.${k}`);

test('identical names: nothing missing or unexpected', () => {
  assert.deepEqual(reportKeys(base, [...base].reverse()), { missing: [], unexpected: [] });
});

test('plain set difference without a base prefix', () => {
  assert.deepEqual(reportKeys(['a', 'b'], ['b', 'c']), { missing: ['a'], unexpected: ['c'] });
});

test('BertModel from a BertForPreTraining checkpoint: strip bert., head keys unexpected', () => {
  const found = [...bert(base), 'cls.predictions.bias', 'cls.seq_relationship.weight'];
  const m = matchKeys(base, found, 'bert');
  assert.deepEqual(m.missing, []);
  assert.deepEqual(m.unexpected, ['cls.predictions.bias', 'cls.seq_relationship.weight']);
  assert.equal(m.map.get('pooler.dense.weight'), 'bert.pooler.dense.weight');
});

test('BertForSequenceClassification from a BertModel checkpoint: add bert., classifier missing', () => {
  const expected = [...bert(base), 'classifier.weight', 'classifier.bias'];
  const m = matchKeys(expected, base, 'bert');
  assert.deepEqual(m.missing, ['classifier.weight', 'classifier.bias']);
  assert.deepEqual(m.unexpected, []);
  assert.equal(m.map.get('bert.embeddings.word_embeddings.weight'), 'embeddings.word_embeddings.weight');
});

test('both sides prefixed (or neither): compared as they are; the prefix comes from config.model_type', () => {
  assert.equal(basePrefixFor({ model_type: 'distilbert' }), 'distilbert');
  assert.equal(basePrefixFor({}), undefined);
  const expected = ['distilbert.transformer.layer.0.ffn.lin1.weight', 'pre_classifier.weight'];
  const found = ['distilbert.transformer.layer.0.ffn.lin1.weight', 'vocab_projector.bias'];
  assert.deepEqual(reportKeys(expected, found, 'distilbert'), {
    missing: ['pre_classifier.weight'],
    unexpected: ['vocab_projector.bias'],
  });
  // DistilBertModel from a DistilBertForMaskedLM checkpoint.
  assert.deepEqual(reportKeys(['transformer.layer.0.ffn.lin1.weight'], found, 'distilbert'), {
    missing: [],
    unexpected: ['vocab_projector.bias'],
  });
});

test('legacy LayerNorm.gamma/beta map to weight/bias; modern names win when both exist', () => {
  const expected = ['bert.embeddings.LayerNorm.weight', 'bert.embeddings.LayerNorm.bias'];
  const m = matchKeys(expected, ['bert.embeddings.LayerNorm.gamma', 'bert.embeddings.LayerNorm.beta'], 'bert');
  assert.deepEqual(m.missing, []);
  assert.equal(m.map.get('bert.embeddings.LayerNorm.weight'), 'bert.embeddings.LayerNorm.gamma');
  const both = matchKeys(['x.LayerNorm.weight'], ['x.LayerNorm.gamma', 'x.LayerNorm.weight']);
  assert.equal(both.map.get('x.LayerNorm.weight'), 'x.LayerNorm.weight');
  assert.deepEqual(both.unexpected, ['x.LayerNorm.gamma']);
});

test('messages match Hugging Face wording', () => {
  const msgs = formatKeyReport(
    { missing: ['classifier.weight', 'classifier.bias'], unexpected: ['cls.predictions.bias'] },
    'BertForSequenceClassification',
    'bert-base-uncased',
  );
  assert.equal(msgs.length, 2);
  assert.equal(
    msgs[0]!.split('\n')[0],
    "Some weights of the model checkpoint at bert-base-uncased were not used when initializing BertForSequenceClassification: ['cls.predictions.bias']",
  );
  assert.match(
    msgs[0]!,
    /\n- This IS expected if you are initializing BertForSequenceClassification from the checkpoint of a model trained on another task/,
  );
  assert.equal(
    msgs[1],
    "Some weights of BertForSequenceClassification were not initialized from the model checkpoint at bert-base-uncased and are newly initialized: ['classifier.weight', 'classifier.bias']\n" +
      'You should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.',
  );
  assert.deepEqual(formatKeyReport({ missing: [], unexpected: [] }, 'BertModel', 'x'), []);
  const shape = formatKeyReport(
    {
      missing: [],
      unexpected: [],
      mismatched: [{ key: 'classifier.weight', checkpointShape: [3, 768], modelShape: [2, 768] }],
    },
    'BertForSequenceClassification',
    'ckpt',
  );
  assert.match(
    shape[0]!,
    /because the shapes did not match:\n- classifier\.weight: found shape torch\.Size\(\[3, 768\]\) in the checkpoint and torch\.Size\(\[2, 768\]\) in the model instantiated\nYou should probably TRAIN/,
  );
});
