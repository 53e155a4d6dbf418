// The resumable downloader on its own: a server that ignores Range, a stale partial larger than the file, a partial
// whose bytes are wrong (checksum catches it and the partial is dropped), and HTTP errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockHub, type MockHub } from '../helpers/mock-hub.ts';
import { downloadResumable, type DownloadSpec } from '../../src/io/hub-download.ts';

const content = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 31) % 251));
const sha = createHash('sha256').update(content).digest('hex');
let hub: MockHub;
before(async () => {
  hub = await startMockHub([{ id: 'org/m', files: { 'model.safetensors': content } }]);
});
const temps: string[] = [];
after(async () => {
  await hub.close();
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

async function spec(): Promise<DownloadSpec> {
  const dir = await mkdtemp(join(tmpdir(), 'bertcnn-dl-'));
  temps.push(dir);
  return {
    url: `${hub.url}/org/m/resolve/main/model.safetensors`,
    blob: join(dir, sha),
    label: 'org/m/model.safetensors',
    size: content.length,
    sha256: sha,
    retryDelayMs: 0,
  };
}

test('server ignoring Range: the partial is rewritten from byte 0', async () => {
  const s = await spec();
  await writeFile(`${s.blob}.incomplete`, content.subarray(0, 1000));
  hub.ignoreRange = true;
  try {
    await downloadResumable(s);
  } finally {
    hub.ignoreRange = false;
  }
  assert.deepEqual(await readFile(s.blob), content);
});

test('a stale partial larger than the file is discarded', async () => {
  const s = await spec();
  await writeFile(`${s.blob}.incomplete`, Buffer.alloc(content.length + 10));
  await downloadResumable(s);
  assert.deepEqual(await readFile(s.blob), content);
});

test('a corrupt partial fails the checksum, is removed, and the next call succeeds', async () => {
  const s = await spec();
  await writeFile(`${s.blob}.incomplete`, Buffer.alloc(1000, 7));
  await assert.rejects(
    downloadResumable(s),
    /org\/m\/model\.safetensors: checksum mismatch: .*partial removed, run again/,
  );
  assert.deepEqual(await readdir(join(s.blob, '..')), []);
  await downloadResumable(s);
  assert.deepEqual(await readFile(s.blob), content);
});

test('HTTP 404 is reported with the URL; nothing left behind', async () => {
  const s = await spec();
  s.url = `${hub.url}/org/m/resolve/main/missing.bin`;
  await assert.rejects(
    downloadResumable(s),
    /org\/m\/model\.safetensors: download failed: HTTP 404 from http:\/\/127\.0\.0\.1:\d+\/org\/m\/resolve\/main\/missing\.bin/,
  );
  assert.deepEqual(await readdir(join(s.blob, '..')), []);
});

test('progress reports reach bytesTotal', async () => {
  const s = await spec();
  const seen: number[] = [];
  await downloadResumable({
    ...s,
    onProgress: (_f, done, total) => (assert.equal(total, content.length), seen.push(done)),
  });
  assert.equal(seen.at(-1), content.length);
  assert.ok(seen.every((v, i) => i === 0 || v >= seen[i - 1]!));
});
