// CoNLL reader: the CoNLL-2003 two-column files and the space-separated four-column originals (sentence, token,
// document and per-type entity counts checked against SOURCE.md, entities counted with the conlleval chunker),
// NCBI-disease, and inline cases for every error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { readSentences } from '../../src/data/read.ts';
import { extractEntities } from '../../src/metrics/entities.ts';
import { DataError } from '../../src/errors.ts';
import type { TaggedSentence } from '../../src/data/types.ts';
import { NO_SHARED, SHARED, dataError } from './helpers.ts';

function entityCounts(sentences: TaggedSentence[]): Record<string, number> {
  const m: Record<string, number> = {};
  for (const s of sentences) for (const e of extractEntities(s.tags)) m[e.type] = (m[e.type] ?? 0) + 1;
  return m;
}

test(
  'CoNLL-2003 train.tsv: 14,041 sentences, 203,621 tokens, entities per type as published',
  { skip: NO_SHARED },
  async () => {
    const { sentences, summary } = await readSentences(join(SHARED, 'CoNLL-2003/train.tsv'));
    assert.equal(sentences.length, 14041);
    assert.equal(summary.tokens, 203621);
    assert.equal(summary.docStarts, 0);
    assert.deepEqual(entityCounts(sentences), { LOC: 7140, MISC: 3438, ORG: 6321, PER: 6600 });
    assert.deepEqual(sentences[0], {
      tokens: ['EU', 'rejects', 'German', 'call', 'to', 'boycott', 'British', 'lamb', '.'],
      tags: ['B-ORG', 'O', 'B-MISC', 'O', 'O', 'O', 'B-MISC', 'O', 'O'],
      line: 1,
    });
    for (const s of sentences) assert.equal(s.tokens.length, s.tags.length);
  },
);

test(
  'CoNLL-2003 original (space-separated, 4 columns, -DOCSTART-): same sentences as the derived file',
  { skip: NO_SHARED },
  async () => {
    const orig = await readSentences(join(SHARED, 'CoNLL-2003/original/valid.txt'));
    const tsv = await readSentences(join(SHARED, 'CoNLL-2003/valid.tsv'));
    assert.equal(orig.summary.docStarts, 216);
    assert.equal(orig.sentences.length, 3250);
    assert.equal(orig.summary.tokens, 51362);
    assert.deepEqual(entityCounts(orig.sentences), { LOC: 1837, MISC: 922, ORG: 1341, PER: 1842 });
    assert.deepEqual(
      orig.sentences.map((s) => [s.tokens, s.tags]),
      tsv.sentences.map((s) => [s.tokens, s.tags]),
    );
    // The POS column can be read instead of the NER tag.
    const pos = await readSentences(join(SHARED, 'CoNLL-2003/original/valid.txt'), { tagColumn: 1 });
    assert.deepEqual([pos.sentences[0]!.tokens[0], pos.sentences[0]!.tags[0]], ['CRICKET', 'NNP']);
  },
);

test('NCBI-disease train: 5,424 sentences, 135,701 tokens, 5,134 Disease mentions', { skip: NO_SHARED }, async () => {
  const { sentences, summary } = await readSentences(join(SHARED, 'NCBI-disease/original/train.tsv'));
  assert.equal(sentences.length, 5424);
  assert.equal(summary.tokens, 135701);
  assert.deepEqual(entityCounts(sentences), { Disease: 5134 });
});

test('blank-line handling, untagged input, line numbers', async () => {
  const data = '\n\n-DOCSTART- -X- -X- O\n\nA\tB-PER\nB\tI-PER\n\n\n\nC\tO\n';
  const { sentences, summary } = await readSentences({ name: 'c.tsv', data });
  assert.deepEqual(sentences, [
    { tokens: ['A', 'B'], tags: ['B-PER', 'I-PER'], line: 5 },
    { tokens: ['C'], tags: ['O'], line: 10 },
  ]);
  assert.equal(summary.docStarts, 1);
  const raw = await readSentences({ name: 'p.txt', data: 'hello\nworld\n\nagain\n' }, { tagColumn: null });
  assert.deepEqual(
    raw.sentences.map((s) => [s.tokens, s.tags]),
    [
      [['hello', 'world'], []],
      [['again'], []],
    ],
  );
});

test('malformed token lines → DataError with file:line and the line', async () => {
  const cases: [string, RegExp][] = [
    ['EU\n', /^n\.tsv:1: missing column: need 2 columns \(token and tag\), found 1: "EU"/],
    ['EU\tB-ORG\nrejects\n', /^n\.tsv:2: expected 2 columns like the first token line, found 1: "rejects"/],
    ['EU NNP B-NP B-ORG\nrejects VBZ B-VP\n', /^n\.tsv:2: expected 4 columns/],
    ['EU\tB-ORG\n\t O\n', /^n\.tsv:2: empty token/],
    ['EU\tB-ORG\nx\t \n', /^n\.tsv:2: empty tag/],
  ];
  for (const [data, re] of cases) await assert.rejects(readSentences({ name: 'n.tsv', data }), dataError(re), data);
});

test('property: the CoNLL reader either parses or throws DataError', async () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'B-X', 'O', ' ', '\t', '\n', '\r', '-DOCSTART-') });
  await fc.assert(
    fc.asyncProperty(text, async (data) => {
      try {
        const { sentences } = await readSentences({ name: 'r.txt', data });
        for (const s of sentences) assert.equal(s.tokens.length, s.tags.length);
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
      }
    }),
    { numRuns: 300 },
  );
});
