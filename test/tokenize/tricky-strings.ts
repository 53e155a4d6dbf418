// Test helper: strings that exercise every step of BERT's BasicTokenizer and WordPiece, keyed by what they test
// (accents, decomposed marks, final sigma, dotted İ, CJK incl. supplementary ideographs, Hangul, Devanagari,
// full-width forms, punctuation runs, emoji with ZWJ/variation selectors, 100/101-character words, control,
// unassigned, private-use and lone-surrogate characters, Unicode spaces, empty / whitespace-only text, special
// tokens typed as text). Stored as ASCII-escaped JSON so the Python transcription of tokenization.py
// (fixtures/gen_python_reference.py) reads exactly the same strings.

import { readFileSync } from 'node:fs';

export const TRICKY: Record<string, string> = JSON.parse(
  readFileSync(new URL('./fixtures/tricky-strings.json', import.meta.url), 'utf8'),
) as Record<string, string>;
