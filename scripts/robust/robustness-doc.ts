// Writes docs/robustness.md from the bad-input matrix (issue #17 item 6): runs every case of test/robustness/cases/
// — the same tables test/robustness/matrix.test.ts asserts — records what each showed, and adds the fuzz targets of
// test/fuzz/targets.ts with their long-run results from docs/fuzz-results.json (when those exist). Written
// atomically. Exit 1 when a case (other than a known issue) did not behave as its table says.
// Usage: npm run docs:robustness [-- --out FILE]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { writeBytesAtomic } from '../../src/io/atomic.ts';
import { CASES, KINDS } from '../../test/robustness/cases/index.ts';
import { makeContext } from '../../test/robustness/context.ts';
import { renderDoc, type FuzzRow } from '../../test/robustness/doc-format.ts';
import { closeShared, mismatches, observe, outcome } from '../../test/robustness/observe.ts';
import type { Observation, RobustCase } from '../../test/robustness/types.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'docs', 'robustness.md') } } });

/** The fuzz targets and their recorded results; undefined when test/fuzz/targets.ts is absent. */
async function fuzzRows(): Promise<{ rows?: FuzzRow[]; note?: string }> {
  const targetsFile = join(ROOT, 'test', 'fuzz', 'targets.ts');
  if (!existsSync(targetsFile)) return {};
  const mod = (await import(pathToFileURL(targetsFile).href)) as {
    FUZZ_TARGETS: readonly { name: string; area: string; what: string }[];
  };
  const resultsFile = join(ROOT, 'docs', 'fuzz-results.json');
  let results: { target: string; runs: number; seconds: number; failures: unknown[] }[] = [];
  let note: string | undefined;
  if (existsSync(resultsFile)) results = JSON.parse(readFileSync(resultsFile, 'utf8')) as typeof results;
  else note = 'No long run recorded yet: docs/fuzz-results.json is missing (`npm run fuzz` writes it).';
  const rows = mod.FUZZ_TARGETS.map((t) => {
    const r = results.find((x) => x.target === t.name);
    return {
      target: t.name,
      area: t.area,
      what: t.what,
      runs: r?.runs,
      seconds: r?.seconds,
      failures: r?.failures.length,
    };
  });
  if (!note && rows.some((r) => r.runs === undefined))
    note = 'Targets without numbers have no row in docs/fuzz-results.json yet.';
  return { rows, note };
}

let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
} catch {
  // not a git checkout
}

const ctx = await makeContext();
const observed = new Map<RobustCase, Observation>();
let unexpected = 0;
try {
  for (const c of CASES) {
    const o = await observe(c, ctx);
    observed.set(c, o);
    const bad = mismatches(c, o);
    if (bad.length > 0 && !c.knownIssue) {
      unexpected++;
      console.error(`✗ ${c.kind}: ${c.name}: ${bad.join('; ')}\n  observed ${outcome(o)}: ${o.message.split('\n')[0]}`);
    }
  }
} finally {
  await closeShared();
}
const fuzz = await fuzzRows();
const md = renderDoc({
  kinds: KINDS,
  cases: CASES,
  observed,
  outcome,
  passes: (c, o) => mismatches(c, o).length === 0,
  date: new Date().toISOString().slice(0, 10),
  commit,
  fuzz: fuzz.rows,
  fuzzNote: fuzz.note,
});
await writeBytesAtomic(values.out!, md);
console.log(
  `wrote ${values.out}: ${CASES.length} cases, ${unexpected} not as expected; ${fuzz.rows ? `${fuzz.rows.length} fuzz targets` : 'no fuzz targets'}`,
);
process.exit(unexpected > 0 ? 1 : 0);
