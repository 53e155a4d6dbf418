// How the browser tagger (tagger.ts) turns sentences of words into model feeds and word alignments, by the export's
// tokenizer kind — the same code as the Node side in both cases:
//   wordpiece | use-lite  words joined by single spaces → the export's tokenizer (tokenizer.ts; offsets, truncated
//                         to maxLength sub-tokens) → each word's first sub-token (tasks/ner/alignment.ts)
//   words                 a tagger over word ids: vocab.json {"words": [...]} (row i = word i; rows 0, 1 must be
//                         <pad>, <unk>) → word-id rows and identity alignments cut at maxLength words
//                         (tasks/ner/word-rows.ts, what the run's pipeline and the export check use)
import { DataError } from '../errors.ts';
import { alignSentence } from '../tasks/ner/alignment.ts';
import type { WordAlignment } from '../tasks/ner/types.ts';
import { PAD_ID, UNK_ID, WORD_PAD, WORD_UNK, wordRows } from '../tasks/ner/word-rows.ts';
import type { BatchEncoding } from '../tokenize/encode-batch.ts';
import { parseJsonObject } from '../tokenize/tokenizer-files.ts';
import { fetchText, type FetchLike } from './fetch-files.ts';
import type { TaggerExportManifest } from './kind-manifest.ts';
import { loadExportTokenizer, type WebTokenizer } from './tokenizer.ts';

export interface TaggerRows {
  rows: Pick<BatchEncoding, 'inputIds' | 'attentionMask' | 'tokenTypeIds'>;
  /** Per sentence: the position of each word's emission row. */
  aligns: WordAlignment[];
}

export interface TaggerInputs {
  /** The sub-word tokenizer; null for a tagger over word ids. */
  tokenizer: WebTokenizer | null;
  /** Rows of vocab.json (a tagger over word ids), else null. */
  vocabSize: number | null;
  encode(sentences: readonly (readonly string[])[]): TaggerRows;
}

/** The word → id map of a NER export's vocab.json (the manifest's "words" record is checked by kind-manifest.ts). */
export function parseWordVocab(text: string, url: string): Map<string, number> {
  const v = parseJsonObject(text, url) as { words?: unknown };
  const ws = v.words;
  if (!Array.isArray(ws) || !ws.every((w) => typeof w === 'string'))
    throw new DataError(url, 'field "words": expected an array of strings (the word vocabulary in row order)');
  if (ws[PAD_ID] !== WORD_PAD || ws[UNK_ID] !== WORD_UNK)
    throw new DataError(url, `field "words": must start with ${WORD_PAD}, ${WORD_UNK}`);
  return new Map((ws as string[]).map((w, i) => [w, i]));
}

export async function loadTaggerInputs(folder: string, m: TaggerExportManifest, f: FetchLike): Promise<TaggerInputs> {
  const kind = m.tokenizer.kind;
  if (kind === 'words') {
    const url = `${folder}vocab.json`;
    const ids = parseWordVocab(await fetchText(f, url), url);
    return {
      tokenizer: null,
      vocabSize: ids.size,
      encode(sentences) {
        const r = wordRows(ids, sentences, m.maxLength);
        return { rows: { inputIds: r.inputIds, attentionMask: r.attentionMask, tokenTypeIds: [] }, aligns: r.aligns };
      },
    };
  }
  const tokenizer = await loadExportTokenizer(
    folder,
    { maxLength: m.maxLength, tokenizer: { ...m.tokenizer, kind } },
    f,
  );
  return {
    tokenizer,
    vocabSize: null,
    encode(sentences) {
      const enc = tokenizer.encode(sentences.map((w) => w.join(' ')));
      return { rows: enc, aligns: sentences.map((w, b) => alignSentence(w, enc.offsets[b]!, enc.lengths[b]!)) };
    },
  };
}
