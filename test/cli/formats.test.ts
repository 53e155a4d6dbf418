// Other data layouts through the CLI: a multi-label JSONL run (train → eval without a confusion matrix →
// predict writing "labels" → report without the heat map) and a GLUE-style `sentence<TAB>label` file with a
// header, trained and predicted by column name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sentimentToy } from '../helpers/sentiment-toy.ts';
import { cli, fixture, TINY_BUDGET } from './cli-helpers.ts';

const fx = await fixture('formats');
const FLAGS = [...TINY_BUDGET, '--schedule', 'constant', '--quiet'];

/** Sentiment plus a topic label when the sentence is about the acting or the cast. */
function multiLabel(n: number, seed: number): string {
  return sentimentToy(n, seed)
    .map((r) => ({ text: r.text, labels: /acting|cast/.test(r.text) ? [r.label, 'performers'] : [r.label] }))
    .map((r) => JSON.stringify(r))
    .join('\n');
}

test('multi-label JSONL: train, eval (no confusion matrix), predict ("labels"), report (no heat map)', async () => {
  const train = join(fx.root, 'ml-train.jsonl');
  const dev = join(fx.root, 'ml-dev.jsonl');
  writeFileSync(train, multiLabel(120, 4));
  writeFileSync(dev, multiLabel(40, 5));
  const run = join(fx.root, 'run-ml');
  const r = await cli([
    'train',
    '--train',
    train,
    '--dev',
    dev,
    '--encoder',
    fx.model,
    '--out',
    run,
    ...FLAGS,
    '--json',
  ]);
  assert.equal(r.code, 0, r.err);
  const res = JSON.parse(r.out) as { task: string; labels: string[]; dev: Record<string, number> };
  assert.equal(res.task, 'multilabel');
  assert.deepEqual(res.labels, ['negative', 'performers', 'positive']);
  assert.ok('micro_f1' in res.dev && 'subset_accuracy' in res.dev);

  const ev = await cli(['eval', run, '--data', dev]);
  assert.equal(ev.code, 0, ev.err);
  assert.match(ev.out, /samples avg/);
  assert.doesNotMatch(ev.out, /confusion matrix/);

  const p = await cli(['predict', run, '--input', dev, '--text-column', 'text', '--threshold', '0.3']);
  assert.equal(p.code, 0, p.err);
  const first = JSON.parse(p.out.split('\n')[0]!) as { labels: string[]; probabilities: Record<string, number> };
  assert.ok(Array.isArray(first.labels));
  assert.deepEqual(Object.keys(first.probabilities), ['negative', 'performers', 'positive']);
  for (const l of first.labels) assert.ok(first.probabilities[l]! >= 0.3, 'threshold applied');

  assert.equal((await cli(['report', run, '--quiet'])).code, 0);
  const html = readFileSync(join(run, 'report.html'), 'utf8');
  assert.equal((html.match(/<svg /g) ?? []).length, 2, 'curves only');
  assert.match(html, /<td>performers<\/td>/);
});

test('GLUE-style header file: columns by name for train and predict', async () => {
  const glue = join(fx.root, 'glue.tsv');
  const rows = sentimentToy(80, 6).map((r) => `${r.text}\t${r.label === 'positive' ? 1 : 0}`);
  writeFileSync(glue, `sentence\tlabel\n${rows.join('\n')}\n`);
  const run = join(fx.root, 'run-glue');
  const r = await cli([
    'train',
    '--train',
    glue,
    '--dev-split',
    '0.25',
    '--header',
    '--encoder',
    fx.model,
    '--out',
    run,
    ...FLAGS,
    '--json',
  ]);
  assert.equal(r.code, 0, r.err);
  const res = JSON.parse(r.out) as { labels: string[]; dev: { accuracy: number } };
  assert.deepEqual(res.labels, ['0', '1']);
  const evj = JSON.parse((await cli(['eval', run, '--data', glue, '--header', '--json'])).out) as { records: number };
  assert.equal(evj.records, 80);
  const p = await cli(['predict', run, '--input', glue, '--header', '--text-column', 'sentence', '--quiet']);
  assert.equal(p.code, 0, p.err);
  const out = p.out.trim().split('\n');
  assert.equal(out.length, 80);
  assert.equal((JSON.parse(out[0]!) as { text: string }).text, rows[0]!.split('\t')[0]);
});

test('multi-label TSV with --label-separator: eval splits labels the way training did; without it, the error names the flag', async () => {
  const tsv = (n: number, seed: number) =>
    sentimentToy(n, seed)
      .map((r) => `${/acting|cast/.test(r.text) ? `${r.label},performers` : r.label}\t${r.text}`)
      .join('\n');
  const train = join(fx.root, 'ml-train.tsv');
  const dev = join(fx.root, 'ml-dev.tsv');
  writeFileSync(train, tsv(120, 4));
  writeFileSync(dev, tsv(40, 5));
  const run = join(fx.root, 'run-ml-tsv');
  const t = await cli([
    'train',
    '--train',
    train,
    '--encoder',
    fx.model,
    '--out',
    run,
    '--label-separator',
    ',',
    ...FLAGS,
  ]);
  assert.equal(t.code, 0, t.err);
  // The run records its separator, so eval needs no flag (the issue: it needed --label-separator again).
  const e = await cli(['eval', run, '--input', dev, '--json']);
  assert.equal(e.code, 0, e.err);
  const scores = JSON.parse(e.out) as { records: number; micro_f1?: number };
  assert.equal(scores.records, 40);
  assert.equal(typeof scores.micro_f1, 'number', 'scored as multi-label');
  // A run from before the separator was recorded: the error says the file is multi-label and names the flag,
  // instead of suggesting to skip the records.
  const cfgPath = join(run, 'config.json');
  const cfg = JSON.parse(readFileSync(cfgPath, 'utf8')) as { data: Record<string, string> };
  delete cfg.data.labelSeparator;
  writeFileSync(cfgPath, JSON.stringify(cfg));
  const old = await cli(['eval', run, '--input', dev]);
  assert.notEqual(old.code, 0);
  assert.match(
    old.err,
    /joins known labels with ',': the file is multi-label — give the separator \(--label-separator ','\)/,
  );
});
