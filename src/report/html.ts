// The run report: one self-contained HTML file (inline CSS + SVG, no scripts) with loss and metric curves per
// epoch, the confusion matrix as a heat map, the per-class precision/recall/F1 table and the run configuration.
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

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

function curves(epochs: EpochRow[]): string {
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

function classTable(rows: ClassRow[]): string {
  const body = rows
    .map(
      (r) =>
        `<tr><td>${esc(r.label)}</td><td>${r.precision.toFixed(4)}</td><td>${r.recall.toFixed(4)}</td><td>${r.f1.toFixed(4)}</td><td>${r.support}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr></thead><tbody>${body}</tbody></table>`;
}

export function renderReport(d: ReportData): string {
  const ev = d.evaluation;
  const summary = ev
    ? `<p class="summary">${Object.entries(ev.summary)
        .map(([k, v]) => `<b>${esc(k)}</b> ${v.toFixed(4)}`)
        .join(' · ')}</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(d.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
.charts{display:flex;flex-wrap:wrap;gap:16px}
svg.chart{background:#fafafa;border:1px solid #ddd}
svg .title{font-weight:600;font-size:13px}svg .tick{font-size:11px;fill:#444}svg .grid{stroke:#e4e4e4}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 10px;text-align:right}td:first-child,th:first-child{text-align:left}
pre{background:#f5f5f5;padding:12px;overflow:auto}
</style></head><body>
<h1>${esc(d.title)}</h1>
<p>Generated ${esc(d.generatedAt ?? new Date().toISOString())} by bertcnn.</p>
<h2>Training curves</h2><div class="charts" id="curves">${curves(d.epochs)}</div>
${ev ? `<h2>Evaluation (${esc(ev.split)})</h2>${summary}${ev.confusion ? `<div class="charts" id="confusion">${heatmap('Confusion matrix (rows: true)', ev.labels, ev.confusion)}</div>` : ''}<h2>Per-class scores</h2>${classTable(ev.perClass)}` : ''}
<h2>Configuration</h2><pre>${esc(JSON.stringify(d.config, null, 2))}</pre>
</body></html>
`;
}
