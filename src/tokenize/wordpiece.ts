// BERT WordPiece tokenizer on top of @huggingface/tokenizers (Tokenizers.js), with character offsets and word ids.
//
// Built from a tokenizer.json object, or from vocab.txt lines + BasicTokenizer options (see tokenizer-json.ts).
// The library supplies the pre-tokenizer (BertPreTokenizer), the WordPiece model (greedy longest-match-first with
// "##" continuations, [UNK] for words over max_input_chars_per_word), the post-processor template
// ([CLS] $A [SEP] / pairs) and the decoder. Implemented here because the library does not provide them:
//   - offsets: Tokenizers.js returns token strings only. The text is normalized by bert-normalizer.ts, which
//     keeps an alignment (and fixes the library normalizer's two departures from BERT, see that file); each
//     pre-token is located in the normalized text in order, each piece inside its word by length.
//   - special tokens typed in the raw text ("[SEP]") are split out before normalization (segments.ts), as Hugging
//     Face does for its non-normalized added tokens; `recognizeSpecialTokens: false` treats them as plain text.
//     Added tokens are matched on the raw text even when marked normalized; lstrip/rstrip/single_word are ignored.
//   - truncation, padding, masks and batching: encode-batch.ts.
// Offsets are [start, end) UTF-16 indices into the original string (what String.prototype.slice takes).

import { DataError, UsageError } from '../errors.ts';
import { alignIdentity, alignPerCodePoint, bertNormalize, type AlignedText } from './bert-normalizer.ts';
import { createLibTokenizer, type LibTokenizer } from './hf-tokenizers.ts';
import {
  encodeBatch,
  rowOf,
  type BatchEncoding,
  type EncodedRow,
  type EncodeOptions,
  type SequenceTokens,
  type TemplateRow,
} from './encode-batch.ts';
import { pieceSpans, splitAddedTokens, type AddedToken, type Segment } from './segments.ts';
import { applyTemplate, countSpecialTokens } from './template.ts';
import {
  bertOptionsFromConfig,
  buildBertTokenizerJson,
  DEFAULT_SPECIALS,
  type BertTokenizerOptions,
  type TokenizerJson,
} from './tokenizer-json.ts';

export interface WordPieceInit {
  /** Parsed tokenizer_config.json (optional); its do_lower_case / strip_accents / tokenize_chinese_chars win. */
  config?: Record<string, unknown>;
  /** Split special tokens typed in the text out as special ids (default true, as Hugging Face does). */
  recognizeSpecialTokens?: boolean;
  /** Names the source in errors, e.g. `model/tokenizer.json`. */
  where?: string;
}

export interface SpecialIds {
  pad: number | null;
  unk: number;
  cls: number | null;
  sep: number | null;
  mask: number | null;
}

export class WordPieceTokenizer {
  readonly vocabSize: number;
  readonly specialIds: SpecialIds;
  /** Default truncation length: tokenizer_config `model_max_length`, else 512. */
  readonly modelMaxLength: number;
  readonly recognizeSpecialTokens: boolean;
  /** The file it was read from (WordPieceInit.where), named in errors about the vocabulary. */
  readonly source: string;
  private readonly lib: LibTokenizer;
  private readonly normalize: (text: string) => AlignedText;
  private readonly prefix: string;
  private readonly added: AddedToken[];

