// `bertcnn export --int8` on kim2014 runs: the classifier export's quantization pass (weight MatMuls →
// DynamicQuantizeMatMul, large [V, D] word tables → int8 rows + per-row scales) on Kim's graph, with the same
// check — every sample decision equal, max |Δp| reported. A WordPiece-level run (a 30,522-row table) gives a
// smaller model.onnx than its fp32 export; the browser runtime (onnxruntime-web, run in Node) loads the int8
// export and its probabilities lie within the reported bound of the fp32 run's (`bertcnn predict`); a char-CNN
// run is refused with the reason, nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SAMPLE_TEXTS } from '../../src/export/check.ts';
import type { KimExportManifest } from '../../src/export/kind-manifests.ts';
import { loadKimClassifier } from '../../src/web/kim-classifier.ts';
import { cli } from '../cli/cli-helpers.ts';
import { BASE, fileFetch } from '../web/file-fetch.ts';
import { writeKimRun } from './kinds-fixture.ts';
import { tempRoot, tinyBert } from './run-fixture.ts';

const root = tempRoot('kim-int8');
const bert = await tinyBert(root);
const wasmPaths = pathToFileURL(
  `${dirname(createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'))}/`,
).href;

test('kim2014 --int8 (WordPiece level): a smaller model.onnx; the web runtime stays within the reported bound of fp32', async () => {
  const run = await writeKimRun(join(root, 'wp'), { wordpiece: bert });
  const fp32 = await cli(['export', run, '--out', join(root, 'fp32'), '--json']);
  assert.equal(fp32.code, 0, fp32.err);
  const r = await cli(['export', run, '--out', join(root, 'int8'), '--int8', '--json']);
  assert.equal(r.code, 0, r.err);
  const a = JSON.parse(fp32.out) as { model_bytes: number };
  const b = JSON.parse(r.out) as {
    model_bytes: number;
    precision: string;
    check: { samples: number; maxAbsDiff: number; tolerance: number | null; decisionsAgree: number };
  };
  assert.equal(b.precision, 'int8');
  assert.equal(b.model_bytes, statSync(join(root, 'int8', 'model.onnx')).size);
  // the 30,522 × 6 table is 733 KB in fp32; int8 rows + one fp32 scale per row take 305 KB
  assert.ok(b.model_bytes < 0.6 * a.model_bytes, `int8 ${b.model_bytes} B vs fp32 ${a.model_bytes} B`);
  const m = JSON.parse(readFileSync(join(root, 'int8', 'bertcnn-export.json'), 'utf8')) as KimExportManifest;
  assert.equal(m.precision, 'int8');
  assert.ok(m.int8 && m.int8.quantizedTables === 1, JSON.stringify(m.int8)); // its MatMuls are below the quantizer's size floor
  assert.equal(b.check.tolerance, null);
  assert.equal(b.check.decisionsAgree, b.check.samples);
  assert.ok(b.check.maxAbsDiff > 0 && b.check.maxAbsDiff < 0.05, `reported max |Δp| ${b.check.maxAbsDiff}`);
  // fp32 probabilities of the run (bertcnn predict) vs the int8 export in the browser runtime, the samples as one batch
  const input = join(root, 'samples.txt');
  writeFileSync(input, `${SAMPLE_TEXTS.join('\n')}\n`);
  const p = await cli(['predict', run, '--input', input, '--quiet']);
  assert.equal(p.code, 0, p.err);
  const want = p.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { label: string; probabilities: Record<string, number> });
  const clf = await loadKimClassifier(`${BASE}int8/`, { fetch: fileFetch(root), wasmPaths });
  try {
    const got = await clf.predict(SAMPLE_TEXTS, { batchSize: SAMPLE_TEXTS.length });
    let worst = 0;
    got.forEach((g, i) => {
      assert.equal('label' in g ? g.label : null, want[i]!.label, SAMPLE_TEXTS[i]);
      for (const l of clf.labels) worst = Math.max(worst, Math.abs(g.probabilities[l]! - want[i]!.probabilities[l]!));
    });
    assert.ok(worst <= b.check.maxAbsDiff + 1e-5, `web int8 vs fp32: ${worst} > reported ${b.check.maxAbsDiff}`);
  } finally {
    await clf.release();
  }
});

test('kim2014 --int8 on a char-CNN run: refused, naming the char-cnn OOV policy; nothing written', async () => {
  const run = await writeKimRun(join(root, 'chars'), { charCnn: true });
  const r = await cli(['export', run, '--out', join(root, 'chars-out'), '--int8']);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /char-cnn OOV policy/);
  assert.ok(!existsSync(join(root, 'chars-out')));
});
