// TSV/CSV classification readers: the real benchmark files (counts checked against their SOURCE.md), column
// selection, header handling, multi-label, and every error case with file:line and the clipped record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openExamples, readExamples } from '../../src/data/read.ts';
import { UsageError } from '../../src/errors.ts';
import type { TextExample } from '../../src/data/types.ts';
import { NO_SHARED, SHARED, dataError, scratchFile } from './helpers.ts';

const countBy = (xs: TextExample[]) => {
  const m: Record<string, number> = {};
  for (const x of xs) m[x.label!] = (m[x.label!] ?? 0) + 1;
  return m;
};
const mem = (name: string, data: string) => ({ name, data });

test('SST-2 train/dev/test: sizes and label counts as in SOURCE.md', { skip: NO_SHARED }, async () => {
  const expected = {
    train: [6920, { 0: 3310, 1: 3610 }],
    dev: [872, { 0: 428, 1: 444 }],
    test: [1821, { 0: 912, 1: 909 }],
  };
  for (const [split, [n, counts]] of Object.entries(expected)) {
    const { examples, summary } = await readExamples(join(SHARED, `SST-2/${split}.tsv`));
    assert.equal(examples.length, n, split);
    assert.deepEqual(countBy(examples), counts, split);
    assert.equal(summary.skippedEmpty, 0);
    assert.equal(summary.records, n);
  }
  const { examples } = await readExamples(join(SHARED, 'SST-2/train.tsv'));
  assert.equal(examples[0]!.label, '1');
  assert.match(examples[0]!.text, /^a stirring , funny and finally transporting/);
  assert.equal(examples[6919]!.line, 6920);
});

test('TREC train (coarse): 5,452 questions in 6 classes; GLUE dev by header names', { skip: NO_SHARED }, async () => {
  const { examples } = await readExamples(join(SHARED, 'TREC/train.tsv'));
  assert.equal(examples.length, 5452);
  assert.deepEqual(countBy(examples), { ABBR: 86, DESC: 1162, ENTY: 1250, HUM: 1223, LOC: 835, NUM: 896 });
  // GLUE files: header `sentence<TAB>label`, found by name without any column options.
  const glue = await readExamples(join(SHARED, 'SST-2-GLUE/original/dev.tsv'), { header: true });
  assert.equal(glue.examples.length, 872);
  assert.deepEqual(countBy(glue.examples), { 0: 428, 1: 444 });
  assert.equal(glue.examples[0]!.line, 2);
});

test('columns by index and by name; unlabelled input; multi-label via labelSeparator', async () => {
  const tsv = 'id\tsentence\ttopics\n7\tfirst text\tsport, politics\n8\tsecond\t\n';
  const byName = await readExamples(mem('x.tsv', tsv), {
    textColumn: 'Sentence',
    labelColumn: 'topics',
    labelSeparator: ',',
  });
  assert.deepEqual(byName.examples, [
    { text: 'first text', labels: ['sport', 'politics'], line: 2 },
    { text: 'second', labels: [], line: 3 },
  ]);
  const byIndex = await readExamples(mem('x.tsv', 'a\tneg\tone\n'), { labelColumn: 1, textColumn: 2 });
  assert.deepEqual(byIndex.examples, [{ text: 'one', label: 'neg', line: 1 }]);
  const unlabelled = await readExamples(mem('p.tsv', 'just text\nmore text\n'), { labelColumn: null });
  assert.deepEqual(
    unlabelled.examples.map((e) => [e.text, e.label]),
    [
      ['just text', undefined],
      ['more text', undefined],
    ],
  );
  assert.throws(() => openExamples(mem('x.tsv', ''), { textColumn: 'text', header: false }), UsageError);
  await assert.rejects(
    readExamples(mem('x.tsv', 'a\tb\n1\t2\n'), { textColumn: 'text' }),
    dataError(/x\.tsv:1: no text column named "text"; the header has: a, b/),
  );
});

test('empty texts are skipped and counted; blank lines ignored', async () => {
  const { examples, summary } = await readExamples(mem('e.tsv', '1\tgood\n0\t   \n\n1\t\n0\tfine\n'));
  assert.deepEqual(
    examples.map((e) => e.text),
    ['good', 'fine'],
  );
  assert.equal(summary.skippedEmpty, 2);
  assert.deepEqual(summary.skippedEmptyLines, [2, 4]);
  assert.equal(summary.blankLines, 1);
  assert.equal(summary.records, 2);
});

test('malformed lines → DataError with file:line and the offending text, clipped', async () => {
  const long = 'word '.repeat(100);
  const path = await scratchFile('train.tsv', `1\tok\n0\t${long}\textra\n`);
  await assert.rejects(
    readExamples(path),
    dataError(/train\.tsv:2: extra column\(s\): expected 2 fields, found 3: "0\\tword word/, /…$/),
  );
  await assert.rejects(
    readExamples(mem('m.tsv', 'only-one-field\n')),
    dataError(
      /^m\.tsv:1: missing column: need 2 fields \(text in column 2, label in column 1\), found 1: "only-one-field"/,
    ),
  );
  await assert.rejects(readExamples(mem('m.tsv', '1\ta\n0\n')), dataError(/^m\.tsv:2: missing column/));
  await assert.rejects(readExamples(mem('m.tsv', '1\ta\n \tb\n')), dataError(/^m\.tsv:2: empty label in column 1/));
  const message = await readExamples(path).catch((e: Error) => e.message);
  assert.ok(String(message).length < 200, 'offending text is clipped');
});

test('CSV: RFC 4180 quoting — delimiters, doubled quotes and line breaks inside quoted fields', async () => {
  const csv = [
    'label,text',
    'pos,"Hello, world"',
    'neg,"She said ""no"""',
    'pos,"two',
    'lines"',
    'neg,5\'10" tall', // a quote inside an unquoted field is kept literally
    'pos,""',
    '"neu",plain',
  ].join('\r\n');
  const { examples, summary } = await readExamples(mem('d.csv', csv), { header: true });
  assert.deepEqual(
    examples.map((e) => [e.label, e.text, e.line]),
    [
      ['pos', 'Hello, world', 2],
      ['neg', 'She said "no"', 3],
      ['pos', 'two\nlines', 4],
      ['neg', '5\'10" tall', 6],
      ['neu', 'plain', 8],
    ],
  );
  assert.equal(summary.skippedEmpty, 1);
});

test('CSV errors: text after a closing quote, a quote never closed', async () => {
  await assert.rejects(
    readExamples(mem('q.csv', 'a,b\npos,"ab"c\n')),
    dataError(/^q\.csv:2: unexpected "c" after the closing quote of field 2/),
  );
  await assert.rejects(
    readExamples(mem('q.csv', 'pos,ok\nneg,"never closed\nmore\n')),
    dataError(/^q\.csv:2: quoted field 2 is never closed/),
  );
});

test('a stream can be iterated twice and fills its summary', async () => {
  const s = openExamples(mem('a.tsv', '1\tx\n0\ty\n'));
  const first: string[] = [];
  for await (const ex of s) first.push(ex.text);
  const again: string[] = [];
  for await (const ex of s) again.push(ex.text);
  assert.deepEqual(first, ['x', 'y']);
  assert.deepEqual(again, first);
  assert.equal(s.summary.records, 2);
});
