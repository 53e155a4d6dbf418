// Batches: dynamic padding, max_length / multiple-of / minimum padding, masks, token types for pairs,
// truncation (single and pair, counted), ragged output and the flat [B, T] tensors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.ts';
import { loadBertBaseUncasedVocab } from '../../src/tokenize/bert-vocab.ts';
import { toTensors } from '../../src/tokenize/encode-batch.ts';
import { WordPieceTokenizer } from '../../src/tokenize/wordpiece.ts';

const tok = WordPieceTokenizer.fromVocab(loadBertBaseUncasedVocab());
const rows = (a: Int32Array[]) => a.map((r) => [...r]);

test('dynamic padding pads to the longest text of the batch', () => {
  const b = tok.encodeBatch(['hello world', 'hi', '']);
  assert.equal(b.seqLen, 4);
  assert.deepEqual(rows(b.inputIds), [
    [101, 7592, 2088, 102],
    [101, 7632, 102, 0],
    [101, 102, 0, 0],
  ]);
  assert.deepEqual(rows(b.attentionMask), [
    [1, 1, 1, 1],
    [1, 1, 1, 0],
    [1, 1, 0, 0],
  ]);
  assert.deepEqual(rows(b.tokenTypeIds), [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ]);
  assert.deepEqual(b.wordIds, [
    [null, 0, 1, null],
    [null, 0, null, null],
    [null, null, null, null],
  ]);
  assert.deepEqual(b.offsets[1], [
    [0, 0],
    [0, 2],
    [0, 0],
    [0, 0],
  ]);
  assert.deepEqual([...b.lengths], [4, 3, 2]);
  assert.equal(b.truncatedCount, 0);
  // a batch of short texts stays short: padding depends on the batch, not on maxLength
  assert.equal(tok.encodeBatch(['a', 'b']).seqLen, 3);
  assert.equal(tok.encodeBatch([]).seqLen, 0);
});

test('max_length, minLength and padToMultipleOf', () => {
  assert.equal(tok.encodeBatch(['hello'], { padding: 'max_length', maxLength: 16 }).seqLen, 16);
  assert.equal(tok.encodeBatch(['hello world'], { padToMultipleOf: 8 }).seqLen, 8);
  assert.equal(tok.encodeBatch(['hello world'], { minLength: 6 }).seqLen, 6);
  assert.equal(tok.encodeBatch(['hello world'], { minLength: 6, padToMultipleOf: 4 }).seqLen, 8);
  const m = tok.encodeBatch(['hello'], { padding: 'max_length', maxLength: 6 });
  assert.deepEqual(rows(m.inputIds), [[101, 7592, 102, 0, 0, 0]]);
  assert.deepEqual(m.sequenceIds, [[null, 0, null, null, null, null]]);
});

test('padding: false leaves ragged rows, which toTensors refuses', () => {
  const b = tok.encodeBatch(['hello world', 'hi'], { padding: false });
  assert.equal(b.seqLen, null);
  assert.deepEqual(rows(b.inputIds), [
    [101, 7592, 2088, 102],
    [101, 7632, 102],
  ]);
  assert.throws(() => toTensors(b), UsageError);
});

test('toTensors flattens [B, T] row-major', () => {
  const t = toTensors(tok.encodeBatch(['hello world', 'hi'], { textPairs: ['a', ''] }));
  assert.deepEqual(t.shape, [2, 6]);
  assert.deepEqual([...t.inputIds], [101, 7592, 2088, 102, 1037, 102, 101, 7632, 102, 102, 0, 0]);
  assert.deepEqual([...t.attentionMask], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
  assert.deepEqual([...t.tokenTypeIds], [0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0]);
});

test('pairs: [CLS] a [SEP] b [SEP], token types, sequence ids, offsets into each text', () => {
  const b = tok.encodeBatch(['Hello world'], { textPairs: ['Good morning!'] });
  assert.deepEqual(rows(b.inputIds), [[101, 7592, 2088, 102, 2204, 2851, 999, 102]]);
  assert.deepEqual(rows(b.tokenTypeIds), [[0, 0, 0, 0, 1, 1, 1, 1]]);
  assert.deepEqual(b.sequenceIds, [[null, 0, 0, null, 1, 1, 1, null]]);
  assert.deepEqual(b.wordIds, [[null, 0, 1, null, 0, 1, 2, null]]);
  assert.deepEqual(b.offsets[0], [
    [0, 0],
    [0, 5],
    [6, 11],
    [0, 0],
    [0, 4],
    [5, 12],
    [12, 13],
    [0, 0],
  ]);
  assert.throws(
    () => tok.encodeBatch(['a', 'b'], { textPairs: ['c'] }),
    /textPairs has 1 entries but there are 2 texts/,
  );
});

test('truncation keeps [CLS]/[SEP], counts truncated texts, and can be turned off', () => {
  const long = 'one two three four five six seven eight nine ten';
  const b = tok.encodeBatch([long, 'short'], { maxLength: 6 });
  assert.deepEqual(rows(b.inputIds), [
    [101, 2028, 2048, 2093, 2176, 102],
    [101, 2460, 102, 0, 0, 0],
  ]);
  assert.deepEqual(b.truncated, [true, false]);
  assert.equal(b.truncatedCount, 1);
  assert.deepEqual(b.offsets[0]!.at(-2), [14, 18]); // "four"
  const off = tok.encodeBatch([long], { maxLength: 6, truncation: false });
  assert.equal(off.seqLen, 12);
  assert.equal(off.truncatedCount, 0);
  // exactly at the limit is not truncated
  assert.equal(tok.encodeBatch(['one two three four'], { maxLength: 6 }).truncatedCount, 0);
  // default limit is model_max_length (512)
  const huge = tok.encodeBatch(['word '.repeat(600)]);
  assert.equal(huge.seqLen, 512);
  assert.equal(huge.truncatedCount, 1);
  assert.equal(huge.inputIds[0]![511], 102);
});

test('pair truncation drops from the longer sequence, the second one on ties (longest first)', () => {
  const a = 'a b c d e f'; // 6 tokens
  const b = 'u v w'; // 3 tokens
  const e = tok.encodeBatch([a], { textPairs: [b], maxLength: 9 }); // budget 6 → a 3, b 3
  assert.deepEqual(e.wordIds[0], [null, 0, 1, 2, null, 0, 1, 2, null]);
  const tie = tok.encodeBatch([a], { textPairs: [b], maxLength: 8 }); // budget 5 → a 3, b 2
  assert.deepEqual(tie.sequenceIds[0], [null, 0, 0, 0, null, 1, 1, null]);
  assert.deepEqual(tie.truncated, [true]);
});

test('bad options are usage errors', () => {
  assert.throws(() => tok.encodeBatch(['x'], { maxLength: 1 }), /leaves no room for the 2 special tokens/);
  assert.throws(() => tok.encodeBatch(['x'], { textPairs: ['y'], maxLength: 2 }), /3 special tokens/);
  assert.throws(() => tok.encodeBatch(['x'], { maxLength: 0 }), UsageError);
  assert.throws(() => tok.encodeBatch(['x'], { padToMultipleOf: 0 }), UsageError);
  assert.throws(() => tok.encodeBatch(['x'], { padding: 'max' as never }), UsageError);
  assert.throws(() => tok.encodeBatch('x' as never), UsageError);
  assert.throws(() => tok.encodeBatch([42 as never]), /expected a string/);
});
