// Hugging Face `tokenizer.json` / `tokenizer_config.json` for BERT WordPiece tokenizers: the object shapes we read,
// the in-memory tokenizer.json built from a vocab.txt (as `BertTokenizerFast` would convert it), and the
// BasicTokenizer options (do_lower_case, strip_accents, tokenize_chinese_chars, special tokens) read from a config.

import { DataError } from '../errors.ts';

export interface AddedTokenJson {
  id: number;
  content: string;
  single_word?: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
  special?: boolean;
}

export interface BertNormalizerJson {
  type: 'BertNormalizer';
  clean_text?: boolean;
  handle_chinese_chars?: boolean;
  strip_accents?: boolean | null;
  lowercase?: boolean;
}

export interface WordPieceModelJson {
  type?: string;
  unk_token: string;
  continuing_subword_prefix?: string;
  max_input_chars_per_word?: number;
  vocab: Record<string, number>;
}

/** The parts of tokenizer.json this project relies on; other fields are passed to the library untouched. */
export interface TokenizerJson {
  version?: string;
  added_tokens?: AddedTokenJson[];
  normalizer: ({ type: string } & Record<string, unknown>) | null;
  pre_tokenizer: ({ type: string } & Record<string, unknown>) | null;
  post_processor: ({ type: string } & Record<string, unknown>) | null;
  decoder: ({ type: string } & Record<string, unknown>) | null;
  model: WordPieceModelJson;
  [key: string]: unknown;
}

/** Options of BERT's BasicTokenizer / WordpieceTokenizer plus the special-token names. */
export interface BertTokenizerOptions {
  doLowerCase?: boolean; // default true
  stripAccents?: boolean | null; // default null: follow doLowerCase
  tokenizeChineseChars?: boolean; // default true
  maxInputCharsPerWord?: number; // default 100
  unkToken?: string;
  clsToken?: string;
  sepToken?: string;
  padToken?: string;
  maskToken?: string;
  /** tokenizer_config.json `model_max_length`: the default truncation length. */
  modelMaxLength?: number;
}

export const DEFAULT_SPECIALS = { unk: '[UNK]', cls: '[CLS]', sep: '[SEP]', pad: '[PAD]', mask: '[MASK]' } as const;

/**
 * Builds the tokenizer.json object Hugging Face writes for a BERT vocab.txt: BertNormalizer, BertPreTokenizer,
 * WordPiece ("##", max_input_chars_per_word 100), TemplateProcessing `[CLS] $A [SEP]` / `[CLS] $A [SEP] $B:1 [SEP]:1`.
 * `where` names the vocab file in errors. Duplicate lines keep the last id, as transformers' load_vocab does.
 */
export function buildBertTokenizerJson(
  lines: readonly string[],
  o: BertTokenizerOptions = {},
  where = 'vocab.txt',
): TokenizerJson {
  const vocab: Record<string, number> = Object.create(null) as Record<string, number>;
  lines.forEach((token, id) => (vocab[token] = id));
  const name = {
    unk: o.unkToken ?? DEFAULT_SPECIALS.unk,
    cls: o.clsToken ?? DEFAULT_SPECIALS.cls,
    sep: o.sepToken ?? DEFAULT_SPECIALS.sep,
    pad: o.padToken ?? DEFAULT_SPECIALS.pad,
    mask: o.maskToken ?? DEFAULT_SPECIALS.mask,
  };
  const idOf = (token: string, required: boolean): number | undefined => {
    const id = vocab[token];
    if (id === undefined && required) throw new DataError(where, `special token ${token} is not in the vocabulary`);
    return id;
  };
  const [cls, sep] = [idOf(name.cls, true)!, idOf(name.sep, true)!];
  idOf(name.unk, true);
  idOf(name.pad, true);
  const added: AddedTokenJson[] = [];
  for (const token of new Set([name.pad, name.unk, name.cls, name.sep, name.mask])) {
    const id = idOf(token, false);
    if (id === undefined) continue;
    added.push({
      id,
      content: token,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    });
  }
  added.sort((a, b) => a.id - b.id);
  const special = (id: string, typeId: number) => ({ SpecialToken: { id, type_id: typeId } });
  const sequence = (id: 'A' | 'B', typeId: number) => ({ Sequence: { id, type_id: typeId } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: o.tokenizeChineseChars ?? true,
      strip_accents: o.stripAccents ?? null,
      lowercase: o.doLowerCase ?? true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special(name.cls, 0), sequence('A', 0), special(name.sep, 0)],
      pair: [special(name.cls, 0), sequence('A', 0), special(name.sep, 0), sequence('B', 1), special(name.sep, 1)],
      special_tokens: {
        [name.cls]: { id: name.cls, ids: [cls], tokens: [name.cls] },
        [name.sep]: { id: name.sep, ids: [sep], tokens: [name.sep] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: name.unk,
      continuing_subword_prefix: '##',
      max_input_chars_per_word: o.maxInputCharsPerWord ?? 100,
      vocab,
    },
  };
}

function tokenName(value: unknown, field: string, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content; // AddedToken form: {"content": "[UNK]", ...}
  }
  throw new DataError(where, `field "${field}" must be a string or {"content": string}`);
}

function optionalBool(cfg: Record<string, unknown>, field: string, where: string): boolean | undefined {
  const v = cfg[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean')
    throw new DataError(where, `field "${field}" must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** Reads BERT tokenizer options from a parsed tokenizer_config.json (and/or special_tokens_map.json). */
export function bertOptionsFromConfig(
  cfg: Record<string, unknown>,
  where = 'tokenizer_config.json',
): BertTokenizerOptions {
  const o: BertTokenizerOptions = {};
  const lower = optionalBool(cfg, 'do_lower_case', where);
  if (lower !== undefined) o.doLowerCase = lower;
  if (cfg.strip_accents === null) o.stripAccents = null;
  else {
    const strip = optionalBool(cfg, 'strip_accents', where);
    if (strip !== undefined) o.stripAccents = strip;
  }
  const cjk = optionalBool(cfg, 'tokenize_chinese_chars', where);
  if (cjk !== undefined) o.tokenizeChineseChars = cjk;
  const names = { unk: 'unkToken', cls: 'clsToken', sep: 'sepToken', pad: 'padToken', mask: 'maskToken' } as const;
  for (const [short, key] of Object.entries(names) as Array<[keyof typeof names, (typeof names)[keyof typeof names]]>) {
    const v = tokenName(cfg[`${short}_token`], `${short}_token`, where);
    if (v !== undefined) o[key] = v;
  }
  const mml = cfg.model_max_length;
  if (mml !== undefined && mml !== null) {
    // ≥ 1, not > 0: a fraction such as 0.5 would floor to a truncation length of 0
    if (typeof mml !== 'number' || !(mml >= 1))
      throw new DataError(where, `field "model_max_length" must be a number ≥ 1, got ${JSON.stringify(mml)}`);
    if (mml < 1e6) o.modelMaxLength = Math.floor(mml); // transformers writes ~1e30 for "no limit"
  }
  return o;
}
