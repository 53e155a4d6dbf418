// Batch encoding for WordPiece tokenizers: truncation, special tokens, dynamic padding, attention masks,
// token-type ids, word ids and character offsets.
//
// Truncation (before special tokens are added, so [CLS]/[SEP] always survive): a single text keeps its first
// maxLength - 2 tokens; a pair drops tokens one at a time from the end of the longer sequence (the second one on
// ties) — BERT's `_truncate_seq_pair` (run_classifier.py), i.e. Hugging Face's `longest_first`.
// Padding: 'longest' pads each batch to its longest row (dynamic padding); 'max_length' to maxLength (or the
// longest row when truncation is off and a row is longer); then up to minLength and a multiple of padToMultipleOf.
// padding: false leaves rows ragged.
// Shapes: every row array has T entries ([B][T] overall); `toTensors` flattens them to [B*T] row-major.
//
// Bounded work per input: each text is cut at a character budget BEFORE tokenization (normalization and WordPiece
// allocate per character): maxLength × 64 characters (+ a 4,096 floor) with truncation — tokens beyond the first
// maxLength are dropped anyway, and real text averages ~4–6 characters per token; without truncation (windowing)
// WINDOW_BUDGET times that. A 5 MB line therefore costs what a ~10 kB one does. Offsets stay valid (a prefix).

import { UsageError } from '../errors.ts';

/** One text after WordPiece, before special tokens: parallel arrays, one entry per token. */
export interface SequenceTokens {
  ids: number[];
  pieces: string[];
  start: number[]; // [start, end) UTF-16 offsets into the original text
  end: number[];
  words: number[]; // index of the pre-tokenized word the token belongs to
}

/** One sequence or pair with special tokens, unpadded. */
export interface TemplateRow {
  ids: number[];
  typeIds: number[];
  wordIds: (number | null)[]; // word index within its own text (restarts at 0 for the pair); null for specials
  sequenceIds: (0 | 1 | null)[]; // which text a token came from; null for special tokens
  offsets: Array<[number, number]>; // into texts[b] (sequence 0) or textPairs[b] (sequence 1); [0, 0] for specials
}

export interface EncodeOptions {
  maxLength?: number; // default: the tokenizer's model_max_length (512)
  truncation?: boolean; // default true
  padding?: 'longest' | 'max_length' | false; // default 'longest'
  padToMultipleOf?: number;
  minLength?: number;
  textPairs?: readonly string[]; // second sequences (token type 1), one per text
  /** Characters (UTF-16 units) of each text tokenized; the rest is never read. Default: charBudget(…) above. */
  maxChars?: number;
}

/** Characters per token a text may use before it is cut (generous: English averages ~4–6). */
export const CHARS_PER_TOKEN = 64;
/** Characters every text may use, however short maxLength is. */
export const CHAR_FLOOR = 4096;
/** Without truncation (sliding windows), texts may be this many windows long in characters. */
export const WINDOW_BUDGET = 64;

/** Characters of one text tokenized for `maxLength` tokens (× `windows` when windowing). */
export function charBudget(maxLength: number, windows = 1): number {
  return windows * maxLength * CHARS_PER_TOKEN + CHAR_FLOOR;
}

/** The first `budget` UTF-16 units of `text`, never splitting a surrogate pair. */
export function clipText(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const hi = text.charCodeAt(budget - 1);
  return text.slice(0, hi >= 0xd800 && hi <= 0xdbff ? budget - 1 : budget);
}

export interface BatchEncoding {
  inputIds: Int32Array[]; // [B][T]
  attentionMask: Int32Array[]; // [B][T] 1 for real tokens, 0 for padding
  tokenTypeIds: Int32Array[]; // [B][T] 0 for the first text, 1 for the pair
  wordIds: (number | null)[][]; // [B][T] null for specials and padding
  sequenceIds: (0 | 1 | null)[][]; // [B][T]
  offsets: Array<Array<[number, number]>>; // [B][T] [0, 0] for specials and padding
  lengths: Int32Array; // [B] real tokens per row, specials included
  truncated: boolean[]; // [B]
  truncatedCount: number;
  seqLen: number | null; // T when all rows have the same length (always, unless padding is false)
}

export type EncodedRow = {
  [K in Exclude<keyof BatchEncoding, 'lengths' | 'truncatedCount' | 'seqLen' | 'truncated'>]: BatchEncoding[K][number];
} & {
  truncated: boolean;
};

/** What encodeBatch needs from a tokenizer (WordPieceTokenizer implements it). */
export interface SequenceEncoder {
  readonly specialIds: { pad: number | null };
  readonly modelMaxLength: number;
  encodeSequence(text: string): SequenceTokens;
  applyTemplate(a: SequenceTokens, b: SequenceTokens | null): TemplateRow;
  numSpecialTokens(pair: boolean): number;
}

function checkInt(value: number | undefined, name: string, min: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
    throw new UsageError(`${name} must be an integer ≥ ${min}, got ${value}`);
  }
}

function cut(s: SequenceTokens, n: number): SequenceTokens {
  return {
    ids: s.ids.slice(0, n),
    pieces: s.pieces.slice(0, n),
    start: s.start.slice(0, n),
    end: s.end.slice(0, n),
    words: s.words.slice(0, n),
  };
}

