// `bertcnn train --folds K`: K runs in <out>/fold-i, each with its own held-out fold as dev; cv.json holds the
// per-fold dev scores and their mean and (population) std, which stdout also reports as mean ± std.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixture, TINY_BUDGET } from './cli-helpers.ts';

const fx = await fixture('folds', { train: 120 });
const FLAGS = [...TINY_BUDGET, '--schedule', 'constant', '--seed', '3'];

interface Cv {
  folds: number;
  metric: string;
  mean: Record<string, number>;
  std: Record<string, number>;
  per_fold: { fold: number; dev: Record<string, number>; best_epoch: number }[];
}

test('--folds 3: three fold runs, cv.json with mean and std of the dev metrics, mean ± std on stdout', async () => {
  const out = join(fx.root, 'cv');
  const r = await cli(['train', '--train', fx.train, '--encoder', fx.model, '--out', out, '--folds', '3', ...FLAGS]);
  assert.equal(r.code, 0, r.err);
  for (const i of [1, 2, 3]) assert.ok(existsSync(join(out, `fold-${i}`, 'metrics.json')), `fold-${i}`);
  const cv = JSON.parse(readFileSync(join(out, 'cv.json'), 'utf8')) as Cv;
  assert.equal(cv.folds, 3);
  assert.equal(cv.metric, 'accuracy');
  assert.equal(cv.per_fold.length, 3);
  const accs = cv.per_fold.map((f) => f.dev.accuracy!);
  const mean = accs.reduce((a, b) => a + b, 0) / 3;
  const std = Math.sqrt(accs.reduce((a, x) => a + (x - mean) ** 2, 0) / 3);
  assert.ok(Math.abs(cv.mean.accuracy! - mean) < 1e-12);
  assert.ok(Math.abs(cv.std.accuracy! - std) < 1e-12);
  assert.ok(typeof cv.mean.macro_f1 === 'number' && typeof cv.std.macro_f1 === 'number');
  assert.ok(r.out.includes(`dev accuracy: ${mean.toFixed(4)} ± ${std.toFixed(4)}`), r.out);
  // Each fold's dev part is a third of the data, and the folds' dev parts cover it exactly once.
  const devSizes = cv.per_fold.map(
    (f) =>
      JSON.parse(readFileSync(join(out, `fold-${f.fold}`, 'metrics.json'), 'utf8')) as {
        dev: { confusion: number[][] };
      },
  );
  assert.deepEqual(
    devSizes.map((m) => m.dev.confusion.flat().reduce((a, b) => a + b, 0)),
    [40, 40, 40],
  );
  const cfg = JSON.parse(readFileSync(join(out, 'fold-2', 'config.json'), 'utf8')) as { data: Record<string, string> };
  assert.equal(cfg.data.fold, '2/3');
});

test('--folds --resume reads finished folds back; --json prints the cross-validation result', async () => {
  const out = join(fx.root, 'cv');
  const r = await cli(['train', '--out', out, '--resume', '--json']);
  assert.equal(r.code, 0, r.err);
  const cv = JSON.parse(r.out) as Cv;
  const saved = JSON.parse(readFileSync(join(out, 'cv.json'), 'utf8')) as Cv;
  assert.deepEqual(cv.mean, saved.mean);
  assert.equal(cv.per_fold.length, 3);
});
