// Tiny SVG chart builders for the self-contained HTML report: no scripts, no external assets, so the file
// opens anywhere (and renders identically in a headless browser test).

export interface Series {
  name: string;
  points: [number, number][];
  color: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toFixed(3));

/** A line chart with axes, ticks and a legend; x is usually the epoch. */
export function lineChart(
  title: string,
  series: Series[],
  opts: { width?: number; height?: number; xLabel?: string } = {},
): string {
  const W = opts.width ?? 460;
  const H = opts.height ?? 260;
  const m = { l: 52, r: 12, t: 28, b: 40 };
  const all = series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y));
  if (all.length === 0)
    return `<svg class="chart" width="${W}" height="${H}"><text x="10" y="20">${esc(title)}: no data</text></svg>`;
  let [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  let [y0, y1] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const sy = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const ticks = (a: number, b: number, n: number) => Array.from({ length: n + 1 }, (_, i) => a + ((b - a) * i) / n);
  const parts: string[] = [];
  parts.push(`<text x="${W / 2}" y="16" text-anchor="middle" class="title">${esc(title)}</text>`);
  for (const y of ticks(y0, y1, 4)) {
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${sy(y)}" y2="${sy(y)}" class="grid"/>`);
    parts.push(`<text x="${m.l - 6}" y="${sy(y) + 4}" text-anchor="end" class="tick">${fmt(y)}</text>`);
  }
  for (const x of ticks(x0, x1, Math.min(6, Math.max(1, Math.round(x1 - x0))))) {
    const label = Number.isInteger(x) ? String(x) : fmt(x);
    parts.push(`<text x="${sx(x)}" y="${H - m.b + 16}" text-anchor="middle" class="tick">${label}</text>`);
  }
  parts.push(
    `<text x="${(W + m.l) / 2}" y="${H - 6}" text-anchor="middle" class="tick">${esc(opts.xLabel ?? 'epoch')}</text>`,
  );
  series.forEach((s, i) => {
    const pts = s.points.filter(([, y]) => Number.isFinite(y));
    const d = pts.map(([x, y], k) => `${k ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    parts.push(
      `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2" class="series" data-name="${esc(s.name)}"/>`,
    );
    for (const [x, y] of pts)
      parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="${s.color}"/>`);
    parts.push(`<rect x="${m.l + 8 + i * 110}" y="${m.t - 6}" width="10" height="10" fill="${s.color}"/>`);
    parts.push(`<text x="${m.l + 22 + i * 110}" y="${m.t + 3}" class="tick">${esc(s.name)}</text>`);
  });
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg>`;
}

/** Confusion matrix heat map: rows = true label, columns = predicted; cell shade ∝ row-normalised count. */
export function heatmap(title: string, labels: string[], matrix: number[][]): string {
  const n = labels.length;
  const cell = Math.max(28, Math.min(64, Math.floor(420 / Math.max(1, n))));
  const left = 110;
  const top = 60;
  const W = left + n * cell + 20;
  const H = top + n * cell + 40;
  const parts: string[] = [`<text x="${W / 2}" y="16" text-anchor="middle" class="title">${esc(title)}</text>`];
  labels.forEach((l, j) => {
    parts.push(
      `<text x="${left + j * cell + cell / 2}" y="${top - 8}" text-anchor="middle" class="tick">${esc(l.slice(0, 10))}</text>`,
    );
    parts.push(
      `<text x="${left - 6}" y="${top + j * cell + cell / 2 + 4}" text-anchor="end" class="tick">${esc(l.slice(0, 14))}</text>`,
    );
  });
  parts.push(`<text x="${left + (n * cell) / 2}" y="${top - 28}" text-anchor="middle" class="tick">predicted</text>`);
  matrix.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    row.forEach((v, j) => {
      const a = v / total;
      const fill = `rgb(${Math.round(255 - 200 * a)},${Math.round(255 - 120 * a)},${Math.round(255 - 40 * a)})`;
      parts.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff" class="cell"/>`,
      );
      parts.push(
        `<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle" class="tick">${v}</text>`,
      );
    });
  });
  return `<svg class="chart heatmap" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg>`;
}

export { esc };
