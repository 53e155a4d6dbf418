// The teacher-output cache (src/tasks/distill/teacher-cache.ts): entries of any number of rows (a NER teacher's
// per-word scores) survive a reopen bit for bit, version-1 files (one row per entry) are still read, and
// cachedEntries computes only what the cache lacks, each distinct key once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedEntries, logitKey, TeacherLogitCache } from '../../../src/tasks/distill/teacher-cache.ts';

const root = () => mkdtempSync(join(tmpdir(), 'bertcnn-tcache-'));

test('entries of 0, 1 and 3 rows survive a reopen', async () => {
  const dir = root();
  const c = await TeacherLogitCache.open(dir, 'abc', 2, {});
  const e = [new Float32Array(0), Float32Array.of(1, -2), Float32Array.of(0.5, 1.5, 2.5, 3.5, -4.25, 1e-7)];
  await c.put(['none', 'one', 'three'], e);
  const again = await TeacherLogitCache.open(dir, 'abc', 2, {});
  assert.equal(again.size, 3);
  assert.deepEqual(again.get('none'), e[0]);
  assert.deepEqual(again.get('one'), e[1]);
  assert.deepEqual(again.get('three'), e[2]);
  assert.equal(again.get('missing'), undefined);
  await assert.rejects(c.put(['x'], [Float32Array.of(1, 2, 3)]), /3 values, not rows of 2/);
});

test('a version-1 file (one row per entry) is read', async () => {
  const dir = root();
  await TeacherLogitCache.open(dir, 'v1', 2, {});
  const buf = Buffer.alloc(16 + 16 + 8);
  buf.write('BCTL', 0, 'ascii');
  buf.writeUInt32LE(1, 4);
  buf.writeUInt32LE(2, 8);
  buf.writeUInt32LE(1, 12);
  Buffer.from(logitKey('v1', 'old text'), 'hex').copy(buf, 16);
  buf.writeFloatLE(0.25, 32);
  buf.writeFloatLE(-3, 36);
  writeFileSync(join(dir, 'v1', 'logits-00.bin'), buf);
  const c = await TeacherLogitCache.open(dir, 'v1', 2, {});
  assert.deepEqual(c.get('old text'), Float32Array.of(0.25, -3));
});

test('cachedEntries computes only the missing keys, once each, and keeps input order', async () => {
  const c = await TeacherLogitCache.open(root(), 't', 1, {});
  const asked: string[][] = [];
  const compute = async (xs: readonly string[]) => {
    asked.push([...xs]);
    return xs.map((x) => Float32Array.from(x, (ch) => ch.charCodeAt(0)));
  };
  const first = await cachedEntries(c, ['ab', 'c', 'ab'], (x) => x, compute, { chunk: 1 });
  assert.equal(first.computed, 2);
  assert.deepEqual(asked, [['ab'], ['c']]);
  const second = await cachedEntries(c, ['c', 'de', 'ab'], (x) => x, compute);
  assert.equal(second.computed, 1);
  assert.deepEqual(asked.at(-1), ['de']);
  assert.deepEqual(
    second.entries.map((e) => [...e]),
    [[99], [100, 101], [97, 98]],
  );
});
