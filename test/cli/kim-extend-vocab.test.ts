// `predict/eval --extend-vocab` on kim2014 runs: words outside the run's vocabulary that the run's vectors have get
// the row training would have given them (the vector × the run's own rescaling factor, in every channel), so a
// static run treats an unseen word with the same vector as a seen one exactly like it; without the flag they are
// dropped, as before, with a hint. Runs it cannot apply to, and --redis, are refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/engine/rng.ts';
import { loadKimRun } from '../../src/presets/kim2014/run-folder.ts';
import { cli } from './cli-helpers.ts';
import { tinySplits } from '../tasks/kim/helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'bertcnn-kim-extend-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const data = tinySplits(120, 3, 40);
const put = (name: string, text: string) => {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
};
const tsv = (texts: string[], y: number[], map: (t: string) => string = (t) => t) =>
  texts.map((t, i) => `${data.labels[y[i]!]}\t${map(t)}`).join('\n') + '\n';
const train = put('train.tsv', tsv(data.train.texts, data.train.y as number[]));
const testFile = put('test.tsv', tsv(data.test.texts, data.test.y as number[]));
// The same test sentences with "good" → "goodish" and "bad" → "baddish": words no split contains.
const ish = (t: string) => t.replace(/\bgood\b/g, 'goodish').replace(/\bbad\b/g, 'baddish');
const ishFile = put('test-ish.tsv', tsv(data.test.texts, data.test.y as number[], ish));
// Vectors: "goodish"/"baddish" carry exactly the vectors of "good"/"bad".
const rng = new Rng(7);
const vec = () => Array.from({ length: 6 }, () => (rng.next() - 0.5).toFixed(4)).join(' ');
const base = 'the a movie film story plot was is very really and but it this that not'.split(' ');
const good = vec();
const bad = vec();
const vectors = put(
  'vectors.txt',
  [...base.map((w) => `${w} ${vec()}`), `good ${good}`, `bad ${bad}`, `goodish ${good}`, `baddish ${bad}`].join('\n') +
    '\n',
);
const trainRun = async (name: string, ...flags: string[]) => {
  const out = join(root, name);
  const r = await cli([
    'train',
    '--preset',
    'kim2014',
    '--train',
    train,
    '--epochs',
    '2',
    '--out',
    out,
    '--quiet',
    ...flags,
  ]);
  assert.equal(r.code, 0, r.err);
  return out;
};
// enough epochs for the tiny static model to learn the task (2 leave it at chance)
const staticRun = trainRun('static', '--vectors', vectors, '--variant', 'static', '--epochs', '20');
const probabilities = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { probabilities: Record<string, number> }).probabilities);

test('predict --extend-vocab: an unseen word with the vector of a seen one is predicted exactly like it (static)', async () => {
  const run = await staticRun;
  const texts = put('texts.txt', 'a really good film\na really goodish film\nthe plot was bad\nthe plot was baddish\n');
  const plain = await cli(['predict', run, '--input', texts]);
  assert.equal(plain.code, 0, plain.err);
  assert.match(plain.err, /2 word token\(s\) not in the run's vocabulary were dropped .*--extend-vocab gives those/);
  const [g, gi, b, bi] = probabilities(plain.out);
  assert.notDeepEqual(gi, g, 'dropped, "goodish" is not read as "good"');
  assert.notDeepEqual(bi, b);
  const extended = await cli(['predict', run, '--input', texts, '--extend-vocab']);
  assert.equal(extended.code, 0, extended.err);
  assert.match(extended.err, /--extend-vocab: 2 word\(s\) outside the run's vocabulary took their vector from /);
  assert.doesNotMatch(extended.err, /dropped/);
  const [g2, gi2, b2, bi2] = probabilities(extended.out);
  assert.deepEqual(g2, g, 'words of the vocabulary are unchanged');
  assert.deepEqual(gi2, g2);
  assert.deepEqual(bi2, b2);
});

test('eval --extend-vocab on the renamed test set gives the accuracy of the original one; without it, less', async () => {
  const run = await staticRun;
  const acc = async (...argv: string[]) => {
    const r = await cli(['eval', run, '--json', ...argv]);
    assert.equal(r.code, 0, r.err);
    return (JSON.parse(r.out) as { accuracy: number }).accuracy;
  };
  const original = await acc('--input', testFile);
  assert.equal(await acc('--input', ishFile, '--extend-vocab'), original);
  const dropped = await acc('--input', ishFile);
  assert.ok(dropped < original, 'dropping the sentiment words must cost accuracy');
});

test('non-static and multichannel: every channel gets the vector × the run’s factor, as training initialises it', async () => {
  const statik = await loadKimRun(await staticRun);
  const goodRow = (r: typeof statik, c: number, w: string, words: readonly string[]) => {
    const i = words.indexOf(w);
    assert.ok(i > 0, w);
    return r.model.channels[c]!.table.slice(i * r.config.dim, (i + 1) * r.config.dim);
  };
  const { readWordList } = await import('../../src/data/word-list.ts');
  const staticWords = await readWordList(join(await staticRun, 'vocab.json'));
  const frozenGood = goodRow(statik, 0, 'good', staticWords); // static: never trained, = vector × factor
  for (const variant of ['non-static', 'multichannel']) {
    const run = await trainRun(variant, '--vectors', vectors, '--variant', variant);
    const words = await readWordList(join(run, 'vocab.json'));
    assert.deepEqual(words, staticWords, 'same data, same vocabulary, so the same factor');
    const r = await loadKimRun(run, { extendFor: ['Goodish!'] });
    assert.deepEqual(r.extension?.words, ['goodish']);
    const all = [...words, 'goodish'];
    for (let c = 0; c < r.model.channels.length; c++) assert.deepEqual(goodRow(r, c, 'goodish', all), frozenGood);
    // the trained part of the model is the run's
    const plain = await loadKimRun(run);
    assert.deepEqual(
      r.model.channels.at(-1)!.table.slice(0, words.length * r.config.dim),
      plain.model.channels.at(-1)!.table,
    );
  }
});

test('--extend-vocab is refused where it cannot apply, naming why', async () => {
  const rand = await trainRun('rand', '--variant', 'rand');
  const texts = put('one.txt', 'a goodish film\n');
  const r1 = await cli(['predict', rand, '--input', texts, '--extend-vocab']);
  assert.equal(r1.code, 2);
  assert.match(
    r1.err,
    /--extend-vocab does not apply to the kim2014 run .*rand: its table came from no vectors \(CNN-rand\)/,
  );
  const r2 = await cli([
    'predict',
    await staticRun,
    '--input',
    texts,
    '--extend-vocab',
    '--redis',
    'redis://127.0.0.1:1',
  ]);
  assert.equal(r2.code, 2);
  assert.match(r2.err, /--extend-vocab cannot go with --redis/);
  // the vectors file gone: exit 1 naming it
  const moved = `${vectors}.moved`;
  renameSync(vectors, moved);
  try {
    const r3 = await cli(['eval', await staticRun, '--input', ishFile, '--extend-vocab']);
    assert.equal(r3.code, 1);
    assert.match(r3.err, /vectors\.txt.*cannot load the run's vectors for --extend-vocab/);
  } finally {
    renameSync(moved, vectors);
  }
});
