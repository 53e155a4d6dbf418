// Regression tests for what fuzzing the vector readers found (test/fuzz/targets/vectors.ts): a header declaring
// more words or a wider dimension than the file can hold used to reserve words × dim floats up front (RangeError
// "Invalid typed array length" at 10^11, gigabytes below that); a text value beyond float32 (1e39) was stored as
// Infinity. Both are now DataErrors naming the file, and a header's declared count no longer sizes the matrix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWord2vecBinary, readTextVectors } from '../../../src/encoders/static/index.ts';
import { DataError } from '../../../src/errors.ts';
import { tempDir } from '../helpers.ts';

const dir = tempDir('vec-headers');
const file = (name: string, data: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};

async function refusedSmall(read: () => Promise<unknown>, re: RegExp): Promise<void> {
  const before = process.memoryUsage().arrayBuffers;
  await assert.rejects(read(), (e: Error) => e instanceof DataError && re.test(e.message));
  assert.ok(process.memoryUsage().arrayBuffers - before < 16 << 20, 'reserved memory the file cannot fill');
}

test('text header with a dimension the file cannot hold: DataError at file:1, no huge allocation', async () => {
  const p = file('dim.txt', '2 99999999999\nx 1\n');
  await refusedSmall(() => readTextVectors(p), /dim\.txt:1: the header's dimension 99999999999 cannot fit/);
});

test('text header declaring 10^11 words: reads what is there, then names the count mismatch', async () => {
  const p = file('words.txt', '99999999999 3\nx 1 2 3\n');
  await refusedSmall(
    () => readTextVectors(p),
    /words\.txt:1: the header declares 99999999999 words but the file has 1/,
  );
});

test('binary header declaring 5e9 words or a 2e9 dimension: DataError, no huge allocation', async () => {
  const words = file('words.bin', Buffer.concat([Buffer.from('5000000000 1\nx '), Buffer.alloc(4), Buffer.from('\n')]));
  await refusedSmall(() => readWord2vecBinary(words), /words\.bin: record 2 of 5000000000 .*the file ends/);
  const dim = file('dim.bin', '1 2000000000\nx ');
  await refusedSmall(() => readWord2vecBinary(dim), /dim\.bin:1: the header's dimension 2000000000 needs/);
});

test('a text value beyond float32 (1e39) is refused, not stored as Infinity', async () => {
  const p = file('big.txt', 'a 1 2\nb 1 1e39\n');
  await assert.rejects(
    readTextVectors(p, 'glove'),
    /big\.txt:2: value 2 of word "b" is not a finite number in float32/,
  );
  const ok = await readTextVectors(file('max.txt', 'a 3.4e38 -3.4e38\n'), 'glove');
  assert.ok(ok.matrix.every(Number.isFinite));
});
