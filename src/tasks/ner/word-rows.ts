// How a tagger over word ids (mode 'words') turns sentences of words into model rows — the one rule shared by the
// in-process pipeline (word-pipeline.ts), the ONNX export's check (export/tagger-check.ts) and the browser tagger
// over an exported vocab.json (web/tagger.ts). Pure code with no Node imports, so the browser bundle can use it.
//   word → id     exact match in the vocabulary (case kept, no fallback); a word not in it → 1 (<unk>); 0 = <pad>
//   alignment     identity (word i → position i), cut at maxLength words (words beyond it: no row, tagged 'O')
//   wordRows      a batch: ids and mask [B][T] with T = the longest cut sentence, padded with id 0 / mask 0
import type { WordAlignment } from './types.ts';

export const WORD_PAD = '<pad>';
export const WORD_UNK = '<unk>';
export const PAD_ID = 0;
export const UNK_ID = 1;

/** Word ids of a sentence (unknown words → <unk>). */
export function idsOfWords(ids: ReadonlyMap<string, number>, words: readonly string[]): number[] {
  return words.map((w) => ids.get(w) ?? UNK_ID);
}

/** Identity alignment of a sentence cut at `maxLength` words. */
export function wordAlignment(words: number, maxLength: number): WordAlignment {
  const tokens = Math.min(words, maxLength);
  const firstToken = Int32Array.from({ length: words }, (_, i) => (i < tokens ? i : -1));
  return { tokens, words, firstToken, labelled: Array.from({ length: tokens }, (_, i) => i) };
}

export interface WordRows {
  /** [B][T] word ids, PAD_ID after each sentence's cut. */
  inputIds: Int32Array[];
  /** [B][T] 1 over the sentence's positions, 0 over padding. */
  attentionMask: Int32Array[];
  /** Per sentence: which position holds which word. */
  aligns: WordAlignment[];
}

/** A padded batch of sentences as word-id rows (T ≥ 1 even when every sentence is empty). */
export function wordRows(
  ids: ReadonlyMap<string, number>,
  sentences: readonly (readonly string[])[],
  maxLength: number,
): WordRows {
  const aligns = sentences.map((s) => wordAlignment(s.length, maxLength));
  const T = Math.max(1, ...aligns.map((a) => a.tokens));
  const inputIds = sentences.map((s, b) => {
    const row = new Int32Array(T); // PAD_ID = 0
    row.set(idsOfWords(ids, s.slice(0, aligns[b]!.tokens)));
    return row;
  });
  const attentionMask = aligns.map((a) => Int32Array.from({ length: T }, (_, t) => (t < a.tokens ? 1 : 0)));
  return { inputIds, attentionMask, aligns };
}
