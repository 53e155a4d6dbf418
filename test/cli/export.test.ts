// `bertcnn export`: train (frozen tiny BERT + TextCNN, and CNN-alone) → export → a fresh onnxruntime-node session
// on the exported file, fed by the export folder's own tokenizer, gives `bertcnn predict`'s probabilities within
// 1e-4; --int8 is smaller with the same argmax (checked on --samples); an existing export is refused (exit 2)
// unless --force; a bad run folder exits 1 naming the missing file; --out is required; --int8 on a CNN-alone run
// (nothing to quantize) warns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { argmaxRows, maxAbsDiff, runExportFolder } from '../export/ort-run.ts';
import { cli, fixture, trainTiny } from './cli-helpers.ts';

const fx = await fixture('export', { train: 64, dev: 24 });
const TEXTS = ['ok', 'the film was great', 'a boring and bad movie with a weak plot', 'i loved it'];
const texts = join(fx.root, 'texts.txt');
writeFileSync(texts, `${TEXTS.join('\n')}\n`);

async function trainRun(name: string, head: string, extra: string[] = []): Promise<string> {
  const out = join(fx.root, name);
  const r = await trainTiny(fx, out, ['--head', head, ...extra]);
  assert.equal(r.code, 0, r.err);
  return out;
}

/** `bertcnn predict` probabilities, [N, C] row-major in label order. */
async function predicted(run: string): Promise<{ probs: number[]; labels: string[] }> {
  const r = await cli(['predict', run, '--input', texts, '--quiet']);
  assert.equal(r.code, 0, r.err);
  const rows = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { probabilities: Record<string, number> });
  const labels = Object.keys(rows[0]!.probabilities);
  return { probs: rows.flatMap((row) => labels.map((l) => row.probabilities[l]!)), labels };
}

const textcnn = await trainRun('textcnn', 'textcnn', ['--mode', 'frozen']);

test('export a frozen BERT + TextCNN run: prints size and check; the file alone reproduces predict', async () => {
  const out = join(fx.root, 'exported');
  const r = await cli(['export', textcnn, '--out', out]);
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.out,
    /model\.onnx\s+\d+\.\d+ MB\s+fp32; inputs input_ids, attention_mask, token_type_ids → logits, probabilities/,
  );
  assert.match(
    r.out,
    /check\s+ok: 8 sample texts vs the in-process classifier: max \|Δp\| \d\.\d\de-\d+ \(≤ 0\.0001\); decisions agree 8\/8/,
  );
  assert.match(r.out, /files\s+model\.onnx, vocab\.txt, tokenizer_config\.json, bertcnn-export\.json/);
  const want = await predicted(textcnn);
  assert.deepEqual(want.labels, ['negative', 'positive']);
  const { probs, session } = await runExportFolder(out, TEXTS, 128);
  assert.ok(maxAbsDiff(probs, want.probs) <= 1e-4, `max |Δp| ${maxAbsDiff(probs, want.probs)}`);
  await session.release();
});

test('--int8: a smaller file with the same argmax as predict; --json result', async () => {
  const out = join(fx.root, 'exported-int8');
  const r = await cli(['export', textcnn, '--out', out, '--int8', '--json', '--samples', texts]);
  assert.equal(r.code, 0, r.err);
  const res = JSON.parse(r.out) as {
    model_bytes: number;
    precision: string;
    quantized_matmuls: number;
    check: { decisionsAgree: number; samples: number; maxAbsDiff: number };
  };
  const fp32 = JSON.parse((await cli(['export', textcnn, '--out', join(fx.root, 'exported-fp32'), '--json'])).out) as {
    model_bytes: number;
  };
  assert.equal(res.precision, 'int8');
  assert.ok(res.quantized_matmuls > 0);
  assert.ok(res.model_bytes < fp32.model_bytes, `${res.model_bytes} < ${fp32.model_bytes}`);
  assert.equal(res.check.samples, TEXTS.length, '--samples: the check ran on these texts');
  assert.equal(res.check.decisionsAgree, res.check.samples);
  const want = await predicted(textcnn);
  const { probs, session } = await runExportFolder(out, TEXTS, 128);
  assert.deepEqual(argmaxRows(probs, 2), argmaxRows(want.probs, 2));
  await session.release();
});

test('an existing export is refused (exit 2) unless --force', async () => {
  const out = join(fx.root, 'exported');
  const again = await cli(['export', textcnn, '--out', out]);
  assert.equal(again.code, 2);
  assert.match(
    again.err,
    /already holds an export \(model\.onnx, bertcnn-export\.json, vocab\.txt, tokenizer_config\.json\); use --force/,
  );
  const forced = await cli(['export', textcnn, '--out', out, '--force', '--quiet']);
  assert.equal(forced.code, 0, forced.err);
  assert.equal(forced.out, '');
});

test('a bad run folder exits 1 naming the missing file; --out is required', async () => {
  const missing = await cli(['export', join(fx.root, 'nope'), '--out', join(fx.root, 'x')]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /nope: not a bertcnn run folder \(no config\.json\)/);
  const broken = join(fx.root, 'broken');
  cpSync(textcnn, broken, { recursive: true });
  rmSync(join(broken, 'model.safetensors'));
  const r = await cli(['export', broken, '--out', join(fx.root, 'x')]);
  assert.equal(r.code, 1);
  assert.ok(r.err.includes(`${join(broken, 'model.safetensors')}: missing weights file`), r.err);
  assert.ok(!existsSync(join(fx.root, 'x')));
  const noOut = await cli(['export', textcnn]);
  assert.equal(noOut.code, 2);
  assert.match(noOut.err, /required option '--out <dir>'/);
});

test('cnn-alone run: the graph input is the token ids; matches predict', async () => {
  const run = await trainRun('cnn-alone', 'cnn-alone', ['--head-option', 'embedding-dim=8']);
  const out = join(fx.root, 'exported-cnn-alone');
  const r = await cli(['export', run, '--out', out]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /inputs input_ids, attention_mask → logits/);
  const { probs, session } = await runExportFolder(out, TEXTS, 128);
  assert.deepEqual(session.inputNames, ['input_ids', 'attention_mask']);
  const want = await predicted(run);
  assert.ok(maxAbsDiff(probs, want.probs) <= 1e-4, `max |Δp| ${maxAbsDiff(probs, want.probs)}`);
  await session.release();
  const int8 = await cli(['export', run, '--out', join(fx.root, 'exported-cnn-alone-int8'), '--int8']);
  assert.equal(int8.code, 0, int8.err);
  assert.match(int8.err, /warning: --int8: no weight MatMul to quantize/);
});
