// The main CLI path on a generated tiny BERT and toy data: `train` (frozen TextCNN, --json) → `eval` (report +
// confusion matrix, --json) → `predict` (plain lines and a TSV column, JSONL out) → `report` (HTML). Also: input
// files are never modified; a malformed line exits 1 naming file:line and leaves no run folder; unknown labels at
// eval time exit 1 listing them, or are skipped and counted with --unknown-label skip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, FAST, fixture, trainFixture } from './cli-helpers.ts';

const fx = await fixture('train-eval');
const run = join(fx.root, 'run');
const before = [readFileSync(fx.train), readFileSync(fx.dev)];

test('train: a frozen TextCNN run folder, with --json result', async () => {
  const r = await trainFixture(fx, run, ['--head', 'textcnn', '--mode', 'frozen', ...FAST, '--json']);
  assert.equal(r.code, 0, r.err);
  const res = JSON.parse(r.out) as {
    dev: { accuracy: number };
    parameters: number;
    labels: string[];
    epochs_run: number;
    task: string;
  };
  assert.equal(res.task, 'binary');
  assert.deepEqual(res.labels, ['negative', 'positive']);
  assert.equal(res.epochs_run, 6);
  assert.ok(res.dev.accuracy >= 0.85, `dev accuracy ${res.dev.accuracy}`);
  assert.equal(res.parameters, 32 * 16 * (3 + 4 + 5) + 3 * 16 + 3 * 16 + 1); // conv weights + biases + fc
  for (const f of ['config.json', 'labels.json', 'model.safetensors', 'metrics.json', 'log.jsonl', 'train.json'])
    assert.ok(existsSync(join(run, f)), f);
  assert.ok(!readdirSync(run).some((f) => f.includes('.tmp')), 'no temporary files left');
  const again = await cli(['train', '--train', fx.train, '--encoder', fx.model, '--out', run]);
  assert.equal(again.code, 2);
  assert.match(again.err, /already holds a run; use --resume/);
});

test('eval: classification report and confusion matrix; --json scores equal metrics.json', async () => {
  const r = await cli(['eval', run, '--data', fx.dev]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /precision\s+recall\s+f1-score\s+support/);
  assert.match(r.out, /^\s+negative\s+\d\.\d{4}/m);
  assert.match(r.out, /confusion matrix/);
  assert.match(r.out, /true \\ predicted\s+negative\s+positive/);
  const j = await cli(['eval', run, '--data', fx.dev, '--json']);
  const scores = JSON.parse(j.out) as { accuracy: number; records: number; confusion: number[][] };
  const saved = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as { dev: { accuracy: number } };
  assert.equal(scores.records, 60);
  assert.equal(scores.accuracy, saved.dev.accuracy);
  assert.equal(
    scores.confusion.flat().reduce((a, b) => a + b, 0),
    60,
  );
});

test('eval: unknown labels are listed (exit 1) or skipped with a count', async () => {
  const odd = join(fx.root, 'odd.tsv');
  writeFileSync(
    odd,
    'positive\tthe film was great\nneutral\tthe film was a film\nmixed\tgreat but boring\nneutral\tit exists\n',
  );
  const r = await cli(['eval', run, '--data', odd]);
  assert.equal(r.code, 1);
  assert.match(
    r.err,
    /odd\.tsv: 2 labels not in the model's label map: "neutral" \(2×, first at line 2\), "mixed" \(1×, first at line 3\)/,
  );
  const s = await cli(['eval', run, '--data', odd, '--unknown-label', 'skip']);
  assert.equal(s.code, 0, s.err);
  assert.match(s.err, /skipped 3 record\(s\) with labels the run does not know/);
  const j = JSON.parse((await cli(['eval', run, '--data', odd, '--unknown-label', 'skip', '--json'])).out) as Record<
    string,
    number
  >;
  assert.equal(j.skipped_unknown_label, 3);
  assert.equal(j.records, 1);
});

