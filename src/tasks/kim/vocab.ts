// Word vocabularies and Kim's padding layout.
// Vocabulary (Kim's process_data.py builds it over every sentence): the training words, plus — for pretrained
// variants — the dev/test words that have a pretrained vector (a word never seen in training and without a
// vector could only get an untrained random row, so it is left out). Id 0 is the padding row.
// Encoding (conv_net_sentence.py get_idx_from_sent): words missing from the vocabulary are dropped; the
// sentence is laid out as [0 × (h_max − 1), ids…, 0 × h_max], every position inside that span counting as a
// window position (zero vectors, i.e. Kim's "wide" convolution with zero padding). Kim pads to one fixed length
// (max_l + 2·(h_max − 1)), so shorter sentences always see at least one all-zero window for every filter size;
// the h_max zeros on the right reproduce that for every sentence.
import { UsageError } from '../../errors.ts';

export interface WordVocab {
  /** id → word; words[0] is the padding token. */
  words: string[];
  ids: Map<string, number>;
  /** Token count of each word in the training sentences (for coverage reports). */
  trainCounts: Map<string, number>;
}

export const PAD_TOKEN = '<pad>';

export function buildWordVocab(
  train: readonly (readonly string[])[],
  extra?: { sentences: readonly (readonly string[])[]; keep: (word: string) => boolean },
): WordVocab {
  const words = [PAD_TOKEN];
  const ids = new Map<string, number>();
  const trainCounts = new Map<string, number>();
  const add = (w: string) => {
    if (!ids.has(w)) {
      ids.set(w, words.length);
      words.push(w);
    }
  };
  for (const s of train)
    for (const w of s) {
      trainCounts.set(w, (trainCounts.get(w) ?? 0) + 1);
      add(w);
    }
  if (extra) for (const s of extra.sentences) for (const w of s) if (!ids.has(w) && extra.keep(w)) add(w);
  if (words.length === 1) throw new UsageError('the training sentences hold no words: cannot build a vocabulary');
  return { words, ids, trainCounts };
}

/** Token count per word over sentences (for coverage of dev/test). */
export function countWords(sentences: readonly (readonly string[])[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of sentences) for (const w of s) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

export interface PaddedLayout {
  /** Zeros before the sentence: h_max − 1. */
  left: number;
  /** Zeros after it: h_max. */
  right: number;
}

export function kimLayout(kernelSizes: readonly number[]): PaddedLayout {
  const h = Math.max(...kernelSizes);
  return { left: h - 1, right: h };
}
