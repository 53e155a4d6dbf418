// Plain-text output helpers for the CLI: aligned tables, metric numbers, and the confusion matrix.
//   table([['model', 'acc'], ['linear', '0.8123']]) → column-aligned lines (first column left, others right)

export function table(rows: readonly (readonly string[])[], gap = '  '): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, j) => (widths[j] = Math.max(widths[j] ?? 0, c.length)));
  return rows
    .map((r) =>
      r
        .map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!)))
        .join(gap)
        .trimEnd(),
    )
    .join('\n');
}

export const fmt = (x: number | undefined, digits = 4) =>
  x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits);

/** `accuracy 0.8512  macro_f1 0.8498` */
export function metricLine(summary: Record<string, number> | undefined, keys?: readonly string[]): string {
  if (!summary) return '';
  return (keys ?? Object.keys(summary))
    .filter((k) => summary[k] !== undefined)
    .map((k) => `${k} ${fmt(summary[k])}`)
    .join('  ');
}

/** Confusion matrix with true labels as rows and predicted labels as columns. */
export function confusionTable(labels: readonly string[], m: readonly (readonly number[])[]): string {
  const head = ['true \\ predicted', ...labels];
  return table([head, ...m.map((row, i) => [labels[i]!, ...row.map(String)])]);
}

export const thousands = (n: number) => n.toLocaleString('en-US');

/** A warning printer for `onWarning` callbacks: 'warning: …' on stderr, nothing when quiet. */
export const warn =
  (quiet?: boolean) =>
  (message: string): void => {
    if (!quiet) process.stderr.write(`warning: ${message}\n`);
  };
