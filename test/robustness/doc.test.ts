// docs/robustness.md cannot drift from the bad-input matrix: it lists exactly the cases of the tables in
// test/robustness/cases/, kind by kind, and states their number (regenerate with `npm run docs:robustness`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, KINDS } from './cases/index.ts';
import { cell, parseDocCases } from './doc-format.ts';

const DOC = join(import.meta.dirname, '..', '..', 'docs', 'robustness.md');

test('docs/robustness.md lists exactly the cases of the tables, per input kind', () => {
  const md = readFileSync(DOC, 'utf8');
  const listed = parseDocCases(md);
  assert.deepEqual([...listed.keys()], Object.values(KINDS), 'one section per input kind, in order');
  for (const [kind, title] of Object.entries(KINDS)) {
    const want = CASES.filter((c) => c.kind === kind).map((c) => cell(c.name));
    assert.deepEqual(
      listed.get(title),
      want,
      `${title}: the doc's cases differ from the table (npm run docs:robustness)`,
    );
  }
  assert.match(md, new RegExp(`\\*\\*${CASES.length} cases\\*\\*`));
});
