// The static server of `bertcnn web` on loopback: MIME types the browser insists on (.wasm application/wasm,
// .js/.mjs text/javascript), index.html for '/', HEAD, 404 for missing files and for paths that leave the folder
// (encoded '..', dot files), 405 for other methods.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileFor, serveFolder } from '../../../src/web/node/static-server.ts';

const root = mkdtempSync(join(tmpdir(), 'bertcnn-web-static-'));
const dir = join(root, 'site');
mkdirSync(join(dir, 'sub'), { recursive: true });
const files: Record<string, string> = {
  'index.html': '<!doctype html><title>x</title>',
  'bertcnn-web.js': 'export {};',
  'ort-wasm-simd-threaded.mjs': 'export {};',
  'ort-wasm-simd-threaded.wasm': '\0asm',
  'model.onnx': 'onnx',
  'bertcnn-export.json': '{}',
  'vocab.txt': '[PAD]\n',
  '.hidden': 'no',
  'sub/index.html': 'sub',
};
for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
writeFileSync(join(root, 'secret.txt'), 'outside');
const server = await serveFolder(dir, { port: 0 });
after(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

function get(path: string, method = 'GET'): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(server.url), { path, method }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += String(d)));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves the export folder with the MIME types browsers require', async () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const want: Array<[string, string, string]> = [
    ['/', 'text/html; charset=utf-8', files['index.html']!],
    ['/bertcnn-web.js', 'text/javascript; charset=utf-8', 'export {};'],
    ['/ort-wasm-simd-threaded.mjs', 'text/javascript; charset=utf-8', 'export {};'],
    ['/ort-wasm-simd-threaded.wasm', 'application/wasm', '\0asm'],
    ['/model.onnx', 'application/octet-stream', 'onnx'],
    ['/bertcnn-export.json?v=1', 'application/json; charset=utf-8', '{}'],
    ['/vocab.txt', 'text/plain; charset=utf-8', '[PAD]\n'],
    ['/sub', 'text/html; charset=utf-8', 'sub'],
  ];
  for (const [path, type, body] of want) {
    const r = await get(path);
    assert.deepEqual([r.status, r.type, r.body], [200, type, body], path);
  }
  const head = await get('/model.onnx', 'HEAD');
  assert.deepEqual([head.status, head.body], [200, '']);
});

test('missing files, paths outside the folder and dot files are 404; other methods 405', async () => {
  for (const path of [
    '/nope.js',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/sub/..%2f..%2fsecret.txt',
    '/.hidden',
    '/%E0%A4%A',
  ]) {
    assert.equal((await get(path)).status, 404, path);
  }
  assert.equal(fileFor(dir, '/%2e%2e/secret.txt'), null);
  assert.equal((await get('/', 'POST')).status, 405);
});
