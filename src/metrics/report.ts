// classificationReport(): per-class rows plus averages as a structured object (for metrics.json and the HTML
// report), and formatReport(): the same as text laid out exactly like scikit-learn's classification_report
// (single-label: accuracy, macro avg, weighted avg; multi-label: micro, macro, weighted and samples avg).
import { UsageError } from '../errors.ts';
import { classificationScores } from './classification.ts';
import { multiLabelScores, type IndicatorRows } from './multilabel.ts';
import { padLeft, pyFixed } from './format.ts';
import type { Prf } from './prf.ts';

export interface ReportRow extends Prf {
  name: string;
}

export interface ClassificationReport {
  kind: 'single-label' | 'multi-label' | 'entities';
  /** One row per class / label / entity type, in label-map order. */
  rows: ReportRow[];
  /** Average rows keyed 'micro avg', 'macro avg', 'weighted avg' (and 'samples avg' for multi-label). */
  averages: Record<string, Prf>;
  /** Single-label accuracy (= micro F1). */
  accuracy?: number;
  /** Multi-label exact-match ratio. */
  subsetAccuracy?: number;
  /** Single-label confusion matrix, row = true, column = predicted. */
  confusion?: number[][];
}

/** Single-label report from class indices. */
export function classificationReport(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  labels: readonly string[],
): ClassificationReport;
/** Multi-label report from indicator rows [N, L]. */
export function classificationReport(
  yTrue: IndicatorRows,
  yPred: IndicatorRows,
  labels: readonly string[],
): ClassificationReport;
export function classificationReport(
  yTrue: ArrayLike<number> | IndicatorRows,
  yPred: ArrayLike<number> | IndicatorRows,
  labels: readonly string[],
): ClassificationReport {
  const multi = yTrue.length > 0 && typeof yTrue[0] !== 'number';
  if (multi) {
    const s = multiLabelScores(yTrue as IndicatorRows, yPred as IndicatorRows);
    if (s.perLabel.length !== labels.length) {
      throw new UsageError(`${labels.length} label names given for ${s.perLabel.length} labels`);
    }
    return {
      kind: 'multi-label',
      rows: s.perLabel.map((p, k) => ({ name: labels[k]!, ...p })),
      averages: { 'micro avg': s.micro, 'macro avg': s.macro, 'weighted avg': s.weighted, 'samples avg': s.samples },
      subsetAccuracy: s.subsetAccuracy,
    };
  }
  const s = classificationScores(yTrue as ArrayLike<number>, yPred as ArrayLike<number>, labels.length);
  return {
    kind: 'single-label',
    rows: s.perClass.map((p, k) => ({ name: labels[k]!, ...p })),
    averages: { 'micro avg': s.micro, 'macro avg': s.macro, 'weighted avg': s.weighted },
    accuracy: s.accuracy,
    confusion: s.confusion,
  };
}

/**
 * Text table like scikit-learn's classification_report(digits=digits). For single-label reports the micro average
 * is printed as scikit-learn does, as an "accuracy" row with only the F1 and support columns filled.
 */
export function formatReport(report: ClassificationReport, digits = 2): string {
  const avgNames = Object.keys(report.averages).filter((n) => !(report.kind === 'single-label' && n === 'micro avg'));
  const width = Math.max(...report.rows.map((r) => r.name.length), 'weighted avg'.length, digits);
  const num = (x: number) => padLeft(pyFixed(x, digits), 9);
  const line = (name: string, cells: string[]) => `${padLeft(name, width)} ${cells.map((c) => ` ${c}`).join('')}\n`;
  const row = (name: string, p: Prf) =>
    line(name, [num(p.precision), num(p.recall), num(p.f1), padLeft(String(p.support), 9)]);
  let out = line(
    '',
    ['precision', 'recall', 'f1-score', 'support'].map((h) => padLeft(h, 9)),
  ).replace(/\n$/, '\n\n');
  for (const r of report.rows) out += row(r.name, r);
  out += '\n';
  if (report.kind === 'single-label') {
    const micro = report.averages['micro avg']!;
    out += line('accuracy', [
      padLeft('', 9),
      padLeft('', 9),
      num(report.accuracy ?? micro.f1),
      padLeft(String(micro.support), 9),
    ]);
  }
  for (const name of avgNames) out += row(name, report.averages[name]!);
  return out;
}
