// Entity-level scores counted as conlleval does. Every expected count below is derived by hand from conlleval's
// startOfChunk/endOfChunk rules (see src/metrics/entities.ts); a property test checks that conlleval's one-pass
// counting equals exact span matching; the text output follows conlleval's printf formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { entityScores, extractEntities, splitTag } from '../../src/metrics/entities.ts';
import { entityReport, formatConlleval } from '../../src/metrics/entities-report.ts';
import { formatReport } from '../../src/metrics/report.ts';
import { UsageError } from '../../src/errors.ts';

const spans = (tags: string[]) => extractEntities(tags).map((e) => `${e.type}[${e.start},${e.end})`);
const counts = (gold: string[][], pred: string[][]) => {
  const s = entityScores(gold, pred);
  return { gold: s.overall.support, found: s.overall.predicted, correct: s.overall.correct };
};

test('IOB2: chunks, per-type and overall P/R/F1, token accuracy', () => {
  const s = entityScores([['B-PER', 'I-PER', 'O', 'B-LOC']], [['B-PER', 'I-PER', 'O', 'B-ORG']]);
  assert.deepEqual(Object.keys(s.perType), ['LOC', 'ORG', 'PER']);
  assert.deepEqual(s.perType.PER, { precision: 1, recall: 1, f1: 1, support: 1, predicted: 1, correct: 1 });
  assert.deepEqual(s.perType.LOC, { precision: 0, recall: 0, f1: 0, support: 1, predicted: 0, correct: 0 });
  assert.deepEqual(s.perType.ORG, { precision: 0, recall: 0, f1: 0, support: 0, predicted: 1, correct: 0 });
  assert.deepEqual(s.overall, { precision: 0.5, recall: 0.5, f1: 0.5, support: 2, predicted: 2, correct: 1 });
  assert.equal(s.tokens, 4);
  assert.equal(s.tokenAccuracy, 0.75);
});

test('I- after O starts a chunk, so an IOB1 I-LOC matches an IOB2 B-LOC span', () => {
  assert.deepEqual(spans(['O', 'I-LOC', 'I-LOC', 'O']), ['LOC[1,3)']);
  assert.deepEqual(counts([['O', 'I-LOC', 'I-LOC', 'O']], [['O', 'B-LOC', 'I-LOC', 'O']]), {
    gold: 1,
    found: 1,
    correct: 1,
  });
  // An I- at the start of a sentence also starts a chunk.
  assert.deepEqual(spans(['I-PER', 'I-PER']), ['PER[0,2)']);
});

test('IOB1: B- between same-type chunks splits them; all-I is one chunk', () => {
  assert.deepEqual(spans(['I-PER', 'I-PER', 'B-PER']), ['PER[0,2)', 'PER[2,3)']);
  assert.deepEqual(counts([['I-PER', 'I-PER', 'B-PER']], [['I-PER', 'I-PER', 'I-PER']]), {
    gold: 2,
    found: 1,
    correct: 0,
  });
});

test('type changes start a new chunk: B-/I- mismatch and I- after a different type', () => {
  assert.deepEqual(spans(['B-PER', 'I-LOC', 'I-LOC']), ['PER[0,1)', 'LOC[1,3)']);
  assert.deepEqual(spans(['I-ORG', 'I-PER', 'O', 'B-MISC', 'I-ORG']), [
    'ORG[0,1)',
    'PER[1,2)',
    'MISC[3,4)',
    'ORG[4,5)',
  ]);
  // The mismatched prediction yields the same spans as a clean one, so both chunks count as correct.
  assert.deepEqual(counts([['B-PER', 'B-LOC', 'I-LOC']], [['B-PER', 'I-LOC', 'I-LOC']]), {
    gold: 2,
    found: 2,
    correct: 2,
  });
});

test('a chunk is correct only with the same start, end and type', () => {
  // Prediction too short, too long, split, merged, wrong type.
  assert.deepEqual(counts([['B-ORG', 'I-ORG', 'I-ORG']], [['B-ORG', 'I-ORG', 'O']]), { gold: 1, found: 1, correct: 0 });
  assert.deepEqual(counts([['B-ORG', 'O']], [['B-ORG', 'I-ORG']]), { gold: 1, found: 1, correct: 0 });
  assert.deepEqual(counts([['B-PER', 'I-PER']], [['B-PER', 'B-PER']]), { gold: 1, found: 2, correct: 0 });
  assert.deepEqual(counts([['B-PER', 'B-PER']], [['B-PER', 'I-PER']]), { gold: 2, found: 1, correct: 0 });
  assert.deepEqual(counts([['B-PER', 'I-PER']], [['B-LOC', 'I-LOC']]), { gold: 1, found: 1, correct: 0 });
  // Same start and type but the prediction continues with another type: PER[0,2) vs PER[0,1)+LOC[1,2).
  assert.deepEqual(counts([['B-PER', 'I-PER']], [['B-PER', 'I-LOC']]), { gold: 1, found: 2, correct: 0 });
});

