// `bertcnn train --window-stride N` (frozen mode): the summary and metrics.json count the windowed texts, eval and
// predict on the run reproduce training's scores and the windowed features, a truncating run sharing the --cache
// folder keeps its truncated features, and the commands or settings that cannot window refuse with exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFeatureCaches } from '../../src/features/feature-cache.ts';
import { predictWithRun } from '../../src/tasks/classification/inference.ts';
import { MAX_LENGTH, STRIDE, writeWindowToy } from '../features/window-data.ts';
import { cli, fixture, trainTiny } from './cli-helpers.ts';

const fx = await fixture('window', { train: 8, dev: 8 });
writeWindowToy(fx.train, 48, 1);
writeWindowToy(fx.dev, 16, 2);
const testFile = join(fx.root, 'test.tsv');
const testTexts = writeWindowToy(testFile, 12, 3);
const WINDOW = ['--max-length', String(MAX_LENGTH), '--window-stride', String(STRIDE), '--kernel-sizes', '2,3'];
const cache = join(fx.root, 'cache');
const metricsOf = (run: string) =>
  JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as Record<string, Record<string, unknown>>;

test('train --window-stride: the summary and metrics.json count windowed texts; eval and predict reproduce the run', async () => {
  const run = join(fx.root, 'run');
  const r = await cli([
    'train',
    '--train',
    fx.train,
    '--dev',
    fx.dev,
    '--test',
    testFile,
    '--encoder',
    fx.model,
    '--out',
    run,
    '--epochs',
    '2',
    '--batch-size',
    '16',
    '--filters',
    '8',
    ...WINDOW,
  ]);
  assert.equal(r.code, 0, r.err);
  const long = metricsOf(run).long_texts!;
  assert.equal(long.window_stride, STRIDE);
  assert.equal(long.texts, 48 + 16 + 12);
  assert.ok(
    (long.windowed as number) > 0 && (long.windows as number) > (long.windowed as number),
    JSON.stringify(long),
  );
  assert.match(
    r.out,
    new RegExp(
      `${long.windowed} of 76 texts longer than ${MAX_LENGTH} tokens: windowed into ${long.windows} windows \\(stride ${STRIDE}\\)`,
    ),
  );
  assert.equal(JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')).encoder.windowStride, STRIDE);

  const ev = await cli(['eval', run, '--data', fx.dev, '--json', '--quiet']);
  assert.equal(ev.code, 0, ev.err);
  const dev = metricsOf(run).dev!;
  const scores = JSON.parse(ev.out) as Record<string, unknown>;
  for (const k of ['accuracy', 'macro_f1']) assert.equal(scores[k], dev[k], k);

  const p = await cli(['predict', run, '--input', testFile, '--format', 'tsv', '--quiet']);
  assert.equal(p.code, 0, p.err);
  const lines = p.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { probabilities: Record<string, number> });
  const lib = await predictWithRun(run, testTexts);
  const C = lib.task.labels.length;
  lines.forEach((l, i) =>
    lib.task.labels.forEach((lab, c) =>
      assert.ok(
        Math.abs(l.probabilities[lab]! - lib.predictions.probabilities[i * C + c]!) <= 1e-5,
        `text ${i} ${lab}`,
      ),
    ),
  );
});

test('--cache: windowed and truncating runs share the folder in separate spaces; eval --cache reproduces training', async () => {
  const run = join(fx.root, 'run-cached');
  assert.equal((await trainTiny(fx, run, [...WINDOW, '--cache', cache])).code, 0);
  const plain = join(fx.root, 'run-cached-plain');
  assert.equal(
    (await trainTiny(fx, plain, ['--max-length', String(MAX_LENGTH), '--kernel-sizes', '2,3', '--cache', cache])).code,
    0,
  );
  assert.deepEqual(
    listFeatureCaches(cache)
      .map((s) => s.windowStride)
      .sort(),
    [STRIDE, undefined],
  );
  const [w, t] = [metricsOf(run).long_texts!, metricsOf(plain).long_texts!];
  assert.equal(t.truncated, w.windowed, 'the truncating run counts the same long texts as truncated');
  assert.equal(t.windowed, undefined);
  const ev = await cli(['eval', run, '--data', fx.dev, '--cache', cache, '--json', '--quiet']);
  assert.equal(ev.code, 0, ev.err);
  const scores = JSON.parse(ev.out) as Record<string, unknown>;
  for (const k of ['accuracy', 'macro_f1']) assert.equal(scores[k], metricsOf(run).dev![k], k);
});

test('settings and commands that cannot window refuse with exit 2, naming --window-stride', async () => {
  const out = join(fx.root, 'refused');
  for (const extra of [
    ['--mode', 'finetune', '--head', 'linear'],
    ['--head', 'cnn-alone'],
    ['--task', 'ner'],
  ]) {
    const r = await trainTiny(fx, out, [...WINDOW, ...extra]);
    assert.equal(r.code, 2, `${extra.join(' ')}: ${r.err}`);
    assert.match(r.err, /--window-stride/, extra.join(' '));
  }
  const far = await trainTiny(fx, out, ['--max-length', '12', '--window-stride', '10']);
  assert.equal(far.code, 2);
  assert.match(
    far.err,
    /--window-stride must be an integer in 0\.\.9 \(windows of --max-length 12 hold at most 10 text tokens\), got 10/,
  );
  const cmp = await cli(['compare', '--train', fx.train, '--encoder', fx.model, ...WINDOW, '--quiet']);
  assert.equal(cmp.code, 2);
  assert.match(cmp.err, /--window-stride is not supported by bertcnn compare/);
  const ex = await cli(['export', join(fx.root, 'run'), '--out', join(fx.root, 'export'), '--quiet']);
  assert.equal(ex.code, 2, ex.err);
  assert.match(ex.err, /trained with --window-stride 3: one ONNX graph cannot window/);
});
