// Long fuzz run (issue #17): every target of test/fuzz/targets.ts for 100,000 cases (the CI test runs a few
// hundred), then docs/fuzz-results.json is written atomically with one row per target:
//   { target, area, what, runs, seconds, failures: [{ seed, path, counterexample, error }], date, node, commit }
// Usage: npm run fuzz [-- --runs N] [--target NAME[,NAME…]] [--seed S] [--max-seconds S] [--out FILE]
//   --max-seconds  per-target time limit (default 900): a slower target records the runs it reached
//   --target       runs only the named targets; their rows replace the same rows of an existing results file
// Exit code 1 when any target failed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { writeBytesAtomic } from '../src/io/atomic.ts';
import { describeFailure, runTarget, type FuzzFailure } from '../test/fuzz/run-target.ts';
import { FUZZ_TARGETS } from '../test/fuzz/targets.ts';

export interface FuzzResultRow {
  target: string;
  area: string;
  what: string;
  runs: number;
  seconds: number;
  failures: FuzzFailure[];
  date: string;
  node: string;
  commit: string;
}

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100000' },
    target: { type: 'string' },
    seed: { type: 'string' },
    'max-seconds': { type: 'string', default: '900' },
    out: { type: 'string', default: 'docs/fuzz-results.json' },
  },
});
const runs = Number(values.runs);
const maxSeconds = Number(values['max-seconds']);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
if (!(maxSeconds > 0)) throw new Error(`--max-seconds must be a positive number, got ${values['max-seconds']}`);
const wanted = values.target?.split(',');
const unknown = wanted?.filter((n) => !FUZZ_TARGETS.some((t) => t.name === n)) ?? [];
if (unknown.length)
  throw new Error(`unknown target ${unknown.join(', ')}; targets: ${FUZZ_TARGETS.map((t) => t.name).join(', ')}`);
const targets = FUZZ_TARGETS.filter((t) => !wanted || wanted.includes(t.name));

let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
} catch {
  // not a git checkout: the row says 'unknown'
}

const rows: FuzzResultRow[] = [];
let failed = false;
console.log(`fuzzing ${targets.length} target(s), ${runs} runs each (limit ${maxSeconds} s per target)`);
for (const t of targets) {
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  const o = await runTarget(t, { runs, seed, maxSeconds });
  const note = o.interrupted ? ` (time limit: ${o.runs} of ${runs})` : '';
  console.log(
    `${t.name.padEnd(22)} ${String(o.runs).padStart(8)} runs ${o.seconds.toFixed(1).padStart(8)} s  ${o.failures.length} failure(s)${note}`,
  );
  for (const f of o.failures) console.log(describeFailure(t, f));
  failed ||= o.failures.length > 0;
  rows.push({
    target: t.name,
    area: t.area,
    what: t.what,
    runs: o.runs,
    seconds: o.seconds,
    failures: o.failures,
    date: new Date().toISOString(),
    node: process.version,
    commit,
  });
}

// A partial run (--target) keeps the other targets' rows of the existing file.
let previous: FuzzResultRow[] = [];
if (wanted) {
  try {
    previous = JSON.parse(readFileSync(values.out!, 'utf8')) as FuzzResultRow[];
  } catch {
    previous = [];
  }
}
const merged = FUZZ_TARGETS.map(
  (t) => rows.find((r) => r.target === t.name) ?? previous.find((r) => r.target === t.name),
).filter((r): r is FuzzResultRow => r !== undefined);
await writeBytesAtomic(values.out!, `${JSON.stringify(merged, null, 2)}\n`);
console.log(`wrote ${values.out} (${merged.length} targets)`);
process.exit(failed ? 1 : 0);