export function encodeBatch(tok: SequenceEncoder, texts: readonly string[], opts: EncodeOptions = {}): BatchEncoding {
  if (!Array.isArray(texts)) throw new UsageError('encodeBatch expects an array of strings');
  const pairs = opts.textPairs;
  if (pairs && pairs.length !== texts.length) {
    throw new UsageError(`textPairs has ${pairs.length} entries but there are ${texts.length} texts`);
  }
  const maxLength = opts.maxLength ?? tok.modelMaxLength;
  checkInt(maxLength, 'maxLength', 1);
  checkInt(opts.padToMultipleOf, 'padToMultipleOf', 1);
  checkInt(opts.minLength, 'minLength', 0);
  const padding = opts.padding ?? 'longest';
  if (padding !== false && padding !== 'longest' && padding !== 'max_length') {
    throw new UsageError(`padding must be 'longest', 'max_length' or false, got ${JSON.stringify(padding)}`);
  }
  const truncation = opts.truncation ?? true;
  const maxChars = opts.maxChars ?? charBudget(maxLength, truncation ? 1 : WINDOW_BUDGET);
  checkInt(maxChars, 'maxChars', 1);
  const budgets = [maxLength - tok.numSpecialTokens(false), pairs ? maxLength - tok.numSpecialTokens(true) : 0];
  if (truncation && Math.min(...budgets) < 0) {
    throw new UsageError(
      `maxLength ${maxLength} leaves no room for the ${maxLength - Math.min(...budgets)} special tokens`,
    );
  }

  const truncated: boolean[] = [];
  const rows = texts.map((text, i) => {
    const pair = pairs?.[i];
    const clipped =
      (typeof text === 'string' && text.length > maxChars) || (typeof pair === 'string' && pair.length > maxChars);
    let a = tok.encodeSequence(typeof text === 'string' ? clipText(text, maxChars) : text);
    let b = pairs ? tok.encodeSequence(typeof pair === 'string' ? clipText(pair, maxChars) : pair!) : null;
    let cutRow = clipped;
    if (truncation) {
      let la = a.ids.length;
      let lb = b ? b.ids.length : 0;
      const budget = budgets[b ? 1 : 0]!;
      while (la + lb > budget) {
        cutRow = true;
        if (!b || la > lb) la--;
        else lb--;
      }
      if (cutRow) {
        a = cut(a, la);
        if (b) b = cut(b, lb);
      }
    }
    truncated.push(cutRow);
    return tok.applyTemplate(a, b);
  });

  const lengths = Int32Array.from(rows, (r) => r.ids.length);
  let T = 0;
  if (padding !== false) {
    T = Math.max(
      lengths.reduce((m, n) => Math.max(m, n), 0),
      padding === 'max_length' ? maxLength : 0,
      opts.minLength ?? 0,
    );
    const m = opts.padToMultipleOf;
    if (m) T = Math.ceil(T / m) * m;
  }
  const pad = tok.specialIds.pad;
  if (pad === null && rows.some((r) => r.ids.length < T))
    throw new UsageError('the tokenizer has no pad token; use padding: false');

  const out: BatchEncoding = {
    inputIds: [],
    attentionMask: [],
    tokenTypeIds: [],
    wordIds: [],
    sequenceIds: [],
    offsets: [],
    lengths,
    truncated,
    truncatedCount: truncated.filter(Boolean).length,
    seqLen: null,
  };
  for (const r of rows) {
    const n = r.ids.length;
    const width = padding === false ? n : T;
    const ids = new Int32Array(width).fill(pad ?? 0);
    ids.set(r.ids);
    const mask = new Int32Array(width);
    mask.fill(1, 0, n);
    const types = new Int32Array(width);
    types.set(r.typeIds);
    out.inputIds.push(ids);
    out.attentionMask.push(mask);
    out.tokenTypeIds.push(types);
    out.wordIds.push([...r.wordIds, ...new Array<null>(width - n).fill(null)]);
    out.sequenceIds.push([...r.sequenceIds, ...new Array<null>(width - n).fill(null)]);
    out.offsets.push([...r.offsets, ...Array.from({ length: width - n }, (): [number, number] => [0, 0])]);
  }
  const widths = new Set(out.inputIds.map((r) => r.length));
  out.seqLen = widths.size <= 1 ? (out.inputIds[0]?.length ?? T) : null;
  return out;
}

/** Row `b` of a batch. */
export function rowOf(enc: BatchEncoding, b: number): EncodedRow {
  return {
    inputIds: enc.inputIds[b]!,
    attentionMask: enc.attentionMask[b]!,
    tokenTypeIds: enc.tokenTypeIds[b]!,
    wordIds: enc.wordIds[b]!,
    sequenceIds: enc.sequenceIds[b]!,
    offsets: enc.offsets[b]!,
    truncated: enc.truncated[b]!,
  };
}

/** Flattens a padded batch into [B, T] row-major Int32Arrays (model inputs). */
export function toTensors(enc: BatchEncoding): {
  shape: [number, number];
  inputIds: Int32Array;
  attentionMask: Int32Array;
  tokenTypeIds: Int32Array;
} {
  if (enc.seqLen === null) throw new UsageError('rows have different lengths (padding: false); pad the batch first');
  const B = enc.inputIds.length;
  const T = enc.seqLen;
  const flat = (rows: Int32Array[]) => {
    const f = new Int32Array(B * T);
    rows.forEach((r, b) => f.set(r, b * T));
    return f;
  };
  return {
    shape: [B, T],
    inputIds: flat(enc.inputIds),
    attentionMask: flat(enc.attentionMask),
    tokenTypeIds: flat(enc.tokenTypeIds),
  };
}
