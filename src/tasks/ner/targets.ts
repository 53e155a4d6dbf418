// Word-level batch tensors of a tagging step. Each sentence's labelled words (those with a first sub-token, in
// order) fill a prefix of its row; rows are padded to the batch's token length T (a sentence never has more
// labelled words than tokens):
//   word_index [B, T] int64    position of each labelled word's first sub-token (0 on padding)
//   word_mask  [B, T] float32  1 for a labelled word, 0 for padding (a prefix, as the CRF requires)
//   targets    [B, T] int64    BIO tag index of each labelled word, −100 on padding (ignored by the loss)
import type { InputSpec } from '../../engine/session.ts';
import type { HostTensor } from '../../engine/tensor.ts';
import type { WordAlignment } from './types.ts';

export const IGNORE_INDEX = -100;

/** Program inputs for word tensors of length T ('T' = dynamic, shared with the token inputs). */
export function wordInputSpecs(T: number | 'T', withTargets: boolean): InputSpec[] {
  const specs: InputSpec[] = [
    { name: 'word_index', dtype: 'int64', shape: ['B', T] },
    { name: 'word_mask', dtype: 'float32', shape: ['B', T] },
  ];
  if (withTargets) specs.push({ name: 'targets', dtype: 'int64', shape: ['B', T] });
  return specs;
}

/** Word tensors for aligned sentences; `tags[b][w]` is the tag index of word w (all words, not only labelled). */
export function wordTensors(
  aligns: readonly WordAlignment[],
  T: number,
  tags?: readonly (readonly number[])[],
): Record<string, HostTensor> {
  const B = aligns.length;
  const index = new BigInt64Array(B * T);
  const mask = new Float32Array(B * T);
  const targets = new BigInt64Array(B * T).fill(BigInt(IGNORE_INDEX));
  aligns.forEach((a, b) => {
    if (a.labelled.length > T)
      throw new RangeError(`sentence ${b}: ${a.labelled.length} labelled words do not fit T = ${T}`);
    a.labelled.forEach((w, k) => {
      index[b * T + k] = BigInt(a.firstToken[w]!);
      mask[b * T + k] = 1;
      if (tags) targets[b * T + k] = BigInt(tags[b]![w]!);
    });
  });
  const out: Record<string, HostTensor> = {
    word_index: { dtype: 'int64', shape: [B, T], data: index },
    word_mask: { dtype: 'float32', shape: [B, T], data: mask },
  };
  if (tags) out.targets = { dtype: 'int64', shape: [B, T], data: targets };
  return out;
}
