// Crash safety of the feature cache: a shard cut short mid-write (no trailer) is ignored and deleted on the next
// open and its texts are embedded again; a complete shard the index never heard of (crash between rename and index
// rewrite) is adopted; a shard whose size disagrees with the index is dropped; stale temp files of dead writers
// are removed; a corrupt index is rebuilt from the shards; an aborted embed leaves no files behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../src/encoders/bert/generate.ts';
import { loadBert } from '../../src/encoders/bert/load.ts';
import { FeatureCache } from '../../src/features/feature-cache.ts';
import { tempDir } from '../encoders/helpers.ts';

const root = tempDir('fcache-crash');
await generateBertCheckpoint(join(root, 'bert'), {
  layers: 2,
  hidden: 32,
  heads: 2,
  ffn: 64,
  maxPositions: 64,
  vocab: 'bert-base-uncased',
  seed: 9,
});
const enc = await loadBert(join(root, 'bert'), { threads: 1 });
const A = ['the first batch of texts', 'is written', 'and committed'];
const B = ['then a second shard', 'is being written', 'when the process dies', 'mid write'];
const opts = { pooling: 'cls' as const, maxLength: 32 };
const shards = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.startsWith('shard-'))
    .sort();

async function twoShards(name: string): Promise<{ dir: string; indexAfterA: string; shardB: string }> {
  const cache = await FeatureCache.open(join(root, name), enc, opts);
  await cache.embed(A);
  const dir = cache.dir;
  const indexAfterA = join(root, `${name}-index-after-A.bin`);
  copyFileSync(join(dir, 'index.bin'), indexAfterA);
  await cache.embed(B);
  cache.close();
  const all = shards(dir);
  assert.equal(all.length, 2);
  return { dir, indexAfterA, shardB: all[1]! };
}

test('a partial shard (killed mid-write) is ignored and deleted; its texts are embedded again', async () => {
  const { dir, indexAfterA, shardB } = await twoShards('partial');
  const full = statSync(join(dir, shardB)).size;
  truncateSync(join(dir, shardB), Math.floor(full / 2)); // rows half written, no table, no trailer
  copyFileSync(indexAfterA, join(dir, 'index.bin')); // the index had not been rewritten yet
  writeFileSync(join(dir, `.${shardB}.tmp-99999999-abcd1234`), 'half a shard'); // a dead writer's temp file
  const cache = await FeatureCache.open(join(root, 'partial'), enc, opts);
  assert.equal(cache.recovery.discarded.length, 1);
  assert.match(cache.recovery.discarded[0]!, /no trailer|does not match/);
  assert.equal(cache.recovery.removedTemp, 1);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.startsWith('.')),
    [],
  );
  assert.equal(shards(dir).length, 1, 'the partial shard is gone');
  assert.ok(A.every((t) => cache.has(t)) && B.every((t) => !cache.has(t)));
  const s = await cache.embed([...A, ...B]);
  assert.deepEqual([s.cached, s.embedded], [A.length, B.length]);
  const direct = await enc.extract(B, opts);
  const got = cache.dataset(B).batch([0, 1, 2, 3]);
  const [x, y] = [got.tokens!.data as Float32Array, direct.tokens!.data as Float32Array];
  assert.ok(x.every((v, i) => Math.abs(v - y[i]!) <= 1e-3 * Math.abs(y[i]!) + 1e-6));
  cache.close();
});

test('a complete shard missing from the index is adopted; a shard of the wrong size is dropped', async () => {
  const { dir, indexAfterA, shardB } = await twoShards('adopt');
  copyFileSync(indexAfterA, join(dir, 'index.bin')); // crash after renaming shard B, before the index rewrite
  const cache = await FeatureCache.open(join(root, 'adopt'), enc, opts);
  assert.deepEqual(cache.recovery.adopted, [shardB]);
  assert.equal(cache.size, A.length + B.length);
  assert.equal((await cache.embed(B)).embedded, 0);
  cache.close();
  const reopened = await FeatureCache.openSpace(dir);
  assert.deepEqual(reopened.recovery.adopted, [], 'the rewritten index lists the adopted shard');
  reopened.close();

  truncateSync(join(dir, shardB), statSync(join(dir, shardB)).size - 1);
  const again = await FeatureCache.open(join(root, 'adopt'), enc, opts);
  assert.match(again.recovery.discarded.join('\n'), /size .* in the index/);
  assert.equal(again.size, A.length);
  again.close();
});

test('a corrupt index is rebuilt from the shards', async () => {
  const { dir } = await twoShards('index');
  writeFileSync(join(dir, 'index.bin'), 'garbage');
  const cache = await FeatureCache.open(join(root, 'index'), enc, opts);
  assert.match(cache.recovery.discarded.join('\n'), /index\.bin/);
  assert.equal(cache.size, A.length + B.length);
  assert.equal(cache.dataset(B).batch([3]).lengths[0], (await enc.extract(['mid write'], opts)).lengths[0]);
  cache.close();
});

test('an embed that fails midway keeps committed shards and leaves no temporary file', async () => {
  const cache = await FeatureCache.open(join(root, 'abort'), enc, opts);
  await cache.embed(A);
  let runs = 0;
  const failing = cache.embed(B, {
    batchSize: 1,
    onProgress: (done) => {
      if (done > 0 && ++runs === 2) throw new Error('interrupted');
    },
  });
  await assert.rejects(failing, /interrupted/);
  assert.deepEqual(
    readdirSync(cache.dir).filter((f) => f.startsWith('.')),
    [],
  );
  assert.ok(A.every((t) => cache.has(t)) && B.every((t) => !cache.has(t)));
  cache.close();
});
