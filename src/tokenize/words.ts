// Raw text → words with character offsets, for tagging raw text with a NER model trained on CoNLL-style words.
// CoNLL corpora split punctuation from words ("Paris." → "Paris", "."), so a word here is a run of letters,
// digits and marks, with inner apostrophes, hyphens and dots kept ("O'Neil", "well-known", "U.S"), or one
// other non-space character on its own. Offsets are UTF-16 code-unit indices into the text, as JavaScript
// strings index them: text.slice(start, end) === word.
//   splitWords('Mr Smith lives in New York.') →
//     [{ text: 'Mr', start: 0, end: 2 }, { text: 'Smith', start: 3, end: 8 }, …, { text: '.', start: 26, end: 27 }]

/** A word of a text and its offsets: text.slice(start, end) === text. */
export interface WordSpan {
  text: string;
  /** First code unit of the word in the source text. */
  start: number;
  /** One past its last code unit. */
  end: number;
}

const WORD = /[\p{L}\p{N}\p{M}]+(?:['’\-.][\p{L}\p{N}\p{M}]+)*|[^\s\p{L}\p{N}\p{M}]/gu;

/** The words of `text` in order, with their offsets; whitespace separates, punctuation stands alone. */
export function splitWords(text: string): WordSpan[] {
  const out: WordSpan[] = [];
  for (const m of text.matchAll(WORD)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}
