// Bounded work per input (issue #17): a text is cut at a character budget before tokenization — normalization and
// WordPiece allocate per character, so a 5 MB line used to cost gigabytes for 128 tokens. The tokenizer must see
// at most charBudget(maxLength) characters with truncation (× WINDOW_BUDGET without), and the kept tokens are the
// ones a full tokenization would keep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBertBaseUncasedVocab } from '../../src/tokenize/bert-vocab.ts';
import {
  charBudget,
  clipText,
  encodeBatch,
  type SequenceEncoder,
  WINDOW_BUDGET,
} from '../../src/tokenize/encode-batch.ts';
import { WordPieceTokenizer } from '../../src/tokenize/wordpiece.ts';

const tok = WordPieceTokenizer.fromVocab(loadBertBaseUncasedVocab());
const huge = 'the film was a fine one. '.repeat(200_000); // 5 MB

/** The tokenizer with a record of the longest text it was asked to tokenize. */
function spy(): { enc: SequenceEncoder; longest: () => number } {
  let longest = 0;
  const enc: SequenceEncoder = {
    specialIds: tok.specialIds,
    modelMaxLength: tok.modelMaxLength,
    encodeSequence: (text) => {
      longest = Math.max(longest, text.length);
      return tok.encodeSequence(text);
    },
    applyTemplate: (a, b) => tok.applyTemplate(a, b),
    numSpecialTokens: (pair) => tok.numSpecialTokens(pair),
  };
  return { enc, longest: () => longest };
}

test("a 5 MB text: the tokenizer sees at most charBudget(maxLength) characters; ids equal the full text's", () => {
  const s = spy();
  const t0 = performance.now();
  const got = encodeBatch(s.enc, [huge, 'short text'], { maxLength: 128 });
  assert.ok(s.longest() <= charBudget(128), `tokenized ${s.longest()} characters`);
  assert.ok(performance.now() - t0 < 2000);
  const prefix = encodeBatch(tok, [huge.slice(0, 20_000)], { maxLength: 128 });
  assert.deepEqual(got.inputIds[0], prefix.inputIds[0]);
  assert.deepEqual(got.offsets[0], prefix.offsets[0]);
  assert.deepEqual(got.truncated, [true, false]);
});

test('text pairs are cut too; without truncation (windowing) the budget is WINDOW_BUDGET windows long', () => {
  const s = spy();
  encodeBatch(s.enc, ['a question'], { maxLength: 64, textPairs: [huge] });
  assert.ok(s.longest() <= charBudget(64));
  const w = spy();
  const enc = encodeBatch(w.enc, [huge], { maxLength: 64, truncation: false, padding: false });
  assert.equal(w.longest(), charBudget(64, WINDOW_BUDGET));
  assert.ok(enc.lengths[0]! > 64 * 8, 'windowing still gets many windows of tokens');
  assert.equal(enc.truncated[0], true);
});

test('clipText never splits a surrogate pair; maxChars overrides the budget', () => {
  assert.equal(clipText('ab😀cd', 3), 'ab');
  assert.equal(clipText('ab😀cd', 4), 'ab😀');
  assert.equal(clipText('short', 10), 'short');
  const s = spy();
  encodeBatch(s.enc, [huge], { maxLength: 16, maxChars: 100 });
  assert.equal(s.longest(), 100);
});
