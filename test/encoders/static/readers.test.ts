// Vector readers: word2vec text and binary, GloVe, fastText .vec — values, streaming across tiny chunks, every
// error with its line (or record) number, duplicates (first wins, counted), empty files, case fallback, coverage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadVectors, readTextVectors, readWord2vecBinary } from '../../../src/encoders/static/index.ts';
import { DataError } from '../../../src/errors.ts';
import { tempDir } from '../helpers.ts';

const dir = tempDir('vectors');
let n = 0;
function file(content: string | Buffer, ext = '.txt'): string {
  const p = join(dir, `v${n++}${ext}`);
  writeFileSync(p, content);
  return p;
}

function binary(words: [string, number[]][], header = `${words.length} ${words[0]![1].length}\n`): Buffer {
  const parts = [Buffer.from(header)];
  for (const [w, v] of words) {
    const f = Buffer.alloc(4 * v.length);
    v.forEach((x, i) => f.writeFloatLE(x, 4 * i));
    parts.push(Buffer.from(`${w} `), f, Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

async function rejects(p: Promise<unknown>, where: RegExp, what: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.ok(e instanceof DataError, `DataError, got ${e.name}: ${e.message}`);
    assert.match(e.message, where);
    assert.match(e.message, what);
    return true;
  });
}

const TEXT = 'the 0.1 0.2 -0.3\nCat 1 2.5e-1 -3E+0\nnaïve 0.5 0.25 0.125\n';

test('GloVe (no header) — values, format sniffed, streamed in 3-byte chunks', async () => {
  for (const chunkBytes of [undefined, 3]) {
    const v = await readTextVectors(file(TEXT), 'auto', { chunkBytes });
    assert.equal(v.summary.format, 'glove');
    assert.deepEqual([v.size, v.dim], [3, 3]);
    assert.deepEqual([...v.vector('Cat')!], [1, 0.25, -3]);
    assert.deepEqual([...v.vector('naïve')!], [0.5, 0.25, 0.125]);
    assert.ok(Math.abs(v.vector('the')![2]! + 0.3) < 1e-7);
  }
});

test('word2vec text and fastText .vec (header), CRLF and trailing blanks', async () => {
  const w2v = await loadVectors(file('3 3\r\nthe 0.1 0.2 -0.3 \r\nCat 1 2.5e-1 -3E+0\r\nnaïve 0.5 0.25 0.125\r\n'), {
    format: 'word2vec',
  });
  assert.deepEqual([w2v.size, w2v.dim, w2v.summary.declared], [3, 3, 3]);
  assert.deepEqual([...w2v.vector('Cat')!], [1, 0.25, -3]);
  const vec = await loadVectors(file(`3 3\n${TEXT}`, '.vec'));
  assert.equal(vec.summary.format, 'fasttext');
  assert.deepEqual([...vec.vector('naïve')!], [0.5, 0.25, 0.125]);
});

test('word2vec binary, also in 5-byte chunks and with a limit', async () => {
  const data = binary([
    ['the', [0.5, -1]],
    ['Ünï', [2, 3]],
    ['dog', [4, 5]],
  ]);
  for (const chunkBytes of [undefined, 5]) {
    const v = await loadVectors(file(data, '.bin'), { chunkBytes });
    assert.deepEqual([v.size, v.dim], [3, 2]);
    assert.deepEqual([...v.vector('Ünï')!], [2, 3]);
    assert.deepEqual([...v.vector('dog')!], [4, 5]);
  }
  const two = await readWord2vecBinary(file(data, '.bin'), { limit: 2 });
  assert.deepEqual([two.size, two.summary.truncated], [2, true]);
});

test('duplicates: first vector wins, repeats counted with their lines', async () => {
  const v = await readTextVectors(file('a 1 1\nb 2 2\na 3 3\nb 4 4\na 5 5\n'), 'glove');
  assert.deepEqual([v.size, v.summary.duplicates], [2, 3]);
  assert.deepEqual(v.summary.duplicateAt, ['line 3', 'line 4', 'line 5']);
  assert.deepEqual([...v.vector('a')!], [1, 1]);
  const bin = await readWord2vecBinary(
    file(
      binary([
        ['x', [1]],
        ['x', [2]],
      ]),
      '.bin',
    ),
  );
  assert.deepEqual([bin.size, bin.summary.duplicates, bin.summary.duplicateAt[0]], [1, 1, 'record 2']);
});

test('errors name the file and line', async () => {
  await rejects(
    readTextVectors(file('a 1 2\nb 1 2 3\n'), 'glove'),
    /v\d+\.txt:2/,
    /3 values, expected 2 \(the dimension set by line 1\)/,
  );
  await rejects(
    readTextVectors(file('2 2\na 1 2\nb 1\n'), 'word2vec'),
    /:3/,
    /1 values, expected 2 \(the dimension set by the header\)/,
  );
  await rejects(
    readTextVectors(file('a 1 2\nb 1 x2\n'), 'glove'),
    /:2/,
    /value 2 of word "b" is not a finite number: "x2"/,
  );
  await rejects(readTextVectors(file('a 1 2\nb 1 nan\n'), 'glove'), /:2/, /not a finite number: "nan"/);
  await rejects(readTextVectors(file('a 1 2\n'), 'word2vec'), /:1/, /bad header "a 1 2"/);
  await rejects(readTextVectors(file('300 x\na 1\n'), 'fasttext'), /:1/, /bad header/);
  await rejects(readTextVectors(file('3 2\na 1 2\nb 1 2\n'), 'word2vec'), /:1/, /declares 3 words but the file has 2/);
  await rejects(readTextVectors(file('justaword\n'), 'glove'), /:1/, /needs a word and at least one value/);
});

test('binary errors: header, truncated record, missing records, trailing data', async () => {
  await rejects(readWord2vecBinary(file(Buffer.from('two 2\nxx'), '.bin')), /:1/, /bad header "two 2"/);
  const ok = binary([
    ['a', [1, 2]],
    ['b', [3, 4]],
  ]);
  await rejects(
    readWord2vecBinary(file(ok.subarray(0, ok.length - 5), '.bin')),
    /\.bin/,
    /record 2 \(byte \d+\): the file ends inside the vector of "b"/,
  );
  await rejects(
    readWord2vecBinary(file(binary([['a', [1, 2]]], '2 2\n'), '.bin')),
    /\.bin/,
    /record 2 of 2 .*the file ends/,
  );
  await rejects(
    readWord2vecBinary(file(Buffer.concat([binary([['a', [1, 2]]]), Buffer.from('zz')]), '.bin')),
    /\.bin/,
    /data after the 1 records/,
  );
});

test('empty vocabulary is a clear error', async () => {
  await rejects(readTextVectors(file(''), 'auto'), /v\d+\.txt/, /no word vectors found \(empty vocabulary\)/);
  await rejects(readTextVectors(file('\n\n'), 'glove'), /v\d+\.txt/, /empty vocabulary/);
});

test('lookup falls back to lower case; coverage counts types and tokens', async () => {
  const v = await readTextVectors(file('the 1\ncat 2\nCat 3\n'), 'glove');
  assert.deepEqual(v.lookup('Cat'), { id: 2, match: 'exact' });
  assert.deepEqual(v.lookup('THE'), { id: 0, match: 'lower' });
  assert.equal(v.lookup('dog'), null);
  const c = v.coverage(
    new Map([
      ['The', 3],
      ['cat', 1],
      ['dog', 4],
    ]),
  );
  assert.deepEqual([c.types, c.typesFound, c.typesFoundLower, c.tokens, c.tokensFound], [3, 2, 1, 8, 4]);
  assert.equal(c.tokenRate, 0.5);
});

test('the word index holds many words without collisions going wrong', async () => {
  const lines = Array.from({ length: 5000 }, (_, i) => `w${i}é ${i}`).join('\n');
  const v = await readTextVectors(file(lines), 'glove', { chunkBytes: 4096 });
  assert.equal(v.size, 5000);
  for (const i of [0, 1, 777, 4999]) assert.deepEqual([...v.vector(`w${i}é`)!], [i]);
  assert.equal(v.word(4321), 'w4321é');
  assert.equal(v.lookup('w5000é'), null);
});
