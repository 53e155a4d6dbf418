// JSONL classification reader: single- and multi-label records, configurable field names, numeric labels,
// empty-text skipping, and an error with file:line for every kind of bad record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readExamples } from '../../src/data/read.ts';
import { dataError, scratchFile } from './helpers.ts';

const mem = (data: string) => ({ name: 'd.jsonl', data });

test('single-label, multi-label, numbers as labels (not mixed with strings), blank lines, empty texts', async () => {
  const data = [
    '{"text": "great film", "label": "pos"}',
    '',
    '{"text": "tags", "labels": ["a", "b"], "extra": 1}',
    '{"text": "  ", "label": "neg"}',
    '{"text": "no labels at all", "labels": []}',
  ].join('\n');
  const path = await scratchFile('d.jsonl', data); // format from the extension
  const { examples, summary } = await readExamples(path);
  assert.deepEqual(examples, [
    { text: 'great film', label: 'pos', line: 1 },
    { text: 'tags', labels: ['a', 'b'], line: 3 },
    { text: 'no labels at all', labels: [], line: 5 },
  ]);
  assert.equal(summary.skippedEmpty, 1);
  assert.deepEqual(summary.skippedEmptyLines, [4]);
  assert.equal(summary.blankLines, 1);
  // Numbers as labels (a file of numbers only: mixing them with strings is refused, test/train/empty-inputs).
  const nums = await readExamples(
    await scratchFile('n.jsonl', '{"text": "numeric", "label": 3}\n{"text": "x", "labels": [1, 2]}'),
  );
  assert.deepEqual(nums.examples, [
    { text: 'numeric', label: '3', line: 1 },
    { text: 'x', labels: ['1', '2'], line: 2 },
  ]);
});

test('configurable field names and unlabelled input', async () => {
  const data = '{"sentence": "hi", "y": "a"}\n{"sentence": "yo", "y": "b"}\n';
  const { examples } = await readExamples(mem(data), { textField: 'sentence', labelField: 'y' });
  assert.deepEqual(
    examples.map((e) => [e.text, e.label]),
    [
      ['hi', 'a'],
      ['yo', 'b'],
    ],
  );
  const free = await readExamples(mem('{"text": "x"}\n'), { labelField: null });
  assert.deepEqual(free.examples, [{ text: 'x', line: 1 }]);
});

test('bad records → DataError with file:line and the line quoted', async () => {
  const cases: [string, RegExp][] = [
    [
      '{"text": "a", "label": "x"}\n{"text": "b", label: 1}',
      /^d\.jsonl:2: invalid JSON \(.*\): \{"text": "b", label: 1\}/,
    ],
    ['["text", "label"]', /^d\.jsonl:1: expected a JSON object per line/],
    ['{"label": "x"}', /^d\.jsonl:1: missing field "text"/],
    ['{"text": 5, "label": "x"}', /^d\.jsonl:1: field "text" must be a string/],
    ['{"text": "a"}', /^d\.jsonl:1: missing field "label" \(or "labels" for multi-label\)/],
    ['{"text": "a", "labels": "x"}', /^d\.jsonl:1: field "labels" must be an array/],
    [
      '{"text": "a", "labels": ["x", null]}',
      /^d\.jsonl:1: field "labels" must hold non-empty strings or numbers, got null/,
    ],
    ['{"text": "a", "label": ""}', /^d\.jsonl:1: field "label" must hold/],
    ['{"text": "a", "label": {"k": 1}}', /got \{"k":1\}/],
  ];
  for (const [data, re] of cases) await assert.rejects(readExamples(mem(data)), dataError(re), data);
});
