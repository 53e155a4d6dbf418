// Progress of long CLI work on stderr, never with --quiet/--json. On a TTY: a redrawn bar (cli-progress). Not on a
// TTY (a log file, CI, a pipe): a plain line every N seconds instead, so a log shows the work is moving —
//   epoch 1/5 120/400 30% | 12.0/s | ETA 23s | loss 0.6931
// N is 10 by default; BERTCNN_PROGRESS_SECONDS=N changes it (0 = no lines). The stream and clock can be given
// (tests: a fake non-TTY stream and a fake clock).
import cliProgress from 'cli-progress';
import { UsageError } from '../errors.ts';

export interface Progress {
  update(done: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  quiet?: boolean;
  /** Extra fields after the rate and ETA, a template over the payload: 'loss {loss}{dev}'. */
  fields?: string;
  payload?: Record<string, string>;
  /** Default process.stderr. */
  stream?: ProgressStream;
  /** Milliseconds clock; default Date.now. */
  now?: () => number;
  /** Seconds between plain lines off a TTY; default progressSeconds(). */
  everySeconds?: number;
}

export const PROGRESS_ENV = 'BERTCNN_PROGRESS_SECONDS';
export const DEFAULT_PROGRESS_SECONDS = 10;

/** Seconds between plain progress lines: BERTCNN_PROGRESS_SECONDS (≥ 0; 0 = none) or 10. */
export function progressSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const v = env[PROGRESS_ENV];
  if (v === undefined || v.trim() === '') return DEFAULT_PROGRESS_SECONDS;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${PROGRESS_ENV} must be a number of seconds ≥ 0, got '${v}'`);
  return n;
}

const NONE: Progress = { update: () => {}, stop: () => {} };

/** '45s', '3m05s', '2h07m'. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const fill = (template: string, payload: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(payload[k] ?? ''));

export function progressBar(total: number, label: string, opts: ProgressOptions = {}): Progress {
  if (opts.quiet) return NONE;
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? Date.now;
  if (!stream.isTTY) return lineProgress(total, label, opts, stream, now);
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {percentage}% | {rate}/s | ETA {eta_formatted}${opts.fields ? ` | ${opts.fields}` : ''}`,
      stream: stream as NodeJS.WritableStream,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = now();
  bar.start(total, 0, { rate: '0', ...opts.payload });
  return {
    update(done, payload = {}) {
      const secs = (now() - started) / 1000;
      bar.update(done, { rate: secs > 0 ? (done / secs).toFixed(1) : '0', ...payload });
    },
    stop: () => bar.stop(),
  };
}

/** Off a TTY: one line per `everySeconds` of work (the first after that long), none when the work is quicker. */
function lineProgress(
  total: number,
  label: string,
  opts: ProgressOptions,
  stream: ProgressStream,
  now: () => number,
): Progress {
  const every = (opts.everySeconds ?? progressSeconds()) * 1000;
  if (every <= 0) return NONE;
  const started = now();
  let last = started;
  const payload: Record<string, string | number> = { ...opts.payload };
  return {
    update(done, p = {}) {
      Object.assign(payload, p);
      const t = now();
      if (t - last < every) return;
      last = t;
      const secs = (t - started) / 1000;
      const rate = secs > 0 ? done / secs : 0;
      const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
      const eta = rate > 0 ? duration((total - done) / rate) : '?';
      const extra = opts.fields ? ` | ${fill(opts.fields, payload)}` : '';
      stream.write(`${label} ${done}/${total} ${pct}% | ${rate.toFixed(1)}/s | ETA ${eta}${extra}\n`);
    },
    stop: () => {},
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
