// One prediction as the server returns it — the same object `bertcnn predict` prints per text, without the text:
//   binary / multi-class  {"label": "positive", "probabilities": {"negative": 0.12, "positive": 0.88}}
//   multi-label           {"labels": ["sports"], "probabilities": {"politics": 0.1, "sports": 0.9}}
// Probabilities are rounded to 6 decimals, like `bertcnn predict`.
import type { ClassificationTask } from './task.ts';

export interface Prediction {
  label?: string;
  labels?: string[];
  probabilities: Record<string, number>;
}

const round = (p: number) => Math.round(p * 1e6) / 1e6;

/** `probs` is the text's row of C probabilities; `decision` a class index, or label indices (multi-label). */
export function formatPrediction(
  task: ClassificationTask,
  probs: ArrayLike<number>,
  decision: number | number[],
): Prediction {
  const probabilities = Object.fromEntries(task.labels.map((l, c) => [l, round(probs[c]!)]));
  return Array.isArray(decision)
    ? { labels: decision.map((c) => task.labels[c]!), probabilities }
    : { label: task.labels[decision]!, probabilities };
}
