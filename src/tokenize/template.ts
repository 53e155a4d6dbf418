// Places special tokens around one sequence or a pair using the tokenizer's own post-processor
// (TemplateProcessing `[CLS] $A [SEP]` / `[CLS] $A [SEP] $B:1 [SEP]:1`, or BertProcessing) from
// @huggingface/tokenizers. The library's post-processor works on token strings only, so each real token is
// passed as an opaque tag ("\u0000A<i>" / "\u0000B<i>") and mapped back afterwards; everything else it emits is a
// special token. This keeps token-type ids and the layout exactly as the tokenizer.json template says, while
// word ids and offsets travel with the real tokens (specials get word id null and offset [0, 0], like Hugging Face).

import type { LibTokenizer } from './hf-tokenizers.ts';
import { DataError } from '../errors.ts';
import type { SequenceTokens, TemplateRow } from './encode-batch.ts';

const TAG = '\u0000';

const EMPTY: SequenceTokens = { ids: [], pieces: [], start: [], end: [], words: [] };

interface SpecialTokensConfig {
  special_tokens?: Record<string, { ids?: number[] }>;
}

export function applyTemplate(
  lib: LibTokenizer,
  a: SequenceTokens,
  b: SequenceTokens | null,
  idOf: (token: string) => number | undefined,
): TemplateRow {
  const tagsA = a.ids.map((_, i) => `${TAG}A${i}`);
  const tagsB = b ? b.ids.map((_, i) => `${TAG}B${i}`) : null;
  const pp = lib.post_processor;
  let tokens: string[];
  let types: number[] | undefined;
  if (pp) {
    const r = pp(tagsA, tagsB, true);
    tokens = r.tokens;
    types = r.token_type_ids;
  } else {
    tokens = [...tagsA, ...(tagsB ?? [])];
  }
  const specialConfig = (pp?.config as SpecialTokensConfig | undefined)?.special_tokens;
  const row: TemplateRow = { ids: [], typeIds: [], wordIds: [], sequenceIds: [], offsets: [] };
  tokens.forEach((t, k) => {
    if (t.startsWith(TAG)) {
      const fromB = t[1] === 'B';
      const src = fromB ? b! : a;
      const i = Number(t.slice(2));
      row.ids.push(src.ids[i]!);
      row.typeIds.push(types?.[k] ?? (fromB ? 1 : 0));
      row.wordIds.push(src.words[i]!);
      row.sequenceIds.push(fromB ? 1 : 0);
      row.offsets.push([src.start[i]!, src.end[i]!]);
      return;
    }
    const ids = specialConfig?.[t]?.ids ?? [idOf(t)];
    for (const id of ids) {
      if (id === undefined)
        throw new DataError('tokenizer.json', `post_processor special token ${t} is not in the vocabulary`);
      row.ids.push(id);
      row.typeIds.push(types?.[k] ?? 0);
      row.wordIds.push(null);
      row.sequenceIds.push(null);
      row.offsets.push([0, 0]);
    }
  });
  return row;
}

/** How many special tokens the template adds around a single sequence (pair = false) or a pair. */
export function countSpecialTokens(lib: LibTokenizer, pair: boolean): number {
  return applyTemplate(lib, EMPTY, pair ? EMPTY : null, (t) => lib.token_to_id(t)).ids.length;
}
