// Sub-word alignment (src/tasks/ner/alignment.ts, targets.ts): word ids per sub-token from offsets, first
// sub-tokens, word tensors for the loss, and reading tags back per word — by hand, then through a real WordPiece
// tokenizer (a generated tiny BERT with the bert-base-uncased vocabulary): words split into pieces, a CoNLL word
// that BERT's pre-tokenizer splits ("U.S."), and words cut by truncation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../../src/encoders/bert/generate.ts';
import { openEncoder } from '../../../src/encoders/load.ts';
import {
  alignSentence,
  firstSubwords,
  sentenceText,
  tokenWordIds,
  wordsFromTokens,
} from '../../../src/tasks/ner/alignment.ts';
import { IGNORE_INDEX, wordTensors } from '../../../src/tasks/ner/targets.ts';

test('word ids from offsets: specials, pieces and bare-space pieces', () => {
  const s = sentenceText(['Mr', 'Kowalski', 'left']); // "Mr Kowalski left"
  assert.equal(s.text, 'Mr Kowalski left');
  assert.deepEqual(
    [s.starts, s.ends],
    [
      [0, 3, 12],
      [2, 11, 16],
    ],
  );
  // [CLS] mr kowal ##ski ▁(space only) left [SEP] [PAD]
  const offsets: [number, number][] = [
    [0, 0],
    [0, 2],
    [3, 8],
    [8, 11],
    [11, 12],
    [12, 16],
    [0, 0],
    [0, 0],
  ];
  const ids = tokenWordIds(s, offsets, 7);
  assert.deepEqual(ids, [null, 0, 1, 1, null, 2, null]);
  assert.deepEqual([...firstSubwords(ids, 3)], [1, 2, 5]);
});

test('word tensors: labels at first sub-tokens only, padding ignored; tags read back per word', () => {
  const offsets: [number, number][] = [
    [0, 0],
    [0, 2],
    [3, 8],
    [8, 11],
    [12, 16],
    [0, 0],
  ];
  const a = alignSentence(['Mr', 'Kowalski', 'left'], offsets, 6);
  const cut = alignSentence(
    ['Mr', 'Kowalski', 'left'],
    [
      [0, 0],
      [0, 2],
      [3, 8],
      [0, 0],
    ],
    4,
  ); // truncated after "kowal"
  assert.deepEqual([a.tokens, [...a.firstToken], a.labelled], [6, [1, 2, 4], [0, 1, 2]]);
  assert.deepEqual(
    [[...cut.firstToken], cut.labelled],
    [
      [1, 2, -1],
      [0, 1],
    ],
  );
  const t = wordTensors([a, cut], 6, [
    [0, 3, 0],
    [0, 3, 0],
  ]);
  assert.deepEqual(t.word_index!.shape, [2, 6]);
  assert.deepEqual(Array.from(t.word_index!.data as BigInt64Array, Number), [1, 2, 4, 0, 0, 0, 1, 2, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(t.word_mask!.data as Float32Array), [1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
  const I = IGNORE_INDEX;
  assert.deepEqual(Array.from(t.targets!.data as BigInt64Array, Number), [0, 3, 0, I, I, I, 0, 3, I, I, I, I]);
  // per-token predictions → per word, read at first sub-tokens; a cut word gets the fallback
  const perToken = ['-', 'O', 'B-PER', 'I-PER(piece)', 'O', '-'];
  assert.deepEqual(
    wordsFromTokens(a, (k) => perToken[k]!, 'O'),
    ['O', 'B-PER', 'O'],
  );
  assert.deepEqual(
    wordsFromTokens(cut, (k) => perToken[k]!, 'O'),
    ['O', 'B-PER', 'O'],
  );
});

test('a real WordPiece tokenizer: pieces, punctuation inside a word, truncation', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bertcnn-align-'));
  try {
    await generateBertCheckpoint(join(dir, 'bert'), {
      vocab: 'bert-base-uncased',
      layers: 1,
      hidden: 16,
      heads: 2,
      ffn: 32,
    });
    const enc = await openEncoder(join(dir, 'bert'), { onWarning: () => {} });
    const words = ['Mr', 'Ouagadougou', 'visited', 'the', 'U.S.', 'today'];
    const b = enc.tokenize([sentenceText(words).text]);
    const pieces = b.inputIds[0]!.length;
    const a = alignSentence(words, b.offsets[0]!, b.lengths[0]!);
    const ids = tokenWordIds(sentenceText(words), b.offsets[0]!, b.lengths[0]!);
    assert.ok(pieces > words.length + 2, 'some words split into pieces');
    assert.equal(ids[0], null); // [CLS]
    assert.equal(ids[b.lengths[0]! - 1], null); // [SEP]
    // every word has a first piece, first pieces increase, and each word's pieces are contiguous
    assert.equal(a.labelled.length, words.length);
    for (let w = 1; w < words.length; w++) assert.ok(a.firstToken[w]! > a.firstToken[w - 1]!);
    assert.deepEqual(
      ids.filter((w) => w !== null),
      [...ids.filter((w) => w !== null)].sort((x, y) => x! - y!),
    );
    assert.ok(ids.filter((w) => w === 4).length >= 3, '"U.S." is one CoNLL word of several pieces (u . s .)');
    // truncation to 6 tokens: [CLS] + 4 pieces + [SEP] — the later words have no piece
    const short = enc.tokenize([sentenceText(words).text], { maxLength: 6 });
    const t = alignSentence(words, short.offsets[0]!, short.lengths[0]!);
    assert.equal(t.tokens, 6);
    assert.ok(t.labelled.length < words.length && t.labelled.length >= 2);
    assert.deepEqual([...t.firstToken].slice(t.labelled.length), new Array(words.length - t.labelled.length).fill(-1));
    await enc.release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
