// Text generators shared by the fuzz targets: characters that stress Unicode handling (case mapping that changes
// length, combining marks, CJK in and outside the BMP, lone surrogates, controls, Unicode spaces, emoji
// sequences, BOM), special-token markers, and plain arbitrary code units.
import fc from 'fast-check';

export const trickyChar = fc.constantFrom(
  ...['a', 'B', 'z', ' ', ' ', '\t', '\n', '\r', '\u00a0', '\u3000', '\u2028', '\u000b', '\u0085', '\u1680'],
  ...['é', 'É', '\u0301', '\u0308', 'ñ', 'Σ', 'ς', 'İ', 'ǅ', 'ß', 'ﬁ', 'ΐ', '\u0345', 'ᾼ'],
  ...['.', ',', '!', "'", '’', '-', '$', '^', '`', '«', '—', '#', '[', ']'],
  ...['中', '国', '𠀀', '𪜀', '\u{2F800}', '가', 'こ', 'م', 'न', '\u093f', '٣', '½'],
  ...['😀', '🤗', '\ufe0f', '\u200d', '👍🏽', '\ud83c', '\ud800', '\udc00'],
  ...['\u0000', '\u0007', '\u200b', '\ufeff', '\ufffd', '\ue000', '\u0378', '\u{e0001}'],
);

/** Random text: arbitrary UTF-16 units, tricky characters, special-token markers and long runs. */
export const fuzzText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: trickyChar, maxLength: 40 }),
  fc
    .array(
      fc.oneof(
        fc.string({ unit: trickyChar, maxLength: 6 }),
        fc.constantFrom('[CLS]', '[SEP]', '[UNK]', '[PAD]', '[MASK]', '##', '[SEP'),
      ),
      { maxLength: 6 },
    )
    .map((p) => p.join('')),
  fc.string({ unit: fc.constantFrom('a', 'é', ' ', '.', '中'), minLength: 90, maxLength: 140 }),
  fc.string({ unit: fc.oneof(trickyChar, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 60 }),
);
