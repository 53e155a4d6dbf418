// Hub downloads against a loopback mock Hub (test/helpers/mock-hub.ts): first download into the HF cache layout,
// cache hit, resume after a dropped connection (Range), offline mode, unreachable Hub, 404 ids, sharded repos,
// and .bin-only repos refused without downloading the pickle. HF_HOME is a fresh temp dir in every test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockHub, type MockHub } from '../helpers/mock-hub.ts';
import { resolveModel } from '../../src/io/hub.ts';
import { openCheckpoint } from '../../src/io/checkpoint.ts';
import { DataError, UsageError } from '../../src/errors.ts';
import { writeTinyBertFolder } from './tiny-bert.ts';

const temps: string[] = [];
const tempDir = async (prefix: string) => {
  const d = await mkdtemp(join(tmpdir(), prefix));
  temps.push(d);
  return d;
};
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
let hub: MockHub;
let weights: Buffer;

async function folderFiles(dir: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const f of await readdir(dir)) out[f] = await readFile(join(dir, f));
  return out;
}

before(async () => {
  const single = join(await tempDir('bertcnn-hubsrc-'), 'single');
  const sharded = join(single, '..', 'sharded');
  await writeTinyBertFolder(single);
  await writeTinyBertFolder(sharded, { sharded: true });
  const singleFiles = await folderFiles(single);
  weights = singleFiles['model.safetensors']!;
  hub = await startMockHub([
    {
      id: 'org/tiny-bert',
      files: {
        ...singleFiles,
        'README.md': '# tiny',
        '1_Pooling/config.json': '{"pooling_mode_mean_tokens": true}',
        'onnx/model.onnx': 'big',
      },
    },
    { id: 'tiny-bert-uncased', files: singleFiles },
    { id: 'org/tiny-sharded', files: await folderFiles(sharded) },
    {
      id: 'org/old-bin',
      files: { 'config.json': singleFiles['config.json']!, 'pytorch_model.bin': 'PK pickle', 'vocab.txt': 'a' },
    },
  ]);
  for (const k of [
    'HF_HUB_CACHE',
    'HUGGINGFACE_HUB_CACHE',
    'HF_HUB_OFFLINE',
    'TRANSFORMERS_OFFLINE',
    'HF_TOKEN',
    'HUGGING_FACE_HUB_TOKEN',
  ])
    delete process.env[k];
  process.env.HF_ENDPOINT = hub.url;
});
after(async () => {
  await hub.close();
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

/** An endpoint on a port that was just freed, so connecting is refused. */
async function closedPort(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return `http://127.0.0.1:${port}`;
}

/** A fresh HF_HOME; returns its hub cache dir. */
async function freshHome(): Promise<string> {
  process.env.HF_HOME = await tempDir('bertcnn-hfhome-');
  hub.requests.length = 0;
  return join(process.env.HF_HOME, 'hub');
}

test('first download: HF cache layout (blobs, refs/main, relative symlinks), needed files only, loadable', async () => {
  const cache = await freshHome();
  const progress: [string, number, number | undefined][] = [];
  const r = await resolveModel('org/tiny-bert', { onProgress: (f, d, t) => progress.push([f, d, t]) });
  const repoDir = join(cache, 'models--org--tiny-bert');
  assert.equal(r.source, 'hub');
  assert.equal(r.dir, join(repoDir, 'snapshots', r.commit!));
  assert.equal((await readFile(join(repoDir, 'refs', 'main'), 'utf8')).trim(), r.commit);
  assert.deepEqual([...r.files].sort(), [
    '1_Pooling/config.json',
    'config.json',
    'model.safetensors',
    'tokenizer_config.json',
    'vocab.txt',
  ]);
  assert.equal(
    hub.downloadsOf('README.md').length + hub.downloadsOf('model.onnx').length,
    0,
    'unneeded files not fetched',
  );
  const link = await readlink(join(r.dir, 'model.safetensors'));
  assert.equal(link, join('..', '..', 'blobs', sha256(weights)), 'LFS blob named by sha256, like huggingface_hub');
  assert.equal(sha256(await readFile(join(r.dir, 'model.safetensors'))), sha256(weights));
  assert.ok(!(await readdir(join(repoDir, 'blobs'))).some((f) => f.endsWith('.incomplete')));
  const last = progress.filter(([f]) => f === 'org/tiny-bert/model.safetensors').at(-1)!;
  assert.deepEqual(last, ['org/tiny-bert/model.safetensors', weights.length, weights.length]);
  const ckpt = await openCheckpoint(r.dir);
  assert.equal(ckpt.config.hidden_size, 32);
  assert.equal((await ckpt.weights.readTensor('pooler.dense.bias')).shape[0], 32);
  await ckpt.close();
});

test('cache hit: second resolve asks for the commit and listing but downloads nothing', async () => {
  await freshHome();
  const first = await resolveModel('org/tiny-bert');
  hub.requests.length = 0;
  const second = await resolveModel('org/tiny-bert');
  assert.equal(second.dir, first.dir);
  assert.equal(hub.requests.filter((q) => q.path.includes('/resolve/')).length, 0, JSON.stringify(hub.requests));
  // Pinned to the commit and cached: same folder.
  assert.equal((await resolveModel(`org/tiny-bert@${first.commit}`)).dir, first.dir);
});

test('ids without an org map to models--<name>; a cached blob missing its snapshot link is linked, not fetched', async () => {
  const cache = await freshHome();
  const r = await resolveModel('tiny-bert-uncased');
  assert.equal(r.dir, join(cache, 'models--tiny-bert-uncased', 'snapshots', r.commit!));
  await rm(join(r.dir, 'model.safetensors'));
  hub.requests.length = 0;
  await resolveModel('tiny-bert-uncased');
  assert.equal(hub.downloadsOf('model.safetensors').length, 0);
  assert.equal(sha256(await readFile(join(r.dir, 'model.safetensors'))), sha256(weights));
});

test('HF_HUB_CACHE overrides HF_HOME', async () => {
  await freshHome();
  const cache = await tempDir('bertcnn-hubcache-');
  process.env.HF_HUB_CACHE = cache;
  try {
    const r = await resolveModel('tiny-bert-uncased');
    assert.ok(r.dir.startsWith(join(cache, 'models--tiny-bert-uncased')));
  } finally {
    delete process.env.HF_HUB_CACHE;
  }
});

test('interrupted download resumes from the .incomplete file with a Range request; final sha matches', async () => {
  const cache = await freshHome();
  const cut = 30_000;
  hub.cutOnce('org/tiny-bert', 'model.safetensors', cut);
  await assert.rejects(resolveModel('org/tiny-bert', { retries: 0 }), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.match(
      e.message,
      /org\/tiny-bert\/model\.safetensors: download interrupted: connection lost after 30000 of \d+ bytes/,
    );
    assert.match(e.message, /run the same command again to resume/);
    return true;
  });
  const blobs = join(cache, 'models--org--tiny-bert', 'blobs');
  const partial = join(blobs, `${sha256(weights)}.incomplete`);
  assert.equal((await stat(partial)).size, cut);
  assert.ok(!(await readdir(blobs)).includes(sha256(weights)), 'no final blob before completion');
  hub.requests.length = 0;
  const r = await resolveModel('org/tiny-bert');
  const gets = hub.downloadsOf('model.safetensors');
  assert.equal(gets.length, 1);
  assert.equal(gets[0]!.range, `bytes=${cut}-`);
  assert.equal(gets[0]!.status, 206);
  assert.equal(sha256(await readFile(join(r.dir, 'model.safetensors'))), sha256(weights));
  assert.ok(!(await readdir(blobs)).some((f) => f.endsWith('.incomplete')));
});

test('a dropped connection is retried within the same call, resuming with Range', async () => {
  await freshHome();
  hub.cutOnce('org/tiny-bert', 'model.safetensors', 12_345);
  const r = await resolveModel('org/tiny-bert', { retryDelayMs: 0 });
  assert.deepEqual(
    hub.downloadsOf('model.safetensors').map((q) => q.range),
    [undefined, 'bytes=12345-'],
  );
  assert.equal(sha256(await readFile(join(r.dir, 'model.safetensors'))), sha256(weights));
});

test('offline mode (HF_HUB_OFFLINE=1): cached model served with no request; uncached → clear error', async () => {
  const cache = await freshHome();
  const online = await resolveModel('org/tiny-bert');
  hub.requests.length = 0;
  process.env.HF_HUB_OFFLINE = '1';
  try {
    const r = await resolveModel('org/tiny-bert');
    assert.equal(r.source, 'cache');
    assert.equal(r.dir, online.dir);
    assert.equal(hub.requests.length, 0);
    await assert.rejects(resolveModel('org/tiny-sharded'), (e: unknown) => {
      assert.ok(e instanceof DataError);
      assert.match(e.message, /^org\/tiny-sharded: not in the local cache \(/);
      assert.ok(e.message.includes(join(cache, 'models--org--tiny-sharded')));
      assert.match(e.message, /HF_HUB_OFFLINE=1/);
      return true;
    });
    assert.equal(hub.requests.length, 0);
  } finally {
    delete process.env.HF_HUB_OFFLINE;
  }
});

test('Hub unreachable: cached model used with a warning; uncached → clear error naming id and cache', async () => {
  const cache = await freshHome();
  const online = await resolveModel('org/tiny-bert');
  const dead = await closedPort(); // connection refused
  const warnings: string[] = [];
  const r = await resolveModel('org/tiny-bert', { endpoint: dead, onWarning: (m) => warnings.push(m) });
  assert.equal(r.dir, online.dir);
  assert.match(warnings[0]!, /org\/tiny-bert: cannot reach http:\/\/127\.0\.0\.1:\d+ .*using the cached snapshot/);
  await assert.rejects(resolveModel('org/tiny-sharded', { endpoint: dead }), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.match(
      e.message,
      /org\/tiny-sharded: cannot reach http:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED\) and the model is not in the local cache/,
    );
    assert.ok(e.message.includes(join(cache, 'models--org--tiny-sharded')));
    return true;
  });
});

