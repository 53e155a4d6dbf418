// The Kim model as a trainer Pipeline (src/train/pipeline.ts), so the existing trainer trains and evaluates it:
//   texts (already cleaned by clean_str) → token ids (word vocabulary, or WordPiece) → Kim's padded layout →
//   inputs ids [B, T] int64 (batch-local: the batch's distinct ids are loaded into each channel's rows, see
//   row-table.ts), word_mask [B, T], window_mask [B, T] (+ chars [B, T, L] with a char CNN) → logits.
// Encodings are cached per text (the trainer feeds the same texts every epoch).
import type { InputSpec } from '../../engine/session.ts';
import type { HostTensor } from '../../engine/tensor.ts';
import type { Pipeline } from '../../train/pipeline.ts';
import type { WordPieceTokenizer } from '../../tokenize/wordpiece.ts';
import type { CharVocab } from '../../tasks/kim/char-cnn.ts';
import { words } from '../../tasks/kim/clean-str.ts';
import type { KimCnn } from '../../tasks/kim/model.ts';
import type { PaddedLayout, WordVocab } from '../../tasks/kim/vocab.ts';

export interface Encoded {
  ids: number[];
  tokens: string[];
}

export type TextEncoder = (text: string) => Encoded;

/** Word-level: whitespace words; words missing from the vocabulary are dropped (Kim's get_idx_from_sent). */
export function wordEncoder(vocab: WordVocab): TextEncoder {
  return (text) => {
    const ids: number[] = [];
    const tokens: string[] = [];
    for (const w of words(text)) {
      const id = vocab.ids.get(w);
      if (id === undefined) continue;
      ids.push(id);
      tokens.push(w);
    }
    return { ids, tokens };
  };
}

/** WordPiece-level: BERT's tokenizer ([UNK] for unknown pieces); [PAD] must be id 0. */
export function pieceEncoder(tokenizer: WordPieceTokenizer): TextEncoder {
  const unk = tokenizer.specialIds.unk;
  return (text) => {
    const tokens = tokenizer.tokenize(text);
    return { ids: tokens.map((t) => tokenizer.tokenToId(t) ?? unk), tokens };
  };
}

export function kimPipeline(model: KimCnn, encode: TextEncoder, layout: PaddedLayout, chars?: CharVocab): Pipeline {
  const cache = new Map<string, Encoded>();
  const identity = model.channels[0]!.identity;
  const enc = (t: string) => {
    let e = cache.get(t);
    if (!e) {
      e = encode(t);
      cache.set(t, e);
    }
    return e;
  };
  const span = (t: string) => layout.left + enc(t).ids.length + layout.right;
  const inputSpecs: InputSpec[] = [
    { name: 'ids', dtype: 'int64', shape: ['B', 'T'] },
    { name: 'word_mask', dtype: 'float32', shape: ['B', 'T'] },
    { name: 'window_mask', dtype: 'float32', shape: ['B', 'T'] },
  ];
  if (model.charCnn) {
    if (!chars) throw new Error('kimPipeline: the model has a char CNN but no CharVocab was given');
    inputSpecs.push({ name: 'chars', dtype: 'int64', shape: ['B', 'T', chars.length] });
  }
  return {
    mode: 'ids',
    inputSpecs,
    parameters: () => model.parameters(),
    async feeds(texts): Promise<Record<string, HostTensor>> {
      const B = texts.length;
      const T = Math.max(model.minLength, ...texts.map(span));
      const ids = new BigInt64Array(B * T);
      const wordMask = new Float32Array(B * T);
      const windowMask = new Float32Array(B * T);
      const rows: (string | null)[][] | null = model.charCnn ? [] : null; // tokens per position, for the char CNN
      const local = new Map<number, number>(); // global id → slot (1…); slot 0 = padding
      const slots: bigint[] = [0n]; // BigInt of each slot, made once per batch
      for (let b = 0; b < B; b++) {
        const e = enc(texts[b]!);
        const n = e.ids.length;
        const base = b * T + layout.left;
        for (let j = 0; j < n; j++) {
          const id = e.ids[j]!;
          let slot = identity ? id : local.get(id);
          if (slot === undefined) local.set(id, (slot = local.size + 1));
          ids[base + j] = slots[slot] ?? (slots[slot] = BigInt(slot));
          wordMask[base + j] = 1;
        }
        windowMask.fill(1, b * T, b * T + layout.left + n + layout.right);
        if (rows) {
          const row = new Array<string | null>(T).fill(null);
          e.tokens.forEach((tok, j) => (row[layout.left + j] = tok));
          rows.push(row);
        }
      }
      const distinct = [...local.keys()];
      for (const c of model.channels) c.load(distinct);
      const out: Record<string, HostTensor> = {
        ids: { dtype: 'int64', shape: [B, T], data: ids },
        word_mask: { dtype: 'float32', shape: [B, T], data: wordMask },
        window_mask: { dtype: 'float32', shape: [B, T], data: windowMask },
      };
      if (model.charCnn && chars && rows) out.chars = chars.batch(rows, T);
      return out;
    },
    build: (ctx, x) => model.forward(ctx, x.ids!, x.word_mask!, x.window_mask!, x.chars),
    penalty: () => null,
    length: span,
  };
}
