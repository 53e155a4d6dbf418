// loadEncoder with a Hub id: a loopback mock Hub serves a generated MiniLM-style repo (sentence-transformers
// files included); the encoder is downloaded into a fresh cache, loaded with its pooling defaults, and then
// loaded again offline from the cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateBertCheckpoint } from '../../src/encoders/bert/generate.ts';
import { loadEncoder } from '../../src/encoders/load.ts';
import { startMockHub } from '../helpers/mock-hub.ts';
import { tempDir } from './helpers.ts';

function files(dir: string, root = dir): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) Object.assign(out, files(p, root));
    else out[relative(root, p)] = readFileSync(p);
  }
  return out;
}

test('a Hub id is downloaded, cached and loaded (then offline from the cache)', async () => {
  const src = join(tempDir('hubsrc'), 'mini');
  await generateBertCheckpoint(src, {
    layers: 1,
    hidden: 32,
    heads: 4,
    ffn: 64,
    maxPositions: 32,
    sentenceTransformers: { pooling: 'mean', maxSeqLength: 24 },
  });
  const hub = await startMockHub([{ id: 'sentence-transformers/tiny-minilm', files: files(src) }]);
  const cacheDir = tempDir('hubcache');
  try {
    const enc = await loadEncoder('sentence-transformers/tiny-minilm', {
      threads: 1,
      hub: { endpoint: hub.url, cacheDir, offline: false },
    });
    assert.equal(enc.id, 'sentence-transformers/tiny-minilm');
    assert.equal(enc.defaultPooling, 'mean');
    assert.equal(enc.maxLength, 24);
    const online = await enc.extract(['hello there'], { outputs: 'pooled' });
    await enc.release();
    const again = await loadEncoder('sentence-transformers/tiny-minilm', {
      threads: 1,
      hub: { endpoint: hub.url, cacheDir, offline: true },
    });
    const offline = await again.extract(['hello there'], { outputs: 'pooled' });
    assert.deepEqual(offline.pooled!.data, online.pooled!.data);
    await again.release();
    await assert.rejects(
      loadEncoder('org/not-there', { hub: { endpoint: hub.url, cacheDir, offline: false } }),
      /model not found/,
    );
  } finally {
    await hub.close();
  }
});