  private constructor(json: TokenizerJson, init: WordPieceInit, options: BertTokenizerOptions) {
    const where = init.where ?? 'tokenizer.json';
    this.source = where;
    const model = json.model;
    const vocabOk = model?.vocab !== null && typeof model?.vocab === 'object' && !Array.isArray(model.vocab);
    if (!model || typeof model !== 'object' || !vocabOk || typeof model.unk_token !== 'string') {
      throw new DataError(where, 'field "model" must be a WordPiece model with "vocab" and "unk_token"');
    }
    if (model.type !== undefined && model.type !== 'WordPiece') {
      throw new DataError(where, `model type ${JSON.stringify(model.type)} is not supported (only WordPiece)`);
    }
    const added = json.added_tokens ?? [];
    if (
      !Array.isArray(added) ||
      !added.every((t) => typeof t?.content === 'string' && Number.isSafeInteger(t.id) && t.id >= 0)
    ) {
      throw new DataError(where, 'field "added_tokens" must be a list of {"id": integer ≥ 0, "content": string}');
    }
    // ids index the embedding matrix: a string, fractional or negative id would reach ONNX Runtime's Gather
    for (const [token, id] of Object.entries(model.vocab as Record<string, unknown>)) {
      if (!Number.isSafeInteger(id) || (id as number) < 0)
        throw new DataError(
          where,
          `model.vocab: token ${JSON.stringify(token)} has id ${JSON.stringify(id)}, not an integer ≥ 0`,
        );
    }
    const norm = json.normalizer;
    if (norm && norm.type === 'BertNormalizer') {
      // Hugging Face's BertTokenizerFast lets tokenizer_config.json override the serialized normalizer.
      if (options.doLowerCase !== undefined) norm.lowercase = options.doLowerCase;
      if (options.stripAccents !== undefined) norm.strip_accents = options.stripAccents;
      if (options.tokenizeChineseChars !== undefined) norm.handle_chinese_chars = options.tokenizeChineseChars;
    }
    try {
      this.lib = createLibTokenizer({ ...json, added_tokens: added }, init.config ?? {});
    } catch (e) {
      throw new DataError(where, `not a usable tokenizer: ${(e as Error).message}`);
    }
    if (norm && norm.type === 'BertNormalizer') {
      const o = {
        cleanText: norm.clean_text !== false,
        handleChineseChars: norm.handle_chinese_chars !== false,
        lowercase: norm.lowercase !== false,
        stripAccents: typeof norm.strip_accents === 'boolean' ? norm.strip_accents : null,
      };
      this.normalize = (text) => bertNormalize(text, o);
    } else if (this.lib.normalizer) {
      const f = this.lib.normalizer;
      this.normalize = (text) => alignPerCodePoint(text, (s) => f(s));
    } else {
      this.normalize = alignIdentity;
    }
    this.prefix = model.continuing_subword_prefix ?? '##';
    this.added = added.filter((t) => t.content.length > 0).map((t) => ({ content: t.content, id: t.id }));
    this.recognizeSpecialTokens = init.recognizeSpecialTokens ?? true;
    let maxId = -1;
    for (const id of Object.values(model.vocab)) maxId = Math.max(maxId, id);
    for (const t of this.added) maxId = Math.max(maxId, t.id);
    this.vocabSize = maxId + 1;
    const unk = this.tokenToId(model.unk_token);
    if (unk === undefined) throw new DataError(where, `unk_token ${model.unk_token} is not in the vocabulary`);
    const find = (name: string | undefined, dflt: string) => this.tokenToId(name ?? dflt) ?? null;
    this.specialIds = {
      pad: find(options.padToken, DEFAULT_SPECIALS.pad),
      unk,
      cls: find(options.clsToken, DEFAULT_SPECIALS.cls),
      sep: find(options.sepToken, DEFAULT_SPECIALS.sep),
      mask: find(options.maskToken, DEFAULT_SPECIALS.mask),
    };
    this.modelMaxLength = options.modelMaxLength ?? 512;
    this.checkTemplate(where, unk);
    const specials = this.numSpecialTokens(false);
    if (this.modelMaxLength < specials) {
      throw new DataError(
        'tokenizer_config.json',
        `field "model_max_length" is ${this.modelMaxLength}, less than the ${specials} special tokens every sequence gets`,
      );
    }
  }

  /**
   * Applies the post-processor once to a one-token text and pair: the library reads its template lazily, so a
   * malformed `post_processor` would otherwise fail inside encode() with a TypeError; its special-token ids must
   * lie in the vocabulary too.
   */
  private checkTemplate(where: string, unk: number): void {
    const one: SequenceTokens = { ids: [unk], pieces: ['x'], start: [0], end: [1], words: [0] };
    for (const pair of [false, true]) {
      let ids: number[];
      try {
        ids = this.applyTemplate(one, pair ? one : null).ids;
      } catch (e) {
        const msg = e instanceof DataError ? e.message.slice(e.where.length + 2) : (e as Error).message;
        throw new DataError(where, `post_processor cannot be applied: ${msg}`);
      }
      const bad = ids.find((id) => !Number.isSafeInteger(id) || id < 0 || id >= this.vocabSize);
      if (bad !== undefined)
        throw new DataError(
          where,
          `post_processor special token id ${JSON.stringify(bad)} is not in the vocabulary (size ${this.vocabSize})`,
        );
    }
  }

  /** From a parsed tokenizer.json (a deep copy is taken; the object is not modified). */
  static fromTokenizerJson(json: unknown, init: WordPieceInit = {}): WordPieceTokenizer {
    const where = init.where ?? 'tokenizer.json';
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw new DataError(where, 'expected a JSON object');
    const options = init.config ? bertOptionsFromConfig(init.config, 'tokenizer_config.json') : {};
    return new WordPieceTokenizer(structuredClone(json) as TokenizerJson, init, options);
  }

