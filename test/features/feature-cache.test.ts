// Feature cache on a generated 2-layer BERT (hidden 32): fp16 round trip against direct extract() features,
// re-runs that never call the encoder, keys that depend on the layer selection, the weights and the int8 scheme, pooled-only
// spaces, and the batch reader's shapes, padding, masks and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateBertCheckpoint } from '../../src/encoders/bert/generate.ts';
import { loadBert } from '../../src/encoders/bert/load.ts';
import type { Encoder } from '../../src/encoders/encoder.ts';
import { FeatureCache } from '../../src/features/feature-cache.ts';
import { listFeatureCaches } from '../../src/features/feature-cache-space.ts';
import { DataError, UsageError } from '../../src/errors.ts';
import { tempDir } from '../encoders/helpers.ts';

const root = tempDir('fcache');
await generateBertCheckpoint(join(root, 'bert'), {
  layers: 2,
  hidden: 32,
  heads: 2,
  ffn: 64,
  maxPositions: 64,
  vocab: 'bert-base-uncased',
  std: 0.1,
  seed: 5,
});
const enc = await loadBert(join(root, 'bert'), { threads: 1 });
const words = 'a gripping and funny film that never quite earns its long and tedious final act'.split(' ');
const texts = Array.from({ length: 14 }, (_, i) => words.slice(0, ((i * 7) % 15) + 1).join(' '));
texts.push('', 'ok', words.join(' ') + ' ' + words.join(' '), 'a gripping'); // empty, short, truncated at 24, dup

/** Counts feature-extraction calls on an encoder until restore() is called. */
function spy(e: Encoder): { calls: number; restore(): void } {
  const c = { calls: 0, restore: () => undefined };
  const { extractStream, extract } = e;
  e.extractStream = (t, o) => {
    c.calls++;
    return extractStream.call(e, t, o);
  };
  e.extract = (t, o) => {
    c.calls++;
    return extract.call(e, t, o);
  };
  c.restore = () => {
    e.extractStream = extractStream;
    e.extract = extract;
  };
  return c;
}

