// The transfer set a student learns from (Tang et al. 2019): the labelled training texts (hard label + teacher
// logits), their augmented copies (augment.ts; teacher logits only) and any unlabeled texts (teacher logits only),
// in that order. With α = 1 the teacher term weighs nothing, so only the labelled texts are kept: the student then
// trains exactly as `bertcnn train` would.
import type { LabelledSplit } from '../classification/evaluate.ts';
import { augmentTexts, type AugmentOptions } from './augment.ts';

export interface TransferSet {
  texts: string[];
  /** The hard label of each text (class index), or null (augmented copies, unlabeled texts). */
  y: (number | null)[];
  counts: { labelled: number; augmented: number; unlabeled: number; total: number };
}

export function buildTransferSet(
  train: LabelledSplit,
  o: { alpha: number; augment?: AugmentOptions; unlabeled?: readonly string[] },
): TransferSet {
  const texts = [...train.texts];
  const y: (number | null)[] = (train.y as number[]).map((v) => v);
  const teacherOnly = o.alpha < 1;
  const augmented = teacherOnly && o.augment ? augmentTexts(train.texts, o.augment).texts : [];
  const unlabeled = teacherOnly ? (o.unlabeled ?? []) : [];
  for (const t of [...augmented, ...unlabeled]) {
    texts.push(t);
    y.push(null);
  }
  return {
    texts,
    y,
    counts: {
      labelled: train.texts.length,
      augmented: augmented.length,
      unlabeled: unlabeled.length,
      total: texts.length,
    },
  };
}
