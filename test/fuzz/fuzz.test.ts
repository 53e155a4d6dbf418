// Every fuzz target of test/fuzz/targets.ts for a few hundred cases (`npm run fuzz` runs 100,000 each and records
// docs/fuzz-results.json). The seed changes per run so CI keeps exploring; a failure prints the seed, the path and
// the shrunk counterexample, and BERTCNN_FUZZ_SEED=<seed> replays it. BERTCNN_FUZZ_RUNS overrides the case count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFailure, runTarget } from './run-target.ts';
import { FUZZ_TARGETS } from './targets.ts';

const RUNS = Number(process.env.BERTCNN_FUZZ_RUNS ?? 300);
const SEED = process.env.BERTCNN_FUZZ_SEED === undefined ? undefined : Number(process.env.BERTCNN_FUZZ_SEED);

test('fuzz targets: unique kebab-case names, an area and a one-line property each', () => {
  const names = FUZZ_TARGETS.map((t) => t.name);
  assert.equal(new Set(names).size, names.length, 'duplicate target names');
  for (const t of FUZZ_TARGETS) {
    assert.match(t.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(t.area && t.what && !t.what.includes('\n'), `${t.name}: area and a one-line 'what'`);
  }
});

for (const t of FUZZ_TARGETS) {
  test(`fuzz ${t.name} (${RUNS} cases): ${t.what}`, async () => {
    const o = await runTarget(t, { runs: RUNS, seed: SEED, maxFailures: 1 });
    assert.equal(o.failures.length, 0, o.failures.map((f) => describeFailure(t, f)).join('\n'));
    assert.equal(o.runs, RUNS);
  });
}
