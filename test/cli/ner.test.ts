// `bertcnn train --task ner` → `eval` → `predict` on a generated tiny BERT and the synthetic CoNLL corpus
// (BiLSTM-CRF tagger, frozen features): the run folder, --json output, eval reproducing metrics.json, conlleval
// text output, JSONL predictions from text lines and from a CoNLL file; usage errors (exit 2) for settings that do
// not fit NER, and a dev file with an unseen entity type (exit 1, no half-made run folder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractEntities } from '../../src/metrics/entities.ts';
import { nerToy, validBio, writeConll } from '../helpers/ner-toy.ts';
import { cli, fixture, type Fixture } from './cli-helpers.ts';

let fx: Fixture | null = null;
async function setup(): Promise<Fixture> {
  if (fx) return fx;
  fx = await fixture('ner', { train: 4, dev: 4 });
  writeConll(join(fx.root, 'train.conll'), nerToy(120, 1));
  writeConll(join(fx.root, 'dev.conll'), nerToy(40, 2));
  writeConll(join(fx.root, 'test.conll'), nerToy(30, 3));
  return fx;
}

const BUDGET = [
  '--epochs',
  '6',
  '--batch-size',
  '16',
  '--lr',
  '0.01',
  '--schedule',
  'constant',
  '--seed',
  '1',
  '--dropout',
  '0.1',
];

test('train --task ner (BiLSTM-CRF) → eval → predict', async () => {
  const f = await setup();
  const out = join(f.root, 'ner-run');
  const data = [
    '--train',
    join(f.root, 'train.conll'),
    '--dev',
    join(f.root, 'dev.conll'),
    '--test',
    join(f.root, 'test.conll'),
  ];
  const t = await cli([
    'train',
    '--task',
    'ner',
    ...data,
    '--encoder',
    f.model,
    '--head',
    'tagger-bilstm',
    '--crf',
    '--head-option',
    'hidden=16',
    ...BUDGET,
    '--out',
    out,
    '--json',
  ]);
  assert.equal(t.code, 0, t.err);
  const res = JSON.parse(t.out) as {
    task: string;
    head: string;
    crf: boolean;
    scheme: string;
    dev: Record<string, number>;
    test: Record<string, number>;
  };
  assert.deepEqual([res.task, res.head, res.crf, res.scheme], ['ner', 'tagger-bilstm', true, 'BIO']);
  for (const k of ['f1', 'precision', 'recall', 'token_accuracy']) assert.equal(typeof res.test[k], 'number');
  for (const f2 of ['config.json', 'labels.json', 'model.safetensors', 'metrics.json', 'log.jsonl', 'train.json'])
    assert.ok(existsSync(join(out, f2)), f2);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { dev: { f1: number } };

  const e = await cli(['eval', out, '--data', join(f.root, 'dev.conll'), '--json']);
  assert.equal(e.code, 0, e.err);
  const ev = JSON.parse(e.out) as { f1: number; sentences: number; per_type: Record<string, unknown> };
  assert.equal(ev.f1, metrics.dev.f1);
  assert.equal(ev.sentences, 40);
  assert.deepEqual(Object.keys(ev.per_type), ['LOC', 'PER']);
  const text = await cli(['eval', out, '--data', join(f.root, 'dev.conll'), '--quiet']);
  assert.match(text.out, /processed \d+ tokens with \d+ phrases; found: \d+ phrases; correct: \d+\./);
  assert.match(text.out, /micro avg/);

  const rawLines = ['Mr John  lives in Paris.', "the weather (isn't) nice today."];
  writeFileSync(join(f.root, 'texts.txt'), `${rawLines[0]}\n\n${rawLines[1]}\n`);
  const p = await cli(['predict', out, '--input', join(f.root, 'texts.txt'), '--quiet']);
  assert.equal(p.code, 0, p.err);
  const lines = p.out
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as {
          words: string[];
          tags: string[];
          entities: { type: string; start: number; end: number; text: string; char_start: number; char_end: number }[];
        },
    );
  assert.equal(lines.length, 2);
  // Raw text is split the CoNLL way: punctuation apart from the word it follows, inner apostrophes kept.
  assert.deepEqual(lines[0]!.words, ['Mr', 'John', 'lives', 'in', 'Paris', '.']);
  assert.deepEqual(lines[1]!.words, ['the', 'weather', '(', "isn't", ')', 'nice', 'today', '.']);
  lines.forEach((l, i) => {
    for (const en of l.entities) assert.equal(en.text, rawLines[i]!.slice(en.char_start, en.char_end));
  });
  for (const l of lines) {
    assert.equal(l.tags.length, l.words.length);
    assert.ok(validBio(l.tags));
    assert.deepEqual(
      l.entities.map(({ type, start, end }) => ({ type, start, end })),
      extractEntities(l.tags),
    );
  }
  const c = await cli(['predict', out, '--input', join(f.root, 'test.conll'), '--quiet']);
  assert.equal(c.code, 0, c.err);
  assert.equal(c.out.trim().split('\n').length, 30);
  assert.equal((await cli(['eval', out, '--data', join(f.root, 'dev.conll'), '--threshold', '0.5'])).code, 2);
});

test('usage errors for settings that do not fit NER (exit 2)', async () => {
  const f = await setup();
  const base = ['train', '--train', join(f.root, 'train.conll'), '--encoder', f.model, '--out', join(f.root, 'never')];
  const cases: [string[], RegExp][] = [
    [['--head', 'tagger-cnn'], /tagger-cnn is a NER tagger; add --task ner/],
    [['--crf'], /--crf applies to NER taggers/],
    [['--task', 'ner', '--head', 'textcnn'], /--task ner needs a tagger head/],
    [['--task', 'ner', '--folds', '3'], /--folds does not apply to --task ner/],
    [
      ['--task', 'ner', '--metric', 'accuracy'],
      /unknown metric 'accuracy' \(one of f1, precision, recall, token_accuracy\)/,
    ],
    [
      ['--task', 'ner', '--head', 'tagger-bilstm', '--filters', '8'],
      /--filters: head tagger-bilstm has no option filters/,
    ],
  ];
  for (const [extra, re] of cases) {
    const r = await cli([...base, ...extra]);
    assert.equal(r.code, 2, `${extra.join(' ')}: ${r.err}`);
    assert.match(r.err, re);
  }
  assert.ok(!existsSync(join(f.root, 'never')));
});

test('a dev file with an entity type the training data lacks: exit 1 naming it, no run folder left', async () => {
  const f = await setup();
  writeFileSync(join(f.root, 'dev-org.conll'), 'the\tO\nUN\tB-ORG\n');
  const out = join(f.root, 'org-run');
  const r = await cli([
    'train',
    '--task',
    'ner',
    '--train',
    join(f.root, 'train.conll'),
    '--dev',
    join(f.root, 'dev-org.conll'),
    '--encoder',
    f.model,
    '--out',
    out,
  ]);
  assert.equal(r.code, 1);
  assert.match(r.err, /dev-org\.conll: 1 tag not in the model's label map: "B-ORG" \(1×, first at line 2\)/);
  assert.ok(!existsSync(out));
});