test('sentence ends close chunks: an I- at the start of the next sentence is a new chunk', () => {
  assert.deepEqual(
    counts(
      [
        ['O', 'B-PER'],
        ['I-PER', 'O'],
      ],
      [
        ['O', 'B-PER'],
        ['I-PER', 'O'],
      ],
    ),
    { gold: 2, found: 2, correct: 2 },
  );
  assert.deepEqual(counts([['B-PER', 'I-PER']], [['B-PER', 'I-PER']]), { gold: 1, found: 1, correct: 1 });
});

test('IOBES (seqeval rules): S- is a chunk of one, E- closes, B-…E- B-…E- are two chunks', () => {
  assert.deepEqual(spans(['S-PER', 'B-LOC', 'E-LOC', 'S-LOC', 'O', 'B-PER', 'I-PER', 'E-PER']), [
    'PER[0,1)',
    'LOC[1,3)',
    'LOC[3,4)',
    'PER[5,8)',
  ]);
  assert.deepEqual(spans(['B-PER', 'E-PER', 'B-PER', 'E-PER']), ['PER[0,2)', 'PER[2,4)']);
  assert.deepEqual(spans(['S-PER', 'S-PER', 'I-PER']), ['PER[0,1)', 'PER[1,2)', 'PER[2,3)']);
  assert.deepEqual(spans(['O', 'E-PER', 'E-PER']), ['PER[1,2)', 'PER[2,3)']);
  assert.deepEqual(counts([['S-PER', 'B-LOC', 'E-LOC']], [['S-PER', 'B-LOC', 'I-LOC']]), {
    gold: 2,
    found: 2,
    correct: 2,
  });
  assert.deepEqual(counts([['B-LOC', 'E-LOC', 'S-LOC']], [['B-LOC', 'I-LOC', 'I-LOC']]), {
    gold: 2,
    found: 1,
    correct: 0,
  });
});

test('tags split at the first hyphen; unknown prefixes and length mismatches are refused', () => {
  assert.deepEqual(splitTag('B-ORG-X'), { prefix: 'B', type: 'ORG-X' });
  assert.deepEqual(spans(['B-ORG-X', 'I-ORG-X']), ['ORG-X[0,2)']);
  assert.throws(
    () => entityScores([['PER']], [['O']]),
    (e: unknown) => e instanceof UsageError && /gold sentence 0, token 0: 'PER'/.test(e.message),
  );
  assert.throws(() => entityScores([['O']], [['U-PER']]), /predicted sentence 0, token 0: 'U-PER'/);
  assert.throws(() => entityScores([['O', 'O']], [['O']]), /sentence 0: 2 gold tags but 1 predicted/);
  assert.throws(() => entityScores([['O']], []), /gold has 1 sentences, predictions 0/);
});

test("conlleval's text output and a seqeval-style report", () => {
  const s = entityScores([['B-PER', 'I-PER', 'O', 'B-LOC']], [['B-PER', 'I-PER', 'O', 'B-ORG']]);
  assert.equal(
    formatConlleval(s),
    'processed 4 tokens with 2 phrases; found: 2 phrases; correct: 1.\n' +
      'accuracy:  75.00%; precision:  50.00%; recall:  50.00%; FB1:  50.00\n' +
      '              LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  0\n' +
      '              ORG: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n' +
      '              PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n',
  );
  const text = formatReport(entityReport(s));
  assert.match(text, /\n {9}PER {7}1\.00 {6}1\.00 {6}1\.00 {9}1\n/);
  assert.match(text, /\n {3}micro avg {7}0\.50 {6}0\.50 {6}0\.50 {9}2\n/);
  assert.match(text, /\n {3}macro avg {7}0\.33 {6}0\.33 {6}0\.33 {9}2\n/);
  assert.match(text, /\nweighted avg {7}0\.50 {6}0\.50 {6}0\.50 {9}2\n/);
});

test('property: conlleval’s one-pass counts equal exact span matching on random IOB1/IOB2/IOBES tags', () => {
  const tag = fc.constantFrom('O', 'O', 'B-PER', 'I-PER', 'E-PER', 'S-PER', 'B-LOC', 'I-LOC', 'S-LOC', 'E-LOC');
  const sentence = fc.array(fc.tuple(tag, tag), { minLength: 0, maxLength: 12 });
  fc.assert(
    fc.property(fc.array(sentence, { minLength: 1, maxLength: 4 }), (sents) => {
      const gold = sents.map((s) => s.map((p) => p[0]));
      const pred = sents.map((s) => s.map((p) => p[1]));
      const key = (e: { type: string; start: number; end: number }, i: number) => `${i}:${e.type}:${e.start}:${e.end}`;
      const g = new Set(gold.flatMap((s, i) => extractEntities(s).map((e) => key(e, i))));
      const p = new Set(pred.flatMap((s, i) => extractEntities(s).map((e) => key(e, i))));
      const both = [...g].filter((k) => p.has(k)).length;
      const r = entityScores(gold, pred);
      assert.deepEqual([r.overall.support, r.overall.predicted, r.overall.correct], [g.size, p.size, both]);
      // Spans never overlap and stay inside the sentence.
      for (const s of gold) {
        let last = 0;
        for (const e of extractEntities(s)) {
          assert.ok(e.start >= last && e.end > e.start && e.end <= s.length);
          last = e.end;
        }
      }
    }),
    { numRuns: 500 },
  );
});
