// exportRun: a run folder → an export folder that works on its own. The folder's tokenizer + model.onnx, with a
// fresh onnxruntime-node session, give predictWithRun's probabilities within 1e-4; the sidecar says what to feed;
// --int8 is smaller and keeps the decisions; existing exports are not overwritten without force; a bad run folder
// fails naming the missing file, before anything is written; use-lite exports carry its vocab.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { DataError, UsageError } from '../../src/errors.ts';
import { SAMPLE_TEXTS } from '../../src/export/check.ts';
import { exportRun } from '../../src/export/export-run.ts';
import type { ExportManifest } from '../../src/export/manifest.ts';
import { UseLiteTokenizer } from '../../src/encoders/use-lite/tokenizer.ts';
import { predictWithRun } from '../../src/tasks/classification/inference.ts';
import { argmaxRows, maxAbsDiff, runExportFolder, runProbabilities } from './ort-run.ts';
import { tempRoot, tinyBert, writeRun } from './run-fixture.ts';

const root = tempRoot('run');
const bert = await tinyBert(root);
const run = await writeRun(join(root, 'run'), {
  encoder: bert,
  mode: 'frozen',
  head: 'textcnn',
  headOptions: { filters: 8 },
  kind: 'multiclass',
  labels: ['a', 'b', 'c'],
});
const TEXTS = ['ok', 'a great film with a fun story', 'the plot was boring and the acting was really bad'];
const expected = (await predictWithRun(run, TEXTS)).predictions.probabilities;
const readManifest = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'bertcnn-export.json'), 'utf8')) as ExportManifest;

test('fp32 export: a self-contained folder whose tokenizer + model.onnx reproduce predict', async () => {
  const out = join(root, 'fp32');
  const r = await exportRun(run, { out });
  assert.deepEqual(r.files, ['model.onnx', 'vocab.txt', 'tokenizer_config.json', 'bertcnn-export.json']);
  assert.deepEqual(readdirSync(out).sort(), [...r.files].sort(), 'no temporary or stray files');
  assert.equal(statSync(join(out, 'model.onnx')).size, r.modelBytes);
  assert.deepEqual(readFileSync(join(out, 'vocab.txt')), readFileSync(join(bert, 'vocab.txt')));
  assert.equal(r.check.samples, SAMPLE_TEXTS.length);
  assert.ok(r.check.passed && r.check.maxAbsDiff <= 1e-4 && r.check.tolerance === 1e-4, JSON.stringify(r.check));

  const m = readManifest(out);
  assert.equal(m.format, 'bertcnn-export');
  assert.equal(m.precision, 'fp32');
  assert.equal(m.task, 'multiclass');
  assert.deepEqual(m.labels, ['a', 'b', 'c']);
  assert.equal(m.maxLength, 64);
  assert.deepEqual(
    m.inputs.map((i) => [i.name, i.dtype, i.shape.join()]),
    [
      ['input_ids', 'int64', 'batch,sequence'],
      ['attention_mask', 'int64', 'batch,sequence'],
      ['token_type_ids', 'int64', 'batch,sequence'],
    ],
  );
  assert.deepEqual(
    m.outputs.map((o) => [o.name, o.shape.join()]),
    [
      ['logits', 'batch,3'],
      ['probabilities', 'batch,3'],
    ],
  );
  assert.deepEqual(m.tokenizer, { kind: 'wordpiece', files: ['vocab.txt', 'tokenizer_config.json'] });
  assert.equal(m.int8, null);
  assert.deepEqual(m.check, r.check);

  const { probs, session } = await runExportFolder(out, TEXTS, m.maxLength); // only the export folder
  assert.ok(maxAbsDiff(probs, expected) <= 1e-4, `max |Δp| ${maxAbsDiff(probs, expected)}`);
  await session.release();
});

