// Tag schemes (src/tasks/ner/scheme.ts): detection of BIO / IOB1 / BIOES, conversions through entity spans in
// both directions (spans — hence entity F1 — unchanged, checked with the conlleval chunker), the BIO tag set, and
// malformed tags rejected with the file:line the caller names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DataError } from '../../../src/errors.ts';
import { extractEntities } from '../../../src/metrics/entities.ts';
import {
  bioLabels,
  checkTagSyntax,
  detectScheme,
  entityTypes,
  fromBio,
  spansToTags,
  toBio,
} from '../../../src/tasks/ner/scheme.ts';

const BIO = ['B-PER', 'I-PER', 'O', 'B-LOC', 'B-LOC', 'I-LOC', 'O', 'B-PER'];
const IOB1 = ['I-PER', 'I-PER', 'O', 'I-LOC', 'B-LOC', 'I-LOC', 'O', 'I-PER'];
const BIOES = ['B-PER', 'E-PER', 'O', 'S-LOC', 'B-LOC', 'E-LOC', 'O', 'S-PER'];

test('the three schemes of one sentence convert into each other', () => {
  for (const from of [BIO, IOB1, BIOES]) {
    assert.deepEqual(toBio(from), BIO);
    assert.deepEqual(fromBio(toBio(from), 'IOB1'), IOB1);
    assert.deepEqual(fromBio(toBio(from), 'BIOES'), BIOES);
  }
  // conlleval reads a stray I- after O as an entity start; BIO makes it a B-
  assert.deepEqual(toBio(['O', 'I-PER', 'I-PER', 'I-LOC']), ['O', 'B-PER', 'I-PER', 'B-LOC']);
});

test('detectScheme: BIOES by E-/S-, IOB1 when most entities start with I-, else BIO', () => {
  assert.equal(detectScheme([BIO]), 'BIO');
  assert.equal(detectScheme([IOB1]), 'IOB1');
  assert.equal(detectScheme([BIOES]), 'BIOES');
  assert.equal(detectScheme([BIO, BIO, ['O', 'I-MISC']]), 'BIO'); // a few stray I- starts stay BIO
  assert.equal(detectScheme([['O', 'O']]), 'BIO');
});

test('every conversion keeps the entity spans (property)', () => {
  const tag = fc.constantFrom('O', 'B-A', 'I-A', 'E-A', 'S-A', 'B-B', 'I-B', 'E-B', 'S-B');
  fc.assert(
    fc.property(fc.array(tag, { maxLength: 12 }), (tags) => {
      const spans = extractEntities(tags);
      for (const scheme of ['BIO', 'IOB1', 'BIOES'] as const) {
        assert.deepEqual(extractEntities(spansToTags(spans, tags.length, scheme)), spans);
      }
      assert.deepEqual(extractEntities(toBio(tags)), spans);
    }),
  );
});

test('tag set: O then B-/I- per sorted type', () => {
  assert.deepEqual(entityTypes([BIO, ['S-MISC']]), ['LOC', 'MISC', 'PER']);
  assert.deepEqual(bioLabels(['LOC', 'PER']), ['O', 'B-LOC', 'I-LOC', 'B-PER', 'I-PER']);
});

test('malformed tags → DataError naming the place', () => {
  for (const bad of ['PER', 'X-PER', 'B-', 'b-PER', 'BPER', '']) {
    assert.throws(
      () => checkTagSyntax(['O', bad], (k) => `train.conll:${10 + k}`),
      (e: unknown) =>
        e instanceof DataError && e.message.startsWith('train.conll:11:') && e.message.includes('not O or B-/I-/E-/S-'),
      bad,
    );
  }
  checkTagSyntax(['O', 'B-PER', 'I-PER', 'E-PER', 'S-LOC', 'B-geo-loc'], () => 'x');
});
