// longTexts (the "N of M texts longer than maxLength" count of `bertcnn train`) on a file with one huge line
// (issue #17: a 1 MB line made train peak at 4.35 GB, a 5 MB one ran out of heap). It tokenizes without
// truncation; it must neither pad every row of its chunk to the huge row's length nor tokenize more than the
// truncating character budget when it is not windowing (charBudget(maxLength) characters per text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Encoder, TokenizeOptions } from '../../src/encoders/encoder.ts';
import { longTexts } from '../../src/features/long-texts.ts';
import { loadBertBaseUncasedVocab } from '../../src/tokenize/bert-vocab.ts';
import { charBudget, encodeBatch, type SequenceEncoder, WINDOW_BUDGET } from '../../src/tokenize/encode-batch.ts';
import { WordPieceTokenizer } from '../../src/tokenize/wordpiece.ts';

const tok = WordPieceTokenizer.fromVocab(loadBertBaseUncasedVocab());

/** An encoder that only tokenizes, recording the cells it allocated and the longest text it tokenized. */
function spyEncoder() {
  const seen = { cells: 0, tokens: 0, longest: 0 };
  const seq: SequenceEncoder = {
    specialIds: tok.specialIds,
    modelMaxLength: tok.modelMaxLength,
    encodeSequence: (t) => ((seen.longest = Math.max(seen.longest, t.length)), tok.encodeSequence(t)),
    applyTemplate: (a, b) => tok.applyTemplate(a, b),
    numSpecialTokens: (p) => tok.numSpecialTokens(p),
  };
  const encoder = {
    tokenize: (texts: readonly string[], opts: TokenizeOptions = {}) => {
      const enc = encodeBatch(seq, texts, opts);
      for (const [b, row] of enc.inputIds.entries()) {
        seen.cells += row.length;
        seen.tokens += enc.lengths[b]!;
      }
      return enc;
    },
  } as unknown as Encoder;
  return { encoder, seen };
}

const texts = ['the film was a fine one. '.repeat(8000), ...Array.from({ length: 60 }, (_, i) => `short text ${i}`)];

test('one huge text: rows stay unpadded and only charBudget(maxLength) characters are tokenized', () => {
  const { encoder, seen } = spyEncoder();
  const r = longTexts(encoder, texts, 32);
  assert.deepEqual(r, { texts: 61, max_length: 32, truncated: 1 });
  assert.equal(seen.cells, seen.tokens, 'rows were padded to the longest row');
  assert.ok(seen.longest <= charBudget(32), `tokenized ${seen.longest} characters`);
});

test('windowing: the huge text is tokenized beyond the truncating budget (its windows count), still unpadded', () => {
  const { encoder, seen } = spyEncoder();
  const r = longTexts(encoder, texts, 32, 8);
  assert.ok('windows' in r && r.windows > 1000, JSON.stringify(r));
  assert.equal(seen.cells, seen.tokens);
  assert.equal(seen.longest, Math.min(texts[0]!.length, charBudget(32, WINDOW_BUDGET)));
  assert.ok(seen.longest > charBudget(32));
});
