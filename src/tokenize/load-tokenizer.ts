// Loads a WordPiece tokenizer from a Hugging Face model folder (or a tokenizer.json path). Which files are used
// and how (tokenizer.json preferred, else vocab.txt; tokenizer_config.json / special_tokens_map.json options) is
// decided in tokenizer-files.ts, shared with the browser (src/web); this file only reads them from disk.
// Missing or unreadable files raise DataError naming the file and what was expected.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataError } from '../errors.ts';
import {
  parseVocabTxt,
  tokenizerConfigFrom,
  wordPieceFromFiles,
  type ReadTokenizerFile,
  type TokenizerFileName,
} from './tokenizer-files.ts';
import type { WordPieceTokenizer } from './wordpiece.ts';

export interface LoadTokenizerOptions {
  recognizeSpecialTokens?: boolean;
}

/** The text of `path`; a read failure names the file: "cannot read JSON: …" / "cannot read the vocabulary: …". */
function readText(path: string, what: 'JSON' | 'the vocabulary'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataError(path, `cannot read ${what}: ${(e as Error).message}`);
  }
}

const kindOf = (name: TokenizerFileName) => (name === 'vocab.txt' ? 'the vocabulary' : 'JSON');

/** Reads the tokenizer files of `dir` that exist. */
function folderReader(dir: string): ReadTokenizerFile {
  return (name) => {
    const path = join(dir, name);
    return existsSync(path) ? readText(path, kindOf(name)) : undefined;
  };
}

const inFolder = (dir: string) => (name: TokenizerFileName) => join(dir, name);

/** vocab.txt lines in id order (a final newline ends the last line; "\r\n" line ends are accepted). */
export function readVocabTxt(path: string): string[] {
  return parseVocabTxt(readText(path, 'the vocabulary'), path);
}

/** Reads tokenizer_config.json and special_tokens_map.json (both optional) into one config object. */
export function readTokenizerConfig(dir: string): Record<string, unknown> {
  return tokenizerConfigFrom(folderReader(dir), inFolder(dir));
}

/** Loads the tokenizer of a local Hugging Face model folder, or of a tokenizer.json file (config from its folder). */
export function loadWordPieceTokenizer(path: string, options: LoadTokenizerOptions = {}): WordPieceTokenizer {
  if (!existsSync(path)) throw new DataError(path, 'model folder does not exist');
  if (statSync(path).isFile()) {
    // A tokenizer.json given by path: that file, plus the config files of its folder (never its vocab.txt).
    const dir = dirname(path);
    const folder = folderReader(dir);
    const read: ReadTokenizerFile = (name) =>
      name === 'tokenizer.json' ? readText(path, 'JSON') : name === 'vocab.txt' ? undefined : folder(name);
    const where = (name: TokenizerFileName) => (name === 'tokenizer.json' ? path : join(dir, name));
    return wordPieceFromFiles(read, where, dir, options);
  }
  return wordPieceFromFiles(folderReader(path), inFolder(path), path, options);
}
