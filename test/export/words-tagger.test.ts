// `bertcnn export` on NER runs over word ids (--mode words: a word table + tagger head, no encoder — what
// --init-embeddings and `bertcnn distill`'s NER students train), through main(argv):
//   - tagger-cnn --crf and tagger-linear runs export fp32: kind "ner", input_ids / attention_mask (word ids),
//     tokenizer kind "words" with the run's vocab.json copied byte for byte and the "words" id rule, no encoder,
//     the CRF scores for the CRF run; the check against the in-process tagger passes within 1e-3 with all tags alike
//     (the browser runtime on these exports vs `bertcnn predict`: test/web/words-tagger.test.ts);
//   - --int8: the same check on tags; a word table of ≥ 65,536 elements is stored as int8 rows, so model.onnx
//     shrinks to under 40% of the fp32 file;
//   - a BiLSTM tagger over word ids is refused (exit 2) with the static-length message, before anything is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../cli/cli-helpers.ts';
import { tempRoot } from './run-fixture.ts';
import { manyNames, trainWordsRun } from './words-fixture.ts';

const root = tempRoot('words-tagger');

interface Manifest {
  kind: string;
  precision: string;
  decoding: string;
  crf?: { start: number[]; end: number[]; transitions: number[] };
  labels: string[];
  inputs: { name: string }[];
  outputs: { name: string; shape: (string | number)[] }[];
  maxLength: number;
  tokenizer: { kind: string; files: string[] };
  words?: { padId: number; unknownId: number; caseSensitive: boolean };
  int8: { quantizedMatMuls: number; quantizedTables?: number } | null;
  model_info: { mode: string; encoder: string | null; head: string };
  check: { samples: number; maxAbsDiff: number; decisionsAgree: number; passed: boolean; tolerance: number | null };
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'bertcnn-export.json'), 'utf8')) as Manifest;

async function exportCli(run: string, out: string, int8: boolean): Promise<Manifest & { printed: string }> {
  const r = await cli(['export', run, '--out', out, ...(int8 ? ['--int8'] : [])]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /check {8}ok/);
  return { ...manifestOf(out), printed: r.out };
}

for (const [head, crf] of [
  ['tagger-cnn', true],
  ['tagger-linear', false],
] as const) {
  test(`export of a ${head}${crf ? ' --crf' : ''} run over word ids: fp32 and --int8, checked against the run`, async () => {
    const name = `${head}-${crf}`;
    const run = await trainWordsRun(root, name, head, crf ? ['--crf'] : []);
    const fp32 = join(root, `${name}-fp32`);
    const m = await exportCli(run, fp32, false);
    assert.equal(m.kind, 'ner');
    assert.equal(m.precision, 'fp32');
    assert.deepEqual(
      m.inputs.map((i) => i.name),
      ['input_ids', 'attention_mask'],
    );
    assert.deepEqual(m.outputs[0]!.shape, ['batch', 'sequence', m.labels.length]);
    assert.deepEqual(m.tokenizer, { kind: 'words', files: ['vocab.json'] });
    assert.deepEqual(m.words, { padId: 0, unknownId: 1, caseSensitive: true });
    assert.equal(m.maxLength, 12);
    assert.deepEqual(m.model_info.mode, 'words');
    assert.equal(m.model_info.encoder, null);
    assert.equal(m.model_info.head, head);
    assert.equal(m.decoding, crf ? 'crf' : 'argmax');
    assert.equal(m.crf?.transitions.length, crf ? m.labels.length ** 2 : undefined);
    assert.deepEqual(readFileSync(join(fp32, 'vocab.json')), readFileSync(join(run, 'vocab.json')));
    assert.ok(m.check.passed && m.check.tolerance === 1e-3 && m.check.maxAbsDiff <= 1e-3, JSON.stringify(m.check));
    assert.equal(m.check.decisionsAgree, m.check.samples);

    const int8 = join(root, `${name}-int8`);
    const q = await exportCli(run, int8, true);
    assert.equal(q.precision, 'int8');
    assert.equal(q.check.tolerance, null);
    assert.equal(q.check.decisionsAgree, q.check.samples, JSON.stringify(q.check));
    assert.ok(q.int8 && q.int8.quantizedMatMuls + (q.int8.quantizedTables ?? 0) > 0, JSON.stringify(q.int8));
  });
}

test('export --int8 of a tagger over a large word table: the table stored as int8 rows (model.onnx < 40% of fp32)', async () => {
  const run = await trainWordsRun(root, 'many', 'tagger-linear', [], { sentences: manyNames(400) }); // 805 words × 100
  const vocab = JSON.parse(readFileSync(join(run, 'vocab.json'), 'utf8')) as { words: string[] };
  assert.ok(vocab.words.length * 100 >= 65_536, `${vocab.words.length} words`);
  const fp32 = join(root, 'many-fp32');
  const int8 = join(root, 'many-int8');
  await exportCli(run, fp32, false);
  const q = await exportCli(run, int8, true);
  assert.ok((q.int8?.quantizedTables ?? 0) >= 1, JSON.stringify(q.int8));
  assert.match(
    q.printed,
    new RegExp(`int8 \\(1 weight MatMuls quantized, ${q.int8!.quantizedTables} tables / conv kernels`),
  );
  const [a, b] = [fp32, int8].map((d) => statSync(join(d, 'model.onnx')).size);
  assert.ok(b! < 0.4 * a!, `int8 ${b} bytes vs fp32 ${a}`);
});

test('a BiLSTM tagger over word ids is refused with the static-length message; nothing is written', async () => {
  const run = await trainWordsRun(root, 'bilstm', 'tagger-bilstm');
  const out = join(root, 'bilstm-out');
  const r = await cli(['export', run, '--out', out]);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /head tagger-bilstm is unrolled over a static length and cannot be exported as one graph/);
  assert.ok(!existsSync(join(out, 'model.onnx')));
  assert.ok(!existsSync(join(out, 'bertcnn-export.json')));
});