test('int8 export: smaller file, same decisions, the difference reported', async () => {
  const out = join(root, 'int8');
  const r = await exportRun(run, { out, int8: true });
  assert.ok(r.modelBytes < statSync(join(root, 'fp32', 'model.onnx')).size);
  assert.equal(r.check.tolerance, null);
  assert.equal(r.check.decisionsAgree, r.check.samples);
  assert.ok(r.check.maxAbsDiff > 0 && r.check.maxAbsDiff < 0.05, `${r.check.maxAbsDiff}`);
  const m = readManifest(out);
  assert.equal(m.precision, 'int8');
  assert.equal(m.int8?.quantizedMatMuls, 12);
  const { probs, session } = await runExportFolder(out, TEXTS, m.maxLength);
  assert.deepEqual(argmaxRows(probs, 3), argmaxRows(expected, 3));
  await session.release();
});

test('an existing export is not overwritten without force; force replaces it', async () => {
  const out = join(root, 'fp32');
  const before = statSync(join(out, 'model.onnx')).mtimeMs;
  await assert.rejects(
    exportRun(run, { out }),
    (e: Error) =>
      e instanceof UsageError &&
      /already holds an export \(model\.onnx, bertcnn-export\.json, vocab\.txt, tokenizer_config\.json\); use --force/.test(
        e.message,
      ),
  );
  assert.equal(statSync(join(out, 'model.onnx')).mtimeMs, before);
  writeFileSync(join(out, 'tokenizer.json'), '{}'); // a stale tokenizer file from some other export
  const r = await exportRun(run, { out, force: true });
  assert.ok(r.check.passed);
  assert.ok(!existsSync(join(out, 'tokenizer.json')), 'stale tokenizer file removed');
  await assert.rejects(exportRun(run, { out: join(root, 'model.onnx') }), /--out is a folder/);
  writeFileSync(join(root, 'a-file'), 'x');
  await assert.rejects(exportRun(run, { out: join(root, 'a-file') }), /--out must be a folder/);
});

test('a bad run folder fails naming the missing file, and writes nothing', async () => {
  const out = join(root, 'never');
  await assert.rejects(
    exportRun(join(root, 'no-such-run'), { out }),
    (e: Error) => e instanceof DataError && /no config\.json/.test(e.message),
  );
  const broken = join(root, 'broken');
  cpSync(run, broken, { recursive: true });
  rmSync(join(broken, 'model.safetensors'));
  await assert.rejects(
    exportRun(broken, { out }),
    (e: Error) => e instanceof DataError && e.message.includes(join(broken, 'model.safetensors')),
  );
  rmSync(join(broken, 'labels.json'));
  await assert.rejects(
    exportRun(broken, { out }),
    (e: Error) => e instanceof DataError && e.message.includes(join(broken, 'labels.json')),
  );
  assert.ok(!existsSync(out));
});

test('use-lite: one graph with its transformer, vocab.json carried along', async () => {
  const ul = await writeRun(join(root, 'use-lite'), {
    encoder: 'use-lite',
    mode: 'frozen',
    head: 'textcnn',
    headOptions: { filters: 4 },
    kind: 'binary',
    labels: ['neg', 'pos'],
  });
  const out = join(root, 'use-lite-out');
  const r = await exportRun(ul, { out });
  assert.ok(r.check.passed && r.check.maxAbsDiff <= 1e-4, JSON.stringify(r.check));
  const m = readManifest(out);
  assert.deepEqual(m.tokenizer, { kind: 'use-lite', files: ['vocab.json'] });
  assert.deepEqual(
    m.inputs.map((i) => i.name),
    ['input_ids', 'attention_mask'],
  );
  const vocab = JSON.parse(readFileSync(join(out, 'vocab.json'), 'utf8')) as Array<[string, number]>;
  const enc = new UseLiteTokenizer(vocab, m.maxLength).encodeBatch(TEXTS, { maxLength: m.maxLength });
  const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
  const got = await runProbabilities(session, enc);
  const want = (await predictWithRun(ul, TEXTS)).predictions.probabilities;
  assert.ok(maxAbsDiff(got, want) <= 1e-4, `max |Δp| ${maxAbsDiff(got, want)}`);
  await session.release();
});
