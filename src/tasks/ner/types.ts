// Types shared by the NER task modules: the task description stored in a run's config.json, and the alignment
// of one sentence's words to its encoder sub-tokens (alignment.ts).
import type { TagScheme } from './scheme.ts';

export interface TaggingTask {
  kind: 'ner';
  /** The BIO tag set the model predicts ('O', B-/I- per type); label index = position. */
  labels: string[];
  /** Scheme of the training data, used for predicted tags in output. */
  scheme: TagScheme;
}

export interface WordAlignment {
  /** Sub-tokens of the encoded (truncated) sentence, specials included. */
  tokens: number;
  /** Words of the sentence. */
  words: number;
  /** Per word: position of its first sub-token, or −1 (cut by truncation / no token). */
  firstToken: Int32Array;
  /** Words that have a first sub-token, in order (the labelled positions of training and prediction). */
  labelled: number[];
}
