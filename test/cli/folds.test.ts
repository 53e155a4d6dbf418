// `bertcnn train --folds K`: K runs in <out>/fold-i. Fold i is the test split — no example of it is trained on or
// picks the epoch; each fold's best epoch is chosen on a dev part carved from the other folds (10%). cv.json names
// every figure by what it is: "dev" (the selection score) and "test" (the held-out fold), each the mean and
// population std over the folds, and stdout quotes test first. With a test file, fold i is dev instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixture, TINY_BUDGET } from './cli-helpers.ts';

const fx = await fixture('folds', { train: 120 });
const FLAGS = [...TINY_BUDGET, '--schedule', 'constant', '--seed', '3'];

interface Split {
  mean: Record<string, number>;
  std: Record<string, number>;
}
interface Cv {
  folds: number;
  metric: string;
  protocol: string;
  dev: Split;
  test: Split | null;
  per_fold: { fold: number; dev: Record<string, number>; test?: Record<string, number>; best_epoch: number }[];
}

const total = (m: { confusion: number[][] }) => m.confusion.flat().reduce((a, b) => a + b, 0);
const meanStdOf = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, std: Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length) };
};

test('--folds 3: fold i is test, dev is carved from the other folds; cv.json has dev and test mean ± std', async () => {
  const out = join(fx.root, 'cv');
  const r = await cli(['train', '--train', fx.train, '--encoder', fx.model, '--out', out, '--folds', '3', ...FLAGS]);
  assert.equal(r.code, 0, r.err);
  for (const i of [1, 2, 3]) assert.ok(existsSync(join(out, `fold-${i}`, 'metrics.json')), `fold-${i}`);
  const cv = JSON.parse(readFileSync(join(out, 'cv.json'), 'utf8')) as Cv;
  assert.equal(cv.folds, 3);
  assert.equal(cv.metric, 'accuracy');
  assert.match(cv.protocol, /fold i is test .*10% of the other folds/);
  assert.equal(cv.per_fold.length, 3);
  assert.ok(!('mean' in cv) && !('test_mean' in cv), 'no unnamed top-level figures');
  for (const split of ['dev', 'test'] as const) {
    const { mean, std } = meanStdOf(cv.per_fold.map((f) => f[split]!.accuracy!));
    assert.ok(Math.abs(cv[split]!.mean.accuracy! - mean) < 1e-12, split);
    assert.ok(Math.abs(cv[split]!.std.accuracy! - std) < 1e-12, split);
  }
  const t = cv.test!;
  assert.ok(
    r.out.includes(`test accuracy ${t.mean.accuracy!.toFixed(4)} ± ${t.std.accuracy!.toFixed(4)}; dev accuracy`),
    r.out,
  );
  // 120 records: each test fold is 40 (the folds' test parts cover the file once), dev is 8 of the other 80
  // (10%), and training sees the remaining 72 — the stderr lines say so.
  const metrics = cv.per_fold.map(
    (f) =>
      JSON.parse(readFileSync(join(out, `fold-${f.fold}`, 'metrics.json'), 'utf8')) as {
        dev: { confusion: number[][] };
        test: { confusion: number[][] };
      },
  );
  assert.deepEqual(
    metrics.map((m) => [total(m.test), total(m.dev)]),
    [
      [40, 8],
      [40, 8],
      [40, 8],
    ],
  );
  assert.match(r.err, /train\.tsv \(training part of its 120 records\): 72 examples/);
  assert.match(r.err, /train\.tsv \(fold 1 of 3 held out as test\): 40 examples/);
  const cfg = JSON.parse(readFileSync(join(out, 'fold-2', 'config.json'), 'utf8')) as { data: Record<string, string> };
  assert.equal(cfg.data.fold, '2/3');
});

test('--folds --resume reads finished folds back; --json prints the cross-validation result', async () => {
  const out = join(fx.root, 'cv');
  const r = await cli(['train', '--out', out, '--resume', '--json']);
  assert.equal(r.code, 0, r.err);
  const cv = JSON.parse(r.out) as Cv;
  const saved = JSON.parse(readFileSync(join(out, 'cv.json'), 'utf8')) as Cv;
  assert.deepEqual(cv.dev, saved.dev);
  assert.deepEqual(cv.test, saved.test);
  assert.equal(cv.per_fold.length, 3);
});

test('--folds 2 with a test file: fold i is dev and the test file is scored in every fold', async () => {
  const out = join(fx.root, 'cv-test-file');
  const r = await cli([
    'train',
    '--train',
    fx.train,
    '--test',
    fx.dev,
    '--encoder',
    fx.model,
    '--out',
    out,
    '--folds',
    '2',
    ...FLAGS,
  ]);
  assert.equal(r.code, 0, r.err);
  const cv = JSON.parse(readFileSync(join(out, 'cv.json'), 'utf8')) as Cv;
  assert.match(cv.protocol, /fold i is dev .*test file is scored/);
  const m = JSON.parse(readFileSync(join(out, 'fold-1', 'metrics.json'), 'utf8')) as {
    dev: { confusion: number[][] };
    test: { confusion: number[][] };
  };
  assert.deepEqual([total(m.dev), total(m.test)], [60, 60]);
});