/** |a − b| ≤ rtol·|b| + atol element-wise. */
function assertClose(a: Float32Array, b: Float32Array, rtol: number, atol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i]! - b[i]!) <= rtol * Math.abs(b[i]!) + atol)) assert.fail(`${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

const layers = { layers: [-2, -1], combine: 'concat' as const };

test('round trip: cached fp16 features equal direct extract() within 1e-3 relative; re-run calls no encoder', async () => {
  const dir = join(root, 'c1');
  const cache = await FeatureCache.open(dir, enc, { layers, pooling: 'mean', maxLength: 24 });
  const s1 = await cache.embed(texts, { batchSize: 4, chunkSize: 5 });
  assert.deepEqual(
    { ...s1, seconds: 0 },
    { texts: 18, unique: 17, cached: 0, embedded: 17, truncated: 1, windowed: 0, shardsWritten: 1, seconds: 0 },
  );
  const direct = await enc.extract(texts, { layers, pooling: 'mean', maxLength: 24 });
  const [, T, D] = direct.tokens!.shape as number[];
  const ds = cache.dataset(texts);
  assert.deepEqual([...ds.lengths], [...direct.lengths]);
  const got = ds.batch(texts.map((_, i) => i));
  assert.deepEqual(got.tokens!.shape, [texts.length, T, D]);
  assert.equal(got.truncated, 1);
  assertClose(got.tokens!.data as Float32Array, direct.tokens!.data as Float32Array, 1e-3, 1e-6, 'tokens');
  assertClose(got.pooled!.data as Float32Array, direct.pooled!.data as Float32Array, 1e-3, 1e-6, 'pooled');
  assert.deepEqual(got.mask.data, direct.mask.data);
  cache.close();

  const again = await FeatureCache.open(dir, enc, { layers, pooling: 'mean', maxLength: 24 });
  const calls = spy(enc);
  const s2 = await again.embed([...texts].reverse());
  assert.equal(s2.embedded, 0);
  assert.equal(s2.cached, 17);
  assert.equal(s2.truncated, 1);
  assert.equal(calls.calls, 0, 'the encoder must not be called');
  const s3 = await again.embed([...texts, 'one new sentence']);
  assert.deepEqual([s3.embedded, s3.cached, calls.calls], [1, 17, 1]);
  calls.restore();
  assert.equal(readdirSync(join(dir, again.spaceId)).filter((f) => f.startsWith('shard-')).length, 2);
  again.close();
});

test('keys depend on the layer selection, pooling, max length, precision and the weights', async () => {
  const dir = join(root, 'c2');
  const open = (o: Parameters<typeof FeatureCache.open>[2]) => FeatureCache.open(dir, enc, o);
  const a = await open({});
  const ids = [
    a,
    await open({ layers }),
    await open({ layers: { layers: [-2, -1], combine: 'sum' } }),
    await open({ pooling: 'cls' }),
    await open({ maxLength: 32 }),
    await open({ precision: 'int8' }),
  ];
  assert.equal(new Set(ids.map((c) => c.spaceId)).size, ids.length);
  assert.equal(new Set(ids.map((c) => c.keyOf('same text'))).size, ids.length);
  assert.equal((await open({})).spaceId, a.spaceId, 'same options → same space');
  assert.equal(ids[1]!.spec.tokenDim, 64);
  await generateBertCheckpoint(join(root, 'bert-b'), {
    layers: 2,
    hidden: 32,
    heads: 2,
    ffn: 64,
    maxPositions: 64,
    vocab: 'bert-base-uncased',
    std: 0.1,
    seed: 6,
  });
  const other = await loadBert(join(root, 'bert-b'), { threads: 1 });
  assert.notEqual((await FeatureCache.open(dir, other, {})).spaceId, a.spaceId, 'other weights → other space');
  assert.equal((await FeatureCache.open(dir, other, { fingerprint: 'x' })).spec.encoder.fingerprint, 'x');
});

test('int8 spaces depend on the int8 scheme ([CLS] on its own scale, 7-bit weights); fp32 spaces do not', async () => {
  // The same weights quantized another way give other features: a cache filled one way must not serve the other.
  const dir = join(root, 'c-int8');
  const split = await loadBert(join(root, 'bert'), { threads: 1, quantize: { splitFirstToken: true } });
  const wide = await loadBert(join(root, 'bert'), { threads: 1, quantize: { reduceRange: !enc.int8.reduceRange } });
  const space = (e: Encoder, precision: 'fp32' | 'int8') => FeatureCache.open(dir, e, { precision });
  const int8 = await Promise.all([enc, split, wide].map((e) => space(e, 'int8')));
  assert.equal(new Set(int8.map((c) => c.spaceId)).size, 3);
  assert.deepEqual(int8[1]!.spec.int8, { ...enc.int8, splitFirstToken: 'all' });
  const fp32 = await Promise.all([enc, split, wide].map((e) => space(e, 'fp32')));
  assert.equal(new Set(fp32.map((c) => c.spaceId)).size, 1);
  assert.equal(fp32[0]!.spec.int8, undefined);
  // the scheme is part of space.json and re-read from it (a re-opened space keeps its id)
  assert.equal((await space(split, 'int8')).spaceId, int8[1]!.spaceId);
  const listed = listFeatureCaches(dir); // readSpaceFile re-hashes each space.json, int8 scheme included
  assert.equal(listed.length, 4);
  assert.deepEqual(listed.find((s) => s.spaceId === int8[1]!.spaceId)?.int8, int8[1]!.spec.int8);
  const features = await split.extract(['a gripping film'], { precision: 'int8' });
  const plain = await enc.extract(['a gripping film'], { precision: 'int8' });
  assert.notDeepEqual(features.tokens!.data, plain.tokens!.data, 'the schemes really give other features');
  await Promise.all([split.release(), wide.release()]);
});

test('batch reader: padding to the longest row (≥ minLength), masks, zeros, pooled-only spaces, errors', async () => {
  const dir = join(root, 'c3');
  const cache = await FeatureCache.open(dir, enc, { pooling: 'cls', maxLength: 24 });
  await cache.embed(texts);
  const ds = cache.dataset(texts);
  const lens = [...ds.lengths];
  const pick = [14, 15, 0]; // '', 'ok', one word
  const b = ds.batch(pick, { minLength: 5 });
  assert.deepEqual(
    [...b.lengths],
    pick.map((i) => lens[i]!),
  );
  assert.deepEqual(b.tokens!.shape, [3, 5, 32]);
  assert.deepEqual(b.pooled!.shape, [3, 32]);
  const m = b.mask.data as Float32Array;
  const x = b.tokens!.data as Float32Array;
  for (let r = 0; r < 3; r++) {
    for (let t = 0; t < 5; t++) {
      assert.equal(m[r * 5 + t], t < b.lengths[r]! ? 1 : 0);
      const row = x.subarray((r * 5 + t) * 32, (r * 5 + t + 1) * 32);
      assert.equal(
        row.some((v) => v !== 0),
        t < b.lengths[r]!,
        `row ${r} position ${t}`,
      );
    }
  }
  const wide = ds.batch([16, 0]);
  assert.equal(wide.tokens!.shape[1], 24);
  assert.deepEqual(cache.batch([cache.keyOf(texts[16]!)]).tokens!.data, ds.batch([16]).tokens!.data, 'batch by key');
  assert.throws(
    () => cache.dataset(['never embedded']),
    (e) => e instanceof DataError && /1 of 1 texts are not in the feature cache.*never embedded/.test(e.message),
  );
  assert.throws(() => ds.batch([99]), UsageError);
  assert.throws(() => ds.batch([0], { minLength: 0 }), UsageError);

  const pooledOnly = await FeatureCache.open(dir, enc, { pooling: 'mean', tokens: false, maxLength: 24 });
  await pooledOnly.embed(texts);
  const p = pooledOnly.dataset(texts).batch([3, 4]);
  assert.equal(p.tokens, null);
  const direct = await enc.extract([texts[3]!, texts[4]!], { pooling: 'mean', maxLength: 24, outputs: 'pooled' });
  assertClose(p.pooled!.data as Float32Array, direct.pooled!.data as Float32Array, 1e-3, 1e-6, 'pooled-only');
  await assert.rejects(FeatureCache.open(dir, enc, { tokens: false }), UsageError);

  const ro = await FeatureCache.openSpace(cache.dir);
  assert.equal(ro.size, 17);
  assert.deepEqual(ro.dataset(texts).batch([2]).pooled!.data, ds.batch([2]).pooled!.data);
  await assert.rejects(ro.embed(['x']), UsageError);
  await assert.rejects(
    FeatureCache.open(join(root, 'nothing'), enc, { readOnly: true }),
    (e) => e instanceof DataError && /bertcnn embed/.test(e.message),
  );
});
