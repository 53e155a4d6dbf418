// The file-system-free core of load-tokenizer.ts: a WordPiece tokenizer from the *contents* of a Hugging Face
// model folder's tokenizer files, handed over by a reader callback. load-tokenizer.ts reads them from disk (Node);
// src/web fetches them (the browser). One place decides, so both sides build the same tokenizer:
//   tokenizer.json            → used as is (preferred when present)
//   vocab.txt                 → a BERT tokenizer is built from it (tokenizer-json.ts)
//   tokenizer_config.json     → optional: do_lower_case, strip_accents, tokenize_chinese_chars, special-token
//                               names, model_max_length (overrides the tokenizer.json normalizer, as transformers does)
//   special_tokens_map.json   → optional: special-token names when tokenizer_config.json does not give them
// Browser-safe: no node: imports.

import { DataError } from '../errors.ts';
import { bertOptionsFromConfig } from './tokenizer-json.ts';
import { WordPieceTokenizer } from './wordpiece.ts';

export type TokenizerFileName = 'tokenizer.json' | 'vocab.txt' | 'tokenizer_config.json' | 'special_tokens_map.json';

/** A file's text, or undefined when the folder does not have it (read failures throw, naming the file). */
export type ReadTokenizerFile = (name: TokenizerFileName) => string | undefined;

export interface TokenizerFilesOptions {
  recognizeSpecialTokens?: boolean;
}

/** Parses `text` as a JSON object; `where` names the file in errors. */
export function parseJsonObject(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DataError(where, `cannot read JSON: ${(e as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new DataError(where, 'expected a JSON object');
  return value as Record<string, unknown>;
}

/** vocab.txt lines in id order (a final newline ends the last line; "\r\n" line ends are accepted). */
export function parseVocabTxt(text: string, where: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new DataError(where, 'the vocabulary is empty (expected one token per line)');
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** tokenizer_config.json and special_tokens_map.json (both optional) as one config object. */
export function tokenizerConfigFrom(
  read: ReadTokenizerFile,
  where: (name: TokenizerFileName) => string,
): Record<string, unknown> {
  const configText = read('tokenizer_config.json');
  const mapText = read('special_tokens_map.json');
  const config = configText === undefined ? {} : parseJsonObject(configText, where('tokenizer_config.json'));
  // Checked here, each against its own file's path: the merged object is read later under one generic name.
  bertOptionsFromConfig(config, where('tokenizer_config.json'));
  if (mapText !== undefined) {
    const map = parseJsonObject(mapText, where('special_tokens_map.json'));
    const taken: Record<string, unknown> = {};
    for (const key of ['unk_token', 'cls_token', 'sep_token', 'pad_token', 'mask_token']) {
      if (config[key] === undefined && map[key] !== undefined) taken[key] = map[key];
    }
    bertOptionsFromConfig(taken, where('special_tokens_map.json'));
    Object.assign(config, taken);
  }
  return config;
}

/**
 * The tokenizer of a model folder given by `read`; `where(name)` names a file in errors, `folder` names the
 * folder when it has neither tokenizer.json nor vocab.txt.
 */
export function wordPieceFromFiles(
  read: ReadTokenizerFile,
  where: (name: TokenizerFileName) => string,
  folder: string,
  options: TokenizerFilesOptions = {},
): WordPieceTokenizer {
  const config = tokenizerConfigFrom(read, where);
  const json = read('tokenizer.json');
  if (json !== undefined) {
    const path = where('tokenizer.json');
    return WordPieceTokenizer.fromTokenizerJson(parseJsonObject(json, path), { ...options, config, where: path });
  }
  const vocab = read('vocab.txt');
  if (vocab !== undefined) {
    const path = where('vocab.txt');
    return WordPieceTokenizer.fromVocab(parseVocabTxt(vocab, path), {}, { ...options, config, where: path });
  }
  throw new DataError(folder, 'no tokenizer.json or vocab.txt (expected a Hugging Face model folder with one of them)');
}
