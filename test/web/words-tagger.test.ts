// The browser tagger on NER exports over word ids (tokenizer kind "words"), run in Node unchanged (onnxruntime-web's
// wasm build; the folder read through file-fetch.ts), against `bertcnn predict` on the run through main(argv):
//   tagger-cnn --crf (IOB1 data, so tags are converted back to the scheme) and tagger-linear (BIO) runs, exported
//   fp32 and --int8: loadTagger(...).predict(raw lines) deep-equals predict's JSONL — words by tokenize/words.ts,
//   unknown and re-cased words (→ <unk>), punctuation split off, a line longer than --max-length (its tail 'O'),
//   entities with character offsets; a blank line gives no words; loadExport picks the tagger by kind.
//   A vocab.json whose first rows are not <pad>, <unk> is refused naming the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cli } from '../cli/cli-helpers.ts';
import { tempRoot } from '../export/run-fixture.ts';
import { predictLines, trainWordsRun, WORD_LINES } from '../export/words-fixture.ts';
import { loadExport } from '../../src/web/load-export.ts';
import { loadTagger } from '../../src/web/tagger.ts';
import { BASE, fileFetch } from './file-fetch.ts';

const root = tempRoot('web-words');
const wasmPaths = pathToFileURL(
  `${dirname(createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'))}/`,
).href;
const opts = { fetch: fileFetch(root), wasmPaths };

for (const [head, crf] of [
  ['tagger-cnn', true],
  ['tagger-linear', false],
] as const) {
  test(`web tagger over word ids (${head}${crf ? ' --crf, IOB1' : ', BIO'}): fp32 and int8 tag raw text as bertcnn predict`, async () => {
    const name = `${head}-${crf}`;
    // IOB1 data for the CRF run: predict and the browser convert the BIO tags back to the run's scheme
    const run = await trainWordsRun(root, name, head, crf ? ['--crf'] : [], { scheme: crf ? 'IOB1' : 'BIO' });
    const cfg = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')) as { task: { scheme: string } };
    assert.equal(cfg.task.scheme, crf ? 'IOB1' : 'BIO');
    const vocab = (JSON.parse(readFileSync(join(run, 'vocab.json'), 'utf8')) as { words: string[] }).words;
    for (const w of ['Qwertyville', 'Zyx', 'BERLIN', 'mr']) assert.ok(!vocab.includes(w), `${w} is an unknown word`);
    const want = await predictLines(root, run, WORD_LINES);
    assert.equal(want.length, WORD_LINES.length);
    assert.ok(
      want.some((r) => (r.entities as unknown[]).length > 0),
      'some entities to compare',
    );
    const long = want.at(-1)!.tags as string[];
    assert.ok(long.length > 12 && long.slice(12).every((t) => t === 'O'), 'words beyond --max-length 12 are O');
    for (const int8 of [false, true]) {
      const out = `${name}-${int8 ? 'int8' : 'fp32'}`;
      const r = await cli(['export', run, '--out', join(root, out), ...(int8 ? ['--int8'] : []), '--quiet']);
      assert.equal(r.code, 0, r.err);
      const tagger = await loadTagger(`${BASE}${out}/`, opts);
      try {
        assert.equal(tagger.tokenizer, null);
        assert.equal(tagger.vocabSize, vocab.length);
        assert.deepEqual(await tagger.predict(WORD_LINES, { batchSize: 2 }), want, out);
        assert.deepEqual(await tagger.predict(['  ']), [{ words: [], tags: [], entities: [] }]);
      } finally {
        await tagger.release();
      }
      const any = await loadExport(`${BASE}${out}/`, opts);
      assert.equal(any.kind, 'ner');
      await any.model.release();
    }
  });
}

test('web tagger over word ids: a vocab.json not starting with <pad>, <unk> is refused naming the file', async () => {
  const run = await trainWordsRun(root, 'bad-vocab', 'tagger-linear');
  const r = await cli(['export', run, '--out', join(root, 'bad-vocab-out'), '--quiet']);
  assert.equal(r.code, 0, r.err);
  const path = join(root, 'bad-vocab-out', 'vocab.json');
  const v = JSON.parse(readFileSync(path, 'utf8')) as { words: string[] };
  writeFileSync(path, JSON.stringify({ ...v, words: v.words.slice(1) }));
  await assert.rejects(
    loadTagger(`${BASE}bad-vocab-out/`, opts),
    /bad-vocab-out\/vocab\.json.*must start with <pad>, <unk>/,
  );
});
