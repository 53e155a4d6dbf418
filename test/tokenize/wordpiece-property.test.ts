// Property tests (fast-check) on random Unicode text with the real bert-base-uncased vocabulary: the tokenizer
// never throws, offsets stay inside the text, are ordered and never split a surrogate pair, and ids, offsets and
// word ids equal the reference implementation of BERT's algorithm (test/tokenize/bert-reference.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createLibBertNormalizer } from '../../src/tokenize/hf-tokenizers.ts';
import { bertNormalize } from '../../src/tokenize/bert-normalizer.ts';
import { loadBertBaseUncasedVocab } from '../../src/tokenize/bert-vocab.ts';
import { WordPieceTokenizer } from '../../src/tokenize/wordpiece.ts';
import { refEncode, vocabMap } from './bert-reference.ts';

const lines = loadBertBaseUncasedVocab();
const vocab = vocabMap(lines);
const RUNS = 250;

/** Characters that stress each BasicTokenizer step, mixed with arbitrary code points. */
const tricky = fc.constantFrom(
  'a',
  'B',
  'z',
  'Q',
  ' ',
  ' ',
  '\t',
  '\n',
  '\r',
  '\u00a0',
  '\u3000',
  '\u2028',
  '\u000b',
  '\u0085',
  'é',
  'É',
  '\u0301',
  '\u0308',
  'ñ',
  'Σ',
  'ς',
  'İ',
  'ǅ',
  'ß',
  'ﬁ',
  '.',
  ',',
  '!',
  '?',
  "'",
  '-',
  '$',
  '^',
  '`',
  '«',
  '—',
  '中',
  '国',
  '我',
  '𠀀',
  '𪜀',
  '\u{2F800}',
  '가',
  'こ',
  'ア',
  'م',
  'न',
  '\u093f',
  '😀',
  '🤗',
  '❤',
  '\ufe0f',
  '\u200d',
  '👍',
  '\ud83c',
  '\u0000',
  '\u0007',
  '\u200b',
  '\ufeff',
  '\ufffd',
  '\ue000',
  '\u0378',
  '\ud800',
  '\udc00',
  '[',
  ']',
  'SEP',
  'cls',
  '#',
  '##',
);
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: tricky, maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('a', 'b', 'é', ' ', '.'), minLength: 90, maxLength: 140 }), // around the 100-char limit
  fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 60 }),
);

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

function checkOffsets(s: string, e: ReturnType<WordPieceTokenizer['encode']>, vocabSize: number): void {
  let prevStart = 0;
  let prevEnd = 0;
  let prevWord = -1;
  e.inputIds.forEach((id, k) => {
    assert.ok(id >= 0 && id < vocabSize, `id ${id} out of range`);
    const word = e.wordIds[k];
    if (word === null) return assert.deepEqual(e.offsets[k], [0, 0]);
    const [start, end] = e.offsets[k]!;
    assert.ok(
      0 <= start && start < end && end <= s.length,
      `offset [${start}, ${end}) outside the text of length ${s.length}`,
    );
    assert.ok(start >= prevStart && end >= prevEnd, 'offsets must not go backwards');
    assert.ok(word! >= prevWord, 'word ids must not go backwards');
    // a token boundary never falls between the two halves of a surrogate pair
    for (const at of [start, end])
      assert.ok(!(isLow(s.charCodeAt(at)) && isHigh(s.charCodeAt(at - 1))), `offset ${at} splits a pair`);
    prevStart = start;
    prevEnd = end;
    prevWord = word!;
  });
}

for (const [name, doLowerCase] of [
  ['uncased', true],
  ['cased', false],
] as const) {
  const tok = WordPieceTokenizer.fromVocab(lines, { doLowerCase }, { recognizeSpecialTokens: false });
  const withSpecials = WordPieceTokenizer.fromVocab(lines, { doLowerCase });

  test(`random text (${name}): ids, offsets and word ids equal the reference`, () => {
    fc.assert(
      fc.property(text, (s) => {
        const e = tok.encode(s);
        const ref = refEncode(s, null, vocab, { doLowerCase });
        assert.deepEqual([...e.inputIds], ref.ids);
        assert.deepEqual(e.offsets, ref.offsets);
        assert.deepEqual(e.wordIds, ref.wordIds);
        checkOffsets(s, e, tok.vocabSize);
      }),
      { numRuns: RUNS },
    );
  });

  test(`random text and pairs (${name}): never throws, offsets inside each text, truncation as BERT's`, () => {
    const specials = fc.constantFrom('[CLS]', '[SEP]', '[PAD]', '[MASK]', '[UNK]', '[SEP', 'x');
    const withMarkers = fc.array(fc.oneof(text, specials), { maxLength: 4 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(withMarkers, text, fc.integer({ min: 3, max: 24 }), (a, b, maxLength) => {
        checkOffsets(a, withSpecials.encode(a), withSpecials.vocabSize);
        const e = tok.encode(a, { textPair: b, maxLength });
        const ref = refEncode(a, b, vocab, { doLowerCase }, maxLength);
        assert.deepEqual([...e.inputIds], ref.ids);
        assert.deepEqual([...e.tokenTypeIds], ref.typeIds);
        assert.deepEqual(e.wordIds, ref.wordIds);
        assert.deepEqual(e.offsets, ref.offsets);
        assert.equal(e.truncated, ref.truncated);
        assert.ok(e.inputIds.length <= maxLength);
      }),
      { numRuns: RUNS },
    );
  });
}

test('random text: normalized text equals the library BertNormalizer outside its two documented gaps', () => {
  const lib = createLibBertNormalizer({ clean_text: true, handle_chinese_chars: true, lowercase: true });
  const outsideGaps = (s: string) =>
    ![...s].some((c) => c.codePointAt(0)! > 0xffff && /\p{Ideographic}/u.test(c)) && !/\p{Cn}/u.test(s);
  fc.assert(
    fc.property(text.filter(outsideGaps), (s) => {
      // the library maps U+2028/U+2029 to " " (JS \s); BERT keeps them and splits on them later — same tokens
      const ours = bertNormalize(s, {
        cleanText: true,
        handleChineseChars: true,
        lowercase: true,
        stripAccents: null,
      }).text;
      assert.equal(ours.replace(/[\u2028\u2029]/g, ' '), lib.normalize(s));
    }),
    { numRuns: RUNS },
  );
});
