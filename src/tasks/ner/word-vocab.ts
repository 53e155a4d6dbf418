// The word vocabulary of a tagger over word ids (mode 'words'): id 0 = <pad>, id 1 = <unk> (words never seen —
// at prediction time, or dev/test words without a pretrained row), then the training words in first-seen order,
// then dev/test words that have a pretrained row (Kim's rule: such a word's row carries information even though
// training never updates it from a labelled example). Saved in the run folder as vocab.json, in row order.
import { join } from 'node:path';
import { readWordList } from '../../data/word-list.ts';
import { DataError, UsageError } from '../../errors.ts';
import { writeJson } from '../../train/run-dir.ts';
import { idsOfWords, WORD_PAD, WORD_UNK } from './word-rows.ts';

export { WORD_PAD, WORD_UNK } from './word-rows.ts';
export const VOCAB_FILE = 'vocab.json';

export interface TaggerVocab {
  /** id → word (row order of the embedding table). */
  words: string[];
  ids: Map<string, number>;
}

const make = (words: string[]): TaggerVocab => ({ words, ids: new Map(words.map((w, i) => [w, i])) });

export function buildTaggerVocab(
  train: readonly (readonly string[])[],
  extra?: { sentences: readonly (readonly string[])[]; keep: (word: string) => boolean },
): TaggerVocab {
  const words = [WORD_PAD, WORD_UNK];
  const seen = new Set(words);
  const add = (w: string) => {
    if (seen.has(w)) return;
    seen.add(w);
    words.push(w);
  };
  for (const s of train) for (const w of s) add(w);
  if (extra) for (const s of extra.sentences) for (const w of s) if (!seen.has(w) && extra.keep(w)) add(w);
  if (words.length === 2) throw new UsageError('the training sentences hold no words: cannot build a vocabulary');
  return make(words);
}

/** Word ids of a sentence (unknown words → <unk>; word-rows.ts has the rule). */
export function wordIds(vocab: TaggerVocab, words: readonly string[]): number[] {
  return idsOfWords(vocab.ids, words);
}

export async function saveTaggerVocab(dir: string, vocab: TaggerVocab): Promise<void> {
  await writeJson(join(dir, VOCAB_FILE), { level: 'word', size: vocab.words.length, words: vocab.words });
}

export async function loadTaggerVocab(dir: string, size?: number): Promise<TaggerVocab> {
  const path = join(dir, VOCAB_FILE);
  const ws = await readWordList(path);
  if (ws[0] !== WORD_PAD || ws[1] !== WORD_UNK)
    throw new DataError(path, `field "words": must start with ${WORD_PAD}, ${WORD_UNK}`);
  if (size !== undefined && ws.length !== size)
    throw new DataError(path, `field "words": ${ws.length} words, config.json says embeddings.vocabSize ${size}`);
  return make(ws);
}
