// The browser runtime on NER and kim2014 exports, run in Node unchanged: the folder is read through a fetch over
// the file system (file-fetch.ts) and onnxruntime-web's wasm build runs the model (wasmPaths → its dist folder).
//   NER (argmax, and CRF with an IOB1 scheme): loadTagger(...).predict(lines) deep-equals `bertcnn predict RUN`'s
//     JSONL on the same raw lines — words, tags in the run's scheme, entities with char_start / char_end;
//   kim2014 (word and WordPiece level): loadKimClassifier(...).predict(texts) gives predict's labels and
//     probabilities within 1e-4;
//   loadExport picks the loader by the manifest's kind; a classifier loader on a NER export names the right one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { exportRun } from '../../src/export/export-run.ts';
import { loadClassifier } from '../../src/web/classifier.ts';
import { loadKimClassifier } from '../../src/web/kim-classifier.ts';
import { loadExport } from '../../src/web/load-export.ts';
import { loadTagger } from '../../src/web/tagger.ts';
import { cli } from '../cli/cli-helpers.ts';
import { writeKimRun, writeNerRun } from '../export/kinds-fixture.ts';
import { tempRoot, tinyBert } from '../export/run-fixture.ts';
import { BASE, fileFetch } from './file-fetch.ts';

const root = tempRoot('web-kinds');
const bert = await tinyBert(root);
const wasmPaths = pathToFileURL(
  `${dirname(createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'))}/`,
).href;
const opts = { fetch: fileFetch(root), wasmPaths };

const LINES = [
  'Mr John Smith lives in New York.',
  'ok',
  'Anna met Mr Peter Kowalski in Paris yesterday, and they went to Berlin.',
  'Ünïcödé, émojis 🙂 and numbers 12345 — “quotes”',
  `${'a long sentence that keeps going and going, '.repeat(4)}Mr Smith in Tokyo.`,
];

async function predictCli(run: string, lines: string[]): Promise<unknown[]> {
  const input = join(root, `input-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(input, `${lines.join('\n')}\n`);
  const r = await cli(['predict', run, '--input', input, '--quiet']);
  assert.equal(r.code, 0, r.err);
  return r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
}

for (const crf of [false, true]) {
  test(`web tagger (${crf ? 'CRF, IOB1' : 'argmax, BIO'}): the same words, tags and entities as bertcnn predict`, async () => {
    const run = await writeNerRun(join(root, `ner-${crf}`), {
      encoder: bert,
      mode: crf ? 'finetune' : 'frozen',
      crf,
      scheme: crf ? 'IOB1' : 'BIO',
    });
    await exportRun(run, { out: join(root, `ner-${crf}-out`) });
    const want = await predictCli(run, LINES);
    const tagger = await loadTagger(`${BASE}ner-${crf}-out/`, opts);
    try {
      const got = await tagger.predict(LINES, { batchSize: 2 });
      assert.deepEqual(got, want);
      assert.ok(
        got.some((r) => r.entities.length > 0),
        'some entities to compare',
      );
      assert.deepEqual(await tagger.predict(['  ', '...']), [
        { words: [], tags: [], entities: [] },
        (await predictCli(run, ['...']))[0],
      ]);
    } finally {
      await tagger.release();
    }
    const any = await loadExport(`${BASE}ner-${crf}-out/`, opts);
    assert.equal(any.kind, 'ner');
    await any.model.release();
    await assert.rejects(
      loadClassifier(`${BASE}ner-${crf}-out/`, opts),
      /a ner export, not a classifier: load it with loadTagger/,
    );
  });
}

for (const level of ['word', 'wordpiece'] as const)
  test(`web Kim classifier (${level} level): clean_str, vocabulary ids, padded layout → predict's labels and probabilities`, async () => {
    const run = await writeKimRun(join(root, `kim-${level}`), level === 'wordpiece' ? { wordpiece: bert } : {});
    await exportRun(run, { out: join(root, `kim-${level}-out`) });
    const texts = [
      'A great film!',
      "The plot wasn't bad",
      'zzz unknown words only',
      'ok ok ok ok ok ok ok ok ok',
      'Movie.',
    ];
    const want = (await predictCli(run, texts)) as { label: string; probabilities: Record<string, number> }[];
    const clf = await loadKimClassifier(`${BASE}kim-${level}-out/`, opts);
    try {
      const got = await clf.predict(texts, { batchSize: 3 });
      assert.deepEqual(
        got.map((r) => ('label' in r ? r.label : null)),
        want.map((r) => r.label),
      );
      got.forEach((r, i) => {
        for (const l of clf.labels)
          assert.ok(Math.abs(r.probabilities[l]! - want[i]!.probabilities[l]!) <= 1e-4, `${texts[i]} ${l}`);
      });
    } finally {
      await clf.release();
    }
    const any = await loadExport(`${BASE}kim-${level}-out/`, opts);
    assert.equal(any.kind, 'kim2014');
    await any.model.release();
  });
