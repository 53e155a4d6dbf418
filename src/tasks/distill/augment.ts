// Transfer-set augmentation of Tang et al. (2019, section 3.3), minus their POS-guided word replacement: a
// labelled sentence yields up to `copies` synthetic sentences for the teacher to label. For each copy, every
// word (whitespace-separated) is replaced by the mask token with probability `maskProb` (p_mask = 0.1 in the
// paper); then, with probability `ngramProb` (p_ng = 0.25), the copy is cut down to a random n-gram of itself,
// n uniform in 1..maxNgram (5). Copies equal to the sentence or to an earlier copy are dropped (the paper's
// "discarding duplicates"), so a sentence yields at most `copies` new texts. Seeded: the same sentences, options
// and seed give the same copies on every machine. The copies carry no hard label; the teacher's logits train on them.
import { UsageError } from '../../errors.ts';
import { Rng } from '../../engine/rng.ts';

export interface AugmentOptions {
  /** Synthetic copies tried per sentence (the paper's n_iter: 20 for SST-2). */
  copies: number;
  maskProb: number;
  ngramProb: number;
  maxNgram: number;
  /** Replaces a masked word: the student's mask token text, e.g. [MASK] (BERT vocabularies) or [UNK]. */
  maskToken: string;
  seed: number;
}

export const AUGMENT_DEFAULTS: Omit<AugmentOptions, 'copies' | 'seed'> = {
  maskProb: 0.1,
  ngramProb: 0.25,
  maxNgram: 5,
  maskToken: '[MASK]',
};

export function checkAugment(o: AugmentOptions): void {
  if (!Number.isInteger(o.copies) || o.copies < 1)
    throw new UsageError(`--augment-copies must be ≥ 1, got ${o.copies}`);
  for (const [flag, p] of [
    ['--mask-prob', o.maskProb],
    ['--ngram-prob', o.ngramProb],
  ] as const)
    if (!(p >= 0 && p <= 1)) throw new UsageError(`${flag} must be in [0, 1], got ${p}`);
  if (!Number.isInteger(o.maxNgram) || o.maxNgram < 1)
    throw new UsageError(`max n-gram must be ≥ 1, got ${o.maxNgram}`);
}

/** One synthetic copy of `words` (masking, then maybe n-gram sampling). */
export function augmentOnce(words: readonly string[], o: AugmentOptions, rng: Rng): string[] {
  const masked = words.map((w) => (rng.next() < o.maskProb ? o.maskToken : w));
  if (masked.length === 0 || !(rng.next() < o.ngramProb)) return masked;
  const n = Math.min(1 + rng.int(o.maxNgram), masked.length);
  const start = rng.int(masked.length - n + 1);
  return masked.slice(start, start + n);
}

export interface Augmented<T = string> {
  texts: T[];
  /** Index of the sentence each text was made from. */
  source: number[];
}

/** The synthetic copies of sentences given as word lists (NER transfer sets), in sentence order (see the header). */
export function augmentWordLists(sentences: readonly (readonly string[])[], o: AugmentOptions): Augmented<string[]> {
  checkAugment(o);
  const rng = new Rng(o.seed);
  const out: Augmented<string[]> = { texts: [], source: [] };
  sentences.forEach((words, i) => {
    const seen = new Set([words.join(' ')]);
    for (let k = 0; k < o.copies; k++) {
      const copy = augmentOnce(words, o, rng);
      const key = copy.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      out.texts.push(copy);
      out.source.push(i);
    }
  });
  return out;
}

/** The synthetic copies of `sentences` (words split on whitespace), in sentence order (see the header). */
export function augmentTexts(sentences: readonly string[], o: AugmentOptions): Augmented {
  const words = sentences.map((s) => s.split(/\s+/).filter((w) => w.length > 0));
  const a = augmentWordLists(words, o);
  return { texts: a.texts.map((w) => w.join(' ')), source: a.source };
}
