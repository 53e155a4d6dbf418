// `bertcnn web --no-serve` and stageWebFolder: the demo page, the given bundle and onnxruntime-web's wasm files are
// copied into an export folder (byte for byte; again on a second run); a folder without bertcnn-export.json, a
// missing --bundle, a bad --port and an index.html bertcnn did not write are refused with the right exit codes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, UsageError } from '../../../src/errors.ts';
import { DEMO_PAGE, ORT_FILES, ortFile, stageWebFolder } from '../../../src/web/node/stage.ts';
import { cli } from '../../cli/cli-helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'bertcnn-web-stage-'));
after(() => rmSync(root, { recursive: true, force: true }));
const bundle = join(root, 'bertcnn-web.js');
writeFileSync(bundle, 'export const bundled = true;\n');
const exportDir = join(root, 'export');
mkdirSync(exportDir);
writeFileSync(join(exportDir, 'bertcnn-export.json'), '{"format": "bertcnn-export"}');

test('bertcnn web --no-serve copies the page, the bundle and the ORT wasm files into the export folder', async () => {
  for (let round = 0; round < 2; round++) {
    const r = await cli(['web', exportDir, '--no-serve', '--bundle', bundle]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /copied into .*index\.html .*bertcnn-web\.js .*ort-wasm-simd-threaded\.wasm \(\d+\.\d+ MB\)/);
    assert.equal(r.out, '', 'nothing served, no URL');
  }
  assert.deepEqual(readFileSync(join(exportDir, 'index.html')), readFileSync(DEMO_PAGE));
  assert.equal(readFileSync(join(exportDir, 'bertcnn-web.js'), 'utf8'), 'export const bundled = true;\n');
  for (const f of ORT_FILES) assert.ok(readFileSync(join(exportDir, f)).equals(readFileSync(ortFile(f))), f);
});

test('refusals: not an export folder, missing bundle, bad port, a foreign index.html (unless --force)', async () => {
  const plain = join(root, 'plain');
  mkdirSync(plain);
  await assert.rejects(
    stageWebFolder(plain, { bundle }),
    (e: Error) => e instanceof DataError && /no bertcnn-export\.json: not an export folder/.test(e.message),
  );
  assert.equal((await cli(['web', join(root, 'nowhere'), '--no-serve'])).code, 1);
  await assert.rejects(stageWebFolder(exportDir, { bundle: join(root, 'none.js') }), UsageError);
  assert.equal((await cli(['web', exportDir, '--port', '70000'])).code, 2);
  writeFileSync(join(exportDir, 'index.html'), '<h1>my own page</h1>');
  const r = await cli(['web', exportDir, '--no-serve', '--bundle', bundle]);
  assert.equal(r.code, 2);
  assert.match(r.err, /index\.html exists and was not written by bertcnn web; use --force/);
  assert.equal(readFileSync(join(exportDir, 'index.html'), 'utf8'), '<h1>my own page</h1>');
  assert.equal((await cli(['web', exportDir, '--no-serve', '--bundle', bundle, '--force', '--quiet'])).code, 0);
  assert.deepEqual(readFileSync(join(exportDir, 'index.html')), readFileSync(DEMO_PAGE));
});
