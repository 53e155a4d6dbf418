// Sub-word alignment for token classification. A sentence's words (CoNLL tokens) are joined with single spaces
// into the text the encoder tokenizes; each sub-token is assigned to the word its character offsets overlap.
// Offsets, not the tokenizer's own word ids, decide: BERT's pre-tokenizer splits a CoNLL word like "U.S." or
// "1-0" into several "words", while offsets always fall inside the one CoNLL word they came from.
//   tokenWordIds: per sub-token, the index of its word (null for [CLS]/[SEP], padding, bare whitespace pieces)
//   firstSubwords: per word, the position of its first sub-token, −1 when it has none — the word was cut off by
//     truncation (or its characters produce no token at all). Labels live on first sub-tokens only: training
//     gathers those positions (the other sub-tokens never enter the loss), prediction reads each word's tag from
//     its first sub-token, and words without one are predicted 'O' (and counted).
import type { WordAlignment } from './types.ts';

export interface SentenceText {
  text: string;
  /** [start, end) UTF-16 offsets of each word in `text`. */
  starts: number[];
  ends: number[];
}

/** The text of a sentence: its words joined by single spaces, with each word's character span. */
export function sentenceText(words: readonly string[]): SentenceText {
  const starts: number[] = [];
  const ends: number[] = [];
  let pos = 0;
  for (const w of words) {
    starts.push(pos);
    ends.push(pos + w.length);
    pos += w.length + 1;
  }
  return { text: words.join(' '), starts, ends };
}

/** Word index per sub-token from its [start, end) offsets (the first `length` entries are the real tokens). */
export function tokenWordIds(
  s: SentenceText,
  offsets: readonly (readonly [number, number])[],
  length: number,
): (number | null)[] {
  const out: (number | null)[] = [];
  for (let t = 0; t < length; t++) {
    const [start, end] = offsets[t]!;
    if (end <= start) {
      out.push(null); // special token (offsets [0, 0]) or an empty piece
      continue;
    }
    // first word ending after `start` (binary search), if it begins before `end`
    let lo = 0;
    let hi = s.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s.ends[mid]! <= start) lo = mid + 1;
      else hi = mid;
    }
    out.push(lo < s.starts.length && s.starts[lo]! < end ? lo : null);
  }
  return out;
}

/** Position of each word's first sub-token (−1: none) from per-token word ids. */
export function firstSubwords(wordIds: readonly (number | null)[], words: number): Int32Array {
  const first = new Int32Array(words).fill(-1);
  wordIds.forEach((w, t) => {
    if (w !== null && first[w]! < 0) first[w] = t;
  });
  return first;
}

/** The alignment of one encoded sentence. */
export function alignSentence(
  words: readonly string[],
  offsets: readonly (readonly [number, number])[],
  length: number,
): WordAlignment {
  const s = sentenceText(words);
  const firstToken = firstSubwords(tokenWordIds(s, offsets, length), words.length);
  const labelled: number[] = [];
  firstToken.forEach((t, w) => {
    if (t >= 0) labelled.push(w);
  });
  return { tokens: length, words: words.length, firstToken, labelled };
}

/** Per-word values read back from per-token values at first sub-tokens; words without one get `missing`. */
export function wordsFromTokens<T>(a: WordAlignment, perToken: (t: number) => T, missing: T): T[] {
  return Array.from(a.firstToken, (t) => (t >= 0 ? perToken(t) : missing));
}
