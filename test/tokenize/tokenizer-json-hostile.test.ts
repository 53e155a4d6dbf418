// Regression tests for what fuzzing tokenizer.json found (test/fuzz/targets/tokenize.ts, target tokenizer-json):
// ids that are not integers ≥ 0, a null vocab, a malformed post_processor (a TypeError inside encode() before) and
// a model_max_length that leaves no room for the special tokens are refused at load with a DataError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../src/errors.ts';
import { buildBertTokenizerJson } from '../../src/tokenize/tokenizer-json.ts';
import { WordPieceTokenizer } from '../../src/tokenize/wordpiece.ts';

const base = buildBertTokenizerJson(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'a']);
const where = 'm/tokenizer.json';
const load = (json: unknown, config?: Record<string, unknown>) =>
  WordPieceTokenizer.fromTokenizerJson(json, { where, config });
const refused = (f: () => unknown, re: RegExp) =>
  assert.throws(f, (e: Error) => e instanceof DataError && re.test(e.message));

for (const [what, id] of [
  ['a string', 'x'],
  ['negative', -7],
  ['fractional', 2.5],
] as const) {
  test(`a vocab id that is ${what} is refused naming the token (vocabSize was NaN or ids went out of range)`, () => {
    const json = { ...base, model: { ...base.model, vocab: { ...base.model.vocab, b: id } } };
    refused(() => load(json), /^m\/tokenizer\.json: model\.vocab: token "b" has id .* not an integer ≥ 0/);
  });
}

test('"vocab": null is refused as a bad model, not a TypeError', () => {
  refused(() => load({ ...base, model: { ...base.model, vocab: null } }), /^m\/tokenizer\.json: field "model"/);
});

test('a negative added-token id is refused', () => {
  refused(() => load({ ...base, added_tokens: [{ id: -3, content: 'zz' }] }), /added_tokens/);
});

for (const single of [' ', 0, [{ SpecialToken: { id: '[NOPE]', type_id: 0 } }]]) {
  test(`post_processor.single = ${JSON.stringify(single)} is refused at load, not inside encode()`, () => {
    const json = { ...base, post_processor: { ...base.post_processor, single } };
    refused(() => load(json), /^m\/tokenizer\.json: post_processor /);
  });
}

test('a post_processor special token id outside the vocabulary is refused', () => {
  const pp = structuredClone(base.post_processor) as unknown as { special_tokens: Record<string, { ids: number[] }> };
  pp.special_tokens['[CLS]']!.ids = [999];
  refused(() => load({ ...base, post_processor: pp }), /post_processor special token id 999 is not in the vocabulary/);
});

test('model_max_length 0.5 (floored to 0) and 1 (< 2 special tokens) are refused naming the field', () => {
  refused(() => load(base, { model_max_length: 0.5 }), /^tokenizer_config\.json: field "model_max_length" must be/);
  refused(() => load(base, { model_max_length: 1 }), /^tokenizer_config\.json: field "model_max_length" is 1/);
  assert.equal(load(base, { model_max_length: 2 }).modelMaxLength, 2);
});
