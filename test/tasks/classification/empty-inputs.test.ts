// Edges of the training inputs (issue #17): an empty or header-only train file, an empty --dev file and JSONL
// labels that mix numbers and strings are refused before any work, naming the file (and line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../../src/errors.ts';
import { readExamples } from '../../../src/data/read.ts';
import { readJobData } from '../../../src/tasks/classification/data.ts';
import { tempDir } from '../../encoders/helpers.ts';

const root = tempDir('empty-inputs');
const file = (name: string, text: string) => {
  const p = join(root, name);
  writeFileSync(p, text);
  return p;
};
const good = file('good.tsv', 'pos\ta fine film\nneg\ta dull film\n');

async function refused(p: Promise<unknown>, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.ok(e instanceof DataError, `${e.name}: ${e.message}`);
    assert.match(e.message, re);
    return true;
  });
}

test('an empty train file is refused naming it', async () => {
  const empty = file('empty.tsv', '');
  await refused(
    readJobData({ train: empty }),
    /empty\.tsv: no examples in the training file \(the file is empty or holds only a header\)/,
  );
});

test('a header-only train file (CSV, --header) is refused naming it', async () => {
  const header = file('header.csv', 'label,text\n');
  await refused(
    readJobData({ train: header, read: { header: true } }),
    /header\.csv: no examples in the training file/,
  );
});

test('a train file whose texts are all empty says so', async () => {
  const blank = file('blank.tsv', 'pos\t \nneg\t\n');
  await refused(
    readJobData({ train: blank }),
    /blank\.tsv: no examples in the training file \(all 2 texts are empty\)/,
  );
});

test('an empty --dev file is refused naming it (it used to score 0 and pick epoch 1)', async () => {
  const dev = file('dev-empty.tsv', '\n');
  await refused(readJobData({ train: good, dev }), /dev-empty\.tsv: no examples in the dev file/);
});

test('JSONL labels mixing numbers and strings are refused at the line, naming both lines', async () => {
  const mixed = file(
    'mixed.jsonl',
    [
      '{"text": "a fine film", "label": "negative"}',
      '{"text": "so dull", "label": "0"}',
      '{"text": "great", "label": 0}',
    ].join('\n'),
  );
  await refused(
    readExamples(mixed),
    /mixed\.jsonl:3: field "label" is the number 0 but line 1 has the string "negative" — labels mix JSON numbers and strings/,
  );
  const multi = file(
    'mixed-multi.jsonl',
    ['{"text": "a", "labels": [1, 2]}', '{"text": "b", "labels": ["x"]}'].join('\n'),
  );
  await refused(
    readExamples(multi),
    /mixed-multi\.jsonl:2: field "labels" is the string "x" but line 1 has the number 1/,
  );
  const numbers = file('numbers.jsonl', ['{"text": "a", "label": 0}', '{"text": "b", "label": 1}'].join('\n'));
  assert.deepEqual(
    (await readExamples(numbers)).examples.map((e) => e.label),
    ['0', '1'],
  );
});
