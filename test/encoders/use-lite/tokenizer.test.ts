// The use-lite SentencePiece tokenizer against the TF.js USE tokenizer (as @energetic-ai/embeddings ships it):
// the same ids on tricky strings and on arbitrary Unicode (fast-check), unknown pieces counted and never a crash,
// offsets inside the text and on the right characters, word ids, truncation, and the batch layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { UsageError } from '../../../src/errors.ts';
import { packageDir, readVocab } from '../../../src/encoders/use-lite/files.ts';
import { UNK_ID, UseLiteTokenizer } from '../../../src/encoders/use-lite/tokenizer.ts';
import { referenceTokenizer } from './reference-tokenizer.ts';

const vocab = readVocab(join(packageDir(), 'vocab.json'));
const tok = new UseLiteTokenizer(vocab, 128);
const reference = await referenceTokenizer(vocab);

const TRICKY = [
  '',
  ' ',
  '   ',
  'a',
  'Hello world!',
  'Hello  world!',
  ' leading and trailing ',
  'tab\tand\nnewline\r\n',
  'café naïve résumé',
  'cafe\u0301 nai\u0308ve',
  'Åström Ørsted Ærø straße',
  'ﬁne ½ ² Ⅻ ｆｕｌｌｗｉｄｔｈ',
  'no\u00a0break\u2003em\u3000ideo',
  '東京タワーに行きました。',
  '한국어 텍스트',
  '\u1100\u1161\u11a8 jamo',
  'مرحبا بالعالم',
  'नमस्ते दुनिया',
  'Привет, мир',
  'Γειά σου κόσμε',
  '😀 emoji 👍🏽 👨‍👩‍👧 🇫🇷',
  '\u200b\u200d\ufeff zero width',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '12:30 :) ://x ”5 :-) ▁ ▁▁x',
  "don't stop-believing... 100% $5.99 #hashtag @user e-mail@example.com",
  'x'.repeat(300),
  '\ud800 lone surrogate \udc00',
];

test('ids equal the TF.js tokenizer on tricky strings (accents, CJK, emoji, scripts, quirky pieces)', () => {
  for (const text of TRICKY) assert.deepEqual(tok.encodeIds(text), reference(text), JSON.stringify(text));
});

test('property: never crashes and matches the TF.js tokenizer on arbitrary Unicode', () => {
  const unit = fc.oneof(
    fc.constantFrom(' ', 'e', 'é', '\u0301', 'ﬁ', '東', '😀', '\t', '▁', ':', '”', '5', 'ー', 'ᄀ', 'ᅡ', 'ᆨ', 'ǅ', 'Å'),
    fc.string({ unit: 'grapheme', maxLength: 1 }),
    fc.string({ unit: 'binary', maxLength: 1 }),
  );
  fc.assert(
    fc.property(
      fc.array(unit, { maxLength: 40 }).map((a) => a.join('')),
      (text) => {
        assert.deepEqual(tok.encodeIds(text), reference(text));
        const s = tok.encodeSequence(text);
        for (let i = 0; i < s.ids.length; i++) {
          assert.ok(s.start[i]! >= 0 && s.start[i]! <= s.end[i]! && s.end[i]! <= text.length, `offsets of token ${i}`);
          if (i > 0) assert.ok(s.words[i]! === -1 || s.words[i]! >= s.words[i - 1]!, 'word ids never decrease');
        }
        const enc = tok.encodeBatch([text]);
        assert.equal(enc.unknown[0], s.ids.slice(0, 128).filter((id) => id === UNK_ID).length);
      },
    ),
    { numRuns: 300, seed: 42 },
  );
});

test('scripts the vocabulary cannot cover become counted unknown pieces (runs merged), never an error', () => {
  const enc = tok.encodeBatch(['東京タワー', 'plain words', '😀 and 👍', 'tab\there']);
  assert.deepEqual([...enc.unknown], [1, 0, 2, 1]);
  assert.equal(enc.unknownCount, 4);
  assert.deepEqual(tok.tokenize('東京タワー'), ['▁', '東京タワー']); // one merged unknown piece, original characters
  assert.deepEqual(tok.tokenize('😀 and 👍'), ['▁', '😀', '▁and', '▁', '👍']);
});

test('empty and whitespace-only texts: no special tokens, an empty text has no tokens', () => {
  const enc = tok.encodeBatch(['', ' ', 'ok']);
  assert.deepEqual([...enc.lengths], [0, 2, 1]);
  assert.deepEqual([...enc.attentionMask[0]!], [0, 0]);
  assert.deepEqual(enc.wordIds[1], [null, null]); // '▁▁': boundaries with no word after them
  assert.equal(tok.decode(tok.encodeIds('Hello world!')), 'Hello world!');
});

test('offsets point at the original characters, without the word-boundary mark; word ids follow spaces', () => {
  const text = 'Hello  café\u0301 ﬁne';
  const s = tok.encodeSequence(text);
  const spans = s.ids.map((_, i) => text.slice(s.start[i], s.end[i]));
  assert.deepEqual(s.pieces, ['▁H', 'ello', '▁', '▁ca', 'f', 'é', '\u0301', '▁fine']);
  // '▁' of a space covers the space; é + combining acute normalise together (NFKC) so both pieces cover them.
  assert.deepEqual(spans, ['H', 'ello', ' ', 'ca', 'f', 'é\u0301', 'é\u0301', 'ﬁne']);
  assert.deepEqual(s.words, [0, 0, 1, 1, 1, 1, 1, 2]);
});

test('truncation keeps the first maxLength pieces and is counted; textPairs are refused', () => {
  const enc = tok.encodeBatch(['one two three four five six', 'short'], { maxLength: 3 });
  assert.deepEqual([...enc.lengths], [3, 1]);
  assert.deepEqual([...enc.inputIds[0]!], reference('one two three four five six').slice(0, 3));
  assert.deepEqual(enc.truncated, [true, false]);
  assert.equal(enc.truncatedCount, 1);
  assert.throws(() => tok.encodeBatch(['a'], { textPairs: ['b'] }), UsageError);
});
