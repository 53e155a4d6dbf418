// bertcnn-export.json as the browser reads it: a real sidecar (exportManifest's output shape) passes; a foreign or
// damaged one fails naming the URL and the field, before any tokenizer or model file is fetched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../src/errors.ts';
import { parseManifest } from '../../src/web/manifest.ts';

const URL = 'http://bertcnn.test/x/bertcnn-export.json';
const good = {
  format: 'bertcnn-export',
  version: 1,
  model: 'model.onnx',
  precision: 'fp32',
  task: 'binary',
  labels: ['neg', 'pos'],
  thresholds: [0.6],
  inputs: [{ name: 'input_ids' }, { name: 'attention_mask' }, { name: 'token_type_ids' }],
  outputs: [{ name: 'logits' }, { name: 'probabilities' }],
  maxLength: 128,
  tokenizer: { kind: 'wordpiece', files: ['vocab.txt', 'tokenizer_config.json'] },
};

test('a sidecar as bertcnn export writes it is accepted as is', () => {
  assert.deepEqual(parseManifest(structuredClone(good), URL), good);
});

test('foreign or damaged sidecars fail naming the URL and the field', () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ format: 'onnx' }, /field "format" must be "bertcnn-export"/],
    [{ version: 2 }, /field "version" must be 1/],
    [{ model: '../secret.onnx' }, /field "model" must be a file name/],
    [{ task: 'ner' }, /field "task" must be binary \| multiclass \| multilabel/],
    [{ labels: [] }, /field "labels" must be a non-empty list of strings/],
    [{ thresholds: [0.5, 0.5] }, /field "thresholds" must be 1 number\(s\) in \(0, 1\) for a binary task/],
    [{ inputs: [{ name: 'pixel_values' }] }, /field "inputs" must be a list of \{"name"\}/],
    [{ maxLength: 0 }, /field "maxLength" must be an integer ≥ 1/],
    [{ tokenizer: { kind: 'bpe', files: [] } }, /field "tokenizer\.kind" must be wordpiece \| use-lite/],
    [
      { tokenizer: { kind: 'wordpiece', files: ['/etc/passwd'] } },
      /field "tokenizer\.files" must be a list of file names/,
    ],
  ];
  for (const [patch, message] of cases) {
    assert.throws(
      () => parseManifest({ ...good, ...patch }, URL),
      (e: Error) => e instanceof DataError && e.where === URL && message.test(e.message),
      JSON.stringify(patch),
    );
  }
  assert.throws(() => parseManifest([], URL), /expected a JSON object/);
});
