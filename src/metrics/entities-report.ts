// Text and table views of entity scores: formatConlleval() prints conlleval's own summary (percentages, FB1 and
// the per-type "found" count), entityReport() turns the scores into a ClassificationReport (one row per entity
// type; micro, macro and weighted averages as seqeval's classification_report lists them) for formatReport().
import { safeDiv, type Prf } from './prf.ts';
import { padLeft, pyFixed } from './format.ts';
import type { EntityScores } from './entities.ts';
import type { ClassificationReport } from './report.ts';

/** conlleval's output: overall line, accuracy/precision/recall/FB1 line, then one line per type. */
export function formatConlleval(s: EntityScores): string {
  const pct = (x: number) => padLeft(pyFixed(100 * x, 2), 6);
  const o = s.overall;
  let out =
    `processed ${s.tokens} tokens with ${o.support} phrases; ` +
    `found: ${o.predicted} phrases; correct: ${o.correct}.\n`;
  if (s.tokens > 0) {
    out += `accuracy: ${pct(s.tokenAccuracy)}%; precision: ${pct(o.precision)}%; recall: ${pct(o.recall)}%; FB1: ${pct(o.f1)}\n`;
  }
  for (const [type, t] of Object.entries(s.perType)) {
    out += `${padLeft(type, 17)}: precision: ${pct(t.precision)}%; recall: ${pct(t.recall)}%; FB1: ${pct(t.f1)}  ${t.predicted}\n`;
  }
  return out;
}

/** Entity scores as a ClassificationReport (rows = entity types, sorted). */
export function entityReport(s: EntityScores): ClassificationReport {
  const rows = Object.entries(s.perType).map(([name, t]) => ({
    name,
    precision: t.precision,
    recall: t.recall,
    f1: t.f1,
    support: t.support,
  }));
  const total = rows.reduce((a, r) => a + r.support, 0);
  const avg = (w: (r: Prf) => number, sum: number): Prf => ({
    precision: safeDiv(
      rows.reduce((a, r) => a + w(r) * r.precision, 0),
      sum,
    ),
    recall: safeDiv(
      rows.reduce((a, r) => a + w(r) * r.recall, 0),
      sum,
    ),
    f1: safeDiv(
      rows.reduce((a, r) => a + w(r) * r.f1, 0),
      sum,
    ),
    support: total,
  });
  const o = s.overall;
  return {
    kind: 'entities',
    rows,
    averages: {
      'micro avg': { precision: o.precision, recall: o.recall, f1: o.f1, support: o.support },
      'macro avg': avg(() => 1, rows.length),
      'weighted avg': avg((r) => r.support, total),
    },
  };
}
