// The USE-lite tokenizer: input processing (normalize.ts) + unigram segmentation (unigram.ts) over the package's
// vocab.json, plugged into the shared batch encoder (truncation to the first maxLength pieces, dynamic padding,
// masks, word ids, offsets). USE-lite adds no special tokens and has no sentence pairs; an empty text has 0 tokens.
// Unknown pieces (id 0, e.g. scripts the 8k vocabulary lacks) are counted per text — never an error.
import { UsageError } from '../../errors.ts';
import {
  type BatchEncoding,
  encodeBatch,
  type EncodeOptions,
  type SequenceTokens,
  type TemplateRow,
} from '../../tokenize/encode-batch.ts';
import { BOUNDARY, processText, tokenOffsets } from './normalize.ts';
import { UNK_ID, UnigramModel } from './unigram.ts';

export { UNK_ID } from './unigram.ts';

/** A batch encoding plus the unknown-piece counts of the (truncated) rows. */
export interface UseLiteEncoding extends BatchEncoding {
  /** [B] unknown pieces per row (after merging runs of unknown characters, as the model sees them). */
  unknown: Int32Array;
  unknownCount: number;
}

export class UseLiteTokenizer {
  readonly model: UnigramModel;
  readonly specialIds = { pad: UNK_ID };

  /** `modelMaxLength`: the graph's longest input (128). */
  constructor(
    vocab: ReadonlyArray<readonly [string, number]>,
    readonly modelMaxLength: number,
  ) {
    this.model = new UnigramModel(vocab);
  }

  get vocabSize(): number {
    return this.model.size;
  }

  /** Token ids of one text, untruncated (the TF.js tokenizer's `encode`). */
  encodeIds(text: string): number[] {
    return this.model.segment(processText(text).symbols).map((s) => s.id);
  }

  encodeSequence(text: string): SequenceTokens {
    if (typeof text !== 'string') throw new UsageError(`use-lite tokenizer expects strings, got ${typeof text}`);
    const p = processText(text);
    const out: SequenceTokens = { ids: [], pieces: [], start: [], end: [], words: [] };
    for (const s of this.model.segment(p.symbols)) {
      const [start, end] = tokenOffsets(p, s.start, s.end);
      let word = -1;
      for (let i = s.start; i < s.end && word < 0; i++) if (!p.boundary[i]) word = p.words[i]!;
      out.ids.push(s.id);
      out.pieces.push(s.id === UNK_ID ? p.symbols.slice(s.start, s.end).join('') : this.model.vocab[s.id]![0]);
      out.start.push(start);
      out.end.push(end);
      out.words.push(word >= 0 ? word : p.words[s.start]!);
    }
    return out;
  }

  numSpecialTokens(): number {
    return 0;
  }

  applyTemplate(a: SequenceTokens, b: SequenceTokens | null): TemplateRow {
    if (b) throw new UsageError('use-lite encodes single texts: textPairs are not supported');
    return {
      ids: a.ids.slice(),
      typeIds: a.ids.map(() => 0),
      wordIds: a.words.map((w) => (w >= 0 ? w : null)),
      sequenceIds: a.ids.map(() => 0 as const),
      offsets: a.start.map((s, i): [number, number] => [s, a.end[i]!]),
    };
  }

  encodeBatch(texts: readonly string[], opts: EncodeOptions = {}): UseLiteEncoding {
    if (opts.textPairs) throw new UsageError('use-lite encodes single texts: textPairs are not supported');
    const enc = encodeBatch(this, texts, opts);
    const unknown = Int32Array.from(enc.inputIds, (row, b) => {
      let n = 0;
      for (let t = 0; t < enc.lengths[b]!; t++) if (row[t] === UNK_ID) n++;
      return n;
    });
    return { ...enc, unknown, unknownCount: unknown.reduce((a, b) => a + b, 0) };
  }

  /** Piece strings of one text ('▁' marks a word start; unknown pieces show their original characters). */
  tokenize(text: string): string[] {
    return this.encodeSequence(text).pieces;
  }

  /** Inverse of tokenization up to normalisation: pieces joined, '▁' → ' ', the leading space dropped. */
  decode(ids: readonly number[]): string {
    return ids
      .map((id) => this.model.vocab[id]?.[0] ?? '')
      .join('')
      .replaceAll(BOUNDARY, ' ')
      .replace(/^ /, '');
  }
}
