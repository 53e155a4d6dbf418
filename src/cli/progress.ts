// Progress bars for long CLI work (cli-progress), drawn only on a TTY and never with --quiet/--json.
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

export function progressBar(
  total: number,
  label: string,
  opts: { quiet?: boolean; fields?: string; payload?: Record<string, string> } = {},
): Progress {
  if (opts.quiet || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {percentage}% | {rate}/s | ETA {eta_formatted}${opts.fields ? ` | ${opts.fields}` : ''}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, 0, { rate: '0', ...opts.payload });
  return {
    update(done, payload = {}) {
      const secs = (Date.now() - started) / 1000;
      bar.update(done, { rate: secs > 0 ? (done / secs).toFixed(1) : '0', ...payload });
    },
    stop: () => bar.stop(),
  };
}

/** A 'features' bar drawn on the first `onFeatures` call (frozen runs only); `stop` ends it if it was drawn. */
export function featureProgress(quiet: boolean | undefined): {
  onFeatures: (done: number, total: number) => void;
  stop: () => void;
} {
  let bar: Progress | null = null;
  return {
    onFeatures: (done, total) => {
      bar ??= progressBar(total, 'features', { quiet });
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}
