// Runs one fuzz target for N cases and reports what happened, for both the CI test and scripts/fuzz.ts.
// fast-check stops a run at its first failure (and shrinks it); to count failures over a long run, the remaining
// cases continue under the next seed, up to `maxFailures` recorded counterexamples.
import fc from 'fast-check';
import type { FuzzTarget } from './target.ts';

export interface FuzzFailure {
  /** Replays the failure: fc.assert(property, { seed, path, endOnFailure: true }). */
  seed: number;
  path: string;
  /** The shrunk counterexample, as fast-check prints it (clipped to 2,000 characters). */
  counterexample: string;
  error: string;
}

export interface FuzzOutcome {
  name: string;
  area: string;
  what: string;
  /** Cases actually run (fewer than asked when the time limit interrupted the target). */
  runs: number;
  seconds: number;
  failures: FuzzFailure[];
  /** True when `maxSeconds` cut the target short. */
  interrupted: boolean;
}

export interface RunOptions {
  runs: number;
  seed?: number;
  /** Stop the target after this long (its outcome then says interrupted, with the runs done). */
  maxSeconds?: number;
  maxFailures?: number;
  /** Per-case time limit for async properties: a reader that hangs fails instead of stalling the run. */
  caseTimeoutMs?: number;
}

const clip = (s: string, n = 2000) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

export async function runTarget(t: FuzzTarget, o: RunOptions): Promise<FuzzOutcome> {
  const started = performance.now();
  const failures: FuzzFailure[] = [];
  let runs = 0;
  let interrupted = false;
  let seed = o.seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
  while (runs < o.runs && failures.length < (o.maxFailures ?? 3)) {
    const left = o.maxSeconds === undefined ? undefined : o.maxSeconds * 1000 - (performance.now() - started);
    if (left !== undefined && left <= 0) {
      interrupted = true;
      break;
    }
    const d = await fc.check(t.property(), {
      numRuns: o.runs - runs,
      seed,
      timeout: o.caseTimeoutMs ?? 10_000,
      interruptAfterTimeLimit: left,
      markInterruptAsFailure: false,
    });
    runs += d.numRuns;
    if (d.interrupted) interrupted = true;
    if (d.failed) {
      const err = d.errorInstance;
      failures.push({
        seed: d.seed,
        path: d.counterexamplePath ?? '',
        counterexample: clip(fc.stringify(d.counterexample)),
        error: clip(err instanceof Error ? `${err.name}: ${err.message}` : String(err)),
      });
    }
    if (d.interrupted) break;
    seed = (seed + 1) | 0;
  }
  const seconds = Math.round((performance.now() - started) / 10) / 100;
  return { name: t.name, area: t.area, what: t.what, runs, seconds, failures, interrupted };
}

/** A failure as text: how to replay it, the counterexample and the error. */
export function describeFailure(t: FuzzTarget, f: FuzzFailure): string {
  return (
    `${t.name}: seed ${f.seed}, path "${f.path}" (replay: npm run fuzz -- --target ${t.name} --seed ${f.seed})\n` +
    `  counterexample: ${f.counterexample}\n  error: ${f.error}`
  );
}
