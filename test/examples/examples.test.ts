// Every program in examples/ runs here on tiny data, so the examples cannot rot. Each is spawned the way a user
// runs it — its own Node process, importing 'bertcnn' by package name (self-reference; the `bertcnn-source`
// export condition maps it to src/index.ts in this checkout, where dist/ may be absent or stale) — and its output
// is checked. examples/quick.ts runs in a scratch folder holding a tiny data/sentiment-mini, since it reads the
// paths a user in the repository would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sentimentToy, writeTsv } from '../helpers/sentiment-toy.ts';
import { nerToy, writeConll } from '../helpers/ner-toy.ts';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const TSX = import.meta.resolve('tsx');
const root = mkdtempSync(join(tmpdir(), 'bertcnn-examples-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));

function runExample(
  file: string,
  args: string[],
  cwd = process.cwd(),
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--conditions=bertcnn-source', '--import', TSX, join(EXAMPLES, file), ...args],
      { cwd },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out, err }));
  });
}

const csv = (s: string) => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const tinyTsv = (name: string, n: number, seed: number) => {
  const path = join(root, name);
  writeTsv(path, sentimentToy(n, seed));
  return path;
};

test('the examples import the package by name, never the sources; quick.ts is at most 15 lines', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length >= 6, files.join(', '));
  for (const f of files) {
    const text = readFileSync(join(EXAMPLES, f), 'utf8');
    assert.match(text, /from 'bertcnn'/, f);
    assert.doesNotMatch(text, /from '\.\.?\/(\.\.\/)*src\//, f);
  }
  assert.ok(readFileSync(join(EXAMPLES, 'quick.ts'), 'utf8').trimEnd().split('\n').length <= 15);
});

test('frozen-textcnn-csv.ts trains from a CSV file and saves a run; http-server.ts serves that run', async () => {
  const data = join(root, 'reviews.csv');
  writeFileSync(
    data,
    `text,label\n${sentimentToy(40, 3)
      .map((r) => `${csv(r.text)},${r.label}`)
      .join('\n')}\n`,
  );
  const out = join(root, 'csv-run');
  const r = await runExample('frozen-textcnn-csv.ts', ['--data', data, '--epochs', '2', '--out', out]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /epoch 2\/2: loss [\d.]+, dev accuracy [\d.]+/);
  assert.match(r.out, /Total params: [\d,]+/);
  assert.match(r.out, /^(positive|negative) \{ negative: [\d.e-]+, positive: [\d.e-]+ \}$/m);
  assert.ok(existsSync(join(out, 'model.safetensors')));

  const s = await runExample('http-server.ts', [out, '--once', 'the acting was superb']);
  assert.equal(s.code, 0, s.err);
  const m = /^200 (.*)$/m.exec(s.out);
  assert.ok(m, s.out);
  const body = JSON.parse(m[1]!) as { predictions: { label: string; probabilities: Record<string, number> }[] };
  assert.equal(body.predictions.length, 1);
  assert.ok(['negative', 'positive'].includes(body.predictions[0]!.label));
});

test('finetune-bert.ts fine-tunes a generated tiny BERT and lists its layers', async () => {
  const r = await runExample('finetune-bert.ts', [
    '--train',
    tinyTsv('ft-train.tsv', 48, 1),
    '--dev',
    tinyTsv('ft-dev.tsv', 16, 2),
    '--epochs',
    '2',
  ]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^encoder\.layer\.1 +BertLayer +\[B, T, 32\] +[\d,]+ +trainable$/m);
  assert.match(r.out, /Frozen params: 0/);
});

test('custom-head.ts trains a user-written head on a BERT with the project trainer', async () => {
  const r = await runExample('custom-head.ts', [
    '--train',
    tinyTsv('ch-train.tsv', 48, 3),
    '--dev',
    tinyTsv('ch-dev.tsv', 16, 4),
    '--epochs',
    '2',
  ]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /epoch 2: train loss [\d.]+/);
  assert.match(r.out, /best epoch [12]/);
  assert.match(r.out, /accuracy: [\d.]+/);
});

test('ner-tagger.ts trains a tagger and prints entities whose offsets index the text', async () => {
  const data = join(root, 'ner.conll');
  writeConll(data, nerToy(48, 5));
  const r = await runExample('ner-tagger.ts', ['--data', data, '--epochs', '3']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /dev entity F1 [\d.]+ tags O B-LOC I-LOC B-PER I-PER/);
  const text = 'Yesterday Mr Peter Smith moved to Lisbon.';
  for (const [, start, end, span] of r.out.matchAll(/^(?:PER|LOC) +(\d+)–(\d+) +(".*")$/gm)) {
    assert.equal(text.slice(Number(start), Number(end)), JSON.parse(span!));
  }
});

test('quick.ts: install → trained, saved and reloaded classifier', async () => {
  const project = join(root, 'quick');
  mkdirSync(join(project, 'data', 'sentiment-mini'), { recursive: true });
  writeTsv(join(project, 'data', 'sentiment-mini', 'train.tsv'), sentimentToy(40, 6));
  writeTsv(join(project, 'data', 'sentiment-mini', 'dev.tsv'), sentimentToy(12, 7));
  const r = await runExample('quick.ts', [join(project, 'run')], project);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /label: '(positive|negative)'/);
  assert.ok(existsSync(join(project, 'run', 'config.json')));
});
