// Loads a WordPiece tokenizer from a Hugging Face model folder (or a tokenizer.json path):
//   tokenizer.json            → used as is (preferred when present)
//   vocab.txt                 → a BERT tokenizer is built from it (tokenizer-json.ts)
//   tokenizer_config.json     → optional: do_lower_case, strip_accents, tokenize_chinese_chars, special-token
//                               names, model_max_length (overrides the tokenizer.json normalizer, as transformers does)
//   special_tokens_map.json   → optional: special-token names when tokenizer_config.json does not give them
// Missing or unreadable files raise DataError naming the file and what was expected.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataError } from '../errors.ts';
import { WordPieceTokenizer } from './wordpiece.ts';

export interface LoadTokenizerOptions {
  recognizeSpecialTokens?: boolean;
}

function readJsonObject(path: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DataError(path, `cannot read JSON: ${(e as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new DataError(path, 'expected a JSON object');
  return value as Record<string, unknown>;
}

/** vocab.txt lines in id order (a final newline ends the last line; "\r\n" line ends are accepted). */
export function readVocabTxt(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataError(path, `cannot read the vocabulary: ${(e as Error).message}`);
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new DataError(path, 'the vocabulary is empty (expected one token per line)');
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Reads tokenizer_config.json and special_tokens_map.json (both optional) into one config object. */
export function readTokenizerConfig(dir: string): Record<string, unknown> {
  const configPath = join(dir, 'tokenizer_config.json');
  const mapPath = join(dir, 'special_tokens_map.json');
  const config = existsSync(configPath) ? readJsonObject(configPath) : {};
  if (existsSync(mapPath)) {
    const map = readJsonObject(mapPath);
    for (const key of ['unk_token', 'cls_token', 'sep_token', 'pad_token', 'mask_token']) {
      if (config[key] === undefined && map[key] !== undefined) config[key] = map[key];
    }
  }
  return config;
}

/** Loads the tokenizer of a local Hugging Face model folder, or of a tokenizer.json file (config from its folder). */
export function loadWordPieceTokenizer(path: string, options: LoadTokenizerOptions = {}): WordPieceTokenizer {
  if (!existsSync(path)) throw new DataError(path, 'model folder does not exist');
  if (statSync(path).isFile()) {
    const config = readTokenizerConfig(dirname(path));
    return WordPieceTokenizer.fromTokenizerJson(readJsonObject(path), { ...options, config, where: path });
  }
  const dir = path;
  const config = readTokenizerConfig(dir);
  const jsonPath = join(dir, 'tokenizer.json');
  if (existsSync(jsonPath)) {
    return WordPieceTokenizer.fromTokenizerJson(readJsonObject(jsonPath), { ...options, config, where: jsonPath });
  }
  const vocabPath = join(dir, 'vocab.txt');
  if (existsSync(vocabPath)) {
    return WordPieceTokenizer.fromVocab(readVocabTxt(vocabPath), {}, { ...options, config, where: vocabPath });
  }
  throw new DataError(dir, 'no tokenizer.json or vocab.txt (expected a Hugging Face model folder with one of them)');
}
