// Label maps (build, canonical order, labels.json save/load, encoding) and the pre-flight check of a data file's
// labels against a model's map: error listing the unseen labels, or skip with a count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  buildLabelMap,
  buildTagMap,
  encodeLabels,
  loadLabelMap,
  saveLabelMap,
  sortLabels,
} from '../../src/data/labels.ts';
import { checkLabels, checkTags } from '../../src/data/label-check.ts';
import { readExamples } from '../../src/data/read.ts';
import { UsageError } from '../../src/errors.ts';
import type { TextExample } from '../../src/data/types.ts';
import { dataError, scratchFile } from './helpers.ts';

const ex = (label: string, line: number): TextExample => ({ text: `t${line}`, label, line });

test('label maps are sorted and independent of data order (numeric labels numerically)', () => {
  assert.deepEqual(sortLabels(['pos', 'neg', 'pos', 'Neutral']), ['Neutral', 'neg', 'pos']);
  assert.deepEqual(sortLabels(['10', '2', '1', '2']), ['1', '2', '10']);
  const a = buildLabelMap([ex('b', 1), ex('a', 2), ex('c', 3)]);
  const b = buildLabelMap([ex('c', 1), ex('b', 2), ex('a', 3)]);
  assert.deepEqual(a, b);
  assert.deepEqual(a, { labels: ['a', 'b', 'c'], multiLabel: false });
  const multi = buildLabelMap([
    { text: 'x', labels: ['y', 'x'], line: 1 },
    { text: 'z', labels: [], line: 2 },
  ]);
  assert.deepEqual(multi, { labels: ['x', 'y'], multiLabel: true });
  assert.deepEqual(buildTagMap([{ tokens: ['a', 'b'], tags: ['O', 'B-PER'], line: 1 }]).labels, ['B-PER', 'O']);
  assert.throws(() => buildLabelMap([{ text: 'x', line: 1 }]), UsageError);
});

test('labels.json round trip (atomic write) and encoding', async () => {
  const path = await scratchFile('labels.json', '');
  const map = buildLabelMap([ex('neg', 1), ex('pos', 2)]);
  await saveLabelMap(path, map);
  assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), { labels: ['neg', 'pos'], multiLabel: false });
  assert.deepEqual(await loadLabelMap(path), map);
  assert.deepEqual(encodeLabels([ex('pos', 1), ex('neg', 2)], map), [1, 0]);
  const multi = { labels: ['a', 'b', 'c'], multiLabel: true };
  assert.deepEqual(encodeLabels([{ text: 'x', labels: ['c', 'a'], line: 1 }], multi), [[2, 0]]);
  assert.throws(
    () => encodeLabels([ex('zzz', 7)], map, 'dev.tsv'),
    dataError(/dev\.tsv:7: label "zzz" is not in the label map/),
  );
  // A bare array is accepted too.
  const bare = join(dirname(path), 'bare.json');
  await writeFile(bare, '["x", "y"]');
  assert.deepEqual(await loadLabelMap(bare), { labels: ['x', 'y'], multiLabel: false });
});

test('broken labels.json → DataError naming the file and the problem', async () => {
  const cases: [string, RegExp][] = [
    ['{not json', /cannot read label map/],
    ['{"labels": []}', /at least one label/],
    ['{"labels": ["a", 3]}', /labels\[1\] must be a non-empty string, got 3/],
    ['{"labels": ["a", "b", "a"]}', /label "a" appears twice \(at 0 and 2\)/],
    ['{"labels": ["a"], "multiLabel": "yes"}', /"multiLabel" must be true or false/],
  ];
  for (const [json, re] of cases) {
    const path = await scratchFile('labels.json', json);
    await assert.rejects(loadLabelMap(path), dataError(/labels\.json: /, re));
  }
  await assert.rejects(loadLabelMap('/nonexistent/labels.json'), dataError(/cannot read label map/));
});

test('unseen labels at eval time: one clear error before any work, or skip with a count', async () => {
  const map = { labels: ['neg', 'pos'], multiLabel: false };
  const { examples } = await readExamples({
    name: 'dev.tsv',
    data: 'pos\ta\nneutral\tb\nneg\tc\nneutral\td\nmixed\te\n',
  });
  assert.throws(
    () => checkLabels(examples, map, { source: 'dev.tsv' }),
    dataError(
      /^dev\.tsv: 2 labels not in the model's label map: "neutral" \(2×, first at line 2\), "mixed" \(1×, first at line 5\)/,
      /The model knows: neg, pos/,
      /unknownLabel 'skip'/,
    ),
  );
  const r = checkLabels(examples, map, { unknownLabel: 'skip' });
  assert.deepEqual(
    r.kept.map((e) => e.text),
    ['a', 'c'],
  );
  assert.equal(r.skippedUnknown, 3);
  assert.deepEqual([...r.unknown.keys()], ['neutral', 'mixed']);
  // All known: nothing dropped.
  assert.equal(
    checkLabels(
      examples.filter((e) => e.label !== 'neutral' && e.label !== 'mixed'),
      map,
    ).skippedUnknown,
    0,
  );
});

test('label-kind mismatches and unlabelled records are errors; multi-label records skip as a whole', () => {
  const single = { labels: ['a', 'b'], multiLabel: false };
  assert.throws(
    () => checkLabels([{ text: 'x', labels: ['a'], line: 4 }], single, { source: 'f' }),
    dataError(/^f:4: multi-label record \(\[a\]\) but the model is single-label/),
  );
  assert.throws(
    () => checkLabels([{ text: 'x', line: 9 }], single, { source: 'f' }),
    dataError(/^f:9: record has no label/),
  );
  const multi = { labels: ['a', 'b'], multiLabel: true };
  const r = checkLabels(
    [
      { text: 'x', labels: ['a', 'z'], line: 1 },
      { text: 'y', labels: ['b'], line: 2 },
    ],
    multi,
    { unknownLabel: 'skip' },
  );
  assert.deepEqual(
    r.kept.map((e) => e.text),
    ['y'],
  );
  assert.equal(r.skippedUnknown, 1);
});

test('CoNLL tags are checked the same way (line of the offending token)', () => {
  const map = { labels: ['B-PER', 'I-PER', 'O'], multiLabel: false };
  const sents = [
    { tokens: ['a', 'b'], tags: ['B-PER', 'O'], line: 1 },
    { tokens: ['c', 'd'], tags: ['O', 'B-LOC'], line: 4 },
  ];
  assert.throws(
    () => checkTags(sents, map, { source: 'test.tsv' }),
    dataError(/1 tag not in the model's label map: "B-LOC" \(1×, first at line 5\)/),
  );
  assert.equal(checkTags(sents, map, { unknownLabel: 'skip' }).kept.length, 1);
});