test('unknown model id (404) and unknown revision → usage errors that say so', async () => {
  await freshHome();
  await assert.rejects(resolveModel('org/no-such-model'), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.match(e.message, /^org\/no-such-model: model not found on http:\/\/127\.0\.0\.1:\d+ \(HTTP 404\)/);
    return true;
  });
  await assert.rejects(resolveModel('org/tiny-bert@v9'), /org\/tiny-bert: revision 'v9' not found/);
  await assert.rejects(resolveModel('not a model!'), /neither an existing model folder nor a Hugging Face model id/);
  await assert.rejects(resolveModel('./missing/folder'), /\.\/missing\/folder: model folder not found/);
});

test('sharded repo: index first, then every shard; loads as one checkpoint', async () => {
  await freshHome();
  const r = await resolveModel('org/tiny-sharded');
  assert.ok(
    r.files.includes('model-00001-of-00002.safetensors') && r.files.includes('model-00002-of-00002.safetensors'),
  );
  const ckpt = await openCheckpoint(r.dir);
  assert.equal(ckpt.weights.names.length, 39);
  await ckpt.close();
});

test('.bin-only repo is refused before the pickle is downloaded', async () => {
  await freshHome();
  await assert.rejects(
    resolveModel('org/old-bin'),
    /org\/old-bin: has no safetensors weights on the Hub, only pytorch_model\.bin.*refs\/pr/s,
  );
  assert.equal(hub.downloadsOf('pytorch_model.bin').length, 0);
});

test('a local folder is used as is, without touching the network', async () => {
  await freshHome();
  const dir = join(await tempDir('bertcnn-local-'), 'm');
  await writeTinyBertFolder(dir);
  const r = await resolveModel(dir);
  assert.equal(r.source, 'local');
  assert.equal(r.dir, dir);
  assert.equal(hub.requests.length, 0);
});
