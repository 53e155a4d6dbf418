// The bad-input matrix (issue #17 item 6): every case of test/robustness/cases/ run against bertcnn — the CLI in
// process, the HTTP server over one tiny trained run, raw sockets, a predict worker's handler, piped processes —
// and its expectation asserted: the exit code / HTTP status / job outcome, the message pattern (each names the
// file and line, field or flag), no stack trace, and the one HTTP error shape. Known issues run as todo.
// docs/robustness.md is generated from the same tables (npm run docs:robustness).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { CASES, KINDS } from './cases/index.ts';
import { makeContext } from './context.ts';
import { closeShared, mismatches, observe, outcome } from './observe.ts';

const ctx = await makeContext();
after(() => closeShared());

test('the case tables: ≥ 160 cases, names unique per kind, known kinds, one outcome each, messages that can fail', () => {
  assert.ok(CASES.length >= 160, `${CASES.length} cases`);
  const names = CASES.map((c) => `${c.kind}: ${c.name}`);
  assert.deepEqual(
    names.filter((n, i) => names.indexOf(n) !== i),
    [],
    'duplicate case names within a kind',
  );
  for (const c of CASES) {
    assert.ok(KINDS[c.kind], `${c.name}: unknown kind ${c.kind}`);
    const outcomes = [c.expect.exit, c.expect.status, c.expect.job].filter((x) => x !== undefined);
    assert.equal(outcomes.length, 1, `${c.name}: exactly one of exit / status / job`);
    assert.ok(!c.expect.message.test(''), `${c.name}: ${c.expect.message} matches an empty message`);
  }
  for (const k of Object.keys(KINDS))
    assert.ok(
      CASES.some((c) => c.kind === k),
      `kind ${k} has no case`,
    );
});

for (const c of CASES) {
  test(`${c.kind}: ${c.name}`, { todo: c.knownIssue }, async () => {
    const o = await observe(c, ctx);
    assert.deepEqual(mismatches(c, o), [], `observed ${outcome(o)}: ${o.message}`);
  });
}
