// From the model's probabilities [N, C] to what `bertcnn predict` prints per text (the same decision rule as
// tasks/classification/task.ts decide(), restated here because that module builds graphs and is not for the browser):
//   multiclass → { label: argmax (first on ties), probabilities }
//   binary     → { label: labels[p₁ ≥ threshold ? 1 : 0], probabilities }   threshold: sidecar's, else 0.5
//   multilabel → { labels: every label with p ≥ its threshold, probabilities }
// probabilities: { label: p } in label order, unrounded float32 values.
import { UsageError } from '../errors.ts';
import type { ExportManifest } from './manifest.ts';

export type WebPrediction =
  | { text: string; label: string; probabilities: Record<string, number> }
  | { text: string; labels: string[]; probabilities: Record<string, number> };

type Task = Pick<ExportManifest, 'task' | 'labels' | 'thresholds'>;

/** Decision indices per row: a class index (binary, multi-class) or a list of them (multi-label). */
export function decisions(t: Task, probs: ArrayLike<number>, threshold?: number): Array<number | number[]> {
  const C = t.labels.length;
  const N = Math.floor(probs.length / C);
  const rows = Array.from({ length: N }, (_, b) => b);
  if (t.task === 'multilabel') {
    const th = t.labels.map((_, c) => threshold ?? t.thresholds?.[c] ?? 0.5);
    return rows.map((b) => th.flatMap((h, c) => (probs[b * C + c]! >= h ? [c] : [])));
  }
  if (t.task === 'binary') {
    const h = threshold ?? t.thresholds?.[0] ?? 0.5;
    return rows.map((b) => (probs[2 * b + 1]! >= h ? 1 : 0));
  }
  return rows.map((b) => {
    let best = 0;
    for (let c = 1; c < C; c++) if (probs[b * C + c]! > probs[b * C + best]!) best = c;
    return best;
  });
}

/** One result per text, like a line of `bertcnn predict`. */
export function predictions(
  t: Task,
  texts: readonly string[],
  probs: ArrayLike<number>,
  threshold?: number,
): WebPrediction[] {
  if (threshold !== undefined) {
    if (!(threshold > 0 && threshold < 1)) throw new UsageError(`threshold must be in (0, 1), got ${threshold}`);
    if (t.task === 'multiclass')
      throw new UsageError('a threshold applies to binary and multi-label models; this one is multi-class (argmax)');
  }
  const C = t.labels.length;
  return decisions(t, probs, threshold).map((d, i) => {
    const probabilities = Object.fromEntries(t.labels.map((l, c) => [l, probs[i * C + c]!]));
    const text = texts[i]!;
    return Array.isArray(d)
      ? { text, labels: d.map((c) => t.labels[c]!), probabilities }
      : { text, label: t.labels[d]!, probabilities };
  });
}
