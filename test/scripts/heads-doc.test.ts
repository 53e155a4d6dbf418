// docs/heads.md is what scripts/docs/heads-doc.ts renders from the head registries today: a head or option added,
// renamed or re-described without regenerating the document fails here (fix: npx tsx scripts/docs/heads-doc.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HEADS_DOC, renderHeadsDoc } from '../../scripts/docs/heads-doc.ts';
import { headCatalog } from '../../src/heads/catalog.ts';

test('docs/heads.md is up to date with the head registries', () => {
  const doc = readFileSync(HEADS_DOC, 'utf8');
  assert.equal(doc, renderHeadsDoc(), 'docs/heads.md is stale: run npx tsx scripts/docs/heads-doc.ts');
});

test('docs/heads.md has a section per head and a row per option', () => {
  const doc = renderHeadsDoc();
  for (const h of headCatalog()) {
    assert.match(doc, new RegExp(`^### ${h.name}\\b`, 'm'));
    for (const o of h.options) assert.ok(doc.includes(`| \`${o.name}\` | `), `${h.name} ${o.name}`);
  }
});