test('predict: JSONL with label and probabilities, in input order; empty lines skipped with a count', async () => {
  const input = join(fx.root, 'texts.txt');
  writeFileSync(input, 'the film was wonderful\n\nthe plot is truly awful\n   \n');
  const r = await cli(['predict', run, '--input', input]);
  assert.equal(r.code, 0, r.err);
  const lines = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { text: string; label: string; probabilities: Record<string, number> });
  assert.deepEqual(
    lines.map((l) => l.text),
    ['the film was wonderful', 'the plot is truly awful'],
  );
  assert.deepEqual(
    lines.map((l) => l.label),
    ['positive', 'negative'],
  );
  for (const l of lines) assert.ok(Math.abs(l.probabilities.negative! + l.probabilities.positive! - 1) < 1e-5);
  assert.match(r.err, /skipped 2 empty text\(s\)/);
  const tsv = await cli(['predict', run, '--input', fx.dev, '--threshold', '0.5']);
  assert.equal(tsv.code, 0, tsv.err);
  const rows = tsv.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { text: string });
  assert.equal(rows.length, 60);
  assert.equal(rows[0]!.text, readFileSync(fx.dev, 'utf8').split('\n')[0]!.split('\t')[1]); // the text column, not the label
  const bad = await cli(['predict', run, '--input', input, '--threshold', '2']);
  assert.equal(bad.code, 2);
});

test('report: a self-contained HTML file with curves, heat map and per-class table', async () => {
  const out = join(fx.root, 'report.html');
  const r = await cli(['report', run, '--out', out]);
  assert.equal(r.code, 0, r.err);
  const html = readFileSync(out, 'utf8');
  assert.equal((html.match(/<svg /g) ?? []).length, 3); // loss, dev metrics, confusion
  assert.match(html, /Evaluation \(dev\)/);
  assert.match(html, /<td>positive<\/td>/);
  assert.ok(!/src="http|href="http/.test(html));
  assert.ok(!readdirSync(fx.root).some((f) => f.includes('.tmp')));
  const def = await cli(['report', run, '--quiet']);
  assert.equal(def.code, 0, def.err);
  assert.ok(existsSync(join(run, 'report.html')));
});

test('bad data: a malformed line exits 1 naming file:line, and no run folder is left', async () => {
  const bad = join(fx.root, 'bad.tsv');
  writeFileSync(bad, 'positive\tthe film was great\nnegative\tthe plot was dull\nthis line has no tab\n');
  const out = join(fx.root, 'run-bad');
  const r = await cli(['train', '--train', bad, '--encoder', fx.model, '--out', out, '--quiet']);
  assert.equal(r.code, 1);
  assert.match(r.err, /bad\.tsv:3: missing column.*"this line has no tab"/);
  assert.ok(!existsSync(out));
  assert.deepEqual([readFileSync(fx.train), readFileSync(fx.dev)], before, 'inputs are never modified');
});

test('--cache DIR: train fills the persistent feature cache, eval and predict read it back', async () => {
  const cache = join(fx.root, 'cache');
  const out = join(fx.root, 'run-cached');
  const r = await trainFixture(fx, out, [...FAST, '--cache', cache, '--json']);
  assert.equal(r.code, 0, r.err);
  const acc = (JSON.parse(r.out) as { dev: { accuracy: number } }).dev.accuracy;
  const spaces = readdirSync(cache);
  assert.equal(spaces.length, 1, 'one cache space (encoder + feature options)');
  assert.equal((JSON.parse(readFileSync(join(out, 'train.json'), 'utf8')) as { cache: string }).cache, cache);
  const ev = await cli(['eval', out, '--data', fx.dev, '--cache', cache, '--json']);
  assert.equal(ev.code, 0, ev.err);
  assert.equal((JSON.parse(ev.out) as { accuracy: number }).accuracy, acc);
  const p = await cli(['predict', out, '--input', fx.dev, '--cache', cache, '--quiet']);
  assert.equal(p.code, 0, p.err);
  assert.equal(p.out.trim().split('\n').length, 60);
});
