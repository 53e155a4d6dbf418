// TokenTagger against the CLI on a tiny random BERT and the synthetic NER toy: fit on { tokens, tags } records
// learns the toy; predict(raw text) returns entity spans whose character offsets index the text; the saved run
// predicts with `bertcnn predict` what predictWords() predicts and scores with `bertcnn eval` what evaluate() scores;
// load round-trips; pipeline('ner', run) tags; `bertcnn summary` reads the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline, TextClassifier, TokenTagger } from '../../src/index.ts';
import { nerToy, writeConll } from '../helpers/ner-toy.ts';
import { cli, fixture } from '../cli/cli-helpers.ts';

const toRecords = (n: number, seed: number) => nerToy(n, seed).map((s) => ({ tokens: s.words, tags: s.tags }));

test('TokenTagger: fit → predict raw text (character offsets) → save → CLI predict/eval/summary → load → pipeline', async () => {
  const fx = await fixture('api-ner');
  const tagger = new TokenTagger({
    encoder: fx.model,
    head: 'tagger-cnn',
    headOptions: { dropout: 0.1 },
    epochs: 6,
    batchSize: 16,
    lr: 0.01,
    schedule: 'constant',
    seed: 1,
  });
  const epochs: number[] = [];
  const r = await tagger.fit(toRecords(120, 1), {
    dev: toRecords(40, 2),
    callbacks: { onEpoch: (e) => epochs.push(e.epoch) },
  });
  assert.deepEqual(epochs, [1, 2, 3, 4, 5, 6]);
  const devF1 = (r.metrics.dev as { f1: number }).f1;
  assert.ok(devF1 >= 0.8, `dev entity F1 ${devF1}`);
  assert.deepEqual(tagger.labels, ['O', 'B-LOC', 'I-LOC', 'B-PER', 'I-PER']);

  const text = 'Mr John lives in Paris.';
  const [tagged] = await tagger.predict(text);
  assert.deepEqual(
    tagged!.words.map((w) => w.text),
    ['Mr', 'John', 'lives', 'in', 'Paris', '.'],
  );
  assert.deepEqual(tagged!.entities, [
    { type: 'PER', start: 3, end: 7, text: 'John' },
    { type: 'LOC', start: 17, end: 22, text: 'Paris' },
  ]);
  const two = 'In  New York ,  Mr Peter Smith works .';
  const [t2] = await tagger.predict([two]);
  for (const e of t2!.entities) assert.equal(two.slice(e.start, e.end), e.text);
  assert.ok(
    t2!.entities.some((e) => e.type === 'LOC' && e.text === 'New York'),
    JSON.stringify(t2!.entities),
  );

  const saved = join(fx.root, 'ner-saved');
  await tagger.save(saved);
  const sentences = [
    ['Mr', 'Anna', 'lives', 'in', 'Tokyo', '.'],
    ['the', 'weather', 'is', 'nice', 'today', '.'],
  ];
  const api = await tagger.predictWords(sentences);
  const devScores = await tagger.evaluate(toRecords(40, 2));
  assert.equal(devScores.f1, devF1, 'evaluate(dev) = metrics.json dev F1');
  await tagger.close();

  const input = join(fx.root, 'sentences.txt');
  writeFileSync(input, sentences.map((s) => s.join(' ')).join('\n') + '\n');
  const p = await cli(['predict', saved, '--input', input, '--quiet']);
  assert.equal(p.code, 0, p.err);
  const lines = p.out
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as {
          tags: string[];
          entities: { type: string; start: number; end: number; text: string; char_start: number; char_end: number }[];
        },
    );
  // The CLI's raw-text entities also carry character offsets into the line; the word spans equal predictWords'.
  assert.deepEqual(
    lines.map((l) => ({
      tags: l.tags,
      entities: l.entities.map(({ type, start, end, text }) => ({ type, start, end, text })),
    })),
    api,
  );
  lines.forEach((l, i) => {
    for (const en of l.entities) assert.equal(sentences[i]!.join(' ').slice(en.char_start, en.char_end), en.text);
  });

  const devFile = join(fx.root, 'dev.conll');
  writeConll(devFile, nerToy(40, 2));
  const e = await cli(['eval', saved, '--data', devFile, '--json']);
  assert.equal(e.code, 0, e.err);
  assert.equal((JSON.parse(e.out) as { f1: number }).f1, devF1);

  const s = await cli(['summary', saved, '--json']);
  assert.equal(s.code, 0, s.err);
  const summary = JSON.parse(s.out) as {
    rows: { layer: string; params: number; status: string }[];
    trainable: number;
    frozen: number;
    total: number;
  };
  assert.equal(summary.rows[0]!.layer, 'encoder');
  assert.equal(summary.rows[0]!.status, 'frozen');
  assert.equal(summary.frozen, summary.rows[0]!.params);
  assert.equal(
    summary.total,
    summary.rows.reduce((n, row) => n + row.params, 0),
  );

  const back = await TokenTagger.load(saved);
  assert.deepEqual(await back.predictWords(sentences), api, 'same tags after save/load');
  await back.close();
  const ner = await pipeline('ner', saved);
  assert.deepEqual((await ner(text))[0]!.entities, tagged!.entities);
  await ner.close();
  await assert.rejects(pipeline('text-classification', saved), /is a NER run; use pipeline\('ner'/);
  await assert.rejects(TextClassifier.load(saved), /is a NER run; load it with TokenTagger\.load\(\)/);
});

test('TokenTagger: bad options and records name the option or the field', async () => {
  assert.throws(() => new TokenTagger({ head: 'textcnn' as never }), /TokenTagger options\.head: /);
  assert.throws(
    () => new TokenTagger({ headOptions: { crf: 'yes' } }),
    /options\.headOptions: head tagger-cnn: invalid options — crf/,
  );
  assert.throws(
    () => new TokenTagger({ metric: 'accuracy' }),
    /options\.metric: unknown metric 'accuracy' \(one of f1, precision, recall, token_accuracy\)/,
  );
  const t = new TokenTagger();
  await assert.rejects(
    t.fit([{ tokens: ['a', 'b'], tags: ['O'] }]),
    /train\[0\]\.tags: expected one tag per token \(2\), got 1/,
  );
  await assert.rejects(
    t.fit([{ tokens: ['New York'], tags: ['B-LOC'] }]),
    /train\[0\]\.tokens\[0\]: expected a word without whitespace/,
  );
  await assert.rejects(t.predict('x'), /predict: the tagger is not trained yet/);
  await assert.rejects(
    t.fit([{ tokens: ['Mr', 'X'], tags: ['O', 'B-PER'] }], { dev: [{ tokens: ['in', 'Y'], tags: ['O', 'S-LOC'] }] }),
    /dev\[0\]\.tags\[1\]: entity type "LOC" is not in the train records \(PER\)/,
  );
});
