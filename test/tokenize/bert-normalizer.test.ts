// The aligned BERT normalizer: normalized text, the alignment back to the original string, and where it
// agrees / deliberately disagrees with @huggingface/tokenizers' BertNormalizer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignPerCodePoint, bertNormalize, type BertNormalizerOptions } from '../../src/tokenize/bert-normalizer.ts';
import { createLibBertNormalizer } from '../../src/tokenize/hf-tokenizers.ts';

const UNCASED: BertNormalizerOptions = {
  cleanText: true,
  handleChineseChars: true,
  lowercase: true,
  stripAccents: null,
};
const CASED: BertNormalizerOptions = { ...UNCASED, lowercase: false };

/** normalized text plus, per normalized unit, the original slice it came from */
function view(text: string, o: BertNormalizerOptions) {
  const a = bertNormalize(text, o);
  return { text: a.text, from: Array.from({ length: a.text.length }, (_, i) => text.slice(a.start[i], a.end[i])) };
}

test('uncased: lower-cases and strips accents, each unit mapped to its source character', () => {
  assert.deepEqual(view('Café', UNCASED), { text: 'cafe', from: ['C', 'a', 'f', 'é'] });
  // decomposed input: the combining acute (U+0301) disappears, the "e" keeps its own span
  const decomposed = bertNormalize('Cafe\u0301!', UNCASED);
  assert.equal(decomposed.text, 'cafe!');
  assert.deepEqual([...decomposed.start], [0, 1, 2, 3, 5]);
  assert.deepEqual([...decomposed.end], [1, 2, 3, 4, 6]);
  // "İ" lower-cases to "i" + U+0307, the dot is stripped; both come from the one original character
  assert.deepEqual(view('İx', UNCASED), { text: 'ix', from: ['İ', 'x'] });
  // final sigma is context-sensitive: the whole-string mapping decides the content
  assert.equal(bertNormalize('ΟΔΟΣ ΣΑ', UNCASED).text, 'οδος σα');
});

test('cased keeps case and accents; strip_accents can be forced either way', () => {
  assert.equal(bertNormalize('Café Naïve', CASED).text, 'Café Naïve');
  assert.equal(bertNormalize('Café', { ...CASED, stripAccents: true }).text, 'Cafe');
  assert.equal(bertNormalize('Café', { ...UNCASED, stripAccents: false }).text, 'café');
});

test('control characters are removed, whitespace becomes spaces, CJK gets spaces around it', () => {
  assert.deepEqual(view('a\u0000b\u200bc\u0007d\ufffd', UNCASED), { text: 'abcd', from: ['a', 'b', 'c', 'd'] });
  assert.equal(bertNormalize('a\tb\nc\r\nd\u00a0e\u3000f', UNCASED).text, 'a b c  d e f');
  assert.deepEqual(view('a中b', UNCASED), { text: 'a 中 b', from: ['a', '中', '中', '中', 'b'] });
  // an ideograph outside the BMP (CJK Extension B) is split too, and keeps its surrogate-pair span
  assert.deepEqual(view('x𠀀y', UNCASED), { text: 'x 𠀀 y', from: ['x', '𠀀', '𠀀', '𠀀', '𠀀', 'y'] });
  assert.equal(bertNormalize('a中b', { ...UNCASED, handleChineseChars: false }).text, 'a中b');
  assert.equal(bertNormalize('', UNCASED).text, '');
});

test('matches the library BertNormalizer except for its two departures from BERT', () => {
  const lib = createLibBertNormalizer({ clean_text: true, handle_chinese_chars: true, lowercase: true });
  const same = [
    'Hello, World!',
    'Café naïve résumé',
    '我爱北京',
    'a\tb\nc',
    'ΟΔΟΣ',
    'x\u200by',
    'İstanbul',
    '🤗 ❤️',
    '',
  ];
  for (const s of same) assert.equal(bertNormalize(s, UNCASED).text, lib.normalize(s), JSON.stringify(s));
  // 1. the library checks CJK per UTF-16 unit, so supplementary ideographs are not split (BERT splits them)
  assert.equal(lib.normalize('x𠀀y'), 'x𠀀y');
  assert.equal(bertNormalize('x𠀀y', UNCASED).text, 'x 𠀀 y');
  // 2. the library keeps unassigned code points (category Cn); BERT's _is_control removes every C* category
  assert.equal(lib.normalize('a\u0378b'), 'a\u0378b');
  assert.equal(bertNormalize('a\u0378b', UNCASED).text, 'ab');
});

test('regression: a CJK compatibility ideograph that shrinks under NFD does not stop the ASCII after it from lower-casing', () => {
  // U+2F800 (2 UTF-16 units) decomposes to U+4E3D (1 unit). Its piece " \u{2F800} " starts with a space and was
  // once taken for ASCII, which made the piece lengths disagree and left "[CLS]" upper-case. Written as an
  // escape: editors and terminals NFC-fold the literal character to U+4E3D, which never showed the bug.
  assert.deepEqual(view('\u{2F800}[CLS]', UNCASED), {
    text: ' \u4e3d [cls]',
    from: ['\u{2F800}', '\u{2F800}', '\u{2F800}', '[', 'C', 'L', 'S', ']'],
  });
  assert.equal(bertNormalize('\u{2F800}[CLS]', { ...UNCASED, stripAccents: false }).text, ' \u{2F800} [cls]');
});

test('alignPerCodePoint aligns any string normalizer', () => {
  const a = alignPerCodePoint('AÉ𝒳', (s) => s.toLowerCase().normalize('NFD'));
  assert.equal(a.text, 'ae\u0301𝒳');
  assert.deepEqual([...a.start], [0, 1, 1, 2, 2]);
  assert.deepEqual([...a.end], [1, 2, 2, 4, 4]);
});