  /** From vocab.txt lines (line index = id) and BERT BasicTokenizer options; `init.config` overrides `options`. */
  static fromVocab(
    lines: readonly string[],
    options: BertTokenizerOptions = {},
    init: WordPieceInit = {},
  ): WordPieceTokenizer {
    const merged = { ...options, ...(init.config ? bertOptionsFromConfig(init.config, 'tokenizer_config.json') : {}) };
    const json = buildBertTokenizerJson(lines, merged, init.where ?? 'vocab.txt');
    return new WordPieceTokenizer(json, { ...init, where: init.where ?? 'vocab.txt' }, merged);
  }

  tokenToId(token: string): number | undefined {
    return this.lib.token_to_id(token);
  }

  idToToken(id: number): string | undefined {
    return this.lib.id_to_token(id);
  }

  /** WordPiece pieces of `text`, without [CLS]/[SEP]. */
  tokenize(text: string): string[] {
    return this.encodeSequence(text).pieces;
  }

  /** Decodes ids back to text (WordPiece decoder: "##" pieces joined, spaces cleaned up). */
  decode(ids: ArrayLike<number>, { skipSpecialTokens = false }: { skipSpecialTokens?: boolean } = {}): string {
    const list = Array.from(ids);
    if (list.length === 0) return '';
    return this.lib.decode(list, { skip_special_tokens: skipSpecialTokens });
  }

  /** Batch encoding with truncation, padding, masks, token types, word ids and offsets (see encode-batch.ts). */
  encodeBatch(texts: readonly string[], options: EncodeOptions = {}): BatchEncoding {
    return encodeBatch(this, texts, options);
  }

  /** One text (or pair) with special tokens, truncated to `maxLength`, unpadded: row 0 of a batch of one. */
  encode(
    text: string,
    options: Pick<EncodeOptions, 'maxLength' | 'truncation'> & { textPair?: string } = {},
  ): EncodedRow {
    const { textPair, ...rest } = options;
    const pairs = textPair === undefined ? undefined : [textPair];
    return rowOf(encodeBatch(this, [text], { ...rest, padding: false, textPairs: pairs }), 0);
  }

  /** Number of special tokens the post-processor adds to a single text or a pair. */
  numSpecialTokens(pair: boolean): number {
    return countSpecialTokens(this.lib, pair);
  }

  /** Places the special tokens of the post-processor template around one or two sequences. */
  applyTemplate(a: SequenceTokens, b: SequenceTokens | null): TemplateRow {
    return applyTemplate(this.lib, a, b, (t) => this.tokenToId(t));
  }

  /** Pieces, ids, [start, end) offsets and word indices of one text, without special tokens or truncation. */
  encodeSequence(text: string): SequenceTokens {
    if (typeof text !== 'string') throw new UsageError(`expected a string to tokenize, got ${typeof text}`);
    const out: SequenceTokens = { ids: [], pieces: [], start: [], end: [], words: [] };
    let word = 0;
    const segments = this.recognizeSpecialTokens ? splitAddedTokens(text, this.added) : text ? [{ text, at: 0 }] : [];
    for (const seg of segments as Iterable<Segment>) {
      if (seg.id !== undefined) {
        out.ids.push(seg.id);
        out.pieces.push(seg.text);
        out.start.push(seg.at);
        out.end.push(seg.at + seg.text.length);
        out.words.push(word++);
        continue;
      }
      const aligned = this.normalize(seg.text);
      const norm = aligned.text;
      const words = this.lib.pre_tokenizer ? this.lib.pre_tokenizer(norm) : norm ? [norm] : [];
      let cursor = 0;
      for (const w of words) {
        const at = norm.indexOf(w, cursor);
        if (at < 0 || w.length === 0)
          throw new UsageError(`the tokenizer's pre_tokenizer rewrites text; offsets cannot be computed`);
        cursor = at + w.length;
        const pieces = this.lib.model!([w]);
        const spans = pieceSpans(pieces, w.length, this.prefix);
        pieces.forEach((piece, k) => {
          const [a, b] = spans[k]!;
          out.ids.push(this.tokenToId(piece) ?? this.specialIds.unk);
          out.pieces.push(piece);
          out.start.push(seg.at + aligned.start[at + a]!);
          out.end.push(seg.at + aligned.end[at + b - 1]!);
          out.words.push(word);
        });
        word++;
      }
    }
    return out;
  }
}
