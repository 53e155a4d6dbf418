// exportRun on the other kinds of run (src/runs/kind.ts): a NER run (argmax tagger, and a CRF tagger whose
// Viterbi decoding with BIO constraints is reproduced from the manifest's scores) and a kim2014 run export, pass
// their check, and the export folder alone — its tokenizer / vocab.json, model.onnx in a fresh onnxruntime-node
// session, the manifest — gives what `bertcnn predict` gives on the run (tags and entities; probabilities within
// 1e-4). A cross-validation folder is refused naming a fold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { kimPredictWithRun } from '../../src/presets/kim2014/inference.ts';
import { DataError, UsageError } from '../../src/errors.ts';
import { exportRun } from '../../src/export/export-run.ts';
import type { KimExportManifest } from '../../src/export/export-kim.ts';
import type { TaggerExportManifest } from '../../src/export/export-tagger.ts';
import { cleaner } from '../../src/tasks/kim/clean-str.ts';
import { paddedRows } from '../../src/tasks/kim/padded-rows.ts';
import { alignSentence } from '../../src/tasks/ner/alignment.ts';
import { decodeAligned } from '../../src/tasks/ner/decode.ts';
import { predictSentences } from '../../src/tasks/ner/inference.ts';
import { fromBio } from '../../src/tasks/ner/scheme.ts';
import { loadWordPieceTokenizer } from '../../src/tokenize/load-tokenizer.ts';
import { splitWords } from '../../src/tokenize/words.ts';
import { maxAbsDiff } from './ort-run.ts';
import { ortFeeds } from './ort-run.ts';
import { writeKimRun, writeNerRun } from './kinds-fixture.ts';
import { tempRoot, tinyBert } from './run-fixture.ts';

const root = tempRoot('kinds');
const bert = await tinyBert(root);
const readJson = <T>(p: string) => JSON.parse(readFileSync(p, 'utf8')) as T;

const LINES = [
  'Mr John Smith lives in New York.',
  'ok',
  'Anna met Mr Peter Kowalski in Paris yesterday, and they went to Berlin.',
  'Ünïcödé, émojis 🙂 and numbers 12345',
  `${'a long sentence that keeps going and going, '.repeat(4)}Mr Smith.`,
];
const SENTENCES = LINES.map((l) => splitWords(l).map((w) => w.text));

/** Tags from the export folder alone: its tokenizer, model.onnx, the manifest's decoding. */
async function tagWithExport(out: string): Promise<string[][]> {
  const m = readJson<TaggerExportManifest>(join(out, 'bertcnn-export.json'));
  const tok = loadWordPieceTokenizer(out);
  const enc = tok.encodeBatch(
    SENTENCES.map((w) => w.join(' ')),
    { maxLength: m.maxLength },
  );
  const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
  try {
    const em = (await session.run(ortFeeds(session, enc))).emissions!;
    const T = em.dims[1]!;
    return SENTENCES.map((w, b) => {
      const a = alignSentence(w, enc.offsets[b]!, enc.lengths[b]!);
      return fromBio(decodeAligned(em.data as Float32Array, b, T, m.labels, a, m.crf ?? null), m.scheme);
    });
  } finally {
    await session.release();
  }
}

for (const crf of [false, true]) {
  test(`NER ${crf ? 'CRF' : 'argmax'} tagger: emissions graph + manifest reproduce predict's tags and entities`, async () => {
    const run = await writeNerRun(join(root, `ner-${crf}`), {
      encoder: bert,
      mode: crf ? 'finetune' : 'frozen',
      crf,
      scheme: crf ? 'IOB1' : 'BIO',
    });
    const out = join(root, `ner-${crf}-out`);
    const r = await exportRun(run, { out });
    assert.ok(r.check.passed, JSON.stringify(r.check));
    assert.deepEqual(r.files, ['model.onnx', 'vocab.txt', 'tokenizer_config.json', 'bertcnn-export.json']);
    const m = readJson<TaggerExportManifest>(join(out, 'bertcnn-export.json'));
    assert.equal(m.kind, 'ner');
    assert.deepEqual(m.labels, ['O', 'B-LOC', 'I-LOC', 'B-PER', 'I-PER']);
    assert.equal(m.scheme, crf ? 'IOB1' : 'BIO');
    assert.equal(m.decoding, crf ? 'crf' : 'argmax');
    assert.equal(m.crf?.transitions.length, crf ? 25 : undefined);
    assert.deepEqual(
      m.outputs.map((o) => [o.name, o.shape.join()]),
      [['emissions', 'batch,sequence,5']],
    );
    const want = await predictSentences(run, SENTENCES);
    const got = await tagWithExport(out);
    assert.deepEqual(got, want.tags);
    assert.ok(
      want.tags.some((t) => t.some((x) => x !== 'O')),
      'the random tagger predicts some entities',
    );
  });
}

