// The USE-lite tokenizer's input processing, with character alignment back to the caller's text:
//   processed = '▁' + NFKC(text) with every ASCII space replaced by '▁' ('' stays '')
// Only ' ' marks word boundaries (NFKC turns no-break and other Unicode spaces into ' '); tabs and newlines are
// kept as characters (the vocabulary lacks them, so they become unknown pieces), as in the TF.js tokenizer.
// Alignment: NFKC is applied per normalisation unit — a code point plus any following code points that combine
// with it (marks, or anything whose NFKC differs when joined, e.g. Hangul jamo) — and the units are concatenated;
// when that concatenation differs from NFKC of the whole text (rare), the whole text becomes one unit, so the
// ids stay exact and only offsets get coarse.
export const BOUNDARY = '\u2581'; // '▁' LOWER ONE EIGHTH BLOCK, SentencePiece's word-boundary mark

export interface ProcessedText {
  /** Code points of the processed text, as the segmenter sees them. */
  symbols: string[];
  /** Per symbol: [start, end) UTF-16 offsets of the original text it came from ([0, 0] for the leading '▁'). */
  spans: Array<[number, number]>;
  /** Per symbol: true for a '▁' (word boundary). */
  boundary: boolean[];
  /** Per symbol: index of the word it belongs to (a '▁' belongs to the word it starts; -1 = no word follows). */
  words: number[];
}

const COMBINING = /^\p{M}/u;

/** [start, end) UTF-16 spans of the normalisation units of `text`. */
function units(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let pos = 0;
  for (const cp of text) {
    const last = out.at(-1);
    // ASCII never combines with what precedes it; other code points are checked.
    const unit = last && cp.charCodeAt(0) >= 0x80 ? text.slice(last[0], last[1]) : '';
    const joins =
      unit && (COMBINING.test(cp) || (unit + cp).normalize('NFKC') !== unit.normalize('NFKC') + cp.normalize('NFKC'));
    if (last && joins) last[1] = pos + cp.length;
    else out.push([pos, pos + cp.length]);
    pos += cp.length;
  }
  return out;
}

export function processText(text: string): ProcessedText {
  const normalized = text.normalize('NFKC');
  const out: ProcessedText = { symbols: [], spans: [], boundary: [], words: [] };
  if (normalized.length === 0) return out;
  let pieces = units(text).map(([s, e]): [string, [number, number]] => [text.slice(s, e).normalize('NFKC'), [s, e]]);
  if (pieces.map(([n]) => n).join('') !== normalized) pieces = [[normalized, [0, text.length]]];
  const push = (symbol: string, span: [number, number]) => {
    const isBoundary = symbol === ' ' || symbol === BOUNDARY;
    out.symbols.push(symbol === ' ' ? BOUNDARY : symbol);
    out.spans.push(span);
    out.boundary.push(isBoundary);
  };
  push(BOUNDARY, [0, 0]);
  for (const [norm, span] of pieces) for (const cp of norm) push(cp, span);
  // Words: maximal runs of non-boundary symbols; a boundary belongs to the word that follows it.
  let word = -1;
  let inWord = false;
  for (let i = 0; i < out.symbols.length; i++) {
    if (!out.boundary[i] && !inWord) word++;
    inWord = !out.boundary[i];
    out.words.push(word);
  }
  let next = -1;
  for (let i = out.symbols.length - 1; i >= 0; i--) {
    if (out.boundary[i]) out.words[i] = next;
    else next = out.words[i]!;
  }
  return out;
}

/** Offsets of a token covering symbols [start, end): the span of its non-boundary symbols (else of all of them). */
export function tokenOffsets(p: ProcessedText, start: number, end: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const pass of [false, true]) {
    for (let i = start; i < end; i++) {
      if (p.boundary[i] && !pass) continue;
      lo = Math.min(lo, p.spans[i]![0]);
      hi = Math.max(hi, p.spans[i]![1]);
    }
    if (lo <= hi) break;
  }
  return [lo, hi];
}
