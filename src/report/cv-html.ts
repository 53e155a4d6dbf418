// The cross-validation report page (data: cv-report.ts): the mean ± std of every metric per split, a per-fold score
// table per split (with the mean and std rows under it), curves with one line per fold (train loss, and each dev
// metric the folds logged), and the first fold's configuration.
import { COLORS, configSection, num, page, table } from './html.ts';
import type { CvReportData, FoldScores, Split } from './cv-report.ts';
import { esc, lineChart, type Series } from './svg.ts';

/** At most this many dev-metric charts (the selection metric first). */
const MAX_METRIC_CHARTS = 4;

function meanTable(d: CvReportData): string {
  const keys = [...new Set(d.splits.flatMap((s) => Object.keys(d.mean[s]?.mean ?? {})))];
  return table(
    ['metric', ...d.splits.map((s) => `${s} mean ± std`)],
    keys.map((k) => [
      k,
      ...d.splits.map((s) => {
        const m = d.mean[s];
        return m && typeof m.mean[k] === 'number' ? `${num(m.mean[k])} ± ${num(m.std[k])}` : '–';
      }),
    ]),
    'cv-mean',
  );
}

function foldTable(d: CvReportData, split: Split): string {
  const scores = (f: FoldScores) => (split === 'dev' ? f.dev : f.test) ?? {};
  const keys = [...new Set(d.perFold.flatMap((f) => Object.keys(scores(f))))];
  const m = d.mean[split];
  const rows: string[][] = d.perFold.map((f) => [
    `fold-${f.fold}`,
    f.bestEpoch === null ? '–' : String(f.bestEpoch),
    ...keys.map((k) => num(scores(f)[k])),
  ]);
  if (m) rows.push(['mean', '', ...keys.map((k) => num(m.mean[k]))], ['std', '', ...keys.map((k) => num(m.std[k]))]);
  return `<h2>Per-fold scores (${split})</h2>${table(['fold', 'best epoch', ...keys], rows, `cv-folds-${split}`)}`;
}

function foldCurves(d: CvReportData): string {
  const withLog = d.perFold.filter((f) => f.epochs.length);
  if (!withLog.length) return '<p class="note">No fold has a log.jsonl: no curves.</p>';
  const color = (i: number) => COLORS[i % COLORS.length]!;
  const loss: Series[] = withLog.map((f, i) => ({
    name: `fold-${f.fold}`,
    color: color(i),
    points: f.epochs.map((e) => [e.epoch, e.train_loss]),
  }));
  const names = [...new Set(withLog.flatMap((f) => f.epochs.flatMap((e) => Object.keys(e.dev ?? {}))))];
  if (d.metric && names.includes(d.metric)) names.sort((a, b) => Number(b === d.metric) - Number(a === d.metric));
  const charts = names.slice(0, MAX_METRIC_CHARTS).map((n) =>
    lineChart(
      `Dev ${n} per epoch`,
      withLog.map((f, i) => ({
        name: `fold-${f.fold}`,
        color: color(i),
        points: f.epochs.filter((e) => e.dev?.[n] !== undefined).map((e) => [e.epoch, e.dev![n]!]),
      })),
    ),
  );
  return lineChart('Train loss per epoch', loss) + charts.join('');
}

export function renderCvReport(d: CvReportData): string {
  const notes = d.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('');
  const about = `<p>${d.perFold.length} of ${d.folds} folds scored${d.metric ? `; best epoch of each fold selected by dev ${esc(d.metric)}` : ''}; std is the population std (ddof = 0); figures from ${d.source === 'cv.json' ? 'cv.json' : 'the fold folders'}.</p>`;
  const scores = d.splits.length
    ? `<h2>Mean ± std over folds</h2>${meanTable(d)}${d.splits.map((s) => foldTable(d, s)).join('')}`
    : '<p class="note">No fold has finished: no scores yet.</p>';
  return page(
    d.title,
    d.generatedAt,
    `${notes}${about}
${scores}
<h2>Training curves (one line per fold)</h2><div class="charts" id="curves">${foldCurves(d)}</div>
${configSection(d.configFile ? { file: d.configFile, config: d.config } : d.config)}`,
  );
}