test('kim2014 (word level): word ids in the padded layout → probabilities within 1e-4 of predict', async () => {
  const run = await writeKimRun(join(root, 'kim'));
  const out = join(root, 'kim-out');
  const r = await exportRun(run, { out });
  assert.ok(r.check.passed, JSON.stringify(r.check));
  assert.deepEqual(r.files, ['model.onnx', 'vocab.json', 'bertcnn-export.json']);
  const m = readJson<KimExportManifest>(join(out, 'bertcnn-export.json'));
  assert.equal(m.kind, 'kim2014');
  assert.deepEqual(m.kim, { variant: 'rand', level: 'word', clean_str: 'default', left: 2, right: 3 });
  const texts = ['A great film!', "The plot wasn't bad", 'zzz unknown words only', 'ok ok ok ok ok ok ok ok ok'];
  const want = await kimPredictWithRun(run, texts);
  const words = readJson<{ words: string[] }>(join(out, 'vocab.json')).words;
  const clean = cleaner(m.kim.clean_str);
  const ids = texts.map((t) =>
    clean(t)
      .split(/\s+/)
      .map((w) => words.indexOf(w))
      .filter((i) => i > 0),
  );
  const rows = paddedRows(ids, m.kim);
  const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
  const T = rows.inputIds[0]!.length;
  const t64 = (x: number[][]) => new ort.Tensor('int64', BigInt64Array.from(x.flat(), BigInt), [x.length, T]);
  const p = (await session.run({ input_ids: t64(rows.inputIds), attention_mask: t64(rows.attentionMask) }))
    .probabilities!.data as Float32Array;
  await session.release();
  assert.ok(maxAbsDiff(p, want.predictions.probabilities) <= 1e-4, `${maxAbsDiff(p, want.predictions.probabilities)}`);
  // --int8 applies to kim2014 runs too (its tables, sizes and bound: test/export/kim-int8.test.ts)
  const q = await exportRun(run, { out: join(root, 'kim-int8'), int8: true });
  assert.equal(q.manifest.precision, 'int8');
});

test('kim2014 at WordPiece level: the BERT tokenizer files are carried; a char-CNN run is refused', async () => {
  const run = await writeKimRun(join(root, 'kim-wp'), { wordpiece: bert });
  const out = join(root, 'kim-wp-out');
  const r = await exportRun(run, { out });
  assert.ok(r.check.passed, JSON.stringify(r.check));
  assert.deepEqual(r.files, ['model.onnx', 'vocab.txt', 'tokenizer_config.json', 'bertcnn-export.json']);
  const m = readJson<KimExportManifest>(join(out, 'bertcnn-export.json'));
  assert.deepEqual(m.tokenizer, { kind: 'wordpiece', files: ['vocab.txt', 'tokenizer_config.json'] });
  assert.equal(m.kim.level, 'wordpiece');
  const chars = await writeKimRun(join(root, 'kim-chars'), { charCnn: true });
  await assert.rejects(
    exportRun(chars, { out: join(root, 'kim-chars-out') }),
    (e: Error) => e instanceof UsageError && /char-cnn OOV policy/.test(e.message),
  );
  assert.ok(!existsSync(join(root, 'kim-chars-out')), 'nothing written');
});

test('a cross-validation folder is refused, naming a fold', async () => {
  const cv = join(root, 'cv');
  mkdirSync(join(cv, 'fold-1'), { recursive: true });
  writeFileSync(join(cv, 'cv.json'), '{}');
  await assert.rejects(
    exportRun(cv, { out: join(root, 'cv-out') }),
    (e: Error) => e instanceof DataError && /cross-validation folder .*fold-1/.test(e.message),
  );
});
