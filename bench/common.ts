// Shared benchmark plumbing: timing, peak RSS, JSON lines, and the PyTorch peer (python3 with torch).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';

export interface Figure {
  name: string;
  median: number;
  min: number;
  max: number;
  unit: string;
  n: number;
  peak_rss_mb: number;
  [extra: string]: unknown;
}

export function peakRssMb(): number {
  // VmHWM = the process's peak resident set size.
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

/** The middle of the sorted samples (the mean of the two middle ones for an even count); NaN for none. */
export function median(samples: readonly number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  if (s.length === 0) return Number.NaN;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarize(name: string, samples: number[], unit: string, extra: Record<string, unknown> = {}): Figure {
  return {
    name,
    median: round(median(samples)),
    min: round(Math.min(...samples)),
    max: round(Math.max(...samples)),
    unit,
    n: samples.length,
    peak_rss_mb: round(peakRssMb()),
    ...extra,
  };
}

export function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Times `fn` `steps` times after `warmup` untimed calls; returns milliseconds per call. */
export async function timeSteps(fn: () => Promise<unknown>, warmup: number, steps: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** A python3 that can import torch, or null. Debian's python3-torch lives in /usr/bin/python3. */
export function torchPython(): string | null {
  for (const py of [process.env.BERTCNN_PYTHON, 'python3', '/usr/bin/python3']) {
    if (!py) continue;
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return null;
}

/** Runs a PyTorch peer script (default bench/peer/torch_steps.py) and returns its last JSON line (null without torch). */
export function torchPeer(args: string[], script = 'bench/peer/torch_steps.py'): Record<string, unknown> | null {
  const py = torchPython();
  if (!py) return null;
  const r = spawnSync(py, [script, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    process.stderr.write(`PyTorch peer failed: ${r.stderr}\n`);
    return null;
  }
  const line = r.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .at(-1);
  return line ? (JSON.parse(line) as Record<string, unknown>) : null;
}

export function machine(): Record<string, unknown> {
  return { nproc: os.availableParallelism(), cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version };
}

export function emit(f: object): void {
  console.log(JSON.stringify(f));
}
