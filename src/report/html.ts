// The run report: one self-contained HTML file (inline CSS + SVG, no scripts). This file holds the page shell and
// the pieces every kind of report shares (curves per epoch, score tables, the configuration), and renders the
// classification report (also used by Kim 2014 runs): loss and metric curves, the confusion matrix as a heat map,
// the per-class precision/recall/F1 table and the run configuration. ner-html.ts and cv-html.ts render the others.
import { esc, heatmap, lineChart, type Series } from './svg.ts';

export interface EpochRow {
  epoch: number;
  train_loss: number;
  dev_loss?: number;
  /** Dev metrics by name, e.g. { accuracy: 0.91, macro_f1: 0.90 }. */
  dev?: Record<string, number>;
}

export interface ClassRow {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ReportData {
  title: string;
  config: unknown;
  epochs: EpochRow[];
  /** Evaluation on the selected split (dev or test). */
  evaluation?: {
    split: string;
    labels: string[];
    /** Single-label runs; multi-label runs have none (the heat map is left out). */
    confusion: number[][] | null;
    perClass: ClassRow[];
    summary: Record<string, number>;
  };
  generatedAt?: string;
}

export const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#7f7f7f'];

/** A score as the report prints it (4 decimals; '–' when absent). */
export const num = (x: number | undefined | null) => (typeof x === 'number' ? x.toFixed(4) : '–');

/** The loss chart and the dev-metrics chart of one run's epochs. */
export function curves(epochs: EpochRow[]): string {
  const loss: Series[] = [
    { name: 'train loss', color: COLORS[0]!, points: epochs.map((e) => [e.epoch, e.train_loss]) },
  ];
  if (epochs.some((e) => e.dev_loss !== undefined)) {
    loss.push({
      name: 'dev loss',
      color: COLORS[1]!,
      points: epochs.filter((e) => e.dev_loss !== undefined).map((e) => [e.epoch, e.dev_loss!]),
    });
  }
  const names = [...new Set(epochs.flatMap((e) => Object.keys(e.dev ?? {})))];
  const metrics: Series[] = names.map((n, i) => ({
    name: n,
    color: COLORS[(i + 2) % COLORS.length]!,
    points: epochs.filter((e) => e.dev?.[n] !== undefined).map((e) => [e.epoch, e.dev![n]!]),
  }));
  return lineChart('Loss per epoch', loss) + (metrics.length ? lineChart('Dev metrics per epoch', metrics) : '');
}

/** An HTML table; cells are escaped, `id` names it for readers and tests. */
export function table(head: string[], rows: (string | number)[][], id?: string): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`).join('');
  return `<table${id ? ` id="${esc(id)}"` : ''}><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/** `name value · name value …` of a split's summary scores. */
export function summaryLine(summary: Record<string, number>): string {
  return `<p class="summary">${Object.entries(summary)
    .map(([k, v]) => `<b>${esc(k)}</b> ${v.toFixed(4)}`)
    .join(' · ')}</p>`;
}

export function configSection(config: unknown): string {
  return `<h2>Configuration</h2><pre>${esc(JSON.stringify(config, null, 2))}</pre>`;
}

/** The whole page around `body`: title, generation line, styles. */
export function page(title: string, generatedAt: string | undefined, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
.charts{display:flex;flex-wrap:wrap;gap:16px}
svg.chart{background:#fafafa;border:1px solid #ddd}
svg .title{font-weight:600;font-size:13px}svg .tick{font-size:11px;fill:#444}svg .grid{stroke:#e4e4e4}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 10px;text-align:right}td:first-child,th:first-child{text-align:left}
pre{background:#f5f5f5;padding:12px;overflow:auto}.note{color:#8a5a00}
</style></head><body>
<h1>${esc(title)}</h1>
<p>Generated ${esc(generatedAt ?? new Date().toISOString())} by bertcnn.</p>
${body}
</body></html>
`;
}

function classTable(rows: ClassRow[]): string {
  return table(
    ['label', 'precision', 'recall', 'F1', 'support'],
    rows.map((r) => [r.label, r.precision.toFixed(4), r.recall.toFixed(4), r.f1.toFixed(4), r.support]),
  );
}

/** The classification report (classification and Kim 2014 runs). */
export function renderReport(d: ReportData): string {
  const ev = d.evaluation;
  const evaluation = ev
    ? `<h2>Evaluation (${esc(ev.split)})</h2>${summaryLine(ev.summary)}${ev.confusion ? `<div class="charts" id="confusion">${heatmap('Confusion matrix (rows: true)', ev.labels, ev.confusion)}</div>` : ''}<h2>Per-class scores</h2>${classTable(ev.perClass)}`
    : '';
  return page(
    d.title,
    d.generatedAt,
    `<h2>Training curves</h2><div class="charts" id="curves">${curves(d.epochs)}</div>
${evaluation}
${configSection(d.config)}`,
  );
}
